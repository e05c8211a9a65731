/**
 * The tension table (rmlens.md §1, finding 1): every model on every held-out dataset, and the
 * interference of mixing — how much better each single-objective RM does than the mixed RM on
 * that objective's data, measured on the same pairs with a paired bootstrap. Beside them: the
 * length rule on each dataset and each row split by length (length.ts), and the transferability
 * of each single-objective RM's right answers to each mixed RM (transferability.ts).
 */
import type { PairRewards } from '../../engine/types.ts';
import { promptClusters } from '../../data/split.ts';
import { estimatePairedDelta } from '../../util/bootstrap.ts';
import { interferenceKey } from '../cacheKeys.ts';
import type { CachedRuns, CallOptions } from '../cachedRuns.ts';
import { evaluationCodec, interferenceCodec, lengthBaselineCodec, lengthStrataCodec, transferabilityCodec } from '../resultCodecs.ts';
import { withProvenance, type ProvenancedTensionReport, type ProvenancedTensionRow } from '../provenance.ts';
import type { Interference } from '../resultTypes.ts';
import type { ModelSubject, PartSubject } from '../subjects.ts';
import { evaluationRequest } from './evaluation.ts';
import { LENGTH_RULE, lengthBaselineRequest, lengthStrataRequest } from './length.ts';
import { transferabilityRequest, withIds } from './transferability.ts';
import { DATA_OBJECTIVES, type DataObjective, type TieRule } from '../../vocabulary.ts';

/**
 * accuracy(single) − accuracy(mixed) on the pooled pairs of one objective's held-out datasets
 * (`single[i]` and `mixed[i]` are both models' rewards on dataset i), with a paired-bootstrap CI
 * that resamples the pooled pairs' prompt clusters (`clusters`, one per pooled pair: a prompt in
 * two datasets is one cluster).
 */
export function interferenceOf(
  objective: DataObjective,
  ids: { single: string; mixed: string },
  single: readonly PairRewards[],
  mixed: readonly PairRewards[],
  clusters: Int32Array,
  ties: TieRule,
): Interference {
  const pool = (parts: readonly PairRewards[]) => ({
    chosen: concat(parts.map((p) => p.chosen)),
    rejected: concat(parts.map((p) => p.rejected)),
  });
  const d = estimatePairedDelta(pool(mixed), pool(single), { ties, clusters });
  return { objective, single: ids.single, mixed: ids.mixed, delta: d.delta, deltaLow: d.low, deltaHigh: d.high, pairs: d.pairs };
}

/**
 * Evaluates every model on every dataset's evaluation part (overall and per length stratum),
 * scores the length rule on each part, for each objective pairs every single-objective model
 * with every MIXED model over that objective's datasets (interference), and measures how each
 * single-objective model's right answers transfer to each MIXED model on every part. Each kind
 * of result is read with one select (CachedRuns.storedAll); misses are computed in turn.
 */
export async function tensionReport(
  runs: CachedRuns,
  models: readonly ModelSubject[],
  parts: readonly PartSubject[],
  ties: TieRule,
  call: CallOptions,
): Promise<ProvenancedTensionReport> {
  const cells = models.flatMap((model) => parts.map((part) => ({ model, part })));
  const evaluations = await runs.storedAll(evaluationCodec, cells.map(({ model, part }) => evaluationRequest(runs, model, part, ties, call)), call);
  const strata = await runs.storedAll(lengthStrataCodec, cells.map(({ model, part }) => lengthStrataRequest(runs, model, part, ties, call)), call);
  const rows: ProvenancedTensionRow[] = cells.map(({ model, part }, i) => ({
    model: model.id,
    dataset: part.ref,
    evaluation: withProvenance(evaluations[i]),
    byLength: strata[i].value,
  }));
  const baselines = (await runs.storedAll(lengthBaselineCodec, parts.map((part) => lengthBaselineRequest(runs, part, ties, call)), call))
    .map(({ value }, i) => ({ rule: LENGTH_RULE, dataset: parts[i].ref, ...value }));

  const mixedModels = models.filter((m) => m.entry.objective === 'MIXED');
  const singles = DATA_OBJECTIVES.flatMap((objective) => models.filter((m) => m.entry.objective === objective).map((single) => ({ objective, single })));
  const interferencePairs = singles.flatMap(({ objective, single }) => {
    const own = parts.filter((p) => p.dataset.objective === objective);
    return own.length === 0 ? [] : mixedModels.map((mixed) => ({ objective, single, mixed, own }));
  });
  // Stored: its paired bootstrap (2,000 resamples of every pooled pair) would otherwise run on every request.
  const interference: Interference[] = (await runs.storedAll(interferenceCodec, interferencePairs.map(({ objective, single, mixed, own }) => ({
    key: interferenceKey(single, mixed, own, ties),
    compute: async () => {
      const rewardsOf = (m: ModelSubject) => Promise.all(own.map(async (p) => (await runs.rewards(m, p, call)).value));
      const clusters = promptClusters(own.flatMap((p) => p.pairs));
      return interferenceOf(objective, { single: single.id, mixed: mixed.id }, await rewardsOf(single), await rewardsOf(mixed), clusters, ties);
    },
  })), call)).map(({ value }, i) => {
    const { objective, single, mixed } = interferencePairs[i];
    return { ...value, objective, single: single.id, mixed: mixed.id };
  });

  const transfers = singles.flatMap(({ single }) => mixedModels.flatMap((mixed) => parts.map((part) => ({ single, mixed, part }))));
  const transferability = (await runs.storedAll(transferabilityCodec, transfers.map(({ single, mixed, part }) => transferabilityRequest(runs, single, mixed, part, ties, call)), call))
    .map((stored, i) => withIds(stored, transfers[i].single, transfers[i].mixed, transfers[i].part).value);
  return { rows, interference, baselines, transferability };
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
