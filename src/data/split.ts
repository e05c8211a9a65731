/**
 * The deterministic train / held-out split. The key is the first Human turn of a prompt
 * (the text after the first "Human:" up to the next "\n\nAssistant:", trimmed; the whole
 * trimmed prompt when it has no Human turn), so pairs that share an opening request land on
 * one side even when later turns differ, and a prompt that appears in several datasets lands
 * on the same side in each. A pair is held out when the first 4 bytes of sha256(UTF-8 key),
 * read as a big-endian unsigned integer, fall below HELD_OUT_SHARE · 2^32: sha256 is the same
 * on every platform and Node version, and needs no seed.
 */
import { createHash } from 'node:crypto';
import type { PreferencePair } from './types.ts';

/** Target share of pairs in the held-out part (by prompt, so the realised share varies slightly). */
export const HELD_OUT_SHARE = 0.2;

/** The first Human turn of an HH-style prompt, trimmed; the split key. */
export function firstHumanTurn(prompt: string): string {
  const start = prompt.indexOf('Human:');
  if (start < 0) return prompt.trim();
  const from = start + 'Human:'.length;
  const end = prompt.indexOf('\n\nAssistant:', from);
  return prompt.slice(from, end < 0 ? undefined : end).trim();
}

/** Whether a pair belongs to the held-out part. */
export function isHeldOut(pair: Pick<PreferencePair, 'prompt'>): boolean {
  const digest = createHash('sha256').update(firstHumanTurn(pair.prompt), 'utf8').digest();
  return digest.readUInt32BE(0) < HELD_OUT_SHARE * 2 ** 32;
}

/** Splits pairs into train and held-out parts, each in the input order. */
export function splitPairs(pairs: readonly PreferencePair[]): { train: PreferencePair[]; heldOut: PreferencePair[] } {
  const train: PreferencePair[] = [];
  const heldOut: PreferencePair[] = [];
  for (const pair of pairs) (isHeldOut(pair) ? heldOut : train).push(pair);
  return { train, heldOut };
}

/** Clusters already computed, per pairs array (parts are long-lived; the study asks for the same part many times). */
const clustersOf = new WeakMap<readonly Pick<PreferencePair, 'prompt'>[], Int32Array>();

/**
 * The prompt cluster of each pair: pairs with the same split key (the first Human turn) share a
 * cluster, numbered in order of first appearance. Such pairs are not independent — one request
 * answered several ways — so every CI of the analysis resamples these clusters, not pairs.
 */
export function promptClusters(pairs: readonly Pick<PreferencePair, 'prompt'>[]): Int32Array {
  let clusters = clustersOf.get(pairs);
  if (!clusters) {
    const ids = new Map<string, number>();
    clusters = Int32Array.from(pairs, (pair) => {
      const key = firstHumanTurn(pair.prompt);
      let id = ids.get(key);
      if (id === undefined) ids.set(key, (id = ids.size));
      return id;
    });
    clustersOf.set(pairs, clusters);
  }
  return clusters;
}
