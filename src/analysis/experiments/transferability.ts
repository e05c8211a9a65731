/**
 * Transferability (the reference study's measure): of the held-out pairs one RM gets right, the
 * share another also gets right — how much of a single-objective RM's competence survives in
 * the mixed RM. Built on both models' stored rewards, so it never runs a model itself.
 */
import type { Cached } from '../../db/resultCache.ts';
import type { PairRewards } from '../../engine/types.ts';
import { promptClusters } from '../../data/split.ts';
import { bootstrapRatioCi, pairWins } from '../../util/bootstrap.ts';
import { transferabilityKey } from '../cacheKeys.ts';
import type { CachedRuns, CallOptions, StoredRequest } from '../cachedRuns.ts';
import { transferabilityCodec, type StoredTransferability } from '../resultCodecs.ts';
import type { Transferability } from '../resultTypes.ts';
import type { ModelSubject, PartSubject } from '../subjects.ts';
import type { TieRule } from '../../vocabulary.ts';

/**
 * Σ win(from)·win(to) / Σ win(from) over the pairs, wins as accuracy counts them (1, a tie as
 * `ties` says: ½ under HALF, 0 under STRICT, 0), with a percentile-bootstrap CI of the ratio that
 * resamples `clusters` (one per pair; the number of pairs `from` gets right varies between resamples too).
 */
export function transferabilityOf(from: PairRewards, to: PairRewards, clusters: Int32Array, ties: TieRule = 'HALF'): StoredTransferability {
  const fromWins = pairWins(from.chosen, from.rejected, ties);
  const toWins = pairWins(to.chosen, to.rejected, ties);
  if (fromWins.length !== toWins.length) throw new Error(`transferability needs the same pairs: ${fromWins.length} vs ${toWins.length}`);
  const both = Float64Array.from(fromWins, (w, i) => w * toWins[i]);
  const fromCorrect = sum(fromWins);
  const bothCorrect = sum(both);
  const ci = fromCorrect > 0 ? bootstrapRatioCi(both, fromWins, { clusters }) : null;
  return {
    share: fromCorrect > 0 ? bothCorrect / fromCorrect : null,
    shareLow: ci?.low ?? null,
    shareHigh: ci?.high ?? null,
    fromCorrect,
    bothCorrect,
    pairs: fromWins.length,
  };
}

/** Transferability from `from` to `to` on an evaluation part, stored (its bootstrap would otherwise run on every request). */
export async function transferability(
  runs: CachedRuns,
  from: ModelSubject,
  to: ModelSubject,
  part: PartSubject,
  ties: TieRule,
  call: CallOptions,
): Promise<Cached<Transferability>> {
  const { key, compute } = transferabilityRequest(runs, from, to, part, ties, call);
  return withIds(await runs.stored(key, transferabilityCodec, call, compute), from, to, part);
}

/** Transferability as a stored request: the numbers only (`transferabilityCodec`); `withIds` names what they measure. */
export function transferabilityRequest(
  runs: CachedRuns,
  from: ModelSubject,
  to: ModelSubject,
  part: PartSubject,
  ties: TieRule,
  call: CallOptions,
): StoredRequest<StoredTransferability> {
  return {
    key: transferabilityKey(from, to, part, ties),
    compute: async () => {
      const [a, b] = await Promise.all([runs.rewards(from, part, call), runs.rewards(to, part, call)]);
      return transferabilityOf(a.value, b.value, promptClusters(part.pairs), ties);
    },
  };
}

/** A stored transferability with the two models and the dataset it was asked for. */
export function withIds(stored: Cached<StoredTransferability>, from: ModelSubject, to: ModelSubject, part: PartSubject): Cached<Transferability> {
  return { ...stored, value: { from: from.id, to: to.id, dataset: part.ref, ...stored.value } };
}

function sum(values: Float64Array): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}
