/**
 * `Query.ablation`: a set ablated in a model on an evaluation part, against size-matched random
 * controls (same per-layer counts, seeds from their own stream). The set and all its controls
 * run as one batched engine call; MEAN fills come from the same dataset's TRAIN part.
 */
import type { Cached } from '../../db/resultCache.ts';
import { promptClusters } from '../../data/split.ts';
import { accuracyOf, estimateAccuracy, estimatePairedDelta } from '../../util/bootstrap.ts';
import type { AblationMode, TieRule } from '../../vocabulary.ts';
import { ablationCondition } from '../ablationConditions.ts';
import { ablationKey } from '../cacheKeys.ts';
import type { CachedRuns, CallOptions } from '../cachedRuns.ts';
import { controlSeed, deltaPerNeuron, summarizeControls } from '../controls.ts';
import { randomMatchedSet } from '../neuronSets.ts';
import { trainMeans } from '../neuronScores.ts';
import { ablationCodec } from '../resultCodecs.ts';
import type { Ablation } from '../resultTypes.ts';
import type { ResolvedSet } from '../setSpec.ts';
import type { ModelSubject, PartSubject } from '../subjects.ts';
import { setNeurons } from './sets.ts';

/** A validated ablation request with its subjects resolved. */
export interface ResolvedAblation {
  model: ModelSubject;
  part: PartSubject;
  set: ResolvedSet;
  mode: AblationMode;
  /** SCALE's keep factor; null for ZERO and MEAN. */
  alpha: number | null;
  controls: number;
  /** The train part MEAN fills are averaged over; null unless MEAN. */
  meansPart: PartSubject | null;
  /** What a tie counts in every accuracy of the result. */
  ties: TieRule;
}

/** Before/after accuracy and margin, the paired-bootstrap CI of the delta, and the controls' spread. */
export function ablation(runs: CachedRuns, request: ResolvedAblation, call: CallOptions): Promise<Cached<Ablation>> {
  const { model, part, set, mode, alpha, controls, meansPart, ties } = request;
  return runs.stored(ablationKey(request), ablationCodec, call, async () => {
    const { sites, neuronCount } = await runs.modelInfo(model);
    const neurons = await setNeurons(runs, set, sites, call);
    const means = meansPart ? trainMeans(await runs.neuronStats(model, null, meansPart, call), sites) : undefined;
    const sets = [neurons, ...Array.from({ length: controls }, (_, i) => randomMatchedSet(neurons, sites, controlSeed(i)))];
    const conditions = sets.map((s) => ablationCondition(s, neuronCount, mode, { means, alpha }));
    const [after, ...controlRewards] = await runs.ablatedRewards(model, part, conditions, call);
    const before = (await runs.rewards(model, part, call)).value;
    const clusters = promptClusters(part.pairs);
    const baseline = estimateAccuracy(before.chosen, before.rejected, { ties, clusters });
    const ablated = estimateAccuracy(after.chosen, after.rejected, { ties, clusters });
    const delta = estimatePairedDelta(before, after, { ties, clusters });
    const summary = summarizeControls(delta.delta, controlRewards.map((r) => accuracyOf(r, ties) - baseline.accuracy));
    return {
      neurons: neurons.length,
      pairs: delta.pairs,
      baselineAccuracy: baseline.accuracy,
      accuracy: ablated.accuracy,
      deltaAccuracy: delta.delta,
      deltaLow: delta.low,
      deltaHigh: delta.high,
      baselineMargin: baseline.meanMargin,
      meanMargin: ablated.meanMargin,
      deltaPerNeuron: deltaPerNeuron(delta.delta, neurons.length),
      controls: summary.controls,
      controlMeanDelta: summary.mean,
      controlStdDelta: summary.sd,
      zScore: summary.z,
    };
  });
}
