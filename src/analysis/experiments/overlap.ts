/**
 * `Query.overlap`: how many of two selections' top neurons coincide per (layer, index), against
 * the hypergeometric expectation over all neurons (rmlens.md §1, finding 3).
 */
import { derived, type Cached } from '../../db/resultCache.ts';
import type { CachedRuns, CallOptions } from '../cachedRuns.ts';
import { layerOfNeurons } from '../neuronLayout.ts';
import { sharedSet } from '../neuronSets.ts';
import { overlapStats } from '../overlap.ts';
import type { OverlapSet } from '../resultTypes.ts';
import type { ResolvedSelection } from '../setSpec.ts';
import { neuronOf, sameSites, selectionNeurons } from './sets.ts';

/**
 * Overlap of two selections over the same sites; `cached` when both selections' scores came from
 * the store. Only the scores are stored, so the provenance is the newer scores row's.
 */
export async function overlap(runs: CachedRuns, helpful: ResolvedSelection, harmless: ResolvedSelection, call: CallOptions): Promise<Cached<OverlapSet>> {
  const sites = await sameSites(runs, [helpful.model, harmless.model], 'overlap');
  const [a, b] = await Promise.all([selectionNeurons(runs, helpful, call), selectionNeurons(runs, harmless, call)]);
  const layerOf = layerOfNeurons(sites);
  return derived({ ...overlapStats(a.value, b.value, layerOf.length), sharedNeurons: Array.from(sharedSet(a.value, b.value), (j) => neuronOf(j, layerOf, sites)) }, [a, b]);
}
