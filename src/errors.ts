/**
 * Errors a user can cause, each with a stable code. No layer below the server imports GraphQL:
 * the server maps `code` onto `extensions.code`, the CLI prints the message. Anything thrown
 * that is not an RmlensError is a bug or an engine failure, and the server masks it.
 */

/** The codes of rmlens.md §4 that rmlens itself raises. */
export type ErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'MODEL_CHANGED' | 'COMPUTE_FAILED' | 'COMPUTE_PENDING';

/** Base of every user-facing error; the message names the offending input. */
export abstract class RmlensError extends Error {
  abstract readonly code: ErrorCode;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A request the analysis cannot honour because of what was asked (a bad percent, a missing base, a path outside the roots). */
export class BadUserInputError extends RmlensError {
  readonly code = 'BAD_USER_INPUT';
}

/** A request named a model, dataset or file that does not exist. */
export class NotFoundError extends RmlensError {
  readonly code = 'NOT_FOUND';
}

/** A model file's content changed while a result was being computed; the request may be retried. */
export class ModelChangedError extends RmlensError {
  readonly code = 'MODEL_CHANGED';
}

/** The engine could not compute a result for inputs that looked valid (e.g. a model that fails to run). */
export class ComputeFailedError extends RmlensError {
  readonly code = 'COMPUTE_FAILED';
}

/**
 * A computation outlived the request budget and goes on as a job: not a failure, an answer to
 * come. The server puts `jobId` into `extensions.jobId`; the same request again attaches to it.
 */
export class ComputePendingError extends RmlensError {
  readonly code = 'COMPUTE_PENDING';

  constructor(readonly jobId: string, message = `still computing as job ${jobId}: send the same request again later, or poll job(id: "${jobId}")`) {
    super(message);
  }
}

/** Invalid settings (environment or flags); the message lists every problem, one a line. */
export class ConfigError extends RmlensError {
  readonly code = 'BAD_USER_INPUT';

  constructor(readonly problems: string[]) {
    super(`invalid settings:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}
