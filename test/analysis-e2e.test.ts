/**
 * End-to-end planted truth: an ONNX MLP reward model whose reward is carried only by known
 * neurons, pairs built so those neurons separate chosen from rejected. The engine's streamed
 * statistics must make every score method rank the planted neurons first, and zero-ablating
 * them must move accuracy by the amount worked out by hand (and by the TypeScript forward pass).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PreferencePair } from '../src/data/types.ts';
import { encodeText, VOCAB_SIZE } from '../src/data/tokenizer.ts';
import { RewardModel } from '../src/engine/rewardModel.ts';
import { ablationCondition, identityCondition } from '../src/analysis/ablationConditions.ts';
import { promptClusters } from '../src/data/split.ts';
import { estimateAccuracy, estimatePairedDelta } from '../src/util/bootstrap.ts';
import { allSet, onlySet } from '../src/analysis/neuronSets.ts';
import { scoreNeurons } from '../src/analysis/neuronScores.ts';
import { selectTop } from '../src/analysis/selection.ts';

import { createRng, pick, randomInt, randomNormal } from '../src/util/random.ts';
import { mlpForward, mlpRewardModel, type MlpWeights } from './support/models.ts';
import type { ScoreMethod } from '../src/vocabulary.ts';

// Residual dims: 0 = "good word" indicator, 1..4 = content, 5 = reward channel (the head reads only it).
const D = 6;
const FF = 8;
const GOOD_WORD = ' wonderful';
const GOOD_ID = encodeText('', GOOD_WORD).ids[0];
const FILLER = [' the', ' cat', ' sat', ' on', ' a', ' mat', ' and', ' then', ' it', ' ran', ' far', ' away', ' dog', ' barked'];
/** Planted neurons: layer 0 indices 2 and 5, layer 1 index 3 → flat 2, 5, 8 + 3. */
const PLANTED = [2, 5, FF + 3];
const PAIRS = 80;
const FLIPPED = 16; // pairs whose good word sits in the rejected response: baseline accuracy 64/80

/**
 * Planted neurons read only the indicator (h = 4·[good] − 3: GELU 0.841 on the good word,
 * −0.004 elsewhere) and write only the reward channel; the others (bias −2, mostly inactive)
 * read and write content dims only. `planted = false` builds the base: the planted neurons
 * read nothing, so only they differ from the fine-tuned model.
 */
function weights(planted: boolean): MlpWeights {
  const rng = createRng(11);
  const embedding = new Float32Array(VOCAB_SIZE * D);
  for (let id = 0; id < VOCAB_SIZE; id++) {
    if (id === GOOD_ID) embedding[id * D] = 1;
    else for (let i = 1; i <= 4; i++) embedding[id * D + i] = randomNormal(rng);
  }
  const layers = [0, 1].map((l) => {
    const w1 = new Float32Array(D * FF);
    const b1 = new Float32Array(FF);
    const w2 = new Float32Array(FF * D);
    for (let j = 0; j < FF; j++) {
      if (PLANTED.includes(l * FF + j)) {
        w1[0 * FF + j] = planted ? 4 : 0;
        b1[j] = -3;
        w2[j * D + 5] = 1;
      } else {
        b1[j] = -2;
        for (let i = 1; i <= 4; i++) {
          w1[i * FF + j] = 0.3 * randomNormal(rng);
          w2[j * D + i] = 0.3 * randomNormal(rng);
        }
      }
    }
    return { w1, b1, w2, b2: new Float32Array(D) };
  });
  const head = new Float32Array(D);
  head[5] = 1;
  return { vocab: VOCAB_SIZE, dModel: D, dFf: FF, embedding, layers, head, headBias: 0 };
}

/** Filler responses; the good word 1–3 times in chosen (in rejected for the first FLIPPED pairs). */
function plantedPairs(): PreferencePair[] {
  const rng = createRng(12);
  const words = (n: number) => Array.from({ length: n }, () => pick(rng, FILLER));
  return Array.from({ length: PAIRS }, (_, p) => {
    const good = words(5 + randomInt(rng, 5));
    for (let g = 1 + randomInt(rng, 3); g > 0; g--) good.splice(randomInt(rng, good.length + 1), 0, GOOD_WORD);
    const plain = words(5 + randomInt(rng, 5)).join('');
    const prompt = `\n\nHuman:${words(4).join('')}?\n\nAssistant:`;
    return p < FLIPPED ? { prompt, chosen: plain, rejected: good.join('') } : { prompt, chosen: good.join(''), rejected: plain };
  });
}

function forwardRewards(w: MlpWeights, pairs: PreferencePair[], zeroed: number[]) {
  const reward = (prompt: string, response: string) => {
    const e = encodeText(prompt, response);
    return mlpForward(w, e.ids, undefined, (layer, _t, act) => {
      for (const j of zeroed) if (j >= layer * FF && j < (layer + 1) * FF) act[j - layer * FF] = 0;
    }).reward;
  };
  return { chosen: Float64Array.from(pairs, (p) => reward(p.prompt, p.chosen)), rejected: Float64Array.from(pairs, (p) => reward(p.prompt, p.rejected)) };
}

test('engine statistics → every score method ranks the planted neurons first; ablating them costs what it should', async () => {
  assert.equal(encodeText('', GOOD_WORD).ids.length, 1);
  const fineTuned = weights(true);
  const pairs = plantedPairs();
  const model = await RewardModel.fromBytes(mlpRewardModel(fineTuned));
  const base = await RewardModel.fromBytes(mlpRewardModel(weights(false)));
  try {
    assert.equal(model.neuronCount, 2 * FF);
    const stats = await model.neuronStats(pairs, { base });
    const percent = (100 * PLANTED.length) / model.neuronCount; // k = 3
    for (const method of ['MAGNITUDE', 'PROBABILITY', 'CHANGE', 'CONTRAST'] as ScoreMethod[]) {
      const scores = scoreNeurons(stats, method, model.sites);
      assert.deepEqual([...selectTop(scores, percent, model.sites)], PLANTED, method);
    }

    // By hand: with the planted neurons, chosen wins exactly where it holds the good word (64 of 80);
    // zeroed, every reward is 0 — all ties, accuracy ½ — so the delta is 0.5 − 0.8 = −0.3.
    const planted = Int32Array.from(PLANTED);
    const others = onlySet(allSet(model.neuronCount), planted);
    const [baseline, ablated, othersAblated] = await model.ablatedRewards(pairs, [
      identityCondition(model.neuronCount),
      ablationCondition(planted, model.neuronCount, 'ZERO'),
      ablationCondition(others, model.neuronCount, 'ZERO'),
    ]);
    assert.equal(estimateAccuracy(baseline.chosen, baseline.rejected, { clusters: promptClusters(pairs) }).accuracy, 0.8);
    assert.equal(estimateAccuracy(ablated.chosen, ablated.rejected, { clusters: promptClusters(pairs) }).accuracy, 0.5);
    assert.ok(Math.abs(estimatePairedDelta(baseline, ablated, { clusters: promptClusters(pairs) }).delta - -0.3) < 1e-12);
    // The other 13 neurons never reach the reward channel: ablating all of them changes nothing.
    assert.equal(estimatePairedDelta(baseline, othersAblated, { clusters: promptClusters(pairs) }).delta, 0);

    // The TypeScript forward pass agrees with onnxruntime on both conditions.
    for (const [ort, zeroed] of [[baseline, []], [ablated, PLANTED]] as const) {
      const ts = forwardRewards(fineTuned, pairs, [...zeroed]);
      for (const side of ['chosen', 'rejected'] as const) ts[side].forEach((r, i) => assert.ok(Math.abs(r - ort[side][i]) < 1e-5));
    }
  } finally {
    await model.close();
    await base.close();
  }
});
