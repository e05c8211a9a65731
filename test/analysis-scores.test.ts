import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NeuronStats } from '../src/engine/types.ts';
import { BadUserInputError } from '../src/errors.ts';
import { poolNeuronStats, scoreNeurons, trainMeans } from '../src/analysis/neuronScores.ts';
import { rankOrder } from '../src/analysis/selection.ts';

import { createRng, randomNormal } from '../src/util/random.ts';
import { sitesOfWidths, statsFromActivations, type PairActivations } from './support/neuronStatsFixture.ts';
import type { ScoreMethod } from '../src/vocabulary.ts';

// Two sites with different token counts, so a score that used the wrong site's count shows.
const sites = sitesOfWidths([2, 1]);
const handStats: NeuronStats = {
  neuronCount: 3,
  pairs: 4,
  chosen: { sum: Float64Array.of(4, -2, 6), tokens: [4, 2], positive: Float64Array.of(4, 1, 2), sqDiffBase: Float64Array.of(16, 4, 8) },
  rejected: { sum: Float64Array.of(2, 2, -2), tokens: [2, 1], positive: Float64Array.of(1, 2, 0), sqDiffBase: Float64Array.of(8, 0, 4) },
  // d per pair: neuron 0 [1,2,3,4], neuron 1 [-1,-1,-1,-1], neuron 2 [-3,-1,-2,-2]
  contrastSum: Float64Array.of(10, -4, -8),
  contrastSumSq: Float64Array.of(30, 4, 18),
};

function close(actual: ArrayLike<number>, expected: number[], eps = 1e-12) {
  assert.equal(actual.length, expected.length);
  expected.forEach((e, i) => assert.ok(Math.abs(actual[i] - e) <= eps, `[${i}] ${actual[i]} vs ${e}`));
}

test('MAGNITUDE is the signed token mean per side, averaged over sides', () => {
  // (4/4 + 2/2)/2, (−2/4 + 2/2)/2, (6/2 + −2/1)/2
  const s = scoreNeurons(handStats, 'MAGNITUDE', sites);
  close(s.score, [1, 0.25, 0.5]);
  assert.deepEqual(s.rankBy, s.score);
});

test('PROBABILITY is the positive-token fraction per side, averaged', () => {
  close(scoreNeurons(handStats, 'PROBABILITY', sites).score, [(1 + 0.5) / 2, (0.25 + 1) / 2, (1 + 0) / 2]);
});

test('CHANGE is the RMS difference to the base per side, averaged', () => {
  close(scoreNeurons(handStats, 'CHANGE', sites).score, [(2 + 2) / 2, (1 + 0) / 2, (2 + 2) / 2]);
});

test('CHANGE without base statistics is an input error', () => {
  const { sqDiffBase: _c, ...chosen } = handStats.chosen;
  const { sqDiffBase: _r, ...rejected } = handStats.rejected;
  assert.throws(() => scoreNeurons({ ...handStats, chosen, rejected }, 'CHANGE', sites), BadUserInputError);
});

test('CONTRAST is mean(d)/sd(d) with the sample sd, 0 for constant d, ranked by |score|', () => {
  const s = scoreNeurons(handStats, 'CONTRAST', sites);
  close(s.score, [2.5 / Math.sqrt(5 / 3), 0, -2 / Math.sqrt(2 / 3)]);
  close(s.rankBy, [2.5 / Math.sqrt(5 / 3), 0, 2 / Math.sqrt(2 / 3)]);
  assert.deepEqual([...rankOrder(s.rankBy)], [2, 0, 1]);
});

test('CONTRAST needs two pairs; an empty part is an input error', () => {
  assert.throws(() => scoreNeurons({ ...handStats, pairs: 1 }, 'CONTRAST', sites), BadUserInputError);
  const empty = { ...handStats, chosen: { ...handStats.chosen, tokens: [0, 0] } };
  assert.throws(() => scoreNeurons(empty, 'MAGNITUDE', sites), /pooled no chosen tokens/);
});

test('trainMeans pools both sides: (Σc + Σr) / (Tc + Tr)', () => {
  close(trainMeans(handStats, sites), [6 / 6, 0 / 6, 4 / 3]);
});

// ---- planted truth -------------------------------------------------------------------------

const plantedSites = sitesOfWidths([30, 30]);
const N = 60;
const planted = [5, 17, 33, 48];
const PAIRS = 80;

/**
 * Synthetic part: every activation is N(0, 1) noise plus what `plant` adds for neuron j
 * (given the side, the rng and the noise value); `base` reproduces the model's activation
 * minus what `baseShift` says the fine-tuning added.
 */
function synthesize(
  seed: number,
  plant: (j: number, side: 'chosen' | 'rejected', rng: () => number, noise: number) => number,
  baseShift?: (j: number, rng: () => number) => number,
): PairActivations[] {
  const rng = createRng(seed);
  const text = (side: 'chosen' | 'rejected') => {
    const length = 3 + Math.floor(rng() * 6);
    const tokens: Float64Array[] = [];
    const base: Float64Array[] = [];
    for (let t = 0; t < length; t++) {
      const a = new Float64Array(N);
      const b = new Float64Array(N);
      for (let j = 0; j < N; j++) {
        a[j] = plant(j, side, rng, randomNormal(rng));
        b[j] = baseShift ? a[j] - baseShift(j, rng) : a[j];
      }
      tokens.push(a);
      base.push(b);
    }
    return baseShift ? { tokens, base } : { tokens };
  };
  return Array.from({ length: PAIRS }, () => ({ chosen: text('chosen'), rejected: text('rejected') }));
}

function topK(stats: NeuronStats, method: ScoreMethod, k = planted.length): number[] {
  return [...rankOrder(scoreNeurons(stats, method, plantedSites).rankBy).subarray(0, k)].sort((a, b) => a - b);
}

const isPlanted = (j: number) => planted.includes(j);

test('planted CONTRAST neurons (higher on chosen) rank first; shuffled labels lose them', () => {
  const pairs = synthesize(1, (j, side, _r, noise) => noise + (isPlanted(j) && side === 'chosen' ? 0.8 : 0));
  assert.deepEqual(topK(statsFromActivations(plantedSites, pairs), 'CONTRAST'), planted);
  // Same texts, chosen/rejected swapped on a random half: d loses its sign, so must the ranking.
  const flip = createRng(99);
  const shuffled = pairs.map((p) => (flip() < 0.5 ? { chosen: p.rejected, rejected: p.chosen } : p));
  const found = topK(statsFromActivations(plantedSites, shuffled), 'CONTRAST').filter(isPlanted);
  assert.ok(found.length < planted.length, `shuffled labels still found ${found}`);
});

test('planted CONTRAST neurons lower on chosen rank first too (|score|), with negative sign', () => {
  const pairs = synthesize(2, (j, side, _r, noise) => noise - (isPlanted(j) && side === 'chosen' ? 0.8 : 0));
  const stats = statsFromActivations(plantedSites, pairs);
  assert.deepEqual(topK(stats, 'CONTRAST'), planted);
  const { score } = scoreNeurons(stats, 'CONTRAST', plantedSites);
  for (const j of planted) assert.ok(score[j] < 0);
});

test('planted MAGNITUDE neurons rank first; signed means put strongly negative neurons last', () => {
  const wide = [1, 2, 3, 40]; // zero mean, large spread: an |a| score would pick them
  const negative = [10, 50]; // mean −2: signed ranking puts them last
  const plant = (j: number, _s: string, _r: () => number, noise: number) =>
    isPlanted(j) ? noise + 1 : wide.includes(j) ? 5 * noise : negative.includes(j) ? noise - 2 : noise;
  const stats = statsFromActivations(plantedSites, synthesize(3, plant));
  assert.deepEqual(topK(stats, 'MAGNITUDE'), planted);
  const order = rankOrder(scoreNeurons(stats, 'MAGNITUDE', plantedSites).rankBy);
  assert.deepEqual([...order.subarray(N - 2)].sort((a, b) => a - b), negative);
  // Test of the test: the same generator without the planted shift does not find them.
  const control = statsFromActivations(plantedSites, synthesize(3, (j, s, r, noise) => (isPlanted(j) ? noise : plant(j, s, r, noise))));
  assert.ok(topK(control, 'MAGNITUDE').filter(isPlanted).length < planted.length);
});

test('planted PROBABILITY neurons (often positive, small) beat rare large activations', () => {
  const spiky = [8, 22, 41, 55]; // 10 w.p. 0.3 else −0.1: top MAGNITUDE, low PROBABILITY
  const plant = (j: number, _s: string, rng: () => number, noise: number) =>
    isPlanted(j) ? (rng() < 0.9 ? 0.1 : -0.1) * Math.abs(noise) : spiky.includes(j) ? (rng() < 0.3 ? 10 : -0.1) : noise;
  const stats = statsFromActivations(plantedSites, synthesize(4, plant));
  assert.deepEqual(topK(stats, 'PROBABILITY'), planted);
  assert.deepEqual(topK(stats, 'MAGNITUDE'), spiky);
  const control = statsFromActivations(plantedSites, synthesize(4, (j, s, r, noise) => (isPlanted(j) ? noise : plant(j, s, r, noise))));
  assert.ok(topK(control, 'PROBABILITY').filter(isPlanted).length < planted.length);
});

test('planted CHANGE neurons (moved by fine-tuning) beat large activations the base shares', () => {
  const loud = [0, 12, 30, 59]; // +3 in both model and base: top MAGNITUDE, zero CHANGE
  const plant = (j: number, _s: string, _r: () => number, noise: number) => noise + (loud.includes(j) ? 3 : 0);
  const shift = (j: number, rng: () => number) => (isPlanted(j) ? 1.5 * randomNormal(rng) : 0.1 * randomNormal(rng));
  const stats = statsFromActivations(plantedSites, synthesize(5, plant, shift));
  assert.deepEqual(topK(stats, 'CHANGE'), planted);
  assert.deepEqual(topK(stats, 'MAGNITUDE'), loud);
  const control = statsFromActivations(plantedSites, synthesize(5, plant, (_j, rng) => 0.1 * randomNormal(rng)));
  assert.ok(topK(control, 'CHANGE').filter(isPlanted).length < planted.length);
});

test('pooled statistics of two parts score exactly as the union of their pairs, for every method', () => {
  // Two parts with different planted neurons (a helpful-like and a harmless-like part), so the
  // union ranks differently from either part alone.
  const first = synthesize(11, (j, side, _rng, noise) => noise + (j === 5 && side === 'chosen' ? 2 : 0), (j) => (j === 5 ? 1 : 0));
  const second = synthesize(12, (j, side, _rng, noise) => noise + (j === 48 && side === 'chosen' ? 2 : 0), (j) => (j === 48 ? 1 : 0));
  const pooled = poolNeuronStats([statsFromActivations(plantedSites, first), statsFromActivations(plantedSites, second)]);
  const union = statsFromActivations(plantedSites, [...first, ...second]);
  assert.equal(pooled.pairs, 2 * PAIRS);
  assert.deepEqual(pooled.chosen.tokens, union.chosen.tokens);
  for (const method of ['MAGNITUDE', 'CHANGE', 'PROBABILITY', 'CONTRAST'] as const) {
    close(scoreNeurons(pooled, method, plantedSites).score, [...scoreNeurons(union, method, plantedSites).score], 1e-12);
    // The union differs from each part: pooling is not one part's scores.
    for (const part of [first, second]) {
      assert.notDeepEqual([...scoreNeurons(statsFromActivations(plantedSites, part), method, plantedSites).score], [...scoreNeurons(pooled, method, plantedSites).score]);
    }
  }
  assert.deepEqual(topK(pooled, 'CONTRAST', 2), [5, 48]);
  // One part pools to itself; a part without base statistics drops CHANGE's from the pool.
  const alone = statsFromActivations(plantedSites, first);
  assert.equal(poolNeuronStats([alone]), alone);
  const noBase = statsFromActivations(plantedSites, synthesize(13, (_j, _side, _rng, noise) => noise));
  assert.equal(poolNeuronStats([alone, noBase]).chosen.sqDiffBase, undefined);
});
