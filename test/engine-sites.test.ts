/** Neuron sites: discovery heuristic, metadata precedence, probed widths and ranks, flat offsets. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildModel, DataType, floatTensor, node, valueInfo } from '../src/engine/onnxGraph.ts';
import { RewardModel } from '../src/engine/rewardModel.ts';
import { discoverSiteNames } from '../src/engine/sites.ts';
import {
  mlpRewardModel,
  mlpSiteNames,
  randomMlpWeights,
  randomTransformerWeights,
  transformerRewardModel,
  transformerSiteNames,
} from './support/models.ts';

test('discovery finds the transformer FFN down-projection inputs, not attention squares, up-projections or the head', async () => {
  const weights = randomTransformerWeights({ dModel: 16, dFf: 32 });
  const model = await RewardModel.fromBytes(transformerRewardModel(weights));
  try {
    assert.deepEqual(model.sites, [
      { name: 'layer0/ffn/act', layer: 0, width: 32, tokenAxis: true, offset: 0 },
      { name: 'layer1/ffn/act', layer: 1, width: 32, tokenAxis: true, offset: 32 },
    ]);
    assert.deepEqual(model.sites.map((s) => s.name), transformerSiteNames(weights));
    assert.equal(model.neuronCount, 64);
    assert.equal(model.objective, null);
  } finally {
    await model.close();
  }
});

test('discovery skips a tensor that also feeds non-down-projections (grouped-query attention k/v narrow the stream)', () => {
  const w = (name: string, a: number, b: number) => floatTensor(name, [a, b], new Float32Array(a * b));
  // A Llama-style block: the normalised stream feeds q (8→8), k and v (8→4, GQA), gate and up (8→16);
  // the SwiGLU product act(gate)·up feeds the down-projection (16→8) alone.
  const model = buildModel({
    name: 'gqa-block',
    inputs: [valueInfo('h', DataType.FLOAT, ['batch', 'seq', 8])],
    outputs: ['y', 'q', 'k', 'v'].map((t) => valueInfo(t, DataType.FLOAT)),
    initializers: [w('Wq', 8, 8), w('Wk', 8, 4), w('Wv', 8, 4), w('Wg', 8, 16), w('Wu', 8, 16), w('Wd', 16, 8)],
    nodes: [
      node('Relu', ['h'], ['normed']),
      ...['q', 'k', 'v', 'g', 'u'].map((t) => node('MatMul', ['normed', `W${t}`], [t])),
      node('Sigmoid', ['g'], ['sg']),
      node('Mul', ['g', 'sg'], ['silu']),
      node('Mul', ['silu', 'u'], ['act']),
      node('MatMul', ['act', 'Wd'], ['y']),
    ],
  });
  assert.deepEqual(discoverSiteNames(model), ['act']);
});

test('discovery respects Gemm transB and finds a rank-2 site after pooling', async () => {
  const weights = randomMlpWeights({ dModel: 8, dFf: 16, pooler: 12 });
  const model = await RewardModel.fromBytes(mlpRewardModel(weights));
  try {
    assert.deepEqual(model.sites.map((s) => s.name), mlpSiteNames(weights));
    const pooler = model.sites[2];
    assert.deepEqual(pooler, { name: 'pooler/act', layer: 2, width: 12, tokenAxis: false, offset: 32 });
  } finally {
    await model.close();
  }
});

test('metadata sites win over discovery, in the declared order', async () => {
  const weights = randomTransformerWeights();
  const declared = ['layer1/ffn/act', 'layer0/attn_res'];
  const bytes = transformerRewardModel(weights, {
    metadata: { 'rmlens.sites': JSON.stringify(declared), 'rmlens.objective': 'HELPFUL' },
  });
  const model = await RewardModel.fromBytes(bytes);
  try {
    assert.deepEqual(model.sites.map((s) => [s.name, s.width, s.offset]), [
      ['layer1/ffn/act', 32, 0],
      ['layer0/attn_res', 16, 32],
    ]);
    assert.equal(model.objective, 'HELPFUL');
  } finally {
    await model.close();
  }
});

test('an unknown declared site, a bad objective or a bad site list is a clear error', async () => {
  const weights = randomMlpWeights();
  await assert.rejects(
    RewardModel.fromBytes(mlpRewardModel(weights, { metadata: { 'rmlens.sites': '["mlp0/act", "mlp9/act"]' } })),
    /unknown site or tensor 'mlp9\/act'/,
  );
  await assert.rejects(RewardModel.fromBytes(mlpRewardModel(weights, { metadata: { 'rmlens.sites': '{}' } })), /non-empty JSON array/);
  await assert.rejects(RewardModel.fromBytes(mlpRewardModel(weights, { metadata: { 'rmlens.objective': 'KIND' } })), /not one of/);
});

test('tokenizer settings come from metadata, sha256 from the bytes', async () => {
  const bytes = mlpRewardModel(randomMlpWeights(), {
    metadata: { 'rmlens.tokenizer': JSON.stringify({ name: 'gpt2', maxPromptTokens: 8, maxResponseTokens: 4 }) },
  });
  const model = await RewardModel.fromBytes(bytes);
  try {
    assert.deepEqual(model.tokenizer, { name: 'gpt2', maxPromptTokens: 8, maxResponseTokens: 4 });
    assert.match(model.sha256, /^[0-9a-f]{64}$/);
    assert.equal(model.metadata['rmlens.tokenizer'] !== undefined, true);
  } finally {
    await model.close();
  }
});
