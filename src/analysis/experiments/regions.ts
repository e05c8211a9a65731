/**
 * Layer regions of a set: how its neurons fall in the early / middle / late thirds of the
 * layers of the model it is resolved over (layerRegions.ts). The set is built as an ablation
 * builds it, so a region's share and that region's ablation (`region` on the set) agree.
 */
import type { CachedRuns, CallOptions } from '../cachedRuns.ts';
import { regionShares, type RegionShare } from '../layerRegions.ts';
import type { ResolvedSet } from '../setSpec.ts';
import type { ModelSubject } from '../subjects.ts';
import { setNeurons } from './sets.ts';

/** Each region's share of `set` over `model`'s sites (BadUserInputError when a selection's model has other sites). */
export async function setRegionShares(runs: CachedRuns, model: ModelSubject, set: ResolvedSet, call: CallOptions): Promise<RegionShare[]> {
  const { sites } = await runs.modelInfo(model);
  return regionShares(await setNeurons(runs, set, sites, call), sites);
}
