/** Neuron statistics and correlation against brute force over token-level activations computed in TypeScript. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeText } from '../src/data/tokenizer.ts';
import { RewardModel } from '../src/engine/rewardModel.ts';
import type { NeuronSite } from '../src/engine/types.ts';
import { mlpForward, mlpRewardModel, randomMlpWeights, randomTransformerWeights, transformerRewardModel, type MlpWeights } from './support/models.ts';
import { samplePairs } from './support/pairs.ts';

const pairs = samplePairs();

/** Per text, per flat neuron: the list of its activations (one per token; one per example for rank-2 sites). */
function tokenActivations(w: MlpWeights, sites: NeuronSite[], prompt: string, response: string): number[][] {
  const e = encodeText(prompt, response);
  const { activations } = mlpForward(w, e.ids, e.segments);
  const perNeuron: number[][] = [];
  sites.forEach((site, layer) => {
    for (let j = 0; j < site.width; j++) perNeuron[site.offset + j] = activations[layer].map((a) => a[j]);
  });
  return perNeuron;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, label: string): void {
  assert.equal(actual.length, expected.length, label);
  for (let i = 0; i < actual.length; i++) {
    const scale = Math.max(1, Math.abs(expected[i]));
    assert.ok(Math.abs(actual[i] - expected[i]) <= tolerance * scale, `${label}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

test('neuronStats: sums, token counts, positive counts, Σ(a−b)² against a base and contrast sums equal brute force', async () => {
  const weights = randomMlpWeights({ seed: 3, pooler: 12, segments: true });
  const baseWeights = randomMlpWeights({ seed: 4, pooler: 12, segments: true });
  const model = await RewardModel.fromBytes(mlpRewardModel(weights), { batchSize: 2 });
  const base = await RewardModel.fromBytes(mlpRewardModel(baseWeights), { batchSize: 2 });
  try {
    const progress: number[] = [];
    const stats = await model.neuronStats(pairs, { base, onProgress: (done) => progress.push(done) });
    assert.deepEqual(progress, [2, 4, 5]);
    const n = model.neuronCount;
    assert.equal(stats.neuronCount, n);
    assert.equal(stats.pairs, pairs.length);
    for (const side of ['chosen', 'rejected'] as const) {
      const texts = pairs.map((p) => tokenActivations(weights, model.sites, p.prompt, p[side]));
      const baseTexts = pairs.map((p) => tokenActivations(baseWeights, model.sites, p.prompt, p[side]));
      const sum = new Float64Array(n);
      const positive = new Float64Array(n);
      const sqDiff = new Float64Array(n);
      texts.forEach((text, t) =>
        text.forEach((acts, j) =>
          acts.forEach((a, k) => {
            sum[j] += a;
            positive[j] += a > 0 ? 1 : 0;
            sqDiff[j] += (a - baseTexts[t][j][k]) ** 2;
          }),
        ),
      );
      const tokens = model.sites.map((s) => texts.reduce((total, text) => total + text[s.offset].length, 0));
      assert.deepEqual(stats[side].tokens, tokens, `${side} tokens`);
      assert.deepEqual(stats[side].tokens[2], pairs.length, 'rank-2 site counts examples');
      assertClose(stats[side].sum, sum, 1e-5, `${side} sum`);
      assert.deepEqual(Array.from(stats[side].positive), Array.from(positive), `${side} positive`);
      assertClose(stats[side].sqDiffBase!, sqDiff, 1e-5, `${side} sqDiff`);
    }
    const contrastSum = new Float64Array(n);
    const contrastSumSq = new Float64Array(n);
    for (const p of pairs) {
      const c = tokenActivations(weights, model.sites, p.prompt, p.chosen);
      const r = tokenActivations(weights, model.sites, p.prompt, p.rejected);
      for (let j = 0; j < n; j++) {
        const d = mean(c[j]) - mean(r[j]);
        contrastSum[j] += d;
        contrastSumSq[j] += d * d;
      }
    }
    assertClose(stats.contrastSum, contrastSum, 1e-5, 'contrastSum');
    assertClose(stats.contrastSumSq, contrastSumSq, 1e-5, 'contrastSumSq');

    const withoutBase = await model.neuronStats(pairs);
    assert.equal(withoutBase.chosen.sqDiffBase, undefined);
    assert.deepEqual(Array.from(withoutBase.chosen.sum), Array.from(stats.chosen.sum));
  } finally {
    await model.close();
    await base.close();
  }
});

test('a model compared against itself has zero Σ(a−b)² and correlation 1', async () => {
  const model = await RewardModel.fromBytes(transformerRewardModel(randomTransformerWeights()), { batchSize: 2 });
  try {
    const stats = await model.neuronStats(pairs, { base: model });
    assert.ok(stats.chosen.sqDiffBase!.every((v) => v === 0));
    const { r, texts } = await model.correlation(model, pairs);
    assert.equal(texts, 2 * pairs.length);
    for (const v of r) assert.ok(Math.abs(v - 1) < 1e-9);
  } finally {
    await model.close();
  }
});

test('correlation equals brute-force Pearson of per-text token-averaged activations', async () => {
  const wa = randomMlpWeights({ seed: 5, pooler: 12 });
  const wb = randomMlpWeights({ seed: 6, pooler: 12 });
  const a = await RewardModel.fromBytes(mlpRewardModel(wa), { batchSize: 2 });
  const b = await RewardModel.fromBytes(mlpRewardModel(wb), { batchSize: 2 });
  try {
    const { r, texts } = await a.correlation(b, pairs);
    assert.equal(texts, 10);
    const textMeans = (w: MlpWeights) =>
      pairs.flatMap((p) => [p.chosen, p.rejected].map((resp) => tokenActivations(w, a.sites, p.prompt, resp).map(mean)));
    const xa = textMeans(wa);
    const xb = textMeans(wb);
    const expected = Float64Array.from({ length: a.neuronCount }, (_, j) => {
      const x = xa.map((t) => t[j]);
      const y = xb.map((t) => t[j]);
      const mx = mean(x);
      const my = mean(y);
      let sxy = 0;
      let sxx = 0;
      let syy = 0;
      x.forEach((xi, i) => {
        sxy += (xi - mx) * (y[i] - my);
        sxx += (xi - mx) ** 2;
        syy += (y[i] - my) ** 2;
      });
      return sxy / Math.sqrt(sxx * syy);
    });
    assertClose(r, expected, 1e-4, 'r');
  } finally {
    await a.close();
    await b.close();
  }
});

test('models with different sites are not comparable', async () => {
  const a = await RewardModel.fromBytes(mlpRewardModel(randomMlpWeights({ dFf: 16 })));
  const b = await RewardModel.fromBytes(mlpRewardModel(randomMlpWeights({ dFf: 24 })));
  try {
    await assert.rejects(a.neuronStats(pairs, { base: b }), /base model's neuron sites differ/);
    await assert.rejects(a.correlation(b, pairs), /other model's neuron sites differ/);
  } finally {
    await a.close();
    await b.close();
  }
});
