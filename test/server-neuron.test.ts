/**
 * `Query.neuron` through `executeOperation` on a real context over the quick zoo (real ONNX
 * models, small slices of its datasets so a cold pass takes seconds): every field equals the
 * facade's answer to the same request, the README's example query answers cold and then warm
 * from the store with zero model loads, cursor pages of topExamples concatenate to one page,
 * and bad positions, unknown models and bad bin counts get the schema's answers.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { ENGINE_VERSION } from '../src/analysis/cacheKeys.ts';
import type { ModelLoader } from '../src/analysis/modelRegistry.ts';
import { withProvenance } from '../src/analysis/provenance.ts';
import { createContext, type RmlensContext } from '../src/context.ts';
import { RewardModel } from '../src/engine/rewardModel.ts';
import { createGraphqlServer } from '../src/server/app.ts';
import { createRequestContext, createServerDeps, type ServerContext } from '../src/server/context.ts';
import { quickZooDir } from './support/quickZoo.ts';
import { execute, queryData } from './support/serverWorld.ts';
import { smallDatasets } from './support/smallDatasets.ts';

const smallDataset = smallDatasets(60, 24);

const dir = mkdtempSync(join(tmpdir(), 'rmlens-server-neuron-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const server = createGraphqlServer({ log: () => {} });

/** The example query, verbatim (the README shows it too). */
const EXAMPLE_QUERY = `{ neuron(model: "default/helpful", layer: 0, index: 7) { topExamples(dataset: "default/helpful", first: 5) { edges { node { response tokens { text activation } } } } histogram(dataset: "default/helpful") { bins { low high count } } } }`;

/** A server over the quick zoo and a SQLite file (the same file again is a restarted server), counting model loads. */
interface World {
  rmlens: RmlensContext;
  loads: string[];
  context(): ServerContext;
}

async function world(dbPath: string): Promise<World> {
  const loads: string[] = [];
  const loadModel: ModelLoader = async (path) => {
    loads.push(path);
    return RewardModel.load(path);
  };
  const rmlens = createContext({ dbPath, zooDirs: [await quickZooDir()], loadModel, resolveDataset: smallDataset });
  const deps = createServerDeps(rmlens, { version: '0.0.0-test', engineVersion: ENGINE_VERSION, mutationsNeedToken: false }, { budgetMs: 600_000, maxQueued: 20, zooDir: dirname(dbPath), log: () => {} });
  return { rmlens, loads, context: () => createRequestContext(deps) };
}

/** Runs `body` on a fresh world over `dbPath`, closing it whatever happens. */
async function withWorld<T>(dbPath: string, body: (w: World) => Promise<T>): Promise<T> {
  const w = await world(dbPath);
  try {
    return await body(w);
  } finally {
    await w.rmlens.close();
  }
}

const NEURON = { model: 'default/mixed', layer: 1, index: 3 };
const DATASETS = { helpful: 'default/helpful', harmless: 'default/harmless' };
const sel = (model: string, dataset: string) => ({ model, dataset, method: 'MAGNITUDE' as const, topPercent: 10 });

test('every neuron field equals the facade\'s answer to the same request', { timeout: 300_000 }, async () => {
  await withWorld(join(dir, 'fields.sqlite'), async ({ rmlens: { analysis }, context }) => {
    const data = await queryData(server, context(), `query ($h: NeuronSelectionInput!, $x: NeuronSelectionInput!) {
      neuron(model: "default/mixed", layer: 1, index: 3) {
        layer index site model { id }
        scores(helpful: "default/helpful", harmless: "default/harmless") { dataset objective method score rank percentile neurons }
        membership(helpful: $h, harmless: $x) { membership inHelpful inHarmless }
        marginCorrelation(dataset: "default/harmless") { r pairs computedAt engineVersion cacheKey }
        ablation(helpful: "default/helpful", harmless: "default/harmless", controls: 2) { mode dataset objective
          ablation { neurons pairs baselineAccuracy accuracy deltaAccuracy deltaLow deltaHigh baselineMargin meanMargin deltaPerNeuron
                     controls controlMeanDelta controlStdDelta zScore computedAt engineVersion cacheKey } }
        topExamples(dataset: "default/helpful", part: HELD_OUT, by: MEAN, first: 4) { totalCount pageInfo { hasNextPage }
          edges { node { rank pairId side prompt response value tokens { text activation response } } } }
        histogram(dataset: "default/helpful", bins: 8) { binCount lo hi texts counts bins { low high count } computedAt engineVersion cacheKey }
      } }`, { h: sel('default/helpful', 'default/helpful'), x: sel('default/harmless', 'default/harmless') });
    const n = data.neuron;
    const site = (await analysis.modelInfo('default/mixed')).sites[1].name;
    assert.deepEqual([n.layer, n.index, n.site, n.model.id], [1, 3, site, 'default/mixed']);

    assert.deepEqual(n.scores, (await analysis.neuronScores(NEURON, DATASETS)).value);
    assert.deepEqual(n.membership, (await analysis.neuronMembership(NEURON, sel('default/helpful', 'default/helpful'), sel('default/harmless', 'default/harmless'))).value);
    assert.deepEqual(n.marginCorrelation, withProvenance(await analysis.neuronMarginCorrelation(NEURON, 'default/harmless')));
    const effects = (await analysis.neuronAblation(NEURON, DATASETS, 2)).value;
    assert.deepEqual(n.ablation, effects.map(({ ablation, ...effect }) => ({ ...effect, ablation: withProvenance(ablation) })));
    // Each effect is its own row: two modes on two datasets, four keys.
    assert.equal(new Set(n.ablation.map((e: any) => e.ablation.cacheKey)).size, 4);

    const page = (await analysis.neuronExamples(NEURON, { dataset: 'default/helpful', part: 'heldOut' }, { by: 'MEAN', first: 4, offset: 0 })).value;
    assert.equal(n.topExamples.totalCount, page.totalCount);
    assert.equal(n.topExamples.pageInfo.hasNextPage, page.hasNextPage);
    // Texts and tokens exactly as stored; the token id is not part of the schema.
    assert.deepEqual(n.topExamples.edges.map((e: any) => e.node), page.examples.map((e) => ({ ...e, tokens: e.tokens && e.tokens.map(({ id: _id, ...t }) => t) })));

    const histogram = await analysis.neuronHistogram(NEURON, { dataset: 'default/helpful', part: 'train' }, 8);
    const { bins: binCount, part: _part, ...fields } = withProvenance(histogram);
    const { bins, ...rest } = n.histogram;
    assert.deepEqual(rest, { binCount, ...fields });
    assert.deepEqual(bins.map((b: any) => b.count), histogram.value.counts);
    assert.equal(bins[0].low, histogram.value.lo);
    assert.equal(bins.at(-1).high, histogram.value.hi);
    for (let b = 1; b < bins.length; b++) assert.equal(bins[b].low, bins[b - 1].high, 'bins are contiguous');
  });
});

test('the example query answers cold, then warm from the store with zero model loads', { timeout: 300_000 }, async () => {
  const dbPath = join(dir, 'example.sqlite');
  // Each answer on a fresh context over the same file: a warm answer is a restarted server's.
  const cold = await withWorld(dbPath, async ({ loads, context }) => {
    const data = await queryData(server, context(), EXAMPLE_QUERY);
    assert.ok(loads.length > 0, 'a cold answer computes');
    return data;
  });
  const { edges } = cold.neuron.topExamples;
  assert.equal(edges.length, 5);
  for (const { node } of edges) assert.ok(node.response.length > 0 && node.tokens.length > 0);
  assert.equal(cold.neuron.histogram.bins.length, 32);
  assert.equal(cold.neuron.histogram.bins.reduce((s: number, b: { count: number }) => s + b.count, 0), 2 * 60);

  const warm = await withWorld(dbPath, async ({ loads, context }) => {
    const data = await queryData(server, context(), EXAMPLE_QUERY);
    assert.deepEqual(loads, [], 'a warm answer loads no model');
    return data;
  });
  assert.deepEqual(warm, cold);
});

test('topExamples pages joined by `after` are the one-page list; bad requests get BAD_USER_INPUT or null', { timeout: 300_000 }, async () => {
  await withWorld(join(dir, 'paging.sqlite'), async ({ context }) => {
    const page = `query ($first: Int, $after: String) { neuron(model: "default/helpful", layer: 0, index: 7) {
      topExamples(dataset: "default/helpful", first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { rank pairId side value } } } } }`;
    const whole = (await queryData(server, context(), page, { first: 20 })).neuron.topExamples;
    assert.equal(whole.edges.length, whole.totalCount);
    assert.equal(whole.pageInfo.hasNextPage, false);
    const joined: unknown[] = [];
    let after: string | null = null;
    for (;;) {
      const c: any = (await queryData(server, context(), page, { first: 3, after })).neuron.topExamples;
      assert.equal(c.totalCount, whole.totalCount);
      joined.push(...c.edges);
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    assert.deepEqual(joined, whole.edges);
    assert.deepEqual(whole.edges.map((e: any) => e.node.rank), whole.edges.map((_: unknown, i: number) => i + 1));

    const codeOf = async (query: string, variables: Record<string, unknown> = {}) => (await execute(server, context(), query, variables)).errors?.[0]?.extensions?.code;
    assert.equal(await codeOf('{ neuron(model: "default/helpful", layer: 99, index: 0) { site } }'), 'BAD_USER_INPUT');
    assert.equal(await codeOf('{ neuron(model: "default/helpful", layer: 0, index: 100000) { site } }'), 'BAD_USER_INPUT');
    assert.equal(await codeOf('{ neuron(model: "default/helpful", layer: -1, index: 0) { site } }'), 'BAD_USER_INPUT');
    assert.deepEqual(await queryData(server, context(), '{ neuron(model: "nope", layer: 0, index: 0) { site } }'), { neuron: null });
    const histogram = '{ neuron(model: "default/helpful", layer: 0, index: 7) { histogram(dataset: "default/helpful", bins: 3) { counts } } }';
    assert.equal(await codeOf(histogram), 'BAD_USER_INPUT');
    assert.equal(await codeOf(page, { first: 21 }), 'BAD_USER_INPUT');
    assert.equal(await codeOf(page, { first: 3, after: 'not-a-cursor' }), 'BAD_USER_INPUT');
  });
});
