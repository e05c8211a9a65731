/** A quick zoo, as the rest of rmlens sees it: zoo.json layout, metadata, and the engine loading each model. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { estimateAccuracy } from '../src/analysis/bootstrap.ts';
import { resolveDataset } from '../src/data/registry.ts';
import { DEFAULT_TOKENIZER } from '../src/data/tokenizer.ts';
import { RewardModel } from '../src/engine/rewardModel.ts';
import { sha256 } from '../src/util/hash.ts';
import type { ZooManifest } from '../src/train/zoo.ts';
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
    assert.equal(estimateAccuracy(chosen, rejected).accuracy, heldOut[ref].accuracy, ref);
  }
  await model.close();
});
