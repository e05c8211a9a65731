/** What the server is, and its jobs (none yet: the jobs phase brings them). */
import type { QueryResolvers } from './generated.ts';

/** `Query.serverInfo`, `Query.job`. */
export const serverQueries: Pick<QueryResolvers, 'serverInfo' | 'job'> = {
  serverInfo: (_parent, _args, { info }) => info,
  // No job is ever created in this phase, so every id is unknown: null, as the schema says.
  job: () => null,
};
