/** Preference accuracy of a model on an evaluation part (held-out, or all pairs of an evaluation-only dataset). */
import type { Cached } from '../../db/resultCache.ts';
import { estimateAccuracy } from '../../util/bootstrap.ts';
import { evaluationKey } from '../cacheKeys.ts';
import type { CachedRuns, CallOptions } from '../cachedRuns.ts';
import { evaluationCodec } from '../resultCodecs.ts';
import type { Evaluation } from '../resultTypes.ts';
import type { ModelSubject, PartSubject } from '../subjects.ts';

/** Accuracy (ties half), mean margin, 95% bootstrap CI and pair count. */
export function evaluation(runs: CachedRuns, model: ModelSubject, part: PartSubject, call: CallOptions): Promise<Cached<Evaluation>> {
  return runs.cache.get(evaluationKey(model, part), evaluationCodec, async () => {
    const r = (await runs.rewards(model, part, call)).value;
    const e = estimateAccuracy(r.chosen, r.rejected);
    return { accuracy: e.accuracy, accuracyLow: e.low, accuracyHigh: e.high, meanMargin: e.meanMargin, pairs: e.pairs };
  });
}
