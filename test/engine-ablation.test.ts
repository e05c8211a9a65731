/**
 * Rewards and ablations against an independent TypeScript forward pass; identity
 * instrumentation and the prefix/suffix split against the plain model.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeText } from '../src/data/tokenizer.ts';
import { RewardModel } from '../src/engine/rewardModel.ts';
import type { AblationCondition, PairRewards } from '../src/engine/types.ts';
import { mlpForward, mlpRewardModel, randomMlpWeights, randomTransformerWeights, transformerRewardModel, type MlpWeights, type SiteHook } from './support/models.ts';
import { samplePairs } from './support/pairs.ts';
import { quickZooDir } from './support/quickZoo.ts';
import { resolveDataset } from '../src/data/registry.ts';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const pairs = samplePairs();

function maxAbsDiff(a: PairRewards, b: PairRewards): number {
  let max = 0;
  for (const side of ['chosen', 'rejected'] as const) {
    for (let i = 0; i < a[side].length; i++) max = Math.max(max, Math.abs(a[side][i] - b[side][i]));
  }
  return max;
}

function identity(n: number): AblationCondition {
  return { keep: new Float32Array(n).fill(1), fill: new Float32Array(n) };
}

/** One neuron changed: x → x·keep + fill at flat index `flat`. */
function single(n: number, flat: number, keep: number, fill: number): AblationCondition {
  const c = identity(n);
  c.keep[flat] = keep;
  c.fill[flat] = fill;
  return c;
}

function referenceRewards(w: MlpWeights, hook?: SiteHook): PairRewards {
  const reward = (prompt: string, response: string) => {
    const e = encodeText(prompt, response);
    return mlpForward(w, e.ids, e.segments, hook).reward;
  };
  return {
    chosen: Float64Array.from(pairs, (p) => reward(p.prompt, p.chosen)),
    rejected: Float64Array.from(pairs, (p) => reward(p.prompt, p.rejected)),
  };
}

test('MLP RM rewards match the TypeScript forward pass', async () => {
  const weights = randomMlpWeights({ pooler: 12, segments: true });
  const model = await RewardModel.fromBytes(mlpRewardModel(weights), { batchSize: 2 });
  try {
    assert.ok(maxAbsDiff(await model.rewards(pairs), referenceRewards(weights)) <= 1e-5);
  } finally {
    await model.close();
  }
});

test('identity instrumentation reproduces the original rewards exactly, on both paths and both models', async () => {
  for (const bytes of [mlpRewardModel(randomMlpWeights({ pooler: 12, segments: true })), transformerRewardModel(randomTransformerWeights())]) {
    const model = await RewardModel.fromBytes(bytes, { batchSize: 2 });
    try {
      const plain = await model.rewards(pairs);
      const conditions = [identity(model.neuronCount), identity(model.neuronCount)];
      for (const path of ['split', 'tiled'] as const) {
        for (const result of await model.ablatedRewards(pairs, conditions, { path })) assert.equal(maxAbsDiff(result, plain), 0, path);
      }
      const [alone] = await model.ablatedRewards(pairs, [identity(model.neuronCount)]);
      assert.equal(maxAbsDiff(alone, plain), 0);
    } finally {
      await model.close();
    }
  }
});

test('single-neuron ZERO, MEAN and SCALE ablations match the TypeScript forward pass', async () => {
  const weights = randomMlpWeights({ pooler: 12, segments: true });
  const model = await RewardModel.fromBytes(mlpRewardModel(weights), { batchSize: 2 });
  try {
    const n = model.neuronCount;
    // (site layer, index): a token site in each FFN layer and the rank-2 pooler site.
    const neurons = [
      [0, 3],
      [1, 11],
      [2, 5],
    ] as const;
    const modes = [
      { name: 'ZERO', keep: 0, fill: 0 },
      { name: 'MEAN', keep: 0, fill: 0.37 },
      { name: 'SCALE', keep: 2.5, fill: 0 },
    ];
    const cases = neurons.flatMap(([layer, index]) => modes.map((mode) => ({ layer, index, mode })));
    const conditions = cases.map((c) => single(n, model.sites[c.layer].offset + c.index, c.mode.keep, c.mode.fill));
    for (const path of ['split', 'tiled'] as const) {
      const results = await model.ablatedRewards(pairs, conditions, { path });
      cases.forEach((c, k) => {
        const expected = referenceRewards(weights, (layer, _token, act) => {
          if (layer === c.layer) act[c.index] = act[c.index] * c.mode.keep + c.mode.fill;
        });
        const diff = maxAbsDiff(results[k], expected);
        assert.ok(diff <= 1e-5, `${path} ${c.mode.name} (${c.layer}, ${c.index}): diff ${diff}`);
      });
      // The ablation must move the reward, or the comparison proves nothing.
      assert.ok(maxAbsDiff(results[0], referenceRewards(weights)) > 1e-4);
    }
  } finally {
    await model.close();
  }
});

test('the split path equals the tiled per-example-mask path on the transformer', async () => {
  const weights = randomTransformerWeights();
  const model = await RewardModel.fromBytes(transformerRewardModel(weights), { batchSize: 3 });
  try {
    const n = model.neuronCount;
    const conditions = [identity(n), single(n, 4, 0, 0), single(n, 40, 0, 1.5), single(n, 63, 3, 0)];
    const allZero: AblationCondition = { keep: new Float32Array(n), fill: new Float32Array(n) };
    conditions.push(allZero);
    const split = await model.ablatedRewards(pairs, conditions, { path: 'split' });
    const tiled = await model.ablatedRewards(pairs, conditions, { path: 'tiled' });
    split.forEach((s, k) => assert.equal(maxAbsDiff(s, tiled[k]), 0, `condition ${k}`));
    assert.ok(maxAbsDiff(split[4], split[0]) > 1e-4);
  } finally {
    await model.close();
  }
});

test('conditions of the wrong length or type are refused with a clear message', async () => {
  const model = await RewardModel.fromBytes(mlpRewardModel(randomMlpWeights()));
  try {
    const n = model.neuronCount;
    await assert.rejects(model.ablatedRewards(pairs, [identity(n), identity(n - 1)]), /condition 1: keep has 31 values, the model has 32 neurons/);
    const wrongType = { keep: Array(n).fill(1), fill: new Float32Array(n) } as unknown as AblationCondition;
    await assert.rejects(model.ablatedRewards(pairs, [wrongType]), /keep must be a Float32Array/);
    assert.deepEqual(await model.ablatedRewards(pairs, []), []);
  } finally {
    await model.close();
  }
});

/** Conditions that exercise every edit and cut of the planned path (src/engine/ablationPlan.ts). */
function plannedCases(sites: readonly { offset: number; width: number }[], n: number): AblationCondition[] {
  const cases: AblationCondition[] = [identity(n)];
  const zeroSome = (c: AblationCondition, site: { offset: number; width: number }, every: number, from = 0) => {
    for (let j = site.offset + from; j < site.offset + site.width; j += every) c.keep[j] = 0;
    return c;
  };
  for (const site of sites) {
    cases.push(zeroSome(identity(n), site, 3)); // fold at one site (cut there)
    const scaled = identity(n);
    for (let j = site.offset; j < site.offset + site.width; j += 5) scaled.keep[j] = 0.5; // scale
    cases.push(scaled);
    const mean = zeroSome(identity(n), site, 4, 1);
    for (let j = site.offset + 1; j < site.offset + site.width; j += 4) mean.fill[j] = 0.25; // general
    cases.push(mean);
  }
  const everywhere = identity(n);
  for (const site of sites) zeroSome(everywhere, site, 2);
  cases.push(everywhere, { keep: new Float32Array(n), fill: new Float32Array(n) });
  const mixed = identity(n);
  for (let j = 0; j < n; j += 7) mixed.keep[j] = 0;
  mixed.keep[n - 1] = 2;
  cases.push(mixed);
  return cases;
}

test('the planned path (cut at the first edited site, least arithmetic) equals the split and tiled paths exactly', async () => {
  const models = [mlpRewardModel(randomMlpWeights({ pooler: 12, segments: true })), transformerRewardModel(randomTransformerWeights())];
  for (const bytes of models) {
    const model = await RewardModel.fromBytes(bytes, { batchSize: 3 });
    try {
      const conditions = plannedCases(model.sites, model.neuronCount);
      const auto = await model.ablatedRewards(pairs, conditions);
      const split = await model.ablatedRewards(pairs, conditions, { path: 'split' });
      const tiled = await model.ablatedRewards(pairs, conditions, { path: 'tiled' });
      // One condition alone and in company gives the same numbers.
      const alone = await model.ablatedRewards(pairs, [conditions[2]]);
      auto.forEach((a, k) => {
        assert.equal(maxAbsDiff(a, split[k]), 0, `condition ${k} vs split`);
        assert.equal(maxAbsDiff(a, tiled[k]), 0, `condition ${k} vs tiled`);
      });
      assert.equal(maxAbsDiff(alone[0], auto[2]), 0);
      assert.ok(maxAbsDiff(auto[auto.length - 2], auto[0]) > 1e-4, 'the all-zero condition must move the rewards');
    } finally {
      await model.close();
    }
  }
});

test('on the quick zoo, the planned path equals the split path exactly for every model, on held-out texts', async () => {
  const dir = await quickZooDir();
  const heldOut = (await resolveDataset('default/harmless')).heldOut.slice(0, 48);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.onnx'))) {
    const model = await RewardModel.load(join(dir, file), { batchSize: 16 });
    try {
      const conditions = plannedCases(model.sites, model.neuronCount);
      const auto = await model.ablatedRewards(heldOut, conditions);
      const split = await model.ablatedRewards(heldOut, conditions, { path: 'split' });
      auto.forEach((a, k) => assert.equal(maxAbsDiff(a, split[k]), 0, `${file} condition ${k}`));
    } finally {
      await model.close();
    }
  }
});
