/**
 * `Query.overlap`: how many of two selections' top neurons coincide per (layer, index), against
 * the hypergeometric expectation over all neurons (rmlens.md §1, finding 3); and
 * `Query.threeWayOverlap`: the helpful, harmless and mixed RMs' top sets, pair by pair and all
 * three together. Neurons are compared by (layer, index) only between models with the same
 * sites (`sameSites`): zoo RMs are fine-tuned from one base, so their neuron j is one unit.
 */
import { derived, type Cached } from '../../db/resultCache.ts';
import type { CachedRuns, CallOptions } from '../cachedRuns.ts';
import { layerOfNeurons } from '../neuronLayout.ts';
import { sharedSet } from '../neuronSets.ts';
import { overlapStats, pairOverlap, threeWayStats } from '../overlap.ts';
import type { OverlapSet, ThreeWayOverlap } from '../resultTypes.ts';
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

/**
 * The three-way overlap of the helpful, harmless and mixed selections over the same sites;
 * `cached` and provenance as `overlap`'s (from the newest of the three scores rows).
 */
export async function threeWayOverlap(runs: CachedRuns, helpful: ResolvedSelection, harmless: ResolvedSelection, mixed: ResolvedSelection, call: CallOptions): Promise<Cached<ThreeWayOverlap>> {
  const sites = await sameSites(runs, [helpful.model, harmless.model, mixed.model], 'the three-way overlap');
  const [a, b, c] = await Promise.all([helpful, harmless, mixed].map((s) => selectionNeurons(runs, s, call)));
  const layerOf = layerOfNeurons(sites);
  const n = layerOf.length;
  const stats = threeWayStats(a.value, b.value, c.value, n);
  return derived({
    neuronCount: n,
    helpfulSize: a.value.length,
    harmlessSize: b.value.length,
    mixedSize: c.value.length,
    helpfulHarmless: { first: 'HELPFUL', second: 'HARMLESS', ...pairOverlap(a.value, b.value, n) },
    helpfulMixed: { first: 'HELPFUL', second: 'MIXED', ...pairOverlap(a.value, c.value, n) },
    harmlessMixed: { first: 'HARMLESS', second: 'MIXED', ...pairOverlap(b.value, c.value, n) },
    shared: stats.shared,
    expectedShared: stats.expectedShared,
    pValue: stats.pValue,
    expectedSharedGivenHelpfulHarmless: stats.expectedSharedGivenPair,
    pValueGivenHelpfulHarmless: stats.pValueGivenPair,
    sharedNeurons: Array.from(sharedSet(sharedSet(a.value, b.value), c.value), (j) => neuronOf(j, layerOf, sites)),
  }, [a, b, c]);
}
