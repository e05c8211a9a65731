/**
 * Preference accuracy and its uncertainty. Every accuracy a user reads comes with a seeded
 * percentile-bootstrap 95% CI and the pair count it rests on; differences measured on the
 * same pairs use the paired bootstrap (resample pairs once, apply to both sides).
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

/** Percentile-bootstrap CI of the mean of `values`; for paired differences pass the per-pair differences. */
export function bootstrapMeanCi(
  values: ArrayLike<number>,
  { resamples = BOOTSTRAP_RESAMPLES, seed = BOOTSTRAP_SEED, level = 0.95 } = {},
): { low: number; high: number } {
  return profiled('bootstrap', () => bootstrapCi(values, resamples, seed, level));
}

function bootstrapCi(values: ArrayLike<number>, resamples: number, seed: number, level: number): { low: number; high: number } {
  const n = values.length;
  if (n === 0) return { low: NaN, high: NaN };
  const rng = createRng(seed);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += values[randomInt(rng, n)];
    means[r] = s / n;
  }
  means.sort();
  const tail = (1 - level) / 2;
  return { low: quantileSorted(means, tail), high: quantileSorted(means, 1 - tail) };
}

/**
 * Percentile-bootstrap CI of the ratio Σ numerators / Σ denominators: items are resampled
 * (pairs, with the same seeded draws as the mean's), and the ratio recomputed on each resample.
 * A share of a subset (numerator ≤ denominator per item) needs this, not a CI of the mean over
 * the subset: the subset's size varies between resamples too. Resamples whose denominators sum
 * to 0 have no ratio and are left out; null when every one is.
 */
export function bootstrapRatioCi(
  numerators: ArrayLike<number>,
  denominators: ArrayLike<number>,
  { resamples = BOOTSTRAP_RESAMPLES, seed = BOOTSTRAP_SEED, level = 0.95 } = {},
): { low: number; high: number } | null {
  const n = numerators.length;
  if (denominators.length !== n) throw new Error(`ratio bootstrap needs one denominator per numerator: ${n} vs ${denominators.length}`);
  return profiled('bootstrap', () => {
    const rng = createRng(seed);
    const ratios: number[] = [];
    for (let r = 0; r < resamples; r++) {
      let num = 0;
      let den = 0;
      for (let i = 0; i < n; i++) {
        const j = randomInt(rng, n);
        num += numerators[j];
        den += denominators[j];
      }
      if (den > 0) ratios.push(num / den);
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

/** Accuracy (ties by `ties`), mean margin r_c − r_r, bootstrap CI and pair count. */
export function estimateAccuracy(chosen: ArrayLike<number>, rejected: ArrayLike<number>, seed = BOOTSTRAP_SEED, ties: TieRule = 'HALF'): AccuracyEstimate {
  const wins = pairWins(chosen, rejected, ties);
  const margins = Float64Array.from(wins, (_, i) => chosen[i] - rejected[i]);
  const { low, high } = bootstrapMeanCi(wins, { seed });
  return { accuracy: mean(wins), low, high, meanMargin: mean(margins), pairs: wins.length };
}

/** Accuracy difference after − before on the same pairs, with a paired bootstrap CI. */
export function estimatePairedDelta(
  before: { chosen: ArrayLike<number>; rejected: ArrayLike<number> },
  after: { chosen: ArrayLike<number>; rejected: ArrayLike<number> },
  seed = BOOTSTRAP_SEED,
  ties: TieRule = 'HALF',
): DeltaEstimate {
  const a = pairWins(before.chosen, before.rejected, ties);
  const b = pairWins(after.chosen, after.rejected, ties);
  if (a.length !== b.length) throw new Error(`paired delta needs the same pairs: ${a.length} vs ${b.length}`);
  const diffs = Float64Array.from(b, (v, i) => v - a[i]);
  const { low, high } = bootstrapMeanCi(diffs, { seed });
  return { delta: mean(diffs), low, high, pairs: diffs.length };
}
