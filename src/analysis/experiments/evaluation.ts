/** Preference accuracy of a model on an evaluation part (held-out, or all pairs of an evaluation-only dataset). */
import type { Cached } from '../../db/resultCache.ts';
import { promptClusters } from '../../data/split.ts';
import { estimateAccuracy } from '../../util/bootstrap.ts';
import { evaluationKey } from '../cacheKeys.ts';
import type { CachedRuns, CallOptions, StoredRequest } from '../cachedRuns.ts';
import { evaluationCodec } from '../resultCodecs.ts';
import type { Evaluation } from '../resultTypes.ts';
import type { ModelSubject, PartSubject } from '../subjects.ts';
import type { TieRule } from '../../vocabulary.ts';

/** Accuracy (ties counted by `ties`), mean margin, 95% bootstrap CI (resampling prompt clusters) and pair count. */
export function evaluation(runs: CachedRuns, model: ModelSubject, part: PartSubject, ties: TieRule, call: CallOptions): Promise<Cached<Evaluation>> {
  const { key, compute } = evaluationRequest(runs, model, part, ties, call);
  return runs.stored(key, evaluationCodec, call, compute);
}

/** An evaluation as a stored request (for CachedRuns.storedAll). */
export function evaluationRequest(runs: CachedRuns, model: ModelSubject, part: PartSubject, ties: TieRule, call: CallOptions): StoredRequest<Evaluation> {
  return {
    key: evaluationKey(model, part, ties),
    compute: async () => {
      const r = (await runs.rewards(model, part, call)).value;
      const e = estimateAccuracy(r.chosen, r.rejected, { ties, clusters: promptClusters(part.pairs) });
      return { accuracy: e.accuracy, accuracyLow: e.low, accuracyHigh: e.high, meanMargin: e.meanMargin, pairs: e.pairs };
    },
  };
}

/**
 * Many evaluations at once: every stored one is read with ONE select, and only the misses go
 * through `evaluation` (which computes, or joins a computation in flight). A failed miss is
 * that request's Error, not the batch's: one bad pair must not fail its siblings.
 */
export async function evaluations(
  runs: CachedRuns,
  requests: readonly { model: ModelSubject; part: PartSubject; ties: TieRule }[],
  call: CallOptions,
): Promise<(Cached<Evaluation> | Error)[]> {
  const keys = requests.map(({ model, part, ties }) => evaluationKey(model, part, ties));
  const stored = await runs.cache.readMany(keys, evaluationCodec);
  return Promise.all(
    requests.map(({ model, part, ties }, i) =>
      stored.get(keys[i].key) ?? evaluation(runs, model, part, ties, call).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))),
  );
}
