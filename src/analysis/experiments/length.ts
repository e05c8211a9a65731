/**
 * Length: are the RMs length detectors? The rule "the longer response wins" is scored on each
 * held-out part like a model (equal lengths tie, counted as the tie rule says: half by default;
 * bootstrap CI), and every model's accuracy is split by
 * whether the chosen response is the longer, the shorter, or as long as the rejected one.
 *
 * Length is counted in response tokens AS THE MODELS READ THEM: rmlens' tokenizer with its
 * truncation (the first 128 response tokens; an empty response reads as one token). A model
 * cannot see past the cut, so a full-length rule would credit the models with a signal they
 * never had; with every neuron zeroed, a zoo RM's reward is a function of exactly this count
 * (docs/zoo.md). Two responses both cut at 128 tokens are of equal length here.
 */
import { DEFAULT_TOKENIZER } from '../../data/tokenizer.ts';
import type { PairRewards } from '../../engine/types.ts';
import { promptClusters } from '../../data/split.ts';
import { estimateAccuracy } from '../../util/bootstrap.ts';
import { lengthBaselineKey, lengthStrataKey } from '../cacheKeys.ts';
import type { CachedRuns, CallOptions, StoredRequest } from '../cachedRuns.ts';
import type { StoredLengthBaseline } from '../resultCodecs.ts';
import type { LengthStrata, LengthStratum } from '../resultTypes.ts';
import type { ModelSubject, PartSubject } from '../subjects.ts';
import type { BaselineRule, TieRule } from '../../vocabulary.ts';

/** The tokenizer lengths are counted with: the one every zoo model declares in its metadata. */
const LENGTH_TOKENIZER = DEFAULT_TOKENIZER;

/**
 * The longer-wins rule on per-pair response lengths: accuracy (equal lengths tie, counted by
 * `ties`), CI (resampling `clusters`, one per pair), and the pairs per stratum.
 */
export function lengthBaselineOf(lengths: PairRewards, maxResponseTokens: number, clusters: Int32Array, ties: TieRule = 'HALF'): StoredLengthBaseline {
  const e = estimateAccuracy(lengths.chosen, lengths.rejected, { ties, clusters });
  const strata = strataOf(lengths);
  return {
    accuracy: e.accuracy,
    accuracyLow: e.low,
    accuracyHigh: e.high,
    pairs: e.pairs,
    chosenLonger: strata.chosenLonger.length,
    chosenShorter: strata.chosenShorter.length,
    equalLength: strata.equalLength.length,
    maxResponseTokens,
  };
}

/** A model's accuracy (reward ties counted by `ties`, bootstrap CI resampling `clusters`, one per pair) on each length stratum of the same pairs. */
export function lengthStrataOf(rewards: PairRewards, lengths: PairRewards, clusters: Int32Array, ties: TieRule = 'HALF'): LengthStrata {
  if (rewards.chosen.length !== lengths.chosen.length) throw new Error(`rewards and lengths of different parts: ${rewards.chosen.length} vs ${lengths.chosen.length} pairs`);
  const strata = strataOf(lengths);
  const stratum = (pairs: readonly number[]): LengthStratum => {
    if (pairs.length === 0) return { accuracy: null, accuracyLow: null, accuracyHigh: null, pairs: 0 };
    const e = estimateAccuracy(pairs.map((i) => rewards.chosen[i]), pairs.map((i) => rewards.rejected[i]), { ties, clusters: Int32Array.from(pairs, (i) => clusters[i]) });
    return { accuracy: e.accuracy, accuracyLow: e.low, accuracyHigh: e.high, pairs: e.pairs };
  };
  return { chosenLonger: stratum(strata.chosenLonger), chosenShorter: stratum(strata.chosenShorter), equalLength: stratum(strata.equalLength) };
}

/** Pair indices (in part order) by which response is longer. */
function strataOf(lengths: PairRewards): Record<keyof LengthStrata, number[]> {
  const strata: Record<keyof LengthStrata, number[]> = { chosenLonger: [], chosenShorter: [], equalLength: [] };
  for (let i = 0; i < lengths.chosen.length; i++) {
    const d = lengths.chosen[i] - lengths.rejected[i];
    strata[d > 0 ? 'chosenLonger' : d < 0 ? 'chosenShorter' : 'equalLength'].push(i);
  }
  return strata;
}

/** The rule of lengthBaselineOf, as it is served and keyed. */
export const LENGTH_RULE: BaselineRule = 'LONGER_WINS';

/**
 * "The longer response wins" on an evaluation part (held-out, or every pair of an
 * evaluation-only dataset), as a stored request: the numbers only (LENGTH_RULE and the dataset
 * are the caller's), read with `lengthBaselineCodec`.
 */
export function lengthBaselineRequest(runs: CachedRuns, part: PartSubject, ties: TieRule, call: CallOptions): StoredRequest<StoredLengthBaseline> {
  return {
    key: lengthBaselineKey(LENGTH_RULE, part, LENGTH_TOKENIZER, ties),
    compute: async () => lengthBaselineOf((await runs.responseLengths(part, LENGTH_TOKENIZER, call)).value, LENGTH_TOKENIZER.maxResponseTokens, promptClusters(part.pairs), ties),
  };
}

/** A model's accuracy per length stratum of an evaluation part, from its stored rewards, as a stored request (`lengthStrataCodec`). */
export function lengthStrataRequest(runs: CachedRuns, model: ModelSubject, part: PartSubject, ties: TieRule, call: CallOptions): StoredRequest<LengthStrata> {
  return {
    key: lengthStrataKey(model, part, LENGTH_TOKENIZER, ties),
    compute: async () => {
      const [rewards, lengths] = await Promise.all([runs.rewards(model, part, call), runs.responseLengths(part, LENGTH_TOKENIZER, call)]);
      return lengthStrataOf(rewards.value, lengths.value, promptClusters(part.pairs), ties);
    },
  };
}
