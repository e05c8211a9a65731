/**
 * Per-request batching and provenance: every `evaluation` field of one request is ONE read of
 * the results store (the evaluation DataLoader through Analysis.evaluations), and stored
 * results carry their row's key, creation time and engine version. Also `tension(zoo:)`, whose
 * report is one read per kind of result.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ENGINE_VERSION } from '../src/analysis/cacheKeys.ts';
import { createGraphqlServer } from '../src/server/app.ts';
import { engineCalls, execute, queryData, serverWorld, type ServerWorld } from './support/serverWorld.ts';

const server = createGraphqlServer({ log: () => {} });
let world: ServerWorld;
before(() => { world = serverWorld(); });
after(() => world.close());

/** Counts reads of the results table (one-key and many-key) while `run` runs. */
async function countReads<T>(run: () => Promise<T>): Promise<{ result: T; get: number; getMany: number }> {
  const { store } = world;
  const counts = { get: 0, getMany: 0 };
  const get = store.get.bind(store);
  const getMany = store.getMany.bind(store);
  store.get = (...args) => { counts.get++; return get(...args); };
  store.getMany = (...args) => { counts.getMany++; return getMany(...args); };
  try {
    return { result: await run(), ...counts };
  } finally {
    store.get = get;
    store.getMany = getMany;
  }
}

const ALL_MODELS = '{ models { id evaluation(dataset: "help") { accuracy pairs computedAt engineVersion cacheKey } } }';

test('every model evaluated in one request: one store read when warm, misses computed once each when cold', async () => {
  const cold = await countReads(() => queryData(server, world.context(), ALL_MODELS));
  // Cold: one batched read finds nothing, then each miss is looked up once more and computed.
  assert.deepEqual([cold.getMany, cold.get > 0], [1, true]);
  assert.equal(world.service.counts().byKind.evaluation.computed, 4);
  const calls = engineCalls(world.calls);
  const warm = await countReads(() => queryData(server, world.context(), ALL_MODELS));
  assert.deepEqual([warm.getMany, warm.get], [1, 0]);
  assert.equal(engineCalls(world.calls), calls);
  assert.deepEqual(warm.result, cold.result, 'same numbers and the same provenance: the rows were not rewritten');
  for (const model of warm.result.models) {
    const direct = await world.service.evaluation(model.id, 'help');
    assert.deepEqual(model.evaluation, {
      accuracy: direct.value.accuracy, pairs: direct.value.pairs,
      computedAt: new Date(direct.computedAt).toISOString(), engineVersion: ENGINE_VERSION, cacheKey: direct.key,
    });
  }
});

test('one failing evaluation of a batch fails only its own field', async () => {
  const { result: body, getMany } = await countReads(() => execute(server, world.context(),
    '{ bad: model(id: "helpful") { evaluation(dataset: "nope") { accuracy } } ok: model(id: "harmless") { evaluation(dataset: "harm") { pairs } } }'));
  assert.equal(getMany, 1);
  assert.deepEqual(body.errors?.map((e) => [e.path, e.extensions?.code]), [[['bad', 'evaluation'], 'NOT_FOUND']]);
  assert.deepEqual(body.data, { bad: null, ok: { evaluation: { pairs: 6 } } });
});

test('tension rows carry their evaluations with provenance, read once with the report; tension(zoo:) picks a zoo', async () => {
  const query = '{ tension(zoo: "fake") { rows { model { id } dataset { id } evaluation { accuracy cacheKey computedAt } } } }';
  await queryData(server, world.context(), query);
  const warm = await countReads(() => queryData(server, world.context(), query));
  // The report reads each kind of result with one select (evaluations with their rows' provenance,
  // rows by length, length baselines, interference, transferability); the rows' fields add no read.
  assert.deepEqual([warm.getMany, warm.get], [5, 0]);
  const row = warm.result.tension.rows.find((r: any) => r.model.id === 'mixed' && r.dataset.id === 'harm');
  const direct = await world.service.evaluation('mixed', 'harm');
  assert.deepEqual(row.evaluation, { accuracy: direct.value.accuracy, cacheKey: direct.key, computedAt: new Date(direct.computedAt).toISOString() });
  const unknown = await execute(server, world.context(), '{ tension(zoo: "hh-rlhf") { rows { dataset { id } } } }');
  assert.equal(unknown.errors?.[0].extensions?.code, 'NOT_FOUND');
  assert.equal(unknown.errors?.[0].message, "no zoo 'hh-rlhf' is loaded; loaded: fake");
});

test('ablation, overlap and correspondence carry provenance; a repeat reports the first computation', async () => {
  const sel = (model: string, dataset: string) => ({ model, dataset, method: 'MAGNITUDE', topPercent: 30 });
  const query = `query ($h: NeuronSelectionInput!, $x: NeuronSelectionInput!) {
    ablation(model: "mixed", set: { kind: SHARED, helpful: $h, harmless: $x }, dataset: "help", controls: 2) { accuracy cached computedAt engineVersion cacheKey }
    overlap(helpful: $h, harmless: $x) { shared computedAt engineVersion cacheKey }
    correspondence(a: "helpful", b: "mixed", dataset: "help") { meanCorrelation computedAt engineVersion cacheKey } }`;
  const variables = { h: sel('helpful', 'help'), x: sel('harmless', 'harm') };
  const first = await queryData(server, world.context(), query, variables);
  const second = await queryData(server, world.context(), query, variables);
  assert.deepEqual([first.ablation.cached, second.ablation.cached], [false, true]);
  for (const field of ['ablation', 'overlap', 'correspondence'] as const) {
    assert.equal(first[field].engineVersion, ENGINE_VERSION);
    assert.match(first[field].cacheKey, /^[0-9a-f]{64}$/);
    assert.ok(!Number.isNaN(Date.parse(first[field].computedAt)));
    assert.deepEqual([second[field].cacheKey, second[field].computedAt], [first[field].cacheKey, first[field].computedAt]);
  }
  // Overlap is counted per request from two stored score rows: it reports the newer one.
  const scores = await Promise.all([world.service.scores(sel('helpful', 'help') as any), world.service.scores(sel('harmless', 'harm') as any)]);
  const newer = scores[0].computedAt >= scores[1].computedAt ? scores[0] : scores[1];
  assert.deepEqual([first.overlap.cacheKey, first.overlap.computedAt], [newer.key, new Date(newer.computedAt).toISOString()]);
});
