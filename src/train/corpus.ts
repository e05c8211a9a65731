/**
 * What the trainer eats: tokenised pairs, the compact vocabulary, the validation slice and
 * the base model's label-free pairs.
 */
import { createHash } from 'node:crypto';
import { firstHumanTurn } from '../data/split.ts';
import { encodeText, VOCAB_SIZE, type TokenizerSettings } from '../data/tokenizer.ts';
import type { PreferencePair } from '../data/types.ts';
import { createRng, randomInt } from '../util/random.ts';
import type { EncodedPair } from './trainer.ts';

/** Share of each train part held back (by prompt) to choose the stopping epoch and the hyper-parameters. */
export const VALIDATION_SHARE = 0.1;

/** A tokenised pair; the prompt is shared by both texts. */
export function encodePair(pair: PreferencePair, tokenizer: TokenizerSettings): EncodedPair {
  return { chosen: encodeText(pair.prompt, pair.chosen, tokenizer), rejected: encodeText(pair.prompt, pair.rejected, tokenizer) };
}

/**
 * Whether a train pair belongs to the validation slice: sha256 of a salted first Human turn
 * (the held-out split's key, so pairs sharing an opening request stay together; the salt
 * makes the slice independent of the held-out split).
 */
export function isValidation(pair: Pick<PreferencePair, 'prompt'>): boolean {
  const digest = createHash('sha256').update(`rmlens.validation\0${firstHumanTurn(pair.prompt)}`, 'utf8').digest();
  return digest.readUInt32BE(0) < VALIDATION_SHARE * 2 ** 32;
}

/**
 * The compact vocabulary: GPT-2 ids seen at least `minCount` times in the given texts get
 * compact ids 1.. in GPT-2 id order; everything else maps to 0 (unknown). Returns the
 * GPT-2 → compact table (what the exported graph embeds as an int64 Gather) and its size.
 * Each prompt is counted once per pair, not once per text.
 */
export function buildVocabulary(pairs: readonly EncodedPair[], minCount = 2): { remap: Int32Array; size: number } {
  const counts = new Uint32Array(VOCAB_SIZE);
  for (const { chosen, rejected } of pairs) {
    for (let k = 0; k < chosen.ids.length; k++) counts[chosen.ids[k]]++;
    for (let k = 0; k < rejected.ids.length; k++) if (rejected.segments[k] === 1) counts[rejected.ids[k]]++;
  }
  const remap = new Int32Array(VOCAB_SIZE);
  let size = 1;
  for (let id = 0; id < VOCAB_SIZE; id++) if (counts[id] >= minCount) remap[id] = size++;
  return { remap, size };
}

/**
 * The base model's label-free pairs over the same texts: per pair, a real text (its chosen
 * or its rejected response, by a seeded coin) against a corrupted one (the same prompt with
 * the response of another, random pair). Preference labels are never read.
 */
export function corruptionPairs(pairs: readonly PreferencePair[], seed: number, tokenizer: TokenizerSettings): EncodedPair[] {
  if (pairs.length < 2) throw new Error('corrupted pairs need at least two pairs to swap responses between');
  const rng = createRng(seed);
  return pairs.map((pair, i) => {
    const real = rng() < 0.5 ? pair.chosen : pair.rejected;
    let j = randomInt(rng, pairs.length - 1);
    if (j >= i) j++; // never the pair itself
    const other = pairs[j];
    const foreign = rng() < 0.5 ? other.chosen : other.rejected;
    return { chosen: encodeText(pair.prompt, real, tokenizer), rejected: encodeText(pair.prompt, foreign, tokenizer) };
  });
}
