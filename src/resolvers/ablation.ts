/** Ablations (held-out parts): one set with random controls, the p-sweep, and the scaling frontier. */
import { withProvenance } from '../analysis/provenance.ts';
import type { QueryResolvers } from './generated.ts';
import { toSelection, toSetSpec } from './inputs.ts';

/** `Query.ablation`, `Query.pSweep`, `Query.frontier`. */
export const ablationQueries: Pick<QueryResolvers, 'ablation' | 'pSweep' | 'frontier'> = {
  ablation: async (_parent, args, { analysis, budget, requestId }) => {
    // An explicit null means the schema's default (ZERO, 10 controls), as an omitted argument does:
    // the same request, so the same stored row (a null mode was keyed apart from ZERO).
    const { model, set, dataset, alpha } = args;
    const mode = args.mode ?? 'ZERO';
    const controls = args.controls ?? 10;
    const ties = args.ties ?? 'HALF';
    const result = await budget.run('Query.ablation', { ...args, mode, controls, ties }, requestId, (call) =>
      analysis.ablation({ model, set: toSetSpec(set), dataset, mode, alpha, controls, ties }, call));
    return { ...withProvenance(result), cached: result.cached };
  },
  pSweep: async (_parent, args, { analysis, budget, requestId }) => {
    // An explicit null means the schema's default (no controls, ties half), as an omitted argument does.
    const controls = args.controls ?? 0;
    const ties = args.ties ?? 'HALF';
    return (await budget.run('Query.pSweep', { ...args, controls, ties }, requestId, (call) =>
      analysis.pSweep(args.model, toSelection(args.helpful), toSelection(args.harmless), args.dataset, controls, call, ties))).value;
  },
  frontier: async (_parent, args, { analysis, budget, requestId }) => {
    const { model, helpful, harmless, set } = args;
    const ties = args.ties ?? 'HALF';
    // Without alphas the facade's default applies (keyed as an absent argument: null and absent are one request).
    return (await budget.run('Query.frontier', { ...args, ties }, requestId, (call) =>
      analysis.frontier(model, toSetSpec(set), helpful, harmless, args.alphas ?? undefined, call, ties))).value;
  },
};
