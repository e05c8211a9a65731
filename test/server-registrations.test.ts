/**
 * Registering models and datasets through GraphQL (executeOperation over fake engine models and
 * a real SQLite file): each mutation's answer, files confined to the roots (a symlink out of
 * them included), the refusals, and registrations surviving a restarted context on the same file.
 */
import assert from 'node:assert/strict';
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createGraphqlServer } from '../src/server/app.ts';
import { sha256 } from '../src/util/hash.ts';
import { tempDir } from './support/fakeEngine.ts';
import { execute, queryData, serverWorld, type ServerWorld } from './support/serverWorld.ts';

const server = createGraphqlServer({ log: () => {} });

// Real paths on both sides: the ids are real paths, and a temp folder may be reached through a symlink.
const root = realpathSync(tempDir('rmlens-root-'));
const outside = realpathSync(tempDir('rmlens-outside-'));
const dbPath = join(tempDir('rmlens-regdb-'), 'results.sqlite');
const modelFile = join(root, 'models', 'mine.onnx');
const pairsFile = join(root, 'pairs.jsonl');
const link = join(root, 'escape.onnx');

let world: ServerWorld;
before(() => {
  mkdirSync(join(root, 'models'));
  // The fake engine reads a file `model <id>` as that model: this is a copy of `helpful`.
  writeFileSync(modelFile, 'model helpful');
  writeFileSync(join(outside, 'secret.onnx'), 'model helpful');
  symlinkSync(join(outside, 'secret.onnx'), link);
  const rows = Array.from({ length: 20 }, (_, i) => JSON.stringify({ prompt: `question ${i}`, chosen: `good answer ${i}`, rejected: `bad ${i}` }));
  writeFileSync(pairsFile, `${rows.join('\n')}\n`);
  world = serverWorld({ dbPath, roots: [root] });
});
after(() => world.close());

const REGISTER_MODEL = `mutation ($path: String!, $name: String, $objective: Objective!, $base: ID) {
  registerModel(path: $path, name: $name, objective: $objective, base: $base) { id name objective sha256 base { id } } }`;
const REGISTER_DATASET = `mutation ($path: String!, $name: String, $objective: Objective!, $format: DatasetFormat, $evaluationOnly: Boolean, $prompt: PromptForm) {
  registerDataset(path: $path, name: $name, objective: $objective, format: $format, evaluationOnly: $evaluationOnly, prompt: $prompt) {
    id name objective trainPairs heldOutPairs droppedPairs source } }`;

const errorOf = async (query: string, variables: Record<string, unknown>) => {
  const body = await execute(server, world.context(), query, variables);
  assert.ok(body.errors?.length, `expected an error: ${JSON.stringify(body)}`);
  return { code: body.errors[0].extensions?.code, message: body.errors[0].message };
};

test('registerModel: id is the real path; the model is listed, hashed and evaluated like its content', async () => {
  const data = await queryData(server, world.context(), REGISTER_MODEL, { path: modelFile, name: 'My helpful RM', objective: 'HELPFUL', base: 'base' });
  assert.deepEqual(data.registerModel, { id: modelFile, name: 'My helpful RM', objective: 'HELPFUL', sha256: sha256('model helpful'), base: { id: 'base' } });
  // Registering again with fewer arguments updates the entry: the default name is the file name.
  const again = await queryData(server, world.context(), REGISTER_MODEL, { path: join(root, 'models', '..', 'models', 'mine.onnx'), objective: 'HELPFUL', base: 'base' });
  assert.deepEqual([again.registerModel.id, again.registerModel.name], [modelFile, 'mine.onnx']);
  const listed = await queryData(server, world.context(), `query ($id: ID!) { models { id } model(id: $id) { layers evaluation(dataset: "help") { accuracy pairs } } }`, { id: modelFile });
  assert.equal(listed.models.filter((m: { id: string }) => m.id === modelFile).length, 1);
  // Same bytes as `helpful`, so the same cache keys and numbers.
  const expected = (await world.service.evaluation('helpful', 'help')).value;
  assert.deepEqual(listed.model.evaluation, { accuracy: expected.accuracy, pairs: expected.pairs });
  assert.equal(listed.model.layers, 2);
});

test('registerDataset: id is real path + #OBJECTIVE; options are applied; the dataset is listed and evaluable', async () => {
  const data = await queryData(server, world.context(), REGISTER_DATASET, {
    path: pairsFile, name: 'My pairs', objective: 'HARMLESS', format: 'GENERIC', evaluationOnly: true, prompt: 'VERBATIM',
  });
  const id = `${pairsFile}#HARMLESS`;
  assert.deepEqual({ ...data.registerDataset, source: undefined }, {
    id, name: 'My pairs', objective: 'HARMLESS', trainPairs: 0, heldOutPairs: 20, droppedPairs: 0, source: undefined,
  });
  assert.match(data.registerDataset.source, /pairs\.jsonl \(generic, prompt verbatim, evaluation only\)/);
  const split = await queryData(server, world.context(), REGISTER_DATASET, { path: pairsFile, objective: 'HELPFUL' });
  assert.equal(split.registerDataset.id, `${pairsFile}#HELPFUL`);
  assert.equal(split.registerDataset.name, 'pairs.jsonl#HELPFUL');
  assert.equal(split.registerDataset.trainPairs + split.registerDataset.heldOutPairs, 20);
  assert.ok(split.registerDataset.trainPairs > 0);
  const listed = await queryData(server, world.context(), `query ($id: ID!) { datasets { id } model(id: "harmless") { evaluation(dataset: $id) { pairs } } }`, { id });
  assert.ok(listed.datasets.some((d: { id: string }) => d.id === id));
  assert.equal(listed.model.evaluation.pairs, 20);
});

test('refusals: relative, outside the roots, a symlink out of them, missing, not a file, unknown base, bad objective, not a dataset', async () => {
  assert.deepEqual(await errorOf(REGISTER_MODEL, { path: 'models/mine.onnx', objective: 'HELPFUL' }), { code: 'BAD_USER_INPUT', message: "path must be absolute, got 'models/mine.onnx'" });
  const out = await errorOf(REGISTER_MODEL, { path: join(outside, 'secret.onnx'), objective: 'HELPFUL' });
  assert.equal(out.code, 'BAD_USER_INPUT');
  assert.ok(out.message.startsWith(`${join(outside, 'secret.onnx')} is outside the allowed folders: ${root}`), out.message);
  const viaLink = await errorOf(REGISTER_DATASET, { path: link, objective: 'HELPFUL' });
  assert.equal(viaLink.code, 'BAD_USER_INPUT');
  assert.ok(viaLink.message.startsWith(`${link} (really ${join(outside, 'secret.onnx')}) is outside`), viaLink.message);
  const dotdot = await errorOf(REGISTER_MODEL, { path: join(root, '..', outside.split('/').pop()!, 'secret.onnx'), objective: 'HELPFUL' });
  assert.equal(dotdot.code, 'BAD_USER_INPUT');
  const missing = await errorOf(REGISTER_MODEL, { path: join(root, 'nope.onnx'), objective: 'HELPFUL' });
  assert.deepEqual(missing, { code: 'NOT_FOUND', message: `no such file: ${join(root, 'nope.onnx')}` });
  assert.deepEqual(await errorOf(REGISTER_MODEL, { path: join(root, 'models'), objective: 'HELPFUL' }), { code: 'BAD_USER_INPUT', message: `${join(root, 'models')} is not a file` });
  const base = await errorOf(REGISTER_MODEL, { path: modelFile, objective: 'HELPFUL', base: 'nobody' });
  assert.equal(base.code, 'NOT_FOUND');
  assert.match(base.message, /^base: unknown model 'nobody'; known: base, /);
  const objective = await errorOf(REGISTER_DATASET, { path: pairsFile, objective: 'MIXED' });
  assert.deepEqual(objective, { code: 'BAD_USER_INPUT', message: 'objective: a dataset teaches HELPFUL or HARMLESS, not MIXED' });
  const notData = await errorOf(REGISTER_DATASET, { path: modelFile, objective: 'HELPFUL' });
  assert.equal(notData.code, 'BAD_USER_INPUT');
  // Nothing of a refused registration is kept: not in the listing, not in the store.
  const { datasets } = await queryData(server, world.context(), '{ datasets { id } }');
  assert.ok(!datasets.some((d: { id: string }) => d.id === `${modelFile}#HELPFUL`));
  assert.equal(await world.store.registrations.has('dataset', `${modelFile}#HELPFUL`), false);
  const enumCheck = await execute(server, world.context(), `mutation { registerDataset(path: "${pairsFile}", objective: HELPFUL, format: CSV) { id } }`);
  assert.equal(enumCheck.errors?.[0].extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
});

test('unregister: built-ins refused, unknown ids false, a base of another model refused', async () => {
  const unregister = `mutation ($id: ID!) { unregisterModel(id: $id) }`;
  const unregisterDataset = `mutation ($id: ID!) { unregisterDataset(id: $id) }`;
  const zooModel = await errorOf(unregister, { id: 'helpful' });
  assert.equal(zooModel.code, 'BAD_USER_INPUT');
  assert.match(zooModel.message, /'helpful' is built in/);
  assert.equal((await errorOf(unregisterDataset, { id: 'help' })).code, 'BAD_USER_INPUT');
  assert.equal((await errorOf(unregisterDataset, { id: 'default/helpful' })).code, 'BAD_USER_INPUT');
  assert.deepEqual(await queryData(server, world.context(), unregister, { id: '/no/such/model.onnx' }), { unregisterModel: false });
  assert.deepEqual(await queryData(server, world.context(), unregisterDataset, { id: 'nope' }), { unregisterDataset: false });
  const child = join(root, 'models', 'child.onnx');
  writeFileSync(child, 'model mixed');
  await queryData(server, world.context(), REGISTER_MODEL, { path: child, objective: 'MIXED', base: modelFile });
  const parent = await errorOf(unregister, { id: modelFile });
  assert.equal(parent.code, 'BAD_USER_INPUT');
  assert.match(parent.message, /is the base of .*child\.onnx; unregister those first/);
  assert.deepEqual(await queryData(server, world.context(), unregister, { id: child }), { unregisterModel: true });
  assert.equal((await queryData(server, world.context(), `query ($id: ID!) { model(id: $id) { id } }`, { id: child })).model, null);
});

test('registrations survive a restarted context on the same database; unregistering is persisted too', async () => {
  await world.close();
  world = serverWorld({ dbPath, roots: [root] });
  assert.deepEqual(world.world.restoreProblems, []);
  const data = await queryData(server, world.context(), `query ($m: ID!, $d: ID!) {
    model(id: $m) { id name objective base { id } }
    dataset(id: $d) { id name objective trainPairs heldOutPairs } }`, { m: modelFile, d: `${pairsFile}#HARMLESS` });
  assert.deepEqual(data.model, { id: modelFile, name: 'mine.onnx', objective: 'HELPFUL', base: { id: 'base' } });
  assert.deepEqual(data.dataset, { id: `${pairsFile}#HARMLESS`, name: 'My pairs', objective: 'HARMLESS', trainPairs: 0, heldOutPairs: 20 });
  assert.deepEqual(await queryData(server, world.context(), `mutation ($d: ID!) { unregisterDataset(id: $d) }`, { d: `${pairsFile}#HARMLESS` }), { unregisterDataset: true });
  await world.close();

  // Roots narrowed since: the model is not restored (and says why), its row stays for when the root comes back.
  world = serverWorld({ dbPath, roots: [join(root, 'models', 'elsewhere')] });
  assert.equal(world.world.restoreProblems.length, 2);
  assert.match(world.world.restoreProblems.join('\n'), /model '.*mine\.onnx' not restored: .* is outside the allowed folders/);
  assert.equal((await queryData(server, world.context(), `query ($m: ID!) { model(id: $m) { id } }`, { m: modelFile })).model, null);
  await world.close();

  world = serverWorld({ dbPath, roots: [root] });
  const { datasets, model } = await queryData(server, world.context(), `query ($m: ID!) { datasets { id } model(id: $m) { id } }`, { m: modelFile });
  assert.deepEqual(datasets.map((d: { id: string }) => d.id), ['help', 'harm', `${pairsFile}#HELPFUL`]);
  assert.equal(model.id, modelFile);
});
