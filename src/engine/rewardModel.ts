/**
 * A loaded ONNX reward model and everything the analysis asks of it: rewards, pooled neuron
 * statistics, ablated rewards, cross-model and reward-margin correlation, top examples and
 * histograms per neuron, and per-token activations of single texts. Every method over a part
 * streams over the pairs in batches; only per-pair outputs and per-neuron accumulators (at
 * most k texts or a fixed histogram per neuron) are kept.
 */
import { readFile } from 'node:fs/promises';
import type { PreferencePair } from '../data/types.ts';
import { decodeToken, DEFAULT_TOKENIZER, encodeText, type TokenizerSettings } from '../data/tokenizer.ts';
import { sha256 } from '../util/hash.ts';
import { batchFeeds, encodePairBatch, padRows, sortedBatches, type SortedBatches, type TextBatch } from './batches.ts';
import { planCondition, type ConditionPlan, type CutInfo } from './ablationPlan.ts';
import {
  ablationVariant,
  COUNT_OUTPUT,
  fillInput,
  foldableSite,
  instrumentModel,
  keepInput,
  positiveOutput,
  RESPONSE_COUNT_OUTPUT,
  responseMaxOutput,
  responseSumOutput,
  sumOutput,
  tokensOutput,
  type VariantSpec,
} from './instrument.ts';
import { decodeModel, encodeModel, modelMetadata, type ModelProto } from './onnxGraph.ts';
import { CheckedSession, createSession, Tensor, type SessionOptions } from './session.ts';
import { checkModelInputs, declaredSiteNames, discoverSiteNames, probeTensors, sitesFromProbes } from './sites.ts';
import { buildSplitModels, planSplit, planSplitsPerSite } from './splitGraph.ts';
import { TopTextsBuilder } from './topTexts.ts';
import {
  HISTOGRAM_BINS,
  type AblationCondition,
  type CorrelationStats,
  type Device,
  type MarginCorrelation,
  type NeuronExamples,
  type NeuronSite,
  type NeuronStats,
  type OnProgress,
  type PairRewards,
  type TextInput,
  type TextSideStats,
  type TokenActivations,
} from './types.ts';
import { OBJECTIVES, type Objective } from '../vocabulary.ts';
import { BadUserInputError } from '../errors.ts';

export interface RewardModelOptions {
  device?: Device;
  /** intra-op threads per session (default 2). */
  threads?: number;
  /** Pairs per batch (each pair is two rows: chosen and rejected); default 16. */
  batchSize?: number;
  /** Where the CUDA fallback warning goes (default console.warn). */
  warn?: (message: string) => void;
}

export interface ProgressOptions {
  onProgress?: OnProgress;
}

export interface NeuronExamplesOptions extends ProgressOptions {
  /** Texts kept per neuron and per ranking (max, mean). */
  k: number;
}

export interface NeuronStatsOptions extends ProgressOptions {
  /** The model's base: adds Σ(a − b)² at the same tokens (CHANGE). */
  base?: RewardModel;
}

/**
 * 'auto': each condition cut at the first site it edits, with the least arithmetic it needs
 * (src/engine/ablationPlan.ts); 'split': prefix to the first site once, the fully instrumented
 * suffix per condition; 'tiled': per-example masks in full runs. All three give the same numbers.
 */
export type AblationPath = 'auto' | 'split' | 'tiled';

export interface AblationOptions extends ProgressOptions {
  path?: AblationPath;
}

/** Rows one tiled run may carry (conditions × texts): bounds the memory of per-example masks. */
const MAX_TILED_ROWS = 256;
/** Floats of token-level site outputs one run may return per model (128 MB). */
const TOKEN_OUTPUT_BUDGET = 32 * 1024 * 1024;

type SessionKey = 'plain' | 'ablate' | 'stats' | 'means' | 'statsTokens' | 'tokens' | 'response' | 'prefix' | 'suffix';

const VARIANTS: Record<'ablate' | 'stats' | 'means' | 'statsTokens' | 'tokens' | 'response', VariantSpec> = {
  ablate: { ablate: true, pooled: false, tokens: false, response: false },
  stats: { ablate: false, pooled: true, tokens: false, response: false },
  /** Sums and counts only (token means): what correlations read. */
  means: { ablate: false, pooled: true, tokens: false, response: false, positive: false },
  statsTokens: { ablate: false, pooled: true, tokens: true, response: false },
  tokens: { ablate: false, pooled: false, tokens: true, response: false },
  response: { ablate: false, pooled: false, tokens: false, response: true },
};

export class RewardModel {
  /** sha256 of the ONNX file's bytes. */
  readonly sha256: string;
  readonly metadata: Record<string, string>;
  readonly sites: NeuronSite[];
  readonly neuronCount: number;
  readonly tokenizer: TokenizerSettings;
  readonly objective: Objective | null;
  readonly batchSize: number;
  /** The execution provider in use (after any CUDA fallback). */
  readonly device: Device;

  private readonly bytes: Uint8Array;
  private readonly model: ModelProto;
  private readonly sessionOptions: SessionOptions;
  private readonly sessions = new Map<string, Promise<CheckedSession>>();
  private readonly split: { prefix: ModelProto; suffix: ModelProto } | null;
  /** Per site (index = layer): the split there, or null. */
  private readonly cuts: ({ prefix: ModelProto; suffix: ModelProto } & CutInfo)[] | null[];
  /** Per site: whether its keep can be folded into the consuming MatMul's weight. */
  private readonly foldable: boolean[];

  private constructor(init: {
    bytes: Uint8Array;
    model: ModelProto;
    sites: NeuronSite[];
    plain: CheckedSession;
    split: { prefix: ModelProto; suffix: ModelProto } | null;
    cuts: (({ prefix: ModelProto; suffix: ModelProto } & CutInfo) | null)[];
    options: RewardModelOptions;
  }) {
    this.bytes = init.bytes;
    this.model = init.model;
    this.sha256 = sha256(init.bytes);
    this.metadata = modelMetadata(init.model);
    this.sites = init.sites;
    this.neuronCount = init.sites.reduce((n, s) => n + s.width, 0);
    this.tokenizer = parseTokenizer(this.metadata['rmlens.tokenizer']);
    this.objective = parseObjective(this.metadata['rmlens.objective']);
    this.batchSize = init.options.batchSize ?? 16;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) throw new Error(`batchSize must be a positive integer, got ${this.batchSize}`);
    this.device = init.plain.device;
    // Later sessions ask for the provider that actually loaded, so a fallback warns once.
    this.sessionOptions = { device: this.device, threads: init.options.threads, warn: init.options.warn };
    this.split = init.split;
    this.cuts = init.cuts as RewardModel['cuts'];
    this.foldable = init.sites.map((site) => foldableSite(init.model, site));
    this.sessions.set('plain', Promise.resolve(init.plain));
  }

  /** Loads a model file. */
  static async load(path: string, options: RewardModelOptions = {}): Promise<RewardModel> {
    return RewardModel.fromBytes(new Uint8Array(await readFile(path)), options);
  }

  /** Loads a model from ONNX bytes: finds and probes its sites, plans the ablation split, opens the plain session. */
  static async fromBytes(bytes: Uint8Array, options: RewardModelOptions = {}): Promise<RewardModel> {
    const model = decodeModel(bytes);
    checkModelInputs(model);
    const names = declaredSiteNames(modelMetadata(model)) ?? discoverSiteNames(model);
    const plan = planSplit(model, names);
    const perSite = planSplitsPerSite(model, names);
    const probed = [...new Set([...names, ...(plan?.cutTensors ?? []), ...perSite.flatMap((p) => p?.cutTensors ?? [])])];
    const probes = await probeTensors(model, probed);
    const sites = sitesFromProbes(names, probes);
    const split = plan && buildSplitModels(model, plan, probes);
    const cuts = perSite.map((p) => p && { ...buildSplitModels(model, p, probes), prefixNodes: p.prefixNodes.length, prefixSites: p.prefixSites });
    const plain = await createSession(bytes, { device: options.device, threads: options.threads, warn: options.warn });
    return new RewardModel({ bytes, model, sites, plain, split, cuts, options });
  }

  /** Rewards of every pair, unmodified model. */
  async rewards(pairs: readonly PreferencePair[], options: ProgressOptions = {}): Promise<PairRewards> {
    const session = await this.session('plain');
    const result = emptyRewards(pairs.length);
    let done = 0;
    for (const { indices, batch } of sortedBatches(pairs, this.batchSize, this.tokenizer)) {
      const out = await session.run(batchFeeds(batch, session.inputNames));
      storeRewards(result, indices, rewardsOf(out, session, batch.rows), 0);
      options.onProgress?.((done += indices.length), pairs.length);
    }
    return result;
  }

  /**
   * Rewards under each ablation condition (x → x·keep + fill over the flat numbering), one
   * PairRewards per condition. Texts are tokenized once per batch; with several conditions
   * the prefix runs once per batch and only the instrumented suffix runs per condition.
   */
  async ablatedRewards(
    pairs: readonly PreferencePair[],
    conditions: readonly AblationCondition[],
    options: AblationOptions = {},
  ): Promise<PairRewards[]> {
    conditions.forEach((c, k) => this.checkCondition(c, k));
    const path = options.path ?? 'auto';
    if (path === 'split' && !this.split) throw new Error('this model has no prefix before its first site to split off');
    const results = conditions.map(() => emptyRewards(pairs.length));
    if (conditions.length === 0) return results;
    if (path === 'auto') return this.runPlanned(pairs.length, sortedBatches(pairs, this.batchSize, this.tokenizer), conditions, results, options);
    const useSplit = path === 'split';
    // One broadcast row per condition, built once per call.
    const broadcastMasks = conditions.map((c) => this.maskFeeds([c], 1));
    let done = 0;
    for (const { indices, batch } of sortedBatches(pairs, this.batchSize, this.tokenizer)) {
      if (useSplit) await this.runSplit(batch, broadcastMasks, results, indices);
      else await this.runTiled(batch, conditions, broadcastMasks, results, indices);
      options.onProgress?.((done += indices.length), pairs.length);
    }
    return results;
  }

  /**
   * ablatedRewards ('auto' path) over batches already made (`sortedBatches` of `pairCount` pairs
   * with this model's batch size and tokenizer): how a worker computes its share of a call's
   * conditions on the batches the caller tokenized once (src/engine/parallelModel.ts).
   */
  async ablatedRewardsOfBatches(
    pairCount: number,
    batches: SortedBatches,
    conditions: readonly AblationCondition[],
    options: ProgressOptions = {},
  ): Promise<PairRewards[]> {
    conditions.forEach((c, k) => this.checkCondition(c, k));
    return this.runPlanned(pairCount, batches, conditions, conditions.map(() => emptyRewards(pairCount)), options);
  }

  /** The 'auto' path: each condition with its own cut and edits (src/engine/ablationPlan.ts). */
  private async runPlanned(
    pairCount: number,
    batches: SortedBatches,
    conditions: readonly AblationCondition[],
    results: PairRewards[],
    options: ProgressOptions,
  ): Promise<PairRewards[]> {
    const plans = conditions.map((c) => planCondition(c, this.sites, this.foldable, this.cuts));
    const masks = conditions.map((c, k) => this.plannedMasks(c, plans[k]));
    // Conditions grouped by cut, so one prefix output per batch is alive at a time.
    const order = plans.map((_, k) => k).sort((a, b) => (plans[a].cut ?? -2) - (plans[b].cut ?? -2) || a - b);
    let done = 0;
    for (const { indices, batch } of batches) {
      let identity = null as Float32Array | null;
      let cutOut = null as { cut: number; out: Record<string, Tensor> } | null;
      for (const k of order) {
        const plan = plans[k];
        if (plan.cut === null) {
          if (!identity) {
            const plain = await this.session('plain');
            identity = rewardsOf(await plain.run(batchFeeds(batch, plain.inputNames)), plain, batch.rows);
          }
          storeRewards(results[k], indices, identity, 0);
          continue;
        }
        const session = await this.plannedSession(plan);
        const feeds = { ...batchFeeds(batch, session.inputNames), ...masks[k] };
        if (plan.cut >= 0) {
          if (cutOut?.cut !== plan.cut) {
            const prefix = await this.prefixSession(plan.cut);
            cutOut = { cut: plan.cut, out: await prefix.run(batchFeeds(batch, prefix.inputNames)) };
          }
          Object.assign(feeds, cutOut.out);
        }
        storeRewards(results[k], indices, rewardsOf(await session.run(feeds), session, batch.rows), 0);
      }
      options.onProgress?.((done += indices.length), pairCount);
    }
    return results;
  }

  /** The keep/fill feeds of a planned condition (one row, broadcast over the batch; [width, 1] keeps for folds). */
  private plannedMasks(c: AblationCondition, plan: ConditionPlan): Record<string, Tensor> {
    const feeds: Record<string, Tensor> = {};
    for (const site of this.sites) {
      const edit = plan.edits[site.layer];
      if (edit === 'none') continue;
      const keep = c.keep.slice(site.offset, site.offset + site.width);
      feeds[keepInput(site)] = new Tensor('float32', keep, edit === 'fold' ? [site.width, 1] : [1, site.width]);
      if (edit === 'general') feeds[fillInput(site)] = new Tensor('float32', c.fill.slice(site.offset, site.offset + site.width), [1, site.width]);
    }
    return feeds;
  }

  private plannedSession(plan: ConditionPlan): Promise<CheckedSession> {
    return this.cachedSession(`ablation ${plan.key}`, () => {
      const cut = plan.cut === null || plan.cut < 0 ? null : this.cuts[plan.cut];
      if (!cut) return encodeModel(ablationVariant(this.model, this.sites, plan.edits));
      const inSuffix = this.sites.filter((s) => s.layer === plan.cut || !cut.prefixSites.includes(s.layer));
      return encodeModel(ablationVariant(cut.suffix, inSuffix, plan.edits));
    });
  }

  private prefixSession(cut: number): Promise<CheckedSession> {
    return this.cachedSession(`prefix ${cut}`, () => encodeModel(this.cuts[cut]!.prefix));
  }

  private async runSplit(batch: TextBatch, masks: Record<string, Tensor>[], results: PairRewards[], indices: Int32Array): Promise<void> {
    const prefix = await this.session('prefix');
    const suffix = await this.session('suffix');
    const cut = await prefix.run(batchFeeds(batch, prefix.inputNames));
    const shared = { ...batchFeeds(batch, suffix.inputNames), ...cut };
    for (let k = 0; k < masks.length; k++) {
      const out = await suffix.run({ ...shared, ...masks[k] });
      storeRewards(results[k], indices, rewardsOf(out, suffix, batch.rows), 0);
    }
  }

  private async runTiled(
    batch: TextBatch,
    conditions: readonly AblationCondition[],
    broadcastMasks: Record<string, Tensor>[],
    results: PairRewards[],
    indices: Int32Array,
  ): Promise<void> {
    const session = await this.session('ablate');
    const perRun = Math.max(1, Math.floor(MAX_TILED_ROWS / batch.rows));
    for (let first = 0; first < conditions.length; first += perRun) {
      const chunk = conditions.slice(first, first + perRun);
      const masks = chunk.length === 1 ? broadcastMasks[first] : this.maskFeeds(chunk, batch.rows);
      const out = await session.run({ ...batchFeeds(batch, session.inputNames, chunk.length), ...masks });
      const rewards = rewardsOf(out, session, batch.rows * chunk.length);
      chunk.forEach((_, k) => storeRewards(results[first + k], indices, rewards, k * batch.rows));
    }
  }

  /** keep/fill feeds: each condition repeated over `rowsPerCondition` rows (1 = broadcast over the batch). */
  private maskFeeds(conditions: readonly AblationCondition[], rowsPerCondition: number): Record<string, Tensor> {
    const feeds: Record<string, Tensor> = {};
    const rows = conditions.length * rowsPerCondition;
    for (const site of this.sites) {
      const keep = new Float32Array(rows * site.width);
      const fill = new Float32Array(rows * site.width);
      conditions.forEach((c, k) => {
        const keepRow = c.keep.subarray(site.offset, site.offset + site.width);
        const fillRow = c.fill.subarray(site.offset, site.offset + site.width);
        for (let r = 0; r < rowsPerCondition; r++) {
          keep.set(keepRow, (k * rowsPerCondition + r) * site.width);
          fill.set(fillRow, (k * rowsPerCondition + r) * site.width);
        }
      });
      feeds[keepInput(site)] = new Tensor('float32', keep, [rows, site.width]);
      feeds[fillInput(site)] = new Tensor('float32', fill, [rows, site.width]);
    }
    return feeds;
  }

  private checkCondition(c: AblationCondition, index: number): void {
    for (const field of ['keep', 'fill'] as const) {
      const values = c[field];
      if (!(values instanceof Float32Array)) throw new Error(`condition ${index}: ${field} must be a Float32Array`);
      if (values.length !== this.neuronCount) {
        throw new Error(`condition ${index}: ${field} has ${values.length} values, the model has ${this.neuronCount} neurons`);
      }
    }
  }

  /**
   * Token-pooled per-neuron statistics of chosen and rejected texts, per-pair contrast sums,
   * and with `base` Σ(a − b)² against the base's activations at the same tokens.
   */
  async neuronStats(pairs: readonly PreferencePair[], options: NeuronStatsOptions = {}): Promise<NeuronStats> {
    const base = options.base;
    if (base) {
      this.checkComparable(base, 'base');
      if (JSON.stringify(base.tokenizer) !== JSON.stringify(this.tokenizer)) throw new BadUserInputError('base model tokenizes differently: activations are not at the same tokens');
    }
    const session = await this.session(base ? 'statsTokens' : 'stats');
    const baseSession = base ? await base.session('tokens') : null;
    const n = this.neuronCount;
    const side = (): TextSideStats => ({
      sum: new Float64Array(n),
      tokens: this.sites.map(() => 0),
      positive: new Float64Array(n),
      ...(base ? { sqDiffBase: new Float64Array(n) } : {}),
    });
    const stats: NeuronStats = {
      neuronCount: n,
      pairs: pairs.length,
      chosen: side(),
      rejected: side(),
      contrastSum: new Float64Array(n),
      contrastSumSq: new Float64Array(n),
    };
    const sliceSize = base ? this.tokenSlicePairs() : this.batchSize;
    let done = 0;
    for (const { indices, batch } of sortedBatches(pairs, sliceSize, this.tokenizer)) {
      const out = await session.run(batchFeeds(batch, session.inputNames));
      const baseOut = baseSession ? await baseSession.run(batchFeeds(batch, baseSession.inputNames)) : null;
      this.accumulateStats(stats, batch, out, baseOut);
      options.onProgress?.((done += indices.length), pairs.length);
    }
    return stats;
  }

  private accumulateStats(stats: NeuronStats, batch: TextBatch, out: Record<string, Tensor>, baseOut: Record<string, Tensor> | null): void {
    const n = batch.pairs;
    const count = out[COUNT_OUTPUT].data as Float32Array;
    for (const site of this.sites) {
      const w = site.width;
      const sum = out[sumOutput(site)].data as Float32Array;
      const positive = out[positiveOutput(site)].data as Float32Array;
      const tokensOf = (row: number) => (site.tokenAxis ? count[row] : 1);
      for (let row = 0; row < batch.rows; row++) {
        const target = row < n ? stats.chosen : stats.rejected;
        target.tokens[site.layer] += tokensOf(row);
        for (let j = 0; j < w; j++) {
          target.sum[site.offset + j] += sum[row * w + j];
          target.positive[site.offset + j] += positive[row * w + j];
        }
      }
      for (let p = 0; p < n; p++) {
        const cc = tokensOf(p);
        const cr = tokensOf(n + p);
        for (let j = 0; j < w; j++) {
          const d = sum[p * w + j] / cc - sum[(n + p) * w + j] / cr;
          stats.contrastSum[site.offset + j] += d;
          stats.contrastSumSq[site.offset + j] += d * d;
        }
      }
      if (baseOut) this.accumulateSqDiff(stats, batch, site, out[tokensOutput(site)].data as Float32Array, baseOut[tokensOutput(site)].data as Float32Array);
    }
  }

  private accumulateSqDiff(stats: NeuronStats, batch: TextBatch, site: NeuronSite, a: Float32Array, b: Float32Array): void {
    const w = site.width;
    for (let row = 0; row < batch.rows; row++) {
      const target = (row < batch.pairs ? stats.chosen : stats.rejected).sqDiffBase!;
      // Right padding: a row's valid tokens are its first `lengths[row]` positions.
      const positions = site.tokenAxis ? batch.lengths[row] : 1;
      const rowStart = site.tokenAxis ? row * batch.seq : row;
      for (let t = 0; t < positions; t++) {
        const at = (rowStart + t) * w;
        for (let j = 0; j < w; j++) {
          const diff = a[at + j] - b[at + j];
          target[site.offset + j] += diff * diff;
        }
      }
    }
  }

  /** Pairs per run when token-level activations come back, so outputs stay within budget. */
  private tokenSlicePairs(): number {
    const maxSeq = this.tokenizer.maxPromptTokens + this.tokenizer.maxResponseTokens;
    return Math.max(1, Math.min(this.batchSize, Math.floor(TOKEN_OUTPUT_BUDGET / (2 * maxSeq * this.neuronCount))));
  }

  /**
   * Per-neuron Pearson r between this model and `other` (neuron j vs neuron j) of per-text
   * token-averaged activations over both texts of every pair, with streaming co-moments.
   */
  async correlation(other: RewardModel, pairs: readonly PreferencePair[], options: ProgressOptions = {}): Promise<CorrelationStats> {
    this.checkComparable(other, 'other');
    const mine = await this.session('means');
    const theirs = await other.session('means');
    const sameTokens = JSON.stringify(other.tokenizer) === JSON.stringify(this.tokenizer);
    const n = this.neuronCount;
    const meanX = new Float64Array(n);
    const meanY = new Float64Array(n);
    const m2X = new Float64Array(n);
    const m2Y = new Float64Array(n);
    const coMoment = new Float64Array(n);
    let texts = 0;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    let done = 0;
    for (const { indices, batch } of sortedBatches(pairs, this.batchSize, this.tokenizer)) {
      const otherBatch = sameTokens ? batch : encodePairBatch(Array.from(indices, (i) => pairs[i]), other.tokenizer);
      const outX = await mine.run(batchFeeds(batch, mine.inputNames));
      const outY = await theirs.run(batchFeeds(otherBatch, theirs.inputNames));
      for (let row = 0; row < batch.rows; row++) {
        this.textMeans(outX, row, x);
        other.textMeans(outY, row, y);
        texts++;
        for (let j = 0; j < n; j++) {
          const dx = x[j] - meanX[j];
          meanX[j] += dx / texts;
          const dy = y[j] - meanY[j];
          meanY[j] += dy / texts;
          m2X[j] += dx * (x[j] - meanX[j]);
          m2Y[j] += dy * (y[j] - meanY[j]);
          coMoment[j] += dx * (y[j] - meanY[j]);
        }
      }
      options.onProgress?.((done += indices.length), pairs.length);
    }
    const r = new Float64Array(n);
    for (let j = 0; j < n; j++) r[j] = m2X[j] > 0 && m2Y[j] > 0 ? coMoment[j] / Math.sqrt(m2X[j] * m2Y[j]) : NaN;
    return { texts, r };
  }

  /**
   * Per-neuron Pearson r over the pairs of the CONTRAST difference d (token-mean activation of
   * the chosen text − that of the rejected text) with the reward margin r_c − r_r: one pooled
   * stats pass (its reward output gives the margins), streaming co-moments, O(neurons) memory.
   */
  async marginCorrelation(pairs: readonly PreferencePair[], options: ProgressOptions = {}): Promise<MarginCorrelation> {
    const session = await this.session('means');
    const n = this.neuronCount;
    const meanD = new Float64Array(n);
    const m2D = new Float64Array(n);
    const coMoment = new Float64Array(n);
    let meanMargin = 0;
    let m2Margin = 0;
    let seen = 0;
    const chosen = new Float64Array(n);
    const rejected = new Float64Array(n);
    let done = 0;
    for (const { indices, batch } of sortedBatches(pairs, this.batchSize, this.tokenizer)) {
      const out = await session.run(batchFeeds(batch, session.inputNames));
      const rewards = rewardsOf(out, session, batch.rows);
      for (let p = 0; p < batch.pairs; p++) {
        this.textMeans(out, p, chosen);
        this.textMeans(out, batch.pairs + p, rejected);
        seen++;
        const dy = rewards[p] - rewards[batch.pairs + p] - meanMargin;
        meanMargin += dy / seen;
        const dyAfter = rewards[p] - rewards[batch.pairs + p] - meanMargin;
        m2Margin += dy * dyAfter;
        for (let j = 0; j < n; j++) {
          const d = chosen[j] - rejected[j];
          const dx = d - meanD[j];
          meanD[j] += dx / seen;
          m2D[j] += dx * (d - meanD[j]);
          coMoment[j] += dx * dyAfter;
        }
      }
      options.onProgress?.((done += indices.length), pairs.length);
    }
    const r = new Float64Array(n);
    for (let j = 0; j < n; j++) r[j] = m2D[j] > 0 && m2Margin > 0 ? coMoment[j] / Math.sqrt(m2D[j] * m2Margin) : NaN;
    return { pairs: seen, r };
  }

  /**
   * Per neuron: the top-k texts by max and by mean activation over RESPONSE tokens, and a
   * histogram of per-text max activation on HISTOGRAM_BINS bins. Two streamed passes over the
   * pairs: the first keeps the top-k heaps and the range [lo, hi] of per-text maxima, the
   * second bins every text on that range, so the grid is a function of (model, pairs) alone
   * and a coarser grid merges whole bins. Memory is O(k · neurons + bins · neurons), never
   * texts × neurons. Progress counts pairs over both passes (total = 2 × pairs).
   */
  async neuronExamples(pairs: readonly PreferencePair[], options: NeuronExamplesOptions): Promise<NeuronExamples> {
    const { k } = options;
    const n = this.neuronCount;
    const byMax = new TopTextsBuilder(n, k);
    const byMean = new TopTextsBuilder(n, k);
    const lo = new Float64Array(n).fill(Infinity);
    const hi = new Float64Array(n).fill(-Infinity);
    const total = 2 * pairs.length;
    let done = 0;
    const progress = (pairsDone: number) => options.onProgress?.((done += pairsDone), total);
    await this.responsePass(pairs, progress, (neuron, text, max, mean) => {
      byMax.offer(neuron, max, text);
      byMean.offer(neuron, mean, text);
      if (max < lo[neuron]) lo[neuron] = max;
      if (max > hi[neuron]) hi[neuron] = max;
    });
    const counts = new Uint32Array(n * HISTOGRAM_BINS);
    await this.responsePass(pairs, progress, (neuron, _text, max) => {
      const width = hi[neuron] - lo[neuron];
      const bin = width > 0 ? Math.min(HISTOGRAM_BINS - 1, Math.max(0, Math.floor(((max - lo[neuron]) / width) * HISTOGRAM_BINS))) : 0;
      counts[neuron * HISTOGRAM_BINS + bin]++;
    });
    return { neuronCount: n, pairs: pairs.length, k, byMax: byMax.finish(), byMean: byMean.finish(), histogram: { lo, hi, counts } };
  }

  /** One streamed pass of the response-statistics variant: `visit` sees every (neuron, text) with its response max and mean. */
  private async responsePass(
    pairs: readonly PreferencePair[],
    progress: (pairsDone: number) => void,
    visit: (neuron: number, text: number, max: number, mean: number) => void,
  ): Promise<void> {
    const session = await this.session('response');
    for (const { indices, batch } of sortedBatches(pairs, this.batchSize, this.tokenizer)) {
      const out = await session.run(batchFeeds(batch, session.inputNames));
      const count = out[RESPONSE_COUNT_OUTPUT].data as Float32Array;
      for (const site of this.sites) {
        const w = site.width;
        const max = out[responseMaxOutput(site)].data as Float32Array;
        const sum = out[responseSumOutput(site)].data as Float32Array;
        for (let row = 0; row < batch.rows; row++) {
          // Rows: the batch's chosen texts, then their rejected texts (TextNumber = 2·pair + side).
          const side = row < batch.pairs ? 0 : 1;
          const text = 2 * indices[row - side * batch.pairs] + side;
          const divisor = site.tokenAxis ? count[row] : 1;
          for (let j = 0; j < w; j++) visit(site.offset + j, text, max[row * w + j], sum[row * w + j] / divisor);
        }
      }
      progress(indices.length);
    }
  }

  /**
   * Per-token activations of `neurons` (flat numbers) in each text, prompt and response
   * tokenized as pairs are: one forward of all texts together, fetching only the sites the
   * neurons live on. BadUserInputError for a neuron outside the model or on a site without a
   * token axis (it has one value per text, no tokens).
   */
  async tokenActivations(texts: readonly TextInput[], neurons: readonly number[]): Promise<TokenActivations[]> {
    const siteOf = neurons.map((j) => {
      const site = this.sites.find((s) => j >= s.offset && j < s.offset + s.width);
      if (!Number.isInteger(j) || !site) throw new BadUserInputError(`neuron ${j} is not in 0..${this.neuronCount - 1}`);
      if (!site.tokenAxis) throw new BadUserInputError(`neuron ${j} is on site '${site.name}', which has no token axis: it has no per-token activations`);
      return site;
    });
    if (texts.length === 0) return [];
    const encoded = texts.map((t) => encodeText(t.prompt, t.response, this.tokenizer));
    const batch = padRows(encoded);
    const session = await this.session('tokens');
    const fetches = [...new Set(siteOf.map((site) => tokensOutput(site)))];
    const out = await session.run(batchFeeds(batch, session.inputNames), fetches);
    return encoded.map((e, row) => ({
      tokens: Array.from(e.ids, (id, t) => ({ id, text: decodeToken(id), response: e.segments[t] === 1 })),
      activations: neurons.map((j, i) => {
        const site = siteOf[i];
        const data = out[tokensOutput(site)].data as Float32Array;
        const at = (t: number) => ((row * batch.seq + t) * site.width) + (j - site.offset);
        return Float64Array.from({ length: e.ids.length }, (_, t) => data[at(t)]);
      }),
    }));
  }

  /** Token-averaged activation of every neuron for one row of a stats run. */
  private textMeans(out: Record<string, Tensor>, row: number, target: Float64Array): void {
    const count = (out[COUNT_OUTPUT].data as Float32Array)[row];
    for (const site of this.sites) {
      const sum = out[sumOutput(site)].data as Float32Array;
      const divisor = site.tokenAxis ? count : 1;
      for (let j = 0; j < site.width; j++) target[site.offset + j] = sum[row * site.width + j] / divisor;
    }
  }

  /** Throws unless both models have the same site names and widths (neurons comparable by number). */
  private checkComparable(other: RewardModel, role: string): void {
    const describe = (m: RewardModel) => m.sites.map((s) => `${s.name}[${s.width}]`).join(', ');
    if (describe(other) !== describe(this)) {
      throw new BadUserInputError(`${role} model's neuron sites differ (${describe(other)} vs ${describe(this)}): neurons are not comparable`);
    }
  }

  private session(key: SessionKey): Promise<CheckedSession> {
    return this.cachedSession(key, () => this.variantBytes(key));
  }

  /** A session created once per key (a failed creation is retried on the next call). */
  private cachedSession(key: string, bytes: () => Uint8Array): Promise<CheckedSession> {
    let session = this.sessions.get(key);
    if (!session) {
      session = createSession(bytes(), this.sessionOptions);
      this.sessions.set(key, session);
      // A failed creation must not be cached: the next call retries.
      session.catch(() => this.sessions.delete(key));
    }
    return session;
  }

  private variantBytes(key: SessionKey): Uint8Array {
    if (key === 'plain') return this.bytes;
    if (key === 'prefix' || key === 'suffix') {
      if (!this.split) throw new Error('this model has no split');
      if (key === 'prefix') return encodeModel(this.split.prefix);
      return encodeModel(instrumentModel(this.split.suffix, this.sites, VARIANTS.ablate));
    }
    return encodeModel(instrumentModel(this.model, this.sites, VARIANTS[key]));
  }

  /** Releases every session of this model. */
  async close(): Promise<void> {
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    for (const pending of sessions) {
      // A session whose creation failed has nothing to release.
      const session = await pending.catch(() => null);
      await session?.close();
    }
  }
}

function emptyRewards(pairs: number): PairRewards {
  return { chosen: new Float64Array(pairs), rejected: new Float64Array(pairs) };
}

/** Output 0 as one reward per row ([rows] or [rows, 1]). */
function rewardsOf(out: Record<string, Tensor>, session: CheckedSession, rows: number): Float32Array {
  const tensor = out[session.outputNames[0]];
  if (tensor.size !== rows) throw new BadUserInputError(`reward output '${session.outputNames[0]}' has shape [${tensor.dims}], expected one value per example (${rows})`);
  return tensor.data as Float32Array;
}

/** Copies a batch's rewards (rows from `rowOffset`: chosen then rejected) to the pairs the batch holds. */
function storeRewards(result: PairRewards, indices: Int32Array, rewards: Float32Array, rowOffset: number): void {
  const n = indices.length;
  for (let p = 0; p < n; p++) {
    result.chosen[indices[p]] = rewards[rowOffset + p];
    result.rejected[indices[p]] = rewards[rowOffset + n + p];
  }
}

function parseTokenizer(raw: string | undefined): TokenizerSettings {
  if (raw === undefined) return DEFAULT_TOKENIZER;
  const parsed = JSON.parse(raw) as Partial<TokenizerSettings>;
  const positive = (v: unknown) => Number.isInteger(v) && (v as number) > 0;
  if (parsed.name !== 'gpt2' || !positive(parsed.maxPromptTokens) || !positive(parsed.maxResponseTokens)) {
    throw new BadUserInputError(`metadata rmlens.tokenizer is not a TokenizerSettings: ${raw}`);
  }
  return { name: 'gpt2', maxPromptTokens: parsed.maxPromptTokens!, maxResponseTokens: parsed.maxResponseTokens! };
}

function parseObjective(raw: string | undefined): Objective | null {
  if (raw === undefined) return null;
  if (!(OBJECTIVES as readonly string[]).includes(raw)) throw new BadUserInputError(`metadata rmlens.objective '${raw}' is not one of ${OBJECTIVES.join(', ')}`);
  return raw as Objective;
}
