/**
 * How much neuron sets overlap, and whether more than chance: under the null that the second
 * set is a uniform draw of |B| neurons out of all N, the shared count of two sets is
 * hypergeometric(N, |A|, |B|); three sets are tested as `threeWayStats` says. Terms are summed in log space, so N in the tens of thousands
 * and p-values down to the smallest double stay accurate (direct binomials overflow at N ≈ 1030).
 */
import { sharedSet } from './neuronSets.ts';

/** The numbers of rmlens.md §4 `OverlapSet` (without the neuron list): `pairOverlap` with the objectives' names. */
export interface OverlapStats {
  helpfulOnly: number;
  harmlessOnly: number;
  shared: number;
  /** |A ∪ B|. */
  total: number;
  /** shared / |A ∪ B|; 0 when both sets are empty. */
  jaccard: number;
  /** shared / |A|; 0 when A is empty. */
  sharedShareOfHelpful: number;
  /** shared / |B|; 0 when B is empty. */
  sharedShareOfHarmless: number;
  /** E[shared] under the null, |A|·|B| / N. */
  expectedShared: number;
  /** P(X ≥ shared), X ~ hypergeometric(N, |A|, |B|): one-sided. */
  pValue: number;
}

/** The overlap of any two sets A (first) and B (second), with the same statistics as OverlapStats. */
export interface PairOverlapStats {
  firstOnly: number;
  secondOnly: number;
  shared: number;
  /** |A ∪ B|. */
  total: number;
  /** shared / |A ∪ B|; 0 when both sets are empty. */
  jaccard: number;
  /** shared / |A|; 0 when A is empty. */
  sharedShareOfFirst: number;
  /** shared / |B|; 0 when B is empty. */
  sharedShareOfSecond: number;
  /** E[shared] under the null, |A|·|B| / N. */
  expectedShared: number;
  /** P(X ≥ shared), X ~ hypergeometric(N, |A|, |B|): one-sided. */
  pValue: number;
}

/** Overlap of two canonical sets (ascending flat neurons) out of `neuronCount` neurons. */
export function pairOverlap(first: Int32Array, second: Int32Array, neuronCount: number): PairOverlapStats {
  const a = first.length;
  const b = second.length;
  assertFits([a, b], neuronCount);
  const shared = sharedSet(first, second).length;
  const total = a + b - shared;
  return {
    firstOnly: a - shared,
    secondOnly: b - shared,
    shared,
    total,
    jaccard: ratio(shared, total),
    sharedShareOfFirst: ratio(shared, a),
    sharedShareOfSecond: ratio(shared, b),
    expectedShared: neuronCount > 0 ? (a * b) / neuronCount : 0,
    pValue: hypergeometricUpperTail(shared, neuronCount, a, b),
  };
}

/** Overlap of the helpful (A) and harmless (B) sets out of `neuronCount` neurons. */
export function overlapStats(helpful: Int32Array, harmless: Int32Array, neuronCount: number): OverlapStats {
  const p = pairOverlap(helpful, harmless, neuronCount);
  return {
    helpfulOnly: p.firstOnly,
    harmlessOnly: p.secondOnly,
    shared: p.shared,
    total: p.total,
    jaccard: p.jaccard,
    sharedShareOfHelpful: p.sharedShareOfFirst,
    sharedShareOfHarmless: p.sharedShareOfSecond,
    expectedShared: p.expectedShared,
    pValue: p.pValue,
  };
}

/**
 * The three-way overlap of sets A, B, C against two nulls.
 *
 * Independence (`expectedShared`, `pValue`): the three sets are independent uniform draws of
 * their sizes a, b, c out of N. Then E|A∩B∩C| = a·b·c / N², and the count is exactly a mixture:
 * S = |A∩B| ~ hypergeometric(N, a, b) and, given S = s, |A∩B∩C| ~ hypergeometric(N, s, c), so
 * P(X ≥ x) = Σ_s P(S = s)·P(X ≥ x | s), summed in log space. Exact, so no permutation noise and
 * no floor of 1/permutations under the tiny p-values of strongly related sets; it is the
 * natural extension of the pairwise hypergeometric test.
 *
 * Given A∩B (`expectedSharedGivenPair`, `pValueGivenPair`): the pairwise overlaps of top sets
 * from related models are already far above chance, and then so is the three-way overlap under
 * independence, whatever C does. This null keeps A∩B as observed and draws only C:
 * |C ∩ (A∩B)| ~ hypergeometric(N, |A∩B|, c), expectation |A∩B|·c / N. It asks whether C takes
 * the neurons A and B share more often than any neurons.
 */
export interface ThreeWayStats {
  /** |A ∩ B ∩ C|. */
  shared: number;
  /** a·b·c / N² (0 when N is 0). */
  expectedShared: number;
  /** P(X ≥ shared) under independence of the three sets: one-sided, exact. */
  pValue: number;
  /** |A∩B|·c / N. */
  expectedSharedGivenPair: number;
  /** P(X ≥ shared), X ~ hypergeometric(N, |A∩B|, c): one-sided. */
  pValueGivenPair: number;
}

/** Three-way overlap of canonical sets out of `neuronCount` neurons (A and B are the pair the conditional null keeps). */
export function threeWayStats(a: Int32Array, b: Int32Array, c: Int32Array, neuronCount: number): ThreeWayStats {
  assertFits([a.length, b.length, c.length], neuronCount);
  const pair = sharedSet(a, b);
  const shared = sharedSet(pair, c).length;
  const lf = logFactorials(neuronCount);
  return {
    shared,
    expectedShared: neuronCount > 0 ? (a.length * b.length * c.length) / neuronCount ** 2 : 0,
    pValue: Math.min(1, Math.exp(logThreeWayUpperTail(shared, neuronCount, a.length, b.length, c.length, lf))),
    expectedSharedGivenPair: neuronCount > 0 ? (pair.length * c.length) / neuronCount : 0,
    pValueGivenPair: Math.min(1, Math.exp(logUpperTail(shared, neuronCount, pair.length, c.length, lf))),
  };
}

/** log P(|A∩B∩C| ≥ x) for independent uniform sets of sizes a, b, c out of N: Σ_{s ≥ x} P(S = s)·P(X ≥ x | S = s). */
function logThreeWayUpperTail(x: number, population: number, a: number, b: number, c: number, lf: Float64Array): number {
  if (x <= 0) return 0;
  const terms: number[] = [];
  // s < x cannot hold x neurons; s beyond min(a, b) or below its lowest value has probability 0.
  for (let s = Math.max(x, a + b - population); s <= Math.min(a, b); s++) {
    terms.push(logPmf(s, population, a, b, lf) + logUpperTail(x, population, s, c, lf));
  }
  return logSumExp(terms);
}

function assertFits(sizes: readonly number[], neuronCount: number): void {
  if (sizes.some((n) => n > neuronCount)) throw new Error(`sets of ${sizes.join(', ')} neurons cannot come from ${neuronCount}`);
}

function ratio(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

/**
 * P(X ≥ x) for X ~ hypergeometric(population N, K successes, n draws):
 * Σ_{i ≥ x} C(K, i) C(N−K, n−i) / C(N, n), by log-sum-exp over exact log-factorials.
 */
export function hypergeometricUpperTail(x: number, population: number, successes: number, draws: number): number {
  return Math.min(1, Math.exp(logUpperTail(x, population, successes, draws, logFactorials(population))));
}

/** log P(X ≥ x), X ~ hypergeometric(N, K, n), over a table `lf` of log-factorials up to N (−∞ when impossible). */
function logUpperTail(x: number, population: number, successes: number, draws: number, lf: Float64Array): number {
  const lo = Math.max(0, draws - (population - successes));
  const hi = Math.min(successes, draws);
  if (x <= lo) return 0;
  if (x > hi) return -Infinity;
  const terms: number[] = [];
  for (let i = x; i <= hi; i++) terms.push(logPmf(i, population, successes, draws, lf));
  return logSumExp(terms);
}

/** log P(X = i), X ~ hypergeometric(N, K, n). */
function logPmf(i: number, population: number, successes: number, draws: number, lf: Float64Array): number {
  const logChoose = (n: number, k: number) => lf[n] - lf[k] - lf[n - k];
  return logChoose(successes, i) + logChoose(population - successes, draws - i) - logChoose(population, draws);
}

function logSumExp(terms: readonly number[]): number {
  const peak = terms.reduce((m, t) => Math.max(m, t), -Infinity);
  if (peak === -Infinity) return -Infinity;
  let sum = 0;
  for (const t of terms) sum += Math.exp(t - peak);
  return peak + Math.log(sum);
}

/** log(i!) for i = 0 … n, summed with compensation so log(N!) ≈ N log N keeps full precision. */
function logFactorials(n: number): Float64Array {
  const lf = new Float64Array(n + 1);
  let sum = 0;
  let carry = 0;
  for (let i = 2; i <= n; i++) {
    const y = Math.log(i) - carry;
    const t = sum + y;
    carry = t - sum - y;
    sum = t;
    lf[i] = sum;
  }
  return lf;
}
