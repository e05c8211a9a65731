/**
 * `Query.pSweep` (rmlens.md §1): zero-ablate TOP and ONLY of each objective and SHARED at
 * p = 2, 4, …, 30 (each selection's topPercent replaced by p), and ALL, in one model on an
 * evaluation part — every condition in one batched engine call.
 */
import type { Cached } from '../../db/resultCache.ts';
import { accuracyOf } from '../../util/bootstrap.ts';
import type { DataObjective, NeuronSetKind } from '../../vocabulary.ts';
import { ablationCondition } from '../ablationConditions.ts';
import { sweepKey } from '../cacheKeys.ts';
import type { CachedRuns, CallOptions } from '../cachedRuns.ts';
import { allSet } from '../neuronSets.ts';
import { sweepCodec } from '../resultCodecs.ts';
import type { SweepPoint } from '../resultTypes.ts';
import type { ResolvedSelection, ResolvedSet } from '../setSpec.ts';
import type { ModelSubject, PartSubject } from '../subjects.ts';
import { setNeurons } from './sets.ts';

/** The p-sweep percents of the reference (2, 4, …, 30); ALL (100) is added to every sweep. */
export const SWEEP_PERCENTS: readonly number[] = Array.from({ length: 15 }, (_, i) => 2 * (i + 1));

/** The set kinds a p-sweep ablates at each percent, each with its objective. */
export const SWEEP_KINDS: readonly { kind: NeuronSetKind; of: DataObjective | null }[] = [
  { kind: 'TOP', of: 'HELPFUL' },
  { kind: 'TOP', of: 'HARMLESS' },
  { kind: 'ONLY', of: 'HELPFUL' },
  { kind: 'ONLY', of: 'HARMLESS' },
  { kind: 'SHARED', of: null },
];

/** Accuracy and its change after each ablation of the sweep. */
export function pSweep(
  runs: CachedRuns,
  model: ModelSubject,
  part: PartSubject,
  helpful: ResolvedSelection,
  harmless: ResolvedSelection,
  call: CallOptions,
): Promise<Cached<SweepPoint[]>> {
  return runs.stored(sweepKey(model, part, helpful, harmless, SWEEP_PERCENTS), sweepCodec, call, async () => {
    const { sites, neuronCount } = await runs.modelInfo(model);
    const points: Omit<SweepPoint, 'accuracy' | 'deltaAccuracy'>[] = [];
    const sets: Int32Array[] = [];
    for (const percent of SWEEP_PERCENTS) {
      for (const { kind, of } of SWEEP_KINDS) {
        const set: ResolvedSet = {
          spec: of ? { kind, of } : { kind },
          helpful: kind !== 'TOP' || of === 'HELPFUL' ? { ...helpful, topPercent: percent } : null,
          harmless: kind !== 'TOP' || of === 'HARMLESS' ? { ...harmless, topPercent: percent } : null,
        };
        sets.push(await setNeurons(runs, set, sites, call));
        points.push({ percent, kind, of });
      }
    }
    sets.push(allSet(neuronCount));
    points.push({ percent: 100, kind: 'ALL', of: null });
    const ablated = await runs.ablatedRewards(model, part, sets.map((s) => ablationCondition(s, neuronCount, 'ZERO')), call);
    const baseline = accuracyOf((await runs.rewards(model, part, call)).value);
    return points.map((p, i) => {
      const accuracy = accuracyOf(ablated[i]);
      return { ...p, accuracy, deltaAccuracy: accuracy - baseline };
    });
  });
}
