/**
 * The cached engine runs every experiment builds on: a model's sites, its rewards on a part,
 * rewards under ablation conditions, neuron statistics and correlations. Each reads the store
 * first and opens the model only on a miss, so a warm request never loads onnxruntime.
 */
import type { Cached, ResultCache } from '../db/resultCache.ts';
import type { AblationCondition, CorrelationStats, NeuronStats, PairRewards } from '../engine/types.ts';
import { BadUserInputError } from '../errors.ts';
import { ablatedRewardsKey, correlationKey, modelInfoKey, neuronStatsKey, rewardsKey } from './cacheKeys.ts';
import type { EngineModel, ModelRegistry } from './modelRegistry.ts';
import { correlationCodec, modelInfoCodec, neuronStatsCodec, pairRewardsCodec, type ModelInfo } from './resultCodecs.ts';
import type { ModelSubject, PartSubject } from './subjects.ts';

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

/** The store and the models every experiment reads; experiments add their own result kinds on top. */
export class CachedRuns {
  // Sites depend on a model's bytes only: remembered per sha256 for the process, so one request
  // asking for them several times reads the store once.
  private readonly infos = new Map<string, Promise<ModelInfo>>();

  constructor(
    readonly cache: ResultCache,
    private readonly models: ModelRegistry,
  ) {}

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
    return this.cache.get(rewardsKey(model, part), pairRewardsCodec, async () => {
      const m = await this.open(model);
      return m.rewards(part.pairs, { onProgress: progress(call, `rewards ${model.id} on ${part.ref}`) });
    }, { beforeCompute: call.beforeEngine });
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
      return m.ablatedRewards(part.pairs, missing.map((i) => conditions[i]), { onProgress: progress(call, task) });
    }, { beforeCompute: call.beforeEngine });
  }

  /** Neuron statistics of `model` on a (train) part; `base` adds Σ(a − b)² against it (CHANGE). */
  async neuronStats(model: ModelSubject, base: ModelSubject | null, part: PartSubject, call: CallOptions): Promise<NeuronStats> {
    const { value } = await this.cache.get(neuronStatsKey(model, base, part), neuronStatsCodec, async () => {
      const m = await this.open(model);
      const b = base ? await this.openBase(m, base) : undefined;
      return m.neuronStats(part.pairs, { base: b, onProgress: progress(call, `neuron stats ${model.id} on ${part.ref}${b ? ' (vs base)' : ''}`) });
    }, { beforeCompute: call.beforeEngine });
    return value;
  }

  /** Per-neuron Pearson r of two models' token-averaged activations on the texts of a part. */
  correlation(a: ModelSubject, b: ModelSubject, part: PartSubject, call: CallOptions): Promise<Cached<CorrelationStats>> {
    return this.cache.get(correlationKey(a, b, part), correlationCodec, async () => {
      const [ma, mb] = await Promise.all([this.open(a), this.open(b)]);
      return ma.correlation(mb, part.pairs, { onProgress: progress(call, `correlation ${a.id} vs ${b.id} on ${part.ref}`) });
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

function progress(call: CallOptions, task: string) {
  const report = call.onProgress;
  return report && ((done: number, total: number) => report(task, done, total));
}
