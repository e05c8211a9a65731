/**
 * The neuron-detail half of the analysis facade (`Query.neuron`): one neuron's scores,
 * membership, margin correlation, single-neuron ablations, top examples and histogram. `Analysis`
 * extends it, so callers see one facade; it lives apart only to keep each file readable.
 */
import type { Cached } from '../db/resultCache.ts';
import type { CachedRuns, CallOptions } from './cachedRuns.ts';
import { assertControls } from './controls.ts';
import { neuronAblation, neuronMarginCorrelation, neuronMembership, neuronScores, resolveNeuron, type NeuronRequest } from './experiments/neuronDetail.ts';
import { neuronExamplesPage, neuronHistogram } from './experiments/neuronExamples.ts';
import type {
  NeuronAblationEffect,
  NeuronDetail,
  NeuronExamplesPage,
  NeuronHistogram,
  NeuronMarginCorrelation,
  NeuronMembership,
  NeuronMethodScore,
} from './resultTypes.ts';
import { resolveSelection } from './setSpec.ts';
import type { Subjects } from './subjects.ts';
import type { ExamplesSource, NeuronId, NeuronSelection, ObjectiveDatasets } from './types.ts';
import { SCORE_METHODS, type ExampleRanking } from '../vocabulary.ts';

/** One neuron up close; every method resolves its subjects once and asks one experiment. */
export class NeuronAnalysis {
  constructor(
    protected readonly runs: CachedRuns,
    protected readonly subjects: Subjects,
  ) {}

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
}
