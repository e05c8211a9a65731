import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cacheKey, canonicalJson, ENGINE_VERSION } from '../src/analysis/cacheKeys.ts';
import { ResultStore } from '../src/db/store.ts';
import { sha256 } from '../src/util/hash.ts';

test('migrations apply on :memory: and a value round-trips with its arrays bit-exact', () => {
  const store = ResultStore.open(':memory:');
  assert.equal(store.countResults(), 0);
  const a = Float64Array.from([1.5, -0, NaN, Infinity, 1e-300]);
  const b = new Float64Array(0);
  const { key, keyJson } = cacheKey('rewards', { x: 1 });
  store.putMany([{ key, keyJson, kind: 'demo', value: { scalars: { n: 3, s: 'x' }, arrays: { a, b } }, computeMs: 1 }]);
  const back = store.get(key, 'demo');
  assert.ok(back);
  assert.deepEqual(back.scalars, { n: 3, s: 'x' });
  assert.deepEqual([...back.arrays.a], [...a]);
  assert.equal(back.arrays.b.length, 0);
  assert.throws(() => store.get(key, 'other'), /holds a 'demo' result/);
  store.close();
});

test('a throw part-way through a write leaves no row at all', () => {
  const store = ResultStore.open(':memory:');
  const good = cacheKey('rewards', { i: 1 });
  const bad = cacheKey('rewards', { i: 2 });
  // JSON.stringify throws on a BigInt: the second entry fails while the first is already inserted.
  assert.throws(() => store.putMany([
    { ...good, kind: 'demo', value: { scalars: 1, arrays: {} }, computeMs: 0 },
    { ...bad, kind: 'demo', value: { scalars: 1n, arrays: {} }, computeMs: 0 },
  ]), /BigInt/);
  assert.equal(store.get(good.key, 'demo'), undefined);
  assert.equal(store.countResults(), 0);
  store.close();
});

test('an upsert replaces the row under the same key', () => {
  const store = ResultStore.open(':memory:');
  const k = cacheKey('rewards', {});
  store.putMany([{ ...k, kind: 'demo', value: { scalars: 1, arrays: {} }, computeMs: 0 }]);
  store.putMany([{ ...k, kind: 'demo', value: { scalars: 2, arrays: {} }, computeMs: 0 }]);
  assert.equal(store.countResults(), 1);
  assert.equal(store.get(k.key, 'demo')?.scalars, 2);
  store.close();
});

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

test('a file is re-hashed only when its size or mtime changes, and persists across opens', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rmlens-store-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const dbPath = join(dir, 'r.sqlite');
  const file = join(dir, 'm.onnx');
  writeFileSync(file, 'one');
  // Whole seconds: utimes cannot restore a nanosecond mtime exactly.
  const mtime = new Date(1_700_000_000_000);
  utimesSync(file, mtime, mtime);
  let store = ResultStore.open(dbPath);
  assert.equal(await store.fileSha256(file), sha256('one'));
  store.close();
  // Same size and mtime, different bytes: the table is trusted (that is what makes the warm path cheap).
  writeFileSync(file, 'two');
  utimesSync(file, mtime, mtime);
  store = ResultStore.open(dbPath);
  assert.equal(await store.fileSha256(file), sha256('one'));
  utimesSync(file, mtime, new Date(mtime.getTime() + 5000));
  assert.equal(await store.fileSha256(file), sha256('two'));
  writeFileSync(file, 'three!');
  assert.equal(await store.fileSha256(file), sha256('three!'));
  store.close();
});
