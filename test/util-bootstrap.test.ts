import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootstrapMeanCi, itemClusters, pairWins, quantileSorted } from '../src/util/bootstrap.ts';
import { createRng, randomInt } from '../src/util/random.ts';

test('the accuracy CI covers the true win rate at about the nominal 95%', () => {
  const truth = 0.7;
  const datasets = 300;
  const rng = createRng(2026);
  let covered = 0;
  for (let d = 0; d < datasets; d++) {
    const chosen = Float64Array.from({ length: 200 }, () => (rng() < truth ? 1 : 0));
    const wins = pairWins(chosen, new Float64Array(200).fill(0.5));
    const { low, high } = bootstrapMeanCi(wins, { clusters: itemClusters(200), resamples: 400, seed: d });
    if (low <= truth && truth <= high) covered++;
  }
  const coverage = covered / datasets;
  assert.ok(coverage >= 0.9 && coverage <= 0.99, `coverage ${coverage}`);
});

test('with every item its own cluster, the bootstrap is the plain item bootstrap, draw for draw', () => {
  const values = Float64Array.from({ length: 57 }, (_, i) => (i * 7919) % 3 === 0 ? 1 : (i % 5) / 4);
  const seed = 11;
  const rng = createRng(seed);
  const means = Float64Array.from({ length: 300 }, () => {
    let s = 0;
    for (let i = 0; i < values.length; i++) s += values[randomInt(rng, values.length)];
    return s / values.length;
  }).sort();
  const ci = bootstrapMeanCi(values, { clusters: itemClusters(values.length), resamples: 300, seed });
  assert.deepEqual(ci, { low: quantileSorted(means, 0.025), high: quantileSorted(means, 0.975) });
});

test('a cluster counts once however many copies of a pair it holds: four copies of each prompt give the CI of one', () => {
  const rng = createRng(5);
  const values = Float64Array.from({ length: 120 }, () => (rng() < 0.6 ? 1 : 0));
  const copies = Float64Array.from({ length: 480 }, (_, i) => values[i >> 2]);
  const byPrompt = Int32Array.from({ length: 480 }, (_, i) => i >> 2);
  const once = bootstrapMeanCi(values, { clusters: itemClusters(120) });
  assert.deepEqual(bootstrapMeanCi(copies, { clusters: byPrompt }), once);
  // Resampling the copies one by one pretends to four times the evidence: about half as wide.
  const naive = bootstrapMeanCi(copies, { clusters: itemClusters(480) });
  const ratio = (naive.high - naive.low) / (once.high - once.low);
  assert.ok(ratio > 0.4 && ratio < 0.6, `width ratio ${ratio}`);
});

test('on prompts answered several ways, the cluster CI covers at about 95% where the pair CI does not', () => {
  // 80 prompts, 1–6 pairs each; a prompt's pairs share its own win rate (drawn around 0.7).
  const rng = createRng(2027);
  const datasets = 200;
  let clustered = 0;
  let naive = 0;
  for (let d = 0; d < datasets; d++) {
    const wins: number[] = [];
    const clusters: number[] = [];
    for (let p = 0; p < 80; p++) {
      const rate = rng() < 0.7 ? 0.95 : 0.05;
      const n = 1 + Math.floor(rng() * 6);
      for (let k = 0; k < n; k++) {
        wins.push(rng() < rate ? 1 : 0);
        clusters.push(p);
      }
    }
    const truth = 0.7 * 0.95 + 0.3 * 0.05;
    const values = Float64Array.from(wins);
    const c = bootstrapMeanCi(values, { clusters: Int32Array.from(clusters), resamples: 400, seed: d });
    const n = bootstrapMeanCi(values, { clusters: itemClusters(values.length), resamples: 400, seed: d });
    if (c.low <= truth && truth <= c.high) clustered++;
    if (n.low <= truth && truth <= n.high) naive++;
  }
  assert.ok(clustered / datasets >= 0.88, `cluster coverage ${clustered / datasets}`);
  assert.ok(naive / datasets < clustered / datasets - 0.1, `pair coverage ${naive / datasets} vs cluster ${clustered / datasets}`);
});
