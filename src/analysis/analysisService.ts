/**
 * The analysis service: what the CLI study and (later) the GraphQL resolvers call. It turns
 * requests naming models and datasets into content-keyed cached results (rmlens.md §5) and
 * runs the engine only on a miss:
 *   resolver / CLI → AnalysisService → ResultCache (SQLite) | engine (ONNX).
 *
 * Train parts feed scores, selections and MEAN fills; held-out parts feed evaluations,
 * ablations and correspondence (rmlens.md §2) — each method names the part it reads.
 */
import type { Dataset, Part, PreferencePair } from '../data/types.ts';
import type { Cached, CacheCounts, ResultCache } from '../db/resultCache.ts';
import type { AblationCondition, NeuronSite, NeuronStats, PairRewards } from '../engine/types.ts';
import { sha256 } from '../util/hash.ts';
import { ablationCondition, assertValidAblation } from './ablationConditions.ts';
import { estimateAccuracy, estimatePairedDelta, pairWins } from '../util/bootstrap.ts';
import { controlSeed, deltaPerNeuron, MAX_CONTROLS, summarizeControls } from './controls.ts';
import { summarizeCorrelations } from './correlationSummary.ts';
import { BadUserInputError } from '../errors.ts';
import type { EngineModel, ModelEntry, ModelRegistry } from './modelRegistry.ts';
import { layerOfNeurons } from './neuronLayout.ts';
import { scoreNeurons, trainMeans } from './neuronScores.ts';
import { allSet, assertValidSetSpec, listSet, onlySet, randomMatchedSet, randomSet, sharedSet } from './neuronSets.ts';
import { overlapStats } from './overlap.ts';
import {
  ablationCodec,
  correlationCodec,
  evaluationCodec,
  frontierCodec,
  modelInfoCodec,
  neuronStatsCodec,
  pairRewardsCodec,
  scoresCodec,
  sweepCodec,
  type ModelInfo,
} from './resultCodecs.ts';
import type { Ablation, Correspondence, Evaluation, FrontierPoint, Neuron, NeuronScore, OverlapSet, SweepPoint } from './resultTypes.ts';
import { rankOrder, selectEntropy, selectTop } from './selection.ts';
import type { NeuronScores, NeuronSelection, NeuronSetSpec } from './types.ts';
import type { AblationMode, DataObjective, NeuronSetKind, ScoreMethod } from '../vocabulary.ts';

/** Finds a dataset by reference (`default/helpful`, `hh-rlhf/harmless-base`, a registered id). */
export type DatasetResolver = (ref: string) => Promise<Dataset> | Dataset;

/** Progress of one engine computation: `task` names it, done/total count pairs. */
export type ServiceProgress = (task: string, done: number, total: number) => void;

/** The service's collaborators, injected so tests can count engine calls and use `:memory:` stores. */
export interface AnalysisServiceDeps {
  cache: ResultCache;
  models: ModelRegistry;
  datasets: DatasetResolver;
  onProgress?: ServiceProgress;
}

/** One ablation request (rmlens.md §4 `Query.ablation`). */
export interface AblationRequest {
  model: string;
  set: NeuronSetSpec;
  dataset: string;
  mode: AblationMode;
  alpha?: number | null;
  /** Size-matched random controls (RANDOM matched to the set, seeds 0 … n−1). */
  controls: number;
}

/** The p-sweep percents of the reference (2, 4, …, 30); ALL (100) is added to every sweep. */
export const SWEEP_PERCENTS: readonly number[] = Array.from({ length: 15 }, (_, i) => 2 * (i + 1));

/** The set kinds a p-sweep ablates at each percent, each with its objective. */
export const SWEEP_KINDS: readonly { kind: NeuronSetKind; of: DataObjective | null }[] = [
  { kind: 'TOP', of: 'HELPFUL' },
  { kind: 'TOP', of: 'HARMLESS' },
  { kind: 'ONLY', of: 'HELPFUL' },
  { kind: 'ONLY', of: 'HARMLESS' },
  { kind: 'SHARED', of: null },
];

/** Cache-key form of a dataset part: the dataset's content hash, the part and that part's hash. */
interface PartKey {
  dataset: string;
  part: Part;
  pairs: string;
}

/** Every analysis result of rmlens.md §4, read from the store or computed once and stored. */
export class AnalysisService {
  private readonly cache: ResultCache;
  private readonly models: ModelRegistry;
  private readonly resolveDataset: DatasetResolver;
  private readonly onProgress?: ServiceProgress;
  private readonly datasets = new Map<string, Promise<Dataset>>();

  constructor(deps: AnalysisServiceDeps) {
    this.cache = deps.cache;
    this.models = deps.models;
    this.resolveDataset = deps.datasets;
    this.onProgress = deps.onProgress;
  }

  /** Results computed and read from the store since the service started. */
  counts(): CacheCounts {
    return this.cache.counts();
  }

  /** The registry entry of a model (throws NotFoundError). */
  model(id: string): ModelEntry {
    return this.models.get(id);
  }

  /** sha256 of a model's file (from the store's file table while the file is unchanged). */
  modelSha256(id: string): Promise<string> {
    return this.models.sha256(id);
  }

  /** A dataset by reference, resolved once per service. */
  dataset(ref: string): Promise<Dataset> {
    let dataset = this.datasets.get(ref);
    if (!dataset) {
      dataset = Promise.resolve().then(() => this.resolveDataset(ref));
      dataset.catch(() => this.datasets.delete(ref));
      this.datasets.set(ref, dataset);
    }
    return dataset;
  }

  /** A model's sites and metadata, from the store (the model is loaded only the first time its file is seen). */
  async modelInfo(id: string): Promise<ModelInfo> {
    const sha = await this.models.sha256(id);
    const { value } = await this.cache.get('modelInfo', { model: sha }, modelInfoCodec, async () => {
      const m = await this.models.open(id, sha);
      return { sites: m.sites, neuronCount: m.neuronCount, metadata: m.metadata };
    });
    return value;
  }

  /** Rewards of every held-out pair of `ref` under `model`. */
  async rewards(model: string, ref: string): Promise<PairRewards> {
    const { key, pairs } = await this.part(ref, 'heldOut');
    const sha = await this.models.sha256(model);
    const { value } = await this.cache.get('rewards', { model: sha, data: key }, pairRewardsCodec, async () => {
      const m = await this.models.open(model, sha);
      return m.rewards(pairs, { onProgress: this.progress(`rewards ${model} on ${ref}`) });
    });
    return value;
  }

  /** Accuracy (ties half), mean margin, 95% bootstrap CI and pair count on the held-out part. */
  async evaluation(model: string, ref: string): Promise<Cached<Evaluation>> {
    const { key } = await this.part(ref, 'heldOut');
    const sha = await this.models.sha256(model);
    return this.cache.get('evaluation', { model: sha, data: key }, evaluationCodec, async () => {
      const r = await this.rewards(model, ref);
      const e = estimateAccuracy(r.chosen, r.rejected);
      return { accuracy: e.accuracy, accuracyLow: e.low, accuracyHigh: e.high, meanMargin: e.meanMargin, pairs: e.pairs };
    });
  }

  /**
   * Neuron statistics of `model` on the train part of `ref`; `withBase` adds Σ(a − b)² against
   * the model's base (CHANGE). Throws BadUserInputError when the model has no base.
   */
  async neuronStats(model: string, ref: string, withBase: boolean): Promise<NeuronStats> {
    const { key, pairs } = await this.part(ref, 'train');
    const baseId = withBase ? this.baseOf(model) : null;
    const params = { model: await this.models.sha256(model), base: baseId && (await this.models.sha256(baseId)), data: key };
    const { value } = await this.cache.get('neuronStats', params, neuronStatsCodec, async () => {
      const m = await this.models.open(model, params.model);
      const base = baseId && params.base ? await this.openBase(m, baseId, params.base) : undefined;
      return m.neuronStats(pairs, { base, onProgress: this.progress(`neuron stats ${model} on ${ref}${base ? ' (vs base)' : ''}`) });
    });
    return value;
  }

  /** Per-neuron scores of a selection's model on the train part of its dataset. */
  async scores(selection: Pick<NeuronSelection, 'model' | 'dataset' | 'method'>): Promise<NeuronScores> {
    const { model, dataset, method } = selection;
    const params = await this.scoresKey(selection);
    const { value } = await this.cache.get('scores', params, scoresCodec, async () => {
      const stats = await this.neuronStats(model, dataset, method === 'CHANGE');
      return scoreNeurons(stats, method, (await this.modelInfo(model)).sites);
    });
    return value;
  }

  /** `RewardModel.neurons`: the top-p% neurons by score, in rank order. */
  async neurons(model: string, dataset: string, method: ScoreMethod, topPercent: number): Promise<NeuronScore[]> {
    const { sites } = await this.modelInfo(model);
    const scores = await this.scores({ model, dataset, method });
    const chosen = new Set(selectTop(scores, topPercent, sites));
    const layerOf = layerOfNeurons(sites);
    const out: NeuronScore[] = [];
    for (const j of rankOrder(scores.rankBy)) {
      if (!chosen.has(j)) continue;
      out.push({ neuron: neuronOf(j, layerOf, sites), score: scores.score[j], rank: out.length + 1 });
    }
    return out;
  }

  /** TOP of one selection: its flat neurons, ascending. */
  async selection(selection: NeuronSelection): Promise<Int32Array> {
    const { sites } = await this.modelInfo(selection.model);
    return selectTop(await this.scores(selection), selection.topPercent, sites, { perLayer: selection.perLayer ?? false });
  }

  /** `Query.overlap`: overlap of two selections over the same sites, hypergeometric expectation and p-value. */
  async overlap(helpful: NeuronSelection, harmless: NeuronSelection): Promise<OverlapSet> {
    const sites = await this.sameSites([helpful.model, harmless.model], 'overlap');
    const [a, b] = await Promise.all([this.selection(helpful), this.selection(harmless)]);
    const layerOf = layerOfNeurons(sites);
    return {
      ...overlapStats(a, b, layerOf.length),
      sharedNeurons: Array.from(sharedSet(a, b), (j) => neuronOf(j, layerOf, sites)),
    };
  }

  /**
   * The flat neurons of a set request over `sites` (the sites of the model it will be used in).
   * Throws BadUserInputError for a malformed request or a selection whose model has other sites.
   */
  async neuronSet(spec: NeuronSetSpec, sites: readonly NeuronSite[]): Promise<Int32Array> {
    assertValidSetSpec(spec);
    const n = layerOfNeurons(sites).length;
    const top = async (selection: NeuronSelection) => {
      await this.assertSites(selection.model, sites);
      return this.selection(selection);
    };
    switch (spec.kind) {
      case 'TOP':
        return top(spec.of === 'HELPFUL' ? spec.helpful! : spec.harmless!);
      case 'ONLY': {
        const [help, harm] = await Promise.all([top(spec.helpful!), top(spec.harmless!)]);
        return spec.of === 'HELPFUL' ? onlySet(help, harm) : onlySet(harm, help);
      }
      case 'SHARED': {
        const [help, harm] = await Promise.all([top(spec.helpful!), top(spec.harmless!)]);
        return sharedSet(help, harm);
      }
      case 'ENTROPY': {
        await Promise.all([this.assertSites(spec.helpful!.model, sites), this.assertSites(spec.harmless!.model, sites)]);
        const [pHelp, pHarm] = await Promise.all([this.scores(spec.helpful!), this.scores(spec.harmless!)]);
        return selectEntropy(pHelp.score, pHarm.score, spec.percent!, spec.of!);
      }
      case 'RANDOM': {
        if (spec.matchedTo === undefined || spec.matchedTo === null) return randomSet(n, spec.percent!, spec.seed!);
        const target = await this.neuronSet({ ...spec, kind: spec.matchedTo, matchedTo: undefined, seed: undefined }, sites);
        return randomMatchedSet(target, sites, spec.seed!);
      }
      case 'ALL':
        return allSet(n);
      case 'LIST':
        return listSet(spec.neurons!, sites);
    }
  }

  /**
   * `Query.ablation`: ablate a set in a model on the held-out part of `dataset`, with
   * `controls` random sets matched to its per-layer counts (seeds 0 … n−1). The set and all
   * controls run as one batched engine call.
   */
  async ablation(request: AblationRequest): Promise<Ablation> {
    const { model, set, dataset, mode, controls } = request;
    const alpha = request.alpha ?? null;
    assertValidAblation(mode, alpha);
    assertValidSetSpec(set);
    if (!Number.isInteger(controls) || controls < 0 || controls > MAX_CONTROLS) {
      throw new BadUserInputError(`controls must be an integer in [0, ${MAX_CONTROLS}], got ${controls}`);
    }
    const params = {
      model: await this.models.sha256(model),
      data: (await this.part(dataset, 'heldOut')).key,
      set: await this.setKey(set),
      mode,
      alpha,
      controls,
      // MEAN fills come from the same dataset's train part: part of what the result depends on.
      means: mode === 'MEAN' ? (await this.part(dataset, 'train')).key : null,
    };
    const { value, cached } = await this.cache.get('ablation', params, ablationCodec, async () => {
      const { sites, neuronCount } = await this.modelInfo(model);
      const neurons = await this.neuronSet(set, sites);
      const means = mode === 'MEAN' ? trainMeans(await this.neuronStats(model, dataset, false), sites) : undefined;
      const sets = [neurons, ...Array.from({ length: controls }, (_, i) => randomMatchedSet(neurons, sites, controlSeed(i)))];
      const conditions = sets.map((s) => ablationCondition(s, neuronCount, mode, { means, alpha }));
      const [after, ...controlRewards] = await this.ablatedRewards(model, dataset, conditions);
      const before = await this.rewards(model, dataset);
      const baseline = estimateAccuracy(before.chosen, before.rejected);
      const ablated = estimateAccuracy(after.chosen, after.rejected);
      const delta = estimatePairedDelta(before, after);
      const summary = summarizeControls(delta.delta, controlRewards.map((r) => accuracyOf(r) - baseline.accuracy));
      return {
        neurons: neurons.length,
        pairs: delta.pairs,
        baselineAccuracy: baseline.accuracy,
        accuracy: ablated.accuracy,
        deltaAccuracy: delta.delta,
        deltaLow: delta.low,
        deltaHigh: delta.high,
        baselineMargin: baseline.meanMargin,
        meanMargin: ablated.meanMargin,
        deltaPerNeuron: deltaPerNeuron(delta.delta, neurons.length),
        controls: summary.controls,
        controlMeanDelta: summary.mean,
        controlStdDelta: summary.sd,
        zScore: summary.z,
      };
    });
    return { ...value, cached };
  }

  /**
   * `Query.pSweep`: zero-ablate TOP, ONLY (each objective) and SHARED at p = 2, 4, …, 30 (each
   * selection's topPercent replaced by p) and ALL, in `model` on the held-out part of `dataset`,
   * as one batched engine call.
   */
  async pSweep(model: string, helpful: NeuronSelection, harmless: NeuronSelection, dataset: string): Promise<SweepPoint[]> {
    // The sweep replaces each selection's topPercent, so the key leaves it out.
    const sweepSelection = async (s: NeuronSelection) => ({ scores: await this.scoresKey(s), perLayer: s.perLayer ?? false });
    const params = {
      model: await this.models.sha256(model),
      data: (await this.part(dataset, 'heldOut')).key,
      helpful: await sweepSelection(helpful),
      harmless: await sweepSelection(harmless),
      percents: SWEEP_PERCENTS,
    };
    const { value } = await this.cache.get('sweep', params, sweepCodec, async () => {
      const { sites, neuronCount } = await this.modelInfo(model);
      const points: Omit<SweepPoint, 'accuracy' | 'deltaAccuracy'>[] = [];
      const sets: Int32Array[] = [];
      for (const percent of SWEEP_PERCENTS) {
        for (const { kind, of } of SWEEP_KINDS) {
          const spec: NeuronSetSpec = {
            kind,
            ...(of ? { of } : {}),
            ...(kind !== 'TOP' || of === 'HELPFUL' ? { helpful: { ...helpful, topPercent: percent } } : {}),
            ...(kind !== 'TOP' || of === 'HARMLESS' ? { harmless: { ...harmless, topPercent: percent } } : {}),
          };
          sets.push(await this.neuronSet(spec, sites));
          points.push({ percent, kind, of });
        }
      }
      sets.push(allSet(neuronCount));
      points.push({ percent: 100, kind: 'ALL', of: null });
      const ablated = await this.ablatedRewards(model, dataset, sets.map((s) => ablationCondition(s, neuronCount, 'ZERO')));
      const baseline = accuracyOf(await this.rewards(model, dataset));
      return points.map((p, i) => {
        const accuracy = accuracyOf(ablated[i]);
        return { ...p, accuracy, deltaAccuracy: accuracy - baseline };
      });
    });
    return value;
  }

  /**
   * The helpful-vs-harmless frontier: scale `set` by each α in `model`, accuracy on the
   * held-out parts of one helpful and one harmless dataset (one batched call per dataset).
   */
  async frontier(model: string, set: NeuronSetSpec, helpfulRef: string, harmlessRef: string, alphas: readonly number[]): Promise<FrontierPoint[]> {
    assertValidSetSpec(set);
    const params = {
      model: await this.models.sha256(model),
      set: await this.setKey(set),
      helpful: (await this.part(helpfulRef, 'heldOut')).key,
      harmless: (await this.part(harmlessRef, 'heldOut')).key,
      alphas,
    };
    const { value } = await this.cache.get('frontier', params, frontierCodec, async () => {
      const { sites, neuronCount } = await this.modelInfo(model);
      const neurons = await this.neuronSet(set, sites);
      const conditions = alphas.map((alpha) => ablationCondition(neurons, neuronCount, 'SCALE', { alpha }));
      const measure = async (ref: string) => {
        const baseline = accuracyOf(await this.rewards(model, ref));
        return (await this.ablatedRewards(model, ref, conditions)).map((r) => ({ accuracy: accuracyOf(r), delta: accuracyOf(r) - baseline }));
      };
      const help = await measure(helpfulRef);
      const harm = await measure(harmlessRef);
      return alphas.map((alpha, i) => ({
        alpha,
        helpfulAccuracy: help[i].accuracy,
        harmlessAccuracy: harm[i].accuracy,
        helpfulDelta: help[i].delta,
        harmlessDelta: harm[i].delta,
      }));
    });
    return value;
  }

  /** `Query.correspondence`: per-neuron Pearson r of models `a` and `b` on the held-out texts of `dataset`. */
  async correspondence(a: string, b: string, dataset: string): Promise<Correspondence> {
    await this.sameSites([a, b], 'correspondence');
    const { key, pairs } = await this.part(dataset, 'heldOut');
    const params = { a: await this.models.sha256(a), b: await this.models.sha256(b), data: key };
    const { value } = await this.cache.get('correlation', params, correlationCodec, async () => {
      const [ma, mb] = await Promise.all([this.models.open(a, params.a), this.models.open(b, params.b)]);
      return ma.correlation(mb, pairs, { onProgress: this.progress(`correlation ${a} vs ${b} on ${dataset}`) });
    });
    const s = summarizeCorrelations(value.r);
    return { meanCorrelation: s.mean, medianCorrelation: s.median, shareAboveHalf: s.shareAboveHalf, neurons: s.neurons };
  }

  /** Closes the engine models opened by this service. */
  close(): Promise<void> {
    return this.models.closeAll();
  }

  /**
   * Rewards under each condition on the held-out part of `ref`: stored ones are read, the rest
   * run as ONE engine call (the engine batches and splits), keyed by the condition's bytes.
   */
  private async ablatedRewards(model: string, ref: string, conditions: readonly AblationCondition[]): Promise<PairRewards[]> {
    const { key, pairs } = await this.part(ref, 'heldOut');
    const sha = await this.models.sha256(model);
    const paramsList = conditions.map((c) => ({ model: sha, data: key, condition: conditionDigest(c) }));
    return this.cache.getMany('ablatedRewards', paramsList, pairRewardsCodec, async (missing) => {
      const m = await this.models.open(model, sha);
      const task = `ablations ${model} on ${ref} (${missing.length} conditions)`;
      return m.ablatedRewards(pairs, missing.map((i) => conditions[i]), { onProgress: this.progress(task) });
    });
  }

  /** A part's pairs and cache key; throws BadUserInputError when the part is empty. */
  private async part(ref: string, part: Part): Promise<{ key: PartKey; pairs: PreferencePair[] }> {
    const ds = await this.dataset(ref);
    const pairs = ds[part];
    if (pairs.length === 0) throw new BadUserInputError(`dataset '${ref}' has no ${part === 'train' ? 'train' : 'held-out'} pairs`);
    return { key: { dataset: ds.contentHash, part, pairs: ds.partHashes[part] }, pairs };
  }

  /** The cache-key form of a selection's scores: model and data by content, and the base for CHANGE. */
  private async scoresKey({ model, dataset, method }: Pick<NeuronSelection, 'model' | 'dataset' | 'method'>) {
    const baseId = method === 'CHANGE' ? this.baseOf(model) : null;
    return {
      model: await this.models.sha256(model),
      base: baseId && (await this.models.sha256(baseId)),
      data: (await this.part(dataset, 'train')).key,
      method,
    };
  }

  /** The cache-key form of a set request: every selection by content instead of by name. */
  private async setKey(spec: NeuronSetSpec) {
    const selection = async (s: NeuronSelection | undefined) =>
      s && { scores: await this.scoresKey(s), topPercent: s.topPercent, perLayer: s.perLayer ?? false };
    // Null and absent fields mean the same (GraphQL sends null): drop both so they share a key.
    const given = Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== null && v !== undefined));
    return { ...given, helpful: await selection(spec.helpful ?? undefined), harmless: await selection(spec.harmless ?? undefined) };
  }

  private baseOf(model: string): string {
    const { baseId } = this.models.get(model);
    if (baseId === null) throw new BadUserInputError(`model '${model}' has no base model, so CHANGE scores cannot be computed`);
    return baseId;
  }

  /** Opens the base and checks it is the one the model's metadata names, when it names one. */
  private async openBase(model: EngineModel, baseId: string, keyedSha: string): Promise<EngineModel> {
    const base = await this.models.open(baseId, keyedSha);
    const declared = model.metadata['rmlens.base_sha256'];
    if (declared !== undefined && declared !== base.sha256) {
      throw new Error(`base '${baseId}' has sha256 ${base.sha256}, but the model's metadata names ${declared}`);
    }
    return base;
  }

  /** Throws BadUserInputError unless `model` has exactly `sites` (same names and widths, same order). */
  private async assertSites(model: string, sites: readonly NeuronSite[]): Promise<void> {
    const own = (await this.modelInfo(model)).sites;
    if (siteSignature(own) !== siteSignature(sites)) {
      throw new BadUserInputError(`model '${model}' has neuron sites ${siteSignature(own)}, not ${siteSignature(sites)}: its neurons are not comparable`);
    }
  }

  /** The common sites of `models`; BadUserInputError when they differ. */
  private async sameSites(models: readonly string[], what: string): Promise<NeuronSite[]> {
    const { sites } = await this.modelInfo(models[0]);
    for (const other of models.slice(1)) {
      const own = (await this.modelInfo(other)).sites;
      if (siteSignature(own) !== siteSignature(sites)) {
        throw new BadUserInputError(`${what} needs models with the same neuron sites: '${models[0]}' has ${siteSignature(sites)}, '${other}' has ${siteSignature(own)}`);
      }
    }
    return sites;
  }

  private progress(task: string) {
    const report = this.onProgress;
    return report && ((done: number, total: number) => report(task, done, total));
  }
}

/** Plain accuracy (ties half) without a CI: controls and sweeps need only the point value. */
function accuracyOf(r: PairRewards): number {
  const wins = pairWins(r.chosen, r.rejected);
  let s = 0;
  for (const w of wins) s += w;
  return s / wins.length;
}

/** sha256 of a condition's keep and fill bytes: identical conditions share stored rewards, whatever set request produced them. */
function conditionDigest(c: AblationCondition): string {
  const bytes = new Uint8Array(c.keep.byteLength + c.fill.byteLength);
  bytes.set(new Uint8Array(c.keep.buffer, c.keep.byteOffset, c.keep.byteLength), 0);
  bytes.set(new Uint8Array(c.fill.buffer, c.fill.byteOffset, c.fill.byteLength), c.keep.byteLength);
  return sha256(bytes);
}

function siteSignature(sites: readonly NeuronSite[]): string {
  return sites.map((s) => `${s.name}[${s.width}]`).join(', ');
}

function neuronOf(j: number, layerOf: Int32Array, sites: readonly NeuronSite[]): Neuron {
  const site = sites[layerOf[j]];
  return { layer: site.layer, index: j - site.offset, site: site.name };
}
