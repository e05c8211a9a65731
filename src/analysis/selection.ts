/**
 * Which neurons an objective's model "uses" (rmlens.md §1): TOP takes the global top-p% by
 * score, ENTROPY the LAPE-style objective-specific neurons. Selections are canonical sets:
 * flat neuron numbers (docs/contracts.md), ascending, no duplicates.
 */
import type { NeuronSite } from '../engine/types.ts';

import { quantileSorted } from '../util/bootstrap.ts';
import { BadUserInputError } from '../errors.ts';
import { assertPercent, neuronCountOf, percentCount } from './neuronLayout.ts';
import type { NeuronScores } from './types.ts';
import type { DataObjective } from '../vocabulary.ts';

/** The percentile of all probabilities (both objectives) a neuron must exceed to belong to an objective. */
export const ENTROPY_PERCENTILE = 95;

/**
 * Flat neurons in rank order: `rankBy` descending, ties by (layer, index) ascending — which is
 * flat-number ascending. NaN ranks last. Position i holds the neuron of rank i + 1.
 */
export function rankOrder(rankBy: ArrayLike<number>): Int32Array {
  const order = Int32Array.from({ length: rankBy.length }, (_, i) => i);
  const key = (j: number) => (Number.isNaN(rankBy[j]) ? -Infinity : rankBy[j]);
  return order.sort((a, b) => key(b) - key(a) || a - b);
}

/**
 * TOP: k = ceil(p·N/100) neurons with the highest `rankBy` over all layers (ties by (layer,
 * index)), or with `perLayer`, ceil(p·n_l/100) from each layer ranked within it.
 * Returns the selected flat neurons ascending. Throws BadUserInputError unless 0 < p ≤ 100.
 */
export function selectTop(
  scores: NeuronScores,
  percent: number,
  sites: readonly NeuronSite[],
  { perLayer = false }: { perLayer?: boolean } = {},
): Int32Array {
  assertPercent(percent, 'topPercent');
  const n = neuronCountOf(sites);
  if (scores.rankBy.length !== n) throw new Error(`scores cover ${scores.rankBy.length} neurons but the sites have ${n}`);
  if (!perLayer) return ascending(rankOrder(scores.rankBy).subarray(0, percentCount(percent, n)));
  const chosen: number[] = [];
  for (const site of sites) {
    const within = rankOrder(scores.rankBy.subarray(site.offset, site.offset + site.width));
    for (const local of within.subarray(0, percentCount(percent, site.width))) chosen.push(site.offset + local);
  }
  return ascending(Int32Array.from(chosen));
}

/**
 * ENTROPY (LAPE-style) from the PROBABILITY scores of the helpful and the harmless selection.
 * The threshold is the 95th percentile (linear interpolation) of all 2N probabilities. Each
 * neuron's pair is normalised to sum 1 and its entropy H taken (0·log 0 = 0); a neuron with
 * neither probability above the threshold gets H = ∞. The k = ceil(p·N/100) lowest-H neurons
 * (ties by (layer, index)) are the candidates, and the result is the candidates that belong to
 * `of` — whose probability for `of` exceeds the threshold. So the set can be smaller than k,
 * and a neuron specific to both objectives is in both objectives' sets.
 * Returns flat neurons ascending. Throws BadUserInputError unless 0 < p ≤ 100.
 */
export function selectEntropy(
  pHelp: ArrayLike<number>,
  pHarm: ArrayLike<number>,
  percent: number,
  of: DataObjective,
): Int32Array {
  assertPercent(percent);
  const n = pHelp.length;
  if (pHarm.length !== n) {
    throw new BadUserInputError(`ENTROPY needs two models with the same neurons: ${n} vs ${pHarm.length}`);
  }
  const all = new Float64Array(2 * n);
  all.set(pHelp);
  all.set(pHarm, n);
  const threshold = quantileSorted(all.sort(), ENTROPY_PERCENTILE / 100);
  const entropy = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    entropy[j] = pHelp[j] > threshold || pHarm[j] > threshold ? pairEntropy(pHelp[j], pHarm[j]) : Infinity;
  }
  // Lowest entropy first: rank by −H, so rankOrder's (layer, index) tie rule applies unchanged.
  const candidates = rankOrder(entropy.map((h) => -h)).subarray(0, percentCount(percent, n));
  const own = of === 'HELPFUL' ? pHelp : pHarm;
  return ascending(candidates.filter((j) => own[j] > threshold));
}

/** Entropy (nats) of (a, b) normalised to sum 1. */
function pairEntropy(a: number, b: number): number {
  const total = a + b;
  let h = 0;
  for (const p of [a / total, b / total]) if (p > 0) h -= p * Math.log(p);
  return h;
}

function ascending(neurons: Int32Array): Int32Array {
  return Int32Array.from(neurons).sort();
}
