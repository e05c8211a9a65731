/**
 * `buildZoo` in its own worker thread, so a server that trains a zoo keeps answering requests:
 * training is minutes of synchronous ONNX Gemm calls (gemm.ts) plus the JS of the optimiser,
 * and on the request thread every one of them would hold up whatever request is waiting.
 *
 * Why one fresh thread per build and not a job kind of the engine pool (workerPool.ts): a
 * build runs for minutes and would hold one of the pool's few workers away from analysis work
 * the whole time; it shares nothing with the pool's warm sessions (it trains its own models);
 * and a thread that ends with its build hands the training arrays (hundreds of MB for a full
 * zoo) back to the OS at once, where a pool worker would keep its heap grown.
 *
 * The thread resolves the zoo's datasets itself from the built-in refs of ZOO_DATASETS, so it
 * needs nothing from the main thread's catalog but the data root.
 */
import { Worker } from 'node:worker_threads';
import { reviveError, type SerializedError } from '../engine/workerProtocol.ts';
import type { ZooData } from './zoo.ts';
import { workerEntry } from '../util/workerEntry.ts';

/** What one build is: everything a worker needs, as structured-clone data. */
export interface ZooBuildJob {
  data: ZooData;
  out: string;
  seed: number;
  quick: boolean;
  /** Folder holding `hh-rlhf/…`; undefined means the configured data root (RMLENS_DATA_ROOT). */
  dataRoot: string | undefined;
}

/** `workerData` of a build thread: the job, and a one-int flag the main thread sets to stop it. */
export interface ZooBuildWorkerData {
  job: ZooBuildJob;
  /** Int32 [0]: 1 = stop at the next progress report. Shared memory, so the flag is seen even while the thread never yields to its event loop. */
  stop: SharedArrayBuffer;
}

/** Build thread → main. `done` or `failed` is the last message; then the thread ends. */
export type FromZooBuildWorker =
  | { type: 'progress'; fraction: number; message: string }
  | { type: 'log'; line: string }
  | { type: 'done' }
  | { type: 'failed'; error: SerializedError };

/** Callbacks and the stop signal of one build. */
export interface ZooBuildHooks {
  /** Share of the build done (0 … 1) and what trains now, as buildZoo reports it. */
  onProgress?: (fraction: number, message: string) => void;
  /** buildZoo's log lines. */
  log?: (line: string) => void;
  /** Aborting stops the build at its next progress report (between two training batches); the promise then rejects. */
  signal?: AbortSignal;
}

/**
 * Runs buildZoo for `job` in a new worker thread. Resolves when the zoo is written *and* the
 * thread has exited, so a caller that awaited it may exit the process: ending a thread that is
 * inside an onnxruntime call aborts the whole process (workerPool.ts). Rejects with the
 * build's error (an RmlensError keeps its class and code), or when the thread dies.
 */
export function buildZooInWorker(job: ZooBuildJob, hooks: ZooBuildHooks = {}): Promise<void> {
  const stop = new SharedArrayBuffer(4);
  const worker = new Worker(workerEntry('zooBuildWorker', import.meta.url), { workerData: { job, stop } satisfies ZooBuildWorkerData });
  const requestStop = () => Atomics.store(new Int32Array(stop), 0, 1);
  if (hooks.signal?.aborted) requestStop();
  hooks.signal?.addEventListener('abort', requestStop, { once: true });
  return new Promise((resolve, reject) => {
    let outcome: { ok: true } | { ok: false; error: Error } | null = null;
    let crash: Error | null = null;
    worker.on('message', (message: FromZooBuildWorker) => {
      // A throwing callback must not leave the thread's outcome unread: it becomes the outcome.
      try {
        if (message.type === 'progress') hooks.onProgress?.(message.fraction, message.message);
        else if (message.type === 'log') hooks.log?.(message.line);
        else outcome ??= message.type === 'done' ? { ok: true } : { ok: false, error: reviveError(message.error) };
      } catch (error) {
        outcome ??= { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
        requestStop();
      }
    });
    worker.on('error', (error) => (crash = error));
    worker.on('exit', (code) => {
      hooks.signal?.removeEventListener('abort', requestStop);
      if (outcome?.ok) resolve();
      else if (outcome) reject(outcome.error);
      else reject(new Error(`zoo build thread stopped: ${crash?.message ?? `exit code ${code}`}`, { cause: crash ?? undefined }));
    });
  });
}
