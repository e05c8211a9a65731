/**
 * `rmlens worker`: takes engine calls from the job queue and runs them in this machine's engine
 * worker pool (`concurrency` threads, one single-threaded session each, as `rmlens serve` runs
 * them on one machine). For each call: claim its row, open its models from the model store by
 * content hash, run, write the result (or the error) to the row. Progress goes to the row, where
 * every server reads it.
 *
 * Failures: an RmlensError (bad input, a model whose bytes are not the hash named) is the call's
 * answer and is not retried; anything else (onnxruntime, a lost connection) fails the queue's job,
 * which pg-boss retries until its retries are spent, and only then is the call marked FAILED. A
 * worker killed mid-call leaves its job active; pg-boss expires it and another worker claims it.
 */
import { hostname } from 'node:os';
import { deserialize, serialize } from 'node:v8';
import type { EngineCallStore } from '../db/engineCallStore.ts';
import { openStore, type ResultStore } from '../db/store.ts';
import type { Device } from '../engine/types.ts';
import { EngineWorkerPool } from '../engine/workerPool.ts';
import { serializeError, type EngineJob } from '../engine/workerProtocol.ts';
import { ConfigError } from '../errors.ts';
import type { QueueConfig } from '../config.ts';
import { PROGRESS_WRITES_PER_SECOND } from '../jobs/jobRunner.ts';
import { EngineQueue } from './engineQueue.ts';
import { ModelStore } from './modelStore.ts';
import { withModelPaths } from './queuedEngine.ts';

export interface QueueWorkerSettings {
  /** The results store (PostgreSQL URL): where the calls' rows are. */
  db: string;
  queue: QueueConfig;
  /** Calls run at once, one engine thread each. */
  concurrency: number;
  /** The model store folder (RMLENS_MODEL_STORE). */
  modelStore: string;
  device: Device;
  log: (line: string) => void;
}

export interface RunningQueueWorker {
  /** `host:pid`, as the calls' rows name it. */
  name: string;
  /** Stops taking calls, waits up to `graceMs` for those in hand (the rest are retried elsewhere), closes everything. */
  stop(graceMs?: number): Promise<void>;
}

/** Connects to the store and the queue, starts the engine threads, and takes calls until stopped. */
export async function startQueueWorker(settings: QueueWorkerSettings): Promise<RunningQueueWorker> {
  const store: ResultStore = await openStore(settings.db);
  const calls = store.engineCalls;
  if (!calls) {
    await store.close();
    throw new ConfigError(['RMLENS_DB: rmlens worker needs the shared PostgreSQL results store (a postgres:// URL, or --db)']);
  }
  let queue: EngineQueue;
  try {
    queue = await EngineQueue.open(settings.queue, settings.log);
  } catch (error) {
    await store.close();
    throw error;
  }
  const pool = new EngineWorkerPool({ size: settings.concurrency, device: settings.device });
  const models = new ModelStore(settings.modelStore);
  const name = `${hostname()}:${process.pid}`;
  await queue.work(settings.concurrency, (job, retriesLeft) => runCall(calls, pool, models, name, job.call, job.generation, retriesLeft, settings.log));
  settings.log(`rmlens worker ${name}: taking engine calls (${settings.concurrency} at a time, models from ${models.dir})`);
  let stopped: Promise<void> | undefined;
  return {
    name,
    stop: (graceMs = 30_000) => (stopped ??= (async () => {
      await queue.close(graceMs);
      await pool.close();
      await store.close();
    })()),
  };
}

async function runCall(
  calls: EngineCallStore, pool: EngineWorkerPool, models: ModelStore, name: string,
  id: string, generation: number, retriesLeft: number, log: (line: string) => void,
): Promise<void> {
  const claimed = await calls.claim(id, name);
  // Ended already: a duplicate delivery, or a retry of a call another worker finished.
  if (!claimed) return;
  const started = Date.now();
  const hashes: string[] = [];
  const job = withModelPaths(deserialize(claimed.request) as EngineJob, (sha256) => {
    hashes.push(sha256);
    return models.pathOf(sha256);
  });
  let lastWrite = 0;
  const onProgress = (done: number, total: number) => {
    const now = Date.now();
    if (total <= 0 || now - lastWrite < 1000 / PROGRESS_WRITES_PER_SECOND) return;
    lastWrite = now;
    calls.progress(id, name, done / total).catch((error: unknown) => log(`rmlens worker: call ${id.slice(0, 12)}: progress not stored: ${String(error)}`));
  };
  try {
    for (const hash of hashes) await models.verified(hash);
    const result = await pool.run(job, onProgress);
    await calls.done(id, serialize(result));
    log(`rmlens worker ${name}: ${claimed.kind} ${id.slice(0, 12)} done in ${Date.now() - started} ms (try ${claimed.attempts})`);
  } catch (error) {
    const { code, message } = serializeError(error);
    log(`rmlens worker ${name}: ${claimed.kind} ${id.slice(0, 12)} failed (try ${claimed.attempts}): ${message}`);
    // A user-facing error is the answer; any other is worth retrying while the queue allows.
    if (code || retriesLeft <= 0) await calls.fail(id, generation, code ?? null, message);
    if (!code) throw error;
  }
}
