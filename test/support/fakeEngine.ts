/**
 * A fake engine whose outputs depend on their inputs, and `fakeWorld`: fake model files, a
 * store, a registry, datasets and the service over them. With it a test can check the wiring
 * of the analysis — which pairs, which base and which conditions reach the engine — and
 * compute every expected number by hand from the rules below.
 *
 * The fake model has one weight w_j per neuron (flat numbering) and reads text like this:
 * - tokens: the prompt + response of one side of a pair, split on whitespace (`textTokens`);
 *   a token's value x is its length (world option `tokenValue` replaces that rule);
 * - activation of neuron j at a token: w_j · x. A site without a token axis sees one value per
 *   text, the text's mean x;
 * - `neuronStats`: pooled as the engine pools (Σ over tokens, token counts per site, positive
 *   counts, per-pair chosen − rejected means for CONTRAST); with a base, Σ (w_j − b_j)² x²
 *   against the base's weights b — zero when a model is compared with itself;
 * - `rewards`: each text's reward is its mean token value, or with `spec.margin`, the chosen
 *   reward is margin(pair, index) and the rejected one 0;
 * - `ablatedRewards`: every chosen reward moves by Σ_j w_j · (keep_j − 1 + fill_j): zeroing
 *   neuron j removes w_j, a fill f adds w_j · f back (rejected rewards do not move);
 * - `correlation`: per neuron, Pearson r of the two models' per-text mean activations over the
 *   chosen and rejected texts (or a fixed `spec.correlation`).
 * - `marginCorrelation`, `neuronExamples`, `tokenActivations`: not modelled (they throw); the
 *   neuron-detail tests run real ONNX models (test/analysis-neuron-detail.test.ts).
 * Every call is recorded in `FakeCalls` with the model, the pairs (and base, conditions) it got.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import type { Analysis } from '../../src/analysis/analysis.ts';
import type { EngineModel, ModelRegistry } from '../../src/analysis/modelRegistry.ts';
import type { Registrations } from '../../src/analysis/registrations.ts';
import { createContext } from '../../src/context.ts';
import { DatasetCatalog } from '../../src/data/catalog.ts';
import { pairsHash } from '../../src/data/dataset.ts';
import type { Dataset, PreferencePair } from '../../src/data/types.ts';

import type { ResultStore } from '../../src/db/store.ts';
import type {
  AblationCondition,
  CorrelationStats,
  MarginCorrelation,
  NeuronExamples,
  NeuronSite,
  NeuronStats,
  OnProgress,
  PairRewards,
  TextSideStats,
  TokenActivations,
} from '../../src/engine/types.ts';
import { NotFoundError } from '../../src/errors.ts';
import { sha256 } from '../../src/util/hash.ts';
import type { DataObjective, Objective } from '../../src/vocabulary.ts';

/** One fake model of a world. */
export interface FakeModelSpec {
  objective: Objective;
  /** Id of the model it was fine-tuned from (CHANGE scores compare against it). */
  base?: string;
  /** One weight per neuron, flat numbering: the activation scale and the reward moved by ablating it. */
  weights: readonly number[];
  /** The model's sites; default the world's. */
  sites?: NeuronSite[];
  /** Chosen reward of the index-th pair of a call (rejected 0), instead of the text rule: for hand-computed accuracies. */
  margin?: (pair: PreferencePair, index: number) => number;
  /** A fixed r per neuron instead of the Pearson r over the texts: for hand-computed summaries. */
  correlation?: (neuron: number) => number;
}

/** What the fake engine was asked, call by call (model ids, not paths). */
export interface FakeCalls {
  loads: string[];
  rewards: { model: string; pairs: readonly PreferencePair[] }[];
  stats: { model: string; base: string | null; pairs: readonly PreferencePair[] }[];
  ablated: { model: string; pairs: readonly PreferencePair[]; conditions: readonly AblationCondition[] }[];
  correlation: { a: string; b: string; pairs: readonly PreferencePair[] }[];
}

export interface FakeWorldOptions {
  /** SQLite path of the store; default `:memory:`. */
  dbPath?: string;
  /** Sites of every model whose spec names none; default two layers of 5 (`TWO_BY_FIVE`). */
  sites?: NeuronSite[];
  /** The datasets the service can resolve, by id; default `help` and `harm` (`defaultDatasets`). */
  datasets?: Dataset[];
  /** Value x of a token; default its length. */
  tokenValue?: (token: string) => number;
  /** Delay of every ablatedRewards call, so concurrent requests meet one in flight. */
  ablationDelayMs?: number;
  /** Folders registered files must lie in; default the world's own folder. */
  roots?: readonly string[];
}

export interface FakeWorld {
  service: Analysis;
  calls: FakeCalls;
  store: ResultStore;
  registry: ModelRegistry;
  /** Models and datasets registered as files (restored from the store when the world starts). */
  registrations: Registrations;
  /** Registrations the world could not restore. */
  restoreProblems: string[];
  /** The datasets the service resolves, by id: add to it to register another. */
  datasets: Map<string, Dataset>;
  dir: string;
  /** The file of a model (rewrite it to change the model's sha256). */
  modelPath(id: string): string;
}

/** Sites of the given widths, in layer order, all with a token axis. */
export function sitesOfWidths(widths: readonly number[]): NeuronSite[] {
  let offset = 0;
  return widths.map((width, layer) => {
    const site = { name: `ffn${layer}`, layer, width, tokenAxis: true, offset };
    offset += width;
    return site;
  });
}

export const TWO_BY_FIVE = sitesOfWidths([5, 5]);

/** n pairs `Human: <prefix> i` → ` yes i` / ` no i`. */
export function fakePairs(prefix: string, n: number): PreferencePair[] {
  return Array.from({ length: n }, (_, i) => ({ prompt: `\n\nHuman: ${prefix} ${i}\n\nAssistant:`, chosen: ` yes ${i}`, rejected: ` no ${i}` }));
}

/** A dataset with the given parts and hashes computed as the loaders compute them. */
export function fakeDataset(id: string, objective: DataObjective, train: PreferencePair[], heldOut: PreferencePair[]): Dataset {
  return {
    id, name: id, objective, source: 'test', train, heldOut, dropped: 0, evaluationOnly: false,
    contentHash: pairsHash([...train, ...heldOut]),
    partHashes: { train: pairsHash(train), heldOut: pairsHash(heldOut) },
  };
}

/** `help` (20 train, 8 held-out pairs) and `harm` (20, 6); held-out prompts have longer words than train prompts. */
export function defaultDatasets(): Dataset[] {
  return [
    fakeDataset('help', 'HELPFUL', fakePairs('help', 20), fakePairs('help-test', 8)),
    fakeDataset('harm', 'HARMLESS', fakePairs('harm', 20), fakePairs('harm-test', 6)),
  ];
}

/** The fake's tokens of one side of a pair: prompt + response, split on whitespace. */
export function textTokens(pair: PreferencePair, side: 'chosen' | 'rejected'): string[] {
  return (pair.prompt + pair[side]).split(/\s+/).filter(Boolean);
}

const tokenLength = (token: string) => token.length;

/** A fake engine model; `FakeEngineModel` instances read each other's weights (base, correlation). */
class FakeEngineModel implements EngineModel {
  readonly sha256: string;
  readonly sites: NeuronSite[];
  readonly neuronCount: number;
  readonly metadata: Record<string, string> = {};

  constructor(
    readonly id: string,
    bytes: Uint8Array,
    private readonly spec: FakeModelSpec,
    sites: NeuronSite[],
    private readonly tokenValue: (token: string) => number,
    private readonly calls: FakeCalls,
    private readonly ablationDelayMs: number,
  ) {
    this.sha256 = sha256(bytes);
    this.sites = spec.sites ?? sites;
    this.neuronCount = this.sites.reduce((s, site) => s + site.width, 0);
    if (spec.weights.length !== this.neuronCount) throw new Error(`fake model '${id}': ${spec.weights.length} weights for ${this.neuronCount} neurons`);
  }

  get weights(): readonly number[] {
    return this.spec.weights;
  }

  async rewards(pairs: readonly PreferencePair[]): Promise<PairRewards> {
    this.calls.rewards.push({ model: this.id, pairs });
    return this.plainRewards(pairs);
  }

  async neuronStats(pairs: readonly PreferencePair[], options: { base?: EngineModel } = {}): Promise<NeuronStats> {
    const base = options.base === undefined ? undefined : asFake(options.base);
    this.calls.stats.push({ model: this.id, base: base?.id ?? null, pairs });
    const n = this.neuronCount;
    const side = (): TextSideStats => ({
      sum: new Float64Array(n),
      tokens: this.sites.map(() => 0),
      positive: new Float64Array(n),
      ...(base ? { sqDiffBase: new Float64Array(n) } : {}),
    });
    const stats: NeuronStats = { neuronCount: n, pairs: pairs.length, chosen: side(), rejected: side(), contrastSum: new Float64Array(n), contrastSumSq: new Float64Array(n) };
    for (const pair of pairs) {
      const meanChosen = this.accumulate(stats.chosen, textTokens(pair, 'chosen'), base);
      const meanRejected = this.accumulate(stats.rejected, textTokens(pair, 'rejected'), base);
      for (let j = 0; j < n; j++) {
        const d = meanChosen[j] - meanRejected[j];
        stats.contrastSum[j] += d;
        stats.contrastSumSq[j] += d * d;
      }
    }
    return stats;
  }

  async ablatedRewards(pairs: readonly PreferencePair[], conditions: readonly AblationCondition[], options: { onProgress?: OnProgress } = {}): Promise<PairRewards[]> {
    this.calls.ablated.push({ model: this.id, pairs, conditions });
    // Progress at the start, half way and at the end, as the engine reports it per batch.
    const total = pairs.length * conditions.length;
    options.onProgress?.(0, total);
    if (this.ablationDelayMs > 0) {
      await new Promise((r) => setTimeout(r, this.ablationDelayMs / 2));
      options.onProgress?.(Math.floor(total / 2), total);
      await new Promise((r) => setTimeout(r, this.ablationDelayMs / 2));
    }
    options.onProgress?.(total, total);
    return conditions.map((c) => {
      let shift = 0;
      for (let j = 0; j < this.neuronCount; j++) shift += this.spec.weights[j] * (c.keep[j] - 1 + c.fill[j]);
      const r = this.plainRewards(pairs);
      return { chosen: r.chosen.map((v) => v + shift), rejected: r.rejected };
    });
  }

  async correlation(other: EngineModel, pairs: readonly PreferencePair[]): Promise<CorrelationStats> {
    const b = asFake(other);
    this.calls.correlation.push({ a: this.id, b: b.id, pairs });
    const texts = pairs.flatMap((p) => [textTokens(p, 'chosen'), textTokens(p, 'rejected')]);
    const fixed = this.spec.correlation;
    if (fixed) return { texts: texts.length, r: Float64Array.from({ length: this.neuronCount }, (_, j) => fixed(j)) };
    const means = texts.map((t) => mean(t.map(this.tokenValue)));
    const r = Float64Array.from({ length: this.neuronCount }, (_, j) =>
      pearson(means.map((m) => this.spec.weights[j] * m), means.map((m) => b.weights[j] * m)));
    return { texts: texts.length, r };
  }

  async marginCorrelation(): Promise<MarginCorrelation> {
    throw new Error('the fake engine does not model marginCorrelation');
  }

  async neuronExamples(): Promise<NeuronExamples> {
    throw new Error('the fake engine does not model neuronExamples');
  }

  async tokenActivations(): Promise<TokenActivations[]> {
    throw new Error('the fake engine does not model tokenActivations');
  }

  async close(): Promise<void> {}

  private plainRewards(pairs: readonly PreferencePair[]): PairRewards {
    const { margin } = this.spec;
    if (margin) return { chosen: Float64Array.from(pairs, (p, i) => margin(p, i)), rejected: new Float64Array(pairs.length) };
    const reward = (p: PreferencePair, side: 'chosen' | 'rejected') => mean(textTokens(p, side).map(this.tokenValue));
    return { chosen: Float64Array.from(pairs, (p) => reward(p, 'chosen')), rejected: Float64Array.from(pairs, (p) => reward(p, 'rejected')) };
  }

  /** Adds one text to a side's sums; returns the text's per-neuron mean activation. */
  private accumulate(side: TextSideStats, tokens: string[], base: FakeEngineModel | undefined): Float64Array {
    const textMean = new Float64Array(this.neuronCount);
    const xs = tokens.map(this.tokenValue);
    for (const site of this.sites) {
      const values = site.tokenAxis ? xs : [mean(xs)];
      side.tokens[site.layer] += values.length;
      for (let j = site.offset; j < site.offset + site.width; j++) {
        const w = this.spec.weights[j];
        for (const x of values) {
          side.sum[j] += w * x;
          if (w * x > 0) side.positive[j]++;
          if (base) side.sqDiffBase![j] += ((w - base.weights[j]) * x) ** 2;
          textMean[j] += (w * x) / values.length;
        }
      }
    }
    return textMean;
  }
}

function asFake(model: EngineModel): FakeEngineModel {
  if (!(model instanceof FakeEngineModel)) throw new Error('the fake engine can only compare fake models');
  return model;
}

function mean(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

function pearson(a: readonly number[], b: readonly number[]): number {
  const ma = mean(a);
  const mb = mean(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}

const tempDirs: string[] = [];
after(() => { for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true }); });

/** A temporary folder removed when the test file ends. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** Fake model files (`<id>.onnx`, content `model <id>`), datasets, and a context (store, registry, analysis) over them. */
export function fakeWorld(specs: Record<string, FakeModelSpec>, options: FakeWorldOptions = {}): FakeWorld {
  const dir = tempDir('rmlens-fake-');
  const calls: FakeCalls = { loads: [], rewards: [], stats: [], ablated: [], correlation: [] };
  const idOfPath = new Map<string, string>();
  const datasets = new Map((options.datasets ?? defaultDatasets()).map((d) => [d.id, d]));
  const context = createContext({
    dbPath: options.dbPath ?? ':memory:',
    zooDirs: [],
    datasets: new DatasetCatalog({ roots: options.roots ?? [dir] }),
    loadModel: async (path) => {
      // A file registered at run time is read as the model its content names (`model <id>`).
      const id = idOfPath.get(path) ?? readFileSync(path, 'utf8').replace(/^model /, '');
      calls.loads.push(id);
      return new FakeEngineModel(id, readFileSync(path), specs[id], options.sites ?? TWO_BY_FIVE, options.tokenValue ?? tokenLength, calls, options.ablationDelayMs ?? 0);
    },
    resolveDataset: (ref) => {
      const d = datasets.get(ref);
      if (!d) throw new NotFoundError(`unknown dataset ${ref}`);
      return d;
    },
    datasetRefs: () => [...datasets.keys()],
  });
  const modelPath = (id: string) => join(dir, `${id}.onnx`);
  for (const [id, spec] of Object.entries(specs)) {
    writeFileSync(modelPath(id), `model ${id}`);
    idOfPath.set(modelPath(id), id);
    context.models.add({ id, name: id, objective: spec.objective, role: null, path: modelPath(id), baseId: spec.base ?? null });
  }
  return {
    service: context.analysis, calls, store: context.store, registry: context.models, registrations: context.registrations,
    restoreProblems: context.restoreProblems, datasets, dir, modelPath,
  };
}
