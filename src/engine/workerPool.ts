/**
 * Engine work off the request thread. onnxruntime-node's `session.run()` is one synchronous
 * native call: on the main thread it blocks every HTTP request for the whole run (a 5 ms timer
 * was up to 20 ms late per run; ../shared/docs/onnx-notes.md, "Worker threads"). Here models run in a
 * fixed pool of worker threads, and `workerModelLoader(pool)` hands the analysis proxies that
 * look like any other engine model (the `EngineModel` of src/analysis/modelRegistry.ts).
 *
 * Why `node:worker_threads` and not piscina (5.3.2 was tried: it runs a tsx-registering .mjs
 * entry on Node 20 fine): everything this pool needs beyond a queue would be an adapter over
 * piscina anyway — a MessageChannel per task for progress, wrapper objects to transfer the
 * typed arrays of a result, our own error encoding (its errors arrive without `code`) — and
 * its autoscaling defaults (idle workers terminated) would throw away the sessions each worker
 * keeps warm. What is left, a FIFO queue and replacing a crashed worker, is the code below.
 *
 * Lifetime: an idle worker is unref'd (a CLI that forgot `close()` still exits), a worker with
 * a job is ref'd until the job answers, so the process never exits mid-work. Sessions a worker
 * opened are freed when the pool closes (or when the same path is loaded with new content);
 * closing a proxy only stops that proxy. The pool never calls `worker.terminate()`: measured,
 * terminating a worker inside `session.run` aborts the whole process (onnxruntime-node throws
 * a Napi::Error during teardown), so `close()` lets running jobs finish and each worker end itself.
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PreferencePair } from '../data/types.ts';
import type { AblationCondition, CorrelationStats, Device, MarginCorrelation, NeuronExamples, NeuronSite, NeuronStats, OnProgress, PairRewards, TextInput, TokenActivations } from './types.ts';
import {
  reviveError,
  type EngineJob,
  type EngineJobResult,
  type EngineRunner,
  type EngineWorkerSettings,
  type FromWorker,
  type LoadedModelInfo,
  type ModelRef,
  type ToWorker,
} from './workerProtocol.ts';
import { workerEntry } from '../util/workerEntry.ts';

/** How a pool is started. */
export interface EngineWorkerPoolOptions {
  /** Worker threads (default min(2, availableParallelism())): one single-threaded session runs per worker at a time. */
  size?: number;
  /** Where onnxruntime runs in every worker (default cpu). */
  device?: Device;
  /** Pairs per batch (default the engine's). */
  batchSize?: number;
}

interface PendingJob {
  id: number;
  job: EngineJob;
  onProgress: OnProgress | undefined;
  /** A throw from onProgress: the job still runs to its end in the worker, then rejects with it. */
  progressError?: unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface Slot {
  worker: Worker;
  job: PendingJob | null;
  /** Set when the worker's modules loaded; a worker that dies before that is not replaced. */
  ready: boolean;
  /** The uncaught error the worker died of, if any ('error' comes before 'exit'). */
  crash: Error | null;
}

/** A fixed set of engine worker threads with a FIFO queue of jobs; one job per worker at a time. */
export class EngineWorkerPool implements EngineRunner {
  /** Number of worker threads. */
  readonly size: number;
  private readonly settings: EngineWorkerSettings;
  private readonly slots = new Set<Slot>();
  private readonly queue: PendingJob[] = [];
  private nextId = 1;
  private closing: Promise<void> | null = null;
  /** Why the last worker died at start-up: the answer to every job once no worker is left. */
  private startupError: Error | null = null;

  constructor(options: EngineWorkerPoolOptions = {}) {
    this.size = options.size ?? Math.min(2, availableParallelism());
    if (!Number.isInteger(this.size) || this.size < 1) throw new Error(`pool size must be a positive integer, got ${this.size}`);
    this.settings = { device: options.device ?? 'cpu', batchSize: options.batchSize };
    for (let i = 0; i < this.size; i++) this.spawn();
  }

  /** Workers running a job right now. */
  get activeCount(): number {
    let active = 0;
    for (const slot of this.slots) if (slot.job) active++;
    return active;
  }

  /**
   * Runs one job in the next idle worker (the proxies of `workerModelLoader` are built on it).
   * `onProgress` is called on this thread as the worker reports; a worker's error rejects with
   * the same message, as the RmlensError subclass of its code when it had one.
   */
  run<J extends EngineJob>(job: J, onProgress?: OnProgress): Promise<EngineJobResult<J>> {
    if (this.closing) return Promise.reject(new Error('the engine worker pool is closed'));
    if (this.slots.size === 0) return Promise.reject(this.noWorkers());
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, onProgress, resolve: resolve as (value: unknown) => void, reject });
      this.dispatch();
    });
  }

  /**
   * Stops the pool: queued jobs reject, running jobs finish, then each worker frees its
   * sessions and exits. Resolves when every worker has exited; calling it again waits the same.
   */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    for (const pending of this.queue.splice(0)) pending.reject(new Error('the engine worker pool closed before the job started'));
    const exited = [...this.slots].map((slot) => new Promise((resolve) => slot.worker.once('exit', resolve)));
    for (const slot of this.slots) if (!slot.job) this.retire(slot);
    await Promise.all(exited);
  }

  /** Asks an idle worker to free its sessions and end; ref'd so `await pool.close()` is waited for. */
  private retire(slot: Slot): void {
    slot.worker.ref();
    slot.worker.postMessage({ type: 'close' } satisfies ToWorker);
  }

  private spawn(): void {
    const worker = new Worker(workerEntry('engineWorker', import.meta.url), { workerData: this.settings });
    const slot: Slot = { worker, job: null, ready: false, crash: null };
    worker.on('message', (message: FromWorker) => this.onMessage(slot, message));
    worker.on('error', (error) => (slot.crash = error));
    worker.on('exit', (code) => this.onExit(slot, code));
    // After the listeners: adding a 'message' listener refs the worker's port again (measured:
    // listen-then-unref lets the process exit, unref-then-listen kept it alive forever).
    worker.unref();
    this.slots.add(slot);
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      while (!slot.job && this.queue.length > 0) this.assign(slot, this.queue.shift()!);
    }
  }

  private assign(slot: Slot, pending: PendingJob): void {
    try {
      slot.worker.postMessage({ type: 'job', id: pending.id, job: pending.job } satisfies ToWorker);
    } catch (error) {
      // Not cloneable (e.g. a function among the pairs): nothing reached the worker.
      pending.reject(error);
      return;
    }
    slot.job = pending;
    slot.worker.ref();
  }

  private onMessage(slot: Slot, message: FromWorker): void {
    if (message.type === 'ready') {
      slot.ready = true;
      return;
    }
    const pending = slot.job;
    if (!pending || pending.id !== message.id) return;
    if (message.type === 'progress') {
      try {
        pending.onProgress?.(message.done, message.total);
      } catch (error) {
        pending.progressError ??= error;
      }
      return;
    }
    slot.job = null;
    if (pending.progressError !== undefined) pending.reject(pending.progressError);
    else if (message.type === 'done') pending.resolve(message.value);
    else pending.reject(reviveError(message.error));
    if (this.closing) {
      this.retire(slot);
    } else {
      slot.worker.unref();
      this.dispatch();
    }
  }

  /**
   * A worker ended: its job (if any) rejects. Outside close, a worker that had started is
   * replaced (its loaded models are lost, the replacement loads them again on demand); one that
   * died while starting is not, so a broken install fails jobs instead of respawning forever.
   */
  private onExit(slot: Slot, code: number): void {
    this.slots.delete(slot);
    const reason = slot.crash?.message ?? `exit code ${code}`;
    slot.job?.reject(new Error(`engine worker stopped during a ${slot.job.job.kind} job: ${reason}`, { cause: slot.crash ?? undefined }));
    if (this.closing) return;
    if (slot.ready) this.spawn();
    else this.startupError = new Error(`engine worker failed to start: ${reason}`, { cause: slot.crash ?? undefined });
    if (this.slots.size > 0) {
      this.dispatch();
      return;
    }
    for (const pending of this.queue.splice(0)) pending.reject(this.noWorkers());
  }

  private noWorkers(): Error {
    return this.startupError ?? new Error('the engine worker pool has no workers');
  }
}

/**
 * An engine model served by a pool: sha256, sites, neuronCount and metadata were read once by a
 * worker at load; every computation runs in whichever worker is idle (which opens the file by
 * path the first time, checking it still has this sha256). Satisfies the analysis' EngineModel.
 */
export class WorkerModel {
  readonly sha256: string;
  readonly sites: NeuronSite[];
  readonly neuronCount: number;
  readonly metadata: Record<string, string>;
  private closed = false;

  constructor(
    private readonly pool: EngineRunner,
    /** Absolute path of the model file. */
    readonly path: string,
    info: LoadedModelInfo,
  ) {
    this.sha256 = info.sha256;
    this.sites = info.sites;
    this.neuronCount = info.neuronCount;
    this.metadata = info.metadata;
  }

  /** Rewards of every pair, unmodified model (RewardModel.rewards in a worker). */
  async rewards(pairs: readonly PreferencePair[], options: { onProgress?: OnProgress } = {}): Promise<PairRewards> {
    return this.pool.run({ kind: 'rewards', model: this.ref(), pairs }, options.onProgress);
  }

  /** Neuron statistics (RewardModel.neuronStats in a worker); `base` must come from the same pool. */
  async neuronStats(pairs: readonly PreferencePair[], options: { base?: WorkerModel; onProgress?: OnProgress } = {}): Promise<NeuronStats> {
    const base = options.base ? this.peer(options.base, 'base') : null;
    return this.pool.run({ kind: 'neuronStats', model: this.ref(), base, pairs }, options.onProgress);
  }

  /** Rewards under each condition (RewardModel.ablatedRewards in a worker); the conditions are copied, not moved. */
  async ablatedRewards(
    pairs: readonly PreferencePair[],
    conditions: readonly AblationCondition[],
    options: { onProgress?: OnProgress } = {},
  ): Promise<PairRewards[]> {
    return this.pool.run({ kind: 'ablatedRewards', model: this.ref(), pairs, conditions }, options.onProgress);
  }

  /** Per-neuron Pearson r against `other` (RewardModel.correlation in a worker); `other` must come from the same pool. */
  async correlation(other: WorkerModel, pairs: readonly PreferencePair[], options: { onProgress?: OnProgress } = {}): Promise<CorrelationStats> {
    return this.pool.run({ kind: 'correlation', model: this.ref(), other: this.peer(other, 'other'), pairs }, options.onProgress);
  }

  /** Per-neuron correlation of pooled activation differences with the reward margin (RewardModel.marginCorrelation in a worker). */
  async marginCorrelation(pairs: readonly PreferencePair[], options: { onProgress?: OnProgress } = {}): Promise<MarginCorrelation> {
    return this.pool.run({ kind: 'marginCorrelation', model: this.ref(), pairs }, options.onProgress);
  }

  /** Top texts and histograms per neuron (RewardModel.neuronExamples in a worker). */
  async neuronExamples(pairs: readonly PreferencePair[], options: { k: number; onProgress?: OnProgress }): Promise<NeuronExamples> {
    return this.pool.run({ kind: 'neuronExamples', model: this.ref(), pairs, k: options.k }, options.onProgress);
  }

  /** Per-token activations of texts for some neurons (RewardModel.tokenActivations in a worker). */
  async tokenActivations(texts: readonly TextInput[], neurons: readonly number[]): Promise<TokenActivations[]> {
    return this.pool.run({ kind: 'tokenActivations', model: this.ref(), texts, neurons });
  }

  /** Stops this proxy (later calls reject); the workers' sessions are freed when the pool closes. */
  async close(): Promise<void> {
    this.closed = true;
  }

  private ref(): ModelRef {
    if (this.closed) throw new Error(`model ${this.path} was closed`);
    return { path: this.path, sha256: this.sha256 };
  }

  private peer(other: WorkerModel, role: string): ModelRef {
    if (!(other instanceof WorkerModel) || other.pool !== this.pool) throw new Error(`the ${role} model must come from the same engine runner`);
    return other.ref();
  }
}

/**
 * A model loader (the analysis' `ModelLoader`, for `createContext({ loadModel })`) whose models
 * compute in `pool` (this process' worker threads, or the job queue's workers). The load itself
 * runs there too: reading and probing a model runs ONNX sessions.
 */
export function workerModelLoader(pool: EngineRunner): (path: string) => Promise<WorkerModel> {
  return async (path) => {
    const absolute = resolve(path);
    return new WorkerModel(pool, absolute, await pool.run({ kind: 'load', path: absolute }));
  };
}
