/**
 * The length rule, length-stratified accuracy and transferability, against hand computations:
 * first the pure functions on literal rewards and lengths, then through the facade on a fake
 * world whose held-out responses have known token counts (and one pair cut by the truncation).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cacheKey, lengthBaselineKey, lengthStrataKey, transferabilityKey } from '../src/analysis/cacheKeys.ts';
import { lengthBaselineOf, lengthStrataOf } from '../src/analysis/experiments/length.ts';
import { transferabilityOf } from '../src/analysis/experiments/transferability.ts';
import { DEFAULT_TOKENIZER, encodeText, responseTokenCount } from '../src/data/tokenizer.ts';
import type { ModelSubject, PartSubject } from '../src/analysis/subjects.ts';
import type { PreferencePair } from '../src/data/types.ts';
import { NotFoundError } from '../src/errors.ts';
import { bootstrapRatioCi, itemClusters } from '../src/util/bootstrap.ts';
import { createRng } from '../src/util/random.ts';
import { fakeDataset, fakePairs, fakeWorld, TWO_BY_FIVE } from './support/fakeEngine.ts';

const f64 = (values: number[]) => Float64Array.from(values);
const pairs = (chosen: number[], rejected: number[]) => ({ chosen: f64(chosen), rejected: f64(rejected) });

describe('response length as the models read it', () => {
  it('counts the response tokens a model gets: cut at maxResponseTokens, an empty response as one token', () => {
    assert.equal(responseTokenCount(' a a a'), 3);
    assert.equal(responseTokenCount(' a'.repeat(200)), DEFAULT_TOKENIZER.maxResponseTokens);
    assert.equal(responseTokenCount(' a'.repeat(200), { ...DEFAULT_TOKENIZER, maxResponseTokens: 300 }), 200);
    assert.equal(responseTokenCount(''), 1);
    // The count is the response segment the engine feeds.
    for (const response of ['', ' a a a', ' x'.repeat(150), ' Hello, world!']) {
      assert.equal(responseTokenCount(response), encodeText('\n\nHuman: q\n\nAssistant:', response).segments.filter((s) => s === 1).length, response);
    }
  });
});

/** Every pair its own prompt cluster: the literal cases below have distinct prompts. */
const perPair = (p: { chosen: ArrayLike<number> }) => itemClusters(p.chosen.length);

describe('length rule and strata on literal lengths', () => {
  // Pair 0: chosen longer; 1: shorter; 2, 3: equal.
  const lengths = pairs([3, 1, 2, 5], [1, 4, 2, 5]);

  it('scores "longer wins" like a model: equal lengths count half', () => {
    const b = lengthBaselineOf(lengths, 128, itemClusters(4));
    // Wins 1, 0, ½, ½.
    assert.equal(b.accuracy, 0.5);
    assert.deepEqual([b.pairs, b.chosenLonger, b.chosenShorter, b.equalLength, b.maxResponseTokens], [4, 1, 1, 2, 128]);
    assert.ok(b.accuracyLow <= 0.5 && 0.5 <= b.accuracyHigh && b.accuracyLow >= 0 && b.accuracyHigh <= 1);
  });

  it('splits a model\'s accuracy by which response is longer', () => {
    // Wins 1 (longer), 0 (shorter), ½ and 0 (equal).
    const s = lengthStrataOf(pairs([1, 0, 2, 0], [0, 1, 2, 1]), lengths, perPair(lengths));
    assert.deepEqual(s.chosenLonger, { accuracy: 1, accuracyLow: 1, accuracyHigh: 1, pairs: 1 });
    assert.deepEqual(s.chosenShorter, { accuracy: 0, accuracyLow: 0, accuracyHigh: 0, pairs: 1 });
    assert.equal(s.equalLength.accuracy, 0.25);
    assert.equal(s.equalLength.pairs, 2);
    assert.ok(s.equalLength.accuracyLow! <= 0.25 && 0.25 <= s.equalLength.accuracyHigh!);
  });

  it('an empty stratum has null numbers, not NaN', () => {
    const s = lengthStrataOf(pairs([1, 0], [0, 1]), pairs([2, 2], [2, 2]), perPair(pairs([2, 2], [2, 2])));
    assert.deepEqual(s.chosenLonger, { accuracy: null, accuracyLow: null, accuracyHigh: null, pairs: 0 });
    assert.deepEqual(s.chosenShorter, { accuracy: null, accuracyLow: null, accuracyHigh: null, pairs: 0 });
    assert.equal(s.equalLength.accuracy, 0.5);
    assert.throws(() => lengthStrataOf(pairs([1], [0]), lengths, perPair(lengths)), /different parts/);
  });

  it('under STRICT a tie counts as wrong: equal lengths for the rule, equal rewards in a stratum', () => {
    // Wins of the rule 1, 0, 0, 0; the pair counts do not depend on the tie rule.
    const b = lengthBaselineOf(lengths, 128, itemClusters(4), 'STRICT');
    assert.equal(b.accuracy, 0.25);
    assert.deepEqual([b.pairs, b.chosenLonger, b.chosenShorter, b.equalLength], [4, 1, 1, 2]);
    // The equal stratum's wins ½ and 0 under HALF are 0 and 0.
    const s = lengthStrataOf(pairs([1, 0, 2, 0], [0, 1, 2, 1]), lengths, perPair(lengths), 'STRICT');
    assert.deepEqual(s.equalLength, { accuracy: 0, accuracyLow: 0, accuracyHigh: 0, pairs: 2 });
    assert.deepEqual(s.chosenLonger, { accuracy: 1, accuracyLow: 1, accuracyHigh: 1, pairs: 1 });
  });
});

describe('transferability on literal rewards', () => {
  it('is Σ win(from)·win(to) / Σ win(from), ties half on both sides', () => {
    // from wins 1, 1, 1, 0, ½; to wins 1, 0, 1, 1, 1 → both 1, 0, 1, 0, ½.
    const t = transferabilityOf(pairs([1, 1, 1, 0, 0.5], [0, 0, 0, 1, 0.5]), pairs([1, 0, 1, 1, 1], [0, 1, 0, 0, 0]), perPair(pairs([1, 0, 1, 1, 1], [0, 1, 0, 0, 0])));
    assert.equal(t.fromCorrect, 3.5);
    assert.equal(t.bothCorrect, 2.5);
    assert.equal(t.share, 2.5 / 3.5);
    assert.equal(t.pairs, 5);
    assert.ok(t.shareLow! <= t.share! && t.share! <= t.shareHigh! && t.shareLow! >= 0 && t.shareHigh! <= 1);
  });

  it('is 1 with a zero-width CI when `to` gets every pair `from` gets, and null when `from` gets none', () => {
    const from = pairs([1, 0, 1, 0], [0, 1, 0, 1]);
    assert.deepEqual(transferabilityOf(from, pairs([1, 1, 1, 0], [0, 0, 0, 1]), perPair(pairs([1, 1, 1, 0], [0, 0, 0, 1]))), { share: 1, shareLow: 1, shareHigh: 1, fromCorrect: 2, bothCorrect: 2, pairs: 4 });
    assert.deepEqual(transferabilityOf(pairs([0, 0], [1, 1]), pairs([1, 1], [0, 0]), perPair(pairs([1, 1], [0, 0]))), { share: null, shareLow: null, shareHigh: null, fromCorrect: 0, bothCorrect: 0, pairs: 2 });
    assert.throws(() => transferabilityOf(from, pairs([1], [0]), perPair(pairs([1], [0]))), /same pairs/);
  });

  it('under STRICT a tie is a wrong answer on both sides', () => {
    // from wins 1, 1, 1, 0, 0; to wins 1, 0, 1, 1, ½ → 0 → both 1, 0, 1, 0, 0.
    const t = transferabilityOf(pairs([1, 1, 1, 0, 0.5], [0, 0, 0, 1, 0.5]), pairs([1, 0, 1, 1, 1], [0, 1, 0, 0, 1]), perPair(pairs([1, 0, 1, 1, 1], [0, 1, 0, 0, 1])), 'STRICT');
    assert.deepEqual([t.fromCorrect, t.bothCorrect, t.share, t.pairs], [3, 2, 2 / 3, 5]);
  });
});

describe('cache keys under a tie rule', () => {
  const part = { key: { dataset: 'd', part: 'heldOut' } } as unknown as PartSubject;
  const [a, b] = ['a', 'b'].map((sha256) => ({ sha256 }) as unknown as ModelSubject);
  it('HALF keeps the key written before the rule was a parameter; STRICT is keyed apart', () => {
    const tokenizer = DEFAULT_TOKENIZER;
    const cases = [
      [lengthBaselineKey('LONGER_WINS', part, tokenizer, 'HALF'), lengthBaselineKey('LONGER_WINS', part, tokenizer, 'STRICT'), cacheKey('lengthBaseline', { rule: 'LONGER_WINS', data: part.key, tokenizer })],
      [lengthStrataKey(a, part, tokenizer, 'HALF'), lengthStrataKey(a, part, tokenizer, 'STRICT'), cacheKey('lengthStrata', { model: 'a', data: part.key, tokenizer })],
      [transferabilityKey(a, b, part, 'HALF'), transferabilityKey(a, b, part, 'STRICT'), cacheKey('transferability', { from: 'a', to: 'b', data: part.key })],
    ];
    for (const [half, strict, before] of cases) {
      assert.equal(half.key, before.key, before.kind);
      assert.notEqual(strict.key, half.key, before.kind);
    }
  });
});

describe('bootstrap CI of a ratio', () => {
  it('is the ratio itself when every item has it; null when no resample has a denominator; refuses unequal lengths', () => {
    assert.deepEqual(bootstrapRatioCi(f64([1, 2, 0.5]), f64([2, 4, 1]), { clusters: itemClusters(3) }), { low: 0.5, high: 0.5 });
    assert.equal(bootstrapRatioCi(f64([0, 0]), f64([0, 0]), { clusters: itemClusters(2) }), null);
    assert.throws(() => bootstrapRatioCi(f64([1]), f64([1, 1]), { clusters: itemClusters(1) }), /one denominator per numerator/);
  });

  it('covers the true transfer share at about the nominal 95%', () => {
    // from right with probability 0.6; to right on 80% of those (and on 30% of the rest).
    const rng = createRng(7);
    const datasets = 200;
    let covered = 0;
    for (let d = 0; d < datasets; d++) {
      const from = Float64Array.from({ length: 200 }, () => (rng() < 0.6 ? 1 : 0));
      const to = Float64Array.from(from, (w) => (rng() < (w ? 0.8 : 0.3) ? 1 : 0));
      const both = Float64Array.from(from, (w, i) => w * to[i]);
      const ci = bootstrapRatioCi(both, from, { clusters: itemClusters(200), resamples: 400, seed: d })!;
      if (ci.low <= 0.8 && 0.8 <= ci.high) covered++;
    }
    const coverage = covered / datasets;
    assert.ok(coverage >= 0.9 && coverage <= 0.99, `coverage ${coverage}`);
  });
});

describe('through the facade: held-out parts, stored results', () => {
  const prompt = (i: number) => `\n\nHuman: length question ${i}\n\nAssistant:`;
  // Chosen longer (3 vs 1 tokens), shorter (1 vs 2), equal (2 vs 2), longer (4 vs 2), and equal
  // once cut: 200 vs 150 tokens, both read as the first 128.
  const heldOut: PreferencePair[] = [
    { prompt: prompt(0), chosen: ' a a a', rejected: ' b' },
    { prompt: prompt(1), chosen: ' a', rejected: ' b b' },
    { prompt: prompt(2), chosen: ' a a', rejected: ' b b' },
    { prompt: prompt(3), chosen: ' a a a a', rejected: ' b b' },
    { prompt: prompt(4), chosen: ' a'.repeat(200), rejected: ' b'.repeat(150) },
  ];
  const margins = (values: number[]) => (_p: unknown, i: number) => values[i];
  const weights = TWO_BY_FIVE.flatMap((s) => Array.from({ length: s.width }, () => 0.1));
  const world = () => fakeWorld({
    // Wins 1, 1, 0, 1, ½.
    helpful: { objective: 'HELPFUL', margin: margins([1, 1, -1, 1, 0]), weights },
    // Wins 0, 1, 1, 1, 1.
    harmless: { objective: 'HARMLESS', margin: margins([-1, 1, 1, 1, 1]), weights },
    // Wins 1, 0, 1, 0, 1.
    mixed: { objective: 'MIXED', margin: margins([1, -1, 1, -1, 1]), weights },
  }, { datasets: [fakeDataset('len', 'HELPFUL', fakePairs('len-train', 12), heldOut)] });

  it('the tension report has the length rule, every row by length, and transferability to the mixed RM', async () => {
    const w = world();
    const report = await w.service.tension(['helpful', 'harmless', 'mixed'], ['len']);
    const [{ accuracyLow, accuracyHigh, ...baseline }] = report.baselines;
    // Wins of "longer wins": 1, 0, ½, 1, ½ (the truncation makes the last pair a tie).
    assert.deepEqual(baseline, { rule: 'LONGER_WINS', dataset: 'len', accuracy: 3 / 5, pairs: 5, chosenLonger: 2, chosenShorter: 1, equalLength: 2, maxResponseTokens: 128 });
    assert.ok(accuracyLow <= 0.6 && 0.6 <= accuracyHigh);
    const row = (model: string) => report.rows.find((r) => r.model === model)!.byLength;
    // helpful: longer {0, 3} → 1, 1; shorter {1} → 1; equal {2, 4} → 0, ½.
    assert.deepEqual(row('helpful').chosenLonger, { accuracy: 1, accuracyLow: 1, accuracyHigh: 1, pairs: 2 });
    assert.deepEqual(row('helpful').chosenShorter, { accuracy: 1, accuracyLow: 1, accuracyHigh: 1, pairs: 1 });
    assert.deepEqual([row('helpful').equalLength.accuracy, row('helpful').equalLength.pairs], [0.25, 2]);
    // mixed: longer → 1, 0; shorter → 0; equal → 1, 1.
    assert.deepEqual([row('mixed').chosenLonger.accuracy, row('mixed').chosenShorter.accuracy, row('mixed').equalLength.accuracy], [0.5, 0, 1]);
    // helpful → mixed: both 1, 0, 0, 0, ½ over from 1, 1, 0, 1, ½; harmless → mixed: both 0, 0, 1, 0, 1 over 0, 1, 1, 1, 1.
    assert.deepEqual(report.transferability.map(({ from, to, dataset, share, fromCorrect, bothCorrect, pairs: n }) => ({ from, to, dataset, share, fromCorrect, bothCorrect, n })), [
      { from: 'helpful', to: 'mixed', dataset: 'len', share: 1.5 / 3.5, fromCorrect: 3.5, bothCorrect: 1.5, n: 5 },
      { from: 'harmless', to: 'mixed', dataset: 'len', share: 2 / 4, fromCorrect: 4, bothCorrect: 2, n: 5 },
    ]);
    // Only held-out pairs reached the engine, once per model.
    assert.deepEqual(w.calls.rewards.map((c) => c.model).sort(), ['harmless', 'helpful', 'mixed']);
    assert.ok(w.calls.rewards.every((c) => c.pairs === w.datasets.get('len')!.heldOut));
    // Asked again: every number from the store.
    const before = w.service.counts().computed;
    const again = await w.service.tension(['helpful', 'harmless', 'mixed'], ['len']);
    assert.equal(w.service.counts().computed, before);
    assert.equal(w.calls.rewards.length, 3);
    assert.deepEqual(JSON.parse(JSON.stringify(again)), JSON.parse(JSON.stringify(report)));
    await w.service.close();
  });

  it('transferability of any two models equals the report\'s entry; unknown models are NOT_FOUND', async () => {
    const w = world();
    const { value, cached } = await w.service.transferability('helpful', 'mixed', 'len');
    assert.equal(cached, false);
    const report = await w.service.tension(['helpful', 'mixed'], ['len']);
    assert.deepEqual(report.transferability, [value]);
    // The other direction: of mixed's 3 right pairs, helpful gets 1 + 0 + ½.
    const back = (await w.service.transferability('mixed', 'helpful', 'len')).value;
    assert.deepEqual([back.fromCorrect, back.bothCorrect, back.share], [3, 1.5, 0.5]);
    assert.equal(back.bothCorrect, value.bothCorrect);
    await assert.rejects(w.service.transferability('nope', 'mixed', 'len'), NotFoundError);
    await assert.rejects(w.service.transferability('helpful', 'mixed', 'nope'), NotFoundError);
    await w.service.close();
  });

  it('ties: STRICT reaches the length rule, the strata and transferability; HALF results stay stored apart', async () => {
    const w = world();
    const models = ['helpful', 'harmless', 'mixed'];
    const half = await w.service.tension(models, ['len']);
    const computedHalf = w.service.counts().computed;
    const strict = await w.service.tension(models, ['len'], {}, 'STRICT');
    // Wins of "longer wins" 1, 0, 0, 1, 0: the two equal-length pairs count nothing.
    assert.deepEqual([strict.baselines[0].accuracy, strict.baselines[0].equalLength], [2 / 5, 2]);
    const row = (report: typeof half, model: string) => report.rows.find((r) => r.model === model)!.byLength;
    // helpful on the equal pairs {2, 4}: a wrong pair and a tie, ¼ under HALF, 0 under STRICT.
    assert.deepEqual([row(half, 'helpful').equalLength.accuracy, row(strict, 'helpful').equalLength.accuracy], [0.25, 0]);
    // helpful → mixed: from 1, 1, 0, 1, 0; mixed 1, 0, 1, 0, 1 → both 1, 0, 0, 0, 0. harmless has no tie: as under HALF.
    assert.deepEqual(strict.transferability.map(({ from, fromCorrect, bothCorrect, share }) => ({ from, fromCorrect, bothCorrect, share })), [
      { from: 'helpful', fromCorrect: 3, bothCorrect: 1, share: 1 / 3 },
      { from: 'harmless', fromCorrect: 4, bothCorrect: 2, share: 2 / 4 },
    ]);
    const single = await w.service.transferability('helpful', 'mixed', 'len', {}, 'STRICT');
    assert.equal(single.cached, true);
    assert.deepEqual(single.value, strict.transferability[0]);
    // STRICT computed rows of its own (no new engine call); HALF again reads its own, computing nothing.
    assert.ok(w.service.counts().computed > computedHalf);
    assert.equal(w.calls.rewards.length, 3);
    const computed = w.service.counts().computed;
    assert.deepEqual(JSON.parse(JSON.stringify(await w.service.tension(models, ['len']))), JSON.parse(JSON.stringify(half)));
    assert.equal(w.service.counts().computed, computed);
    await w.service.close();
  });

});
