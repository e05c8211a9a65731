/**
 * The body of one engine worker thread (started by workerPool.ts through engineWorker.mjs).
 * It runs one job at a time — the pool sends a job only to an idle worker — and keeps every
 * model it opened by file path, so a model is read, probed and given sessions once per worker.
 *
 * Sessions use one intra-op thread: measured on the 2-core hosts (../shared/docs/onnx-notes.md, "Worker
 * threads"), two single-threaded sessions in two workers finish twice the work of one, and a
 * session asking for 2 threads per worker would only make the workers fight over the cores.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ModelChangedError } from '../errors.ts';
import type { PreferencePair } from '../data/types.ts';
import { sha256 } from '../util/hash.ts';
import { RewardModel } from './rewardModel.ts';
import { serializeError, transferList, type EngineJob, type EngineWorkerSettings, type FromWorker, type LoadedModelInfo, type ModelRef, type ToWorker } from './workerProtocol.ts';

if (!parentPort) throw new Error('engineWorker.ts runs only as a worker thread (see workerPool.ts)');
const port = parentPort;
const settings = workerData as EngineWorkerSettings;
const modelOptions = { device: settings.device, threads: 1, batchSize: settings.batchSize };

/** The models this worker opened, by path; each is the latest content this worker read from its file. */
const models = new Map<string, RewardModel>();

function post(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

/** Reads the file afresh (a load means "the file as it is now"); the model it replaces is closed. */
async function load(path: string): Promise<RewardModel> {
  const model = await RewardModel.load(path, modelOptions);
  const previous = models.get(path);
  models.set(path, model);
  await previous?.close();
  return model;
}

/**
 * The model with the content the caller loaded. Another worker may have served the load, or the
 * file may have been replaced since this worker read it: then the file is read again, and if it
 * no longer holds that content the job fails with ModelChangedError, as the registry does, so a
 * result is never computed from other bytes than those its cache key names.
 */
async function open(ref: ModelRef): Promise<RewardModel> {
  const cached = models.get(ref.path);
  const model = cached?.sha256 === ref.sha256 ? cached : await load(ref.path);
  if (model.sha256 !== ref.sha256) {
    throw new ModelChangedError(`model file ${ref.path} changed (sha256 ${model.sha256}, loaded as ${ref.sha256}); retry`);
  }
  return model;
}

/** Parts whose arrays are remembered by content (as many as the engine keeps tokenized). */
const REMEMBERED_PARTS = 4;
const rememberedParts: { key: string; pairs: readonly PreferencePair[] }[] = [];

/**
 * The array this worker first saw with the same pairs. Every job arrives as a copy (a structured
 * clone, or decoded from the job queue), while the engine keeps a part's tokenized batches by
 * array (batches.ts): without this, every call on a held-out part would tokenize it again.
 */
function remembered(pairs: readonly PreferencePair[]): readonly PreferencePair[] {
  const key = sha256(JSON.stringify(pairs));
  const at = rememberedParts.findIndex((p) => p.key === key);
  const hit = at >= 0 ? rememberedParts.splice(at, 1)[0] : { key, pairs };
  rememberedParts.unshift(hit);
  rememberedParts.length = Math.min(rememberedParts.length, REMEMBERED_PARTS);
  return hit.pairs;
}

async function run(id: number, job: EngineJob): Promise<unknown> {
  const onProgress = (done: number, total: number) => post({ type: 'progress', id, done, total });
  if ('pairs' in job) job = { ...job, pairs: remembered(job.pairs) };
  switch (job.kind) {
    case 'load': {
      const model = await load(job.path);
      if (job.sha256 !== undefined && model.sha256 !== job.sha256) {
        throw new ModelChangedError(`model file ${job.path} has sha256 ${model.sha256}, not the ${job.sha256} asked for`);
      }
      const info: LoadedModelInfo = { sha256: model.sha256, sites: model.sites, neuronCount: model.neuronCount, metadata: model.metadata };
      return info;
    }
    case 'rewards':
      return (await open(job.model)).rewards(job.pairs, { onProgress });
    case 'neuronStats': {
      const model = await open(job.model);
      const base = job.base ? await open(job.base) : undefined;
      return model.neuronStats(job.pairs, { base, onProgress });
    }
    case 'ablatedRewards':
      return (await open(job.model)).ablatedRewards(job.pairs, job.conditions, { onProgress });
    case 'ablatedBatches':
      return (await open(job.model)).ablatedRewardsOfBatches(job.pairCount, job.batches, job.conditions, { onProgress });
    case 'correlation': {
      const model = await open(job.model);
      return model.correlation(await open(job.other), job.pairs, { onProgress });
    }
    case 'marginCorrelation':
      return (await open(job.model)).marginCorrelation(job.pairs, { onProgress });
    case 'neuronExamples':
      return (await open(job.model)).neuronExamples(job.pairs, { k: job.k, onProgress });
    case 'tokenActivations':
      return (await open(job.model)).tokenActivations(job.texts, job.neurons);
  }
}

/** Releases every session, then lets the thread end (its port closed, nothing else keeps it alive). */
async function closeAll(): Promise<void> {
  try {
    for (const model of models.values()) await model.close();
    models.clear();
  } finally {
    port.close();
  }
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'close') {
    void closeAll();
    return;
  }
  const { id, job } = message;
  run(id, job).then(
    (value) => post({ type: 'done', id, value }, transferList(value)),
    (error: unknown) => post({ type: 'failed', id, error: serializeError(error) }),
  );
});

post({ type: 'ready' });
