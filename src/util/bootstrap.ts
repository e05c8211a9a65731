/**
 * Preference accuracy and its uncertainty. Every accuracy a user reads comes with a seeded
 * percentile-bootstrap 95% CI and the pair count it rests on; differences measured on the
 * same pairs use the paired bootstrap (resample once, apply to both sides).
 *
 * What is resampled is a caller's choice, made explicit by `clusters`: the cluster of each item.
 * Pairs that share a prompt are not independent (the same request answered several ways), so
 * the analysis resamples prompt clusters (src/data/split.ts, `promptClusters`): whole clusters
 * are drawn with replacement and a statistic is recomputed over the pairs they hold. With every
 * item its own cluster (`itemClusters`) this is the plain pair bootstrap, draw for draw.
 */
import type { TieRule } from '../vocabulary.ts';
import { profiled } from './profile.ts';
import { createRng, randomInt } from './random.ts';

export const BOOTSTRAP_RESAMPLES = 2000;
export const BOOTSTRAP_SEED = 20260;

export interface AccuracyEstimate {
  accuracy: number;
  low: number;
  high: number;
  meanMargin: number;
  pairs: number;
}

export interface DeltaEstimate {
  delta: number;
  low: number;
  high: number;
  pairs: number;
}

/** What a tie counts under each rule: HALF (rmlens' default) ½, STRICT (the reference's `>`) nothing. */
export const TIE_VALUE: Readonly<Record<TieRule, number>> = { HALF: 0.5, STRICT: 0 };

/** Per-pair outcome: 1 when chosen outscores rejected, 0 when it scores lower, TIE_VALUE[ties] on a tie. */
export function pairWins(chosen: ArrayLike<number>, rejected: ArrayLike<number>, ties: TieRule = 'HALF'): Float64Array {
  if (chosen.length !== rejected.length) throw new Error(`reward arrays differ in length: ${chosen.length} vs ${rejected.length}`);
  const tie = TIE_VALUE[ties];
  const wins = new Float64Array(chosen.length);
  for (let i = 0; i < chosen.length; i++) wins[i] = chosen[i] > rejected[i] ? 1 : chosen[i] === rejected[i] ? tie : 0;
  return wins;
}

/** Plain accuracy without a CI: controls and sweeps need only the point value. */
export function accuracyOf(rewards: { chosen: ArrayLike<number>; rejected: ArrayLike<number> }, ties: TieRule = 'HALF'): number {
  return mean(pairWins(rewards.chosen, rewards.rejected, ties));
}

/** Arithmetic mean; NaN for no values. */
export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return values.length ? s / values.length : NaN;
}

/** How a bootstrap runs: resamples, seed, level, and the cluster of each item (what is resampled). */
export interface BootstrapOptions {
  /** Dense or sparse cluster ids, one per item: items of one cluster are drawn together. */
  clusters: Int32Array;
  resamples?: number;
  seed?: number;
  level?: number;
}

/** Every item its own cluster: the plain item-by-item bootstrap. */
export function itemClusters(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}

/**
 * Per-cluster totals of one or more per-item series, clusters in order of first appearance
 * (so singleton clusters keep the items' order and draws match the item bootstrap's).
 */
function clusterTotals(clusters: Int32Array, ...series: ArrayLike<number>[]): Float64Array[] {
  const n = clusters.length;
  for (const values of series) if (values.length !== n) throw new Error(`bootstrap needs one cluster per item: ${values.length} items, ${n} clusters`);
  const slot = new Map<number, number>();
  for (let i = 0; i < n; i++) if (!slot.has(clusters[i])) slot.set(clusters[i], slot.size);
  const totals = series.map(() => new Float64Array(slot.size));
  for (let i = 0; i < n; i++) {
    const j = slot.get(clusters[i])!;
    for (let t = 0; t < series.length; t++) totals[t][j] += series[t][i];
  }
  return totals;
}

/** Percentile-bootstrap CI of the mean of `values` (per item); for paired differences pass the per-item differences. */
export function bootstrapMeanCi(values: ArrayLike<number>, options: BootstrapOptions): { low: number; high: number } {
  if (values.length === 0) return { low: NaN, high: NaN };
  const ci = bootstrapRatioCi(values, new Float64Array(values.length).fill(1), options);
  return ci ?? { low: NaN, high: NaN };
}

/**
 * Percentile-bootstrap CI of the ratio Σ numerators / Σ denominators: clusters are resampled and
 * the ratio recomputed on each resample. A mean is the ratio with denominators 1 (a cluster's
 * weight is its number of items); a share of a subset (numerator ≤ denominator per item) needs
 * the ratio, not a CI of the mean over the subset, since the subset's size varies between
 * resamples too. Resamples whose denominators sum to 0 have no ratio and are left out; null when
 * every one is.
 */
export function bootstrapRatioCi(
  numerators: ArrayLike<number>,
  denominators: ArrayLike<number>,
  { clusters, resamples = BOOTSTRAP_RESAMPLES, seed = BOOTSTRAP_SEED, level = 0.95 }: BootstrapOptions,
): { low: number; high: number } | null {
  if (denominators.length !== numerators.length) throw new Error(`ratio bootstrap needs one denominator per numerator: ${numerators.length} vs ${denominators.length}`);
  return profiled('bootstrap', () => {
    const [num, den] = clusterTotals(clusters, numerators, denominators);
    const k = num.length;
    const rng = createRng(seed);
    const ratios: number[] = [];
    for (let r = 0; r < resamples; r++) {
      let a = 0;
      let b = 0;
      for (let i = 0; i < k; i++) {
        const j = randomInt(rng, k);
        a += num[j];
        b += den[j];
      }
      if (b > 0) ratios.push(a / b);
    }
    if (ratios.length === 0) return null;
    const sorted = Float64Array.from(ratios).sort();
    const tail = (1 - level) / 2;
    return { low: quantileSorted(sorted, tail), high: quantileSorted(sorted, 1 - tail) };
  });
}

/** Linear-interpolated quantile of an ascending array. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** What an estimate needs beside the rewards: the tie rule and the items' clusters (what the CI resamples). */
export interface EstimateOptions {
  clusters: Int32Array;
  ties?: TieRule;
  seed?: number;
}

/** Accuracy (ties by `ties`), mean margin r_c − r_r, bootstrap CI and pair count. */
export function estimateAccuracy(chosen: ArrayLike<number>, rejected: ArrayLike<number>, { clusters, ties = 'HALF', seed = BOOTSTRAP_SEED }: EstimateOptions): AccuracyEstimate {
  const wins = pairWins(chosen, rejected, ties);
  const margins = Float64Array.from(wins, (_, i) => chosen[i] - rejected[i]);
  const { low, high } = bootstrapMeanCi(wins, { clusters, seed });
  return { accuracy: mean(wins), low, high, meanMargin: mean(margins), pairs: wins.length };
}

/** Accuracy difference after − before on the same pairs, with a paired bootstrap CI. */
export function estimatePairedDelta(
  before: { chosen: ArrayLike<number>; rejected: ArrayLike<number> },
  after: { chosen: ArrayLike<number>; rejected: ArrayLike<number> },
  { clusters, ties = 'HALF', seed = BOOTSTRAP_SEED }: EstimateOptions,
): DeltaEstimate {
  const a = pairWins(before.chosen, before.rejected, ties);
  const b = pairWins(after.chosen, after.rejected, ties);
  if (a.length !== b.length) throw new Error(`paired delta needs the same pairs: ${a.length} vs ${b.length}`);
  const diffs = Float64Array.from(b, (v, i) => v - a[i]);
  const { low, high } = bootstrapMeanCi(diffs, { clusters, seed });
  return { delta: mean(diffs), low, high, pairs: diffs.length };
}
