import assert from 'node:assert/strict';
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cacheKey, canonicalJson, ENGINE_VERSION } from '../src/analysis/cacheKeys.ts';
import { SqliteResultStore } from '../src/db/sqliteStore.ts';
import { openStore } from '../src/db/store.ts';
import { sha256 } from '../src/util/hash.ts';
import { tempDir } from './support/fakeEngine.ts';
import { freshStore, STORE_BACKENDS } from './support/stores.ts';

test('sqlite: migrations apply on :memory:', async () => {
  const store = SqliteResultStore.open(':memory:');
  assert.equal(await store.countResults(), 0);
  await store.close();
});

for (const backend of STORE_BACKENDS) {
  test(`${backend.name}: migrations apply on a fresh database and a value round-trips with its arrays bit-exact`, async () => {
    const { store } = await freshStore(backend);
    assert.equal(await store.countResults(), 0);
    const a = Float64Array.from([1.5, -0, NaN, Infinity, 1e-300]);
    const b = new Float64Array(0);
    const { key, keyJson } = cacheKey('rewards', { x: 1 });
    await store.putMany([{ key, keyJson, kind: 'demo', value: { scalars: { n: 3, s: 'x' }, arrays: { a, b } }, computeMs: 1 }]);
    const back = await store.get(key, 'demo');
    assert.ok(back);
    assert.deepEqual(back.scalars, { n: 3, s: 'x' });
    assert.deepEqual([...back.arrays.a], [...a]);
    assert.equal(back.arrays.b.length, 0);
    assert.equal(typeof back.createdAt, 'number');
    await assert.rejects(store.get(key, 'other'), /holds a 'demo' result/);
    const many = await store.getMany([{ key, kind: 'demo' }, { key: cacheKey('rewards', { x: 2 }).key, kind: 'demo' }]);
    assert.deepEqual([...many.keys()], [key]);
    assert.deepEqual([...many.get(key)!.arrays.a], [...a]);
    await store.close();
  });

  test(`${backend.name}: processes opening a fresh database together migrate it once`, async () => {
    const db = await backend.fresh();
    const stores = await Promise.all(Array.from({ length: 4 }, () => openStore(db)));
    const k = cacheKey('rewards', { together: true });
    await stores[0].putMany([{ ...k, kind: 'demo', value: { scalars: 1, arrays: {} }, computeMs: 0 }]);
    for (const store of stores) assert.equal(await store.countResults(), 1);
    for (const store of stores) await store.close();
  });

  test(`${backend.name}: a throw part-way through a write leaves no row at all`, async () => {
    const { store } = await freshStore(backend);
    const good = cacheKey('rewards', { i: 1 });
    const bad = cacheKey('rewards', { i: 2 });
    // JSON.stringify throws on a BigInt: the second entry fails while the first is already inserted.
    await assert.rejects(store.putMany([
      { ...good, kind: 'demo', value: { scalars: 1, arrays: {} }, computeMs: 0 },
      { ...bad, kind: 'demo', value: { scalars: 1n, arrays: {} }, computeMs: 0 },
    ]), /BigInt/);
    assert.equal(await store.get(good.key, 'demo'), undefined);
    assert.equal(await store.countResults(), 0);
    await store.close();
  });

  test(`${backend.name}: an upsert replaces the row under the same key`, async () => {
    const { store } = await freshStore(backend);
    const k = cacheKey('rewards', {});
    await store.putMany([{ ...k, kind: 'demo', value: { scalars: 1, arrays: {} }, computeMs: 0 }]);
    await store.putMany([{ ...k, kind: 'demo', value: { scalars: 2, arrays: {} }, computeMs: 0 }]);
    assert.equal(await store.countResults(), 1);
    assert.equal(await store.countResults('demo'), 1);
    assert.equal(await store.countResults('other'), 0);
    assert.equal((await store.get(k.key, 'demo'))?.scalars, 2);
    await store.close();
  });

  test(`${backend.name}: a file is re-hashed only when its size or mtime changes, and persists across opens`, async () => {
    const dir = tempDir('rmlens-store-');
    const { db, store: first } = await freshStore(backend);
    const file = join(dir, 'm.onnx');
    writeFileSync(file, 'one');
    // Whole seconds: utimes cannot restore a nanosecond mtime exactly.
    const mtime = new Date(1_700_000_000_000);
    utimesSync(file, mtime, mtime);
    assert.equal(await first.fileSha256(file), sha256('one'));
    await first.close();
    // Same size and mtime, different bytes: the table is trusted (that is what makes the warm path cheap).
    writeFileSync(file, 'two');
    utimesSync(file, mtime, mtime);
    const store = await openStore(db);
    assert.equal(await store.fileSha256(file), sha256('one'));
    utimesSync(file, mtime, new Date(mtime.getTime() + 5000));
    assert.equal(await store.fileSha256(file), sha256('two'));
    writeFileSync(file, 'three!');
    assert.equal(await store.fileSha256(file), sha256('three!'));
    await store.close();
  });

  test(`${backend.name}: registrations: upsert keeps the first registration time and order, delete, has`, async () => {
    const { db, store } = await freshStore(backend);
    const model = { path: '/m/a.onnx', name: 'a', objective: 'HELPFUL' as const, base: null };
    const dataset = { path: '/d/h.jsonl', name: null, objective: 'HELPFUL' as const, format: 'auto' as const, prompt: 'hh' as const, evaluationOnly: false };
    await store.registrations.putModel('/m/a.onnx', model);
    await store.registrations.putDataset('/d/h.jsonl#HELPFUL', dataset);
    await store.registrations.putModel('/m/b.onnx', { ...model, path: '/m/b.onnx', name: 'b', base: '/m/a.onnx' });
    // Re-registered: new content, same place in the order.
    await store.registrations.putModel('/m/a.onnx', { ...model, name: 'renamed' });
    const rows = await store.registrations.list();
    assert.deepEqual(rows.map((r) => [r.kind, r.id]), [['model', '/m/a.onnx'], ['dataset', '/d/h.jsonl#HELPFUL'], ['model', '/m/b.onnx']]);
    assert.equal(rows[0].kind === 'model' && rows[0].model.name, 'renamed');
    assert.equal(await store.registrations.has('model', '/m/a.onnx'), true);
    assert.equal(await store.registrations.has('dataset', '/m/a.onnx'), false);
    assert.equal(await store.registrations.delete('model', '/m/b.onnx'), true);
    assert.equal(await store.registrations.delete('model', '/m/b.onnx'), false);
    await store.close();
    const again = await openStore(db);
    assert.deepEqual((await again.registrations.list()).map((r) => r.id), ['/m/a.onnx', '/d/h.jsonl#HELPFUL']);
    await again.close();
  });

  test(`${backend.name}: jobs: guarded state changes, newest first, interruptAll`, async () => {
    const { store } = await freshStore(backend);
    const { jobs } = store;
    const one = await jobs.insert({ id: 'j1', kind: 'analysis', requestKey: 'k1', requestJson: '{}' });
    assert.deepEqual([one.state, one.progress, one.startedAt, one.finishedAt], ['QUEUED', 0, null, null]);
    await jobs.insert({ id: 'j2', kind: 'zooBuild', requestKey: 'k2', requestJson: '{"a":1}' });
    await jobs.insert({ id: 'j3', kind: 'analysis', requestKey: 'k3', requestJson: '{}' });
    assert.equal(await jobs.start('j1'), true);
    const startedAt = (await jobs.get('j1'))!.startedAt;
    assert.equal(await jobs.start('j1'), true, 'a RUNNING job stays RUNNING (another server sharing the store started it)');
    assert.equal((await jobs.get('j1'))!.startedAt, startedAt, 'with its first start time');
    await jobs.progress('j1', 0.5, 'half');
    await jobs.progress('j2', 0.5, 'not running: ignored');
    const running = (await jobs.get('j1'))!;
    assert.deepEqual([running.state, running.progress, running.message], ['RUNNING', 0.5, 'half']);
    assert.equal(typeof running.startedAt, 'number');
    assert.equal(await jobs.finish('j1', 'DONE'), true);
    assert.equal(await jobs.finish('j1', 'CANCELLED'), false, 'a finished job never changes again');
    const done = (await jobs.get('j1'))!;
    assert.deepEqual([done.state, done.progress, done.error], ['DONE', 1, null]);
    assert.equal(await jobs.finish('j2', 'FAILED', 'why'), true);
    assert.deepEqual([(await jobs.get('j2'))!.error, (await jobs.get('j2'))!.progress, (await jobs.get('j2'))!.message], ['why', 0, null]);
    assert.equal(await jobs.get('nope'), undefined);
    // Inserted within one millisecond or not, the later job lists first.
    assert.deepEqual((await jobs.list()).map((j) => j.id), ['j3', 'j2', 'j1']);
    assert.deepEqual((await jobs.list('QUEUED')).map((j) => j.id), ['j3']);
    assert.equal(await jobs.interruptAll(), 1);
    const interrupted = (await jobs.get('j3'))!;
    assert.equal(interrupted.state, 'INTERRUPTED');
    assert.match(interrupted.error!, /server stopped/);
    await store.close();
  });
}

test('keys: canonical over member order, different for any changed input or engine version', () => {
  assert.equal(cacheKey('scores', { a: 1, b: { c: 2, d: [1, 2] } }).key, cacheKey('scores', { b: { d: [1, 2], c: 2 }, a: 1 }).key);
  assert.notEqual(cacheKey('scores', { dataset: 'h1' }).key, cacheKey('scores', { dataset: 'h2' }).key);
  assert.notEqual(cacheKey('scores', {}).key, cacheKey('sweep', {}).key);
  const json = cacheKey('scores', { dataset: 'h1' }).keyJson;
  assert.ok(json.includes(`"engineVersion":${ENGINE_VERSION}`));
  const otherVersion = canonicalJson({ kind: 'scores', engineVersion: ENGINE_VERSION + 1, params: { dataset: 'h1' } });
  assert.notEqual(sha256(otherVersion), cacheKey('scores', { dataset: 'h1' }).key);
  assert.throws(() => cacheKey('scores', { alpha: NaN }), /non-finite/);
});
