/**
 * Per-dataset facts for `rmlens data summary`: sizes, drops, and token lengths before
 * truncation, with the share of texts that the fixed truncation cuts (see tokenizer.ts).
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { countTokens, DEFAULT_TOKENIZER, type TokenizerSettings } from './tokenizer.ts';
import type { Dataset } from './types.ts';

export interface LengthStats {
  mean: number;
  median: number;
  /** Nearest-rank 95th percentile. */
  p95: number;
  max: number;
}

export interface DatasetReport {
  id: string;
  name: string;
  objective: Dataset['objective'];
  source: string;
  promptForm?: Dataset['promptForm'];
  evaluationOnly: boolean;
  pairs: number;
  dropped: number;
  dropReasons: NonNullable<Dataset['dropReasons']>;
  train: number;
  heldOut: number;
  /** Prompt tokens, one value per pair. */
  promptTokens: LengthStats;
  /** Response tokens, one value per response (chosen and rejected). */
  responseTokens: LengthStats;
  /** Share of texts (a prompt with one response) whose prompt is cut to maxPromptTokens. */
  promptTruncatedShare: number;
  /** Share of texts whose response is cut to maxResponseTokens. */
  responseTruncatedShare: number;
  /** Share of texts that lose any token to truncation. */
  truncatedShare: number;
}

/** Mean, median, p95 and max of a list of counts (all 0 for an empty list). */
export function lengthStats(values: readonly number[]): LengthStats {
  if (values.length === 0) return { mean: 0, median: 0, p95: 0, max: 0 };
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const mid = n >> 1;
  return {
    mean: sorted.reduce((a, b) => a + b, 0) / n,
    median: n % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2,
    p95: sorted[Math.ceil(0.95 * n) - 1],
    max: sorted[n - 1],
  };
}

/** Summarises one dataset; tokenising takes a while on big sets, so it yields and reports progress in pairs. */
export async function summariseDataset(
  dataset: Dataset,
  settings: TokenizerSettings = DEFAULT_TOKENIZER,
  onProgress?: (donePairs: number, totalPairs: number) => void,
): Promise<DatasetReport> {
  const pairs = [...dataset.train, ...dataset.heldOut];
  const promptLengths: number[] = [];
  const responseLengths: number[] = [];
  let promptCut = 0;
  let responseCut = 0;
  let anyCut = 0;
  for (let i = 0; i < pairs.length; i++) {
    const { prompt, chosen, rejected } = pairs[i];
    const p = countTokens(prompt);
    promptLengths.push(p);
    for (const response of [chosen, rejected]) {
      const r = countTokens(response);
      responseLengths.push(r);
      const pc = p > settings.maxPromptTokens;
      const rc = r > settings.maxResponseTokens;
      promptCut += +pc;
      responseCut += +rc;
      anyCut += +(pc || rc);
    }
    if (i % 250 === 249) {
      onProgress?.(i + 1, pairs.length);
      await yieldToEventLoop();
    }
  }
  onProgress?.(pairs.length, pairs.length);
  const texts = 2 * pairs.length || 1;
  return {
    id: dataset.id,
    name: dataset.name,
    objective: dataset.objective,
    source: dataset.source,
    promptForm: dataset.promptForm,
    evaluationOnly: dataset.evaluationOnly,
    pairs: pairs.length,
    dropped: dataset.dropped,
    dropReasons: dataset.dropReasons ?? {},
    train: dataset.train.length,
    heldOut: dataset.heldOut.length,
    promptTokens: lengthStats(promptLengths),
    responseTokens: lengthStats(responseLengths),
    promptTruncatedShare: promptCut / texts,
    responseTruncatedShare: responseCut / texts,
    truncatedShare: anyCut / texts,
  };
}
