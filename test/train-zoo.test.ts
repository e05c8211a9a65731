/** A quick zoo, as the rest of rmlens sees it: zoo.json layout, metadata, and the engine loading each model. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { promptClusters } from '../src/data/split.ts';
import { estimateAccuracy } from '../src/util/bootstrap.ts';
import { resolveDataset } from '../src/data/registry.ts';
import { DEFAULT_TOKENIZER, encodeText } from '../src/data/tokenizer.ts';
import { DataType, decodeModel, encodeModel, node, topologicalOrder, valueInfo, withGraph } from '../src/engine/onnxGraph.ts';
import { RewardModel } from '../src/engine/rewardModel.ts';
import { createSession, Tensor } from '../src/engine/session.ts';
import { paddedFeeds } from '../src/train/exportOnnx.ts';
import { sha256 } from '../src/util/hash.ts';
import type { ZooManifest } from '../src/train/zooManifest.ts';
import { quickZooDir } from './support/quickZoo.ts';

const ROLES = ['base', 'helpful', 'harmless', 'mixed'];

test('zoo.json lists the four models with their sha256, objective and base', async () => {
  const dir = await quickZooDir();
  const manifest = JSON.parse(await readFile(join(dir, 'zoo.json'), 'utf8')) as ZooManifest;
  assert.equal(manifest.data, 'default');
  assert.equal(manifest.quick, true);
  assert.deepEqual(manifest.datasets, { helpful: ['default/helpful'], harmless: ['default/harmless'] });
  assert.deepEqual(manifest.models.map((m) => m.role), ROLES);
  assert.deepEqual(manifest.models.map((m) => m.objective), ['BASE', 'HELPFUL', 'HARMLESS', 'MIXED']);
  for (const m of manifest.models) {
    assert.equal(m.file, `${m.role}.onnx`);
    assert.equal(sha256(await readFile(join(dir, m.file))), m.sha256, m.file);
    assert.equal(m.base, m.role === 'base' ? null : 'base');
  }
});

test('each model loads in the engine with its sites from metadata, and its metadata is complete', async () => {
  const dir = await quickZooDir();
  const baseSha = sha256(await readFile(join(dir, 'base.onnx')));
  for (const role of ROLES) {
    const model = await RewardModel.load(join(dir, `${role}.onnx`));
    assert.deepEqual(
      model.sites.map((s) => [s.name, s.layer, s.width, s.tokenAxis]),
      [
        ['ffn0.act', 0, 256, true],
        ['ffn1.act', 1, 256, true],
      ],
      role,
    );
    assert.equal(model.neuronCount, 512);
    assert.equal(model.objective, role.toUpperCase());
    assert.deepEqual(model.tokenizer, DEFAULT_TOKENIZER);
    const meta = model.metadata;
    assert.equal(meta['rmlens.base_sha256'], role === 'base' ? undefined : baseSha, role);
    const data = JSON.parse(meta['rmlens.data']) as { refs: string[]; trainHashes: Record<string, string> };
    const expectedRefs = { base: ['default/helpful', 'default/harmless'], helpful: ['default/helpful'], harmless: ['default/harmless'], mixed: ['default/helpful', 'default/harmless'] }[role];
    assert.deepEqual(data.refs, expectedRefs);
    for (const ref of data.refs) assert.equal(data.trainHashes[ref], (await resolveDataset(ref)).partHashes.train);
    const training = JSON.parse(meta['rmlens.training']) as { seed: number; stoppingEpoch: number; epochs: unknown[] };
    assert.equal(training.seed, 1);
    assert.ok(training.stoppingEpoch >= 1 && training.stoppingEpoch <= training.epochs.length);
    assert.ok(!/\d{4}-\d{2}-\d{2}T/.test(JSON.stringify(meta)), 'no timestamps in metadata');
    await model.close();
  }
});

test("the engine's rewards reproduce the held-out accuracy recorded in the metadata", async () => {
  const dir = await quickZooDir();
  const model = await RewardModel.load(join(dir, 'harmless.onnx'));
  const heldOut = JSON.parse(model.metadata['rmlens.heldout']) as Record<string, { accuracy: number; pairs: number }>;
  for (const ref of ['default/helpful', 'default/harmless']) {
    const pairs = (await resolveDataset(ref)).heldOut.slice(0, heldOut[ref].pairs);
    const { chosen, rejected } = await model.rewards(pairs);
    assert.equal(estimateAccuracy(chosen, rejected, { clusters: promptClusters(pairs) }).accuracy, heldOut[ref].accuracy, ref);
  }
  await model.close();
});

/** The model with site X replaced, for all its consumers, by X·token_mask (a float [batch, seq, 1] graph input). */
function withTokenMask(bytes: Uint8Array, site: string): Uint8Array {
  const model = decodeModel(bytes);
  const graph = model.graph!;
  for (const n of graph.node) n.input = n.input.map((name) => (name === site ? `${site}.token_masked` : name));
  const nodes = topologicalOrder([...graph.node, node('Mul', [site, 'token_mask'], [`${site}.token_masked`])]);
  return encodeModel(
    withGraph(model, {
      nodes,
      inputs: [...graph.input, valueInfo('token_mask', DataType.FLOAT, ['batch', 'seq', 1])],
      outputs: graph.output,
      initializers: graph.initializer,
    }),
  );
}

test('zero-ablating either site at the prompt tokens alone changes every reward: prompt activations are on a path to the reward', async () => {
  const dir = await quickZooDir();
  const pairs = (await resolveDataset('default/helpful')).heldOut.slice(0, 8);
  const texts = pairs.map((p) => encodeText(p.prompt, p.chosen, DEFAULT_TOKENIZER));
  assert.ok(texts.every((t) => t.segments[0] === 0), 'every text has prompt tokens');
  const feeds = paddedFeeds(texts);
  const [batch, seq] = feeds.input_ids.dims;
  const types = feeds.token_type_ids.data as BigInt64Array;
  const keepAll = new Tensor('float32', new Float32Array(batch * seq).fill(1), [batch, seq, 1]);
  const dropPrompt = new Tensor('float32', Float32Array.from(types, (v) => Number(v)), [batch, seq, 1]);
  for (const role of ['helpful', 'harmless']) {
    const bytes = new Uint8Array(await readFile(join(dir, `${role}.onnx`)));
    for (const site of ['ffn0.act', 'ffn1.act']) {
      const session = await createSession(withTokenMask(bytes, site), { threads: 1 });
      try {
        const full = (await session.run({ ...feeds, token_mask: keepAll })).reward.data as Float32Array;
        const ablated = (await session.run({ ...feeds, token_mask: dropPrompt })).reward.data as Float32Array;
        // Response tokens' activations are untouched: the reward moves only through the prompt summaries.
        for (let i = 0; i < texts.length; i++) assert.ok(Math.abs(full[i] - ablated[i]) > 1e-4, `${role} ${site} text ${i}: ${full[i]} vs ${ablated[i]}`);
      } finally {
        await session.close();
      }
    }
  }
});
