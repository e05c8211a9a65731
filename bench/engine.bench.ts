/**
 * Engine benchmark on the test-support transformer RM (64 texts × 128 tokens): plain vs
 * instrumented forward, and 32 ablation conditions as 32 full runs vs the engine's split and
 * tiled paths. Prints an aligned table of best times; timings only, no assertions.
 */
import { performance } from 'node:perf_hooks';
import { batchFeeds, encodePairBatch } from '../src/engine/batches.ts';
import { fillInput, instrumentModel, keepInput } from '../src/engine/instrument.ts';
import { decodeModel, encodeModel } from '../src/engine/onnxGraph.ts';
import { RewardModel } from '../src/engine/rewardModel.ts';
import { createSession, Tensor } from '../src/engine/session.ts';
import type { AblationCondition } from '../src/engine/types.ts';
import { randomTransformerWeights, transformerRewardModel } from '../test/support/models.ts';
import type { PreferencePair } from '../src/data/types.ts';

const PAIRS = 32; // 64 texts
const CONDITIONS = 32;
const REPEATS = 5;

/** Texts of exactly 64 prompt + 64 response tokens (" w" repeated is one GPT-2 token per word). */
const pairs: PreferencePair[] = Array.from({ length: PAIRS }, (_, i) => ({
  prompt: ` p${i % 7}`.repeat(40),
  chosen: ` yes${i % 5}`.repeat(64),
  rejected: ` no${i % 3}`.repeat(64),
}));
const tokenizer = { name: 'gpt2' as const, maxPromptTokens: 64, maxResponseTokens: 64 };

/**
 * Best time of each case over REPEATS rounds, the cases interleaved within a round: the host's
 * cores are shared, so interleaving spreads load bursts over all cases and the minimum is
 * the least disturbed run.
 */
async function bestTimes(cases: Array<() => Promise<unknown>>): Promise<number[]> {
  for (const run of cases) await run(); // warm-up: session initialisation and allocator growth
  const best = cases.map(() => Infinity);
  for (let round = 0; round < REPEATS; round++) {
    for (const [i, run] of cases.entries()) {
      const start = performance.now();
      await run();
      best[i] = Math.min(best[i], performance.now() - start);
    }
  }
  return best;
}

const bytes = transformerRewardModel(randomTransformerWeights({ dModel: 64, dFf: 256, layers: 2 }), {
  metadata: { 'rmlens.tokenizer': JSON.stringify(tokenizer) },
});
const model = await RewardModel.fromBytes(bytes, { batchSize: PAIRS });
const batch = encodePairBatch(pairs, tokenizer);
const proto = decodeModel(bytes);
const plain = await createSession(bytes);
const ablate = await createSession(encodeModel(instrumentModel(proto, model.sites, { ablate: true, pooled: false, tokens: false, response: false })));
const pooled = await createSession(encodeModel(instrumentModel(proto, model.sites, { ablate: true, pooled: true, tokens: false, response: false })));

const n = model.neuronCount;
const conditions: AblationCondition[] = Array.from({ length: CONDITIONS }, (_, k) => {
  const keep = new Float32Array(n).fill(1);
  for (let j = k; j < n; j += CONDITIONS) keep[j] = 0;
  return { keep, fill: new Float32Array(n) };
});
const masksOf = (c: AblationCondition) => {
  const feeds: Record<string, Tensor> = {};
  for (const s of model.sites) {
    feeds[keepInput(s)] = new Tensor('float32', c.keep.slice(s.offset, s.offset + s.width), [1, s.width]);
    feeds[fillInput(s)] = new Tensor('float32', c.fill.slice(s.offset, s.offset + s.width), [1, s.width]);
  }
  return feeds;
};
const masks = conditions.map(masksOf);
const plainFeeds = batchFeeds(batch, plain.inputNames);

const [tPlain, tAblate, tPooled, tFull, tSplit, tTiled] = await bestTimes([
  () => plain.run(plainFeeds),
  () => ablate.run({ ...plainFeeds, ...masks[0] }),
  () => pooled.run({ ...plainFeeds, ...masks[0] }),
  async () => {
    for (const m of masks) await ablate.run({ ...plainFeeds, ...m });
  },
  () => model.ablatedRewards(pairs, conditions, { path: 'split' }),
  () => model.ablatedRewards(pairs, conditions, { path: 'tiled' }),
]);
const rows: Array<[string, number, number]> = [
  ['forward, plain model', tPlain, 1],
  ['forward, instrumented (keep/fill)', tAblate, tAblate / tPlain],
  ['forward, instrumented + pooled stats', tPooled, tPooled / tPlain],
  [`K=${CONDITIONS}: ${CONDITIONS} full instrumented runs`, tFull, 1],
  [`K=${CONDITIONS}: ablatedRewards, split path`, tSplit, tSplit / tFull],
  [`K=${CONDITIONS}: ablatedRewards, tiled path`, tTiled, tTiled / tFull],
];

console.log(`transformer RM: ${model.sites.length} sites, ${n} neurons, batch ${batch.rows} × ${batch.seq} tokens, best of ${REPEATS} interleaved rounds`);
const width = Math.max(...rows.map((r) => r[0].length));
console.log(`${'case'.padEnd(width)}  ${'ms'.padStart(9)}  ${'ratio'.padStart(6)}`);
for (const [label, ms, ratio] of rows) console.log(`${label.padEnd(width)}  ${ms.toFixed(1).padStart(9)}  ${ratio.toFixed(2).padStart(6)}`);

await Promise.all([plain.close(), ablate.close(), pooled.close(), model.close()]);
