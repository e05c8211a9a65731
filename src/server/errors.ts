/**
 * How errors leave the server (rmlens.md §4): an RmlensError keeps its message and puts its
 * `code` in `extensions.code`; GraphQL's and Apollo's own codes pass through; a rejected
 * over-complex query is QUERY_TOO_COMPLEX; anything else is a bug or an engine failure, so its
 * message is masked (the real one goes to stderr under the request id). No stack traces, ever.
 */
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ComputePendingError, RmlensError } from '../errors.ts';

/** The message every unexpected error is replaced by. */
export const MASKED_MESSAGE = 'Internal server error';

/** A query over the depth, cost, alias, directive or token limits (raised by the armor rules). */
export class QueryTooComplexError extends Error {
  readonly code = 'QUERY_TOO_COMPLEX';
}

// graphql-js' own token limit (Apollo's parseOptions.maxTokens) aborts parsing with this message
// (16.x spells it "more that"; the fixed spelling is accepted too, so an upgrade keeps the code).
const TOKEN_LIMIT = /^Syntax Error: Document contains more tha[nt] \d+ tokens/;

/**
 * The error's public code, or null when it is unexpected and must be masked. Works on the raw
 * errors Apollo hands to plugins and to formatError alike.
 */
export function publicCode(error: unknown): string | null {
  const cause = causeOf(error);
  if (cause instanceof RmlensError || cause instanceof QueryTooComplexError) return cause.code;
  if (error instanceof GraphQLError && TOKEN_LIMIT.test(error.message)) return 'QUERY_TOO_COMPLEX';
  if (!(error instanceof GraphQLError)) return null;
  const { code, http } = error.extensions as { code?: unknown; http?: { status?: unknown } };
  if (typeof code === 'string') return code !== 'INTERNAL_SERVER_ERROR' ? code : null;
  // Apollo answers a few malformed requests with an HTTP 4xx status but no code (a persisted
  // query whose sha256 does not match its text, an unsupported persisted-query version): the
  // client's fault, so BAD_REQUEST like Apollo's other request errors, not a masked internal one.
  const status = http?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? 'BAD_REQUEST' : null;
}

/** Apollo's `formatError`: the mapping above, applied to every error of every response. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = publicCode(error);
  if (code === null) {
    return { message: MASKED_MESSAGE, ...(formatted.path ? { path: formatted.path } : {}), extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
  const cause = causeOf(error);
  const own = cause instanceof RmlensError || cause instanceof QueryTooComplexError;
  const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
  // COMPUTE_PENDING is only useful with the job to poll.
  const job = cause instanceof ComputePendingError ? { jobId: cause.jobId } : {};
  return { ...formatted, message: own ? cause.message : formatted.message, extensions: { ...extensions, code, ...job } };
}

/** What was thrown: a resolver's own error, or the error a validation or parse error wraps. */
function causeOf(error: unknown): unknown {
  const unwrapped = unwrapResolverError(error);
  return unwrapped instanceof GraphQLError && unwrapped.originalError ? unwrapped.originalError : unwrapped;
}
