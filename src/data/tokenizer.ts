/**
 * GPT-2 byte-level BPE (gpt-tokenizer's r50k "gpt2" encoding) with rmlens' fixed truncation:
 * the last `maxPromptTokens` of the prompt (the turn being answered sits at its end) and the
 * first `maxResponseTokens` of the response (where a compliance or refusal shows). Segment ids
 * mark prompt (0) and response (1) tokens; models read them as `token_type_ids`.
 */
import { decode, encode } from 'gpt-tokenizer/encoding/gpt2';

export interface TokenizerSettings {
  name: 'gpt2';
  maxPromptTokens: number;
  maxResponseTokens: number;
}

export const DEFAULT_TOKENIZER: TokenizerSettings = { name: 'gpt2', maxPromptTokens: 64, maxResponseTokens: 128 };

/** GPT-2's vocabulary size; ids are in [0, VOCAB_SIZE). */
export const VOCAB_SIZE = 50257;

/** `<|endoftext|>`: stands in for an empty response so every text has a response token to pool. */
export const END_OF_TEXT = 50256;

export interface EncodedText {
  ids: Int32Array;
  /** 0 = prompt token, 1 = response token. */
  segments: Uint8Array;
}

/** Tokens of one (prompt, response) text, truncated as the settings say. */
export function encodeText(prompt: string, response: string, settings: TokenizerSettings = DEFAULT_TOKENIZER): EncodedText {
  const promptIds = encode(prompt).slice(-settings.maxPromptTokens);
  const responseIds = responseTokenIds(response, settings);
  const ids = Int32Array.from([...promptIds, ...responseIds]);
  const segments = new Uint8Array(ids.length);
  segments.fill(1, promptIds.length);
  return { ids, segments };
}

/** The response tokens a model reads: the first maxResponseTokens, or `<|endoftext|>` alone for an empty response. */
function responseTokenIds(response: string, settings: TokenizerSettings): number[] {
  const ids = encode(response).slice(0, settings.maxResponseTokens);
  return ids.length === 0 ? [END_OF_TEXT] : ids;
}

/** Number of response tokens a model reads (after truncation; an empty response reads as 1 token). */
export function responseTokenCount(response: string, settings: TokenizerSettings = DEFAULT_TOKENIZER): number {
  return responseTokenIds(response, settings).length;
}

/** Number of GPT-2 tokens in a text before truncation (an empty text has 0). */
export function countTokens(text: string): number {
  return encode(text).length;
}

/** The string of one token (a lone byte of a multi-byte character decodes to U+FFFD). */
export function decodeToken(id: number): string {
  return decode([id]);
}
