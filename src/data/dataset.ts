/** Turns loaded pairs into a Dataset: the fixed split and the content hashes that key the cache. */
import { sha256Json } from '../util/hash.ts';
import type { LoadedPairs } from './pairs.ts';
import { splitPairs } from './split.ts';
import type { BenchmarkLayout, Dataset, PreferencePair } from './types.ts';
import type { DataObjective, PromptForm } from '../vocabulary.ts';

/**
 * sha256 of the canonical JSON of pairs in order: an array of `{prompt, chosen, rejected}`
 * objects with exactly those keys in that order, so extra fields or key order in the source
 * file never change the hash, and any change to a text does.
 */
export function pairsHash(pairs: readonly PreferencePair[]): string {
  return sha256Json(pairs.map((p) => ({ prompt: p.prompt, chosen: p.chosen, rejected: p.rejected })));
}

/**
 * A pair's stable id: the first 16 hex digits of sha256 over its prompt, chosen and rejected
 * texts (JSON, so no separator can be forged). The same pair has the same id in any dataset,
 * part or order; 64 bits keep collisions out of reach for any corpus rmlens reads.
 */
export function pairId(pair: PreferencePair): string {
  return sha256Json([pair.prompt, pair.chosen, pair.rejected]).slice(0, 16);
}

/** What a Dataset says about itself, besides its pairs. */
export interface DatasetDescription {
  id: string;
  name: string;
  objective: DataObjective;
  source: string;
  promptForm?: PromptForm;
  /** No split: every pair is held out (default false: the 80/20 split). */
  evaluationOnly?: boolean;
  /** A reward benchmark's rows (always evaluation-only). */
  benchmark?: BenchmarkLayout;
}

/**
 * Builds a Dataset from loaded pairs: splits them 80/20 (or, evaluation-only, holds every pair
 * out) and hashes the whole and each part.
 */
export function buildDataset(description: DatasetDescription, loaded: LoadedPairs): Dataset {
  const evaluationOnly = description.evaluationOnly ?? false;
  const { train, heldOut } = evaluationOnly ? { train: [], heldOut: loaded.pairs } : splitPairs(loaded.pairs);
  return {
    ...description,
    evaluationOnly,
    train,
    heldOut,
    dropped: loaded.dropped,
    dropReasons: loaded.dropReasons,
    contentHash: pairsHash(loaded.pairs),
    partHashes: { train: pairsHash(train), heldOut: pairsHash(heldOut) },
  };
}
