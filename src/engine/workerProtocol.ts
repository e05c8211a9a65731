/**
 * The messages between the engine worker pool (main thread) and its workers, and how an error
 * crosses the thread boundary. Both sides import this file, so the two ends cannot drift.
 *
 * Everything here is structured-clone data: pairs and conditions are cloned into the worker,
 * typed-array results are transferred back (see `transferList`).
 */
import type { PreferencePair } from '../data/types.ts';
import type { SortedBatches } from './batches.ts';
import { BadUserInputError, ComputeFailedError, ModelChangedError, NotFoundError, type ErrorCode, type RmlensError } from '../errors.ts';
import type { AblationCondition, CorrelationStats, Device, OnProgress, MarginCorrelation, NeuronExamples, NeuronSite, NeuronStats, PairRewards, TextInput, TokenActivations } from './types.ts';

/** A model as a worker finds it: by file path, with the content the caller loaded (its sha256). */
export interface ModelRef {
  path: string;
  sha256: string;
}

/** What `load` reports once, so the proxy answers sites and metadata without asking a worker again. */
export interface LoadedModelInfo {
  sha256: string;
  sites: NeuronSite[];
  neuronCount: number;
  metadata: Record<string, string>;
}

/** One unit of engine work, by kind; `EngineJobResult` gives each kind's answer. */
export type EngineJob =
  /** Reads the model at `path`; with `sha256`, fails (ModelChangedError) unless the file has that content. */
  | { kind: 'load'; path: string; sha256?: string }
  | { kind: 'rewards'; model: ModelRef; pairs: readonly PreferencePair[] }
  | { kind: 'neuronStats'; model: ModelRef; base: ModelRef | null; pairs: readonly PreferencePair[] }
  | { kind: 'ablatedRewards'; model: ModelRef; pairs: readonly PreferencePair[]; conditions: readonly AblationCondition[] }
  | { kind: 'ablatedBatches'; model: ModelRef; pairCount: number; batches: SortedBatches; conditions: readonly AblationCondition[] }
  | { kind: 'correlation'; model: ModelRef; other: ModelRef; pairs: readonly PreferencePair[] }
  | { kind: 'marginCorrelation'; model: ModelRef; pairs: readonly PreferencePair[] }
  | { kind: 'neuronExamples'; model: ModelRef; pairs: readonly PreferencePair[]; k: number }
  | { kind: 'tokenActivations'; model: ModelRef; texts: readonly TextInput[]; neurons: readonly number[] };

/** The answer of each job kind. */
export interface EngineJobResults {
  load: LoadedModelInfo;
  rewards: PairRewards;
  neuronStats: NeuronStats;
  ablatedRewards: PairRewards[];
  ablatedBatches: PairRewards[];
  correlation: CorrelationStats;
  marginCorrelation: MarginCorrelation;
  neuronExamples: NeuronExamples;
  tokenActivations: TokenActivations[];
}

export type EngineJobResult<J extends EngineJob> = EngineJobResults[J['kind']];

/**
 * What runs engine jobs for the proxies of `workerModelLoader`: the worker threads of this
 * process (EngineWorkerPool), or the job queue's workers on any machine (src/queue/queuedEngine.ts).
 */
export interface EngineRunner {
  run<J extends EngineJob>(job: J, onProgress?: OnProgress): Promise<EngineJobResult<J>>;
}

/** Settings every worker of a pool starts with (`workerData`). */
export interface EngineWorkerSettings {
  device: Device;
  /** Pairs per batch; undefined keeps the engine's default. */
  batchSize: number | undefined;
}

/** Main → worker. */
export type ToWorker = { type: 'job'; id: number; job: EngineJob } | { type: 'close' };

/** Worker → main. `ready` is posted once, when the worker's modules have loaded. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'progress'; id: number; done: number; total: number }
  | { type: 'done'; id: number; value: unknown }
  | { type: 'failed'; id: number; error: SerializedError };

/**
 * An error as data. Errors are not posted as Error objects: structured clone keeps only the
 * built-in classes (an RmlensError arrives as a plain Error without its `code`), and a thrown
 * value with an uncloneable field would make the post itself throw inside the worker.
 */
export interface SerializedError {
  name: string;
  message: string;
  stack: string | undefined;
  code: EngineErrorCode | undefined;
}

/** The codes an engine call can raise (COMPUTE_PENDING belongs to the server's jobs). */
export type EngineErrorCode = Exclude<ErrorCode, 'COMPUTE_PENDING'>;

/** Flattens anything thrown into a SerializedError, keeping an RmlensError's code. */
export function serializeError(thrown: unknown): SerializedError {
  if (!(thrown instanceof Error)) return { name: 'Error', message: String(thrown), stack: undefined, code: undefined };
  const code = (thrown as Partial<RmlensError>).code;
  return { name: thrown.name, message: thrown.message, stack: thrown.stack, code: code && code in ERROR_CLASSES ? (code as EngineErrorCode) : undefined };
}

/**
 * The RmlensError class re-created for each code (ConfigError shares BAD_USER_INPUT and comes
 * back as BadUserInputError).
 */
const ERROR_CLASSES: Record<EngineErrorCode, new (message: string) => RmlensError> = {
  BAD_USER_INPUT: BadUserInputError,
  NOT_FOUND: NotFoundError,
  MODEL_CHANGED: ModelChangedError,
  COMPUTE_FAILED: ComputeFailedError,
};

/**
 * The Error to throw on the main thread: the RmlensError subclass of its code (so the server
 * maps it like one thrown in-process), else a plain Error keeping the worker's name. The stack
 * is the worker's, which is where the failure happened.
 */
export function reviveError(error: SerializedError): Error {
  const revived = error.code ? new ERROR_CLASSES[error.code](error.message) : new Error(error.message);
  if (!error.code && error.name !== 'Error') revived.name = error.name;
  if (error.stack) revived.stack = error.stack;
  return revived;
}

/** The buffers of every Float64Array/Float32Array in a result, once each, to transfer instead of copy. */
export function transferList(value: unknown, found = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (value instanceof Float64Array || value instanceof Float32Array) {
    found.add(value.buffer as ArrayBuffer);
  } else if (Array.isArray(value)) {
    for (const item of value) transferList(item, found);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) transferList(item, found);
  }
  return [...found];
}
