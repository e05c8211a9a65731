/**
 * Pair batches as ORT feeds: each text tokenized once per call with the model's tokenizer
 * settings, right-padded to the longest text of the batch, int64 (BigInt64Array) tensors.
 * Row layout: chosen texts of the batch's pairs first, then their rejected texts.
 */
import type { PreferencePair } from '../data/types.ts';
import { encodeText, type EncodedText, type TokenizerSettings } from '../data/tokenizer.ts';
import { profiled } from '../util/profile.ts';
import { Tensor } from './session.ts';

/** Inputs a model may declare; anything else is not a model rmlens can feed. */
export const MODEL_INPUTS = ['input_ids', 'attention_mask', 'token_type_ids'] as const;

/** Tokenized texts, one per row, right-padded to the longest; int64 as ORT wants them. */
export interface PaddedRows {
  rows: number;
  seq: number;
  /** Non-padding tokens per row. */
  lengths: Int32Array;
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  tokenTypeIds: BigInt64Array;
}

/** A pair batch: rows = 2 × pairs, the chosen texts of its pairs first, then their rejected texts. */
export interface TextBatch extends PaddedRows {
  pairs: number;
}

/** Tokenizes a slice of pairs into one right-padded batch. */
export function encodePairBatch(pairs: readonly PreferencePair[], settings: TokenizerSettings): TextBatch {
  return padTexts(pairs.map((p) => encodePair(p, settings)));
}

/** A pair's two texts, tokenized: [chosen, rejected]. */
type EncodedPair = [EncodedText, EncodedText];

function encodePair(p: PreferencePair, settings: TokenizerSettings): EncodedPair {
  return profiled('tokenising', () => [encodeText(p.prompt, p.chosen, settings), encodeText(p.prompt, p.rejected, settings)]);
}

function padTexts(pairs: readonly EncodedPair[]): TextBatch {
  return profiled('batching', () => ({ pairs: pairs.length, ...padRows([...pairs.map((p) => p[0]), ...pairs.map((p) => p[1])]) }));
}

/** Texts already tokenized, one per row, as one right-padded batch. */
export function padRows(encoded: readonly EncodedText[]): PaddedRows {
  const rows = encoded.length;
  const seq = Math.max(1, ...encoded.map((e) => e.ids.length));
  const inputIds = new BigInt64Array(rows * seq);
  const attentionMask = new BigInt64Array(rows * seq);
  const tokenTypeIds = new BigInt64Array(rows * seq);
  const lengths = new Int32Array(rows);
  encoded.forEach((e, row) => {
    lengths[row] = e.ids.length;
    for (let t = 0; t < e.ids.length; t++) {
      inputIds[row * seq + t] = BigInt(e.ids[t]);
      attentionMask[row * seq + t] = 1n;
      tokenTypeIds[row * seq + t] = BigInt(e.segments[t]);
    }
  });
  return { rows, seq, lengths, inputIds, attentionMask, tokenTypeIds };
}

/** Pairs tokenized and length-sorted together; bounds memory while keeping padding small. */
const SORT_WINDOW_BATCHES = 32;

/**
 * Batches of at most `batchSize` pairs with `indices` naming each batch pair's position in
 * `pairs`. Within windows of a few dozen batches, pairs are grouped by token length: right
 * padding to the longest text otherwise nearly doubles the work (measured 1.8–2× more
 * padded than real tokens on the default and HH-RLHF held-out parts).
 */
export function* lengthSortedBatches(
  pairs: readonly PreferencePair[],
  batchSize: number,
  settings: TokenizerSettings,
): Generator<{ indices: Int32Array; batch: TextBatch }> {
  const window = batchSize * SORT_WINDOW_BATCHES;
  for (let start = 0; start < pairs.length; start += window) {
    const end = Math.min(pairs.length, start + window);
    const encoded = pairs.slice(start, end).map((p) => encodePair(p, settings));
    const order = Int32Array.from(encoded.keys()).sort(
      (a, b) => pairLength(encoded[a]) - pairLength(encoded[b]) || a - b,
    );
    for (let first = 0; first < order.length; first += batchSize) {
      const local = order.subarray(first, first + batchSize);
      yield { indices: local.map((i) => start + i), batch: padTexts(Array.from(local, (i) => encoded[i])) };
    }
  }
}

/** A part's batches as lengthSortedBatches yields them. */
export type SortedBatches = readonly { indices: Int32Array; batch: TextBatch }[];

/** Parts whose batches are kept (most recent first) and the most token slots they may hold together. */
const KEPT_PARTS = 4;
const KEPT_TOKEN_SLOTS = 4 * 1024 * 1024; // ~100 MB of int64 ids, masks and token types
const kept: { pairs: readonly PreferencePair[]; key: string; batches: SortedBatches; slots: number }[] = [];

/**
 * The batches of lengthSortedBatches, tokenized and padded once for the same pairs (the same
 * array), batch size and tokenizer settings: the study asks for the same held-out parts in
 * dozens of calls and in every model of a zoo. The last few parts are kept (bounded in
 * count and in token slots); batches are never modified by their users.
 */
export function sortedBatches(pairs: readonly PreferencePair[], batchSize: number, settings: TokenizerSettings): SortedBatches {
  const key = `${batchSize} ${settings.name} ${settings.maxPromptTokens} ${settings.maxResponseTokens}`;
  const at = kept.findIndex((k) => k.pairs === pairs && k.key === key);
  if (at >= 0) {
    const [hit] = kept.splice(at, 1);
    kept.unshift(hit);
    return hit.batches;
  }
  const batches = [...lengthSortedBatches(pairs, batchSize, settings)];
  const slots = batches.reduce((n, b) => n + b.batch.rows * b.batch.seq, 0);
  if (slots <= KEPT_TOKEN_SLOTS) {
    kept.unshift({ pairs, key, batches, slots });
    let total = 0;
    for (let i = 0; i < kept.length; i++) {
      total += kept[i].slots;
      if (i >= KEPT_PARTS || total > KEPT_TOKEN_SLOTS) {
        kept.length = i;
        break;
      }
    }
  }
  return batches;
}

function pairLength([chosen, rejected]: EncodedPair): number {
  return Math.max(chosen.ids.length, rejected.ids.length);
}

/**
 * Feeds for the model inputs a session lists, the batch repeated `tile` times along the
 * batch axis (one copy per ablation condition carried by per-example masks).
 */
export function batchFeeds(batch: PaddedRows, inputNames: readonly string[], tile = 1): Record<string, Tensor> {
  return profiled('batching', () => feedsOf(batch, inputNames, tile));
}

function feedsOf(batch: PaddedRows, inputNames: readonly string[], tile: number): Record<string, Tensor> {
  const sources: Record<(typeof MODEL_INPUTS)[number], BigInt64Array> = {
    input_ids: batch.inputIds,
    attention_mask: batch.attentionMask,
    token_type_ids: batch.tokenTypeIds,
  };
  const feeds: Record<string, Tensor> = {};
  for (const name of MODEL_INPUTS) {
    if (!inputNames.includes(name)) continue;
    feeds[name] = new Tensor('int64', tileRows(sources[name], tile), [batch.rows * tile, batch.seq]);
  }
  return feeds;
}

function tileRows(data: BigInt64Array, tile: number): BigInt64Array {
  if (tile === 1) return data;
  const out = new BigInt64Array(data.length * tile);
  for (let k = 0; k < tile; k++) out.set(data, k * data.length);
  return out;
}
