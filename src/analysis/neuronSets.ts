/**
 * Neuron sets and their algebra. A set is a canonical Int32Array of flat neuron numbers
 * (docs/contracts.md), ascending and without duplicates; because the flat number encodes
 * (layer, index), every operation here is per (layer, index) — never per layer (the
 * reference code keeps a layer whole when it appears in only one of two sets; rmlens does not).
 */
import type { NeuronSite } from '../engine/types.ts';
import { createRng, randomInt } from '../util/random.ts';
import { BadUserInputError } from '../errors.ts';
import { assertPercent, layerOfNeurons, neuronCountOf, percentCount } from './neuronLayout.ts';

/** ONLY(A, B) = A \ B, per (layer, index). */
export function onlySet(a: Int32Array, b: Int32Array): Int32Array {
  const out: number[] = [];
  let j = 0;
  for (const x of a) {
    while (j < b.length && b[j] < x) j++;
    if (j >= b.length || b[j] !== x) out.push(x);
  }
  return Int32Array.from(out);
}

/** SHARED(A, B) = A ∩ B, per (layer, index). */
export function sharedSet(a: Int32Array, b: Int32Array): Int32Array {
  const out: number[] = [];
  let j = 0;
  for (const x of a) {
    while (j < b.length && b[j] < x) j++;
    if (j < b.length && b[j] === x) out.push(x);
  }
  return Int32Array.from(out);
}

/** ALL: every neuron 0 … N−1 (the p = 100 ablation). */
export function allSet(neuronCount: number): Int32Array {
  return Int32Array.from({ length: neuronCount }, (_, i) => i);
}

/**
 * LIST: the given (layer, index) neurons as a canonical set; duplicates collapse to one.
 * Throws BadUserInputError naming the first neuron whose layer or index is outside the model.
 */
export function listSet(neurons: readonly { layer: number; index: number }[], sites: readonly NeuronSite[]): Int32Array {
  neuronCountOf(sites);
  const flat = neurons.map(({ layer, index }) => {
    const site = Number.isInteger(layer) ? sites[layer] : undefined;
    if (!site) throw new BadUserInputError(`neuron (layer ${layer}, index ${index}): layer must be an integer in 0..${sites.length - 1}`);
    if (!Number.isInteger(index) || index < 0 || index >= site.width) {
      throw new BadUserInputError(`neuron (layer ${layer}, index ${index}): index must be an integer in 0..${site.width - 1} for site '${site.name}'`);
    }
    return site.offset + index;
  });
  return Int32Array.from(new Set(flat)).sort();
}

/** RANDOM: k = ceil(p·N/100) neurons drawn uniformly without replacement, seeded. */
export function randomSet(neuronCount: number, percent: number, seed: number): Int32Array {
  assertPercent(percent);
  return drawWithin(0, neuronCount, percentCount(percent, neuronCount), createRng(seed)).sort();
}

/**
 * RANDOM matched to a target set: in every layer, as many neurons as the target has there,
 * drawn uniformly within that layer (seeded). Like the reference, the draw may include target
 * neurons — the control is "any neurons of the same layers", not "other neurons".
 */
export function randomMatchedSet(target: Int32Array, sites: readonly NeuronSite[], seed: number): Int32Array {
  const counts = perLayerCounts(target, sites);
  const rng = createRng(seed);
  const out = new Int32Array(target.length);
  let filled = 0;
  for (const site of sites) {
    out.set(drawWithin(site.offset, site.width, counts[site.layer], rng), filled);
    filled += counts[site.layer];
  }
  return out.sort();
}

/** k distinct integers uniformly from offset … offset+width−1 (partial Fisher–Yates). */
function drawWithin(offset: number, width: number, k: number, rng: () => number): Int32Array {
  const pool = Int32Array.from({ length: width }, (_, i) => offset + i);
  for (let i = 0; i < k; i++) {
    const j = i + randomInt(rng, width - i);
    const t = pool[i];
    pool[i] = pool[j];
    pool[j] = t;
  }
  return pool.slice(0, k);
}

/** How many neurons of `set` lie in each layer (Int32Array indexed by layer). */
export function perLayerCounts(set: Int32Array, sites: readonly NeuronSite[]): Int32Array {
  const layerOf = layerOfNeurons(sites);
  const counts = new Int32Array(sites.length);
  for (const j of set) {
    if (j < 0 || j >= layerOf.length) throw new Error(`neuron ${j} is outside the ${layerOf.length} neurons of the sites`);
    counts[layerOf[j]]++;
  }
  return counts;
}
