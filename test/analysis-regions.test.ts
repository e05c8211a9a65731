/**
 * Layer regions and the mixed RM's own neurons: the region split for every layer count, region
 * shares and restriction on literal sets, controls of a region's part drawn in that region;
 * then on the quick zoo through the facade: the mixed RM's pooled selection, the three-way
 * overlap against the top lists read back, each region's share and ablation of a set.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { controlSeed } from '../src/analysis/controls.ts';
import { layerRegion, layerRegions, regionOfLayer, regionShares, restrictToRegion } from '../src/analysis/layerRegions.ts';
import { perLayerCounts, randomMatchedSet } from '../src/analysis/neuronSets.ts';
import { scoreNeurons } from '../src/analysis/neuronScores.ts';
import type { Analysis } from '../src/analysis/analysis.ts';
import type { NeuronSelection, NeuronSetSpec } from '../src/analysis/types.ts';
import { createContext } from '../src/context.ts';
import { RewardModel } from '../src/engine/rewardModel.ts';
import { BadUserInputError } from '../src/errors.ts';
import { sitesOfWidths } from './support/neuronStatsFixture.ts';
import { quickZooDir } from './support/quickZoo.ts';
import { smallDatasets } from './support/smallDatasets.ts';

test('regions: thirds of the layer count, earlier regions take the extra layers, fewer than 3 layers: one region each', () => {
  for (let layers = 1; layers <= 30; layers++) {
    const regions = layerRegions(sitesOfWidths(Array(layers).fill(4)));
    const count = Math.min(3, layers);
    assert.equal(regions.length, count);
    // numpy.array_split's sizes: floor(L/R), one more for the first L mod R regions.
    const sizes = regions.map((r) => r.lastLayer - r.firstLayer + 1);
    assert.deepEqual(sizes, Array.from({ length: count }, (_, r) => Math.floor(layers / count) + (r < layers % count ? 1 : 0)), `L = ${layers}`);
    assert.deepEqual(regions.map((r) => r.neurons), sizes.map((n) => 4 * n));
    for (let l = 0; l < layers; l++) {
      const r = regionOfLayer(l, layers);
      assert.ok(regions[r].firstLayer <= l && l <= regions[r].lastLayer);
      // The reference's rule for 3 layers or more: l < L/3 early, l < 2L/3 middle, else late.
      if (layers >= 3) assert.equal(r, l < layers / 3 ? 0 : l < (2 * layers) / 3 ? 1 : 2, `L = ${layers}, l = ${l}`);
    }
  }
  assert.deepEqual(layerRegions(sitesOfWidths([4, 4, 4, 4])).map((r) => [r.name, r.firstLayer, r.lastLayer]), [['early', 0, 1], ['middle', 2, 2], ['late', 3, 3]]);
  assert.deepEqual(layerRegions(sitesOfWidths([256, 256])).map((r) => [r.index, r.name, r.firstLayer, r.lastLayer, r.neurons]), [[0, 'layer 0', 0, 0, 256], [1, 'layer 1', 1, 1, 256]]);
  assert.deepEqual(layerRegions(sitesOfWidths([8])).map((r) => r.name), ['layer 0']);
});

test('region shares, restriction and bad regions on a literal set; layers of unequal width', () => {
  // 5 layers (2, 2, 1 per region) of widths 3, 1, 4, 2, 5: regions hold 4, 6 and 5 neurons.
  const sites = sitesOfWidths([3, 1, 4, 2, 5]);
  const set = Int32Array.of(0, 2, 3, 5, 9, 10, 14);
  const shares = regionShares(set, sites);
  assert.deepEqual(shares.map((s) => [s.region.name, s.neurons, s.share, s.expectedShare]), [
    ['early', 3, 3 / 7, 4 / 15],
    ['middle', 2, 2 / 7, 6 / 15],
    ['late', 2, 2 / 7, 5 / 15],
  ]);
  assert.deepEqual([...restrictToRegion(set, sites, layerRegion(sites, 0))], [0, 2, 3]);
  assert.deepEqual([...restrictToRegion(set, sites, layerRegion(sites, 1))], [5, 9]);
  assert.deepEqual([...restrictToRegion(set, sites, layerRegion(sites, 2))], [10, 14]);
  assert.deepEqual(regionShares(new Int32Array(0), sites).map((s) => s.share), [0, 0, 0]);
  for (const bad of [3, -1, 1.5]) {
    assert.throws(() => layerRegion(sites, bad), (e: Error) => e instanceof BadUserInputError && /region must be an integer in 0\.\.2 \(early, middle, late\) for this model's 5 layers/.test(e.message));
  }
});

test("random controls of a region's part lie in that region, with its per-layer counts", () => {
  const sites = sitesOfWidths([16, 16, 16, 16, 16, 16]);
  const set = Int32Array.of(1, 2, 20, 40, 41, 42, 70, 90, 91);
  for (let region = 0; region < 3; region++) {
    const part = restrictToRegion(set, sites, layerRegion(sites, region));
    for (let i = 0; i < 10; i++) {
      const control = randomMatchedSet(part, sites, controlSeed(i));
      assert.deepEqual([...perLayerCounts(control, sites)], [...perLayerCounts(part, sites)]);
      assert.deepEqual([...restrictToRegion(control, sites, layerRegion(sites, region))], [...control], `region ${region}, control ${i}`);
    }
  }
});

// ---- on the quick zoo ----------------------------------------------------------------------

const smallDataset = smallDatasets(120, 40);

function quickAnalysis(zooDir: string) {
  return createContext({ dbPath: ':memory:', zooDirs: [zooDir], loadModel: (path) => RewardModel.load(path), resolveDataset: smallDataset });
}

/** A selection's top neurons as `layer:index` strings, read back through `neurons`. */
async function topList(analysis: Analysis, s: NeuronSelection): Promise<string[]> {
  const { value } = await analysis.neurons(s.model, s.dataset, s.method, s.topPercent, {}, s.method, s.pooledWith);
  return value.map(({ neuron }) => `${neuron.layer}:${neuron.index}`).sort();
}

test('quick zoo: the mixed RM scored on both train parts pooled; three-way overlap; region shares and region ablations', { timeout: 600_000 }, async (t) => {
  const context = quickAnalysis(await quickZooDir());
  t.after(() => context.close());
  const { analysis } = context;
  const [help, harm] = ['default/helpful', 'default/harmless'];
  const ids = Object.fromEntries(context.zoos[0].models.map((m) => [m.role, m.id]));
  const method = 'CHANGE' as const;
  const helpful: NeuronSelection = { model: ids.helpful, dataset: help, method, topPercent: 10 };
  const harmless: NeuronSelection = { model: ids.harmless, dataset: harm, method, topPercent: 10 };
  const mixed: NeuronSelection = { model: ids.mixed, dataset: help, pooledWith: [harm], method, topPercent: 10 };

  // Pooled scores are those of the union of both train parts, computed here in one engine pass
  // (different batches: float32 activations agree to rounding, not to the bit).
  const pooled = (await analysis.scores(mixed)).value;
  const swapped = await analysis.scores({ ...mixed, dataset: harm, pooledWith: [help, help] });
  assert.equal(swapped.cached, true, 'the order and repeats of pooled datasets do not change the request');
  const model = await RewardModel.load(context.models.get(ids.mixed).path);
  const base = await RewardModel.load(context.models.get(ids.base).path);
  t.after(async () => { await model.close(); await base.close(); });
  const union = [...(await analysis.dataset(help)).train, ...(await analysis.dataset(harm)).train];
  const direct = scoreNeurons(await model.neuronStats(union, { base }), method, model.sites);
  for (let j = 0; j < direct.score.length; j++) {
    assert.ok(Math.abs(pooled.score[j] - direct.score[j]) <= 1e-5 * Math.abs(direct.score[j]) + 1e-7, `neuron ${j}: ${pooled.score[j]} vs ${direct.score[j]}`);
  }
  const alone = (await analysis.scores({ ...mixed, pooledWith: undefined })).value;
  assert.notDeepEqual([...alone.score], [...pooled.score]);

  // The three-way overlap against the three top lists read back and intersected here.
  const [h, x, m] = await Promise.all([helpful, harmless, mixed].map((s) => topList(analysis, s)));
  const { value: three } = await analysis.threeWayOverlap(helpful, harmless, mixed);
  const { neuronCount } = await analysis.modelInfo(ids.mixed);
  const k = Math.ceil(neuronCount / 10);
  assert.deepEqual([three.neuronCount, three.helpfulSize, three.harmlessSize, three.mixedSize], [neuronCount, k, k, k]);
  const inAll = h.filter((n) => x.includes(n) && m.includes(n));
  assert.deepEqual(three.sharedNeurons.map((n) => `${n.layer}:${n.index}`).sort(), inAll);
  assert.equal(three.shared, inAll.length);
  assert.equal(three.helpfulMixed.shared, h.filter((n) => m.includes(n)).length);
  assert.equal(three.harmlessMixed.shared, x.filter((n) => m.includes(n)).length);
  const { sharedNeurons: _n, ...pair } = (await analysis.overlap(helpful, harmless)).value;
  assert.deepEqual(
    [three.helpfulHarmless.shared, three.helpfulHarmless.jaccard, three.helpfulHarmless.expectedShared, three.helpfulHarmless.pValue],
    [pair.shared, pair.jaccard, pair.expectedShared, pair.pValue],
  );
  assert.equal(three.expectedShared, k ** 3 / neuronCount ** 2);
  assert.equal(three.expectedSharedGivenHelpfulHarmless, (pair.shared * k) / neuronCount);
  assert.ok(three.pValue > 0 && three.pValue <= 1 && three.pValueGivenHelpfulHarmless > 0 && three.pValueGivenHelpfulHarmless <= 1);

  // The mixed RM's own top set: its regions, each region's part ablated against controls in that region.
  const top: NeuronSetSpec = { kind: 'TOP', of: 'MIXED', mixed };
  const shares = await analysis.regionShares(ids.mixed, top);
  const { sites } = await analysis.modelInfo(ids.mixed);
  assert.equal(shares.length, Math.min(3, sites.length));
  assert.equal(shares.reduce((n, s) => n + s.neurons, 0), k);
  const inLayer = (layer: number) => m.filter((n) => n.startsWith(`${layer}:`)).length;
  for (const s of shares) {
    let expected = 0;
    for (let l = s.region.firstLayer; l <= s.region.lastLayer; l++) expected += inLayer(l);
    assert.equal(s.neurons, expected);
  }
  const whole = (await analysis.ablation({ model: ids.mixed, set: top, dataset: harm, mode: 'ZERO', controls: 3 })).value;
  assert.equal(whole.neurons, k);
  for (const s of shares) {
    const part = (await analysis.ablation({ model: ids.mixed, set: { ...top, region: s.region.index }, dataset: harm, mode: 'ZERO', controls: 3 })).value;
    assert.equal(part.neurons, s.neurons);
    assert.equal(part.controls, 3);
    assert.ok(part.deltaLow <= part.deltaAccuracy && part.deltaAccuracy <= part.deltaHigh);
  }
  await assert.rejects(analysis.ablation({ model: ids.mixed, set: { ...top, region: shares.length }, dataset: harm, mode: 'ZERO', controls: 0 }), BadUserInputError);
  await assert.rejects(analysis.scores({ ...mixed, pooledWith: Array(9).fill(harm) }), /pooledWith: at most 8 datasets, got 9/);
});
