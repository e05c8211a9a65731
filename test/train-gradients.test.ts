/** Finite-difference check of the hand-written backward, in float64, for every parameter group. */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { EncodedText } from '../src/data/tokenizer.ts';
import { createRng, randomInt } from '../src/util/random.ts';
import { GemmRunner } from '../src/train/gemm.ts';
import { initParams, packTexts, paramList, RewardNet, type Architecture } from '../src/train/model.ts';
import { gradBuffer } from '../src/train/optimizer.ts';
import { bradleyTerry } from '../src/train/trainer.ts';

const arch: Architecture = { vocab: 12, d: 6, dFf: 10, layers: 2 };
const gemm = new GemmRunner('float64');
after(() => gemm.close());

/** Random texts over GPT-2 ids 0..11 (remapped to themselves), one with an empty prompt. */
function randomTexts(count: number, seed: number): EncodedText[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, (_, i) => {
    const prompt = i === 0 ? 0 : 1 + randomInt(rng, 5);
    const response = 1 + randomInt(rng, 6);
    const ids = Int32Array.from({ length: prompt + response }, () => randomInt(rng, arch.vocab));
    const segments = new Uint8Array(prompt + response).fill(1, prompt);
    return { ids, segments };
  });
}

/**
 * Compares the backward with central finite differences for every parameter; with a dropout
 * rate each forward draws the same mask (a fresh generator from one seed), so the loss is a smooth
 * function of the parameters and the backward must carry the gradient through the masks.
 */
async function checkGradients(dropoutRate?: number): Promise<void> {
  const net = new RewardNet(arch, initParams(arch, 7, 'float64'), gemm);
  // Non-zero biases so their gradients are exercised away from the initial point.
  const rng = createRng(3);
  for (const t of paramList(arch, net.params)) for (let i = 0; i < t.data.length; i++) t.data[i] += 0.2 * (rng() - 0.5);
  const remap = Int32Array.from({ length: arch.vocab }, (_, i) => i);
  const pairs = 4;
  const batch = packTexts(randomTexts(2 * pairs, 11), remap);
  const forward = () => net.forward(batch, dropoutRate === undefined ? undefined : { rate: dropoutRate, rng: createRng(5) });
  const loss = async () => bradleyTerry((await forward()).rewards, pairs).loss;

  const cache = await forward();
  if (dropoutRate !== undefined) assert.ok(cache.embedMask!.includes(0) && cache.embedMask!.some((v) => v > 1), 'some entries dropped, the rest scaled up');
  const { dRewards } = bradleyTerry(cache.rewards, pairs);
  const { grad, touched, flags } = gradBuffer(arch, 'float64');
  await net.backward(cache, dRewards, grad, touched, flags);

  const analytic = paramList(arch, grad);
  const h = 1e-5;
  for (const [k, t] of paramList(arch, net.params).entries()) {
    let worst = 0;
    for (let i = 0; i < t.data.length; i++) {
      const keep = t.data[i];
      t.data[i] = keep + h;
      const up = await loss();
      t.data[i] = keep - h;
      const down = await loss();
      t.data[i] = keep;
      const numeric = (up - down) / (2 * h);
      const a = analytic[k].data[i];
      // Relative error, with an absolute floor for near-zero entries (finite differences carry ~1e-11 noise).
      worst = Math.max(worst, Math.abs(numeric - a) / Math.max(1e-4, Math.abs(numeric) + Math.abs(a)));
    }
    assert.ok(worst < 1e-6, `${t.name}: worst relative gradient error ${worst}`);
  }
}

test('float64 backward matches central finite differences for every parameter group', () => checkGradients());

test('with dropout on the embedding stream, the backward matches finite differences through the same mask', () => checkGradients(0.3));
