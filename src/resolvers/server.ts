/** What the server is, and its jobs: one by id, a list by state, zoo builds and cancelling. */
import type { JobResolvers, MutationResolvers, QueryResolvers } from './generated.ts';

/** `Query.serverInfo`, `Query.job`, `Query.jobs`. */
export const serverQueries: Pick<QueryResolvers, 'serverInfo' | 'job' | 'jobs'> = {
  serverInfo: (_parent, _args, { info }) => info,
  job: async (_parent, { id }, { jobs }) => (await jobs.get(id)) ?? null,
  jobs: (_parent, { state }, { jobs }) => jobs.list(state ?? undefined),
};

/** `Mutation.buildZoo`, `Mutation.cancelJob` (the token rule of src/server/plugins.ts covers every mutation). */
export const jobMutations: Pick<MutationResolvers, 'buildZoo' | 'cancelJob'> = {
  // An explicit null means the schema's default (seed 1, not quick), as an omitted argument does.
  buildZoo: (_parent, { data, seed, quick }, { zooBuilds, requestId }) => zooBuilds.submit({ data, seed: seed ?? 1, quick: quick ?? false, requestId }),
  cancelJob: async (_parent, { id }, { jobs }) => (await jobs.cancel(id)) ?? null,
};

const isoTime = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** `Job` times: stored as ms since the epoch, served as ISO 8601. */
export const jobFields: Pick<JobResolvers, 'createdAt' | 'startedAt' | 'finishedAt'> = {
  createdAt: (job) => new Date(job.createdAt).toISOString(),
  startedAt: (job) => isoTime(job.startedAt),
  finishedAt: (job) => isoTime(job.finishedAt),
};
