/**
 * The per-request GraphQL context, built the same way by the HTTP server and the tests. Each
 * request gets fresh DataLoaders: they only collapse repeated reads within one request;
 * results that outlive a request live in the SQLite store behind the analysis service.
 */
import { randomUUID } from 'node:crypto';
import DataLoader from 'dataloader';
import type { Analysis } from '../analysis/analysis.ts';
import type { Zoo } from '../analysis/modelRegistry.ts';
import type { Registrations } from '../analysis/registrations.ts';
import type { ModelInfo } from '../analysis/resultCodecs.ts';
import type { Evaluation } from '../analysis/resultTypes.ts';
import type { Cached } from '../db/resultCache.ts';

/** One held-out evaluation a request asks for. */
export interface EvaluationRequest {
  model: string;
  dataset: string;
}

/** What every request shares: the analysis, registrations, the zoos it serves (the first is the default) and the server's identity. */
export interface ServerDeps {
  analysis: Analysis;
  registrations: Registrations;
  zoos: readonly Zoo[];
  info: { version: string; engineVersion: number };
}

/** The GraphQL context (codegen's `contextType`). */
export interface ServerContext extends ServerDeps {
  /** Correlates a masked error in a response with the real one on stderr. */
  requestId: string;
  /** Whether the request may run mutations (always, when no RMLENS_TOKEN is set). */
  authorized: boolean;
  loaders: {
    /** Sites and neuron count per model id: `layers` and `neuronCount` of one model read the store once. */
    modelInfo: DataLoader<string, ModelInfo>;
    /** Evaluations: every `evaluation` field of one request (all models, the tension rows) is one store read. */
    evaluation: DataLoader<EvaluationRequest, Cached<Evaluation>, string>;
  };
}

/** A context for one request; `requestId` defaults to a fresh UUID, `authorized` to true. */
export function createRequestContext(deps: ServerDeps, request: { requestId?: string; authorized?: boolean } = {}): ServerContext {
  const { analysis } = deps;
  return {
    ...deps,
    requestId: request.requestId ?? randomUUID(),
    authorized: request.authorized ?? true,
    loaders: {
      modelInfo: new DataLoader<string, ModelInfo>((ids) => Promise.all(ids.map((id) => analysis.modelInfo(id).catch((error: unknown) => toError(error))))),
      evaluation: new DataLoader<EvaluationRequest, Cached<Evaluation>, string>((requests) => analysis.evaluations(requests), {
        cacheKeyFn: ({ model, dataset }) => JSON.stringify([model, dataset]),
      }),
    },
  };
}

/** DataLoader reports a per-key failure as an Error value in the batch result. */
function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
