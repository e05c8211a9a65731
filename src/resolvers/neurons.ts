/** Neurons: a model's top-scored neurons (train part), the overlap of two selections, and correspondence. */
import { withProvenance } from '../analysis/provenance.ts';
import type { NeuronScoreResolvers, OverlapSetResolvers, QueryResolvers, RewardModelResolvers } from './generated.ts';
import { toSelection } from './inputs.ts';
import { DEFAULT_PAGE_SIZE, inLayer, pageSize, paginate } from './pagination.ts';
import type { ServerContext } from '../server/context.ts';
import type { ScoreMethod } from '../vocabulary.ts';

/** `Query.overlap`, `Query.correspondence`. */
export const neuronQueries: Pick<QueryResolvers, 'overlap' | 'correspondence'> = {
  overlap: async (_parent, args, { analysis, budget, requestId }) =>
    withProvenance(await budget.run('Query.overlap', args, requestId, (call) => analysis.overlap(toSelection(args.helpful), toSelection(args.harmless), call))),
  correspondence: async (_parent, args, { analysis, budget, requestId }) =>
    withProvenance(await budget.run('Query.correspondence', args, requestId, (call) => analysis.correspondence(args.a, args.b, args.dataset, call))),
};

/**
 * A model's top neurons. `neurons` and `neuronsConnection` share one key (the paging arguments
 * do not change the computation), so paging through a list still computing names one job.
 */
async function topNeurons(model: string, args: { dataset: string; method: ScoreMethod; topPercent: number; sortBy?: ScoreMethod | null }, { analysis, budget, requestId }: ServerContext) {
  const { dataset, method, topPercent } = args;
  const sortBy = args.sortBy ?? method;
  const { value } = await budget.run('RewardModel.neurons', { model, dataset, method, topPercent, sortBy }, requestId, (call) =>
    analysis.neurons(model, dataset, method, topPercent, call, sortBy));
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

/** `OverlapSet`'s shared neurons: the analysis returns all of them, the client picks how many. */
export const overlapSetFields: Pick<OverlapSetResolvers, 'sharedNeurons' | 'sharedNeuronsConnection'> = {
  sharedNeurons: (overlap, { first }) => overlap.sharedNeurons.slice(0, pageSize(first ?? DEFAULT_PAGE_SIZE)),
  sharedNeuronsConnection: (overlap, { first, after, layer }) => paginate(inLayer(overlap.sharedNeurons, layer, (n) => n.layer), { first: first ?? DEFAULT_PAGE_SIZE, after }),
};
