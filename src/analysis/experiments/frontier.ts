/**
 * The helpful-vs-harmless frontier: a set scaled by each α (keep = α) in one model, accuracy on
 * one helpful and one harmless evaluation part (one batched engine call per part).
 */
import type { Cached } from '../../db/resultCache.ts';
import { accuracyOf } from '../../util/bootstrap.ts';
import { ablationCondition } from '../ablationConditions.ts';
import { frontierKey } from '../cacheKeys.ts';
import type { CachedRuns, CallOptions } from '../cachedRuns.ts';
import { frontierCodec } from '../resultCodecs.ts';
import type { FrontierPoint } from '../resultTypes.ts';
import type { ResolvedSet } from '../setSpec.ts';
import type { ModelSubject, PartSubject } from '../subjects.ts';
import type { TieRule } from '../../vocabulary.ts';
import { setNeurons } from './sets.ts';

/** The α values of the frontier when none are asked for: 0, 0.25, …, 2 (1 = unchanged). */
export const FRONTIER_ALPHAS: readonly number[] = Array.from({ length: 9 }, (_, i) => i * 0.25);

/**
 * Most alphas one frontier may ask for: each is one more model run over each of its two
 * evaluation parts, so 500 is the compute of MAX_CONTROLS controls. Without a cap, a 20 kB list
 * (well under the server's body limit) would hold the engine for thousands of runs.
 */
export const MAX_FRONTIER_ALPHAS = 500;

/** Accuracy and its change on both objectives at each α. */
export function frontier(
  runs: CachedRuns,
  model: ModelSubject,
  set: ResolvedSet,
  helpful: PartSubject,
  harmless: PartSubject,
  alphas: readonly number[],
  ties: TieRule,
  call: CallOptions,
): Promise<Cached<FrontierPoint[]>> {
  return runs.stored(frontierKey(model, set, helpful, harmless, alphas, ties), frontierCodec, call, async () => {
    const { sites, neuronCount } = await runs.modelInfo(model);
    const neurons = await setNeurons(runs, set, sites, call);
    const conditions = alphas.map((alpha) => ablationCondition(neurons, neuronCount, 'SCALE', { alpha }));
    const measure = async (part: PartSubject) => {
      const baseline = accuracyOf((await runs.rewards(model, part, call)).value, ties);
      return (await runs.ablatedRewards(model, part, conditions, call)).map((r) => {
        const accuracy = accuracyOf(r, ties);
        return { accuracy, delta: accuracy - baseline };
      });
    };
    const help = await measure(helpful);
    const harm = await measure(harmless);
    return alphas.map((alpha, i) => ({
      alpha,
      helpfulAccuracy: help[i].accuracy,
      harmlessAccuracy: harm[i].accuracy,
      helpfulDelta: help[i].delta,
      harmlessDelta: harm[i].delta,
    }));
  });
}
