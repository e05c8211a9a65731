import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BadUserInputError } from '../src/errors.ts';
import { percentCount } from '../src/analysis/neuronLayout.ts';
import { rankOrder, selectEntropy, selectTop } from '../src/analysis/selection.ts';
import type { NeuronScores } from '../src/analysis/types.ts';
import { sitesOfWidths } from './support/neuronStatsFixture.ts';

const sites = sitesOfWidths([3, 3]);
const plain = (values: number[]): NeuronScores => ({ method: 'MAGNITUDE', score: Float64Array.from(values), rankBy: Float64Array.from(values) });

test('k = ceil(p·N/100), without float noise', () => {
  assert.equal(percentCount(34, 6), 3); // 2.04 → 3
  assert.equal(percentCount(30, 6), 2); // 1.8 → 2
  assert.equal(percentCount(50, 6), 3);
  assert.equal(percentCount(1.1, 1000), 11); // 1.1·1000/100 = 11.000000000000002 in floats
  assert.equal(percentCount(100, 6), 6);
});

test('TOP orders by score descending, ties by (layer, index), returns the set ascending', () => {
  const s = plain([3, 5, 5, 1, 5, 2]);
  assert.deepEqual([...rankOrder(s.rankBy)], [1, 2, 4, 0, 5, 3]);
  assert.deepEqual([...selectTop(s, 30, sites)], [1, 2]); // k = 2 of three tied 5s: the two lowest (layer, index)
  assert.deepEqual([...selectTop(s, 34, sites)], [1, 2, 4]);
  assert.deepEqual([...selectTop(s, 100, sites)], [0, 1, 2, 3, 4, 5]);
});

test('TOP on CONTRAST ranks by |score|', () => {
  const score = Float64Array.of(-4, 1, 3, -0.5, 0, 0.2);
  const contrast: NeuronScores = { method: 'CONTRAST', score, rankBy: score.map(Math.abs) };
  assert.deepEqual([...selectTop(contrast, 34, sites)], [0, 1, 2]);
  assert.deepEqual([...selectTop(contrast, 30, sites)], [0, 2]);
});

test('TOP per layer takes ceil(p·n_l/100) from each layer', () => {
  const s = plain([3, 5, 5, 1, 5, 2]);
  assert.deepEqual([...selectTop(s, 34, sites, { perLayer: true })], [1, 2, 4, 5]);
  // Uneven widths: 50% of 3 → 2, of 1 → 1.
  assert.deepEqual([...selectTop(plain([9, 8, 7, 0]), 50, sitesOfWidths([3, 1]), { perLayer: true })], [0, 1, 3]);
});

test('TOP refuses a percent outside (0, 100] and NaN scores rank last', () => {
  for (const p of [0, -1, 100.5, NaN]) assert.throws(() => selectTop(plain([1, 2, 3, 4, 5, 6]), p, sites), BadUserInputError);
  assert.deepEqual([...selectTop(plain([NaN, 1, NaN, 0, -1, NaN]), 50, sites)], [1, 3, 4]);
});

// 40 neurons, 80 probabilities; the 95th percentile (linear) sits at sorted[75] + 0.05·(sorted[76] − sorted[75])
// = 0.6 + 0.05·0.1 = 0.605, so exactly 0.9, 0.8, 0.7, 0.7 lie above it.
function entropyFixture() {
  const pHelp = new Float64Array(40).fill(0.1);
  const pHarm = new Float64Array(40).fill(0.1);
  pHelp[3] = 0.9; // helpful-specific: H(0.9, 0.1) = 0.325
  pHelp[7] = 0.2;
  pHarm[7] = 0.8; // harmless-specific: H(0.2, 0.8) = 0.500
  pHelp[11] = 0.7;
  pHarm[11] = 0.7; // above for both: H = ln 2
  pHelp[20] = 0.6; // highest below the threshold: H = ∞ despite a low entropy
  pHarm[20] = 0.05;
  pHelp[30] = 0.15; // H = 0, but neither above the threshold: ∞
  pHarm[30] = 0;
  return { pHelp, pHarm };
}

test('ENTROPY: lowest entropy among neurons above the 95th percentile, filtered to the objective', () => {
  const { pHelp, pHarm } = entropyFixture();
  assert.deepEqual([...selectEntropy(pHelp, pHarm, 5, 'HELPFUL')], [3]); // k = 2: {3, 7}
  assert.deepEqual([...selectEntropy(pHelp, pHarm, 5, 'HARMLESS')], [7]);
  assert.deepEqual([...selectEntropy(pHelp, pHarm, 10, 'HELPFUL')], [3, 11]); // k = 4: {3, 7, 11, 0 (H = ∞)}
  assert.deepEqual([...selectEntropy(pHelp, pHarm, 10, 'HARMLESS')], [7, 11]);
  assert.deepEqual([...selectEntropy(pHelp, pHarm, 2.5, 'HARMLESS')], []); // k = 1: {3}, not harmless
  assert.deepEqual([...selectEntropy(pHelp, pHarm, 100, 'HELPFUL')], [3, 11]); // ∞-entropy neurons never belong
});

test('ENTROPY needs equal-length probabilities and a valid percent', () => {
  assert.throws(() => selectEntropy(new Float64Array(3), new Float64Array(4), 10, 'HELPFUL'), BadUserInputError);
  assert.throws(() => selectEntropy(new Float64Array(3), new Float64Array(3), 0, 'HELPFUL'), BadUserInputError);
});
