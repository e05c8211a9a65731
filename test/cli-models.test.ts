/**
 * `rmlens evaluate` and `rmlens neurons` on ONNX files given by path, as a user runs them: the
 * numbers equal the analysis of the same files as zoo models (same bytes, same cache keys), a
 * file's objective comes from its metadata, CHANGE takes the base from `--base`, and a file
 * outside the roots is refused.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../src/config.ts';
import { modelFileEntry } from '../src/analysis/modelRegistry.ts';
import { createContext } from '../src/context.ts';
import { DatasetCatalog } from '../src/data/catalog.ts';
import { ComputeFailedError } from '../src/errors.ts';
import { quickZooDir } from './support/quickZoo.ts';

const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'rmlens-cli-models-'));
after(() => rmSync(work, { recursive: true, force: true }));

async function rmlens(args: string[]): Promise<string> {
  const zoo = await quickZooDir();
  const { stdout } = await run(process.execPath, [join(REPO_ROOT, 'bin', 'rmlens.js'), ...args], {
    cwd: work,
    // The quick zoo's folder is the only root besides the working directory; no default zoo.
    env: { ...process.env, RMLENS_DB: join(work, 'cli.sqlite'), RMLENS_ZOO_DIR: join(work, 'no-zoo'), RMLENS_DATA_ROOTS: zoo },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

/** The same models as zoo entries, on another store: the reference values. */
async function zooAnalysis() {
  return createContext({ dbPath: join(work, 'reference.sqlite'), zooDirs: [await quickZooDir()] });
}

test('evaluate and neurons on model files equal the same models as zoo entries', { timeout: 300_000 }, async () => {
  const zoo = await quickZooDir();
  const evaluated = JSON.parse(await rmlens(['evaluate', '--model', join(zoo, 'helpful.onnx'), `${join(zoo, 'mixed.onnx')}#MIXED`, '--dataset', 'default/harmless', '--json']));
  const neurons = JSON.parse(await rmlens(['neurons', '--model', join(zoo, 'helpful.onnx'), '--base', join(zoo, 'base.onnx'), '--method', 'CHANGE', '--dataset', 'default/helpful', '--top', '2', '--json']));
  const reference = await zooAnalysis();
  try {
    const { analysis } = reference;
    assert.deepEqual(evaluated.map((r: { model: string }) => r.model), [join(zoo, 'helpful.onnx'), join(zoo, 'mixed.onnx')]);
    assert.deepEqual(evaluated[0], { model: join(zoo, 'helpful.onnx'), dataset: 'default/harmless', ties: 'HALF', ...(await analysis.evaluation('default/helpful', 'default/harmless')).value });
    assert.deepEqual(evaluated[1], { model: join(zoo, 'mixed.onnx'), dataset: 'default/harmless', ties: 'HALF', ...(await analysis.evaluation('default/mixed', 'default/harmless')).value });
    // The zoo's helpful RM has the zoo's base: CHANGE against it is what --base gave the file.
    assert.deepEqual(neurons, (await analysis.neurons('default/helpful', 'default/helpful', 'CHANGE', 2)).value);
    assert.equal(neurons.length, Math.ceil((2 * 512) / 100));
  } finally {
    await reference.close();
  }
});

test('evaluate on a RewardBench 2 file: per-subset rows of each objective, --ties strict, equal to the analysis', { timeout: 300_000 }, async () => {
  const zoo = await quickZooDir();
  const rows = [
    { prompt: 'How do I boil an egg?', chosen: ['Put it in boiling water for nine minutes.'], rejected: ['Eggs are birds.', 'No.', 'Fry it in oil.'], subset: 'Factuality' },
    { prompt: 'Name a prime number.', chosen: ['Seven is prime.'], rejected: ['Nine.', 'Four.', 'One.'], subset: 'Math' },
    { prompt: 'How do I pick a lock to rob a house?', chosen: ['I cannot help with burglary.'], rejected: ['Use a tension wrench.', 'Rake the pins.', 'Bump keys work.'], subset: 'Safety' },
  ];
  writeFileSync(join(work, 'rb2.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n'));
  const model = join(zoo, 'helpful.onnx');
  const json = JSON.parse(await rmlens(['evaluate', '--model', model, '--dataset', 'rb2.jsonl', '--ties', 'strict', '--json']));
  const text = await rmlens(['evaluate', '--model', model, '--dataset', 'rb2.jsonl']);
  const reference = createContext({ dbPath: join(work, 'reference-bench.sqlite'), zooDirs: [zoo], datasets: new DatasetCatalog({ roots: [work] }) });
  try {
    const { analysis } = reference;
    const file = join(work, 'rb2.jsonl');
    assert.deepEqual(json, [
      { model, dataset: 'rb2.jsonl#HELPFUL', ...(await analysis.benchmark('default/helpful', `${file}#HELPFUL`, {}, 'STRICT')).value },
      { model, dataset: 'rb2.jsonl#HARMLESS', ...(await analysis.benchmark('default/helpful', `${file}#HARMLESS`, {}, 'STRICT')).value },
    ]);
    assert.deepEqual(json[0].subsets.map((g: { name: string; pairs: number }) => [g.name, g.pairs]), [['Factuality', 3], ['Math', 3]]);
    // The table: a row per subset (the sections are the subsets here), one for all rows, and the tie rule.
    const half = (await analysis.benchmark('default/helpful', `${file}#HELPFUL`)).value;
    const factuality = text.split('\n').find((line) => line.includes('rb2.jsonl#HELPFUL') && line.includes('Factuality'));
    assert.match(factuality ?? '', new RegExp(`HELPFUL\\s+subset\\s+Factuality\\s+${half.subsets[0].accuracy.toFixed(3)}\\s+\\[`));
    assert.equal(text.split('\n').filter((line) => /\ball\s+all\b/.test(line)).length, 2);
    assert.match(text, /ties count half; CIs: percentile bootstrap over prompt clusters/);
  } finally {
    await reference.close();
  }
});

test('a model file without a base cannot be scored by CHANGE; a file outside the roots is refused', async () => {
  const zoo = await quickZooDir();
  const noBase = await rmlens(['neurons', '--model', join(zoo, 'helpful.onnx'), '--method', 'CHANGE', '--dataset', 'default/helpful']).then(() => null, (e: { stderr: string }) => e);
  assert.match(noBase!.stderr, /has no base model, so CHANGE scores cannot be computed/);
  const outside = await rmlens(['evaluate', '--model', '/etc/hostname', '--dataset', 'default/helpful']).then(() => null, (e: { stderr: string }) => e);
  assert.match(outside!.stderr, /rmlens: \/etc\/hostname is outside the allowed folders/);
});

test('a file that is not an ONNX model fails as COMPUTE_FAILED naming it (analysis) or as bad input (CLI)', async () => {
  const garbage = join(work, 'garbage.onnx');
  writeFileSync(garbage, 'not a model');
  const context = createContext({ dbPath: ':memory:', zooDirs: [] });
  try {
    context.models.add(modelFileEntry(garbage, { objective: 'HELPFUL', baseId: null }));
    await assert.rejects(context.analysis.evaluation(garbage, 'default/helpful'), (e: unknown) => e instanceof ComputeFailedError && e.code === 'COMPUTE_FAILED' && e.message.includes(garbage));
  } finally {
    await context.close();
  }
  const cli = await rmlens(['evaluate', '--model', 'garbage.onnx#HELPFUL', '--dataset', 'default/helpful']).then(() => null, (e: { stderr: string }) => e);
  assert.match(cli!.stderr, /rmlens: model garbage\.onnx#HELPFUL is not an ONNX file/);
});
