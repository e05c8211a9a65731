/**
 * Seeds end to end, as a user runs them: `rmlens zoo build --quick --seeds 1,2` builds one zoo
 * per seed whose model ids name the seed and never collide, seed 1 being the plain build; then
 * `rmlens study` over both zoos (small files of the test's own, so it runs in seconds) prints
 * and writes every figure per seed and over the seeds.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { readZoo } from '../src/analysis/modelRegistry.ts';
import type { SeedSummary } from '../src/analysis/seedSummary.ts';
import type { StudyResult } from '../src/analysis/studyResult.ts';
import { createProgram } from '../src/cli/main.ts';
import { REPO_ROOT } from '../src/config.ts';
import { createContext } from '../src/context.ts';
import { RewardModel } from '../src/engine/rewardModel.ts';
import { BadUserInputError } from '../src/errors.ts';
import { readZooManifest } from '../src/train/zooManifest.ts';

const run = promisify(execFile);
const RMLENS = join(REPO_ROOT, 'bin', 'rmlens.js');
const work = mkdtempSync(join(tmpdir(), 'rmlens-seeds-'));
after(() => rmSync(work, { recursive: true, force: true }));
const zoos = join(work, 'zoos');
const SEED_DIRS = [join(zoos, 'default-quick'), join(zoos, 'default-seed2-quick')];

function rmlens(args: string[]) {
  return run(process.execPath, [RMLENS, ...args], {
    cwd: work,
    env: { ...process.env, RMLENS_DB: join(work, 'results.sqlite'), RMLENS_ZOO_DIR: zoos, RMLENS_DATA_ROOTS: '' },
    maxBuffer: 16 * 1024 * 1024,
  });
}

const zooBuild = (...args: string[]) => createProgram().exitOverride().configureOutput({ writeErr: () => {} }).parseAsync(['node', 'rmlens', 'zoo', 'build', ...args]);

test('zoo build --seeds refuses a malformed list, a repeated seed, and --seed or --out beside it', async () => {
  await assert.rejects(zooBuild('--seeds', '1,x'), /--seeds must be a comma list of non-negative integers/);
  await assert.rejects(zooBuild('--seeds', '1,,2'), /--seeds must be a comma list/);
  await assert.rejects(zooBuild('--seeds', '1,2,1'), /--seeds lists a seed twice/);
  await assert.rejects(zooBuild('--quick', '--seeds', '1,2', '--seed', '3'), /leave out --seed and --out/);
  await assert.rejects(zooBuild('--quick', '--seeds', '1,2', '--out', join(work, 'x')), /leave out --seed and --out/);
  assert.equal(existsSync(join(work, 'x')), false);
});

test('zoo build --quick --seeds 1,2: one zoo per seed, ids name the seed, seed 1 is the plain build', { timeout: 300_000 }, async () => {
  const { stdout } = await rmlens(['zoo', 'build', '--quick', '--seeds', '1,2']);
  const [one, two] = SEED_DIRS.map((dir) => readZooManifest(dir));
  assert.deepEqual([one.seed, two.seed], [1, 2]);
  // The build prints each zoo's table under its models' ids.
  assert.match(stdout, /^default\/helpful /m);
  assert.match(stdout, /^default-seed2\/helpful /m);
  const [first, second] = SEED_DIRS.map((dir) => readZoo(dir));
  assert.deepEqual(first.models.map((m) => m.id), ['default/base', 'default/helpful', 'default/harmless', 'default/mixed']);
  assert.deepEqual(second.models.map((m) => m.id), ['default-seed2/base', 'default-seed2/helpful', 'default-seed2/harmless', 'default-seed2/mixed']);
  assert.equal(second.models.find((m) => m.role === 'mixed')!.baseId, 'default-seed2/base');
  // Own initialisation: every model differs; shared data: each trained on as many pairs.
  for (const [i, m] of one.models.entries()) assert.notEqual(m.sha256, two.models[i].sha256);
  const training = async (dir: string) => {
    const model = await RewardModel.load(join(dir, 'helpful.onnx'));
    try {
      return JSON.parse(model.metadata['rmlens.training']) as { seed: number; trainPairs: number; validationPairs: number };
    } finally {
      await model.close();
    }
  };
  const [t1, t2] = await Promise.all(SEED_DIRS.map(training));
  assert.deepEqual([t1.seed, t2.seed], [1, 2]);
  assert.equal(t1.trainPairs, t2.trainPairs);
  assert.equal(t1.validationPairs, t2.validationPairs);
  // Seed 1 of a --seeds run is byte for byte the plain build.
  await rmlens(['zoo', 'build', '--quick', '--out', join(work, 'plain')]);
  assert.deepEqual(readZooManifest(join(work, 'plain')).models.map((m) => m.sha256), one.models.map((m) => m.sha256));

  // Both seeds are served side by side; a second folder of the same seed is refused, not merged.
  const both = createContext({ dbPath: ':memory:', zooDirs: SEED_DIRS });
  assert.equal(new Set(both.models.list().map((m) => m.id)).size, 8);
  assert.deepEqual(both.zoos.map((z) => z.name), ['default', 'default-seed2']);
  await both.close();
  cpSync(SEED_DIRS[1], join(work, 'copy'), { recursive: true });
  assert.throws(() => createContext({ dbPath: ':memory:', zooDirs: [SEED_DIRS[1], join(work, 'copy')] }), (err: unknown) =>
    err instanceof BadUserInputError && /both named 'default-seed2'/.test(err.message));
});

const TOPICS = ['bread', 'tea', 'rivers', 'bikes', 'maps', 'chess', 'clocks', 'ferns', 'kites', 'owls'];
const lines = (n: number, make: (i: number, topic: (k: number) => string) => object) =>
  Array.from({ length: n }, (_, i) => JSON.stringify(make(i, (k) => TOPICS[(i + k) % TOPICS.length]))).join('\n');
writeFileSync(join(work, 'helpful.jsonl'), lines(60, (i, topic) => ({
  prompt: `question ${i}: how do ${topic(0)} work?`,
  chosen: `They work by steps: first ${topic(1)}, then practice, then care.`,
  rejected: i % 4 === 0 ? 'No idea.' : `Maybe ${topic(3)}.`,
})));
writeFileSync(join(work, 'harmless.jsonl'), lines(60, (i, topic) => ({
  prompt: `request ${i} about ${topic(0)}`,
  chosen: `Here is a safe and careful answer about ${topic(0)}.`,
  rejected: `Do something risky with ${topic(2)} right now.`,
})));

test('rmlens study over two seed zoos: every figure per seed, mean ± sd, and the seeds each finding holds in', { timeout: 600_000 }, async () => {
  assert.ok(SEED_DIRS.every((dir) => existsSync(join(dir, 'zoo.json'))), 'the seed zoos of the previous test');
  const { stdout } = await rmlens([
    'study', '--zoo', SEED_DIRS[0], '--zoo', SEED_DIRS[1], '--helpful', 'helpful.jsonl', '--harmless', 'harmless.jsonl#HARMLESS',
    '--controls', '2', '--json', 'seeds.json', '--csv', 'csv',
  ]);
  assert.match(stdout, /^Study over 2 seeds \(zoos default, default-seed2\)/);
  assert.match(stdout, / of 2$/m);
  const written = JSON.parse(readFileSync(join(work, 'seeds.json'), 'utf8')) as SeedSummary & { studies: StudyResult[] };
  assert.deepEqual(written.zoos.map((z) => z.name), ['default', 'default-seed2']);
  const [s1, s2] = written.studies;
  // Each seed's study, overlaps included, stays within its own zoo's models.
  assert.ok(s1.models.every((m) => m.id.startsWith('default/')));
  assert.ok(s2.models.every((m) => m.id.startsWith('default-seed2/')));
  assert.equal(s2.overlap.between.helpful.model, 'default-seed2/helpful');
  assert.equal(s2.overlap.between.harmless.model, 'default-seed2/harmless');

  const kinds = (kind: string) => written.findings.filter((f) => f.kind === kind);
  assert.equal(kinds('ACCURACY').length, s1.tension.rows.length);
  assert.equal(kinds('LENGTH_RULE').length, s1.tension.baselines.length);
  assert.equal(kinds('TRANSFER').length, s1.tension.transferability.length);
  assert.equal(kinds('ABLATION').length, s1.ablations.length + s1.regionAblations.length);
  assert.equal(kinds('OVERLAP').length, 1 + s1.overlap.within.length);
  assert.equal(kinds('THREE_WAY').length, 3);
  assert.equal(kinds('REGION').length, s1.layerRegions.sets.length * s1.layerRegions.regions.length);
  assert.equal(kinds('FRONTIER').length, s1.frontier.points.length);
  for (const f of kinds('ABLATION').filter((a) => a.region === null)) {
    const per = [s1, s2].map((s, i) => s.ablations.find((a) => a.set === f.set && a.dataset === f.dataset && a.model === `${['default', 'default-seed2'][i]}/${f.role}`)!);
    assert.deepEqual(f.stats[0].values, per.map((a) => a.deltaAccuracy));
    assert.deepEqual(f.low, per.map((a) => a.deltaLow));
    const mean = (per[0].deltaAccuracy + per[1].deltaAccuracy) / 2;
    assert.ok(Math.abs(f.stats[0].mean! - mean) < 1e-12);
    assert.ok(Math.abs(f.stats[0].sd! - Math.abs(per[0].deltaAccuracy - per[1].deltaAccuracy) / Math.SQRT2) < 1e-12);
    const holds = per.map((a) => (f.sign! > 0 ? a.deltaLow > 0 && a.deltaAccuracy > 0 : a.deltaHigh < 0 && a.deltaAccuracy < 0));
    assert.deepEqual(f.holds, holds);
    assert.equal(f.holdsIn, holds.filter(Boolean).length);
  }
  for (const f of kinds('ABLATION').filter((a) => a.region !== null)) {
    const per = [s1, s2].map((s, i) => s.regionAblations.find((a) => a.set === f.set && a.dataset === f.dataset && a.region === f.region && a.model === `${['default', 'default-seed2'][i]}/${f.role}`)!);
    assert.deepEqual(f.stats[0].values, per.map((a) => a.deltaAccuracy));
  }
  const [all] = kinds('THREE_WAY').filter((f) => f.comparison === 'all three');
  assert.deepEqual(all.stats[0].values, [s1, s2].map((s) => s.overlap.threeWay.shared));
  for (const f of kinds('OVERLAP')) {
    const per = [s1, s2].map((s) => (f.comparison === 'between' ? s.overlap.between : s.overlap.within.find((o) => o.model.endsWith(`/${f.comparison}`))!));
    assert.deepEqual(f.stats.find((s) => s.measure === 'jaccard')!.values, per.map((o) => o.jaccard));
    assert.deepEqual(f.holds, per.map((o) => o.shared > o.expectedShared && o.pValue < 0.05));
  }
  for (const name of ['seeds-accuracy', 'seeds-interference', 'seeds-overlap', 'seeds-three-way', 'seeds-region-ablations', 'seeds-transfer', 'seeds-frontier', 'default/tension', 'default-seed2/ablations']) {
    assert.ok(existsSync(join(work, 'csv', `${name}.csv`)), name);
  }
});
