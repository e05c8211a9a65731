/**
 * The cached engine runs every experiment builds on: a model's sites, its rewards on a part,
 * rewards under ablation conditions, neuron statistics and correlations. Each reads the store
 * first and opens the model only on a miss, so a warm request never loads onnxruntime.
 */
import type { CacheKey, Cached, Codec, ResultCache } from '../db/resultCache.ts';
import {
  HISTOGRAM_BINS,
  type AblationCondition,
  type CorrelationStats,
  type MarginCorrelation,
  type NeuronExamples,
  type NeuronSite,
  type NeuronStats,
  type PairRewards,
  type TextInput,
  type TokenActivations,
  type TopTexts,
} from '../engine/types.ts';
import { responseTokenCount, type TokenizerSettings } from '../data/tokenizer.ts';
import { BadUserInputError } from '../errors.ts';
import {
  ablatedRewardsKey,
  correlationKey,
  marginCorrelationKey,
  modelInfoKey,
  neuronExamplesKey,
  neuronStatsKey,
  responseLengthsKey,
  rewardsKey,
  tokenActivationsKey,
} from './cacheKeys.ts';
import type { EngineModel, ModelRegistry } from './modelRegistry.ts';
import {
  correlationCodec,
  marginCorrelationCodec,
  modelInfoCodec,
  neuronExamplesCodec,
  neuronStatsCodec,
  pairRewardsCodec,
  tokenActivationsCodec,
  type ModelInfo,
} from './resultCodecs.ts';
import type { ModelSubject, PartSubject } from './subjects.ts';
import { profiledAsync } from '../util/profile.ts';

/** Texts kept per neuron by the examples pass (per ranking): the most a page of examples can reach. */
export const EXAMPLES_K = 20;

/** Progress of one engine computation: `task` names it, done/total count pairs. */
export type AnalysisProgress = (task: string, done: number, total: number) => void;

/** Per-call options of every analysis request: progress goes to the caller that asked. */
export interface CallOptions {
  onProgress?: AnalysisProgress;
  /**
   * Awaited before each engine computation, never before a store read (ResultCache's
   * `beforeCompute`): the request budget waits for a job slot here, so answers already in the
   * store never queue behind running jobs.
   */
  beforeEngine?: () => Promise<void>;
}

/** One stored result as a request: its key, and how to compute it on a miss. */
export interface StoredRequest<T> {
  key: CacheKey;
  compute: () => Promise<T>;
}

/** The store and the models every experiment reads; experiments add their own result kinds on top. */
export class CachedRuns {
  // Sites depend on a model's bytes only: remembered per sha256 for the process, so one request
  // asking for them several times reads the store once.
  private readonly infos = new Map<string, Promise<ModelInfo>>();

  constructor(
    readonly cache: ResultCache,
    private readonly models: ModelRegistry,
  ) {}

  /**
   * A result read from the store, or computed once and stored. The computation waits at the
   * call's gate first (on the server: a job slot), and only then is its key registered as in
   * flight. Every computing lookup goes through here, none around it: if a request could
   * register a key and then wait for a slot, the request holding the slot might join that key
   * and wait on it forever (one GraphQL request asking for an ablation and an overlap of the
   * same selections did exactly that).
   */
  stored<T>(key: CacheKey, codec: Codec<T>, call: CallOptions, compute: () => Promise<T>): Promise<Cached<T>> {
    return this.cache.get(key, codec, compute, { beforeCompute: call.beforeEngine });
  }

  /**
   * Results of one kind at once: every stored one in ONE read of the store, and each miss in
   * turn through `stored` (computed, or joined while in flight). A report of many cells (the
   * tension table) is then a handful of reads when warm, not one per cell.
   */
  async storedAll<T>(codec: Codec<T>, requests: readonly StoredRequest<T>[], call: CallOptions): Promise<Cached<T>[]> {
    if (requests.length === 0) return [];
    const found = await this.cache.readMany(requests.map((r) => r.key), codec);
    const results: Cached<T>[] = [];
    for (const { key, compute } of requests) results.push(found.get(key.key) ?? (await this.stored(key, codec, call, compute)));
    return results;
  }

  /** A model's sites and metadata (the model is loaded only the first time its content is seen). */
  modelInfo(model: ModelSubject): Promise<ModelInfo> {
    let info = this.infos.get(model.sha256);
    if (!info) {
      info = this.cache.get(modelInfoKey(model), modelInfoCodec, async () => {
        const m = await this.open(model);
        return { sites: m.sites, neuronCount: m.neuronCount, metadata: m.metadata };
      }).then((r) => r.value);
      info.catch(() => this.infos.delete(model.sha256));
      this.infos.set(model.sha256, info);
    }
    return info;
  }

  /** Rewards of every pair of a part. */
  rewards(model: ModelSubject, part: PartSubject, call: CallOptions): Promise<Cached<PairRewards>> {
    return this.stored(rewardsKey(model, part), pairRewardsCodec, call, async () => {
      const m = await this.open(model);
      return engineJs(() => m.rewards(part.pairs, { onProgress: progress(call, `rewards ${model.id} on ${part.ref}`) }));
    });
  }

  /**
   * Response token counts of every pair of a part, as a model with `tokenizer` reads them (after
   * truncation). Kept in the rewards' shape (chosen, rejected per pair): the longer-wins rule is
   * then scored by the very code that scores rewards, ties included.
   */
  responseLengths(part: PartSubject, tokenizer: TokenizerSettings, call: CallOptions): Promise<Cached<PairRewards>> {
    return this.stored(responseLengthsKey(part, tokenizer), pairRewardsCodec, call, async () => ({
      chosen: Float64Array.from(part.pairs, (p) => responseTokenCount(p.chosen, tokenizer)),
      rejected: Float64Array.from(part.pairs, (p) => responseTokenCount(p.rejected, tokenizer)),
    }));
  }

  /**
   * Rewards under each condition: stored ones are read, the rest run as ONE engine call (the
   * engine batches and splits the graph), each keyed by the condition's bytes.
   */
  ablatedRewards(model: ModelSubject, part: PartSubject, conditions: readonly AblationCondition[], call: CallOptions): Promise<PairRewards[]> {
    const keys = conditions.map((c) => ablatedRewardsKey(model, part, c));
    return this.cache.getMany(keys, pairRewardsCodec, async (missing) => {
      const m = await this.open(model);
      const task = `ablations ${model.id} on ${part.ref} (${missing.length} conditions)`;
      return engineJs(() => m.ablatedRewards(part.pairs, missing.map((i) => conditions[i]), { onProgress: progress(call, task) }));
    }, { beforeCompute: call.beforeEngine });
  }

  /** Neuron statistics of `model` on a (train) part; `base` adds Σ(a − b)² against it (CHANGE). */
  async neuronStats(model: ModelSubject, base: ModelSubject | null, part: PartSubject, call: CallOptions): Promise<NeuronStats> {
    const { value } = await this.stored(neuronStatsKey(model, base, part), neuronStatsCodec, call, async () => {
      const m = await this.open(model);
      const b = base ? await this.openBase(m, base) : undefined;
      return engineJs(() => m.neuronStats(part.pairs, { base: b, onProgress: progress(call, `neuron stats ${model.id} on ${part.ref}${b ? ' (vs base)' : ''}`) }));
    });
    return value;
  }

  /** Per-neuron Pearson r of two models' token-averaged activations on the texts of a part. */
  correlation(a: ModelSubject, b: ModelSubject, part: PartSubject, call: CallOptions): Promise<Cached<CorrelationStats>> {
    return this.stored(correlationKey(a, b, part), correlationCodec, call, async () => {
      const [ma, mb] = await Promise.all([this.open(a), this.open(b)]);
      return engineJs(() => ma.correlation(mb, part.pairs, { onProgress: progress(call, `correlation ${a.id} vs ${b.id} on ${part.ref}`) }));
    });
  }

  /** Per-neuron r of the CONTRAST difference with the reward margin, on the pairs of a part. */
  marginCorrelation(model: ModelSubject, part: PartSubject, call: CallOptions): Promise<Cached<MarginCorrelation>> {
    return this.stored(marginCorrelationKey(model, part), marginCorrelationCodec, call, async () => {
      const m = await this.open(model);
      return engineJs(() => m.marginCorrelation(part.pairs, { onProgress: progress(call, `margin correlation ${model.id} on ${part.ref}`) }));
    });
  }

  /**
   * The examples pass of `model` on a part, for the neurons of one site. Stored one row per
   * layer, so a warm request decodes one layer's k texts and histograms, not the whole model's;
   * a miss runs the pass once for every layer and stores every layer's row.
   */
  neuronExamples(model: ModelSubject, part: PartSubject, site: NeuronSite, sites: readonly NeuronSite[], call: CallOptions): Promise<Cached<NeuronExamples>> {
    const keyOf = (s: NeuronSite) => neuronExamplesKey(model, part, s.layer, EXAMPLES_K, HISTOGRAM_BINS);
    return this.stored(keyOf(site), neuronExamplesCodec, call, async () => {
      const m = await this.open(model);
      const all = await engineJs(() => m.neuronExamples(part.pairs, { k: EXAMPLES_K, onProgress: progress(call, `neuron examples ${model.id} on ${part.ref}`) }));
      // The other layers' rows come from the same pass: store them now (getMany skips rows already there).
      const others = sites.filter((s) => s.layer !== site.layer);
      await this.cache.getMany(others.map(keyOf), neuronExamplesCodec, async (missing) => missing.map((i) => siteExamples(all, others[i])));
      return siteExamples(all, site);
    });
  }

  /**
   * Per-token activations of one neuron (flat number) in each text, one stored row per (text,
   * neuron); the texts not stored yet run as one engine forward.
   */
  tokenActivations(model: ModelSubject, texts: readonly TextInput[], neuron: number, call: CallOptions): Promise<TokenActivations[]> {
    const keys = texts.map((t) => tokenActivationsKey(model, t, neuron));
    if (keys.length === 0) return Promise.resolve([]);
    return this.cache.getMany(keys, tokenActivationsCodec, async (missing) => {
      const m = await this.open(model);
      return engineJs(() => m.tokenActivations(missing.map((i) => texts[i]), [neuron]));
    }, { beforeCompute: call.beforeEngine });
  }

  /** The engine model with the content the subject was keyed by (ModelChangedError otherwise). */
  private open(model: ModelSubject): Promise<EngineModel> {
    return this.models.open(model.id, model.sha256);
  }

  /** Opens the base and checks it is the one the model's metadata names, when it names one. */
  private async openBase(model: EngineModel, base: ModelSubject): Promise<EngineModel> {
    const opened = await this.open(base);
    const declared = model.metadata['rmlens.base_sha256'];
    if (declared !== undefined && declared !== opened.sha256) {
      throw new BadUserInputError(`base '${base.id}' has sha256 ${opened.sha256}, but the model's metadata names ${declared}`);
    }
    return opened;
  }
}

/** The examples of one site's neurons, renumbered from 0 (neuron `site.offset + i` becomes i). */
function siteExamples(all: NeuronExamples, site: NeuronSite): NeuronExamples {
  const { k } = all;
  const from = site.offset;
  const to = site.offset + site.width;
  const top = (t: TopTexts): TopTexts => ({ texts: t.texts.slice(from * k, to * k), values: t.values.slice(from * k, to * k), filled: t.filled.slice(from, to) });
  return {
    neuronCount: site.width,
    pairs: all.pairs,
    k,
    byMax: top(all.byMax),
    byMean: top(all.byMean),
    histogram: {
      lo: all.histogram.lo.slice(from, to),
      hi: all.histogram.hi.slice(from, to),
      counts: all.histogram.counts.slice(from * HISTOGRAM_BINS, to * HISTOGRAM_BINS),
    },
  };
}

/** An engine computation: its time outside ORT runs, tokenising and batching is the engine's own JS (profile phase). */
function engineJs<T>(compute: () => Promise<T>): Promise<T> {
  return profiledAsync('engine JS (accumulation)', compute);
}

function progress(call: CallOptions, task: string) {
  const report = call.onProgress;
  return report && ((done: number, total: number) => report(task, done, total));
}
