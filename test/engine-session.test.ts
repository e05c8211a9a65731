/** Checked sessions: feed names are verified (ORT ignores unknown ones), CUDA falls back to CPU with a warning. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { instrumentModel, keepInput } from '../src/engine/instrument.ts';
import { decodeModel, encodeModel } from '../src/engine/onnxGraph.ts';
import { createSession, Tensor } from '../src/engine/session.ts';
import { RewardModel } from '../src/engine/rewardModel.ts';
import { mlpRewardModel, randomMlpWeights } from './support/models.ts';

const ids = () => new Tensor('int64', BigInt64Array.from([1n, 2n, 3n]), [1, 3]);
const mask = () => new Tensor('int64', BigInt64Array.from([1n, 1n, 1n]), [1, 3]);

test('a misspelt feed name throws naming it instead of being ignored', async () => {
  const session = await createSession(mlpRewardModel(randomMlpWeights()), { threads: 1 });
  try {
    await assert.rejects(session.run({ input_ids: ids(), attention_mask: mask(), atention_mask: mask() }), /unknown feed name\(s\) 'atention_mask'/);
    await assert.rejects(session.run({ input_ids: ids() }), /missing feed\(s\) 'attention_mask'/);
  } finally {
    await session.close();
  }
});

test('a misspelt ablation mask name throws: masks are required inputs of the instrumented graph', async () => {
  const weights = randomMlpWeights();
  const model = await RewardModel.fromBytes(mlpRewardModel(weights));
  const site = model.sites[0];
  const bytes = encodeModel(instrumentModel(decodeModel(mlpRewardModel(weights)), model.sites, { ablate: true, pooled: false, tokens: false, response: false }));
  const session = await createSession(bytes, { threads: 1 });
  try {
    assert.ok(session.inputNames.includes(keepInput(site)));
    const feeds: Record<string, Tensor> = { input_ids: ids(), attention_mask: mask() };
    for (const s of model.sites) {
      feeds[`keep__${s.name}`] = new Tensor('float32', new Float32Array(s.width), [1, s.width]);
      feeds[`fill__${s.name}`] = new Tensor('float32', new Float32Array(s.width), [1, s.width]);
    }
    const misspelt = { ...feeds, [`kepe__${site.name}`]: feeds[keepInput(site)] };
    delete misspelt[keepInput(site)];
    await assert.rejects(session.run(misspelt), new RegExp(`kepe__${site.name}`));
  } finally {
    await session.close();
    await model.close();
  }
});

test('a CUDA request falls back to CPU with a warning when the provider cannot load', async () => {
  const warnings: string[] = [];
  const model = await RewardModel.fromBytes(mlpRewardModel(randomMlpWeights()), { device: 'cuda', warn: (m) => warnings.push(m) });
  try {
    assert.equal(model.device, 'cpu');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /CUDA.*falling back to CPU/);
    const rewards = await model.rewards([{ prompt: 'a', chosen: 'b', rejected: 'c' }]);
    assert.ok(Number.isFinite(rewards.chosen[0]));
    // Variant sessions ask for the provider that loaded: no second warning.
    await model.ablatedRewards([{ prompt: 'a', chosen: 'b', rejected: 'c' }], [
      { keep: new Float32Array(model.neuronCount).fill(1), fill: new Float32Array(model.neuronCount) },
    ]);
    assert.equal(warnings.length, 1);
  } finally {
    await model.close();
  }
});
