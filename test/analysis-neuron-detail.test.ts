/**
 * Neuron detail, engine and analysis: top examples and histograms from the streaming examples
 * pass, per-token activations, and the facade's cached neuron results.
 * - planted truth: a neuron that reads one token ranks exactly the texts holding it first,
 *   and its per-token activation peaks on that token;
 * - brute force: the heaps' top-k by max and by mean equal a full sort of an independent
 *   TypeScript forward pass; histogram counts sum to the texts and survive coarsening;
 * - quick zoo: every neuron result is served warm from the store without loading a model;
 * - memory: the pass's heap does not grow with the corpus (50k neurons, 200 vs 800 texts).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { coarsenHistogram } from '../src/analysis/experiments/neuronExamples.ts';
import type { ModelLoader } from '../src/analysis/modelRegistry.ts';
import { createContext } from '../src/context.ts';
import { encodeText, VOCAB_SIZE } from '../src/data/tokenizer.ts';
import type { PreferencePair } from '../src/data/types.ts';
import { RewardModel } from '../src/engine/rewardModel.ts';
import { HISTOGRAM_BINS } from '../src/engine/types.ts';
import { createRng, pick, randomInt, randomNormal } from '../src/util/random.ts';
import { mlpForward, mlpRewardModel, randomMlpWeights, type MlpWeights } from './support/models.ts';
import { quickZooDir } from './support/quickZoo.ts';
import { smallDatasets } from './support/smallDatasets.ts';

const smallDataset = smallDatasets(80, 30);

const dir = mkdtempSync(join(tmpdir(), 'rmlens-neuron-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const GOOD_WORD = ' wonderful';
const GOOD_ID = encodeText('', GOOD_WORD).ids[0];
const FILLER = [' the', ' cat', ' sat', ' on', ' a', ' mat', ' and', ' then', ' it', ' ran', ' far', ' dog'];
const D = 4;
const FF = 6;
const PLANTED = 4;

/** One FFN layer; neuron PLANTED reads only the good-word indicator (dim 0): GELU(4·[good] − 3). */
function plantedWeights(): MlpWeights {
  const rng = createRng(5);
  const embedding = new Float32Array(VOCAB_SIZE * D);
  for (let id = 0; id < VOCAB_SIZE; id++) {
    if (id === GOOD_ID) embedding[id * D] = 1;
    else for (let i = 1; i < D; i++) embedding[id * D + i] = randomNormal(rng);
  }
  const w1 = new Float32Array(D * FF);
  const b1 = new Float32Array(FF).fill(-1);
  for (let j = 0; j < FF; j++) for (let i = 1; i < D; i++) w1[i * FF + j] = j === PLANTED ? 0 : 0.5 * randomNormal(rng);
  w1[0 * FF + PLANTED] = 4;
  b1[PLANTED] = -3;
  const w2 = Float32Array.from({ length: FF * D }, () => 0.3 * randomNormal(rng));
  return { vocab: VOCAB_SIZE, dModel: D, dFf: FF, embedding, layers: [{ w1, b1, w2, b2: new Float32Array(D) }], head: new Float32Array(D).fill(0.5), headBias: 0 };
}

/** Filler texts; the good word once in the chosen response of every third pair. */
function plantedPairs(n: number): PreferencePair[] {
  const rng = createRng(6);
  const words = (k: number) => Array.from({ length: k }, () => pick(rng, FILLER));
  return Array.from({ length: n }, (_, p) => {
    const chosen = words(4 + randomInt(rng, 5));
    if (p % 3 === 0) chosen.splice(randomInt(rng, chosen.length + 1), 0, GOOD_WORD);
    return { prompt: `\n\nHuman:${words(4).join('')}?\n\nAssistant:`, chosen: chosen.join(''), rejected: words(4 + randomInt(rng, 5)).join('') };
  });
}

test('planted truth: the planted neuron\'s top examples hold the planted token, and its per-token activation peaks there', async () => {
  assert.equal(encodeText('', GOOD_WORD).ids.length, 1);
  const pairs = plantedPairs(30);
  const model = await RewardModel.fromBytes(mlpRewardModel(plantedWeights()), { batchSize: 4 });
  try {
    const k = 8;
    const examples = await model.neuronExamples(pairs, { k });
    const planted = new Set(pairs.flatMap((p, i) => (p.chosen.includes(GOOD_WORD) ? [2 * i] : [])));
    assert.equal(planted.size, 10);
    for (const top of [examples.byMax, examples.byMean]) {
      const texts = [...top.texts.subarray(PLANTED * k, (PLANTED + 1) * k)];
      assert.ok(texts.every((t) => planted.has(t)), `top texts ${texts} all hold the good word`);
    }
    const best = examples.byMax.texts[PLANTED * k];
    const pair = pairs[best >> 1];
    const [tokens] = await model.tokenActivations([{ prompt: pair.prompt, response: pair.chosen }], [PLANTED, 0]);
    const acts = tokens.activations[0];
    const peak = acts.indexOf(Math.max(...acts));
    assert.equal(tokens.tokens[peak].id, GOOD_ID);
    assert.equal(tokens.tokens[peak].text, GOOD_WORD);
    assert.equal(tokens.tokens[peak].response, true);
    assert.ok(tokens.tokens.some((t) => !t.response), 'prompt tokens are listed and flagged');
    assert.equal(tokens.activations[1].length, tokens.tokens.length);
    // The max the pass kept is the peak the token view shows.
    assert.ok(Math.abs(examples.byMax.values[PLANTED * k] - acts[peak]) < 1e-6);
  } finally {
    await model.close();
  }
});

test('top-k by max and by mean equal a brute-force sort of an independent forward; histograms count every text', async () => {
  const w = randomMlpWeights({ seed: 9, segments: true, dFf: 12 });
  const model = await RewardModel.fromBytes(mlpRewardModel(w), { batchSize: 4 });
  const rng = createRng(10);
  const words = (n: number) => Array.from({ length: n }, () => pick(rng, FILLER)).join('');
  const pairs = Array.from({ length: 25 }, () => ({ prompt: `\n\nHuman:${words(3)}\n\nAssistant:`, chosen: words(1 + randomInt(rng, 8)), rejected: words(1 + randomInt(rng, 8)) }));
  try {
    const k = 6;
    const got = await model.neuronExamples(pairs, { k });
    // Brute force: every text's response max and mean per neuron, from the TypeScript forward.
    const texts = pairs.flatMap((p) => [p.chosen, p.rejected].map((response) => {
      const e = encodeText(p.prompt, response);
      const { activations } = mlpForward(w, e.ids, e.segments);
      return { segments: e.segments, activations };
    }));
    for (let layer = 0; layer < w.layers.length; layer++) {
      for (let j = 0; j < w.dFf; j++) {
        const flat = layer * w.dFf + j;
        const per = texts.map(({ segments, activations }, text) => {
          const values = activations[layer].flatMap((a, t) => (segments[t] === 1 ? [a[j]] : []));
          return { text, max: Math.max(...values), mean: values.reduce((s, v) => s + v, 0) / values.length };
        });
        for (const [by, top] of [['max', got.byMax], ['mean', got.byMean]] as const) {
          const expected = [...per].sort((a, b) => b[by] - a[by] || a.text - b.text).slice(0, k);
          assert.deepEqual([...top.texts.subarray(flat * k, (flat + 1) * k)], expected.map((e) => e.text), `neuron ${flat} by ${by}`);
          expected.forEach((e, r) => assert.ok(Math.abs(top.values[flat * k + r] - e[by]) < 1e-5));
        }
        const counts = got.histogram.counts.subarray(flat * HISTOGRAM_BINS, (flat + 1) * HISTOGRAM_BINS);
        assert.equal(counts.reduce((s, c) => s + c, 0), 2 * pairs.length);
        assert.ok(Math.abs(got.histogram.lo[flat] - Math.min(...per.map((p) => p.max))) < 1e-5);
        assert.ok(Math.abs(got.histogram.hi[flat] - Math.max(...per.map((p) => p.max))) < 1e-5);
        assert.ok(counts[0] >= 1 && counts[HISTOGRAM_BINS - 1] >= 1, 'the smallest and largest max sit in the end bins');
        for (const bins of [1, 2, 16, 64, 256]) {
          assert.equal(coarsenHistogram(counts, bins).reduce((s, c) => s + c, 0), 2 * pairs.length);
        }
        assert.deepEqual(coarsenHistogram(counts, 256), [...counts]);
      }
    }
    assert.throws(() => coarsenHistogram(new Array(256).fill(0), 3));
  } finally {
    await model.close();
  }
});

test('quick zoo: every neuron result is computed once, then served from the store without loading a model', { timeout: 300_000 }, async () => {
  const zooDir = await quickZooDir();
  const dbPath = join(dir, 'neuron.sqlite');
  const loads: string[] = [];
  const loadModel: ModelLoader = async (path) => {
    loads.push(path);
    return RewardModel.load(path);
  };
  const neuron = { model: 'default/mixed', layer: 1, index: 7 };
  const datasets = { helpful: 'default/helpful', harmless: 'default/harmless' };
  const selection = (model: string, dataset: string) => ({ model, dataset, method: 'MAGNITUDE' as const, topPercent: 10 });
  const ask = async () => {
    const { analysis, close } = createContext({ dbPath, zooDirs: [zooDir], loadModel, resolveDataset: smallDataset });
    try {
      return {
        scores: await analysis.neuronScores(neuron, datasets),
        membership: await analysis.neuronMembership(neuron, selection('default/helpful', 'default/helpful'), selection('default/harmless', 'default/harmless')),
        correlation: await analysis.neuronMarginCorrelation(neuron, 'default/helpful'),
        ablation: await analysis.neuronAblation(neuron, datasets),
        examples: await analysis.neuronExamples(neuron, { dataset: 'default/helpful', part: 'train' }, { by: 'MEAN', first: 3, offset: 2 }),
        heldOut: await analysis.neuronExamples(neuron, { dataset: 'default/helpful', part: 'heldOut' }, { by: 'MAX', first: 2, offset: 0 }),
        histogram: await analysis.neuronHistogram(neuron, { dataset: 'default/helpful', part: 'train' }, 16),
      };
    } finally {
      await close();
    }
  };
  const cold = await ask();
  assert.ok(loads.length > 0);
  // The histogram reads the train examples row the first examples request just stored.
  const { histogram, ...computed } = cold;
  assert.ok(Object.values(computed).every((r) => !r.cached));
  assert.equal(histogram.cached, true);
  // Scores under every method on both datasets (the quick zoo's mixed RM has a base: CHANGE included).
  assert.equal(cold.scores.value.length, 8);
  for (const s of cold.scores.value) assert.ok(s.rank >= 1 && s.rank <= s.neurons && s.percentile > 0 && s.percentile <= 100);
  assert.equal(cold.ablation.value.length, 4);
  assert.equal(cold.examples.value.examples.length, 3);
  assert.deepEqual(cold.examples.value.examples.map((e) => e.rank), [3, 4, 5]);
  for (const e of cold.examples.value.examples) {
    assert.match(e.pairId, /^[0-9a-f]{16}$/);
    assert.ok(e.tokens!.some((t) => t.response) && e.tokens!.some((t) => !t.response));
    // MEAN ranks by the mean over response tokens: the per-token view reproduces it.
    const response = e.tokens!.filter((t) => t.response).map((t) => t.activation);
    assert.ok(Math.abs(response.reduce((s, v) => s + v, 0) / response.length - e.value) < 1e-4);
  }
  assert.equal(cold.heldOut.value.part, 'heldOut');
  assert.equal(cold.histogram.value.counts.length, 16);
  assert.equal(cold.histogram.value.texts, 2 * 80);

  loads.length = 0;
  const warm = await ask();
  assert.deepEqual(loads, [], 'a warm request loads no model');
  assert.ok(Object.values(warm).every((r) => r.cached));
  // Each single-neuron ablation carries its own row's `cached` too.
  assert.ok(warm.ablation.value.every((e) => e.ablation.cached) && cold.ablation.value.every((e) => !e.ablation.cached));
  const asWarm = { ...cold, ...Object.fromEntries(Object.entries(cold).map(([k, v]) => [k, { ...v, cached: true }])) };
  asWarm.ablation = { ...asWarm.ablation, value: cold.ablation.value.map((e) => ({ ...e, ablation: { ...e.ablation, cached: true } })) };
  assert.deepEqual(JSON.parse(JSON.stringify(warm)), JSON.parse(JSON.stringify(asWarm)));
});

test('memory: the examples pass does not grow with the corpus (50k neurons, 200 vs 800 texts)', { timeout: 300_000 }, async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const used = () => {
    gc();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const neurons = 50_000;
  const w = randomMlpWeights({ seed: 4, dModel: 4, dFf: neurons / 2, layers: 2 });
  const model = await RewardModel.fromBytes(mlpRewardModel(w), { batchSize: 32 });
  const rng = createRng(8);
  const words = (n: number) => Array.from({ length: n }, () => pick(rng, FILLER)).join('');
  // Short texts: the claim is about the number of texts, and ORT's time grows with their tokens.
  const corpus = Array.from({ length: 400 }, () => ({ prompt: `\n\nHuman:${words(1)}\n\nAssistant:`, chosen: words(2), rejected: words(2) }));
  const k = 10;
  try {
    // Growth above the level before the call, at its peak (sampled after each batch) and held after it.
    const growth = async (pairs: PreferencePair[]) => {
      const before = used();
      let peak = 0;
      const result = await model.neuronExamples(pairs, { k, onProgress: () => { peak = Math.max(peak, used() - before); } });
      const held = used() - before;
      assert.equal(result.pairs, pairs.length);
      return { peak, held };
    };
    await growth(corpus.slice(0, 32)); // sessions and JIT warmed once, outside the measurement
    const small = await growth(corpus.slice(0, 100));
    const large = await growth(corpus);
    // What the pass must hold whatever the corpus: two heaps of k (value f64 + text i32) and the 256-bin histogram (u32).
    const bound = neurons * (2 * k * 12 + HISTOGRAM_BINS * 4);
    console.log(`examples pass, 50k neurons: peak growth ${(small.peak / 2 ** 20).toFixed(1)} MiB at 200 texts, ${(large.peak / 2 ** 20).toFixed(1)} MiB at 800 texts; k·neurons·bytes + histogram = ${(bound / 2 ** 20).toFixed(1)} MiB`);
    // What a texts × neurons matrix (float32) would add for the 600 extra texts: 114 MiB. The
    // allowed difference is half of that; transient ORT buffers make the peak vary by ~15 MiB.
    const matrixGrowth = (800 - 200) * neurons * 4;
    // One-sided: the claim is that more texts cost no more memory (GC timing can make the larger
    // run measure lower, which is no violation). The peak is sampled between batches only, so a
    // short run can miss the pass's fixed state entirely (seen: 25 MiB against a 60 MiB state, on a
    // loaded host); the smaller run counts as at least that state.
    const smallPeak = Math.max(small.peak, bound);
    assert.ok(large.peak - smallPeak < 0.5 * matrixGrowth, `peak growth ${large.peak} vs ${small.peak} (counted as ${smallPeak})`);
    assert.ok(large.held - small.held < 0.5 * matrixGrowth, `held ${large.held} vs ${small.held}`);
    // The pass holds about its fixed state, not a texts × neurons matrix (800 × 50k × 8 bytes = 305 MiB).
    assert.ok(large.peak < 3 * bound, `peak ${large.peak} within a small multiple of ${bound}`);
  } finally {
    await model.close();
  }
});
