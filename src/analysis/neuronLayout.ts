/**
 * The flat neuron numbering (docs/contracts.md): sites in layer order, neuron (layer, index)
 * is `sites[layer].offset + index`. Every analysis function that needs layers goes through here
 * so a malformed site list fails loudly instead of mislabelling neurons.
 */
import type { NeuronSite } from '../engine/types.ts';
import { BadUserInputError } from '../errors.ts';

/** Total neurons of a site list; throws when layers or offsets are not the contiguous flat numbering. */
export function neuronCountOf(sites: readonly NeuronSite[]): number {
  let offset = 0;
  for (let l = 0; l < sites.length; l++) {
    const site = sites[l];
    if (site.layer !== l || site.offset !== offset || !Number.isInteger(site.width) || site.width < 0) {
      throw new Error(`site '${site.name}' breaks the flat numbering: layer ${site.layer} offset ${site.offset} width ${site.width}, expected layer ${l} offset ${offset}`);
    }
    offset += site.width;
  }
  return offset;
}

/** Layer of every flat neuron (Int32Array of length neuronCount). */
export function layerOfNeurons(sites: readonly NeuronSite[]): Int32Array {
  const layerOf = new Int32Array(neuronCountOf(sites));
  for (const site of sites) layerOf.fill(site.layer, site.offset, site.offset + site.width);
  return layerOf;
}

/** Throws an input error unless 0 < percent ≤ 100 (the only percents a top-p% or random set accepts). */
export function assertPercent(percent: number, field = 'percent'): void {
  if (!Number.isFinite(percent) || percent <= 0 || percent > 100) {
    throw new BadUserInputError(`${field} must be in (0, 100], got ${percent}`);
  }
}

/** k = ceil(p·n/100), the set size of a top-p% or random-p% set over n neurons. */
export function percentCount(percent: number, n: number): number {
  // Round away float noise first so that e.g. 10% of 30 is 3, not ceil(3.0000000000000004) = 4.
  const exact = Math.round(((percent * n) / 100) * 1e9) / 1e9;
  // A positive percent selects at least one neuron, as ceil(p·N/100) does before any rounding.
  return Math.min(n, Math.max(1, Math.ceil(exact)));
}
