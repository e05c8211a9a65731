/**
 * The neurons of a resolved set request over the sites of the model it will be used in: TOP of
 * each selection from its cached scores, then the set algebra of neuronSets.ts. A selection
 * whose model has other sites is refused: neuron (layer, index) means nothing across them.
 */
import type { Cached } from '../../db/resultCache.ts';
import type { NeuronSite } from '../../engine/types.ts';
import { BadUserInputError } from '../../errors.ts';
import type { CachedRuns, CallOptions } from '../cachedRuns.ts';
import { layerOfNeurons } from '../neuronLayout.ts';
import { allSet, listSet, onlySet, randomMatchedSet, randomSet, sharedSet } from '../neuronSets.ts';
import type { Neuron } from '../resultTypes.ts';
import { selectEntropy, selectTop } from '../selection.ts';
import type { ResolvedSelection, ResolvedSet } from '../setSpec.ts';
import type { ModelSubject } from '../subjects.ts';
import type { DataObjective, NeuronSetKind } from '../../vocabulary.ts';
import { layerRegion, restrictToRegion } from '../layerRegions.ts';
import { scores } from './scores.ts';

/** TOP of one selection: its flat neurons, ascending, with its scores row's provenance (`cached` when read from the store). */
export async function selectionNeurons(runs: CachedRuns, selection: ResolvedSelection, call: CallOptions): Promise<Cached<Int32Array>> {
  const { sites } = await runs.modelInfo(selection.model);
  const { value, ...row } = await scores(runs, selection, call);
  return { ...row, value: selectTop(value, selection.topPercent, sites, { perLayer: selection.perLayer }) };
}

/**
 * The flat neurons of `set` over `sites`, restricted to its `region` when it names one;
 * BadUserInputError when a selection's model has other sites or the model has no such region.
 */
export async function setNeurons(runs: CachedRuns, set: ResolvedSet, sites: readonly NeuronSite[], call: CallOptions): Promise<Int32Array> {
  // Looked up first, so a region the model lacks fails before any score is computed.
  const region = set.spec.region === undefined ? null : layerRegion(sites, set.spec.region);
  const neurons = await neuronsOfKind(runs, set, set.spec.kind, sites, call);
  return region ? restrictToRegion(neurons, sites, region) : neurons;
}

async function neuronsOfKind(runs: CachedRuns, set: ResolvedSet, kind: NeuronSetKind, sites: readonly NeuronSite[], call: CallOptions): Promise<Int32Array> {
  const { spec } = set;
  const n = layerOfNeurons(sites).length;
  // Validation guaranteed the selections each kind needs (setSpec.ts).
  const helpful = set.helpful!;
  const harmless = set.harmless!;
  const owned = { HELPFUL: set.helpful, HARMLESS: set.harmless, MIXED: set.mixed };
  const top = async (selection: ResolvedSelection) => {
    await assertSites(runs, selection.model, sites);
    return (await selectionNeurons(runs, selection, call)).value;
  };
  switch (kind) {
    case 'TOP':
      return top(owned[spec.of!]!);
    case 'ONLY': {
      const [help, harm] = await Promise.all([top(helpful), top(harmless)]);
      return spec.of === 'HELPFUL' ? onlySet(help, harm) : onlySet(harm, help);
    }
    case 'SHARED': {
      const [help, harm] = await Promise.all([top(helpful), top(harmless)]);
      return sharedSet(help, harm);
    }
    case 'ENTROPY': {
      await Promise.all([assertSites(runs, helpful.model, sites), assertSites(runs, harmless.model, sites)]);
      const [pHelp, pHarm] = await Promise.all([scores(runs, helpful, call), scores(runs, harmless, call)]);
      // Validation allows only HELPFUL and HARMLESS here (setSpec.ts).
      return selectEntropy(pHelp.value.score, pHarm.value.score, spec.percent!, spec.of as DataObjective);
    }
    case 'RANDOM': {
      if (spec.matchedTo === undefined) return randomSet(n, spec.percent!, spec.seed!);
      return randomMatchedSet(await neuronsOfKind(runs, set, spec.matchedTo, sites, call), sites, spec.seed!);
    }
    case 'ALL':
      return allSet(n);
    case 'LIST':
      return listSet(spec.neurons!, sites);
  }
}

/** BadUserInputError unless `model` has exactly `sites` (same names and widths, same order). */
export async function assertSites(runs: CachedRuns, model: ModelSubject, sites: readonly NeuronSite[]): Promise<void> {
  const own = (await runs.modelInfo(model)).sites;
  if (siteSignature(own) !== siteSignature(sites)) {
    throw new BadUserInputError(`model '${model.id}' has neuron sites ${siteSignature(own)}, not ${siteSignature(sites)}: its neurons are not comparable`);
  }
}

/** The common sites of `models`; BadUserInputError naming both when they differ. */
export async function sameSites(runs: CachedRuns, models: readonly ModelSubject[], what: string): Promise<NeuronSite[]> {
  const { sites } = await runs.modelInfo(models[0]);
  for (const other of models.slice(1)) {
    const own = (await runs.modelInfo(other)).sites;
    if (siteSignature(own) !== siteSignature(sites)) {
      throw new BadUserInputError(`${what} needs models with the same neuron sites: '${models[0].id}' has ${siteSignature(sites)}, '${other.id}' has ${siteSignature(own)}`);
    }
  }
  return sites;
}

/** A flat neuron as (layer, index, site). */
export function neuronOf(j: number, layerOf: Int32Array, sites: readonly NeuronSite[]): Neuron {
  const site = sites[layerOf[j]];
  return { layer: site.layer, index: j - site.offset, site: site.name };
}

function siteSignature(sites: readonly NeuronSite[]): string {
  return sites.map((s) => `${s.name}[${s.width}]`).join(', ');
}
