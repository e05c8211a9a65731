/**
 * Every cache key of rmlens.md §5 is built here and nowhere else: from resolved subjects (a
 * model by its file's sha256, a dataset part by its content hashes), the method, every
 * parameter, and ENGINE_VERSION. Two requests share a row exactly when they share a key, so a
 * parameter left out here would answer one question with another's numbers; the tests pin
 * every key (test/analysis-keys-pinned.test.ts) and change one input at a time.
 */
import type { TokenizerSettings } from '../data/tokenizer.ts';
import type { AblationCondition } from '../engine/types.ts';
import type { CacheKey } from '../db/resultCache.ts';
import { BadUserInputError } from '../errors.ts';
import { sha256 } from '../util/hash.ts';
import type { BenchmarkLayout } from '../data/types.ts';
import type { TieRule } from '../vocabulary.ts';
import type { ResolvedAblation } from './experiments/ablation.ts';
import { selectionParts, type ResolvedSelection, type ResolvedSet } from './setSpec.ts';
import type { ModelSubject, PartSubject } from './subjects.ts';

/**
 * Bump whenever a code change would change any stored result (engine numerics, score formulas,
 * bootstrap settings, set construction): every old row then stops matching, never served stale.
 */
export const ENGINE_VERSION = 3;

/** What a stored row holds; checked when the row is read back. */
export type ResultKind =
  | 'modelInfo'
  | 'rewards'
  | 'evaluation'
  | 'benchmark'
  | 'neuronStats'
  | 'scores'
  | 'ablatedRewards'
  | 'ablation'
  | 'sweep'
  | 'frontier'
  | 'correlation'
  | 'interference'
  | 'marginCorrelation'
  | 'neuronExamples'
  | 'tokenActivations'
  | 'responseLengths'
  | 'lengthBaseline'
  | 'lengthStrata'
  | 'transferability';

/**
 * JSON with object keys sorted at every depth, so the same inputs give the same key whatever
 * order a caller built them in. `undefined` members are dropped (as JSON does); non-finite
 * numbers are refused because JSON would turn them into null and merge distinct keys.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_name, v: unknown) => {
    // Only a request can bring one (JSON reads 1e400 as Infinity): the user's input, not a bug.
    if (typeof v === 'number' && !Number.isFinite(v)) throw new BadUserInputError(`the request holds a non-finite number (${v})`);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

/** The key of a result of `kind` computed from `params` by this ENGINE_VERSION. */
export function cacheKey(kind: ResultKind, params: unknown): CacheKey {
  const keyJson = canonicalJson({ kind, engineVersion: ENGINE_VERSION, params });
  return { kind, key: sha256(keyJson), keyJson };
}

/** A model's sites and metadata: they depend on its bytes only. */
export function modelInfoKey(model: ModelSubject): CacheKey {
  return cacheKey('modelInfo', { model: model.sha256 });
}

/** Rewards of a model on a part (plain, no ablation). */
export function rewardsKey(model: ModelSubject, part: PartSubject): CacheKey {
  return cacheKey('rewards', { model: model.sha256, data: part.key });
}

/**
 * The tie rule of a result computed from accuracies: nothing under HALF, so every key written
 * before the rule was a parameter still answers; STRICT results are keyed apart.
 */
function tiesParams(ties: TieRule): { ties?: TieRule } {
  return ties === 'HALF' ? {} : { ties };
}

/** An evaluation is a function of the rewards and the tie rule, so it has the rewards' inputs and the rule. */
export function evaluationKey(model: ModelSubject, part: PartSubject, ties: TieRule): CacheKey {
  return cacheKey('evaluation', { model: model.sha256, data: part.key, ...tiesParams(ties) });
}

/** Per-subset accuracies of a reward benchmark: the rewards' inputs, the rows the pairs group into, and the tie rule. */
export function benchmarkKey(model: ModelSubject, part: PartSubject, layout: BenchmarkLayout, ties: TieRule): CacheKey {
  return cacheKey('benchmark', { model: model.sha256, data: part.key, layout: layout.hash, ties });
}

/** Neuron statistics of a model on a part; `base` (CHANGE) adds the squared differences against it. */
export function neuronStatsKey(model: ModelSubject, base: ModelSubject | null, part: PartSubject): CacheKey {
  return cacheKey('neuronStats', { model: model.sha256, base: base?.sha256 ?? null, data: part.key });
}

/** Rewards under one ablation condition, keyed by the condition's bytes: identical conditions share rows whatever set produced them. */
export function ablatedRewardsKey(model: ModelSubject, part: PartSubject, condition: AblationCondition): CacheKey {
  return cacheKey('ablatedRewards', { model: model.sha256, data: part.key, condition: conditionDigest(condition) });
}

/** The scores of a selection: its model, its base (CHANGE only), its train part and the method. */
export function scoresKey(selection: ResolvedSelection): CacheKey {
  return cacheKey('scores', scoresParams(selection));
}

/** One ablation request: the set by content, the mode and α, the number of controls, and the MEAN fills' train part. */
export function ablationKey(request: ResolvedAblation): CacheKey {
  return cacheKey('ablation', {
    model: request.model.sha256,
    data: request.part.key,
    set: setParams(request.set),
    mode: request.mode,
    alpha: request.alpha,
    controls: request.controls,
    means: request.meansPart?.key ?? null,
    ...tiesParams(request.ties),
  });
}

/**
 * A p-sweep replaces each selection's topPercent by the swept percents, so the key leaves
 * topPercent out. The number of random controls is in the key when there are any; without
 * controls the key is the one sweeps had before controls existed, so their rows still answer.
 */
export function sweepKey(
  model: ModelSubject,
  part: PartSubject,
  helpful: ResolvedSelection,
  harmless: ResolvedSelection,
  percents: readonly number[],
  controls: number,
  ties: TieRule,
): CacheKey {
  const selection = (s: ResolvedSelection) => ({ scores: scoresParams(s), perLayer: s.perLayer });
  return cacheKey('sweep', {
    model: model.sha256,
    data: part.key,
    helpful: selection(helpful),
    harmless: selection(harmless),
    percents,
    ...(controls > 0 ? { controls } : {}),
    ...tiesParams(ties),
  });
}

/** The frontier: a set scaled by each α, measured on one helpful and one harmless part. */
export function frontierKey(model: ModelSubject, set: ResolvedSet, helpful: PartSubject, harmless: PartSubject, alphas: readonly number[], ties: TieRule): CacheKey {
  return cacheKey('frontier', { model: model.sha256, set: setParams(set), helpful: helpful.key, harmless: harmless.key, alphas, ...tiesParams(ties) });
}

/** Interference of one objective: a single-objective and a mixed model on that objective's parts, pooled in order. */
export function interferenceKey(single: ModelSubject, mixed: ModelSubject, parts: readonly PartSubject[], ties: TieRule): CacheKey {
  return cacheKey('interference', { single: single.sha256, mixed: mixed.sha256, data: parts.map((p) => p.key), ...tiesParams(ties) });
}

/** Response token counts of a part's pairs: the texts and the tokenizer settings that count (and truncate) them. */
export function responseLengthsKey(part: PartSubject, tokenizer: TokenizerSettings): CacheKey {
  return cacheKey('responseLengths', { data: part.key, tokenizer });
}

/** A length rule scored on a part: a function of the part's response lengths, so it has their inputs, the rule, and the tie rule (equal lengths tie). */
export function lengthBaselineKey(rule: string, part: PartSubject, tokenizer: TokenizerSettings, ties: TieRule): CacheKey {
  return cacheKey('lengthBaseline', { rule, data: part.key, tokenizer, ...tiesParams(ties) });
}

/** A model's accuracy per length stratum: its rewards' inputs, the lengths' tokenizer and the tie rule. */
export function lengthStrataKey(model: ModelSubject, part: PartSubject, tokenizer: TokenizerSettings, ties: TieRule): CacheKey {
  return cacheKey('lengthStrata', { model: model.sha256, data: part.key, tokenizer, ...tiesParams(ties) });
}

/** Transferability from one model to another on one part (ordered: from's right answers are the base), under a tie rule. */
export function transferabilityKey(from: ModelSubject, to: ModelSubject, part: PartSubject, ties: TieRule): CacheKey {
  return cacheKey('transferability', { from: from.sha256, to: to.sha256, data: part.key, ...tiesParams(ties) });
}

/** Per-neuron correlation of two models on the texts of one part. */
export function correlationKey(a: ModelSubject, b: ModelSubject, part: PartSubject): CacheKey {
  return cacheKey('correlation', { a: a.sha256, b: b.sha256, data: part.key });
}

/** Per-neuron correlation of the CONTRAST difference with the reward margin, of one model on one part. */
export function marginCorrelationKey(model: ModelSubject, part: PartSubject): CacheKey {
  return cacheKey('marginCorrelation', { model: model.sha256, data: part.key });
}

/**
 * One layer's rows of the examples pass (top-k texts by max and mean, max histogram) of a model
 * on a part: `k` and the histogram grid are parameters of the pass, so both are in the key.
 */
export function neuronExamplesKey(model: ModelSubject, part: PartSubject, layer: number, k: number, bins: number): CacheKey {
  return cacheKey('neuronExamples', { model: model.sha256, data: part.key, layer, k, bins });
}

/**
 * Per-token activations of one neuron in one text: the model (its tokenizer comes with its
 * bytes), the text by content, and the flat neuron. No dataset: a text reads the same in any part.
 */
export function tokenActivationsKey(model: ModelSubject, text: { prompt: string; response: string }, neuron: number): CacheKey {
  return cacheKey('tokenActivations', { model: model.sha256, text: sha256(canonicalJson(text)), neuron });
}

/** A pooled selection's `data` is the list of its parts in their canonical order; one part keeps the key it always had. */
function scoresParams(s: ResolvedSelection) {
  const data = s.pooled.length === 0 ? s.train.key : selectionParts(s).map((p) => p.key);
  return { model: s.model.sha256, base: s.base?.sha256 ?? null, data, method: s.method };
}

/** A set request by content: its given fields, with every selection replaced by what its scores depend on. */
function setParams({ spec, helpful, harmless, mixed }: ResolvedSet) {
  const selection = (s: ResolvedSelection | null) => s && { scores: scoresParams(s), topPercent: s.topPercent, perLayer: s.perLayer };
  return { ...spec, helpful: selection(helpful) ?? undefined, harmless: selection(harmless) ?? undefined, mixed: selection(mixed) ?? undefined };
}

/** sha256 of a condition's keep and fill bytes. */
function conditionDigest(c: AblationCondition): string {
  const bytes = new Uint8Array(c.keep.byteLength + c.fill.byteLength);
  bytes.set(new Uint8Array(c.keep.buffer, c.keep.byteOffset, c.keep.byteLength), 0);
  bytes.set(new Uint8Array(c.fill.buffer, c.fill.byteOffset, c.fill.byteLength), c.keep.byteLength);
  return sha256(bytes);
}
