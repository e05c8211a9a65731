/**
 * Cache maintenance on a real database (every backend of support/stores.ts): `cacheStats` per kind and engine version, and
 * `pruneResults` by engine version and by model sha256 (at any depth of the key), through the
 * store and through `rmlens cache stats|prune`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { canonicalJson, ENGINE_VERSION } from '../src/analysis/cacheKeys.ts';
import { REPO_ROOT } from '../src/config.ts';
import { openStore, type ResultEntry, type ResultStore } from '../src/db/store.ts';
import { freshStore, STORE_BACKENDS, type StoreBackend } from './support/stores.ts';
import { sha256 } from '../src/util/hash.ts';
import { tempDir } from './support/fakeEngine.ts';

const A = sha256('model a');
const B = sha256('model b');

/** A row as the analysis would key it, under any engine version. */
function entry(kind: string, engineVersion: number, params: unknown): ResultEntry {
  const keyJson = canonicalJson({ kind, engineVersion, params });
  return { key: sha256(keyJson), kind, keyJson, value: { scalars: { n: 1 }, arrays: { v: Float64Array.from([1, 2]) } }, computeMs: 1 };
}

const ROWS = [
  entry('rewards', ENGINE_VERSION - 1, { model: A, data: 'd1' }),
  entry('rewards', ENGINE_VERSION, { model: A, data: 'd1' }),
  entry('rewards', ENGINE_VERSION, { model: B, data: 'd1' }),
  // A names model A only inside its set's selection: pruning A must find it there.
  entry('ablation', ENGINE_VERSION, { model: B, data: 'd1', set: { kind: 'TOP', helpful: { scores: { model: A, base: null } } } }),
  entry('correlation', ENGINE_VERSION, { a: B, b: A, data: 'd1' }),
  // A dataset hash equal to A's sha would be a sha256 collision; a `data` field is never a model.
  entry('evaluation', ENGINE_VERSION, { model: B, data: A }),
];

async function filledStore(backend: StoreBackend): Promise<{ dbPath: string; store: ResultStore }> {
  const { db: dbPath, store } = await freshStore(backend);
  await store.putMany(ROWS);
  return { dbPath, store };
}

const rmlens = (...args: string[]) => spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'rmlens.js'), ...args], { encoding: 'utf8' });

for (const backend of STORE_BACKENDS) {
  test(`${backend.name}: cacheStats: rows and bytes per kind and engine version, age, file hashes`, async () => {
    const { store } = await filledStore(backend);
    const file = join(tempDir('rmlens-prune-'), 'm.onnx');
    writeFileSync(file, 'x');
    await store.fileSha256(file);
    const stats = await store.cacheStats();
    assert.equal(stats.rows, ROWS.length);
    assert.deepEqual(stats.byKind.map((k) => [k.kind, k.rows]), [['ablation', 1], ['correlation', 1], ['evaluation', 1], ['rewards', 3]]);
    assert.deepEqual(stats.byEngineVersion.map((v) => [v.engineVersion, v.rows]), [[ENGINE_VERSION - 1, 1], [ENGINE_VERSION, 5]]);
    // Bytes are key JSON + scalars JSON + the arrays BLOB (two Float64 numbers per row here).
    const rewardsBytes = ROWS.filter((r) => r.kind === 'rewards').reduce((n, r) => n + r.keyJson.length + JSON.stringify({ scalars: { n: 1 }, arrays: [['v', 2]] }).length + 16, 0);
    assert.equal(stats.byKind.find((k) => k.kind === 'rewards')!.bytes, rewardsBytes);
    assert.equal(stats.bytes, stats.byKind.reduce((n, k) => n + k.bytes, 0));
    assert.ok(stats.oldest !== null && stats.newest !== null && stats.oldest <= stats.newest);
    assert.equal(stats.fileHashes, 1);
    await store.close();
    const fresh = await freshStore(backend);
    const empty = await fresh.store.cacheStats();
    await fresh.store.close();
    assert.deepEqual(empty, { rows: 0, bytes: 0, byKind: [], byEngineVersion: [], oldest: null, newest: null, fileHashes: 0 });
  });

  test(`${backend.name}: pruneResults: by engine version, by model at any depth, both, dry run; refuses no condition`, async () => {
    const { store } = await filledStore(backend);
    await assert.rejects(store.pruneResults({}), /at least one condition/);
    const dry = await store.pruneResults({ modelSha256: A, dryRun: true });
    assert.deepEqual(dry.map((r) => r.kind).sort(), ['ablation', 'correlation', 'rewards', 'rewards']);
    assert.equal(await store.countResults(), ROWS.length, 'a dry run removes nothing');
    const both = await store.pruneResults({ modelSha256: A, engineOlderThan: ENGINE_VERSION });
    assert.deepEqual(both.map((r) => [r.kind, r.engineVersion]), [['rewards', ENGINE_VERSION - 1]]);
    assert.equal(await store.get(ROWS[0].key, 'rewards'), undefined);
    const byModel = await store.pruneResults({ modelSha256: A });
    assert.deepEqual(byModel.map((r) => r.key).sort(), [ROWS[1], ROWS[3], ROWS[4]].map((r) => r.key).sort());
    assert.equal(await store.countResults(), 2);
    assert.deepEqual(await store.pruneResults({ engineOlderThan: ENGINE_VERSION }), []);
    await store.vacuum();
    assert.ok(await store.get(ROWS[5].key, 'evaluation'), 'a row whose data hash equals the sha stays');
    await store.close();
  });

  test(`${backend.name}: rmlens cache stats and prune on a database file`, async () => {
    const { store, dbPath } = await filledStore(backend);
    await store.close();
    const stats = rmlens('cache', 'stats', '--db', dbPath);
    assert.equal(stats.status, 0, stats.stderr);
    assert.match(stats.stdout, /^kind\s+rows\s+bytes\n/);
    assert.match(stats.stdout, /\nrewards\s+3\s+\d+\n/);
    assert.match(stats.stdout, new RegExp(`\\n${ENGINE_VERSION} \\(current\\)\\s+5\\s+\\d+\\n`));
    assert.match(stats.stdout, /file hashes known: 0/);
    const json = JSON.parse(rmlens('cache', 'stats', '--db', dbPath, '--json').stdout);
    assert.equal(json.rows, ROWS.length);

    const none = rmlens('cache', 'prune', '--db', dbPath);
    assert.equal(none.status, 1);
    assert.match(none.stderr, /needs --engine-older, --model/);
    const dry = rmlens('cache', 'prune', '--db', dbPath, '--engine-older', '--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /would remove 1 rows/);
    const old = JSON.parse(rmlens('cache', 'prune', '--db', dbPath, '--engine-older', '--json').stdout);
    assert.deepEqual([old.dryRun, old.rows.length, old.rows[0].engineVersion], [false, 1, ENGINE_VERSION - 1]);
    const byModel = rmlens('cache', 'prune', '--db', dbPath, '--model', A, '--vacuum');
    assert.equal(byModel.status, 0, byModel.stderr);
    assert.match(byModel.stdout, /\nrewards\s+1\s+\d+\n/);
    assert.match(byModel.stdout, /removed 3 rows \(\d+ bytes\)$/m);
    const after = await openStore(dbPath);
    assert.equal(await after.countResults(), 2);
    await after.close();
  });
}
