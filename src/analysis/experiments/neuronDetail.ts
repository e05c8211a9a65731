/**
 * One neuron seen through the study's results: its scores under every method (rank and
 * percentile among all neurons), where it falls between two selections, how its activation
 * difference tracks the reward margin, and what ablating it alone does to both objectives.
 * Everything reads cached results of other experiments (scores, TOP sets, ablations) or one
 * cached per-model pass (margin correlation), so asking about many neurons costs lookups.
 */
import { derived, type Cached } from '../../db/resultCache.ts';
import type { NeuronSite } from '../../engine/types.ts';
import type { AblationMode } from '../../vocabulary.ts';
import type { CachedRuns, CallOptions } from '../cachedRuns.ts';
import { listSet } from '../neuronSets.ts';
import type { NeuronAblationEffect, NeuronMarginCorrelation, NeuronMembership, NeuronMethodScore } from '../resultTypes.ts';
import type { ResolvedSelection, ResolvedSet } from '../setSpec.ts';
import type { ModelSubject, PartSubject } from '../subjects.ts';
import { ablation } from './ablation.ts';
import { scores } from './scores.ts';
import { assertSites, selectionNeurons } from './sets.ts';

/** A neuron of a model by (layer, index), as a request names it. */
export interface NeuronRequest {
  model: ModelSubject;
  layer: number;
  index: number;
}

/** The neuron's flat number and site; BadUserInputError when (layer, index) is not in the model. */
export async function resolveNeuron(runs: CachedRuns, { model, layer, index }: NeuronRequest): Promise<{ flat: number; site: NeuronSite; sites: NeuronSite[] }> {
  const { sites } = await runs.modelInfo(model);
  const flat = listSet([{ layer, index }], sites)[0];
  return { flat, site: sites[layer], sites };
}

/** The neuron's score, rank and percentile under each selection (one per method and dataset), from the cached scores. */
export async function neuronScores(runs: CachedRuns, neuron: NeuronRequest, selections: readonly ResolvedSelection[], call: CallOptions): Promise<Cached<NeuronMethodScore[]>> {
  const { flat } = await resolveNeuron(runs, neuron);
  const parts: Cached<unknown>[] = [];
  const out: NeuronMethodScore[] = [];
  for (const selection of selections) {
    const result = await scores(runs, selection, call);
    parts.push(result);
    const rank = rankOf(result.value.rankBy, flat);
    const n = result.value.rankBy.length;
    out.push({
      dataset: selection.train.ref,
      objective: selection.train.dataset.objective,
      method: selection.method,
      score: result.value.score[flat],
      rank,
      percentile: (100 * (n - rank + 1)) / n,
      neurons: n,
    });
  }
  return derived(out, parts);
}

/**
 * 1 + the neurons ranked before `j` by the TOP rule of selection.ts (rankBy descending, NaN
 * last, ties by flat number): one O(N) count instead of sorting all neurons.
 */
export function rankOf(rankBy: ArrayLike<number>, j: number): number {
  const key = (i: number) => (Number.isNaN(rankBy[i]) ? -Infinity : rankBy[i]);
  const own = key(j);
  let before = 0;
  for (let i = 0; i < rankBy.length; i++) {
    const k = key(i);
    if (k > own || (k === own && i < j)) before++;
  }
  return before + 1;
}

/** Whether the neuron is in each selection's TOP set, and so which of ONLY / SHARED / neither it belongs to. */
export async function neuronMembership(
  runs: CachedRuns,
  neuron: NeuronRequest,
  helpful: ResolvedSelection,
  harmless: ResolvedSelection,
  call: CallOptions,
): Promise<Cached<NeuronMembership>> {
  const { flat, sites } = await resolveNeuron(runs, neuron);
  // (layer, index) means the same unit in a selection's model only when the sites match.
  await Promise.all([assertSites(runs, helpful.model, sites), assertSites(runs, harmless.model, sites)]);
  const [help, harm] = await Promise.all([selectionNeurons(runs, helpful, call), selectionNeurons(runs, harmless, call)]);
  const inHelpful = help.value.includes(flat);
  const inHarmless = harm.value.includes(flat);
  const membership = inHelpful && inHarmless ? 'SHARED' : inHelpful ? 'HELPFUL_ONLY' : inHarmless ? 'HARMLESS_ONLY' : 'NEITHER';
  return derived({ membership, inHelpful, inHarmless }, [help, harm]);
}

/** The neuron's entry of the model's cached per-neuron margin correlation on an evaluation part. */
export async function neuronMarginCorrelation(runs: CachedRuns, neuron: NeuronRequest, part: PartSubject, call: CallOptions): Promise<Cached<NeuronMarginCorrelation>> {
  const { flat } = await resolveNeuron(runs, neuron);
  const stored = await runs.marginCorrelation(neuron.model, part, call);
  const r = stored.value.r[flat];
  return derived({ r: Number.isNaN(r) ? null : r, pairs: stored.value.pairs }, [stored]);
}

/** One objective's evaluation part, with the train part MEAN fills are averaged over. */
export interface AblationTarget {
  part: PartSubject;
  meansPart: PartSubject;
}

/** The modes a single-neuron ablation reports: removing the neuron, and replacing it by its train mean. */
export const NEURON_ABLATION_MODES: readonly AblationMode[] = ['ZERO', 'MEAN'];

/**
 * The neuron alone (a LIST set of one) ablated by ZERO and by MEAN on each target part, with
 * paired-bootstrap CIs: through the cached `ablation` experiment, so each is one stored row.
 */
export async function neuronAblation(
  runs: CachedRuns,
  neuron: NeuronRequest,
  targets: readonly AblationTarget[],
  controls: number,
  call: CallOptions,
): Promise<Cached<NeuronAblationEffect[]>> {
  await resolveNeuron(runs, neuron);
  const set: ResolvedSet = { spec: { kind: 'LIST', neurons: [{ layer: neuron.layer, index: neuron.index }] }, helpful: null, harmless: null, mixed: null };
  const out: NeuronAblationEffect[] = [];
  const parts: Cached<unknown>[] = [];
  for (const { part, meansPart } of targets) {
    for (const mode of NEURON_ABLATION_MODES) {
      // A neuron's page takes no tie rule: its effects use the default, so they share rows with `ablation` asked without one.
      const result = await ablation(runs, { model: neuron.model, part, set, mode, alpha: null, controls, meansPart: mode === 'MEAN' ? meansPart : null, ties: 'HALF' }, call);
      parts.push(result);
      out.push({ mode, dataset: part.ref, objective: part.dataset.objective, ablation: result });
    }
  }
  return derived(out, parts);
}
