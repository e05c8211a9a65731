/**
 * The analysis service over the store with a fake engine that counts calls: repeated and
 * concurrent requests, key changes, input errors, and the tension numbers by hand.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BadUserInputError, ModelChangedError, NotFoundError } from '../src/errors.ts';
import { interferenceOf } from '../src/analysis/experiments/tension.ts';
import type { NeuronSelection } from '../src/analysis/types.ts';
import type { PreferencePair } from '../src/data/types.ts';
import { itemClusters } from '../src/util/bootstrap.ts';
import { fakeDataset, fakePairs as pairs, fakeWorld, tempDir, type FakeModelSpec } from './support/fakeEngine.ts';

/**
 * A fake world whose numbers are computed by hand: every token is worth 1, so each neuron's
 * mean activation (its score, its MEAN fill) is its weight; ablations are slow enough that
 * concurrent requests arrive while one is in flight.
 */
function world(specs: Record<string, FakeModelSpec>, dbPath?: string) {
  return fakeWorld(specs, { dbPath, tokenValue: () => 1, ablationDelayMs: 30 });
}

const WEIGHTS_HELP = [0.9, 0.1, 0.5, 0.0, 0.2, 0.8, 0.05, 0.3, 0.0, 0.6];
const WEIGHTS_HARM = [0.1, 0.9, 0.5, 0.0, 0.2, 0.7, 0.6, 0.0, 0.3, 0.05];
const margins = (values: number[]) => (_p: PreferencePair, i: number) => values[i % values.length];

const standardSpecs = () => ({
  // A base whose activations are all 0, so a CHANGE score is the model's own |weight|.
  base: { objective: 'BASE' as const, margin: margins([0]), weights: WEIGHTS_HELP.map(() => 0) },
  // Fixed correlations with any model (odd neurons 0.9, even 0.2), for the correspondence summary.
  helpful: { objective: 'HELPFUL' as const, base: 'base', margin: margins([1, 1, -1, 1]), weights: WEIGHTS_HELP, correlation: (j: number) => (j % 2 ? 0.9 : 0.2) },
  harmless: { objective: 'HARMLESS' as const, base: 'base', margin: margins([1, -1, 1, 1, 1]), weights: WEIGHTS_HARM },
  mixed: { objective: 'MIXED' as const, base: 'base', margin: margins([1, -1, -1, 0]), weights: WEIGHTS_HELP },
});

const sel = (model: string, ds: string, topPercent = 30): NeuronSelection => ({ model, dataset: ds, method: 'MAGNITUDE', topPercent });

test('a repeated evaluation is served from the store without calling the engine', async () => {
  const { service, calls } = world(standardSpecs());
  const first = await service.evaluation('helpful', 'help');
  const second = await service.evaluation('helpful', 'help');
  assert.equal(calls.rewards.length, 1);
  assert.equal(first.cached, false);
  assert.equal(second.cached, true);
  assert.deepEqual(second.value, first.value);
  // margins 1,1,-1,1,1,1,-1,1 over 8 held-out pairs: 6 wins.
  assert.equal(first.value.accuracy, 6 / 8);
  assert.equal(first.value.pairs, 8);
  assert.ok(first.value.accuracyLow <= 0.75 && first.value.accuracyHigh >= 0.75);
});

test('concurrent identical ablations share one computation, and all conditions go in one engine call', async () => {
  const { service, calls } = world(standardSpecs());
  const request = { model: 'mixed', set: { kind: 'SHARED' as const, helpful: sel('helpful', 'help'), harmless: sel('harmless', 'harm') }, dataset: 'help', mode: 'ZERO' as const, controls: 5 };
  const results = await Promise.all([service.ablation(request), service.ablation(request), service.ablation(request)]);
  // One engine call for the set and its 5 controls; controls that drew the same neurons are one condition.
  assert.equal(calls.ablated.length, 1);
  assert.ok(calls.ablated[0].conditions.length >= 2 && calls.ablated[0].conditions.length <= 6);
  for (const r of results) assert.deepEqual(r.value, results[0].value);
  const again = await service.ablation(request);
  assert.equal(again.cached, true);
  assert.equal(calls.ablated.length, 1);
  // top 30% (3 of 10) by weight: helpful {0, 5, 9}, harmless {1, 5, 6}: SHARED = {5}.
  assert.equal(results[0].value.neurons, 1);
  assert.equal(results[0].value.controls, 5);
  assert.equal(service.counts().byKind.ablation.computed, 1);
});

test('ablation numbers: margin shift by the removed weights, paired delta, per-neuron delta', async () => {
  const { service } = world(standardSpecs());
  const set = { kind: 'LIST' as const, neurons: [{ layer: 0, index: 0 }, { layer: 1, index: 0 }] };
  // helpful margins 1,1,-1,1,...; removing neurons 0 and 5 lowers them by 0.9 + 0.8 = 1.7: no pair wins.
  const { value: a } = await service.ablation({ model: 'helpful', set, dataset: 'help', mode: 'ZERO', controls: 0 });
  assert.equal(a.baselineAccuracy, 0.75);
  assert.equal(a.accuracy, 0);
  assert.equal(a.deltaAccuracy, -0.75);
  assert.equal(a.deltaPerNeuron, -0.375);
  assert.ok(Math.abs(a.meanMargin - (a.baselineMargin - 1.7)) < 1e-12);
  assert.equal(a.controlMeanDelta, null);
  // SCALE keeps α of each activation: α = 1 changes nothing.
  const { value: same } = await service.ablation({ model: 'helpful', set, dataset: 'help', mode: 'SCALE', alpha: 1, controls: 0 });
  assert.equal(same.deltaAccuracy, 0);
  // MEAN: keep 0, fill = train mean (weights·10·2 / 20 tokens = weight): shift −w + w·w.
  const { value: mean } = await service.ablation({ model: 'helpful', set, dataset: 'help', mode: 'MEAN', controls: 0 });
  const shift = -0.9 + 0.9 * 0.9 - 0.8 + 0.8 * 0.8;
  assert.ok(Math.abs(mean.meanMargin - (mean.baselineMargin + shift)) < 1e-6);
});

test('changed inputs give new keys: another dataset part, another mode, a changed model file', async () => {
  const { service, calls, datasets, dir } = world(standardSpecs());
  await service.evaluation('helpful', 'help');
  await service.evaluation('helpful', 'harm');
  assert.equal(calls.rewards.length, 2);
  // Same id, different pairs (a changed source): a new content hash, so computed anew.
  const old = datasets.get('help')!;
  datasets.set('help2', fakeDataset('help2', 'HELPFUL', old.train, pairs('other', 5)));
  await service.evaluation('helpful', 'help2');
  assert.equal(calls.rewards.length, 3);
  // Same pairs under another name share the key: content, not names, identifies data.
  datasets.set('help-copy', { ...old, id: 'help-copy' });
  assert.equal((await service.evaluation('helpful', 'help-copy')).cached, true);
  assert.equal(calls.rewards.length, 3);
  // Rewriting the model file changes its sha256 (the size changed), hence every key: the
  // already-open model is replaced, not reused under the new key.
  writeFileSync(join(dir, 'helpful.onnx'), 'model helpful, retrained');
  assert.equal((await service.evaluation('helpful', 'help')).cached, false);
  assert.equal(calls.rewards.length, 4);
  assert.equal(calls.loads.length, 2);
});

test('a model file replaced between keying and computing fails the request instead of storing under the old key', async () => {
  const { service, registry, dir } = world(standardSpecs());
  const path = join(dir, 'helpful.onnx');
  const open = registry.open.bind(registry);
  let swap = true;
  // e.g. `rmlens zoo build` rewriting the file while a study runs: the key names the old content.
  registry.open = async (id, keyedSha) => {
    if (swap) {
      swap = false;
      writeFileSync(path, 'model helpful, retrained');
    }
    return open(id, keyedSha);
  };
  await assert.rejects(service.evaluation('helpful', 'help'), ModelChangedError);
  writeFileSync(path, 'model helpful');
  // The old content is back: its key has no row, so it is computed from that content now.
  assert.equal((await service.evaluation('helpful', 'help')).cached, false);
});

test('CHANGE needs a base; different sites cannot share sets; unknown models are NOT_FOUND', async () => {
  const specs = { ...standardSpecs(), other: { objective: 'HELPFUL' as const, margin: margins([1]), weights: [1, 2, 3], sites: [{ name: 'x', layer: 0, width: 3, tokenAxis: false, offset: 0 }] } };
  const { service, calls } = world(specs);
  await assert.rejects(service.scores({ model: 'base', dataset: 'help', method: 'CHANGE' }), BadUserInputError);
  const { value: change } = await service.scores({ model: 'helpful', dataset: 'help', method: 'CHANGE' });
  assert.ok(Math.abs(change.score[0] - 0.9) < 1e-12);
  const set = { kind: 'TOP' as const, of: 'HELPFUL' as const, helpful: sel('helpful', 'help') };
  await assert.rejects(service.ablation({ model: 'other', set, dataset: 'help', mode: 'ZERO', controls: 0 }), BadUserInputError);
  await assert.rejects(service.correspondence('helpful', 'other', 'help'), BadUserInputError);
  await assert.rejects(service.ablation({ model: 'nope', set, dataset: 'help', mode: 'ZERO', controls: 0 }), NotFoundError);
  await assert.rejects(service.ablation({ model: 'helpful', set: { kind: 'SHARED' }, dataset: 'help', mode: 'ZERO', controls: 0 }), /missing field/);
  await assert.rejects(service.ablation({ model: 'helpful', set, dataset: 'help', mode: 'SCALE', controls: 0 }), /alpha/);
  assert.equal(calls.ablated.length, 0);
});

test('overlap, neurons, correspondence and the p-sweep in one engine call', async () => {
  const { service, calls } = world(standardSpecs());
  const { value: o } = await service.overlap(sel('helpful', 'help'), sel('harmless', 'harm'));
  assert.deepEqual([o.helpfulOnly, o.harmlessOnly, o.shared, o.total], [2, 2, 1, 5]);
  assert.deepEqual(o.sharedNeurons, [{ layer: 1, index: 0, site: 'ffn1' }]);
  const { value: top } = await service.neurons('helpful', 'help', 'MAGNITUDE', 30);
  assert.deepEqual(top.map((s) => [s.neuron.layer, s.neuron.index, s.rank]), [[0, 0, 1], [1, 0, 2], [1, 4, 3]]);
  const { value: c } = await service.correspondence('helpful', 'mixed', 'harm');
  assert.equal(c.neurons, 10);
  assert.equal(c.shareAboveHalf, 0.5);
  assert.ok(Math.abs(c.meanCorrelation - 0.55) < 1e-12);
  const { value: sweep } = await service.pSweep('mixed', sel('helpful', 'help'), sel('harmless', 'harm'), 'help');
  assert.equal(sweep.length, 15 * 5 + 1);
  assert.equal(calls.ablated.length, 1);
  // mixed on help: margins 1,-1,-1,0 repeated → 3/8; ALL removes every weight (3.45): nothing wins.
  const noControls = { controls: 0, controlMeanDelta: null, controlStdDelta: null };
  assert.deepEqual(sweep.at(-1), { percent: 100, kind: 'ALL', of: null, accuracy: 0, deltaAccuracy: -3 / 8, neurons: 10, ...noControls });
  // p = 2: one neuron (0, weight 0.9); margins 0.1, −1.9, −1.9, −0.9: 1 of 4 wins.
  assert.deepEqual(sweep[0], { percent: 2, kind: 'TOP', of: 'HELPFUL', accuracy: 1 / 4, deltaAccuracy: 1 / 4 - 3 / 8, neurons: 1, ...noControls });
  // A second sweep over the same conditions reads every one of them.
  await service.pSweep('mixed', sel('helpful', 'help'), sel('harmless', 'harm'), 'help');
  assert.equal(calls.ablated.length, 1);
});

test('tension rows and interference equal a hand computation', async () => {
  const { service } = world(standardSpecs());
  const report = await service.tension(['helpful', 'harmless', 'mixed'], ['help', 'harm']);
  const acc = (model: string, ds: string) => report.rows.find((r) => r.model === model && r.dataset === ds)!.evaluation.accuracy;
  // help (8 pairs): helpful 1,1,-1,1,1,1,-1,1 → 6/8; mixed 1,-1,-1,0,1,-1,-1,0 → (2 + 2·½)/8.
  assert.equal(acc('helpful', 'help'), 6 / 8);
  assert.equal(acc('mixed', 'help'), 3 / 8);
  // harm (6 pairs): harmless 1,-1,1,1,1,1 → 5/6; mixed 1,-1,-1,0,1,-1 → 2.5/6.
  assert.equal(acc('harmless', 'harm'), 5 / 6);
  assert.equal(acc('mixed', 'harm'), 2.5 / 6);
  assert.equal(report.rows.length, 6);
  const help = report.interference.find((i) => i.objective === 'HELPFUL')!;
  const harm = report.interference.find((i) => i.objective === 'HARMLESS')!;
  assert.equal(help.delta, 6 / 8 - 3 / 8);
  assert.ok(Math.abs(harm.delta - (5 / 6 - 2.5 / 6)) < 1e-12);
  assert.equal(help.pairs, 8);
  assert.ok(help.deltaLow <= help.delta && help.delta <= help.deltaHigh);
  // Pooling: two datasets of one objective are concatenated pair by pair.
  const r = (m: number[]) => ({ chosen: Float64Array.from(m), rejected: new Float64Array(m.length) });
  const pooled = interferenceOf('HELPFUL', { single: 's', mixed: 'm' }, [r([1, 1]), r([1])], [r([-1, 1]), r([0])], itemClusters(3), 'HALF');
  assert.equal(pooled.delta, (3 - 1.5) / 3);
  assert.equal(pooled.pairs, 3);
});

test('a second service on the same store file serves everything without loading a model', async () => {
  const dbPath = join(tempDir('rmlens-svc-db-'), 'r.sqlite');
  const first = world(standardSpecs(), dbPath);
  const request = { model: 'mixed', set: { kind: 'ONLY' as const, of: 'HARMLESS' as const, helpful: sel('helpful', 'help'), harmless: sel('harmless', 'harm') }, dataset: 'harm', mode: 'ZERO' as const, controls: 3 };
  const cold = await first.service.ablation(request);
  await first.store.close();
  // Same files are needed (sha256 from the file table), but the loader must never run.
  const second = world(standardSpecs(), dbPath);
  const warm = await second.service.ablation(request);
  assert.equal(warm.cached, true);
  assert.deepEqual(warm.value, cold.value);
  assert.equal(second.calls.loads.length, 0);
  assert.equal(second.service.counts().computed, 0);
});
