/**
 * Pair batches as ORT feeds: each text tokenized once per call with the model's tokenizer
 * settings, right-padded to the longest text of the batch, int64 (BigInt64Array) tensors.
 * Row layout: chosen texts of the batch's pairs first, then their rejected texts.
 */
import type { PreferencePair } from '../data/types.ts';
import { encodeText, type TokenizerSettings } from '../data/tokenizer.ts';
import { Tensor } from './session.ts';

/** Inputs a model may declare; anything else is not a model rmlens can feed. */
export const MODEL_INPUTS = ['input_ids', 'attention_mask', 'token_type_ids'] as const;

export interface TextBatch {
  /** Pairs in the batch; rows = 2 × pairs. */
  pairs: number;
  rows: number;
  seq: number;
  /** Non-padding tokens per row. */
  lengths: Int32Array;
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  tokenTypeIds: BigInt64Array;
}

/** Tokenizes a slice of pairs into one right-padded batch. */
export function encodePairBatch(pairs: readonly PreferencePair[], settings: TokenizerSettings): TextBatch {
  const encoded = [
    ...pairs.map((p) => encodeText(p.prompt, p.chosen, settings)),
    ...pairs.map((p) => encodeText(p.prompt, p.rejected, settings)),
  ];
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
  return { pairs: pairs.length, rows, seq, lengths, inputIds, attentionMask, tokenTypeIds };
}

/**
 * Feeds for the model inputs a session lists, the batch repeated `tile` times along the
 * batch axis (one copy per ablation condition carried by per-example masks).
 */
export function batchFeeds(batch: TextBatch, inputNames: readonly string[], tile = 1): Record<string, Tensor> {
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

/** Consecutive slices of at most `size` pairs. */
export function* pairSlices<T>(items: readonly T[], size: number): Generator<{ start: number; items: readonly T[] }> {
  for (let start = 0; start < items.length; start += size) yield { start, items: items.slice(start, start + size) };
}
