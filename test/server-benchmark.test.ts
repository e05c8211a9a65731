/**
 * Reward benchmarks and the tie rule over GraphQL: `RewardModel.benchmark` and `evaluation(ties:)`
 * answer what the analysis answers, a benchmark file registered with its format and pairing is
 * read that way, and a dataset without subsets is BAD_USER_INPUT.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { withProvenance } from '../src/analysis/provenance.ts';
import { createGraphqlServer } from '../src/server/app.ts';
import { execute, queryData, serverWorld, type ServerWorld } from './support/serverWorld.ts';

const server = createGraphqlServer({ log: () => {} });
let world: ServerWorld;
before(() => { world = serverWorld(); });
after(() => world.close());

const GROUP = 'name category objective accuracy accuracyLow accuracyHigh rows pairs tiedPairs';
const BENCHMARK = `format scoring pairing ties overall { ${GROUP} } categories { ${GROUP} } subsets { ${GROUP} } computedAt engineVersion cacheKey`;

test('benchmark(dataset, ties) of a registered RM-Bench file read with DIAGONAL pairings equals the analysis', async () => {
  const file = join(world.world.dir, 'rmb.jsonl');
  const rows = [
    { prompt: 'qa', chosen: ['a1', 'a2', 'a3'], rejected: ['b1', 'b2', 'b3'], domain: 'chat' },
    { prompt: 'qb', chosen: ['c1', 'c2', 'c3'], rejected: ['d1', 'd2', 'd3'], domain: 'code' },
    { prompt: 'qc', chosen: ['e1', 'e2', 'e3'], rejected: ['f1', 'f2', 'f3'], domain: 'safety-response' },
  ];
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
  const registered = await queryData(server, world.context(), `mutation ($path: String!) {
    registerDataset(path: $path, objective: HELPFUL, format: RMBENCH, pairing: DIAGONAL, evaluationOnly: false) { id trainPairs heldOutPairs } }`, { path: file });
  const id = `${file}#HELPFUL`;
  // Two helpful rows (chat, code), three diagonal pairs each, all held out whatever evaluationOnly says.
  assert.deepEqual(registered.registerDataset, { id, trainPairs: 0, heldOutPairs: 6 });

  for (const ties of ['HALF', 'STRICT'] as const) {
    const data = await queryData(server, world.context(), `query ($id: ID!, $ties: TieRule) { model(id: "mixed") {
      benchmark(dataset: $id, ties: $ties) { ${BENCHMARK} } evaluation(dataset: $id, ties: $ties) { accuracy pairs } } }`, { id, ties });
    const expected = withProvenance(await world.service.benchmark('mixed', id, {}, ties));
    assert.deepEqual(data.model.benchmark, { ...expected, format: 'RMBENCH', pairing: 'DIAGONAL', scoring: 'PAIRS' });
    assert.deepEqual(data.model.benchmark.subsets.map((g: { name: string; pairs: number }) => [g.name, g.pairs]), [['chat', 3], ['code', 3]]);
    const evaluation = (await world.service.evaluation('mixed', id, {}, ties)).value;
    assert.deepEqual(data.model.evaluation, { accuracy: evaluation.accuracy, pairs: 6 });
  }
  // The mixed RM's margins run 1, −1, −1, 0 over the pairs: rows (1, −1, −1) and (0, 1, −1).
  const [half, strict] = await Promise.all([world.service.benchmark('mixed', id), world.service.benchmark('mixed', id, {}, 'STRICT')]);
  assert.deepEqual(half.value.subsets.map((g) => g.accuracy), [1 / 3, 1.5 / 3]);
  assert.deepEqual(strict.value.subsets.map((g) => g.accuracy), [1 / 3, 1 / 3]);
});

test('evaluation and tension take ties; the default is HALF and keeps the stored rows', async () => {
  const data = await queryData(server, world.context(), `{ model(id: "mixed") {
    half: evaluation(dataset: "help") { accuracy cacheKey } strict: evaluation(dataset: "help", ties: STRICT) { accuracy cacheKey } }
    tension(ties: STRICT) { rows { model { id } dataset { id } evaluation { accuracy } } } }`);
  const half = await world.service.evaluation('mixed', 'help');
  const strict = await world.service.evaluation('mixed', 'help', {}, 'STRICT');
  assert.deepEqual(data.model.half, { accuracy: half.value.accuracy, cacheKey: half.key });
  assert.deepEqual(data.model.strict, { accuracy: strict.value.accuracy, cacheKey: strict.key });
  // help's 8 held-out pairs under margins 1, −1, −1, 0: 2 right, 2 ties.
  assert.deepEqual([half.value.accuracy, strict.value.accuracy], [3 / 8, 2 / 8]);
  const row = data.tension.rows.find((r: { model: { id: string }; dataset: { id: string } }) => r.model.id === 'mixed' && r.dataset.id === 'help');
  assert.equal(row.evaluation.accuracy, strict.value.accuracy);
});

test('benchmark of a dataset without subsets is BAD_USER_INPUT', async () => {
  const body = await execute(server, world.context(), '{ model(id: "mixed") { benchmark(dataset: "help") { format } } }');
  assert.equal(body.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
  assert.match(body.errors?.[0].message ?? '', /not a reward benchmark/);
});
