/**
 * Per-subset benchmark accuracy and the tie rule, through the facade on a fake engine whose
 * reward of a text is the mean value of its tokens, a token `s5` or `w5` being worth 5 (other
 * tokens 0): every row's outcome is read off its texts. The files are written here in each
 * benchmark format; each expected number below is worked out from the rows by hand.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolveDatasets } from '../src/data/registry.ts';
import type { Dataset } from '../src/data/types.ts';
import { BadUserInputError } from '../src/errors.ts';
import { runStudy } from '../src/analysis/study.ts';
import { studyTables } from '../src/analysis/studyReport.ts';
import { defaultDatasets, fakeDataset, fakeWorld, tempDir } from './support/fakeEngine.ts';
import { serverWorld } from './support/serverWorld.ts';

const root = tempDir('rmlens-benchmark-');
mkdirSync(join(root, 'data'));

/** A token `<letters><digits>` is worth its digits; every other token 0. */
const tokenValue = (token: string) => Number(/^[a-z]+(\d+)$/.exec(token)?.[1] ?? 0);

async function benchmarkDatasets(name: string, rows: unknown[], options: { pairing?: 'all' | 'diagonal'; array?: boolean } = {}): Promise<Dataset[]> {
  const file = join(root, 'data', name);
  writeFileSync(file, options.array ? JSON.stringify(rows) : rows.map((r) => JSON.stringify(r)).join('\n'));
  return resolveDatasets(file, { roots: [join(root, 'data')], pairing: options.pairing });
}

const ZERO_WEIGHTS = Array.from({ length: 10 }, () => 0);

// RewardBench 2, best-of-n. Helpful rows: A right (5 beats 1, 2, 3); B wrong (2 loses to 3);
// C a tie (4 ties t4, beats 1 and 2); D right (min chosen 5 > max rejected 4). Harmless: E right.
const RB2 = [
  { prompt: 'qa', chosen: ['s5'], rejected: ['w1', 'w2', 'w3'], subset: 'Factuality' },
  { prompt: 'qb', chosen: ['s2'], rejected: ['w1', 'w3', 'w0'], subset: 'Factuality' },
  { prompt: 'qc', chosen: ['s4'], rejected: ['t4', 'w1', 'w2'], subset: 'Factuality' },
  { prompt: 'qd', chosen: ['s6', 's5'], rejected: ['w1', 'w4'], subset: 'Ties' },
  { prompt: 'qe', chosen: ['s3'], rejected: ['w1', 'w2', 'w0'], subset: 'Safety' },
];

// RewardBench, one pair a row: easy right, hard wrong, chat-hard a tie; safety right.
const RB = [
  { prompt: 'qa', chosen: 's3', rejected: 'w1', subset: 'alpacaeval-easy' },
  { prompt: 'qb', chosen: 's1', rejected: 'w2', subset: 'alpacaeval-hard' },
  { prompt: 'qc', chosen: 's2', rejected: 't2', subset: 'mt-bench-hard' },
  { prompt: 'qd', chosen: 's5', rejected: 'w4', subset: 'refusals-dangerous' },
];

// RM-Bench, one chat row: of the 3 × 3 pairings 6 are right (3 > 2, 0; 5 > all; 1 > 0); the diagonal (3 > 2, 5 > 4, 1 > 0) all 3.
const RMB = [{ prompt: 'qa', chosen: ['s3', 's5', 's1'], rejected: ['w2', 'w4', 'w0'], domain: 'chat' }];

test('RewardBench 2: a row is right only when its chosen outscores every rejected; per subset, with CIs and counts; ties half or strict', async () => {
  const datasets = await benchmarkDatasets('rb2.jsonl', RB2);
  const world = fakeWorld({ judge: { objective: 'HELPFUL', weights: ZERO_WEIGHTS } }, { datasets, tokenValue });
  const [helpful, harmless] = datasets.map((d) => d.id);
  const half = (await world.service.benchmark('judge', helpful)).value;
  assert.deepEqual([half.format, half.scoring, half.pairing, half.ties], ['rewardbench2', 'BEST_OF_N', 'all', 'HALF']);
  const summary = (g: typeof half.overall) => [g.name, g.category, g.objective, g.accuracy, g.rows, g.pairs, g.tiedPairs];
  assert.deepEqual(half.subsets.map(summary), [
    ['Factuality', 'Factuality', 'HELPFUL', (1 + 0 + 0.5) / 3, 3, 9, 1],
    ['Ties', 'Ties', 'HELPFUL', 1, 1, 4, 0],
  ]);
  assert.deepEqual(half.categories.map(summary), half.subsets.map(summary));
  assert.deepEqual(summary(half.overall), ['all', 'all', 'HELPFUL', 2.5 / 4, 4, 13, 1]);
  // A CI over rows: one row has none to resample; three rows scoring 1, 0, ½ span both ends.
  assert.deepEqual([half.subsets[1].accuracyLow, half.subsets[1].accuracyHigh], [1, 1]);
  assert.deepEqual([half.subsets[0].accuracyLow, half.subsets[0].accuracyHigh], [0, 1]);

  const strict = (await world.service.benchmark('judge', helpful, {}, 'STRICT')).value;
  assert.deepEqual(strict.subsets.map((g) => g.accuracy), [1 / 3, 1]);
  assert.equal(strict.overall.accuracy, 2 / 4);
  assert.equal(strict.ties, 'STRICT');

  const safety = (await world.service.benchmark('judge', harmless)).value;
  assert.deepEqual(safety.subsets.map(summary), [['Safety', 'Safety', 'HARMLESS', 1, 1, 3, 0]]);

  // The same dataset, pair by pair: 11 of 13 pairs right, 1 tie, 1 wrong.
  assert.equal((await world.service.evaluation('judge', helpful)).value.accuracy, 11.5 / 13);
  assert.equal((await world.service.evaluation('judge', helpful, {}, 'STRICT')).value.accuracy, 11 / 13);
  await world.service.close();
});

test('every benchmark answer reads the one cached rewards run; a repeated question is read from the store; the tie rule has its own row', async () => {
  const datasets = await benchmarkDatasets('rb2-cache.jsonl', RB2);
  const world = fakeWorld({ judge: { objective: 'HELPFUL', weights: ZERO_WEIGHTS } }, { datasets, tokenValue });
  const helpful = datasets[0].id;
  const first = await world.service.benchmark('judge', helpful);
  assert.equal(first.cached, false);
  assert.equal(world.calls.rewards.length, 1);
  // The engine saw the dataset's pairs: the best-of-n rows as pairs sharing the chosen response.
  assert.equal(world.calls.rewards[0].pairs.length, 13);
  const again = await world.service.benchmark('judge', helpful);
  assert.deepEqual([again.cached, again.key], [true, first.key]);
  const strict = await world.service.benchmark('judge', helpful, {}, 'STRICT');
  assert.equal(strict.cached, false);
  assert.notEqual(strict.key, first.key);
  await world.service.evaluation('judge', helpful);
  await world.service.evaluation('judge', helpful, {}, 'STRICT');
  assert.equal(world.calls.rewards.length, 1, 'no question recomputed the rewards');
  await assert.rejects(world.service.benchmark('judge', 'nope'), /unknown dataset nope/);
  await world.service.close();
});

test('RewardBench: per subset and per section (chat, chat-hard; safety); JSON array and JSONL alike', async () => {
  for (const array of [false, true]) {
    const datasets = await benchmarkDatasets(array ? 'rb.json' : 'rb.jsonl', RB, { array });
    const world = fakeWorld({ judge: { objective: 'HELPFUL', weights: ZERO_WEIGHTS } }, { datasets, tokenValue });
    const [helpful, harmless] = datasets.map((d) => d.id);
    const half = (await world.service.benchmark('judge', helpful)).value;
    assert.equal(half.scoring, 'PAIRS');
    assert.deepEqual(half.subsets.map((g) => [g.name, g.category, g.accuracy]), [['alpacaeval-easy', 'chat', 1], ['alpacaeval-hard', 'chat', 0], ['mt-bench-hard', 'chat-hard', 0.5]]);
    assert.deepEqual(half.categories.map((g) => [g.name, g.accuracy, g.rows]), [['chat', 0.5, 2], ['chat-hard', 0.5, 1]]);
    assert.equal(half.overall.accuracy, 1.5 / 3);
    const strict = (await world.service.benchmark('judge', helpful, {}, 'STRICT')).value;
    assert.deepEqual(strict.categories.map((g) => g.accuracy), [0.5, 0]);
    assert.deepEqual((await world.service.benchmark('judge', harmless)).value.categories.map((g) => [g.name, g.objective, g.accuracy]), [['safety', 'HARMLESS', 1]]);
    await world.service.close();
  }
});

test('RM-Bench: a row scores the share of its pairings ranked right, all pairings (6 of 9) or the diagonal (3 of 3)', async () => {
  const all = await benchmarkDatasets('rmb.jsonl', RMB);
  const diagonal = await benchmarkDatasets('rmb.jsonl', RMB, { pairing: 'diagonal' });
  const world = fakeWorld({ judge: { objective: 'HELPFUL', weights: ZERO_WEIGHTS } }, { datasets: [...all, ...diagonal.map((d) => ({ ...d, id: `${d.id} diagonal` }))], tokenValue });
  const a = (await world.service.benchmark('judge', all[0].id)).value;
  assert.deepEqual([a.pairing, a.overall.accuracy, a.overall.rows, a.overall.pairs], ['all', 6 / 9, 1, 9]);
  const d = (await world.service.benchmark('judge', `${diagonal[0].id} diagonal`)).value;
  assert.deepEqual([d.pairing, d.overall.accuracy, d.overall.rows, d.overall.pairs], ['diagonal', 1, 1, 3]);
  await world.service.close();
});

test('a dataset that is not a reward benchmark has no subsets: BAD_USER_INPUT', async () => {
  const world = fakeWorld({ judge: { objective: 'HELPFUL', weights: ZERO_WEIGHTS } }, { tokenValue });
  await assert.rejects(world.service.benchmark('judge', 'help'), (e: unknown) => e instanceof BadUserInputError && /dataset 'help' is not a reward benchmark/.test(e.message));
  await world.service.close();
});

test('--ties strict reaches every accuracy: evaluation, tension, ablation, p-sweep, frontier; HALF keeps its keys', async () => {
  // Held-out: one tie (2 = 2) and one right pair (3 > 1); the judge's neurons weigh nothing, so ablations keep both.
  const pairs = [{ prompt: 'qa', chosen: ' s2', rejected: ' t2' }, { prompt: 'qb', chosen: ' s3', rejected: ' w1' }];
  const tied = fakeDataset('tied', 'HELPFUL', defaultDatasets()[0].train, pairs);
  const world = fakeWorld({ judge: { objective: 'HELPFUL', weights: ZERO_WEIGHTS } }, { datasets: [tied], tokenValue });
  const { service } = world;
  const half = await service.evaluation('judge', 'tied');
  const strict = await service.evaluation('judge', 'tied', {}, 'STRICT');
  assert.deepEqual([half.value.accuracy, strict.value.accuracy], [0.75, 0.5]);
  assert.notEqual(strict.key, half.key);
  assert.equal((await service.evaluation('judge', 'tied', {}, 'HALF')).key, half.key);
  const tension = await service.tension(['judge'], ['tied'], {}, 'STRICT');
  assert.equal(tension.rows[0].evaluation.accuracy, 0.5);

  const ablate = (ties?: 'STRICT') => service.ablation({ model: 'judge', set: { kind: 'ALL' }, dataset: 'tied', mode: 'ZERO', controls: 0, ties });
  const [ah, as] = [(await ablate()).value, (await ablate('STRICT')).value];
  assert.deepEqual([ah.baselineAccuracy, ah.accuracy, as.baselineAccuracy, as.accuracy], [0.75, 0.75, 0.5, 0.5]);

  const sel = { model: 'judge', dataset: 'tied', method: 'MAGNITUDE' as const, topPercent: 20 };
  const allPoint = async (ties: 'HALF' | 'STRICT') => (await service.pSweep('judge', sel, sel, 'tied', 0, {}, ties)).value.find((p) => p.kind === 'ALL')!.accuracy;
  assert.deepEqual([await allPoint('HALF'), await allPoint('STRICT')], [0.75, 0.5]);

  const frontier = async (ties: 'HALF' | 'STRICT') => (await service.frontier('judge', { kind: 'ALL' }, 'tied', 'tied', [0], {}, ties)).value[0];
  assert.deepEqual([(await frontier('HALF')).helpfulAccuracy, (await frontier('STRICT')).helpfulAccuracy], [0.75, 0.5]);
  await service.close();
});

test('the study takes the tie rule: every accuracy under it (region ablations and TOP_MIXED too), the rule in its options and its first table', async () => {
  const world = serverWorld();
  // Without the base: its weights are all 0, so no neuron of it correlates with another model's.
  const zoo = { ...world.deps.zoos[0], models: world.deps.zoos[0].models.filter((m) => m.objective !== 'BASE') };
  const options = { helpful: 'help', harmless: 'harm', evaluation: [], method: 'MAGNITUDE' as const, topPercent: 30, controls: 2 };
  try {
    const half = await runStudy(world.service, zoo, options);
    const strict = await runStudy(world.service, zoo, { ...options, ties: 'STRICT' });
    assert.deepEqual([half.options.ties, strict.options.ties], ['HALF', 'STRICT']);
    // The mixed RM's margins on help's 8 held-out pairs run 1, −1, −1, 0: 2 right, 2 ties.
    const mixedOnHelp = (s: typeof half) => s.tension.rows.find((r) => r.model === 'mixed' && r.dataset === 'help')!.evaluation.accuracy;
    assert.deepEqual([mixedOnHelp(half), mixedOnHelp(strict)], [3 / 8, 2 / 8]);
    // Every ablation of the mixed RM on help, the mixed RM's own set and each set's part per layer region included.
    const baselines = (s: typeof half) => [...s.ablations, ...s.regionAblations].filter((a) => a.model === 'mixed' && a.dataset === 'help').map((a) => a.baselineAccuracy);
    const [halfBaselines, strictBaselines] = [baselines(half), baselines(strict)];
    assert.ok(half.ablations.some((a) => a.set === 'TOP_MIXED') && half.regionAblations.length > 0);
    assert.equal(strictBaselines.length, halfBaselines.length);
    assert.ok(halfBaselines.every((b) => b === 3 / 8) && strictBaselines.every((b) => b === 2 / 8));
    assert.equal(studyTables(half)[0].title, 'Held-out accuracy (ties half) with 95% bootstrap CI over prompt clusters');
    assert.equal(studyTables(strict)[0].title, 'Held-out accuracy (ties count as wrong) with 95% bootstrap CI over prompt clusters');
  } finally {
    await world.close();
  }
});
