/** Neurons: a model's top-scored neurons (train part), the overlap of two selections, and correspondence. */
import { withProvenance } from '../analysis/provenance.ts';
import type { OverlapSetResolvers, QueryResolvers, RewardModelResolvers } from './generated.ts';
import { toSelection } from './inputs.ts';
import { inLayer, pageSize, paginate } from './pagination.ts';

/** `Query.overlap`, `Query.correspondence`. */
export const neuronQueries: Pick<QueryResolvers, 'overlap' | 'correspondence'> = {
  overlap: async (_parent, { helpful, harmless }, { analysis }) => withProvenance(await analysis.overlap(toSelection(helpful), toSelection(harmless))),
  correspondence: async (_parent, { a, b, dataset }, { analysis }) => withProvenance(await analysis.correspondence(a, b, dataset)),
};

/** `RewardModel.neurons` and its paged form. */
export const rewardModelNeurons: Pick<RewardModelResolvers, 'neurons' | 'neuronsConnection'> = {
  neurons: async (model, { dataset, method, topPercent }, { analysis }) => (await analysis.neurons(model.id, dataset, method, topPercent)).value,
  neuronsConnection: async (model, { dataset, method, topPercent, first, after, layer }, { analysis }) => {
    const { value: scores } = await analysis.neurons(model.id, dataset, method, topPercent);
    return paginate(inLayer(scores, layer, (s) => s.neuron.layer), { first, after });
  },
};

/** `OverlapSet`'s shared neurons: the analysis returns all of them, the client picks how many. */
export const overlapSetFields: Pick<OverlapSetResolvers, 'sharedNeurons' | 'sharedNeuronsConnection'> = {
  sharedNeurons: (overlap, { first }) => overlap.sharedNeurons.slice(0, pageSize(first)),
  sharedNeuronsConnection: (overlap, { first, after, layer }) => paginate(inLayer(overlap.sharedNeurons, layer, (n) => n.layer), { first, after }),
};
