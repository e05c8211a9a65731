/** The study over several seeds: one study per zoo, summarised figure by figure. */
import { summarizeSeeds } from '../analysis/seedSummary.ts';
import { runStudy } from '../analysis/study.ts';
import { BadUserInputError, NotFoundError } from '../errors.ts';
import type { QueryResolvers, SeedSummaryResolvers } from './generated.ts';

/** `Query.seedSummary`. */
export const seedQueries: Pick<QueryResolvers, 'seedSummary'> = {
  seedSummary: (_parent, args, { analysis, zoos: loaded, budget, requestId }) => {
    // An explicit null means the schema's default, as an omitted argument does: one request, one job.
    const method = args.method ?? 'MAGNITUDE';
    const topPercent = args.topPercent ?? 10;
    const controls = args.controls ?? 20;
    const ties = args.ties ?? 'HALF';
    if (args.zoos.length < 2) throw new BadUserInputError(`zoos: a seed summary needs at least two zoos, got ${args.zoos.length}`);
    if (new Set(args.zoos).size !== args.zoos.length) throw new BadUserInputError('zoos: a zoo is listed twice');
    return budget.run('Query.seedSummary', { ...args, method, topPercent, controls, ties }, requestId, async (call) => {
      // Looked up inside the budget, as Query.tension does: while a zoo is being built, an unknown one answers COMPUTE_PENDING.
      const zoos = args.zoos.map((name) => {
        const zoo = loaded.find((z) => z.name === name);
        if (!zoo) throw new NotFoundError(`no zoo '${name}' is loaded; loaded: ${loaded.map((z) => z.name).join(', ') || 'none'}`);
        return zoo;
      });
      const helpful = args.helpful ?? zoos[0].datasets.helpful[0];
      const harmless = args.harmless ?? zoos[0].datasets.harmless[0];
      const options = { helpful, harmless, evaluation: [], method, topPercent, controls, ties };
      const studies = [];
      for (const zoo of zoos) studies.push({ zoo: zoo.name, study: await runStudy(analysis, zoo, options, call) });
      return summarizeSeeds(studies);
    });
  },
};

/** `SeedSummary`: the zoos by name only (their folders are the server's business). */
export const seedSummaryFields: Pick<SeedSummaryResolvers, 'zoos'> = {
  zoos: (summary) => summary.zoos.map((z) => z.name),
};
