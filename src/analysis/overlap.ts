/**
 * How much two objectives' neuron sets overlap, and whether more than chance: under the null
 * that the harmless set is a uniform draw of |B| neurons out of all N, the shared count is
 * hypergeometric(N, |A|, |B|). Terms are summed in log space, so N in the tens of thousands
 * and p-values down to the smallest double stay accurate (direct binomials overflow at N ≈ 1030).
 */
import { sharedSet } from './neuronSets.ts';

/** The numbers of rmlens.md §4 `OverlapSet` (without the neuron list). */
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

/** Overlap of two canonical sets (ascending flat neurons) out of `neuronCount` neurons. */
export function overlapStats(helpful: Int32Array, harmless: Int32Array, neuronCount: number): OverlapStats {
  const a = helpful.length;
  const b = harmless.length;
  if (a > neuronCount || b > neuronCount) throw new Error(`sets of ${a} and ${b} neurons cannot come from ${neuronCount}`);
  const shared = sharedSet(helpful, harmless).length;
  const total = a + b - shared;
  return {
    helpfulOnly: a - shared,
    harmlessOnly: b - shared,
    shared,
    total,
    jaccard: ratio(shared, total),
    sharedShareOfHelpful: ratio(shared, a),
    sharedShareOfHarmless: ratio(shared, b),
    expectedShared: neuronCount > 0 ? (a * b) / neuronCount : 0,
    pValue: hypergeometricUpperTail(shared, neuronCount, a, b),
  };
}

function ratio(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

/**
 * P(X ≥ x) for X ~ hypergeometric(population N, K successes, n draws):
 * Σ_{i ≥ x} C(K, i) C(N−K, n−i) / C(N, n), by log-sum-exp over exact log-factorials.
 */
export function hypergeometricUpperTail(x: number, population: number, successes: number, draws: number): number {
  const lo = Math.max(0, draws - (population - successes));
  const hi = Math.min(successes, draws);
  if (x <= lo) return 1;
  if (x > hi) return 0;
  const lf = logFactorials(population);
  const logChoose = (n: number, k: number) => lf[n] - lf[k] - lf[n - k];
  const logTotal = logChoose(population, draws);
  const terms: number[] = [];
  for (let i = x; i <= hi; i++) {
    terms.push(logChoose(successes, i) + logChoose(population - successes, draws - i) - logTotal);
  }
  const peak = terms.reduce((m, t) => Math.max(m, t), -Infinity);
  let sum = 0;
  for (const t of terms) sum += Math.exp(t - peak);
  return Math.min(1, Math.exp(peak + Math.log(sum)));
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
