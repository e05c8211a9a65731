/**
 * The tension table (rmlens.md §1, finding 1): every model on every held-out dataset, and the
 * interference of mixing — how much better each single-objective RM does than the mixed RM on
 * that objective's data, measured on the same pairs with a paired bootstrap. Beside them: the
 * length rule on each dataset and each row split by length (length.ts), and the transferability
 * of each single-objective RM's right answers to each mixed RM (transferability.ts).
 */
import type { PairRewards } from '../../engine/types.ts';
import { estimatePairedDelta } from '../../util/bootstrap.ts';
import { interferenceKey } from '../cacheKeys.ts';
import type { CachedRuns, CallOptions } from '../cachedRuns.ts';
import { interferenceCodec } from '../resultCodecs.ts';
import { withProvenance, type ProvenancedTensionReport, type ProvenancedTensionRow } from '../provenance.ts';
import type { Interference, LengthBaseline, Transferability } from '../resultTypes.ts';
import type { ModelSubject, PartSubject } from '../subjects.ts';
import { evaluation } from './evaluation.ts';
import { lengthBaseline, lengthStrata } from './length.ts';
import { transferability } from './transferability.ts';
import { DATA_OBJECTIVES, type DataObjective } from '../../vocabulary.ts';

/**
 * accuracy(single) − accuracy(mixed) on the pooled pairs of one objective's held-out datasets
 * (`single[i]` and `mixed[i]` are both models' rewards on dataset i), with a paired-bootstrap CI.
 */
export function interferenceOf(
  objective: DataObjective,
  ids: { single: string; mixed: string },
  single: readonly PairRewards[],
  mixed: readonly PairRewards[],
): Interference {
  const pool = (parts: readonly PairRewards[]) => ({
    chosen: concat(parts.map((p) => p.chosen)),
    rejected: concat(parts.map((p) => p.rejected)),
  });
  const d = estimatePairedDelta(pool(mixed), pool(single));
  return { objective, single: ids.single, mixed: ids.mixed, delta: d.delta, deltaLow: d.low, deltaHigh: d.high, pairs: d.pairs };
}

/**
 * Evaluates every model on every dataset's evaluation part (overall and per length stratum),
 * scores the length rule on each part, for each objective pairs every single-objective model
 * with every MIXED model over that objective's datasets (interference), and measures how each
 * single-objective model's right answers transfer to each MIXED model on every part.
 */
export async function tensionReport(runs: CachedRuns, models: readonly ModelSubject[], parts: readonly PartSubject[], call: CallOptions): Promise<ProvenancedTensionReport> {
  const rows: ProvenancedTensionRow[] = [];
  for (const model of models) {
    for (const part of parts) {
      rows.push({
        model: model.id,
        dataset: part.ref,
        evaluation: withProvenance(await evaluation(runs, model, part, call)),
        byLength: (await lengthStrata(runs, model, part, call)).value,
      });
    }
  }
  const baselines: LengthBaseline[] = [];
  for (const part of parts) baselines.push(await lengthBaseline(runs, part, call));
  const mixedModels = models.filter((m) => m.entry.objective === 'MIXED');
  const interference: Interference[] = [];
  for (const objective of DATA_OBJECTIVES) {
    const own = parts.filter((p) => p.dataset.objective === objective);
    if (own.length === 0) continue;
    for (const single of models.filter((m) => m.entry.objective === objective)) {
      for (const mixed of mixedModels) {
        // Stored: its paired bootstrap (2,000 resamples of every pooled pair) would otherwise run on every request.
        const { value } = await runs.stored(interferenceKey(single, mixed, own), interferenceCodec, call, async () => {
          const rewardsOf = (m: ModelSubject) => Promise.all(own.map(async (p) => (await runs.rewards(m, p, call)).value));
          return interferenceOf(objective, { single: single.id, mixed: mixed.id }, await rewardsOf(single), await rewardsOf(mixed));
        });
        interference.push({ ...value, objective, single: single.id, mixed: mixed.id });
      }
    }
  }
  const transfers: Transferability[] = [];
  for (const objective of DATA_OBJECTIVES) {
    for (const single of models.filter((m) => m.entry.objective === objective)) {
      for (const mixed of mixedModels) {
        for (const part of parts) transfers.push((await transferability(runs, single, mixed, part, call)).value);
      }
    }
  }
  return { rows, interference, baselines, transferability: transfers };
}

function concat(arrays: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(arrays.reduce((n, a) => n + a.length, 0));
  let offset = 0;
  for (const a of arrays) {
    out.set(a, offset);
    offset += a.length;
  }
  return out;
}
