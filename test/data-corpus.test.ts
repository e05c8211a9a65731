import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_CORPUS_PAIRS,
  disagreementShare,
  EXPECTED_DISAGREEMENT_SHARE,
  generateDefaultCorpus,
  HARMFUL_REQUEST_SHARE,
  HARMLESS_BENIGN_KINDS,
  HELPFUL_REJECTION_STYLES,
  LABEL_NOISE_SHARE,
  type CorpusPair,
} from '../src/data/defaultCorpus.ts';

const corpus = generateDefaultCorpus();
const share = (pairs: CorpusPair[], test: (p: CorpusPair) => boolean) => pairs.filter(test).length / pairs.length;

describe('default corpus', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    assert.deepEqual(generateDefaultCorpus(), corpus);
    const other = generateDefaultCorpus(7);
    assert.notDeepEqual(other.helpful.slice(0, 20), corpus.helpful.slice(0, 20));
  });

  it('has the recipe sizes, HH-shaped texts and mostly distinct prompts', () => {
    for (const set of [corpus.helpful, corpus.harmless]) {
      assert.equal(set.length, DEFAULT_CORPUS_PAIRS);
      assert.ok(DEFAULT_CORPUS_PAIRS >= 2000);
      for (const p of set) {
        assert.match(p.prompt, /^\n\nHuman: \S[^]*\n\nAssistant:$/);
        assert.match(p.chosen, /^ \S/);
        assert.match(p.rejected, /^ \S/);
        assert.notEqual(p.chosen, p.rejected);
      }
      assert.ok(new Set(set.map((p) => p.prompt)).size > 0.85 * set.length);
    }
  });

  it('realises the recipe shares: harmful requests, label noise, rejection styles', () => {
    for (const set of [corpus.helpful, corpus.harmless]) {
      assert.equal(share(set, (p) => p.kind === 'harmful'), HARMFUL_REQUEST_SHARE);
      assert.equal(share(set, (p) => p.flipped), LABEL_NOISE_SHARE);
    }
    const quality = corpus.helpful.filter((p) => p.kind !== 'harmful');
    for (const [style, weight] of Object.entries(HELPFUL_REJECTION_STYLES)) {
      assert.ok(Math.abs(share(quality, (p) => p.kind === `quality:${style}`) - weight) < 0.04, style);
    }
    const benign = corpus.harmless.filter((p) => p.kind !== 'harmful');
    for (const [kind, weight] of Object.entries(HARMLESS_BENIGN_KINDS)) {
      assert.ok(Math.abs(share(benign, (p) => p.kind === `safety:${kind}`) - weight) < 0.04, kind);
    }
  });

  it('disagrees on harmful requests: compliance chosen for HELPFUL, refusal for HARMLESS, unless noise flipped one', () => {
    const harmless = new Map(corpus.harmless.filter((p) => p.kind === 'harmful').map((p) => [p.prompt + p.chosen + p.rejected, p]));
    for (const h of corpus.helpful.filter((p) => p.kind === 'harmful')) {
      const mirror = harmless.get(h.prompt + h.rejected + h.chosen) ?? harmless.get(h.prompt + h.chosen + h.rejected);
      assert.ok(mirror, 'every harmful pair of the HELPFUL set is in the HARMLESS set');
      assert.equal(mirror.chosen === h.rejected, h.flipped === mirror.flipped);
    }
    const d = disagreementShare(corpus.helpful, corpus.harmless);
    assert.equal(d.compared, HARMFUL_REQUEST_SHARE * DEFAULT_CORPUS_PAIRS);
    assert.ok(Math.abs(d.shareOfPairs - EXPECTED_DISAGREEMENT_SHARE) < 0.02, `realised ${d.shareOfPairs}, expected ${EXPECTED_DISAGREEMENT_SHARE}`);
  });

  it('measures disagreement on any two sets', () => {
    const a = [{ prompt: 'p', chosen: 'x', rejected: 'y' }, { prompt: 'q', chosen: 'x', rejected: 'y' }];
    const b = [{ prompt: 'p', chosen: 'y', rejected: 'x' }, { prompt: 'q', chosen: 'x', rejected: 'y' }, { prompt: 'r', chosen: 'x', rejected: 'y' }];
    assert.deepEqual(disagreementShare(a, b), { compared: 2, disagreeing: 1, shareOfCompared: 0.5, shareOfPairs: 1 / 2.5 });
  });
});
