/**
 * The per-request GraphQL context, built the same way by the HTTP server and the tests. Each
 * request gets fresh DataLoaders: they only collapse repeated reads within one request;
 * results that outlive a request live in the results store behind the analysis facade.
 */
import { randomUUID } from 'node:crypto';
import DataLoader from 'dataloader';
import type { Analysis } from '../analysis/analysis.ts';
import type { Zoo } from '../analysis/modelRegistry.ts';
import type { Registrations } from '../analysis/registrations.ts';
import type { ModelInfo } from '../analysis/resultCodecs.ts';
import type { Evaluation } from '../analysis/resultTypes.ts';
import type { Cached } from '../db/resultCache.ts';
import type { TieRule } from '../vocabulary.ts';
import { InProcessJobRunner, type JobRunner } from '../jobs/jobRunner.ts';
import { RequestBudget } from '../jobs/requestBudget.ts';
import { ZooBuilds } from '../jobs/zooBuilds.ts';
import type { RmlensContext } from '../context.ts';

/** One held-out evaluation a request asks for. */
export interface EvaluationRequest {
  model: string;
  dataset: string;
  ties: TieRule;
}

/** What every request shares: the analysis, registrations, the zoos it serves (the first is the default), the jobs and the server's identity. */
export interface ServerDeps {
  analysis: Analysis;
  registrations: Registrations;
  zoos: readonly Zoo[];
  info: { version: string; engineVersion: number; mutationsNeedToken: boolean };
  /** Every resolver that may compute runs through it (COMPUTE_PENDING past the budget). */
  budget: RequestBudget;
  jobs: JobRunner;
  zooBuilds: ZooBuilds;
}

/** Job settings of a server. */
export interface JobSettings {
  /** RMLENS_REQUEST_BUDGET_MS. */
  budgetMs: number;
  /** RMLENS_MAX_QUEUED_JOBS. */
  maxQueued: number;
  /** Where `buildZoo` builds (RMLENS_ZOO_DIR). */
  zooDir: string;
  /** Jobs running at once; default 1. The server sets its engine pool's size: one job per worker keeps every worker busy without queueing jobs inside the pool. */
  concurrency?: number;
  /** Folder holding `hh-rlhf/…`, for zoo builds (RMLENS_DATA_ROOT); default the configured one. */
  dataRoot?: string;
  /** Several servers share the store and a job queue (RMLENS_QUEUE): see RunnerLimits.shared. */
  sharedJobs?: boolean;
  /** Where failed jobs' real errors and zoo builds' log lines go; default stderr. */
  log?: (line: string) => void;
}

/**
 * The deps of a server over a context: the job runner on the context's store (every job an
 * earlier process left live becomes INTERRUPTED here), zoo builds into the context's registry,
 * and the request budget that turns slow requests into jobs.
 */
export function createServerDeps(context: Pick<RmlensContext, 'store' | 'models' | 'zoos' | 'analysis' | 'registrations'>, info: ServerDeps['info'], settings: JobSettings): ServerDeps {
  const log = settings.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const jobs = new InProcessJobRunner(context.store.jobs, { concurrency: settings.concurrency ?? 1, maxQueued: settings.maxQueued, shared: settings.sharedJobs }, log);
  const zooBuilds = new ZooBuilds({
    jobs,
    zooDir: settings.zooDir,
    models: context.models,
    zoos: context.zoos,
    dataRoot: settings.dataRoot,
    // A build runs for minutes: its per-model lines are the operator's only sign of life.
    log: (line) => log(`rmlens serve: zoo build: ${line}`),
  });
  const budget = new RequestBudget({ jobs, budgetMs: settings.budgetMs, pendingSetup: () => zooBuilds.live() });
  return { analysis: context.analysis, registrations: context.registrations, zoos: context.zoos, info, budget, jobs, zooBuilds };
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
        cacheKeyFn: ({ model, dataset, ties }) => JSON.stringify([model, dataset, ties]),
      }),
    },
  };
}

/** DataLoader reports a per-key failure as an Error value in the batch result. */
function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
