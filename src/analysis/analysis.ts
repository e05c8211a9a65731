/**
 * The analysis facade: what the CLI, the tests and the GraphQL resolvers call. Each method
 * validates its request, resolves model ids and dataset references once into subjects, and
 * hands them to one experiment (experiments/*.ts), which reads its result from the store or
 * computes it once through the engine and stores it (rmlens.md §5):
 *   resolver / CLI → Analysis → experiment → CachedRuns → ResultCache (SQLite) | engine (ONNX).
 * Every result comes back as `{ value, cached }`; progress goes to the caller of each request.
 */
import type { Dataset } from '../data/types.ts';
import type { Cached, CacheCounts, ResultCache } from '../db/resultCache.ts';
import { BadUserInputError } from '../errors.ts';
import { assertValidAblation } from './ablationConditions.ts';
import { CachedRuns, type CallOptions } from './cachedRuns.ts';
import { assertControls } from './controls.ts';
import { ablation } from './experiments/ablation.ts';
import { benchmark } from './experiments/benchmark.ts';
import { correspondence } from './experiments/correspondence.ts';
import { evaluation, evaluations } from './experiments/evaluation.ts';
import { frontier, FRONTIER_ALPHAS, MAX_FRONTIER_ALPHAS } from './experiments/frontier.ts';
import { overlap, threeWayOverlap } from './experiments/overlap.ts';
import { setRegionShares } from './experiments/regions.ts';
import type { RegionShare } from './layerRegions.ts';
import { scores, topNeurons } from './experiments/scores.ts';
import { MAX_SWEEP_CONTROLS, pSweep } from './experiments/sweep.ts';
import { tensionReport } from './experiments/tension.ts';
import { transferability } from './experiments/transferability.ts';
import type { ModelEntry, ModelRegistry } from './modelRegistry.ts';
import type { ProvenancedTensionReport } from './provenance.ts';
import type { ModelInfo } from './resultCodecs.ts';
import type {
  Ablation,
  BenchmarkEvaluation,
  Correspondence,
  Evaluation,
  FrontierPoint,
  NeuronScore,
  OverlapSet,
  SweepPoint,
  ThreeWayOverlap,
  Transferability,
} from './resultTypes.ts';
import { resolveSelection, resolveSet } from './setSpec.ts';
import { NeuronAnalysis } from './neuronAnalysis.ts';
import { Subjects, type DatasetResolver } from './subjects.ts';
import type { AblationRequest, DatasetSummary, NeuronScores, NeuronSelection, NeuronSetSpec } from './types.ts';
import type { ScoreMethod, TieRule } from '../vocabulary.ts';

/** What the facade is built from (createContext wires the production ones). */
export interface AnalysisDeps {
  cache: ResultCache;
  models: ModelRegistry;
  datasets: DatasetResolver;
  /** The dataset references `listDatasets` reports (those whose sources exist). */
  datasetRefs: () => readonly string[];
}

/** Every analysis result of rmlens.md §4. */
export class Analysis extends NeuronAnalysis {
  constructor(private readonly deps: AnalysisDeps) {
    super(new CachedRuns(deps.cache, deps.models), new Subjects(deps.models, deps.datasets));
  }

  /** Results computed and read from the store since the facade was built. */
  counts(): CacheCounts {
    return this.deps.cache.counts();
  }

  /** Every model the context knows, in registration order. */
  listModels(): ModelEntry[] {
    return this.deps.models.list();
  }

  /** Every dataset the context knows, with its part sizes. */
  listDatasets(): Promise<DatasetSummary[]> {
    return Promise.all(this.deps.datasetRefs().map((ref) => this.describeDataset(ref)));
  }

  /** The facts of one dataset (NotFoundError for an unknown reference). */
  async describeDataset(ref: string): Promise<DatasetSummary> {
    const d = await this.subjects.dataset(ref);
    return {
      id: ref,
      name: d.name,
      objective: d.objective,
      source: d.source,
      trainPairs: d.train.length,
      heldOutPairs: d.heldOut.length,
      droppedPairs: d.dropped,
      evaluationOnly: d.evaluationOnly,
      contentHash: d.contentHash,
    };
  }

  /** The registry entry of a model (NotFoundError naming the known ids). */
  model(id: string): ModelEntry {
    return this.deps.models.get(id);
  }

  /** sha256 of a model's file (from the store's file table while the file is unchanged). */
  async modelSha256(id: string): Promise<string> {
    return (await this.subjects.model(id)).sha256;
  }

  /** A model's sites and metadata (the model is loaded only the first time its content is seen). */
  async modelInfo(id: string): Promise<ModelInfo> {
    return this.runs.modelInfo(await this.subjects.model(id));
  }

  /** A dataset by reference. */
  dataset(ref: string): Promise<Dataset> {
    return this.subjects.dataset(ref);
  }

  /** Accuracy (a tie counts half, or nothing under STRICT), mean margin, 95% bootstrap CI and pair count on the evaluation part. */
  async evaluation(model: string, dataset: string, call: CallOptions = {}, ties: TieRule = 'HALF'): Promise<Cached<Evaluation>> {
    const [m, part] = await Promise.all([this.subjects.model(model), this.subjects.evaluationPart(dataset)]);
    return evaluation(this.runs, m, part, ties, call);
  }

  /**
   * Accuracy per subset, per section and overall of a model on a reward-benchmark dataset (one
   * objective's rows of a RewardBench, RM-Bench or RewardBench 2 file), from the cached rewards.
   */
  async benchmark(model: string, dataset: string, call: CallOptions = {}, ties: TieRule = 'HALF'): Promise<Cached<BenchmarkEvaluation>> {
    const [m, part] = await Promise.all([this.subjects.model(model), this.subjects.evaluationPart(dataset)]);
    const layout = part.dataset.benchmark;
    if (!layout) throw new BadUserInputError(`dataset '${dataset}' is not a reward benchmark (a file read as rewardbench, rmbench or rewardbench2), so it has no subsets`);
    return benchmark(this.runs, m, part, layout, ties, call);
  }

  /**
   * Many (model, dataset) evaluations, in order: the stored ones in one store read, the misses
   * computed as `evaluation` computes them. Each failure (an unknown id, a failed computation)
   * is that request's Error, so a per-request DataLoader can hand each caller its own outcome.
   */
  async evaluations(requests: readonly { model: string; dataset: string; ties?: TieRule }[], call: CallOptions = {}): Promise<(Cached<Evaluation> | Error)[]> {
    const resolved = await Promise.all(
      requests.map(({ model, dataset, ties = 'HALF' }) =>
        Promise.all([this.subjects.model(model), this.subjects.evaluationPart(dataset)]).then(
          ([m, part]) => ({ model: m, part, ties }),
          (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
        )),
    );
    const ok = resolved.filter((r): r is Exclude<typeof r, Error> => !(r instanceof Error));
    const results = await evaluations(this.runs, ok, call);
    let next = 0;
    return resolved.map((r) => (r instanceof Error ? r : results[next++]));
  }

  /** Every model on every dataset (overall and by length), plus interference per objective, the length rule and transferability (rmlens.md §1, finding 1). */
  async tension(models: readonly string[], datasets: readonly string[], call: CallOptions = {}, ties: TieRule = 'HALF'): Promise<ProvenancedTensionReport> {
    const [ms, parts] = await Promise.all([
      Promise.all(models.map((id) => this.subjects.model(id))),
      Promise.all(datasets.map((ref) => this.subjects.evaluationPart(ref))),
    ]);
    return tensionReport(this.runs, ms, parts, ties, call);
  }

  /**
   * Of the pairs of `dataset`'s evaluation part that model `from` gets right, the share model
   * `to` also gets right (a tie counts half, or nothing under STRICT), with a bootstrap CI over
   * pairs; from both models' rewards.
   */
  async transferability(from: string, to: string, dataset: string, call: CallOptions = {}, ties: TieRule = 'HALF'): Promise<Cached<Transferability>> {
    const [a, b, part] = await Promise.all([this.subjects.model(from), this.subjects.model(to), this.subjects.evaluationPart(dataset)]);
    return transferability(this.runs, a, b, part, ties, call);
  }

  /** Per-neuron scores of a selection's model on the train part of its dataset. */
  async scores(selection: Omit<NeuronSelection, 'topPercent'> & { topPercent?: number }, call: CallOptions = {}): Promise<Cached<NeuronScores>> {
    return scores(this.runs, await resolveSelection({ topPercent: 100, ...selection }, this.subjects), call);
  }

  /**
   * `RewardModel.neurons`: the top-p% neurons by score on the train part (pooled with those of
   * `pooledWith`), in rank order (or listed in `sortBy`'s order).
   */
  async neurons(model: string, dataset: string, method: ScoreMethod, topPercent: number, call: CallOptions = {}, sortBy: ScoreMethod = method, pooledWith: readonly string[] = []): Promise<Cached<NeuronScore[]>> {
    const pool = pooledWith.length > 0 ? { pooledWith } : {};
    const selection = await resolveSelection({ model, dataset, method, topPercent, ...pool }, this.subjects);
    const order = sortBy === method ? undefined : await resolveSelection({ model, dataset, method: sortBy, topPercent, ...pool }, this.subjects);
    return topNeurons(this.runs, selection, call, order);
  }

  /** `Query.overlap`: overlap of two selections over the same sites, hypergeometric expectation and p-value. */
  async overlap(helpful: NeuronSelection, harmless: NeuronSelection, call: CallOptions = {}): Promise<Cached<OverlapSet>> {
    const [h, x] = await Promise.all([resolveSelection(helpful, this.subjects), resolveSelection(harmless, this.subjects)]);
    return overlap(this.runs, h, x, call);
  }

  /**
   * `Query.threeWayOverlap`: the helpful, harmless and mixed selections' top sets (the mixed RM's
   * usually pooling both objectives' train parts), pair by pair and all three together.
   */
  async threeWayOverlap(helpful: NeuronSelection, harmless: NeuronSelection, mixed: NeuronSelection, call: CallOptions = {}): Promise<Cached<ThreeWayOverlap>> {
    const [h, x, m] = await Promise.all([helpful, harmless, mixed].map((s) => resolveSelection(s, this.subjects)));
    return threeWayOverlap(this.runs, h, x, m, call);
  }

  /** `Query.layerRegions`: each layer region's share of a set resolved over `model`'s sites. */
  async regionShares(model: string, set: NeuronSetSpec, call: CallOptions = {}): Promise<RegionShare[]> {
    const [m, resolved] = await Promise.all([this.subjects.model(model), resolveSet(set, this.subjects)]);
    return setRegionShares(this.runs, m, resolved, call);
  }

  /** `Query.ablation`: a set ablated on the evaluation part of `dataset`, with size-matched random controls. */
  async ablation(request: AblationRequest, call: CallOptions = {}): Promise<Cached<Ablation>> {
    const { mode, controls, ties = 'HALF' } = request;
    const alpha = request.alpha ?? null;
    assertValidAblation(mode, alpha);
    assertControls(controls);
    const [model, part, set, meansPart] = await Promise.all([
      this.subjects.model(request.model),
      this.subjects.evaluationPart(request.dataset),
      resolveSet(request.set, this.subjects),
      mode === 'MEAN' ? this.subjects.trainPart(request.dataset) : null,
    ]);
    return ablation(this.runs, { model, part, set, mode, alpha, controls, meansPart, ties }, call);
  }

  /** `Query.pSweep`: TOP, ONLY and SHARED zero-ablated at p = 2, 4, …, 30, and ALL, each against `controls` size-matched random sets. */
  async pSweep(
    model: string,
    helpful: NeuronSelection,
    harmless: NeuronSelection,
    dataset: string,
    controls = 0,
    call: CallOptions = {},
    ties: TieRule = 'HALF',
  ): Promise<Cached<SweepPoint[]>> {
    assertControls(controls, MAX_SWEEP_CONTROLS);
    const [m, part, h, x] = await Promise.all([
      this.subjects.model(model),
      this.subjects.evaluationPart(dataset),
      resolveSelection(helpful, this.subjects),
      resolveSelection(harmless, this.subjects),
    ]);
    return pSweep(this.runs, m, part, h, x, controls, ties, call);
  }

  /** The helpful-vs-harmless frontier: `set` scaled by each α in `model`, accuracy on both objectives. */
  async frontier(
    model: string,
    set: NeuronSetSpec,
    helpful: string,
    harmless: string,
    alphas: readonly number[] = FRONTIER_ALPHAS,
    call: CallOptions = {},
    ties: TieRule = 'HALF',
  ): Promise<Cached<FrontierPoint[]>> {
    if (alphas.length > MAX_FRONTIER_ALPHAS) throw new BadUserInputError(`alphas: at most ${MAX_FRONTIER_ALPHAS} values, got ${alphas.length}`);
    const bad = alphas.filter((a) => !Number.isFinite(a));
    if (alphas.length === 0 || bad.length > 0) throw new BadUserInputError(`alphas must be a non-empty list of finite numbers, got [${alphas.join(', ')}]`);
    const [m, resolved, help, harm] = await Promise.all([
      this.subjects.model(model),
      resolveSet(set, this.subjects),
      this.subjects.evaluationPart(helpful),
      this.subjects.evaluationPart(harmless),
    ]);
    return frontier(this.runs, m, resolved, help, harm, alphas, ties, call);
  }

  /** `Query.correspondence`: per-neuron Pearson r of models `a` and `b` on the evaluation texts of `dataset`. */
  async correspondence(a: string, b: string, dataset: string, call: CallOptions = {}): Promise<Cached<Correspondence>> {
    const [ma, mb, part] = await Promise.all([this.subjects.model(a), this.subjects.model(b), this.subjects.evaluationPart(dataset)]);
    return correspondence(this.runs, ma, mb, part, call);
  }

  /** Closes the engine models opened so far. */
  close(): Promise<void> {
    return this.deps.models.closeAll();
  }
}
