/** Ablations (held-out parts): one set with random controls, the p-sweep, and the scaling frontier. */
import { withProvenance } from '../analysis/provenance.ts';
import { FRONTIER_ALPHAS } from '../analysis/study.ts';
import type { QueryResolvers } from './generated.ts';
import { toSelection, toSetSpec } from './inputs.ts';

/** `Query.ablation`, `Query.pSweep`, `Query.frontier`. */
export const ablationQueries: Pick<QueryResolvers, 'ablation' | 'pSweep' | 'frontier'> = {
  ablation: async (_parent, { model, set, dataset, mode, alpha, controls }, { analysis }) => {
    const result = await analysis.ablation({ model, set: toSetSpec(set), dataset, mode, alpha, controls });
    return { ...withProvenance(result), cached: result.cached };
  },
  pSweep: async (_parent, { model, helpful, harmless, dataset }, { analysis }) =>
    (await analysis.pSweep(model, toSelection(helpful), toSelection(harmless), dataset)).value,
  frontier: async (_parent, { model, helpful, harmless, set, alphas }, { analysis }) =>
    (await analysis.frontier(model, toSetSpec(set), helpful, harmless, alphas ?? FRONTIER_ALPHAS)).value,
};
