/**
 * The API contract over real HTTP: a server started on 127.0.0.1:0, queried with fetch.
 *
 * 1. Every Query and Mutation field (and the computing object fields) answers over HTTP with the
 *    values of the analysis facade for the same request, mapped as the resolvers map them
 *    (provenance included): OPERATIONS below is the table of queries and their expected values.
 *    `neuron` needs real ONNX models (the fakes do not model its passes): a second server over
 *    the quick zoo serves it.
 * 2. A restarted server on the same SQLite file (new fake models of the same bytes) serves the
 *    same bodies with zero engine calls; only `cached: false` becomes `true`.
 * 3. A model file rewritten with other bytes is recomputed (new sha256, new cache keys), never
 *    served from the old rows; a registered file whose content now names another fake model
 *    answers with that model's numbers.
 * Also: cursor pages joined by endCursor are the facade's lists, and an explicit null argument
 * means the schema's default (the same answer from the same stored row), as omitting it does.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Analysis } from '../src/analysis/analysis.ts';
import type { DatasetSummary } from '../src/analysis/types.ts';
import { ENGINE_VERSION } from '../src/analysis/cacheKeys.ts';
import type { ModelEntry, ModelLoader } from '../src/analysis/modelRegistry.ts';
import { withProvenance, type ProvenancedTensionReport } from '../src/analysis/provenance.ts';
import type { Ablation, Transferability } from '../src/analysis/resultTypes.ts';
import { FRONTIER_ALPHAS } from '../src/analysis/experiments/frontier.ts';
import type { NeuronSelection, NeuronSetSpec } from '../src/analysis/types.ts';
import { createContext } from '../src/context.ts';
import type { Cached } from '../src/db/resultCache.ts';
import { RewardModel } from '../src/engine/rewardModel.ts';
import type { Job } from '../src/jobs/jobStore.ts';
import { createHttpServer } from '../src/server/app.ts';
import { createServerDeps, type ServerDeps } from '../src/server/context.ts';
import { sha256 } from '../src/util/hash.ts';
import type { AblationMode, ScoreMethod } from '../src/vocabulary.ts';
import { tempDir } from './support/fakeEngine.ts';
import { quickZooDir } from './support/quickZoo.ts';
import { engineCalls, serverWorld } from './support/serverWorld.ts';
import { smallDatasets } from './support/smallDatasets.ts';

const smallDataset = smallDatasets(60, 24);

// ---------------------------------------------------------------------------------------------
// Servers and requests

type Variables = Record<string, unknown>;
type Json = any;

/** A server listening on 127.0.0.1 (a free port) over `deps`; its masked-error log is kept for failure messages. */
interface Served {
  url: string;
  log: string[];
  stop(): Promise<void>;
}

const running = new Set<Served>();
after(async () => { for (const s of running) await s.stop(); });

async function serve(deps: ServerDeps): Promise<Served> {
  const log: string[] = [];
  const { httpServer, apollo } = await createHttpServer({ deps, readiness: () => ({ ready: true }), log: (line) => log.push(line) });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const served: Served = {
    url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/graphql`,
    log,
    stop: async () => {
      if (!running.delete(served)) return;
      await apollo.stop();
    },
  };
  running.add(served);
  return served;
}

/** POSTs one operation; returns the HTTP status, the body as received and parsed. */
async function post(server: Served, query: string, variables: Variables = {}) {
  const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text) as Json };
}

/** What a failure message shows: the query, its variables, the body and what the server logged. */
function report(server: Served, query: string, variables: Variables, body: string): string {
  const log = server.log.length > 0 ? `\nserver log:\n${server.log.join('\n')}` : '';
  return `query:\n${query}\nvariables: ${JSON.stringify(variables)}\nbody: ${body}${log}`;
}

/** `data` of an operation that must succeed; any error fails the test with query, variables and body. */
async function gql(server: Served, query: string, variables: Variables = {}): Promise<{ data: Json; text: string }> {
  const { status, text, json } = await post(server, query, variables);
  if (status !== 200 || json.errors !== undefined || json.data == null) assert.fail(`unexpected error (HTTP ${status})\n${report(server, query, variables, text)}`);
  return { data: json.data, text };
}

/** The first error of an operation that must fail; a success fails the test with the body. */
async function gqlError(server: Served, query: string, variables: Variables = {}): Promise<{ code: string; message: string; extensions: Json; data: Json }> {
  const { text, json } = await post(server, query, variables);
  const error = json.errors?.[0];
  if (!error) assert.fail(`expected an error\n${report(server, query, variables, text)}`);
  return { code: error.extensions?.code, message: error.message, extensions: error.extensions, data: json.data };
}

// ---------------------------------------------------------------------------------------------
// The facade's answers, mapped the way the resolvers map them

const MODEL = 'id name objective sha256 layers neuronCount base { id }';
const DATASET = 'id name objective trainPairs heldOutPairs droppedPairs source contentHash';
const PROVENANCE = 'computedAt engineVersion cacheKey';
const EVALUATION = `accuracy accuracyLow accuracyHigh meanMargin pairs ${PROVENANCE}`;
const ABLATION = `neurons pairs baselineAccuracy accuracy deltaAccuracy deltaLow deltaHigh baselineMargin meanMargin deltaPerNeuron
  controls controlMeanDelta controlStdDelta zScore cached ${PROVENANCE}`;
const OVERLAP = `helpfulOnly harmlessOnly shared total jaccard sharedShareOfHelpful sharedShareOfHarmless expectedShared pValue ${PROVENANCE}`;
const NEURON = 'layer index site';
const SWEEP_POINT = 'percent kind of accuracy deltaAccuracy neurons controls controlMeanDelta controlStdDelta';
const NEURON_SCORE = `neuron { ${NEURON} } score rank`;
const JOB = 'id state progress message error kind createdAt startedAt finishedAt';

/** `RewardModel` as served: the registry entry, its file hash, its sites, its base by id. */
async function modelJson(analysis: Analysis, entry: ModelEntry) {
  const info = await analysis.modelInfo(entry.id);
  return {
    id: entry.id, name: entry.name, objective: entry.objective, sha256: await analysis.modelSha256(entry.id),
    layers: info.sites.length, neuronCount: info.neuronCount, base: entry.baseId === null ? null : { id: entry.baseId },
  };
}

/** `PreferenceDataset` as served (the summary's `evaluationOnly` is not in the schema). */
function datasetJson({ evaluationOnly: _evaluationOnly, ...summary }: DatasetSummary) {
  return summary;
}

/**
 * `Ablation` as served by a request that computed it: the facade, asked right after, must read
 * the very row the request stored (cached, same key and time).
 */
function computedAblation(result: Cached<Ablation>) {
  assert.equal(result.cached, true, 'the facade read the row the HTTP request stored');
  return { ...withProvenance(result), cached: false };
}

/** `TensionReport` as served: ids become objects, each row's evaluation carries its stored row's provenance. */
async function tensionJson(analysis: Analysis, report: ProvenancedTensionReport) {
  return {
    rows: await Promise.all(report.rows.map(async (row) => {
      const evaluation = await analysis.evaluation(row.model, row.dataset);
      assert.deepEqual(withProvenance(evaluation), row.evaluation);
      return { model: { id: row.model }, dataset: datasetJson(await analysis.describeDataset(row.dataset)), evaluation: withProvenance(evaluation), byLength: row.byLength };
    })),
    interference: report.interference.map(({ single, mixed, ...rest }) => ({ ...rest, single: { id: single }, mixed: { id: mixed } })),
    baselines: report.baselines.map(({ dataset, ...rest }) => ({ ...rest, dataset: { id: dataset } })),
    transferability: report.transferability.map(transferabilityJson),
  };
}

/** `Transferability` as served: both models and the dataset by id → objects. */
function transferabilityJson({ from, to, dataset, ...rest }: Transferability) {
  return { ...rest, from: { id: from }, to: { id: to }, dataset: { id: dataset } };
}

const STRATUM = 'accuracy accuracyLow accuracyHigh pairs';
const TRANSFERABILITY = 'share shareLow shareHigh fromCorrect bothCorrect pairs from { id } to { id } dataset { id }';

/** `Job` as served: stored times (ms) as ISO 8601; the request key and JSON are not in the schema. */
function jobJson(job: Job | undefined) {
  assert.ok(job, 'the job row exists');
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: job.id, state: job.state, progress: job.progress, message: job.message, error: job.error, kind: job.kind,
    createdAt: new Date(job.createdAt).toISOString(), startedAt: iso(job.startedAt), finishedAt: iso(job.finishedAt),
  };
}

// ---------------------------------------------------------------------------------------------
// The operations (fake world: models base helpful harmless mixed, datasets help harm, one zoo `fake`)

const sel = (model: string, dataset: string, topPercent = 30, method: ScoreMethod = 'MAGNITUDE'): NeuronSelection => ({ model, dataset, method, topPercent });
const H = sel('helpful', 'help');
const X = sel('harmless', 'harm');
// 60% of 10 neurons: helpful and harmless then share three neurons over both layers (paging has something to page).
const H60 = sel('helpful', 'help', 60);
/** The mixed RM's own selection: both datasets' train parts pooled. */
const M: NeuronSelection = { ...sel('mixed', 'help', 40), pooledWith: ['harm'] };
const X60 = sel('harmless', 'harm', 60);
const MODELS = ['base', 'helpful', 'harmless', 'mixed'];
const DATASETS = ['help', 'harm'];

/** One row of the contract: an operation and the facade's answer to the same request, as the client must see it. */
interface Operation {
  name: string;
  query: string;
  variables?: Variables;
  /** Called after the HTTP request: the `data` the client must have received. */
  expected: (analysis: Analysis, deps: ServerDeps) => Promise<unknown> | unknown;
  /** Reads or writes computed results: part of the restart list. */
  computes?: boolean;
}

/** One `Query.ablation` row: the set goes over HTTP as a variable and to the facade as the same spec. */
function ablationOp(name: string, request: { model: string; set: NeuronSetSpec; dataset: string; mode?: AblationMode; alpha?: number; controls?: number }): Operation {
  const { model, set, dataset, mode, alpha, controls } = request;
  return {
    name,
    computes: true,
    query: `query ($model: ID!, $set: NeuronSetInput!, $dataset: ID!, $mode: AblationMode, $alpha: Float, $controls: Int) {
      ablation(model: $model, set: $set, dataset: $dataset, mode: $mode, alpha: $alpha, controls: $controls) { ${ABLATION} } }`,
    // Omitted arguments take the schema's defaults (mode ZERO, 10 controls): one row checks them.
    variables: { model, set, dataset, ...(mode && { mode }), ...(alpha !== undefined && { alpha }), ...(controls !== undefined && { controls }) },
    expected: async (analysis) => ({
      ablation: computedAblation(await analysis.ablation({ model, set, dataset, mode: mode ?? 'ZERO', alpha, controls: controls ?? 10 })),
    }),
  };
}

const OPERATIONS: Operation[] = [
  {
    name: 'serverInfo',
    query: '{ serverInfo { version engineVersion mutationsNeedToken } }',
    expected: (_a, deps) => ({ serverInfo: { version: deps.info.version, engineVersion: ENGINE_VERSION, mutationsNeedToken: false } }),
  },
  {
    name: 'models, model (known and unknown)',
    computes: true,
    query: `{ models { ${MODEL} } model(id: "harmless") { ${MODEL} } unknown: model(id: "nope") { id } }`,
    expected: async (analysis) => ({
      models: await Promise.all(analysis.listModels().map((m) => modelJson(analysis, m))),
      model: await modelJson(analysis, analysis.model('harmless')),
      unknown: null,
    }),
  },
  {
    name: 'datasets, dataset (known and unknown)',
    query: `{ datasets { ${DATASET} } dataset(id: "help") { ${DATASET} } unknown: dataset(id: "nope") { id } }`,
    expected: async (analysis) => ({
      datasets: (await analysis.listDatasets()).map(datasetJson),
      dataset: datasetJson(await analysis.describeDataset('help')),
      unknown: null,
    }),
  },
  {
    name: 'tension, tension(zoo:)',
    computes: true,
    query: `{ tension { rows { model { id } dataset { ${DATASET} } evaluation { ${EVALUATION} } byLength { chosenLonger { ${STRATUM} } chosenShorter { ${STRATUM} } equalLength { ${STRATUM} } } }
        interference { objective single { id } mixed { id } delta deltaLow deltaHigh pairs }
        baselines { rule dataset { id } accuracy accuracyLow accuracyHigh pairs chosenLonger chosenShorter equalLength maxResponseTokens }
        transferability { ${TRANSFERABILITY} } }
      named: tension(zoo: "fake") { rows { model { id } evaluation { accuracy cacheKey } } } }`,
    expected: async (analysis) => {
      const tension = await tensionJson(analysis, await analysis.tension(MODELS, DATASETS));
      return {
        tension,
        named: { rows: tension.rows.map(({ model, evaluation }) => ({ model, evaluation: { accuracy: evaluation.accuracy, cacheKey: evaluation.cacheKey } })) },
      };
    },
  },
  {
    name: 'RewardModel.evaluation (one model, every model)',
    computes: true,
    query: `{ model(id: "helpful") { help: evaluation(dataset: "help") { ${EVALUATION} } harm: evaluation(dataset: "harm") { ${EVALUATION} } }
      models { id evaluation(dataset: "harm") { ${EVALUATION} } } }`,
    expected: async (analysis) => ({
      model: { help: withProvenance(await analysis.evaluation('helpful', 'help')), harm: withProvenance(await analysis.evaluation('helpful', 'harm')) },
      models: await Promise.all(MODELS.map(async (id) => ({ id, evaluation: withProvenance(await analysis.evaluation(id, 'harm')) }))),
    }),
  },
  {
    name: 'RewardModel.neurons (MAGNITUDE, CONTRAST, CHANGE against the base)',
    computes: true,
    query: `{ model(id: "helpful") {
      magnitude: neurons(dataset: "help", method: MAGNITUDE, topPercent: 40) { ${NEURON_SCORE} }
      contrast: neurons(dataset: "harm", method: CONTRAST, topPercent: 50) { ${NEURON_SCORE} }
      change: neurons(dataset: "help", method: CHANGE, topPercent: 30) { ${NEURON_SCORE} } } }`,
    expected: async (analysis) => ({
      model: {
        magnitude: (await analysis.neurons('helpful', 'help', 'MAGNITUDE', 40)).value,
        contrast: (await analysis.neurons('helpful', 'harm', 'CONTRAST', 50)).value,
        change: (await analysis.neurons('helpful', 'help', 'CHANGE', 30)).value,
      },
    }),
  },
  {
    name: 'RewardModel.neuronsConnection (first page, one layer)',
    computes: true,
    query: `{ model(id: "harmless") {
      all: neuronsConnection(dataset: "harm", method: MAGNITUDE, topPercent: 60, first: 4) { totalCount pageInfo { hasNextPage } edges { node { ${NEURON_SCORE} } } }
      layer1: neuronsConnection(dataset: "harm", method: MAGNITUDE, topPercent: 60, layer: 1) { totalCount pageInfo { hasNextPage } edges { node { ${NEURON_SCORE} } } } } }`,
    expected: async (analysis) => {
      const scores = (await analysis.neurons('harmless', 'harm', 'MAGNITUDE', 60)).value;
      const inLayer1 = scores.filter((s) => s.neuron.layer === 1);
      return {
        model: {
          all: { totalCount: scores.length, pageInfo: { hasNextPage: scores.length > 4 }, edges: scores.slice(0, 4).map((node) => ({ node })) },
          layer1: { totalCount: inLayer1.length, pageInfo: { hasNextPage: false }, edges: inLayer1.map((node) => ({ node })) },
        },
      };
    },
  },
  {
    name: 'overlap with sharedNeurons and sharedNeuronsConnection',
    computes: true,
    query: `query ($h: NeuronSelectionInput!, $x: NeuronSelectionInput!) { overlap(helpful: $h, harmless: $x) { ${OVERLAP}
      sharedNeurons { ${NEURON} } firstTwo: sharedNeurons(first: 2) { ${NEURON} }
      sharedNeuronsConnection(first: 2) { totalCount pageInfo { hasNextPage } edges { node { ${NEURON} } } }
      layer1: sharedNeuronsConnection(layer: 1) { totalCount pageInfo { hasNextPage } edges { node { ${NEURON} } } } } }`,
    variables: { h: H60, x: X60 },
    expected: async (analysis) => {
      const { sharedNeurons, ...overlap } = withProvenance(await analysis.overlap(H60, X60));
      assert.ok(sharedNeurons.length > 2, 'enough shared neurons to page');
      const inLayer1 = sharedNeurons.filter((n) => n.layer === 1);
      return {
        overlap: {
          ...overlap,
          sharedNeurons,
          firstTwo: sharedNeurons.slice(0, 2),
          sharedNeuronsConnection: { totalCount: sharedNeurons.length, pageInfo: { hasNextPage: true }, edges: sharedNeurons.slice(0, 2).map((node) => ({ node })) },
          layer1: { totalCount: inLayer1.length, pageInfo: { hasNextPage: false }, edges: inLayer1.map((node) => ({ node })) },
        },
      };
    },
  },
  ablationOp('ablation ZERO of TOP with controls', { model: 'helpful', set: { kind: 'TOP', of: 'HELPFUL', helpful: H }, dataset: 'help', mode: 'ZERO', controls: 3 }),
  ablationOp('ablation MEAN of ONLY', { model: 'harmless', set: { kind: 'ONLY', of: 'HARMLESS', helpful: H, harmless: X }, dataset: 'harm', mode: 'MEAN', controls: 2 }),
  ablationOp('ablation SCALE (alpha) of SHARED', { model: 'mixed', set: { kind: 'SHARED', helpful: H60, harmless: X60 }, dataset: 'help', mode: 'SCALE', alpha: 0.5, controls: 2 }),
  ablationOp('ablation of RANDOM matchedTo TOP', { model: 'harmless', set: { kind: 'RANDOM', matchedTo: 'TOP', of: 'HARMLESS', harmless: X, seed: 7 }, dataset: 'harm', controls: 0 }),
  ablationOp('ablation of RANDOM percent', { model: 'mixed', set: { kind: 'RANDOM', percent: 20, seed: 3 }, dataset: 'harm', controls: 0 }),
  ablationOp('ablation of ALL with the defaults (ZERO, 10 controls)', { model: 'mixed', set: { kind: 'ALL' }, dataset: 'harm' }),
  ablationOp('ablation of LIST', { model: 'helpful', set: { kind: 'LIST', neurons: [{ layer: 0, index: 0 }, { layer: 1, index: 3 }] }, dataset: 'help', controls: 2 }),
  ablationOp('ablation of ENTROPY', {
    model: 'mixed',
    set: { kind: 'ENTROPY', of: 'HELPFUL', percent: 20, helpful: sel('helpful', 'help', 30, 'PROBABILITY'), harmless: sel('harmless', 'harm', 30, 'PROBABILITY') },
    dataset: 'help',
    controls: 1,
  }),
  ablationOp('ablation of the mixed RM\'s TOP in layer region 1', { model: 'mixed', set: { kind: 'TOP', of: 'MIXED', mixed: M, region: 1 }, dataset: 'harm', controls: 2 }),
  {
    name: 'threeWayOverlap, layerRegions, RewardModel.layerRegions and pooled neurons',
    computes: true,
    query: `query ($h: NeuronSelectionInput!, $x: NeuronSelectionInput!, $m: NeuronSelectionInput!, $set: NeuronSetInput!) {
      threeWayOverlap(helpful: $h, harmless: $x, mixed: $m) { neuronCount helpfulSize harmlessSize mixedSize shared expectedShared pValue
        expectedSharedGivenHelpfulHarmless pValueGivenHelpfulHarmless sharedNeurons { ${NEURON} } ${PROVENANCE}
        helpfulHarmless { first second firstOnly secondOnly shared total jaccard sharedShareOfFirst sharedShareOfSecond expectedShared pValue }
        helpfulMixed { first second shared pValue } harmlessMixed { first second shared pValue } }
      layerRegions(model: "mixed", set: $set) { region { index name firstLayer lastLayer neurons } neurons share expectedShare }
      model(id: "mixed") { layerRegions { index name firstLayer lastLayer neurons } neurons(dataset: "help", pooledWith: ["harm"], method: MAGNITUDE, topPercent: 40) { ${NEURON_SCORE} } } }`,
    variables: { h: H60, x: X60, m: M, set: { kind: 'TOP', of: 'MIXED', mixed: M } },
    expected: async (analysis) => {
      const three = withProvenance(await analysis.threeWayOverlap(H60, X60, M));
      const pick = ({ first, second, shared, pValue }: typeof three.helpfulMixed) => ({ first, second, shared, pValue });
      const regions = await analysis.regionShares('mixed', { kind: 'TOP', of: 'MIXED', mixed: M });
      return {
        threeWayOverlap: { ...three, helpfulMixed: pick(three.helpfulMixed), harmlessMixed: pick(three.harmlessMixed) },
        layerRegions: regions,
        model: {
          layerRegions: regions.map((r) => r.region),
          neurons: (await analysis.neurons('mixed', 'help', 'MAGNITUDE', 40, {}, 'MAGNITUDE', ['harm'])).value,
        },
      };
    },
  },
  {
    name: 'pSweep (no controls, 3 controls)',
    computes: true,
    query: `query ($h: NeuronSelectionInput!, $x: NeuronSelectionInput!) { pSweep(model: "mixed", helpful: $h, harmless: $x, dataset: "help") { ${SWEEP_POINT} }
      controlled: pSweep(model: "harmless", helpful: $h, harmless: $x, dataset: "harm", controls: 3) { ${SWEEP_POINT} } }`,
    variables: { h: H, x: X },
    expected: async (analysis) => ({
      pSweep: (await analysis.pSweep('mixed', H, X, 'help')).value,
      controlled: (await analysis.pSweep('harmless', H, X, 'harm', 3)).value,
    }),
  },
  {
    name: 'frontier (given alphas, default alphas)',
    computes: true,
    query: `query ($set: NeuronSetInput!) {
      frontier(model: "mixed", helpful: "help", harmless: "harm", set: $set, alphas: [0, 0.5, 1.5]) { alpha helpfulAccuracy harmlessAccuracy helpfulDelta harmlessDelta }
      defaults: frontier(model: "helpful", helpful: "help", harmless: "harm", set: { kind: ALL }) { alpha helpfulAccuracy harmlessAccuracy helpfulDelta harmlessDelta } }`,
    variables: { set: { kind: 'TOP', of: 'HARMLESS', harmless: X } },
    expected: async (analysis) => ({
      frontier: (await analysis.frontier('mixed', { kind: 'TOP', of: 'HARMLESS', harmless: X }, 'help', 'harm', [0, 0.5, 1.5])).value,
      defaults: (await analysis.frontier('helpful', { kind: 'ALL' }, 'help', 'harm', FRONTIER_ALPHAS)).value,
    }),
  },
  {
    name: 'transferability',
    computes: true,
    query: `{ transferability(from: "helpful", to: "mixed", dataset: "help") { ${TRANSFERABILITY} }
      back: transferability(from: "mixed", to: "harmless", dataset: "harm") { ${TRANSFERABILITY} } }`,
    expected: async (analysis) => ({
      transferability: transferabilityJson((await analysis.transferability('helpful', 'mixed', 'help')).value),
      back: transferabilityJson((await analysis.transferability('mixed', 'harmless', 'harm')).value),
    }),
  },
  {
    name: 'correspondence',
    computes: true,
    query: `{ correspondence(a: "helpful", b: "mixed", dataset: "help") { meanCorrelation medianCorrelation shareAboveHalf neurons ${PROVENANCE} }
      other: correspondence(a: "helpful", b: "harmless", dataset: "harm") { meanCorrelation medianCorrelation shareAboveHalf neurons ${PROVENANCE} } }`,
    expected: async (analysis) => ({
      correspondence: withProvenance(await analysis.correspondence('helpful', 'mixed', 'help')),
      other: withProvenance(await analysis.correspondence('helpful', 'harmless', 'harm')),
    }),
  },
];

// ---------------------------------------------------------------------------------------------
// 1. Every operation equals the facade

test('every query over HTTP equals the facade\'s answer to the same request', async () => {
  const world = serverWorld();
  const server = await serve(world.deps);
  try {
    for (const op of OPERATIONS) {
      const { data } = await gql(server, op.query, op.variables);
      const expected = await op.expected(world.service, world.deps);
      assert.deepEqual(data, expected, `${op.name}\n${report(server, op.query, op.variables ?? {}, JSON.stringify(data))}`);
    }
    // Every ablation row above was a computation of its own: the table covers distinct requests.
    const keys = OPERATIONS.filter((op) => op.name.startsWith('ablation')).map((op) => op.variables);
    assert.equal(new Set(keys.map((k) => JSON.stringify(k))).size, keys.length);
  } finally {
    await server.stop();
    await world.close();
  }
});

test('cursor paging over HTTP: pages joined by endCursor are the facade\'s whole list', async () => {
  const world = serverWorld();
  const server = await serve(world.deps);
  try {
    /** Follows `endCursor` until the last page; returns every node. */
    const pages = async (query: string, variables: Variables, connectionOf: (data: Json) => Json) => {
      const nodes: unknown[] = [];
      let after: string | null = null;
      for (;;) {
        const connection = connectionOf((await gql(server, query, { ...variables, after })).data);
        nodes.push(...connection.edges.map((e: Json) => e.node));
        assert.equal(connection.pageInfo.endCursor, connection.edges.at(-1)?.cursor ?? null);
        if (!connection.pageInfo.hasNextPage) return nodes;
        after = connection.pageInfo.endCursor;
      }
    };
    const scores = await pages(
      `query ($after: String) { model(id: "helpful") { neuronsConnection(dataset: "help", method: PROBABILITY, topPercent: 70, first: 3, after: $after) {
        pageInfo { hasNextPage endCursor } edges { cursor node { ${NEURON_SCORE} } } } } }`,
      {}, (d) => d.model.neuronsConnection);
    assert.deepEqual(scores, (await world.service.neurons('helpful', 'help', 'PROBABILITY', 70)).value);
    const shared = await pages(
      `query ($h: NeuronSelectionInput!, $x: NeuronSelectionInput!, $after: String) { overlap(helpful: $h, harmless: $x) {
        sharedNeuronsConnection(first: 1, after: $after) { pageInfo { hasNextPage endCursor } edges { cursor node { ${NEURON} } } } } }`,
      { h: H60, x: X60 }, (d) => d.overlap.sharedNeuronsConnection);
    assert.deepEqual(shared, (await world.service.overlap(H60, X60)).value.sharedNeurons);
  } finally {
    await server.stop();
    await world.close();
  }
});

test('explicit null arguments mean the schema\'s defaults: the same answer from the same row', async () => {
  const world = serverWorld();
  const server = await serve(world.deps);
  try {
    // Each pair: the arguments omitted, then given as null (what a client with optional variables sends).
    const pairs: [string, string, Variables?][] = [
      [`{ ablation(model: "mixed", set: { kind: ALL }, dataset: "help") { ${ABLATION} } }`,
        `{ ablation(model: "mixed", set: { kind: ALL, of: null, seed: null }, dataset: "help", mode: null, alpha: null, controls: null) { ${ABLATION} } }`],
      [`{ model(id: "helpful") { neuronsConnection(dataset: "help", method: MAGNITUDE, topPercent: 60) { totalCount edges { cursor node { rank } } } } }`,
        `{ model(id: "helpful") { neuronsConnection(dataset: "help", method: MAGNITUDE, topPercent: 60, first: null, after: null, layer: null) { totalCount edges { cursor node { rank } } } } }`],
      [`query ($h: NeuronSelectionInput!, $x: NeuronSelectionInput!) { overlap(helpful: $h, harmless: $x) { cacheKey sharedNeurons { ${NEURON} } sharedNeuronsConnection { totalCount edges { node { ${NEURON} } } } } }`,
        `query ($h: NeuronSelectionInput!, $x: NeuronSelectionInput!) { overlap(helpful: $h, harmless: $x) { cacheKey sharedNeurons(first: null) { ${NEURON} } sharedNeuronsConnection(first: null, after: null, layer: null) { totalCount edges { node { ${NEURON} } } } } }`,
        { h: H60, x: X60 }],
      ['{ frontier(model: "mixed", helpful: "help", harmless: "harm", set: { kind: ALL }) { alpha helpfulAccuracy } }',
        '{ frontier(model: "mixed", helpful: "help", harmless: "harm", set: { kind: ALL }, alphas: null) { alpha helpfulAccuracy } }'],
      [`query ($h: NeuronSelectionInput!, $x: NeuronSelectionInput!) { pSweep(model: "mixed", helpful: $h, harmless: $x, dataset: "help") { ${SWEEP_POINT} } }`,
        `query ($h: NeuronSelectionInput!, $x: NeuronSelectionInput!) { pSweep(model: "mixed", helpful: $h, harmless: $x, dataset: "help", controls: null) { ${SWEEP_POINT} } }`,
        { h: H, x: X }],
      ['{ tension { interference { delta } } }', '{ tension(zoo: null) { interference { delta } } }'],
      ['{ jobs { id state } }', '{ jobs(state: null) { id state } }'],
    ];
    for (const [omitted, nulls, variables] of pairs) {
      const first = (await gql(server, omitted, variables)).data;
      const calls = engineCalls(world.calls);
      const again = JSON.parse(JSON.stringify((await gql(server, nulls, variables)).data).replaceAll('"cached":true', '"cached":false'));
      assert.deepEqual(again, first, `${nulls}\nvs\n${omitted}`);
      assert.equal(engineCalls(world.calls), calls, `no new computation: ${nulls}`);
    }
    // registerModel and registerDataset with every optional argument null: the defaults apply.
    const root = realpathSync(world.world.dir);
    const modelFile = join(root, 'nulls.onnx');
    writeFileSync(modelFile, 'model harmless');
    const pairsFile = join(root, 'nulls.jsonl');
    writeFileSync(pairsFile, `${Array.from({ length: 10 }, (_, i) => JSON.stringify({ prompt: `q ${i}`, chosen: `fine ${i}`, rejected: `no ${i}` })).join('\n')}\n`);
    const { data } = await gql(server, `mutation ($m: String!, $d: String!) {
      registerModel(path: $m, name: null, objective: HARMLESS, base: null) { ${MODEL} }
      registerDataset(path: $d, name: null, objective: HELPFUL, format: null, evaluationOnly: null, prompt: null) { ${DATASET} } }`, { m: modelFile, d: pairsFile });
    assert.deepEqual(data, {
      registerModel: await modelJson(world.service, world.service.model(modelFile)),
      registerDataset: datasetJson(await world.service.describeDataset(`${pairsFile}#HELPFUL`)),
    });
    assert.deepEqual([data.registerModel.name, data.registerModel.base, data.registerDataset.name], ['nulls.onnx', null, 'nulls.jsonl#HELPFUL']);
    assert.ok(data.registerDataset.trainPairs > 0, 'split: evaluationOnly null is false');
  } finally {
    await server.stop();
    await world.close();
  }
});

test('mutations over HTTP: registerModel, registerDataset, unregisterModel, unregisterDataset equal the facade', async () => {
  const world = serverWorld();
  const server = await serve(world.deps);
  try {
    const root = realpathSync(world.world.dir);
    // The fake engine reads a registered file `model <id>` as that fake model: a copy of `helpful`.
    const modelFile = join(root, 'mine.onnx');
    writeFileSync(modelFile, 'model helpful');
    const pairsFile = join(root, 'pairs.jsonl');
    writeFileSync(pairsFile, `${Array.from({ length: 12 }, (_, i) => JSON.stringify({ prompt: `question ${i}`, chosen: `good answer ${i}`, rejected: `bad ${i}` })).join('\n')}\n`);
    const datasetId = `${pairsFile}#HARMLESS`;

    const model = await gql(server, `mutation ($path: String!) { registerModel(path: $path, name: "Mine", objective: HELPFUL, base: "base") { ${MODEL} } }`, { path: modelFile });
    assert.deepEqual(model.data, { registerModel: await modelJson(world.service, world.service.model(modelFile)) });
    assert.equal(model.data.registerModel.sha256, sha256('model helpful'));

    const dataset = await gql(server, `mutation ($path: String!) {
      registerDataset(path: $path, objective: HARMLESS, format: GENERIC, evaluationOnly: true, prompt: VERBATIM) { ${DATASET} } }`, { path: pairsFile });
    assert.deepEqual(dataset.data, { registerDataset: datasetJson(await world.service.describeDataset(datasetId)) });
    assert.equal(dataset.data.registerDataset.id, datasetId);

    // Both are served like any other: listed, described, evaluated (all 12 pairs: evaluation only).
    const listed = await gql(server, `query ($m: ID!, $d: ID!) { models { id } datasets { id } model(id: $m) { evaluation(dataset: $d) { ${EVALUATION} } } dataset(id: $d) { ${DATASET} } }`,
      { m: modelFile, d: datasetId });
    assert.deepEqual(listed.data, {
      models: world.service.listModels().map(({ id }) => ({ id })),
      datasets: (await world.service.listDatasets()).map(({ id }) => ({ id })),
      model: { evaluation: withProvenance(await world.service.evaluation(modelFile, datasetId)) },
      dataset: datasetJson(await world.service.describeDataset(datasetId)),
    });
    assert.ok(listed.data.models.some((m: Json) => m.id === modelFile) && listed.data.datasets.some((d: Json) => d.id === datasetId));
    assert.equal(listed.data.model.evaluation.pairs, 12);

    const unregister = `mutation ($m: ID!, $d: ID!) { unregisterModel(id: $m) unregisterDataset(id: $d) }`;
    assert.deepEqual((await gql(server, unregister, { m: modelFile, d: datasetId })).data, { unregisterModel: true, unregisterDataset: true });
    assert.equal(world.service.listModels().some((m) => m.id === modelFile), false);
    assert.deepEqual((await gql(server, unregister, { m: modelFile, d: datasetId })).data, { unregisterModel: false, unregisterDataset: false });
    assert.deepEqual((await gql(server, `query ($m: ID!, $d: ID!) { model(id: $m) { id } dataset(id: $d) { id } }`, { m: modelFile, d: datasetId })).data, { model: null, dataset: null });
  } finally {
    await server.stop();
    await world.close();
  }
});

test('jobs over HTTP: job, jobs, jobs(state:), buildZoo (queued, listed, cancelled), cancelJob equal the job runner\'s rows', async () => {
  // A slow ablation past a short budget runs as a job and holds the only job slot, so the zoo
  // build queues behind it and is cancelled before it could ever train.
  const world = serverWorld({ budgetMs: 50, ablationDelayMs: 2500 });
  const server = await serve(world.deps);
  const { jobs } = world.deps;
  try {
    const slow = await gqlError(server, `{ ablation(model: "mixed", set: { kind: ALL }, dataset: "help", controls: 0) { accuracy } }`);
    assert.equal(slow.code, 'COMPUTE_PENDING', slow.message);
    const analysisJob = slow.extensions.jobId as string;
    const running = (await gql(server, `{ jobs(state: RUNNING) { ${JOB} } }`)).data.jobs;
    assert.deepEqual(running.map((j: Json) => [j.id, j.kind]), [[analysisJob, 'analysis']], 'the analysis job holds the slot');

    // An explicit null seed is the default seed, 1: the build goes to `<zoo dir>/default`.
    const built = (await gql(server, `mutation ($seed: Int) { buildZoo(data: "default", seed: $seed) { ${JOB} } }`, { seed: null })).data.buildZoo;
    const request = JSON.parse((await jobs.get(built.id))!.requestJson);
    assert.deepEqual([request.data, request.seed, request.out.split('/').at(-1)], ['default', 1, 'default']);
    assert.deepEqual(built, jobJson(await jobs.get(built.id)));
    assert.deepEqual([built.kind, built.state, built.progress, built.startedAt, built.finishedAt], ['zooBuild', 'QUEUED', 0, null, null]);
    assert.match(built.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const queued = await gql(server, `{ all: jobs { id kind } queued: jobs(state: QUEUED) { ${JOB} } one: job(id: "${built.id}") { ${JOB} } none: job(id: "nope") { id } }`);
    assert.deepEqual(queued.data, {
      all: (await jobs.list()).map(({ id, kind }) => ({ id, kind })),
      queued: [jobJson(await jobs.get(built.id))],
      one: jobJson(await jobs.get(built.id)),
      none: null,
    });
    assert.equal(queued.data.all[0].id, built.id, 'newest first');

    const cancelled = (await gql(server, `mutation ($id: ID!) { cancelJob(id: $id) { ${JOB} } }`, { id: built.id })).data.cancelJob;
    assert.deepEqual(cancelled, jobJson(await jobs.get(built.id)));
    assert.equal(cancelled.state, 'CANCELLED');
    assert.ok(cancelled.finishedAt);
    assert.deepEqual((await gql(server, 'mutation { cancelJob(id: "nope") { id } }')).data, { cancelJob: null });

    // The analysis job runs to DONE; then its row, as served, is the runner's.
    let job: Json;
    do {
      await sleep(50);
      job = (await gql(server, `query ($id: ID!) { job(id: $id) { ${JOB} } }`, { id: analysisJob })).data.job;
    } while (job.state === 'QUEUED' || job.state === 'RUNNING');
    assert.deepEqual(job, jobJson(await jobs.get(analysisJob)));
    assert.equal(job.state, 'DONE');
    assert.deepEqual((await gql(server, `{ jobs(state: CANCELLED) { ${JOB} } done: jobs(state: DONE) { id } }`)).data, {
      jobs: [jobJson(await jobs.get(built.id))],
      done: [{ id: analysisJob }],
    });
    assert.equal((await jobs.get(built.id))?.startedAt, null, 'the cancelled build never started');
  } finally {
    await server.stop();
    await world.close();
  }
});

// ---------------------------------------------------------------------------------------------
// `neuron`: real ONNX models (the quick zoo), small slices of its datasets

test('neuron over HTTP (quick zoo) equals the facade', { timeout: 300_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rmlens-contract-neuron-'));
  const dbPath = join(dir, 'results.sqlite');
  const loadModel: ModelLoader = (path) => RewardModel.load(path);
  const rmlens = createContext({ dbPath, zooDirs: [await quickZooDir()], loadModel, resolveDataset: smallDataset });
  const deps = createServerDeps(rmlens, { version: '0.0.0-test', engineVersion: ENGINE_VERSION, mutationsNeedToken: false }, { budgetMs: 600_000, maxQueued: 20, zooDir: dirname(dbPath), log: () => {} });
  const server = await serve(deps);
  const { analysis } = rmlens;
  try {
    const h = sel('default/helpful', 'default/helpful', 10);
    const x = sel('default/harmless', 'default/harmless', 10);
    const neuron = { model: 'default/mixed', layer: 1, index: 3 };
    const datasets = { helpful: 'default/helpful', harmless: 'default/harmless' };
    const { data } = await gql(server, `query ($h: NeuronSelectionInput!, $x: NeuronSelectionInput!) {
      neuron(model: "default/mixed", layer: 1, index: 3) {
        layer index site model { ${MODEL} }
        scores(helpful: "default/helpful", harmless: "default/harmless") { dataset objective method score rank percentile neurons }
        membership(helpful: $h, harmless: $x) { membership inHelpful inHarmless }
        marginCorrelation(dataset: "default/harmless") { r pairs ${PROVENANCE} }
        ablation(helpful: "default/helpful", harmless: "default/harmless", controls: 1) { mode dataset objective ablation { ${ABLATION} } }
        topExamples(dataset: "default/helpful", part: HELD_OUT, by: MEAN, first: 3) { totalCount pageInfo { hasNextPage }
          edges { node { rank pairId side prompt response value tokens { text activation response } } } }
        histogram(dataset: "default/helpful", bins: 8) { binCount lo hi texts counts bins { low high count } ${PROVENANCE} } }
      unknown: neuron(model: "nope", layer: 0, index: 0) { site } }`, { h, x });
    const n = data.neuron;
    assert.equal(data.unknown, null);
    const detail = await analysis.neuron(neuron);
    assert.deepEqual({ layer: n.layer, index: n.index, site: n.site }, { layer: detail.layer, index: detail.index, site: detail.site });
    assert.deepEqual(n.model, await modelJson(analysis, analysis.model('default/mixed')));
    assert.deepEqual(n.scores, (await analysis.neuronScores(neuron, datasets)).value);
    assert.deepEqual(n.membership, (await analysis.neuronMembership(neuron, h, x)).value);
    assert.deepEqual(n.marginCorrelation, withProvenance(await analysis.neuronMarginCorrelation(neuron, 'default/harmless')));
    // Each effect is its own stored row, computed by the HTTP request and read by the facade.
    const effects = (await analysis.neuronAblation(neuron, datasets, 1)).value;
    assert.deepEqual(n.ablation, effects.map(({ ablation, ...effect }) => ({ ...effect, ablation: computedAblation(ablation) })));
    const page = (await analysis.neuronExamples(neuron, { dataset: 'default/helpful', part: 'heldOut' }, { by: 'MEAN', first: 3, offset: 0 })).value;
    assert.deepEqual(n.topExamples, {
      totalCount: page.totalCount,
      pageInfo: { hasNextPage: page.hasNextPage },
      // Texts and tokens exactly as stored; the token id is not part of the schema.
      edges: page.examples.map((e) => ({ node: { ...e, tokens: e.tokens && e.tokens.map(({ id: _id, ...t }) => t) } })),
    });
    const histogram = await analysis.neuronHistogram(neuron, { dataset: 'default/helpful', part: 'train' }, 8);
    const { bins: binCount, part: _part, ...fields } = withProvenance(histogram);
    const { bins, ...rest } = n.histogram;
    assert.deepEqual(rest, { binCount, ...fields });
    assert.deepEqual(bins.map((b: Json) => b.count), histogram.value.counts);
    assert.deepEqual([bins[0].low, bins.at(-1).high], [histogram.value.lo, histogram.value.hi]);

    // Explicit nulls mean the defaults (controls 0; TRAIN, MAX, first 5; bins 32): the omitted arguments' answers, rows and all.
    const detailQuery = (controls: string, examples: string, bins: string) => `{ neuron(model: "default/mixed", layer: 1, index: 3) {
      ablation(helpful: "default/helpful", harmless: "default/harmless"${controls}) { mode ablation { controls accuracy cacheKey } }
      topExamples(dataset: "default/helpful"${examples}) { totalCount edges { cursor node { rank pairId side value } } }
      histogram(dataset: "default/helpful"${bins}) { binCount counts ${PROVENANCE} } } }`;
    const omitted = (await gql(server, detailQuery('', '', ''))).data;
    assert.deepEqual((await gql(server, detailQuery(', controls: null', ', part: null, by: null, first: null, after: null', ', part: null, bins: null'))).data, omitted);
    assert.deepEqual([omitted.neuron.ablation[0].ablation.controls, omitted.neuron.topExamples.edges.length, omitted.neuron.histogram.binCount], [0, 5, 32]);

    // ENTROPY on a real model's two datasets (the fakes' activation probabilities are all 0 or 1, which leaves their ENTROPY set empty).
    const entropy: NeuronSetSpec = {
      kind: 'ENTROPY', of: 'HARMLESS', percent: 5,
      helpful: sel('default/mixed', 'default/helpful', 10, 'PROBABILITY'), harmless: sel('default/mixed', 'default/harmless', 10, 'PROBABILITY'),
    };
    const ablated = (await gql(server, `query ($set: NeuronSetInput!) { ablation(model: "default/mixed", set: $set, dataset: "default/harmless", controls: 1) { ${ABLATION} } }`, { set: entropy })).data;
    assert.deepEqual(ablated.ablation, computedAblation(await analysis.ablation({ model: 'default/mixed', set: entropy, dataset: 'default/harmless', mode: 'ZERO', controls: 1 })));
    assert.ok(ablated.ablation.neurons > 0, 'a non-empty ENTROPY set');
  } finally {
    await server.stop();
    await rmlens.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------------------------------------
// 2. A restarted server on the same database

/** Body after a restart: `cached` may only turn true; everything else (values, provenance) is unchanged. */
function sameBodyAfterRestart(before: Json, afterRestart: Json, path = '$'): void {
  if (Array.isArray(before)) {
    assert.ok(Array.isArray(afterRestart) && afterRestart.length === before.length, `${path}: ${JSON.stringify(afterRestart)}`);
    before.forEach((item, i) => sameBodyAfterRestart(item, afterRestart[i], `${path}[${i}]`));
  } else if (before !== null && typeof before === 'object') {
    assert.deepEqual(Object.keys(afterRestart ?? {}), Object.keys(before), path);
    for (const key of Object.keys(before)) {
      if (key === 'cached') assert.equal(afterRestart[key], true, `${path}.cached: served from the store after the restart`);
      else sameBodyAfterRestart(before[key], afterRestart[key], `${path}.${key}`);
    }
  } else {
    assert.equal(afterRestart, before, path);
  }
}

test('a restarted server on the same database serves the same bodies with zero engine calls', async () => {
  const dbPath = join(tempDir('rmlens-contract-restart-'), 'results.sqlite');
  const computing = OPERATIONS.filter((op) => op.computes);
  assert.ok(computing.length >= 10);

  const a = serverWorld({ dbPath });
  const serverA = await serve(a.deps);
  const bodies: string[] = [];
  for (const op of computing) bodies.push((await gql(serverA, op.query, op.variables)).text);
  assert.ok(engineCalls(a.calls) > 0, 'server A computed');
  assert.ok(bodies.some((b) => b.includes('"cached":false')), 'server A computed ablations');
  await serverA.stop();
  await a.close();

  // New fake models (new files of the same bytes), the same SQLite file.
  const b = serverWorld({ dbPath });
  const serverB = await serve(b.deps);
  try {
    for (const [i, op] of computing.entries()) {
      const { text } = await gql(serverB, op.query, op.variables);
      if (text === bodies[i]) continue;
      sameBodyAfterRestart(JSON.parse(bodies[i]), JSON.parse(text), op.name);
    }
    assert.equal(engineCalls(b.calls), 0, `server B ran the engine: ${JSON.stringify({ loads: b.calls.loads, rewards: b.calls.rewards.length, stats: b.calls.stats.length, ablated: b.calls.ablated.length, correlation: b.calls.correlation.length })}`);
  } finally {
    await serverB.stop();
    await b.close();
  }
});

// ---------------------------------------------------------------------------------------------
// 3. A changed model file

test('a rewritten model file is recomputed under new keys, never served from the old rows', async () => {
  const world = serverWorld();
  const server = await serve(world.deps);
  try {
    const root = realpathSync(world.world.dir);
    const file = join(root, 'swap.onnx');
    // Read as the fake `helpful` model now, as `mixed` (other margins, so other accuracies) after the rewrite.
    writeFileSync(file, 'model helpful');
    await gql(server, `mutation ($path: String!) { registerModel(path: $path, objective: HELPFUL, base: "base") { id } }`, { path: file });
    const query = `query ($id: ID!, $set: NeuronSetInput!) {
      model(id: $id) { sha256 evaluation(dataset: "help") { ${EVALUATION} } }
      ablation(model: $id, set: $set, dataset: "help", controls: 2) { ${ABLATION} } }`;
    const set: NeuronSetSpec = { kind: 'LIST', neurons: [{ layer: 0, index: 0 }, { layer: 1, index: 1 }] };
    const variables = { id: file, set };
    const ask = async () => (await gql(server, query, variables)).data;
    /** The facade's answers for a model of the same bytes (same sha256, so the same keys). */
    const facade = async (model: string) => ({
      evaluation: withProvenance(await world.service.evaluation(model, 'help')),
      ablation: (await world.service.ablation({ model, set, dataset: 'help', mode: 'ZERO', controls: 2 })).value,
    });

    const before = await ask();
    assert.equal(before.model.sha256, sha256('model helpful'));
    const asHelpful = await facade('helpful');
    assert.deepEqual(before.model.evaluation, asHelpful.evaluation);
    assert.deepEqual(pickAblation(before.ablation), asHelpful.ablation);
    const calls = engineCalls(world.calls);
    assert.equal((await ask()).ablation.cached, true);
    assert.equal(engineCalls(world.calls), calls, 'unchanged: served from the store');

    writeFileSync(file, 'model mixed');
    const changed = await ask();
    assert.ok(engineCalls(world.calls) > calls, 'the changed file was computed');
    assert.equal(changed.model.sha256, sha256('model mixed'));
    assert.notEqual(changed.model.evaluation.cacheKey, before.model.evaluation.cacheKey);
    assert.notEqual(changed.ablation.cacheKey, before.ablation.cacheKey);
    assert.equal(changed.ablation.cached, false);
    // The new bytes are the fake `mixed` model's: its numbers, under its keys.
    const asMixed = await facade('mixed');
    assert.deepEqual(changed.model.evaluation, asMixed.evaluation);
    assert.deepEqual(pickAblation(changed.ablation), asMixed.ablation);
    assert.notEqual(changed.model.evaluation.accuracy, before.model.evaluation.accuracy, 'other margins, other accuracy');

    // A zoo model's own file rewritten (same fake spec, other bytes): new sha256 and keys, computed again.
    const zooQuery = `{ model(id: "harmless") { sha256 evaluation(dataset: "harm") { ${EVALUATION} } } }`;
    const old = (await gql(server, zooQuery)).data.model;
    const callsBefore = engineCalls(world.calls);
    writeFileSync(world.world.modelPath('harmless'), 'model harmless, retrained');
    const now = (await gql(server, zooQuery)).data.model;
    assert.equal(now.sha256, sha256('model harmless, retrained'));
    assert.notEqual(now.evaluation.cacheKey, old.evaluation.cacheKey);
    assert.ok(world.calls.loads.slice(-1)[0] === 'harmless' && engineCalls(world.calls) > callsBefore, 'the new file was loaded and evaluated');
    assert.deepEqual(now.evaluation, withProvenance(await world.service.evaluation('harmless', 'harm')));
  } finally {
    await server.stop();
    await world.close();
  }
});

/** The value fields of a served ablation (provenance and `cached` left out). */
function pickAblation({ cached: _cached, computedAt: _computedAt, engineVersion: _engineVersion, cacheKey: _cacheKey, ...value }: Json): Ablation {
  return value;
}
