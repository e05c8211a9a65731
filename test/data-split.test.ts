import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateDefaultCorpus } from '../src/data/defaultCorpus.ts';
import { firstHumanTurn, HELD_OUT_SHARE, isHeldOut, splitPairs } from '../src/data/split.ts';
import type { PreferencePair } from '../src/data/types.ts';

const hh = (turn: string) => ({ prompt: `\n\nHuman: ${turn}\n\nAssistant:` });

describe('train / held-out split', () => {
  it('keys on the trimmed first Human turn', () => {
    assert.equal(firstHumanTurn('\n\nHuman:  Hi there \n\nAssistant: Hello\n\nHuman: More\n\nAssistant:'), 'Hi there');
    assert.equal(firstHumanTurn('  no markers here '), 'no markers here');
  });

  it('matches sha256 values fixed when it was written (the same on every platform)', () => {
    // First 4 bytes of sha256: 115049a2 (< 0x33333333, held out), 581b71cd, ca978112, 2e7d2c03 (held out).
    assert.deepEqual(
      ['What is the capital of France?', 'How do I make pancakes?', 'a', 'c'].map((t) => isHeldOut(hh(t))),
      [true, false, false, true],
    );
  });

  it('is stable across runs, close to 80/20, and keeps pairs that share a first Human turn together', () => {
    const { helpful } = generateDefaultCorpus();
    const first = splitPairs(helpful);
    const second = splitPairs(helpful.map((p) => ({ ...p })));
    assert.deepEqual(second, first);
    const share = first.heldOut.length / helpful.length;
    assert.ok(Math.abs(share - HELD_OUT_SHARE) < 0.03, `held-out share ${share}`);

    const sides = new Map<string, boolean>();
    for (const [part, heldOut] of [[first.train, false], [first.heldOut, true]] as const) {
      for (const pair of part) {
        const key = firstHumanTurn(pair.prompt);
        assert.notEqual(sides.get(key), !heldOut, `first Human turn on both sides: ${key}`);
        sides.set(key, heldOut);
      }
    }
  });

  it('puts multi-turn prompts that open with the same request on the same side', () => {
    const opening = 'Can you help me plan a trip?';
    const pairs: PreferencePair[] = ['To Rome.', 'To Oslo.', 'To Lima.'].map((next) => ({
      prompt: `\n\nHuman: ${opening}\n\nAssistant: Where to?\n\nHuman: ${next}\n\nAssistant:`,
      chosen: ' Sure.',
      rejected: ' No.',
    }));
    const { train, heldOut } = splitPairs(pairs);
    assert.ok(train.length === 3 || heldOut.length === 3);
  });
});
