/**
 * The analysis facade: what the CLI, the tests and the GraphQL resolvers call. Each method
 * validates its request, resolves model ids and dataset references once into subjects, and
 * hands them to one experiment (experiments/*.ts), which reads its result from the store or
 * computes it once through the engine and stores it (rmlens.md §5):
 *   resolver / CLI → Analysis → experiment → CachedRuns → ResultCache (SQLite) | engine (ONNX).
 * Every result comes back as `{ value, cached }`; progress goes to the caller of each request.
 */
import type { Dataset, Part } from '../data/types.ts';
import type { Cached, CacheCounts, ResultCache } from '../db/resultCache.ts';
import { BadUserInputError } from '../errors.ts';
import { assertValidAblation } from './ablationConditions.ts';
import { CachedRuns, type CallOptions } from './cachedRuns.ts';
import { MAX_CONTROLS } from './controls.ts';
import { ablation } from './experiments/ablation.ts';
import { correspondence } from './experiments/correspondence.ts';
import { evaluation, evaluations } from './experiments/evaluation.ts';
import { frontier, FRONTIER_ALPHAS } from './experiments/frontier.ts';
import { neuronAblation, neuronMarginCorrelation, neuronMembership, neuronScores, resolveNeuron, type NeuronRequest } from './experiments/neuronDetail.ts';
import { neuronExamplesPage, neuronHistogram } from './experiments/neuronExamples.ts';
import { overlap } from './experiments/overlap.ts';
import { scores, topNeurons } from './experiments/scores.ts';
import { pSweep } from './experiments/sweep.ts';
import { tensionReport } from './experiments/tension.ts';
import type { ModelEntry, ModelRegistry } from './modelRegistry.ts';
import type { ProvenancedTensionReport } from './provenance.ts';
import type { ModelInfo } from './resultCodecs.ts';
import type {
  Ablation,
  Correspondence,
  Evaluation,
  FrontierPoint,
  NeuronAblationEffect,
  NeuronDetail,
  NeuronExamplesPage,
  NeuronHistogram,
  NeuronMarginCorrelation,
  NeuronMembership,
  NeuronMethodScore,
  NeuronScore,
  OverlapSet,
  SweepPoint,
} from './resultTypes.ts';
import { resolveSelection, resolveSet } from './setSpec.ts';
import { Subjects, type DatasetResolver } from './subjects.ts';
import type { NeuronScores, NeuronSelection, NeuronSetSpec } from './types.ts';
import { SCORE_METHODS, type AblationMode, type ExampleRanking, type ScoreMethod } from '../vocabulary.ts';

/** One ablation request (rmlens.md §4 `Query.ablation`). */
export interface AblationRequest {
  model: string;
  set: NeuronSetSpec;
  dataset: string;
  mode: AblationMode;
  alpha?: number | null;
  /** Size-matched random controls (RANDOM matched to the set, seeds from their own stream). */
  controls: number;
}

/** A neuron of a model by (layer, index): `Query.neuron(model, layer, index)`. */
export interface NeuronId {
  model: string;
  layer: number;
  index: number;
}

/** A helpful and a harmless dataset, by reference. */
export interface ObjectiveDatasets {
  helpful: string;
  harmless: string;
}

/** Which part of which dataset a neuron's examples and histogram read (TRAIN by default in the API). */
export interface ExamplesSource {
  dataset: string;
  part: Part;
}

/**
 * Most alphas one frontier may ask for: each is one more model run over each of its two
 * evaluation parts, so 500 is the compute of MAX_CONTROLS controls. Without a cap, a 20 kB list
 * (well under the server's body limit) would hold the engine for thousands of runs.
 */
export const MAX_FRONTIER_ALPHAS = 500;

/** A dataset as `datasets` lists it: its facts, not its pairs. */
export interface DatasetSummary {
  /** The reference that names it. */
  id: string;
  name: string;
  objective: Dataset['objective'];
  source: string;
  trainPairs: number;
  heldOutPairs: number;
  droppedPairs: number;
  evaluationOnly: boolean;
  /** sha256 of the parsed pairs: part of every cache key that reads the dataset. */
  contentHash: string;
}

/** What the facade is built from (createContext wires the production ones). */
export interface AnalysisDeps {
  cache: ResultCache;
  models: ModelRegistry;
  datasets: DatasetResolver;
  /** The dataset references `listDatasets` reports (those whose sources exist). */
  datasetRefs: () => readonly string[];
}

/** Every analysis result of rmlens.md §4. */
export class Analysis {
  private readonly runs: CachedRuns;
  private readonly subjects: Subjects;

  constructor(private readonly deps: AnalysisDeps) {
    this.runs = new CachedRuns(deps.cache, deps.models);
    this.subjects = new Subjects(deps.models, deps.datasets);
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

  /** Accuracy (ties half), mean margin, 95% bootstrap CI and pair count on the evaluation part. */
  async evaluation(model: string, dataset: string, call: CallOptions = {}): Promise<Cached<Evaluation>> {
    const [m, part] = await Promise.all([this.subjects.model(model), this.subjects.evaluationPart(dataset)]);
    return evaluation(this.runs, m, part, call);
  }

  /**
   * Many (model, dataset) evaluations, in order: the stored ones in one store read, the misses
   * computed as `evaluation` computes them. Each failure (an unknown id, a failed computation)
   * is that request's Error, so a per-request DataLoader can hand each caller its own outcome.
   */
  async evaluations(requests: readonly { model: string; dataset: string }[], call: CallOptions = {}): Promise<(Cached<Evaluation> | Error)[]> {
    const resolved = await Promise.all(
      requests.map(({ model, dataset }) =>
        Promise.all([this.subjects.model(model), this.subjects.evaluationPart(dataset)]).then(
          ([m, part]) => ({ model: m, part }),
          (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
        )),
    );
    const ok = resolved.filter((r): r is Exclude<typeof r, Error> => !(r instanceof Error));
    const results = await evaluations(this.runs, ok, call);
    let next = 0;
    return resolved.map((r) => (r instanceof Error ? r : results[next++]));
  }

  /** Every model on every dataset, plus interference per objective (rmlens.md §1, finding 1). */
  async tension(models: readonly string[], datasets: readonly string[], call: CallOptions = {}): Promise<ProvenancedTensionReport> {
    const [ms, parts] = await Promise.all([
      Promise.all(models.map((id) => this.subjects.model(id))),
      Promise.all(datasets.map((ref) => this.subjects.evaluationPart(ref))),
    ]);
    return tensionReport(this.runs, ms, parts, call);
  }

  /** Per-neuron scores of a selection's model on the train part of its dataset. */
  async scores(selection: Omit<NeuronSelection, 'topPercent'> & { topPercent?: number }, call: CallOptions = {}): Promise<Cached<NeuronScores>> {
    return scores(this.runs, await resolveSelection({ topPercent: 100, ...selection }, this.subjects), call);
  }

  /** `RewardModel.neurons`: the top-p% neurons by score on the train part, in rank order. */
  async neurons(model: string, dataset: string, method: ScoreMethod, topPercent: number, call: CallOptions = {}): Promise<Cached<NeuronScore[]>> {
    return topNeurons(this.runs, await resolveSelection({ model, dataset, method, topPercent }, this.subjects), call);
  }

  /** `Query.overlap`: overlap of two selections over the same sites, hypergeometric expectation and p-value. */
  async overlap(helpful: NeuronSelection, harmless: NeuronSelection, call: CallOptions = {}): Promise<Cached<OverlapSet>> {
    const [h, x] = await Promise.all([resolveSelection(helpful, this.subjects), resolveSelection(harmless, this.subjects)]);
    return overlap(this.runs, h, x, call);
  }

  /** `Query.ablation`: a set ablated on the evaluation part of `dataset`, with size-matched random controls. */
  async ablation(request: AblationRequest, call: CallOptions = {}): Promise<Cached<Ablation>> {
    const { mode, controls } = request;
    const alpha = request.alpha ?? null;
    assertValidAblation(mode, alpha);
    assertControls(controls);
    const [model, part, set, meansPart] = await Promise.all([
      this.subjects.model(request.model),
      this.subjects.evaluationPart(request.dataset),
      resolveSet(request.set, this.subjects),
      mode === 'MEAN' ? this.subjects.trainPart(request.dataset) : null,
    ]);
    return ablation(this.runs, { model, part, set, mode, alpha, controls, meansPart }, call);
  }

  /** `Query.pSweep`: TOP, ONLY and SHARED zero-ablated at p = 2, 4, …, 30, and ALL. */
  async pSweep(model: string, helpful: NeuronSelection, harmless: NeuronSelection, dataset: string, call: CallOptions = {}): Promise<Cached<SweepPoint[]>> {
    const [m, part, h, x] = await Promise.all([
      this.subjects.model(model),
      this.subjects.evaluationPart(dataset),
      resolveSelection(helpful, this.subjects),
      resolveSelection(harmless, this.subjects),
    ]);
    return pSweep(this.runs, m, part, h, x, call);
  }

  /** The helpful-vs-harmless frontier: `set` scaled by each α in `model`, accuracy on both objectives. */
  async frontier(model: string, set: NeuronSetSpec, helpful: string, harmless: string, alphas: readonly number[] = FRONTIER_ALPHAS, call: CallOptions = {}): Promise<Cached<FrontierPoint[]>> {
    if (alphas.length > MAX_FRONTIER_ALPHAS) throw new BadUserInputError(`alphas: at most ${MAX_FRONTIER_ALPHAS} values, got ${alphas.length}`);
    const bad = alphas.filter((a) => !Number.isFinite(a));
    if (alphas.length === 0 || bad.length > 0) throw new BadUserInputError(`alphas must be a non-empty list of finite numbers, got [${alphas.join(', ')}]`);
    const [m, resolved, help, harm] = await Promise.all([
      this.subjects.model(model),
      resolveSet(set, this.subjects),
      this.subjects.evaluationPart(helpful),
      this.subjects.evaluationPart(harmless),
    ]);
    return frontier(this.runs, m, resolved, help, harm, alphas, call);
  }

  /** `Query.correspondence`: per-neuron Pearson r of models `a` and `b` on the evaluation texts of `dataset`. */
  async correspondence(a: string, b: string, dataset: string, call: CallOptions = {}): Promise<Cached<Correspondence>> {
    const [ma, mb, part] = await Promise.all([this.subjects.model(a), this.subjects.model(b), this.subjects.evaluationPart(dataset)]);
    return correspondence(this.runs, ma, mb, part, call);
  }

  /** A neuron of a model with its site's name: BadUserInputError when the model has no such (layer, index), NotFoundError for an unknown model. */
  async neuron(neuron: NeuronId): Promise<NeuronDetail> {
    const { site } = await resolveNeuron(this.runs, await this.neuronRequest(neuron));
    return { model: neuron.model, layer: neuron.layer, index: neuron.index, site: site.name };
  }

  /**
   * A neuron's score, rank and percentile under every method on the train part of each
   * dataset (CHANGE only when the model has a base), from the cached scores.
   */
  async neuronScores(neuron: NeuronId, datasets: ObjectiveDatasets, call: CallOptions = {}): Promise<Cached<NeuronMethodScore[]>> {
    const request = await this.neuronRequest(neuron);
    const methods = SCORE_METHODS.filter((m) => m !== 'CHANGE' || request.model.entry.baseId !== null);
    const selections = await Promise.all(
      [datasets.helpful, datasets.harmless].flatMap((dataset) => methods.map((method) => resolveSelection({ model: neuron.model, dataset, method, topPercent: 100 }, this.subjects))),
    );
    return neuronScores(this.runs, request, selections, call);
  }

  /** Whether a neuron is in the helpful and the harmless selection's TOP set: HELPFUL_ONLY, HARMLESS_ONLY, SHARED or NEITHER. */
  async neuronMembership(neuron: NeuronId, helpful: NeuronSelection, harmless: NeuronSelection, call: CallOptions = {}): Promise<Cached<NeuronMembership>> {
    const [request, h, x] = await Promise.all([this.neuronRequest(neuron), resolveSelection(helpful, this.subjects), resolveSelection(harmless, this.subjects)]);
    return neuronMembership(this.runs, request, h, x, call);
  }

  /** Pearson r, over the evaluation pairs of `dataset`, of the neuron's chosen − rejected token-mean activation with the reward margin. */
  async neuronMarginCorrelation(neuron: NeuronId, dataset: string, call: CallOptions = {}): Promise<Cached<NeuronMarginCorrelation>> {
    const [request, part] = await Promise.all([this.neuronRequest(neuron), this.subjects.evaluationPart(dataset)]);
    return neuronMarginCorrelation(this.runs, request, part, call);
  }

  /** The neuron alone ablated (ZERO, and MEAN with train-part fills) on each dataset's evaluation part, with paired CIs and `controls` random single-neuron controls. */
  async neuronAblation(neuron: NeuronId, datasets: ObjectiveDatasets, controls = 0, call: CallOptions = {}): Promise<Cached<NeuronAblationEffect[]>> {
    assertControls(controls);
    const request = await this.neuronRequest(neuron);
    const targets = await Promise.all(
      [datasets.helpful, datasets.harmless].map(async (ref) => ({ part: await this.subjects.evaluationPart(ref), meansPart: await this.subjects.trainPart(ref) })),
    );
    return neuronAblation(this.runs, request, targets, controls, call);
  }

  /** A page of the neuron's top texts (by max or mean response activation) on a part, each with its per-token activations. */
  async neuronExamples(neuron: NeuronId, source: ExamplesSource, page: { by: ExampleRanking; first: number; offset: number }, call: CallOptions = {}): Promise<Cached<NeuronExamplesPage>> {
    const [request, part] = await Promise.all([this.neuronRequest(neuron), this.subjects.namedPart(source.dataset, source.part)]);
    return neuronExamplesPage(this.runs, request, part, source.part, page, call);
  }

  /** The neuron's histogram of per-text max response activation on a part, in `bins` bins (a divisor of 256). */
  async neuronHistogram(neuron: NeuronId, source: ExamplesSource, bins: number, call: CallOptions = {}): Promise<Cached<NeuronHistogram>> {
    const [request, part] = await Promise.all([this.neuronRequest(neuron), this.subjects.namedPart(source.dataset, source.part)]);
    return neuronHistogram(this.runs, request, part, source.part, bins, call);
  }

  private async neuronRequest({ model, layer, index }: NeuronId): Promise<NeuronRequest> {
    return { model: await this.subjects.model(model), layer, index };
  }

  /** Closes the engine models opened so far. */
  close(): Promise<void> {
    return this.deps.models.closeAll();
  }
}

function assertControls(controls: number): void {
  if (!Number.isInteger(controls) || controls < 0 || controls > MAX_CONTROLS) {
    throw new BadUserInputError(`controls must be an integer in [0, ${MAX_CONTROLS}], got ${controls}`);
  }
}
