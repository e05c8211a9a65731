/**
 * The whole study on the quick zoo with real ONNX sessions and a fresh store file, then again
 * from the store alone: the second run must compute nothing and never load a model.
 *
 * The default corpus parts are cut to their first pairs (a dataset of their own, with its own
 * hashes) so the ~1,100 ablation conditions of a study run in seconds on two cores.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Analysis } from '../src/analysis/analysis.ts';
import type { ModelLoader } from '../src/analysis/modelRegistry.ts';
import { FRONTIER_ALPHAS } from '../src/analysis/experiments/frontier.ts';
import { runStudy } from '../src/analysis/study.ts';
import type { StudyOptions, StudyResult } from '../src/analysis/studyResult.ts';
import type { NeuronSelection } from '../src/analysis/types.ts';
import { formatStudy, studyTables, toCsv } from '../src/analysis/studyReport.ts';
import { createContext } from '../src/context.ts';
import { RewardModel } from '../src/engine/rewardModel.ts';
import { quickZooDir } from './support/quickZoo.ts';
import { smallDatasets } from './support/smallDatasets.ts';


const TRAIN_PAIRS = 120;
const HELD_OUT_PAIRS = 30;
const smallDataset = smallDatasets(TRAIN_PAIRS, HELD_OUT_PAIRS);

function openContext(dbPath: string, loadModel: ModelLoader, zooDir: string) {
  return createContext({ dbPath, zooDirs: [zooDir], loadModel, resolveDataset: smallDataset });
}

/** The top neurons of a selection as `layer:index`, ascending by (layer, index). */
async function topNeurons(analysis: Analysis, s: NeuronSelection): Promise<string[]> {
  const { value: top } = await analysis.neurons(s.model, s.dataset, s.method, s.topPercent);
  return top.map(({ neuron }) => neuron).sort((a, b) => a.layer - b.layer || a.index - b.index).map(({ layer, index }) => `${layer}:${index}`);
}

/**
 * The length rule, the rows by length and transferability, against the study's own numbers:
 * each split adds back up to its row, each transfer's base is its model's right answers, and
 * zeroing every neuron (the sweep's ALL point) leaves a zoo RM with a reward monotone in the
 * response token count (docs/zoo.md), so its accuracy is the length rule's (or "shorter wins")
 * up to the pairs of equal length, which that rule counts half.
 */
function checkLength(study: StudyResult): void {
  const near = (a: number, b: number) => Math.abs(a - b) < 1e-9;
  assert.deepEqual(study.tension.baselines.map((b) => [b.rule, b.dataset, b.pairs]), [['LONGER_WINS', 'default/helpful', HELD_OUT_PAIRS], ['LONGER_WINS', 'default/harmless', HELD_OUT_PAIRS]]);
  for (const b of study.tension.baselines) {
    assert.equal(b.chosenLonger + b.chosenShorter + b.equalLength, b.pairs);
    assert.ok(near(b.accuracy, (b.chosenLonger + b.equalLength / 2) / b.pairs));
    assert.ok(b.accuracyLow <= b.accuracy && b.accuracy <= b.accuracyHigh);
  }
  const baseline = (dataset: string) => study.tension.baselines.find((b) => b.dataset === dataset)!;
  for (const row of study.tension.rows) {
    const strata = [row.byLength.chosenLonger, row.byLength.chosenShorter, row.byLength.equalLength];
    const b = baseline(row.dataset);
    assert.deepEqual(strata.map((s) => s.pairs), [b.chosenLonger, b.chosenShorter, b.equalLength]);
    assert.ok(near(strata.reduce((sum, s) => sum + (s.accuracy ?? 0) * s.pairs, 0), row.evaluation.accuracy * row.evaluation.pairs), `${row.model} on ${row.dataset}`);
  }
  const rowOf = (model: string, dataset: string) => study.tension.rows.find((r) => r.model === model && r.dataset === dataset)!;
  const id = (role: string) => study.models.find((m) => m.role === role)!.id;
  assert.deepEqual(study.tension.transferability.map((t) => [t.from, t.to, t.dataset]), ['helpful', 'harmless'].flatMap((role) =>
    ['default/helpful', 'default/harmless'].map((dataset) => [id(role), id('mixed'), dataset])));
  for (const t of study.tension.transferability) {
    assert.ok(near(t.fromCorrect, rowOf(t.from, t.dataset).evaluation.accuracy * t.pairs));
    assert.ok(t.bothCorrect <= t.fromCorrect && t.bothCorrect <= rowOf(t.to, t.dataset).evaluation.accuracy * t.pairs + 1e-9);
    assert.ok(t.share !== null && t.shareLow! <= t.share && t.share <= t.shareHigh!);
  }
  for (const sweep of study.sweeps) {
    const all = sweep.points.find((p) => p.kind === 'ALL')!.accuracy;
    const b = baseline(sweep.dataset);
    const slack = b.equalLength / (2 * b.pairs) + 1e-9;
    assert.ok(Math.abs(all - b.accuracy) <= slack || Math.abs(all - (1 - b.accuracy)) <= slack, `${sweep.model} on ${sweep.dataset}: ALL ablated ${all}, length rule ${b.accuracy}`);
  }
}

const OPTIONS: StudyOptions = { helpful: 'default/helpful', harmless: 'default/harmless', evaluation: [], method: 'MAGNITUDE', topPercent: 10, controls: 3 };

test('study on the quick zoo: cold run computes, warm run reads everything from the store', { timeout: 600_000 }, async (t) => {
  const zooDir = await quickZooDir();
  const dbDir = mkdtempSync(join(tmpdir(), 'rmlens-study-'));
  t.after(() => rmSync(dbDir, { recursive: true, force: true }));
  const dbPath = join(dbDir, 'results.sqlite');
  let loads = 0;
  const cold = openContext(dbPath, (path) => { loads++; return RewardModel.load(path); }, zooDir);
  const first = await runStudy(cold.analysis, cold.zoos[0], OPTIONS);
  await cold.close();

  assert.equal(loads, 4);
  assert.ok(first.counts.computed > 0);
  assert.equal(first.models.length, 4);
  assert.equal(first.tension.rows.length, 8);
  for (const row of first.tension.rows) {
    assert.equal(row.evaluation.pairs, HELD_OUT_PAIRS);
    assert.ok(row.evaluation.accuracyLow <= row.evaluation.accuracy && row.evaluation.accuracy <= row.evaluation.accuracyHigh);
  }
  assert.deepEqual(first.tension.interference.map((i) => i.objective), ['HELPFUL', 'HARMLESS']);
  checkLength(first);
  assert.equal(first.overlap.within.length, 3);
  assert.equal(first.ablations.length, 3 * 2 * 6);
  for (const a of first.ablations) {
    assert.equal(a.pairs, HELD_OUT_PAIRS);
    assert.equal(a.controls, 3);
    assert.equal(a.cached, false);
    assert.ok(a.deltaLow <= a.deltaAccuracy && a.deltaAccuracy <= a.deltaHigh);
  }
  // TOP = ONLY ∪ SHARED, so sizes add up.
  const size = (set: string) => first.ablations.find((a) => a.set === set)!.neurons;
  assert.equal(size('TOP_HELPFUL'), size('ONLY_HELPFUL') + size('SHARED'));
  assert.equal(first.influence.length, 3 * 2 * 3);
  assert.equal(first.sweeps.length, 6);
  for (const s of first.sweeps) assert.equal(s.points.length, 15 * 5 + 1);
  assert.deepEqual(first.frontier.points.map((p) => p.alpha), FRONTIER_ALPHAS);
  // α = 1 keeps every activation: exactly the unablated accuracy.
  const unscaled = first.frontier.points.find((p) => p.alpha === 1)!;
  assert.equal(unscaled.helpfulDelta, 0);
  assert.equal(unscaled.harmlessDelta, 0);
  assert.equal(first.correspondence.length, 6 * 2);

  const text = formatStudy(first);
  assert.match(text, /Interference/);
  assert.match(text, new RegExp(`results: ${first.counts.computed} computed`));
  const tables = studyTables(first);
  assert.deepEqual(tables.map((t) => t.name), ['tension', 'baselines', 'length', 'interference', 'transferability', 'overlap', 'threeWay', 'ablations', 'regions', 'regionAblations', 'influence', 'sweep', 'frontier', 'correspondence']);
  for (const t of tables) assert.equal(toCsv(t).trimEnd().split('\n').length, t.rows.length + 1);

  const warm = openContext(dbPath, async () => { throw new Error('the warm run must not load a model'); }, zooDir);
  const second = await runStudy(warm.analysis, warm.zoos[0], OPTIONS);

  // The overlap between the objectives and the sizes of the ablated sets, against the two top
  // sets read back through `neurons` and intersected here (scores come from the store).
  const { between } = first.overlap;
  const helpfulTop = await topNeurons(warm.analysis, between.helpful);
  const harmlessTop = await topNeurons(warm.analysis, between.harmless);
  const { neuronCount } = await warm.analysis.modelInfo(between.helpful.model);
  const k = Math.ceil((OPTIONS.topPercent * neuronCount) / 100);
  assert.equal(helpfulTop.length, k);
  assert.equal(harmlessTop.length, k);
  const shared = helpfulTop.filter((n) => harmlessTop.includes(n));
  assert.ok(shared.length > 0 && shared.length < k, 'a partial overlap, so the checks below mean something');
  assert.deepEqual(between.sharedNeurons.map(({ layer, index }) => `${layer}:${index}`), shared);
  assert.deepEqual([between.shared, between.helpfulOnly, between.harmlessOnly, between.total], [shared.length, k - shared.length, k - shared.length, 2 * k - shared.length]);
  assert.equal(between.jaccard, shared.length / (2 * k - shared.length));
  assert.deepEqual(
    ['TOP_HELPFUL', 'TOP_HARMLESS', 'TOP_MIXED', 'ONLY_HELPFUL', 'ONLY_HARMLESS', 'SHARED'].map(size),
    [k, k, k, k - shared.length, k - shared.length, shared.length],
  );

  // The mixed RM's own set is scored on both train parts pooled; the three-way overlap against
  // its top list read back (through `neurons`, pooled) and the two objectives' lists.
  const { threeWay } = first.overlap;
  assert.deepEqual(threeWay.mixed, { model: between.helpful.model.replace(/helpful$/, 'mixed'), dataset: OPTIONS.helpful, pooledWith: [OPTIONS.harmless], method: OPTIONS.method, topPercent: OPTIONS.topPercent });
  const { value: mixedList } = await warm.analysis.neurons(threeWay.mixed.model, OPTIONS.helpful, OPTIONS.method, OPTIONS.topPercent, {}, OPTIONS.method, [OPTIONS.harmless]);
  const mixedTop = mixedList.map(({ neuron }) => `${neuron.layer}:${neuron.index}`);
  assert.equal(mixedTop.length, k);
  assert.deepEqual([threeWay.helpfulSize, threeWay.harmlessSize, threeWay.mixedSize], [k, k, k]);
  assert.deepEqual([threeWay.helpfulHarmless.shared, threeWay.helpfulHarmless.pValue], [between.shared, between.pValue]);
  assert.equal(threeWay.helpfulMixed.shared, helpfulTop.filter((n) => mixedTop.includes(n)).length);
  assert.equal(threeWay.harmlessMixed.shared, harmlessTop.filter((n) => mixedTop.includes(n)).length);
  assert.equal(threeWay.shared, shared.filter((n) => mixedTop.includes(n)).length);
  assert.equal(threeWay.expectedShared, k ** 3 / neuronCount ** 2);

  // Layer regions: each set's shares add up to the set, each region's ablation takes that many
  // neurons, and the regions' parts add up to the whole set in every model and dataset.
  const { sites } = await warm.analysis.modelInfo(between.helpful.model);
  const regionCount = Math.min(3, sites.length);
  assert.equal(first.layerRegions.layers, sites.length);
  assert.equal(first.layerRegions.regions.length, regionCount);
  assert.equal(first.layerRegions.sets.length, 6);
  for (const { set, neurons, shares } of first.layerRegions.sets) {
    assert.equal(neurons, size(set));
    assert.equal(shares.reduce((n, r) => n + r.neurons, 0), neurons);
    assert.ok(Math.abs(shares.reduce((x, r) => x + r.expectedShare, 0) - 1) < 1e-12);
  }
  assert.equal(first.regionAblations.length, 3 * 2 * regionCount * 6);
  for (const a of first.regionAblations) {
    const shares = first.layerRegions.sets.find((x) => x.set === a.set)!.shares;
    assert.equal(a.neurons, shares[a.region].neurons, `${a.set} in region ${a.region}`);
    assert.equal(a.regionName, first.layerRegions.regions[a.region].name);
    assert.equal(a.controls, 3);
    assert.ok(a.deltaLow <= a.deltaAccuracy && a.deltaAccuracy <= a.deltaHigh);
    const whole = first.ablations.find((w) => w.set === a.set && w.model === a.model && w.dataset === a.dataset)!;
    // A set wholly inside one region is the same ablation there (the same condition bytes).
    if (a.neurons === whole.neurons) assert.equal(a.deltaAccuracy, whole.deltaAccuracy);
    if (a.neurons === 0) assert.equal(a.deltaAccuracy, 0);
  }
  await warm.close();
  assert.equal(second.counts.computed, 0);
  assert.ok(second.counts.read > 0);
  const uncached = <T extends { cached: boolean }>(list: T[]) => list.map((a) => ({ ...a, cached: null }));
  const stable = (s: typeof first) => JSON.parse(JSON.stringify({ ...s, counts: null, seconds: null, ablations: uncached(s.ablations), regionAblations: uncached(s.regionAblations) }));
  assert.deepEqual(stable(second), stable(first));
  assert.ok(second.ablations.every((a) => a.cached) && second.regionAblations.every((a) => a.cached));
});
