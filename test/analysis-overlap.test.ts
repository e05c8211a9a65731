import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hypergeometricUpperTail, overlapStats } from '../src/analysis/overlap.ts';
import { randomSet } from '../src/analysis/neuronSets.ts';

function choose(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  let c = 1n;
  for (let i = 0; i < k; i++) c = (c * BigInt(n - i)) / BigInt(i + 1);
  return c;
}

/** Exact P(X ≥ x) as a double, from BigInt binomials (ratio taken with 60 spare bits). */
function exactUpperTail(x: number, population: number, successes: number, draws: number): number {
  let num = 0n;
  for (let i = Math.max(x, 0); i <= Math.min(successes, draws); i++) num += choose(successes, i) * choose(population - successes, draws - i);
  const den = choose(population, draws);
  if (num === 0n) return 0;
  const shift = den.toString(2).length - num.toString(2).length + 60;
  return Number((num << BigInt(shift)) / den) * 2 ** -shift;
}

test('upper tail equals the brute-force hypergeometric sum for every x on small N', () => {
  for (const [population, successes, draws] of [[10, 3, 4], [20, 7, 9], [20, 15, 12], [7, 0, 3], [12, 12, 5]]) {
    for (let x = 0; x <= Math.min(successes, draws) + 1; x++) {
      const got = hypergeometricUpperTail(x, population, successes, draws);
      const want = exactUpperTail(x, population, successes, draws);
      assert.ok(Math.abs(got - want) <= 1e-12 * Math.max(want, 1e-300) + 1e-15, `N=${population} K=${successes} n=${draws} x=${x}: ${got} vs ${want}`);
    }
  }
});

test('upper tail stays accurate for N in the thousands and tiny p', () => {
  for (const [x, population, successes, draws] of [[60, 300, 90, 90], [90, 300, 90, 90], [120, 3000, 300, 300], [31, 3000, 300, 300]]) {
    const got = hypergeometricUpperTail(x, population, successes, draws);
    const want = exactUpperTail(x, population, successes, draws);
    assert.ok(want > 0 && Math.abs(got / want - 1) < 1e-9, `x=${x}: ${got} vs ${want}`);
  }
  // Full overlap of two 90-neuron sets out of 300: 1 / C(300, 90), about 1e-76.
  assert.ok(hypergeometricUpperTail(90, 300, 90, 90) < 1e-70);
  // 10% top sets of GPT-2 small's 36 864 neurons (expected overlap 368.8, sd 17.3): the median
  // sits at the mean, and 500 shared (z ≈ 7.6, normal tail 2e-14; the hypergeometric is
  // right-skewed, so somewhat heavier) is tiny but neither 0 nor garbage.
  assert.ok(Math.abs(hypergeometricUpperTail(369, 36864, 3687, 3687) - 0.5) < 0.05);
  const p = hypergeometricUpperTail(500, 36864, 3687, 3687);
  assert.ok(p > 1e-14 && p < 1e-11, `p = ${p}`);
});

test('overlapStats: counts, Jaccard, shares, expected overlap, p-value', () => {
  const a = Int32Array.of(0, 1, 2, 3);
  const b = Int32Array.of(2, 3, 4, 5, 6, 7);
  const s = overlapStats(a, b, 20);
  assert.equal(s.helpfulOnly, 2);
  assert.equal(s.harmlessOnly, 4);
  assert.equal(s.shared, 2);
  assert.equal(s.total, 8);
  assert.equal(s.jaccard, 2 / 8);
  assert.equal(s.sharedShareOfHelpful, 2 / 4);
  assert.equal(s.sharedShareOfHarmless, 2 / 6);
  assert.equal(s.expectedShared, (4 * 6) / 20);
  assert.ok(Math.abs(s.pValue - exactUpperTail(2, 20, 4, 6)) < 1e-14);
});

test('overlapStats on empty and disjoint sets has no NaN', () => {
  const empty = overlapStats(new Int32Array(0), new Int32Array(0), 10);
  assert.deepEqual(empty, {
    helpfulOnly: 0, harmlessOnly: 0, shared: 0, total: 0, jaccard: 0,
    sharedShareOfHelpful: 0, sharedShareOfHarmless: 0, expectedShared: 0, pValue: 1,
  });
  assert.equal(overlapStats(Int32Array.of(0), Int32Array.of(1), 2).pValue, 1); // x = 0 is the lowest possible
});

test('p-values of independent random sets are roughly uniform (calibration)', () => {
  let small = 0;
  const trials = 400;
  for (let seed = 0; seed < trials; seed++) {
    if (overlapStats(randomSet(500, 10, seed), randomSet(500, 10, seed + 10_000), 500).pValue <= 0.1) small++;
  }
  // P(p ≤ 0.1) ≤ 0.1 for a discrete one-sided test; allow sampling noise.
  assert.ok(small / trials <= 0.13 && small / trials >= 0.04, `share ${small / trials}`);
});
