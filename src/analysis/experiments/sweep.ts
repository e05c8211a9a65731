/**
 * `Query.pSweep` (rmlens.md §1): zero-ablate TOP and ONLY of each objective and SHARED at
 * p = 2, 4, …, 30 (each selection's topPercent replaced by p), and ALL, in one model on an
 * evaluation part, each set against `controls` random sets matched to its per-layer counts —
 * every condition in one batched engine call.
 */
import type { Cached } from '../../db/resultCache.ts';
import type { NeuronSite } from '../../engine/types.ts';
import { accuracyOf } from '../../util/bootstrap.ts';
import type { DataObjective, NeuronSetKind, TieRule } from '../../vocabulary.ts';
import { ablationCondition } from '../ablationConditions.ts';
import { sweepKey } from '../cacheKeys.ts';
import type { CachedRuns, CallOptions } from '../cachedRuns.ts';
import { controlSeed, summarizeControls } from '../controls.ts';
import { allSet, randomMatchedSet } from '../neuronSets.ts';
import { sweepCodec, type StoredSweepPoint } from '../resultCodecs.ts';
import type { SweepPoint } from '../resultTypes.ts';
import type { ResolvedSelection, ResolvedSet } from '../setSpec.ts';
import type { ModelSubject, PartSubject } from '../subjects.ts';
import { setNeurons } from './sets.ts';

/** The p-sweep percents of the reference (2, 4, …, 30); ALL (100) is added to every sweep. */
/** Most controls per sweep point: each is an ablation at every one of the 76 points, all in one batch. */
export const MAX_SWEEP_CONTROLS = 100;

export const SWEEP_PERCENTS: readonly number[] = Array.from({ length: 15 }, (_, i) => 2 * (i + 1));

/** The set kinds a p-sweep ablates at each percent, each with its objective. */
export const SWEEP_KINDS: readonly { kind: NeuronSetKind; of: DataObjective | null }[] = [
  { kind: 'TOP', of: 'HELPFUL' },
  { kind: 'TOP', of: 'HARMLESS' },
  { kind: 'ONLY', of: 'HELPFUL' },
  { kind: 'ONLY', of: 'HARMLESS' },
  { kind: 'SHARED', of: null },
];

type PointSet = Pick<SweepPoint, 'percent' | 'kind' | 'of'>;

/**
 * Accuracy and its change after each ablation of the sweep; with controls, the mean and sd of
 * the changes of random sets matched to each point's set. A point's controls are the sets an
 * `ablation` of its set with as many controls draws (seeds controlSeed(0), controlSeed(1), …),
 * so both report the same control numbers.
 */
export async function pSweep(
  runs: CachedRuns,
  model: ModelSubject,
  part: PartSubject,
  helpful: ResolvedSelection,
  harmless: ResolvedSelection,
  controls: number,
  ties: TieRule,
  call: CallOptions,
): Promise<Cached<SweepPoint[]>> {
  const result = await runs.stored(sweepKey(model, part, helpful, harmless, SWEEP_PERCENTS, controls, ties), sweepCodec, call, async () => {
    const { sites, neuronCount } = await runs.modelInfo(model);
    const { points, sets } = await sweepSets(runs, helpful, harmless, sites, neuronCount, call);
    // Conditions: every point's set, then each point's controls in turn (`controls` per point).
    // Identical conditions (ALL's controls are ALL itself) are one engine run: ablatedRewards keys them by content.
    const controlSets = sets.flatMap((s) => Array.from({ length: controls }, (_, i) => randomMatchedSet(s, sites, controlSeed(i))));
    const conditions = [...sets, ...controlSets].map((s) => ablationCondition(s, neuronCount, 'ZERO'));
    const ablated = await runs.ablatedRewards(model, part, conditions, call);
    const baseline = accuracyOf((await runs.rewards(model, part, call)).value, ties);
    return points.map((p, i): SweepPoint => {
      const accuracy = accuracyOf(ablated[i], ties);
      const deltaAccuracy = accuracy - baseline;
      const from = sets.length + i * controls;
      const summary = summarizeControls(deltaAccuracy, ablated.slice(from, from + controls).map((r) => accuracyOf(r, ties) - baseline));
      return {
        ...p,
        accuracy,
        deltaAccuracy,
        neurons: sets[i].length,
        controls: summary.controls,
        controlMeanDelta: summary.mean,
        controlStdDelta: summary.sd,
      };
    });
  });
  if (hasSizes(result.value)) return { ...result, value: result.value };
  // A row written before sweeps had controls (always a sweep without them) holds no set sizes.
  // They are a function of the key's inputs alone (the selections' scores, perLayer, the
  // percents), so rebuilding the sets from the stored scores gives exactly the sizes a fresh
  // computation would store; neither a made-up size nor an ENGINE_VERSION bump (which would
  // drop every stored result, not only sweeps) is needed. The row itself stays as written, so
  // its provenance (computedAt) is still the computation's.
  const { sites, neuronCount } = await runs.modelInfo(model);
  const { sets } = await sweepSets(runs, helpful, harmless, sites, neuronCount, call);
  return { ...result, value: result.value.map((p, i) => ({ ...p, neurons: sets[i].length })) };
}

/** The sweep's points (every kind at every percent, then ALL) and their sets, in the same order. */
async function sweepSets(
  runs: CachedRuns,
  helpful: ResolvedSelection,
  harmless: ResolvedSelection,
  sites: readonly NeuronSite[],
  neuronCount: number,
  call: CallOptions,
): Promise<{ points: PointSet[]; sets: Int32Array[] }> {
  const points: PointSet[] = [];
  const sets: Int32Array[] = [];
  for (const percent of SWEEP_PERCENTS) {
    for (const { kind, of } of SWEEP_KINDS) {
      const set: ResolvedSet = {
        spec: of ? { kind, of } : { kind },
        helpful: kind !== 'TOP' || of === 'HELPFUL' ? { ...helpful, topPercent: percent } : null,
        harmless: kind !== 'TOP' || of === 'HARMLESS' ? { ...harmless, topPercent: percent } : null,
        mixed: null,
      };
      sets.push(await setNeurons(runs, set, sites, call));
      points.push({ percent, kind, of });
    }
  }
  sets.push(allSet(neuronCount));
  points.push({ percent: 100, kind: 'ALL', of: null });
  return { points, sets };
}

function hasSizes(points: StoredSweepPoint[]): points is SweepPoint[] {
  return points.every((p) => p.neurons !== undefined);
}
