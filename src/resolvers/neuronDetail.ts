/**
 * One neuron up close (`Query.neuron`): its scores, membership, margin correlation and
 * single-neuron ablations, its top examples with per-token activations, and its histogram.
 * Each field is one facade call; texts come back exactly as stored.
 */
import { withProvenance } from '../analysis/provenance.ts';
import type { NeuronAblationEffectResolvers, NeuronDetailResolvers, NeuronHistogramResolvers, QueryResolvers } from './generated.ts';
import { toPart, toSelection } from './inputs.ts';
import { nullWhenNotFound } from './models.ts';
import { connectionOf, startAfter } from './pagination.ts';

/** `Query.neuron`: the model is resolved and (layer, index) checked here, so every field below can trust them. */
export const neuronDetailQueries: Pick<QueryResolvers, 'neuron'> = {
  neuron: (_parent, { model, layer, index }, { analysis }) => nullWhenNotFound(() => analysis.neuron({ model, layer, index })),
};

/** `NeuronDetail` fields beyond its own (layer, index, site); every one that may compute runs under the request budget. */
export const neuronDetailFields: Pick<NeuronDetailResolvers, 'model' | 'scores' | 'membership' | 'marginCorrelation' | 'ablation' | 'topExamples' | 'histogram'> = {
  model: (neuron, _args, { analysis }) => analysis.model(neuron.model),
  scores: async (neuron, args, { analysis, budget, requestId }) =>
    (await budget.run('NeuronDetail.scores', { ...idOf(neuron), ...args }, requestId, (call) => analysis.neuronScores(neuron, args, call))).value,
  membership: async (neuron, args, { analysis, budget, requestId }) =>
    (await budget.run('NeuronDetail.membership', { ...idOf(neuron), ...args }, requestId, (call) =>
      analysis.neuronMembership(neuron, toSelection(args.helpful), toSelection(args.harmless), call))).value,
  marginCorrelation: async (neuron, args, { analysis, budget, requestId }) =>
    withProvenance(await budget.run('NeuronDetail.marginCorrelation', { ...idOf(neuron), ...args }, requestId, (call) => analysis.neuronMarginCorrelation(neuron, args.dataset, call))),
  ablation: async (neuron, { helpful, harmless, controls: given }, { analysis, budget, requestId }) => {
    // An explicit null means the schema's default, as an omitted argument does.
    const controls = given ?? 0;
    return (await budget.run('NeuronDetail.ablation', { ...idOf(neuron), helpful, harmless, controls }, requestId, (call) =>
      analysis.neuronAblation(neuron, { helpful, harmless }, controls, call))).value;
  },
  // Cursors over the facade's offset paging: a page starts after the cursor's position.
  topExamples: async (neuron, { dataset, part, by, first, after }, { analysis, budget, requestId }) => {
    const offset = startAfter(after);
    // An explicit null means the schema's default, as an omitted argument does.
    const page = { by: by ?? 'MAX', first: first ?? 5, offset };
    const source = { dataset, part: toPart(part) };
    const { value } = await budget.run('NeuronDetail.topExamples', { ...idOf(neuron), ...source, ...page }, requestId, (call) => analysis.neuronExamples(neuron, source, page, call));
    return connectionOf(value.examples, offset, value.totalCount);
  },
  histogram: async (neuron, { dataset, part, bins: given }, { analysis, budget, requestId }) => {
    const source = { dataset, part: toPart(part) };
    const bins = given ?? 32;
    return withProvenance(await budget.run('NeuronDetail.histogram', { ...idOf(neuron), ...source, bins }, requestId, (call) => analysis.neuronHistogram(neuron, source, bins, call)));
  },
};

/** The neuron a field belongs to, as part of its request key. */
function idOf({ model, layer, index }: { model: string; layer: number; index: number }) {
  return { model, layer, index };
}

/** `NeuronAblationEffect.ablation`: each effect is its own stored ablation row, served with that row's provenance. */
export const neuronAblationEffectFields: Pick<NeuronAblationEffectResolvers, 'ablation'> = {
  ablation: (effect) => ({ ...withProvenance(effect.ablation), cached: effect.ablation.cached }),
};

/** `NeuronHistogram`: the analysis names the bin count `bins`; the schema gives it as `binCount` and the bins as objects. */
export const neuronHistogramFields: Pick<NeuronHistogramResolvers, 'binCount' | 'bins'> = {
  binCount: (histogram) => histogram.bins,
  bins: ({ lo, hi, counts }) => {
    const width = (hi - lo) / counts.length;
    // The last bin ends exactly at hi (it holds hi itself); lo + n·width may miss it by rounding.
    return counts.map((count, b) => ({ low: lo + b * width, high: b === counts.length - 1 ? hi : lo + (b + 1) * width, count }));
  },
};
