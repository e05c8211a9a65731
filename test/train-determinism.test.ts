/** Same seed → byte-identical zoo; the build is a pure function of data, seed and code. */
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolveDataset } from '../src/data/registry.ts';
import { decodeModel } from '../src/engine/onnxGraph.ts';
import { buildZoo, HYPER_PARAMETERS, ZOO_DATASETS, type HyperParameters } from '../src/train/zoo.ts';

async function quickBuild(seed: number, hyper?: HyperParameters): Promise<string> {
  const out = join(await mkdtemp(join(tmpdir(), 'rmlens-determinism-')), 'zoo');
  const refs = ZOO_DATASETS.default;
  const datasets = {
    helpful: await Promise.all(refs.helpful.map((ref) => resolveDataset(ref))),
    harmless: await Promise.all(refs.harmless.map((ref) => resolveDataset(ref))),
  };
  await buildZoo({ data: 'default', out, seed, quick: true, datasets, hyper });
  return out;
}

const FILES = ['base.onnx', 'helpful.onnx', 'harmless.onnx', 'mixed.onnx', 'zoo.json'];

test('two quick builds with one seed are byte-identical; another seed differs', async () => {
  const [a, b, c] = [await quickBuild(5), await quickBuild(5), await quickBuild(6)];
  for (const file of FILES) {
    const bytesA = await readFile(join(a, file));
    assert.ok(bytesA.equals(await readFile(join(b, file))), `${file} differs between two builds with seed 5`);
    if (file.endsWith('.onnx')) assert.ok(!bytesA.equals(await readFile(join(c, file))), `${file} is the same for seeds 5 and 6`);
  }
});

test("embedding dropout (the HH zoo's setting) keeps a build reproducible and changes the fine-tunes only", async () => {
  const dropout = { ...HYPER_PARAMETERS.default, embedDropout: HYPER_PARAMETERS['hh-rlhf'].embedDropout };
  assert.ok(dropout.embedDropout > 0);
  const [a, b, plain] = [await quickBuild(5, dropout), await quickBuild(5, dropout), await quickBuild(5)];
  for (const file of FILES.filter((f) => f.endsWith('.onnx'))) {
    const bytesA = await readFile(join(a, file));
    assert.ok(bytesA.equals(await readFile(join(b, file))), `${file} differs between two builds with dropout`);
    // The base trains without dropout: only its recorded hyper-parameters differ from the plain build's.
    const weights = (bytes: Buffer) => Buffer.concat(decodeModel(bytes).graph!.initializer.map((t) => Buffer.from(t.rawData!)));
    assert.equal(weights(bytesA).equals(weights(await readFile(join(plain, file)))), file === 'base.onnx', file);
  }
});

test('a zoo folder holding another data source is never overwritten', async () => {
  const out = await quickBuild(5);
  const manifest = await readFile(join(out, 'zoo.json'), 'utf8');
  await assert.rejects(
    buildZoo({ data: 'hh-rlhf', out, seed: 5, quick: true, datasets: { helpful: [], harmless: [] } }),
    /refusing to overwrite/,
  );
  assert.equal(await readFile(join(out, 'zoo.json'), 'utf8'), manifest);
});
