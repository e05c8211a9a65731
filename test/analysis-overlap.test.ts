import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hypergeometricUpperTail, overlapStats, pairOverlap, threeWayStats } from '../src/analysis/overlap.ts';
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

test('three-way overlap, hand-checked: N = 4, three sets of 2', () => {
  // Fix A = {0, 1}. Of the 6 × 6 choices of (B, C): B = A (1 way) leaves C meeting A in ≥ 1
  // neuron 5 ways of 6; B holding one neuron of A (4 ways) leaves C holding it 3 ways of 6; B
  // disjoint from A (1 way) leaves nothing. So P(X ≥ 1) = (5 + 4·3) / 36 = 17/36, and X = 2 only
  // for B = C = A: 1/36. E[X] = 2·2·2 / 4² = 0.5.
  const a = Int32Array.of(0, 1);
  const one = threeWayStats(a, Int32Array.of(1, 2), Int32Array.of(1, 3), 4);
  assert.equal(one.shared, 1);
  assert.equal(one.expectedShared, 0.5);
  assert.ok(Math.abs(one.pValue - 17 / 36) < 1e-14, `${one.pValue}`);
  // Given A ∩ B = {1}: C (2 of 4) holds neuron 1 with probability 1/2; expected 1 · 2 / 4.
  assert.equal(one.expectedSharedGivenPair, 0.5);
  assert.ok(Math.abs(one.pValueGivenPair - 0.5) < 1e-14);
  const all = threeWayStats(a, a, a, 4);
  assert.equal(all.shared, 2);
  assert.ok(Math.abs(all.pValue - 1 / 36) < 1e-14, `${all.pValue}`);
  // Given A ∩ B = A: C = A is 1 of the 6 choices of C.
  assert.equal(all.expectedSharedGivenPair, 1);
  assert.ok(Math.abs(all.pValueGivenPair - 1 / 6) < 1e-14);
  assert.equal(threeWayStats(a, Int32Array.of(2, 3), a, 4).pValue, 1);
});

/** Every k-subset of 0 … n−1, as canonical sets. */
function subsets(n: number, k: number): Int32Array[] {
  const out: Int32Array[] = [];
  const pick = (start: number, chosen: number[]) => {
    if (chosen.length === k) return void out.push(Int32Array.from(chosen));
    for (let i = start; i < n; i++) pick(i + 1, [...chosen, i]);
  };
  pick(0, []);
  return out;
}

test('three-way p-value and expectation equal a full enumeration of independent sets', () => {
  const inAll = (x: Int32Array, y: Int32Array, z: Int32Array) => [...x].filter((j) => y.includes(j) && z.includes(j)).length;
  for (const [n, a, b, c] of [[7, 3, 4, 2], [7, 5, 5, 5], [8, 4, 3, 6], [6, 6, 2, 3]]) {
    // A fixed (the null is symmetric under relabelling neurons); every B and C equally likely.
    const setA = Int32Array.from({ length: a }, (_, i) => i);
    const seen = new Map<number, { count: number; b: Int32Array; c: Int32Array }>();
    let total = 0;
    let sum = 0;
    for (const setB of subsets(n, b)) {
      for (const setC of subsets(n, c)) {
        const x = inAll(setA, setB, setC);
        const entry = seen.get(x) ?? { count: 0, b: setB, c: setC };
        entry.count++;
        seen.set(x, entry);
        total++;
        sum += x;
      }
    }
    for (const [x, { b: setB, c: setC }] of seen) {
      let atLeast = 0;
      for (const [value, { count }] of seen) if (value >= x) atLeast += count;
      const got = threeWayStats(setA, setB, setC, n);
      assert.equal(got.shared, x);
      assert.ok(Math.abs(got.pValue - atLeast / total) < 1e-12, `N=${n} a=${a} b=${b} c=${c} x=${x}: ${got.pValue} vs ${atLeast}/${total}`);
      assert.ok(Math.abs(got.expectedShared - sum / total) < 1e-12, `E: ${got.expectedShared} vs ${sum / total}`);
    }
  }
});

test('three-way p-value at GPT-2 size: the same whichever pair the mixture conditions on; pairs are the two-set overlap', () => {
  // 10% top sets of GPT-2 small's 36 864 neurons and two other sizes: E = a·b·c / N².
  const n = 36864;
  const range = (from: number, length: number) => Int32Array.from({ length }, (_, i) => from + i);
  const [a, b, c] = [range(0, 3687), range(0, 2500), range(0, 5000)];
  for (const shared of [25, 34, 80]) {
    const third = range(2500 - shared, 5000);
    const got = threeWayStats(a, b, third, n);
    assert.equal(got.shared, shared);
    assert.ok(Math.abs(got.expectedShared - (3687 * 2500 * 5000) / n ** 2) < 1e-9);
    // The null is symmetric in the three sets, but the mixture sums different terms for each order.
    for (const other of [threeWayStats(third, a, b, n), threeWayStats(b, third, a, n)]) {
      assert.ok(Math.abs(other.pValue / got.pValue - 1) < 1e-9, `x=${shared}: ${other.pValue} vs ${got.pValue}`);
    }
  }
  // E ≈ 33.9: at the mean P(X ≥ mean) is near one half; 80 is far in the tail but not 0.
  assert.ok(Math.abs(threeWayStats(a, b, range(2500 - 34, 5000), n).pValue - 0.5) < 0.08);
  const tail = threeWayStats(a, b, range(2500 - 80, 5000), n).pValue;
  assert.ok(tail > 1e-20 && tail < 1e-8, `p = ${tail}`);
  const p = pairOverlap(a, c, n);
  assert.deepEqual([p.firstOnly, p.secondOnly, p.shared, p.total], [0, 5000 - 3687, 3687, 5000]);
  const named = overlapStats(a, c, n);
  assert.deepEqual([named.helpfulOnly, named.harmlessOnly, named.sharedShareOfHelpful, named.sharedShareOfHarmless, named.pValue], [p.firstOnly, p.secondOnly, p.sharedShareOfFirst, p.sharedShareOfSecond, p.pValue]);
});

test('three-way p-values of independent random sets are roughly uniform (calibration); given-pair p too', () => {
  let small = 0;
  let smallGiven = 0;
  const trials = 400;
  for (let seed = 0; seed < trials; seed++) {
    // 20% sets of 200: E = 40·40·40 / 200² = 1.6 in all three, so the count is far from degenerate.
    const s = threeWayStats(randomSet(200, 20, seed), randomSet(200, 20, seed + 10_000), randomSet(200, 20, seed + 20_000), 200);
    if (s.pValue <= 0.1) small++;
    if (s.pValueGivenPair <= 0.1) smallGiven++;
  }
  // A one-sided test of a discrete count has P(p ≤ 0.1) ≤ 0.1; allow sampling noise.
  for (const share of [small / trials, smallGiven / trials]) assert.ok(share <= 0.13 && share >= 0.03, `share ${share}`);
});
