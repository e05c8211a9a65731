/**
 * Random controls of the p-sweep with a fake engine over a real SQLite file: each point's
 * control mean and sd are those of an `ablation` of the point's set with as many controls (the
 * same seeds, the same matched draws); without controls the points carry nulls and the sweep
 * keeps its old key and its old rows; a repeated sweep is read from the store; `controls`
 * outside 0…100 is refused before anything runs.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { controlSeed, summarizeControls } from '../src/analysis/controls.ts';
import { SWEEP_PERCENTS } from '../src/analysis/experiments/sweep.ts';
import type { SweepPoint } from '../src/analysis/resultTypes.ts';
import type { NeuronSelection, NeuronSetSpec } from '../src/analysis/types.ts';
import type { PreferencePair } from '../src/data/types.ts';
import { BadUserInputError } from '../src/errors.ts';
import { fakeDataset, fakePairs, fakeWorld, sitesOfWidths, tempDir, type FakeModelSpec } from './support/fakeEngine.ts';

const N = 24;
const weights = (step: number, salt: number, mod: number) => Array.from({ length: N }, (_, j) => ((j * step + salt) % mod) / 40);
// Margins 0.05 apart over 24 held-out pairs: removing different weights flips different pairs.
const margin = (_p: PreferencePair, i: number) => 0.05 * ((i * 5) % 24) - 0.1;

const SPECS: Record<string, FakeModelSpec> = {
  helpful: { objective: 'HELPFUL', weights: weights(7, 1, 13), margin },
  harmless: { objective: 'HARMLESS', weights: weights(5, 3, 11), margin },
  mixed: { objective: 'MIXED', weights: weights(7, 3, 13), margin },
};

const DATASETS = [
  fakeDataset('help', 'HELPFUL', fakePairs('help', 20), fakePairs('help-test', 24)),
  fakeDataset('harm', 'HARMLESS', fakePairs('harm', 20), fakePairs('harm-test', 24)),
];

function world(dbPath = join(tempDir('rmlens-sweep-controls-'), 'r.sqlite')) {
  return { dbPath, ...fakeWorld(SPECS, { dbPath, sites: sitesOfWidths([12, 12]), tokenValue: () => 1, datasets: DATASETS }) };
}

const HELPFUL: NeuronSelection = { model: 'helpful', dataset: 'help', method: 'MAGNITUDE', topPercent: 10 };
const HARMLESS: NeuronSelection = { model: 'harmless', dataset: 'harm', method: 'MAGNITUDE', topPercent: 10 };

/** The set a sweep point ablates, as an `ablation` request names it. */
function pointSet({ percent, kind, of }: SweepPoint): NeuronSetSpec {
  const helpful = { ...HELPFUL, topPercent: percent };
  const harmless = { ...HARMLESS, topPercent: percent };
  switch (kind) {
    case 'TOP': return of === 'HELPFUL' ? { kind, of, helpful } : { kind, of: 'HARMLESS', harmless };
    case 'ONLY': return { kind, of: of!, helpful, harmless };
    case 'SHARED': return { kind, helpful, harmless };
    case 'ALL': return { kind };
    default: throw new Error(`no sweep point of kind ${kind}`);
  }
}

const without = ({ neurons: _n, controls: _c, controlMeanDelta: _m, controlStdDelta: _s, ...point }: SweepPoint) => point;

test('each point\'s control mean and sd are those of an ablation of its set with as many controls', async () => {
  const { service, calls } = world();
  const plain = (await service.pSweep('mixed', HELPFUL, HARMLESS, 'help')).value;
  const engineCalls = calls.ablated.length;
  const { value: sweep, cached } = await service.pSweep('mixed', HELPFUL, HARMLESS, 'help', 5);
  assert.equal(cached, false);
  // Every control of every point in one more engine call (the points' own conditions are stored already).
  assert.equal(calls.ablated.length, engineCalls + 1);
  assert.equal(sweep.length, SWEEP_PERCENTS.length * 5 + 1);
  // Controls change nothing else: the same points, accuracies and set sizes as the sweep without them.
  assert.deepEqual(sweep.map(without), plain.map(without));
  assert.deepEqual(sweep.map((p) => p.neurons), plain.map((p) => p.neurons));
  for (const point of sweep) {
    const { value: a } = await service.ablation({ model: 'mixed', set: pointSet(point), dataset: 'help', mode: 'ZERO', controls: 5 });
    const where = `${point.kind} ${point.of} at ${point.percent}`;
    assert.equal(point.neurons, a.neurons, where);
    assert.equal(point.controls, 5, where);
    // The sweep's delta is after − before, the ablation's the mean per-pair difference: equal up to rounding.
    assert.ok(Math.abs(point.deltaAccuracy - a.deltaAccuracy) < 1e-12, where);
    // Both compute control deltas as accuracy − baseline accuracy: same seeds, same draws, equal to the last bit.
    assert.equal(point.controlMeanDelta, a.controlMeanDelta, where);
    assert.equal(point.controlStdDelta, a.controlStdDelta, where);
  }
  // The ablations found every condition stored: the sweep ran exactly their sets and controls.
  assert.equal(calls.ablated.length, engineCalls + 1);
  assert.equal(sweep.at(-1)!.neurons, N);
  // ALL's matched controls are ALL itself: no spread. Elsewhere the draws differ, so the band is not vacuous.
  assert.equal(sweep.at(-1)!.controlStdDelta, 0);
  assert.ok(sweep.some((p) => p.controlStdDelta! > 0), 'some point has control spread');
});

test('the controls are RANDOM sets matched to the point\'s set, seeded controlSeed(0), controlSeed(1), …', async () => {
  const { service } = world();
  const { value: sweep } = await service.pSweep('harmless', HELPFUL, HARMLESS, 'harm', 3);
  // The ONLY point whose controls differ most: other seeds would draw other sets.
  const point = sweep.filter((p) => p.kind === 'ONLY').sort((a, b) => b.controlStdDelta! - a.controlStdDelta!)[0];
  assert.ok(point.controlStdDelta! > 0);
  const deltas: number[] = [];
  for (let i = 0; i < 3; i++) {
    const set: NeuronSetSpec = { ...pointSet(point), kind: 'RANDOM', matchedTo: 'ONLY', seed: controlSeed(i) };
    const { value: a } = await service.ablation({ model: 'harmless', set, dataset: 'harm', mode: 'ZERO', controls: 0 });
    assert.equal(a.neurons, point.neurons);
    deltas.push(a.deltaAccuracy);
  }
  const summary = summarizeControls(point.deltaAccuracy, deltas);
  // The ablation's delta is the mean of per-pair differences: equal up to rounding.
  assert.ok(Math.abs(point.controlMeanDelta! - summary.mean!) < 1e-12, `${point.controlMeanDelta} vs ${summary.mean}`);
  assert.ok(Math.abs(point.controlStdDelta! - summary.sd!) < 1e-12, `${point.controlStdDelta} vs ${summary.sd}`);
});

test('without controls: nulls, and the key sweeps had before controls; with them a key of their own', async () => {
  const { service, dbPath } = world();
  const omitted = await service.pSweep('mixed', HELPFUL, HARMLESS, 'help');
  const zero = await service.pSweep('mixed', HELPFUL, HARMLESS, 'help', 0);
  const one = await service.pSweep('mixed', HELPFUL, HARMLESS, 'help', 1);
  assert.equal(zero.key, omitted.key);
  assert.equal(zero.cached, true);
  assert.notEqual(one.key, zero.key);
  for (const p of zero.value) assert.deepEqual([p.controls, p.controlMeanDelta, p.controlStdDelta], [0, null, null]);
  // One control: a mean, no sd.
  for (const p of one.value) {
    assert.equal(p.controls, 1);
    assert.equal(typeof p.controlMeanDelta, 'number');
    assert.equal(p.controlStdDelta, null);
  }
  const db = new Database(dbPath, { readonly: true });
  const keyJson = (key: string) => JSON.parse((db.prepare('select key_json from results where key = ?').get(key) as { key_json: string }).key_json);
  const [before, after] = [keyJson(zero.key), keyJson(one.key)];
  db.close();
  // The key of a sweep without controls has exactly the members it had before controls existed.
  assert.deepEqual(Object.keys(before.params), ['data', 'harmless', 'helpful', 'model', 'percents']);
  assert.deepEqual(after.params, { ...before.params, controls: 1 });
});

test('a repeated sweep with controls is read from the store, here and in a restarted service', async () => {
  const first = world();
  const cold = await first.service.pSweep('mixed', HELPFUL, HARMLESS, 'help', 4);
  const engineCalls = first.calls.ablated.length;
  const warm = await first.service.pSweep('mixed', HELPFUL, HARMLESS, 'help', 4);
  assert.equal(warm.cached, true);
  assert.deepEqual(warm.value, cold.value);
  assert.equal(first.calls.ablated.length, engineCalls);
  assert.deepEqual(first.service.counts().byKind.sweep, { computed: 1, read: 1 });
  await first.store.close();
  const second = world(first.dbPath);
  const restarted = await second.service.pSweep('mixed', HELPFUL, HARMLESS, 'help', 4);
  assert.equal(restarted.cached, true);
  assert.deepEqual(restarted.value, cold.value);
  assert.equal(second.calls.loads.length, 0);
  assert.equal(second.service.counts().computed, 0);
});

test('a row written before sweeps had controls still answers, its set sizes rebuilt from the stored scores', async () => {
  const first = world();
  const fresh = await first.service.pSweep('mixed', HELPFUL, HARMLESS, 'help');
  await first.store.close();
  // Rewrite the row as the previous version stored it: five fields per point.
  const db = new Database(first.dbPath);
  const row = db.prepare('select json from results where key = ?').get(fresh.key) as { json: string };
  const stored = JSON.parse(row.json) as { scalars: Record<string, unknown>[] };
  stored.scalars = stored.scalars.map(({ percent, kind, of, accuracy, deltaAccuracy }) => ({ percent, kind, of, accuracy, deltaAccuracy }));
  db.prepare('update results set json = ? where key = ?').run(JSON.stringify(stored), fresh.key);
  db.close();
  const second = world(first.dbPath);
  const old = await second.service.pSweep('mixed', HELPFUL, HARMLESS, 'help');
  assert.equal(old.cached, true);
  assert.equal(old.key, fresh.key);
  assert.equal(old.computedAt, fresh.computedAt);
  assert.deepEqual(old.value, fresh.value);
  // Read, not computed: the sizes come from the stored scores; no model is opened.
  assert.equal(second.calls.loads.length, 0);
  assert.equal(second.service.counts().computed, 0);
});

test('controls outside 0…100, or not an integer, are BAD_USER_INPUT before anything runs', async () => {
  const { service, calls } = world();
  for (const controls of [-1, 101, 2.5, Number.NaN]) {
    await assert.rejects(service.pSweep('mixed', HELPFUL, HARMLESS, 'help', controls), (e: Error) =>
      e instanceof BadUserInputError && /controls must be an integer in \[0, 100\]/.test(e.message));
  }
  assert.equal(calls.loads.length, 0);
  assert.equal(service.counts().computed, 0);
});
