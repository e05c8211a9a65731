/**
 * The wiring of the analysis: the science functions are tested alone elsewhere; here the
 * service must hand them the right inputs. A fake engine whose outputs depend on the pairs, the
 * base and the conditions it gets (test/support/fakeEngine.ts) lets every expectation be
 * computed here from the fake's rules, and lets us check what the engine was asked:
 * - CHANGE compares a model with its base (not with itself);
 * - ONLY and SHARED work per (layer, index), not per layer;
 * - scores, selections and MEAN fills read the train part; evaluations and ablations the held-out part;
 * - random controls keep the set's count in every layer, and never reuse a user's RANDOM seed;
 * - an evaluation-only dataset never feeds the train side, and its evaluation part is keyed `all`;
 * - a changed model file gives its own sites (the sites memo is per content, not per id);
 * - the frontier measures each objective on its own part.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { cacheKey } from '../src/analysis/cacheKeys.ts';
import { perLayerCounts } from '../src/analysis/neuronSets.ts';
import type { NeuronSelection } from '../src/analysis/types.ts';
import { buildDataset } from '../src/data/dataset.ts';
import type { PreferencePair } from '../src/data/types.ts';
import type { AblationCondition, NeuronSite } from '../src/engine/types.ts';
import { BadUserInputError } from '../src/errors.ts';
import { defaultDatasets, fakePairs, fakeWorld, sitesOfWidths, textTokens, type FakeModelSpec, type FakeWorld } from './support/fakeEngine.ts';

// Three layers of 4 neurons. At top 25% (3 neurons) by MAGNITUDE the helpful RM uses
// (0,0) (0,1) (2,1) and the harmless RM (0,1) (0,2) (1,1): layer 2 holds helpful neurons only,
// layer 1 harmless neurons only — the case the reference's per-layer set algebra gets wrong.
const SITES = sitesOfWidths([4, 4, 4]);
const W_HELPFUL = [0.9, 0.8, 0.1, 0.0, /**/ 0.2, 0.3, 0.1, 0.0, /**/ 0.2, 0.7, 0.1, 0.0];
const W_HARMLESS = [0.1, 0.9, 0.8, 0.0, /**/ 0.2, 0.7, 0.1, 0.3, /**/ 0.0, 0.1, 0.2, 0.0];
// The helpful RM differs from its base at (0,1) by 0.8, (1,3) by −0.5, (1,0) by 0.2, nowhere else:
// its CHANGE ranking differs from its MAGNITUDE ranking, and is all zeros against itself.
const W_BASE = [0.9, 0.0, 0.1, 0.0, /**/ 0.0, 0.3, 0.1, 0.5, /**/ 0.2, 0.7, 0.1, 0.0];
const W_MIXED = [0.5, 0.85, 0.45, 0.0, /**/ 0.2, 0.5, 0.1, 0.15, /**/ 0.1, 0.4, 0.15, 0.0];

const specs = (): Record<string, FakeModelSpec> => ({
  base: { objective: 'BASE', weights: W_BASE },
  helpful: { objective: 'HELPFUL', base: 'base', weights: W_HELPFUL },
  harmless: { objective: 'HARMLESS', base: 'base', weights: W_HARMLESS },
  mixed: { objective: 'MIXED', base: 'base', weights: W_MIXED },
});

/** The three-layer world over the default datasets (`help`, `harm`: held-out prompts have longer words than train ones). */
const world = () => fakeWorld(specs(), { sites: SITES });

const sel = (model: string, dataset: string, method: NeuronSelection['method'] = 'MAGNITUDE'): NeuronSelection => ({ model, dataset, method, topPercent: 25 });

/** Token sums of one side of `pairs` by the fake's rule (token = word, x = its length): Σx, Σx², token count. */
function pooled(pairs: readonly PreferencePair[], side: 'chosen' | 'rejected') {
  const xs = pairs.flatMap((p) => textTokens(p, side).map((t) => t.length));
  return { sum: xs.reduce((s, x) => s + x, 0), sumSq: xs.reduce((s, x) => s + x * x, 0), tokens: xs.length };
}

/** The mean token value of a part, both sides pooled: a neuron's mean activation there is w_j times this. */
function partMean(pairs: readonly PreferencePair[]): number {
  const c = pooled(pairs, 'chosen');
  const r = pooled(pairs, 'rejected');
  return (c.sum + r.sum) / (c.tokens + r.tokens);
}

/** The neurons a condition ablates (keep ≠ 1), flat, ascending. */
function ablated(condition: AblationCondition): number[] {
  return [...condition.keep.keys()].filter((j) => condition.keep[j] !== 1);
}

/** The conditions of the world's latest engine ablation call. */
function lastConditions(w: FakeWorld): readonly AblationCondition[] {
  const call = w.calls.ablated.at(-1);
  assert.ok(call, 'the engine ran no ablation');
  return call.conditions;
}

const layerIndex = (list: { neuron: { layer: number; index: number } }[]) => list.map((s) => [s.neuron.layer, s.neuron.index]);

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let j = 0; j < expected.length; j++) {
    assert.ok(Math.abs(actual[j] - expected[j]) <= tolerance, `${what}[${j}] = ${actual[j]}, expected ${expected[j]}`);
  }
}

test('CHANGE scores a model against its base, token by token, on the train part', async () => {
  const w = world();
  const train = w.datasets.get('help')!.train;
  const { value: scores } = await w.service.scores(sel('helpful', 'help', 'CHANGE'));
  // RMS of (w_j − b_j)·x over each side's tokens, then the two sides averaged.
  const c = pooled(train, 'chosen');
  const r = pooled(train, 'rejected');
  const rms = (Math.sqrt(c.sumSq / c.tokens) + Math.sqrt(r.sumSq / r.tokens)) / 2;
  assertClose(scores.score, W_HELPFUL.map((x, j) => Math.abs(x - W_BASE[j]) * rms), 1e-12, 'CHANGE');
  assert.deepEqual(w.calls.stats.map((s) => [s.model, s.base]), [['helpful', 'base']]);
  assert.deepEqual(w.calls.stats[0].pairs, train);
  // Top 25% by |w − b|: (0,1) 0.8, (1,3) 0.5, (1,0) 0.2.
  const { value: top } = await w.service.neurons('helpful', 'help', 'CHANGE', 25);
  assert.deepEqual(layerIndex(top), [[0, 1], [1, 3], [1, 0]]);
});

test('scores and selections read the train part, never the held-out part', async () => {
  const w = world();
  const help = w.datasets.get('help')!;
  // Held-out prompts have longer words, so the two parts give different scores.
  assert.ok(Math.abs(partMean(help.train) - partMean(help.heldOut)) > 0.1);
  const { value: scores } = await w.service.scores(sel('helpful', 'help'));
  const c = pooled(help.train, 'chosen');
  const r = pooled(help.train, 'rejected');
  const magnitude = (c.sum / c.tokens + r.sum / r.tokens) / 2;
  assertClose(scores.score, W_HELPFUL.map((x) => x * magnitude), 1e-12, 'MAGNITUDE');
  const { value: top } = await w.service.neurons('helpful', 'help', 'MAGNITUDE', 25);
  assert.deepEqual(layerIndex(top), [[0, 0], [0, 1], [2, 1]]);
  assertClose(top.map((s) => s.score), [0.9, 0.8, 0.7].map((x) => x * magnitude), 1e-12, 'top scores');
  assert.deepEqual(w.calls.stats.map((s) => [s.model, s.base, s.pairs]), [['helpful', null, help.train]]);
});

test('evaluations and ablations read the held-out part', async () => {
  const w = world();
  const heldOut = w.datasets.get('harm')!.heldOut;
  const evaluation = await w.service.evaluation('mixed', 'harm');
  // Each reward is the text's mean token value: ' yes i' beats ' no i' on every pair.
  const margin = (p: PreferencePair) => {
    const meanOf = (side: 'chosen' | 'rejected') => { const s = pooled([p], side); return s.sum / s.tokens; };
    return meanOf('chosen') - meanOf('rejected');
  };
  assert.equal(evaluation.value.pairs, heldOut.length);
  assert.ok(Math.abs(evaluation.value.meanMargin - heldOut.reduce((s, p) => s + margin(p), 0) / heldOut.length) < 1e-12);
  await w.service.ablation({ model: 'mixed', set: { kind: 'ALL' }, dataset: 'harm', mode: 'ZERO', controls: 0 });
  assert.deepEqual(w.calls.rewards.map((c) => [c.model, c.pairs]), [['mixed', heldOut]]);
  assert.deepEqual(w.calls.ablated.map((c) => [c.model, c.pairs]), [['mixed', heldOut]]);
});

test('ONLY and SHARED are per (layer, index): a layer used by one selection only is not kept whole', async () => {
  const w = world();
  const helpful = sel('helpful', 'help');
  const harmless = sel('harmless', 'harm');
  // The two top sets, as the user sees them.
  assert.deepEqual(layerIndex((await w.service.neurons('helpful', 'help', 'MAGNITUDE', 25)).value), [[0, 0], [0, 1], [2, 1]]);
  assert.deepEqual(layerIndex((await w.service.neurons('harmless', 'harm', 'MAGNITUDE', 25)).value), [[0, 1], [0, 2], [1, 1]]);
  // Flat numbers: (l, i) = 4l + i. ONLY(helpful) = {(0,0), (2,1)}, not all of layer 2;
  // ONLY(harmless) = {(0,2), (1,1)}, not all of layer 1; SHARED = {(0,1)}.
  const cases = [
    { set: { kind: 'ONLY' as const, of: 'HELPFUL' as const, helpful, harmless }, neurons: [0, 9] },
    { set: { kind: 'ONLY' as const, of: 'HARMLESS' as const, helpful, harmless }, neurons: [2, 5] },
    { set: { kind: 'SHARED' as const, helpful, harmless }, neurons: [1] },
  ];
  for (const { set, neurons } of cases) {
    const { value: a } = await w.service.ablation({ model: 'mixed', set, dataset: 'help', mode: 'ZERO', controls: 0 });
    assert.equal(a.neurons, neurons.length, `${set.kind} ${'of' in set ? set.of : ''}`);
    assert.deepEqual(ablated(lastConditions(w)[0]), neurons);
  }
  const { value: o } = await w.service.overlap(helpful, harmless);
  assert.deepEqual([o.helpfulOnly, o.harmlessOnly, o.shared, o.total], [2, 2, 1, 5]);
  assert.deepEqual(o.sharedNeurons, [{ layer: 0, index: 1, site: 'ffn0' }]);
});

test('MEAN ablation fills each neuron with its mean over the train part', async () => {
  const w = world();
  const help = w.datasets.get('help')!;
  const trainMean = partMean(help.train);
  assert.ok(Math.abs(trainMean - partMean(help.heldOut)) > 0.1, 'the parts must differ for this test to mean anything');
  const set = { kind: 'LIST' as const, neurons: [{ layer: 0, index: 0 }, { layer: 2, index: 1 }] };
  const { value: a } = await w.service.ablation({ model: 'helpful', set, dataset: 'help', mode: 'MEAN', controls: 0 });
  const [condition] = lastConditions(w);
  const expectedFill = W_HELPFUL.map((x, j) => (j === 0 || j === 9 ? x * trainMean : 0));
  assert.deepEqual(ablated(condition), [0, 9]);
  assert.deepEqual([condition.keep[0], condition.keep[9]], [0, 0]);
  assertClose(condition.fill, expectedFill, 1e-5, 'fill');
  // The fake moves every chosen reward by Σ w_j (keep_j − 1 + fill_j) over the set.
  const shift = [0, 9].reduce((s, j) => s + W_HELPFUL[j] * (-1 + condition.fill[j]), 0);
  assert.ok(Math.abs(a.meanMargin - (a.baselineMargin + shift)) < 1e-9);
  assert.deepEqual(w.calls.stats.map((s) => [s.model, s.base, s.pairs]), [['helpful', null, help.train]]);
  assert.deepEqual(w.calls.ablated[0].pairs, help.heldOut);
});

// Three layers of 8: wide enough that random draws rarely repeat.
const WIDE = sitesOfWidths([8, 8, 8]);
const wideWeights = (scale: number) => Array.from({ length: 24 }, (_, j) => scale * (((j * 7) % 24) + 1) / 24);
const wideWorld = (sites: NeuronSite[] = WIDE) => {
  const n = sites.reduce((s, x) => s + x.width, 0);
  return fakeWorld({ helpful: { objective: 'HELPFUL', weights: wideWeights(1).slice(0, n) } }, { sites });
};

test('random controls keep the set\'s count in every layer', async () => {
  const w = wideWorld();
  // Two neurons in layer 0, one in layer 1, none in layer 2.
  const set = { kind: 'LIST' as const, neurons: [{ layer: 0, index: 0 }, { layer: 0, index: 5 }, { layer: 1, index: 3 }] };
  const { value: a } = await w.service.ablation({ model: 'helpful', set, dataset: 'help', mode: 'ZERO', controls: 8 });
  assert.equal(a.controls, 8);
  const conditions = lastConditions(w);
  assert.ok(conditions.length >= 5, `expected the set and its controls, got ${conditions.length} conditions`);
  for (const c of conditions) assert.deepEqual([...perLayerCounts(Int32Array.from(ablated(c)), WIDE)], [2, 1, 0]);
});

/** Asserts the latest engine call got the set plus `controls` distinct controls, none equal to the set. */
function assertControlsAvoidSet(w: FakeWorld, controls: number, what: string): void {
  const sets = lastConditions(w).map((c) => ablated(c).join(','));
  // Equal conditions share one stored result, so a control equal to the set would never reach the engine.
  assert.equal(new Set(sets).size, sets.length, `${what}: distinct conditions`);
  assert.equal(sets.length, 1 + controls, `${what}: the set and each control are their own condition`);
  assert.ok(!sets.slice(1).includes(sets[0]), `${what}: a control equals the set`);
}

test('a RANDOM set never meets itself among its controls (control seeds are not user seeds)', async () => {
  const controls = 4;
  // One layer: a matched control draws exactly as a uniform RANDOM set of the same size would.
  for (let seed = 0; seed < controls; seed++) {
    const w = wideWorld(sitesOfWidths([16]));
    await w.service.ablation({ model: 'helpful', set: { kind: 'RANDOM', percent: 25, seed }, dataset: 'help', mode: 'ZERO', controls });
    assertControlsAvoidSet(w, controls, `RANDOM 25% seed ${seed}`);
  }
  // RANDOM matched to a TOP set: the set and its controls share the per-layer counts, so equal seeds mean equal sets.
  for (let seed = 0; seed < controls; seed++) {
    const w = wideWorld();
    const set = { kind: 'RANDOM' as const, matchedTo: 'TOP' as const, of: 'HELPFUL' as const, helpful: sel('helpful', 'help'), seed };
    await w.service.ablation({ model: 'helpful', set, dataset: 'help', mode: 'ZERO', controls });
    assertControlsAvoidSet(w, controls, `RANDOM matched to TOP seed ${seed}`);
  }
});

/** `help-eval`: an evaluation-only dataset (no split: every pair held out, no train part), next to the default ones. */
const evalOnlyWorld = () => {
  const helpEval = buildDataset(
    { id: 'help-eval', name: 'help-eval', objective: 'HELPFUL', source: 'test', evaluationOnly: true },
    { pairs: fakePairs('help-eval', 10), dropped: 0, dropReasons: {} },
  );
  return { w: fakeWorld(specs(), { sites: SITES, datasets: [...defaultDatasets(), helpEval] }), helpEval };
};

const evaluationOnlyError = (e: unknown) => e instanceof BadUserInputError && /evaluation-only/.test(e.message);

test('an evaluation-only dataset never feeds scores, selections or MEAN fills', async () => {
  const { w, helpEval } = evalOnlyWorld();
  await assert.rejects(w.service.scores(sel('helpful', 'help-eval')), evaluationOnlyError);
  await assert.rejects(w.service.neurons('helpful', 'help-eval', 'MAGNITUDE', 25), evaluationOnlyError);
  await assert.rejects(w.service.overlap(sel('helpful', 'help-eval'), sel('harmless', 'harm')), evaluationOnlyError);
  const top = { kind: 'TOP' as const, of: 'HELPFUL' as const, helpful: sel('helpful', 'help-eval') };
  await assert.rejects(w.service.ablation({ model: 'mixed', set: top, dataset: 'help', mode: 'ZERO', controls: 0 }), evaluationOnlyError);
  const list = { kind: 'LIST' as const, neurons: [{ layer: 0, index: 0 }] };
  await assert.rejects(w.service.ablation({ model: 'mixed', set: list, dataset: 'help-eval', mode: 'MEAN', controls: 0 }), evaluationOnlyError);
  assert.deepEqual(w.calls.stats, [], 'no neuron statistics were computed on an evaluation-only dataset');
  // It still serves evaluations and ZERO ablations, on every one of its pairs.
  const { value: a } = await w.service.ablation({ model: 'mixed', set: list, dataset: 'help-eval', mode: 'ZERO', controls: 0 });
  assert.equal(a.pairs, helpEval.heldOut.length);
  assert.deepEqual(w.calls.ablated.map((c) => [c.model, c.pairs]), [['mixed', helpEval.heldOut]]);
});

test('the evaluation part of an evaluation-only dataset is keyed as part `all`, a split dataset\'s as `heldOut`', async () => {
  const { w, helpEval } = evalOnlyWorld();
  const help = w.datasets.get('help')!;
  const model = await w.service.modelSha256('mixed');
  const { value } = await w.service.evaluation('mixed', 'help-eval');
  assert.equal(value.pairs, 10);
  await w.service.evaluation('mixed', 'help');
  // rmlens.md §5: a dataset part is keyed by the dataset's content hash, the part's name and its pairs' hash.
  const keyOf = (dataset: string, part: string, pairs: string) => cacheKey('evaluation', { model, data: { dataset, part, pairs } }).key;
  assert.ok(await w.store.get(keyOf(helpEval.contentHash, 'all', helpEval.partHashes.heldOut), 'evaluation'), 'evaluation-only: stored under part all');
  assert.ok(await w.store.get(keyOf(help.contentHash, 'heldOut', help.partHashes.heldOut), 'evaluation'), 'split: stored under part heldOut');
  assert.equal(await w.store.get(keyOf(helpEval.contentHash, 'heldOut', helpEval.partHashes.heldOut), 'evaluation'), undefined);
  assert.equal(await w.store.countResults('evaluation'), 2);
});

test('a changed model file is read afresh: its sites and neurons are the new file\'s, not the old one\'s', async () => {
  const models: Record<string, FakeModelSpec> = { helpful: { objective: 'HELPFUL', weights: wideWeights(1).slice(0, 10) } };
  const w = fakeWorld(models);
  const before = await w.service.modelInfo('helpful');
  assert.deepEqual([before.sites.map((s) => s.width), before.neuronCount], [[5, 5], 10]);
  // Retrained with another architecture: three layers of 4.
  models.helpful = { objective: 'HELPFUL', weights: wideWeights(1).slice(0, 12), sites: sitesOfWidths([4, 4, 4]) };
  writeFileSync(w.modelPath('helpful'), 'model helpful, retrained as 3x4');
  const info = await w.service.modelInfo('helpful');
  assert.deepEqual([info.sites.map((s) => s.width), info.neuronCount], [[4, 4, 4], 12]);
  // A neuron only the new file has can be ablated, over the new file's 12 neurons.
  const set = { kind: 'LIST' as const, neurons: [{ layer: 2, index: 3 }] };
  const { value: a } = await w.service.ablation({ model: 'helpful', set, dataset: 'help', mode: 'ZERO', controls: 0 });
  assert.equal(a.neurons, 1);
  const [condition] = lastConditions(w);
  assert.equal(condition.keep.length, 12);
  assert.deepEqual(ablated(condition), [11]);
});

test('the frontier measures the helpful part for helpful accuracy and the harmless part for harmless accuracy', async () => {
  // One neuron that moves the reward (w = 1 at (0,0)); chosen rewards by hand: 0.5 on every
  // help pair, 0.5 + 0.5·i on the i-th harm pair (rejected 0).
  const weights = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  const margin = (p: PreferencePair, i: number) => (p.prompt.includes('harm') ? 0.5 + 0.5 * i : 0.5);
  const w = fakeWorld({ mixed: { objective: 'MIXED', weights, margin } });
  const help = w.datasets.get('help')!;
  const harm = w.datasets.get('harm')!;
  const set = { kind: 'LIST' as const, neurons: [{ layer: 0, index: 0 }] };
  const { value } = await w.service.frontier('mixed', set, 'help', 'harm', [1, 0]);
  // α = 0 moves every chosen reward by −1: help 0.5 → −0.5 (all lost); harm (6 pairs) −0.5, 0 (tie), then 4 wins.
  assert.deepEqual(value, [
    { alpha: 1, helpfulAccuracy: 1, harmlessAccuracy: 1, helpfulDelta: 0, harmlessDelta: 0 },
    { alpha: 0, helpfulAccuracy: 0, harmlessAccuracy: 4.5 / 6, helpfulDelta: -1, harmlessDelta: 4.5 / 6 - 1 },
  ]);
  assert.deepEqual(w.calls.rewards.map((c) => c.pairs), [help.heldOut, harm.heldOut]);
  assert.deepEqual(w.calls.ablated.map((c) => c.pairs), [help.heldOut, harm.heldOut]);
});
