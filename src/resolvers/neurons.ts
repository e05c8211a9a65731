/** Neurons: a model's top-scored neurons (train part), the overlap of two or three selections, a set's layer regions, and correspondence. */
import { withProvenance } from '../analysis/provenance.ts';
import type { NeuronScoreResolvers, OverlapSetResolvers, QueryResolvers, RewardModelResolvers, ThreeWayOverlapResolvers } from './generated.ts';
import { toSelection, toSetSpec } from './inputs.ts';
import { DEFAULT_PAGE_SIZE, inLayer, pageSize, paginate } from './pagination.ts';
import type { ServerContext } from '../server/context.ts';
import type { ScoreMethod } from '../vocabulary.ts';

/** `Query.overlap`, `Query.threeWayOverlap`, `Query.layerRegions`, `Query.correspondence`. */
export const neuronQueries: Pick<QueryResolvers, 'overlap' | 'threeWayOverlap' | 'layerRegions' | 'correspondence'> = {
  overlap: async (_parent, args, { analysis, budget, requestId }) =>
    withProvenance(await budget.run('Query.overlap', args, requestId, (call) => analysis.overlap(toSelection(args.helpful), toSelection(args.harmless), call))),
  threeWayOverlap: async (_parent, args, { analysis, budget, requestId }) =>
    withProvenance(await budget.run('Query.threeWayOverlap', args, requestId, (call) =>
      analysis.threeWayOverlap(toSelection(args.helpful), toSelection(args.harmless), toSelection(args.mixed), call))),
  layerRegions: (_parent, args, { analysis, budget, requestId }) =>
    budget.run('Query.layerRegions', args, requestId, (call) => analysis.regionShares(args.model, toSetSpec(args.set), call)),
  correspondence: async (_parent, args, { analysis, budget, requestId }) =>
    withProvenance(await budget.run('Query.correspondence', args, requestId, (call) => analysis.correspondence(args.a, args.b, args.dataset, call))),
};

/**
 * A model's top neurons. `neurons` and `neuronsConnection` share one key (the paging arguments
 * do not change the computation), so paging through a list still computing names one job.
 */
async function topNeurons(model: string, args: { dataset: string; method: ScoreMethod; topPercent: number; sortBy?: ScoreMethod | null; pooledWith?: readonly string[] | null }, { analysis, budget, requestId }: ServerContext) {
  const { dataset, method, topPercent } = args;
  const sortBy = args.sortBy ?? method;
  const pooledWith = [...(args.pooledWith ?? [])];
  // Without pooled datasets the job key is the one it always was.
  const pool = pooledWith.length > 0 ? { pooledWith } : {};
  const { value } = await budget.run('RewardModel.neurons', { model, dataset, method, topPercent, sortBy, ...pool }, requestId, (call) =>
    analysis.neurons(model, dataset, method, topPercent, call, sortBy, pooledWith));
  // Each entry names its model, so `NeuronScore.detail` can look the neuron up.
  return value.map((s) => ({ ...s, model }));
}

/** `RewardModel.neurons` and its paged form. */
export const rewardModelNeurons: Pick<RewardModelResolvers, 'neurons' | 'neuronsConnection'> = {
  neurons: (model, args, context) => topNeurons(model.id, args, context),
  neuronsConnection: async (model, args, context) =>
    paginate(inLayer(await topNeurons(model.id, args, context), args.layer, (s) => s.neuron.layer), { first: args.first ?? DEFAULT_PAGE_SIZE, after: args.after }),
};

/** `NeuronScore.detail`: the neuron of a listed score, up close. */
export const neuronScoreFields: Pick<NeuronScoreResolvers, 'detail'> = {
  detail: ({ model, neuron }, _args, { analysis }) => analysis.neuron({ model, layer: neuron.layer, index: neuron.index }),
};

/** `ThreeWayOverlap`'s neurons in all three sets, as many as the client asks for. */
export const threeWayOverlapFields: Pick<ThreeWayOverlapResolvers, 'sharedNeurons'> = {
  sharedNeurons: (overlap, { first }) => overlap.sharedNeurons.slice(0, pageSize(first ?? DEFAULT_PAGE_SIZE)),
};

/** `OverlapSet`'s shared neurons: the analysis returns all of them, the client picks how many. */
export const overlapSetFields: Pick<OverlapSetResolvers, 'sharedNeurons' | 'sharedNeuronsConnection'> = {
  sharedNeurons: (overlap, { first }) => overlap.sharedNeurons.slice(0, pageSize(first ?? DEFAULT_PAGE_SIZE)),
  sharedNeuronsConnection: (overlap, { first, after, layer }) => paginate(inLayer(overlap.sharedNeurons, layer, (n) => n.layer), { first: first ?? DEFAULT_PAGE_SIZE, after }),
};
