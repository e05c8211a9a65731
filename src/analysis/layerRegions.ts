/**
 * Layer regions: a model's layers split into early / middle / late thirds, from the model's
 * layer count, never from the layers a set happens to reach (the reference code takes the count
 * from its top set's deepest layer, so a set without neurons in the last layer moves every
 * boundary). Layer l of L lies in region floor(l·R/L) with R = min(3, L). For L ≥ 3 that is the
 * reference's rule (l < L/3 early, l < 2L/3 middle, else late); when 3 does not divide L the
 * earlier regions take the extra layers (L = 4: 2, 1, 1 layers; L = 5: 2, 2, 1), as
 * numpy.array_split does. With fewer than 3 layers each layer is its own region.
 */
import type { NeuronSite } from '../engine/types.ts';
import { BadUserInputError } from '../errors.ts';
import { neuronCountOf } from './neuronLayout.ts';
import { perLayerCounts } from './neuronSets.ts';

/** Names of the three regions when there are three. */
const THIRDS = ['early', 'middle', 'late'] as const;

/** One region of a model's layers. */
export interface LayerRegion {
  /** 0 … regions − 1, in layer order: what `NeuronSetSpec.region` names. */
  index: number;
  /** `early`, `middle`, `late`; `layer <l>` when the model has fewer than 3 layers. */
  name: string;
  firstLayer: number;
  lastLayer: number;
  /** All neurons of the region's layers. */
  neurons: number;
}

/** A set's part in one region. */
export interface RegionShare {
  region: LayerRegion;
  /** The set's neurons in the region. */
  neurons: number;
  /** neurons / the set's size; 0 for an empty set. */
  share: number;
  /** The region's neurons / all neurons: the share a uniformly drawn set has on average. */
  expectedShare: number;
}

/** The region of layer `layer` out of `layerCount`. */
export function regionOfLayer(layer: number, layerCount: number): number {
  return Math.floor((layer * Math.min(3, layerCount)) / layerCount);
}

/** The regions of a model with these sites, in layer order (none for a model without sites). */
export function layerRegions(sites: readonly NeuronSite[]): LayerRegion[] {
  neuronCountOf(sites);
  const layerCount = sites.length;
  const count = Math.min(3, layerCount);
  const regions: LayerRegion[] = Array.from({ length: count }, (_, index) => ({
    index,
    name: count === 3 ? THIRDS[index] : `layer ${index}`,
    firstLayer: -1,
    lastLayer: -1,
    neurons: 0,
  }));
  for (const site of sites) {
    const region = regions[regionOfLayer(site.layer, layerCount)];
    if (region.firstLayer < 0) region.firstLayer = site.layer;
    region.lastLayer = site.layer;
    region.neurons += site.width;
  }
  return regions;
}

/** Each region's part of `set` (a canonical flat set over `sites`), in region order. */
export function regionShares(set: Int32Array, sites: readonly NeuronSite[]): RegionShare[] {
  const perLayer = perLayerCounts(set, sites);
  const total = neuronCountOf(sites);
  return layerRegions(sites).map((region) => {
    let neurons = 0;
    for (let l = region.firstLayer; l <= region.lastLayer; l++) neurons += perLayer[l];
    return { region, neurons, share: set.length > 0 ? neurons / set.length : 0, expectedShare: region.neurons / total };
  });
}

/** Region `index` of a model with these sites; BadUserInputError naming the model's regions when it has no such region. */
export function layerRegion(sites: readonly NeuronSite[], index: number): LayerRegion {
  const regions = layerRegions(sites);
  const region = Number.isInteger(index) ? regions[index] : undefined;
  if (!region) {
    throw new BadUserInputError(`region must be an integer in 0..${regions.length - 1} (${regions.map((x) => x.name).join(', ')}) for this model's ${sites.length} layers, got ${index}`);
  }
  return region;
}

/** The neurons of `set` (a canonical flat set over `sites`) in `region`'s layers. */
export function restrictToRegion(set: Int32Array, sites: readonly NeuronSite[], region: LayerRegion): Int32Array {
  const from = sites[region.firstLayer].offset;
  const to = sites[region.lastLayer].offset + sites[region.lastLayer].width;
  return set.filter((j) => j >= from && j < to);
}
