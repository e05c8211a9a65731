/**
 * The server's side of the job queue: an EngineRunner (like the in-process worker pool) whose
 * engine jobs run on `rmlens worker` processes anywhere. The analysis above it is unchanged: its
 * model proxies (`workerModelLoader(queuedEngine)`) hand every ONNX call here, the analysis' own
 * read-through cache stores what comes back, so the results table fills exactly as on one machine.
 *
 * An engine call is identified by the content hash of what it computes (the job with every model
 * named by its sha256, the pairs, the conditions): the same question from any server is the same
 * row of `engine_calls` and one computation, and an answered call is read back, never recomputed.
 * A large ablation call is cut into calls of at most `conditionsPerCall` conditions, so several
 * workers share it; each condition's rewards do not depend on the others in its call
 * (test/engine-ablation.test.ts), so the cut changes no number.
 */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { deserialize, serialize } from 'node:v8';
import type { EngineCallStatus, EngineCallStore } from '../db/engineCallStore.ts';
import type { EngineJob, EngineJobResult, EngineRunner, ModelRef } from '../engine/workerProtocol.ts';
import { reviveError, type EngineErrorCode } from '../engine/workerProtocol.ts';
import type { OnProgress } from '../engine/types.ts';
import { ComputeFailedError } from '../errors.ts';
import type { EngineQueue } from './engineQueue.ts';
import type { ModelStore } from './modelStore.ts';

/** Bumped when the travelling form of a call changes: a call id never names two different requests. */
const CALL_FORMAT = 1;

/** How often a waiting server reads its call's row: first quickly (short calls), then every POLL_MAX_MS. */
const POLL_MIN_MS = 25;
const POLL_MAX_MS = 250;
/** How often a waiting server also asks the queue about the call (a sender that died, retries spent). */
const QUEUE_CHECK_MS = 2_000;

export interface QueuedEngineOptions {
  queue: EngineQueue;
  calls: EngineCallStore;
  models: ModelStore;
  /** sha256 of a model file (the store remembers it by path, size and mtime). */
  fileSha256(path: string): Promise<string>;
  /** Largest number of ablation conditions in one call (RMLENS_QUEUE_CONDITIONS). */
  conditionsPerCall: number;
}

/**
 * The job as it travels: every model by content only (paths emptied; a worker fills in its model
 * store's path for each sha256, see `withModelPaths`).
 */
export function withModelPaths(job: EngineJob, pathOf: (sha256: string) => string): EngineJob {
  const ref = (r: ModelRef): ModelRef => ({ path: pathOf(r.sha256), sha256: r.sha256 });
  switch (job.kind) {
    case 'load':
      if (job.sha256 === undefined) throw new Error('a queued load names its model by sha256');
      return { kind: 'load', path: pathOf(job.sha256), sha256: job.sha256 };
    case 'neuronStats':
      return { ...job, model: ref(job.model), base: job.base && ref(job.base) };
    case 'correlation':
      return { ...job, model: ref(job.model), other: ref(job.other) };
    default:
      return { ...job, model: ref(job.model) };
  }
}

/** The content id of a call in its travelling form. */
export function engineCallId(request: Buffer): string {
  return createHash('sha256').update(`rmlens-engine-call:${CALL_FORMAT}:`).update(request).digest('hex');
}

export class QueuedEngine implements EngineRunner {
  /** Models known to be in the model store already (by sha256): each is put once per process. */
  private readonly stored = new Map<string, Promise<string>>();

  constructor(private readonly options: QueuedEngineOptions) {}

  async run<J extends EngineJob>(job: J, onProgress?: OnProgress): Promise<EngineJobResult<J>> {
    const limit = this.options.conditionsPerCall;
    if (job.kind !== 'ablatedRewards' || job.conditions.length <= limit) return this.call(job, onProgress) as Promise<EngineJobResult<J>>;
    // Progress of the parts, summed: each reports its own fraction of the pairs.
    const parts = Math.ceil(job.conditions.length / limit);
    const fractions = new Array<number>(parts).fill(0);
    const results = await Promise.all(Array.from({ length: parts }, (_, i) =>
      this.call({ ...job, conditions: job.conditions.slice(i * limit, (i + 1) * limit) }, onProgress && ((done, total) => {
        fractions[i] = total > 0 ? done / total : 0;
        onProgress(Math.round((fractions.reduce((a, b) => a + b, 0) / parts) * 1000), 1000);
      }))));
    return results.flat() as EngineJobResult<J>;
  }

  /** Sends one call (or joins it, or reads its stored answer) and waits for its result. */
  private async call(job: EngineJob, onProgress?: OnProgress): Promise<unknown> {
    const travelling = withModelPaths(await this.byContent(job), () => '');
    const request = serialize(travelling);
    const id = engineCallId(request);
    const { status, queued } = await this.options.calls.submit(id, job.kind, request);
    if (queued) await this.options.queue.send({ call: id, generation: status.generation });
    return this.wait(status, onProgress);
  }

  /** The job with every model put in the model store, and a load naming its file's content. */
  private async byContent(job: EngineJob): Promise<EngineJob> {
    if (job.kind !== 'load') {
      const refs = [job.model, 'base' in job ? job.base : null, 'other' in job ? job.other : null];
      for (const ref of refs) if (ref) await this.put(ref.path, ref.sha256);
      return job;
    }
    const sha256 = await this.options.fileSha256(job.path);
    await this.put(job.path, sha256);
    return { kind: 'load', path: job.path, sha256 };
  }

  private put(path: string, sha256: string): Promise<string> {
    let put = this.stored.get(sha256);
    if (!put) {
      put = this.options.models.put(path, sha256);
      put.catch(() => this.stored.delete(sha256));
      this.stored.set(sha256, put);
    }
    return put;
  }

  /**
   * Polls the call's row until it is DONE (the result) or FAILED (the error, with its code as the
   * worker threw it). Every QUEUE_CHECK_MS it also asks the queue: a job that is missing (its
   * sender died before sending) is sent again; a job the queue gave up on (retries spent, also
   * after expiries) fails the call, so no waiter waits forever.
   */
  private async wait(initial: EngineCallStatus, onProgress?: OnProgress): Promise<unknown> {
    const { calls, queue } = this.options;
    let status: EngineCallStatus | undefined = initial;
    let delay = POLL_MIN_MS;
    let lastQueueCheck = Date.now();
    let reported = -1;
    for (;;) {
      if (!status) throw new ComputeFailedError(`engine call ${initial.id} disappeared from the store`);
      if (status.state === 'DONE') return deserialize(status.result!);
      if (status.state === 'FAILED') {
        throw reviveError({ name: 'Error', message: status.errorMessage ?? 'the engine call failed', stack: undefined, code: (status.errorCode ?? undefined) as EngineErrorCode | undefined });
      }
      if (onProgress && status.progress !== reported) {
        reported = status.progress;
        onProgress(Math.round(status.progress * 1000), 1000);
      }
      if (Date.now() - lastQueueCheck >= QUEUE_CHECK_MS) {
        lastQueueCheck = Date.now();
        const job = { call: status.id, generation: status.generation };
        const state = await queue.state(job);
        if (state === 'missing') await queue.send(job);
        else if (state === 'failed') await calls.fail(status.id, status.generation, null, `engine call failed on every try (${status.attempts} started); see the workers' logs`);
      }
      await sleep(delay);
      delay = Math.min(POLL_MAX_MS, delay * 2);
      status = await calls.get(initial.id);
    }
  }
}
