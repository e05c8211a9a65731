/** Same seed → byte-identical zoo; the build is a pure function of data, seed and code. */
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolveDataset } from '../src/data/registry.ts';
import { buildZoo, ZOO_DATASETS } from '../src/train/zoo.ts';

async function quickBuild(seed: number): Promise<string> {
  const out = join(await mkdtemp(join(tmpdir(), 'rmlens-determinism-')), 'zoo');
  const refs = ZOO_DATASETS.default;
  const datasets = {
    helpful: await Promise.all(refs.helpful.map((ref) => resolveDataset(ref))),
    harmless: await Promise.all(refs.harmless.map((ref) => resolveDataset(ref))),
  };
  await buildZoo({ data: 'default', out, seed, quick: true, datasets });
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

test('a zoo folder holding another data source is never overwritten', async () => {
  const out = await quickBuild(5);
  const manifest = await readFile(join(out, 'zoo.json'), 'utf8');
  await assert.rejects(
    buildZoo({ data: 'hh-rlhf', out, seed: 5, quick: true, datasets: { helpful: [], harmless: [] } }),
    /refusing to overwrite/,
  );
  assert.equal(await readFile(join(out, 'zoo.json'), 'utf8'), manifest);
});
