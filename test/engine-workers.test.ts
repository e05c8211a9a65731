/**
 * The worker-thread engine on the quick zoo: proxies give the in-process RewardModel's numbers
 * to the last digit, two workers compute at once, the main thread keeps running while they do,
 * errors cross with their message (and RmlensError code), and the analysis gives the same
 * evaluation through workers as in-process.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { ModelLoader } from '../src/analysis/modelRegistry.ts';
import { createContext } from '../src/context.ts';
import { resolveDataset } from '../src/data/registry.ts';
import type { PreferencePair } from '../src/data/types.ts';
import { RewardModel } from '../src/engine/rewardModel.ts';
import type { AblationCondition } from '../src/engine/types.ts';
import { EngineWorkerPool, workerModelLoader, type WorkerModel } from '../src/engine/workerPool.ts';
import { reviveError, serializeError } from '../src/engine/workerProtocol.ts';
import { BadUserInputError, ComputeFailedError, ModelChangedError, NotFoundError } from '../src/errors.ts';
import { quickZooDir } from './support/quickZoo.ts';

let zoo: string;
let pairs: PreferencePair[];
/** Long enough that a call runs for a good while (the default corpus' helpful train part: ~2000 pairs, ~1 s). */
let manyPairs: PreferencePair[];
let pool: EngineWorkerPool;
const local: Record<string, RewardModel> = {};
const remote: Record<string, WorkerModel> = {};
const ROLES = ['base', 'helpful', 'harmless'] as const;

before(async () => {
  zoo = await quickZooDir();
  const helpful = await resolveDataset('default/helpful');
  pairs = helpful.heldOut.slice(0, 24);
  manyPairs = helpful.train;
  pool = new EngineWorkerPool({ size: 2 });
  // Typed as the analysis' loader: the proxies satisfy EngineModel.
  const load: ModelLoader = workerModelLoader(pool);
  for (const role of ROLES) {
    local[role] = await RewardModel.load(join(zoo, `${role}.onnx`));
    remote[role] = (await load(join(zoo, `${role}.onnx`))) as WorkerModel;
  }
});

after(async () => {
  for (const model of Object.values(local)) await model.close();
  await pool?.close();
});

/** Progress calls as `done/total`, to compare the worker's reports with the in-process ones. */
function recorder(): { calls: string[]; onProgress: (done: number, total: number) => void } {
  const calls: string[] = [];
  return { calls, onProgress: (done, total) => calls.push(`${done}/${total}`) };
}

function conditions(n: number): AblationCondition[] {
  const identity = { keep: new Float32Array(n).fill(1), fill: new Float32Array(n) };
  const zeroFirstHalf = { keep: new Float32Array(n).fill(1), fill: new Float32Array(n) };
  zeroFirstHalf.keep.fill(0, 0, n >> 1);
  const scaledAndFilled = { keep: new Float32Array(n).fill(0.5), fill: new Float32Array(n).map((_, j) => (j % 7) * 0.01) };
  return [identity, zeroFirstHalf, scaledAndFilled];
}

test('the neuron-detail passes run in workers with the in-process numbers', async () => {
  const { helpful } = local;
  assert.deepEqual(await remote.helpful.marginCorrelation(pairs), await helpful.marginCorrelation(pairs));
  assert.deepEqual(await remote.helpful.neuronExamples(pairs, { k: 3 }), await helpful.neuronExamples(pairs, { k: 3 }));
  const texts = pairs.slice(0, 2).map((p) => ({ prompt: p.prompt, response: p.chosen }));
  assert.deepEqual(await remote.helpful.tokenActivations(texts, [3, 300]), await helpful.tokenActivations(texts, [3, 300]));
});

test('worker proxies give the in-process numbers to the last digit, with the same progress calls', async () => {
  const { helpful, harmless, base } = local;
  for (const role of ROLES) {
    assert.equal(remote[role].sha256, local[role].sha256);
    assert.deepEqual(remote[role].sites, local[role].sites);
    assert.equal(remote[role].neuronCount, local[role].neuronCount);
    assert.deepEqual(remote[role].metadata, local[role].metadata);
  }

  const [expected, got] = [recorder(), recorder()];
  assert.deepEqual(await remote.helpful.rewards(pairs, { onProgress: got.onProgress }), await helpful.rewards(pairs, { onProgress: expected.onProgress }));
  assert.deepEqual(got.calls, expected.calls);
  assert.ok(got.calls.length > 1, 'several batches, several progress calls');

  assert.deepEqual(await remote.helpful.neuronStats(pairs), await helpful.neuronStats(pairs));
  const withBase = await remote.helpful.neuronStats(pairs, { base: remote.base });
  assert.ok(withBase.chosen.sqDiffBase);
  assert.deepEqual(withBase, await helpful.neuronStats(pairs, { base }));

  const all = conditions(helpful.neuronCount);
  // Three conditions take the prefix/suffix split, one alone the tiled path.
  assert.deepEqual(await remote.helpful.ablatedRewards(pairs, all), await helpful.ablatedRewards(pairs, all));
  assert.deepEqual(await remote.helpful.ablatedRewards(pairs, all.slice(1, 2)), await helpful.ablatedRewards(pairs, all.slice(1, 2)));

  assert.deepEqual(await remote.helpful.correlation(remote.harmless, pairs), await helpful.correlation(harmless, pairs));
});

test('two workers run ORT sessions at the same time, with correct results', async () => {
  // Each progress call follows one finished session run of that job. When a job's progress calls
  // fall between the other job's first and last ones, the two workers were computing at once.
  const log: string[] = [];
  let mostActive = 0;
  const track = (name: string) => () => {
    log.push(name);
    mostActive = Math.max(mostActive, pool.activeCount);
  };
  const [a, b] = await Promise.all([
    remote.helpful.rewards(manyPairs, { onProgress: track('a') }),
    remote.harmless.rewards(manyPairs, { onProgress: track('b') }),
  ]);
  assert.equal(mostActive, 2);
  const during = (inner: string, outer: string) => log.slice(log.indexOf(outer), log.lastIndexOf(outer)).filter((n) => n === inner).length;
  assert.ok(during('b', 'a') > 0 && during('a', 'b') > 0, `progress calls did not interleave: ${log.join('')}`);
  assert.deepEqual(a, await local.helpful.rewards(manyPairs));
  assert.deepEqual(b, await local.harmless.rewards(manyPairs));
});

test('the main thread keeps running while a worker computes', async () => {
  // One big batch per session run: in-process, each run holds the event loop for its whole length.
  // Measured with these settings: in-process the timer fired 2 times in 1.5 s; in a worker, 336 in 1.8 s.
  const bigBatches = new EngineWorkerPool({ size: 1, batchSize: 1024 });
  try {
    const model = await workerModelLoader(bigBatches)(join(zoo, 'helpful.onnx'));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    let ticksAtEnd = 0;
    try {
      await model.rewards(manyPairs, { onProgress: () => void (ticksAtEnd = ticks) });
    } finally {
      clearInterval(timer);
    }
    // Generous: a call of a second or more gives a 5 ms timer well over a hundred turns when nothing blocks it.
    assert.ok(ticksAtEnd >= 20, `the 5 ms timer fired only ${ticksAtEnd} times during the worker call`);
  } finally {
    await bigBatches.close();
  }
});

test('errors in a worker reject the call with their message (and RmlensError code); the pool keeps working', async () => {
  const missing = join(zoo, 'missing.onnx');
  const inProcess = await RewardModel.load(missing).then(() => null, (error: Error) => error.message);
  await assert.rejects(workerModelLoader(pool)(missing), { name: 'Error', message: inProcess! });

  const [bad] = conditions(local.helpful.neuronCount - 1);
  const inputError = await local.helpful.ablatedRewards(pairs, [bad]).then(() => null, (error: Error) => error.message);
  await assert.rejects(remote.helpful.ablatedRewards(pairs, [bad]), { message: inputError! });

  await assert.rejects(remote.helpful.rewards(pairs, { onProgress: () => { throw new Error('progress sink broke'); } }), { message: 'progress sink broke' });

  assert.deepEqual(await remote.helpful.rewards(pairs), await local.helpful.rewards(pairs));
});

test('errors cross as data: each RmlensError class comes back by its code, other errors keep name and message', () => {
  for (const Class of [BadUserInputError, NotFoundError, ModelChangedError, ComputeFailedError]) {
    const revived = reviveError(structuredClone(serializeError(new Class('what went wrong'))));
    assert.ok(revived instanceof Class);
    assert.equal(revived.code, new Class('').code);
    assert.equal(revived.message, 'what went wrong');
  }
  const typeError = reviveError(serializeError(new TypeError('not a function')));
  assert.equal(typeError.name, 'TypeError');
  assert.equal(typeError.message, 'not a function');
  assert.match(typeError.stack ?? '', /engine-workers\.test\.ts/, 'the stack is where the error was thrown');
  assert.equal(reviveError(serializeError('a string')).message, 'a string');
});

test('a model file replaced under a worker fails as ModelChangedError, never with the new bytes', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rmlens-workers-'));
  const onePool = new EngineWorkerPool({ size: 1 });
  t.after(async () => {
    await onePool.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const file = join(dir, 'model.onnx');
  const load = workerModelLoader(onePool);
  copyFileSync(join(zoo, 'helpful.onnx'), file);
  const old = await load(file);
  copyFileSync(join(zoo, 'harmless.onnx'), file);
  const replaced = await load(file);
  // The worker holds the new content for that path; the old proxy asks for the old sha256.
  const error = await old.rewards(pairs).then(() => null, (e: unknown) => e);
  assert.ok(error instanceof ModelChangedError, `expected ModelChangedError, got ${error}`);
  assert.equal(error.code, 'MODEL_CHANGED');
  assert.match(error.message, /changed/);
  assert.deepEqual(await replaced.rewards(pairs), await local.harmless.rewards(pairs));
});

test('analysis.evaluation through worker models equals the in-process context', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rmlens-workers-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const evaluate = async (dbName: string, loadModel?: ModelLoader) => {
    const context = createContext({ dbPath: join(dir, dbName), zooDirs: [zoo], loadModel });
    try {
      return await context.analysis.evaluation('default/mixed', 'default/helpful');
    } finally {
      await context.close();
    }
  };
  const inProcess = await evaluate('local.sqlite');
  const inWorkers = await evaluate('workers.sqlite', workerModelLoader(pool));
  assert.equal(inWorkers.cached, false);
  assert.deepEqual(inWorkers.value, inProcess.value);
});

test('close waits for a running job, then refuses new ones; an unclosed pool still lets the process finish its work and exit', async () => {
  const closing = new EngineWorkerPool({ size: 1 });
  const model = await workerModelLoader(closing)(join(zoo, 'helpful.onnx'));
  const running = model.rewards(pairs);
  await closing.close();
  assert.deepEqual(await running, await local.helpful.rewards(pairs));
  await assert.rejects(model.rewards(pairs), { message: 'the engine worker pool is closed' });

  const child = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'support', 'unclosedPool.ts'), join(zoo, 'helpful.onnx')], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout.trim(), 'rewards of 1000 pairs');
});

test('a ParallelAblationModel deals many conditions over the workers with the in-process numbers', async () => {
  const { parallelModelLoader, ParallelAblationModel } = await import('../src/engine/parallelModel.ts');
  const load: ModelLoader = parallelModelLoader(pool);
  const helpful = (await load(join(zoo, 'helpful.onnx'))) as InstanceType<typeof ParallelAblationModel>;
  const base = (await load(join(zoo, 'base.onnx'))) as InstanceType<typeof ParallelAblationModel>;
  try {
    const n = helpful.neuronCount;
    const many = [...conditions(n), ...conditions(n).map((c) => ({ keep: c.keep.map((k, j) => (j % 3 === 0 ? 0 : k)), fill: c.fill }))];
    many.push({ keep: new Float32Array(n).fill(1).fill(0, n - 40), fill: new Float32Array(n) }); // the last site only
    const progress = recorder();
    const got = await helpful.ablatedRewards(pairs, many, { onProgress: progress.onProgress });
    assert.deepEqual(got, await local.helpful.ablatedRewards(pairs, many));
    assert.equal(progress.calls.at(-1), `${pairs.length}/${pairs.length}`);
    // Few conditions and every other call run in-process; a wrapped base or peer is unwrapped.
    assert.deepEqual(await helpful.ablatedRewards(pairs, many.slice(0, 2)), await local.helpful.ablatedRewards(pairs, many.slice(0, 2)));
    assert.deepEqual(await helpful.neuronStats(pairs, { base }), await local.helpful.neuronStats(pairs, { base: local.base }));
    assert.deepEqual(await helpful.correlation(base, pairs), await local.helpful.correlation(local.base, pairs));
  } finally {
    await helpful.close();
    await base.close();
  }
});
