/** Ablations (held-out parts): one set with random controls, the p-sweep, and the scaling frontier. */
import { FRONTIER_ALPHAS } from '../analysis/study.ts';
import type { QueryResolvers } from './generated.ts';
import { toSelection, toSetSpec } from './inputs.ts';

/** `Query.ablation`, `Query.pSweep`, `Query.frontier`. */
export const ablationQueries: Pick<QueryResolvers, 'ablation' | 'pSweep' | 'frontier'> = {
  ablation: (_parent, { model, set, dataset, mode, alpha, controls }, { analysis }) =>
    analysis.ablation({ model, set: toSetSpec(set), dataset, mode, alpha, controls }),
  pSweep: (_parent, { model, helpful, harmless, dataset }, { analysis }) =>
    analysis.pSweep(model, toSelection(helpful), toSelection(harmless), dataset),
  frontier: (_parent, { model, helpful, harmless, set, alphas }, { analysis }) =>
    analysis.frontier(model, toSetSpec(set), helpful, harmless, alphas ?? FRONTIER_ALPHAS),
};
