/**
 * Neuron scores and the top neurons of a selection (rmlens.md §1): statistics of the model on
 * the TRAIN part of the selection's dataset (and of the datasets pooled with it), against its
 * base for CHANGE, scored by the method.
 */
import { derived, type Cached } from '../../db/resultCache.ts';
import type { NeuronStats } from '../../engine/types.ts';
import { scoresKey } from '../cacheKeys.ts';
import type { CachedRuns, CallOptions } from '../cachedRuns.ts';
import { layerOfNeurons } from '../neuronLayout.ts';
import { poolNeuronStats, scoreNeurons } from '../neuronScores.ts';
import { scoresCodec } from '../resultCodecs.ts';
import type { NeuronScore } from '../resultTypes.ts';
import { rankOrder, selectTop } from '../selection.ts';
import { selectionParts, type ResolvedSelection } from '../setSpec.ts';
import type { NeuronScores } from '../types.ts';
import { neuronOf } from './sets.ts';

/**
 * Per-neuron scores of a selection's model on its train part, or on the union of its pooled
 * train parts: each part's statistics are stored on their own (shared with the one-part
 * selections of the same model), then added.
 */
export function scores(runs: CachedRuns, selection: ResolvedSelection, call: CallOptions): Promise<Cached<NeuronScores>> {
  return runs.stored(scoresKey(selection), scoresCodec, call, async () => {
    const parts: NeuronStats[] = [];
    // One part after another: each pass already uses the engine's threads.
    for (const part of selectionParts(selection)) parts.push(await runs.neuronStats(selection.model, selection.base, part, call));
    return scoreNeurons(poolNeuronStats(parts), selection.method, (await runs.modelInfo(selection.model)).sites);
  });
}

/**
 * `RewardModel.neurons`: the selection's top-p% neurons with their score and rank under the
 * selection's method, in rank order — or, given `order` (the same model and data scored by
 * another method), listed in that method's order (ties by flat number), ranks unchanged.
 */
export async function topNeurons(runs: CachedRuns, selection: ResolvedSelection, call: CallOptions, order?: ResolvedSelection): Promise<Cached<NeuronScore[]>> {
  const { sites } = await runs.modelInfo(selection.model);
  const selected = await scores(runs, selection, call);
  const { value } = selected;
  const chosen = new Set(selectTop(value, selection.topPercent, sites, { perLayer: selection.perLayer }));
  const layerOf = layerOfNeurons(sites);
  const ranked: { j: number; entry: NeuronScore }[] = [];
  for (const j of rankOrder(value.rankBy)) {
    if (chosen.has(j)) ranked.push({ j, entry: { neuron: neuronOf(j, layerOf, sites), score: value.score[j], rank: ranked.length + 1 } });
  }
  if (!order) return derived(ranked.map((r) => r.entry), [selected]);
  const ordering = await scores(runs, order, call);
  const position = new Int32Array(value.rankBy.length);
  rankOrder(ordering.value.rankBy).forEach((j, i) => (position[j] = i));
  return derived(ranked.sort((a, b) => position[a.j] - position[b.j]).map((r) => r.entry), [selected, ordering]);
}
