/**
 * An in-process engine model whose ablation calls spread their conditions over an engine
 * worker pool: what `rmlens study` computes with. The study is one request after another, so
 * one call at a time: an ablation call with many conditions runs them on every worker at once
 * (one single-threaded session each), every other call runs in-process as before (2 intra-op
 * threads). Measured on the 2-core hosts, two single-threaded sessions finish the same
 * conditions faster and with far less CPU than one session with two intra-op threads, whose
 * threads spin waiting for each other between the small ops of these models (README, "Engine
 * benchmark").
 *
 * Exact: the batches are tokenized and length-sorted once here and sent to the workers as
 * they are, so every condition runs on exactly the batches it would in-process; the number of
 * intra-op threads does not change onnxruntime's results (checked by test/engine-workers.test.ts).
 */
import { resolve } from 'node:path';
import type { PreferencePair } from '../data/types.ts';
import { profiledAsync } from '../util/profile.ts';
import { sortedBatches } from './batches.ts';
import { RewardModel, type NeuronExamplesOptions, type ProgressOptions } from './rewardModel.ts';
import type {
  AblationCondition,
  CorrelationStats,
  Device,
  MarginCorrelation,
  NeuronExamples,
  NeuronSite,
  NeuronStats,
  OnProgress,
  PairRewards,
  TextInput,
  TokenActivations,
} from './types.ts';
import type { EngineWorkerPool } from './workerPool.ts';

/** Fewer conditions than this run in-process: splitting them would not pay for the second prefix run and the copies. */
const MIN_PARALLEL_CONDITIONS = 4;

export class ParallelAblationModel {
  constructor(
    /** The model in this thread (every call but large ablations). */
    readonly local: RewardModel,
    private readonly pool: EngineWorkerPool,
    /** Absolute path of the model file, for the workers to open. */
    private readonly path: string,
  ) {}

  get sha256(): string {
    return this.local.sha256;
  }
  get sites(): NeuronSite[] {
    return this.local.sites;
  }
  get neuronCount(): number {
    return this.local.neuronCount;
  }
  get metadata(): Record<string, string> {
    return this.local.metadata;
  }

  rewards(pairs: readonly PreferencePair[], options?: ProgressOptions): Promise<PairRewards> {
    return this.local.rewards(pairs, options);
  }

  neuronStats(pairs: readonly PreferencePair[], options: { base?: ParallelAblationModel | RewardModel; onProgress?: OnProgress } = {}): Promise<NeuronStats> {
    return this.local.neuronStats(pairs, { onProgress: options.onProgress, base: options.base && localOf(options.base) });
  }

  /** Rewards under each condition: with several conditions and workers, the conditions are dealt round-robin to every worker. */
  async ablatedRewards(pairs: readonly PreferencePair[], conditions: readonly AblationCondition[], options: ProgressOptions = {}): Promise<PairRewards[]> {
    const workers = this.pool.size;
    if (workers < 2 || conditions.length < MIN_PARALLEL_CONDITIONS) return this.local.ablatedRewards(pairs, conditions, options);
    const batches = sortedBatches(pairs, this.local.batchSize, this.local.tokenizer);
    const shares = Array.from({ length: workers }, (_, w) => conditions.flatMap((c, k) => (k % workers === w ? [c] : [])));
    const done = shares.map(() => 0);
    const report = options.onProgress;
    // Charged as one phase: the workers' ORT runs and JS are theirs, this thread only waits.
    const results = await profiledAsync('ablations in workers', () => Promise.all(
      shares.map((share, w) =>
        this.pool.run(
          { kind: 'ablatedBatches', model: { path: this.path, sha256: this.sha256 }, pairCount: pairs.length, batches, conditions: share },
          report &&
            ((d: number, total: number) => {
              done[w] = d;
              report(Math.floor(done.reduce((a, b) => a + b, 0) / workers), total);
            }),
        ),
      ),
    ));
    return conditions.map((_, k) => results[k % workers][Math.floor(k / workers)]);
  }

  correlation(other: ParallelAblationModel | RewardModel, pairs: readonly PreferencePair[], options?: ProgressOptions): Promise<CorrelationStats> {
    return this.local.correlation(localOf(other), pairs, options);
  }

  marginCorrelation(pairs: readonly PreferencePair[], options?: ProgressOptions): Promise<MarginCorrelation> {
    return this.local.marginCorrelation(pairs, options);
  }

  neuronExamples(pairs: readonly PreferencePair[], options: NeuronExamplesOptions): Promise<NeuronExamples> {
    return this.local.neuronExamples(pairs, options);
  }

  tokenActivations(texts: readonly TextInput[], neurons: readonly number[]): Promise<TokenActivations[]> {
    return this.local.tokenActivations(texts, neurons);
  }

  /** Releases this thread's sessions; the workers' sessions are freed when the pool closes. */
  close(): Promise<void> {
    return this.local.close();
  }
}

function localOf(model: ParallelAblationModel | RewardModel): RewardModel {
  return model instanceof ParallelAblationModel ? model.local : model;
}

/** A model loader (`createContext({ loadModel })`) whose models spread large ablation calls over `pool`. */
export function parallelModelLoader(pool: EngineWorkerPool, options: { device?: Device } = {}): (path: string) => Promise<ParallelAblationModel> {
  return async (path) => {
    const absolute = resolve(path);
    return new ParallelAblationModel(await RewardModel.load(absolute, { device: options.device }), pool, absolute);
  };
}
