/**
 * The pieces of the job queue below the processes: the `engine_calls` rows' state machine (who
 * may change a call, and when), the travelling form of a call (models by content only), the model
 * store, and the shared jobs table (one live job per request, whichever server asks). The
 * processes themselves are in queue-distributed.test.ts.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { serialize } from 'node:v8';
import { openStore } from '../src/db/store.ts';
import type { EngineJob } from '../src/engine/workerProtocol.ts';
import { ModelStore } from '../src/queue/modelStore.ts';
import { engineCallId, withModelPaths } from '../src/queue/queuedEngine.ts';
import { sha256 } from '../src/util/hash.ts';
import { tempDir } from './support/fakeEngine.ts';
import { freshPostgresDatabase } from './support/postgres.ts';
import { STORE_BACKENDS } from './support/stores.ts';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

test('engine_calls: a call is queued once, claimed while live, done once; a failure is per generation and a resubmit starts the next', async () => {
  const store = await openStore(await freshPostgresDatabase());
  try {
    const calls = store.engineCalls!;
    const request = Buffer.from('request');
    const first = await calls.submit('c1', 'rewards', request);
    assert.deepEqual([first.queued, first.status.state, first.status.generation], [true, 'QUEUED', 0]);
    const again = await calls.submit('c1', 'rewards', request);
    assert.equal(again.queued, false, 'a second submit of a live call only waits');

    const claimed = await calls.claim('c1', 'w1');
    assert.deepEqual([claimed?.kind, claimed?.request.toString(), claimed?.attempts], ['rewards', 'request', 1]);
    await calls.progress('c1', 'w2', 0.9);
    assert.equal((await calls.get('c1'))?.progress, 0, 'progress only from the worker holding the call');
    await calls.progress('c1', 'w1', 0.5);
    assert.equal((await calls.get('c1'))?.progress, 0.5);
    // The queue redelivers a call whose worker died: another worker claims the RUNNING call.
    assert.equal((await calls.claim('c1', 'w2'))?.attempts, 2);

    assert.equal(await calls.done('c1', Buffer.from('result')), true);
    assert.equal(await calls.done('c1', Buffer.from('other')), false, 'a later delivery changes nothing');
    assert.equal(await calls.claim('c1', 'w3'), undefined, 'a done call is not claimed again');
    assert.deepEqual([(await calls.get('c1'))?.state, (await calls.get('c1'))?.result?.toString()], ['DONE', 'result']);
    assert.equal((await calls.submit('c1', 'rewards', request)).queued, false, 'a done call is read, not queued');

    await calls.submit('c2', 'rewards', request);
    assert.equal(await calls.fail('c2', 1, null, 'wrong generation'), false);
    assert.equal(await calls.fail('c2', 0, 'BAD_USER_INPUT', 'no such neuron'), true);
    const failed = await calls.get('c2');
    assert.deepEqual([failed?.state, failed?.errorCode, failed?.errorMessage], ['FAILED', 'BAD_USER_INPUT', 'no such neuron']);
    const resubmitted = await calls.submit('c2', 'rewards', request);
    assert.deepEqual([resubmitted.queued, resubmitted.status.state, resubmitted.status.generation, resubmitted.status.errorCode], [true, 'QUEUED', 1, null]);
    // A worker the queue had given up on (expired, not dead) still delivers: its result stands.
    await calls.fail('c2', 1, null, 'expired');
    assert.equal(await calls.done('c2', Buffer.from('late')), true);
    assert.equal((await calls.get('c2'))?.state, 'DONE');
  } finally {
    await store.close();
  }
});

test('a call travels with its models named by content only, and its id is the hash of that form', () => {
  const pairs = [{ prompt: 'p', chosen: ' c', rejected: ' r' }];
  const local: EngineJob = { kind: 'neuronStats', model: { path: '/home/me/zoo/mixed.onnx', sha256: A }, base: { path: '/elsewhere/base.onnx', sha256: B }, pairs } as EngineJob;
  const elsewhere: EngineJob = { kind: 'neuronStats', model: { path: '/srv/other/mixed.onnx', sha256: A }, base: { path: '/tmp/base.onnx', sha256: B }, pairs } as EngineJob;
  const travelling = withModelPaths(local, () => '');
  assert.deepEqual(travelling, { kind: 'neuronStats', model: { path: '', sha256: A }, base: { path: '', sha256: B }, pairs });
  assert.equal(engineCallId(serialize(travelling)), engineCallId(serialize(withModelPaths(elsewhere, () => ''))), 'the same call from two checkouts is one call');
  const otherPairs = withModelPaths({ ...local, pairs: [{ ...pairs[0], chosen: ' C' }] } as EngineJob, () => '');
  assert.notEqual(engineCallId(serialize(travelling)), engineCallId(serialize(otherPairs)));
  const store = new ModelStore('/mnt/models');
  const onWorker = withModelPaths(travelling, (h) => store.pathOf(h));
  assert.deepEqual(onWorker, { kind: 'neuronStats', model: { path: `/mnt/models/${A}.onnx`, sha256: A }, base: { path: `/mnt/models/${B}.onnx`, sha256: B }, pairs });
  assert.throws(() => withModelPaths({ kind: 'load', path: '/x.onnx' }, () => ''), /by sha256/);
  assert.throws(() => store.pathOf('../../etc/passwd'), /not a sha256/);
});

test('the model store keeps a model once under its hash and never a partial file', async () => {
  const dir = tempDir('rmlens-model-store-');
  const source = join(dir, 'model.onnx');
  writeFileSync(source, 'model bytes');
  const store = new ModelStore(join(dir, 'store'));
  const hash = sha256(readFileSync(source));
  const path = await store.put(source, hash);
  assert.equal(path, join(dir, 'store', `${hash}.onnx`));
  assert.equal(readFileSync(path, 'utf8'), 'model bytes');
  await store.put(source, hash);
  assert.equal(readFileSync(path, 'utf8'), 'model bytes', 'a file already under its hash is kept');
  assert.equal(await store.verified(hash), path);
  await assert.rejects(store.verified(B), (e: Error & { code?: string }) => e.code === 'NOT_FOUND' && /not in the model store/.test(e.message));

  // A damaged copy: refused to a worker, replaced by the next put.
  const other = join(dir, 'other.onnx');
  writeFileSync(other, 'other model');
  const otherHash = sha256(readFileSync(other));
  writeFileSync(store.pathOf(otherHash), 'damaged');
  await assert.rejects(new ModelStore(store.dir).verified(otherHash), (e: Error & { code?: string }) => e.code === 'MODEL_CHANGED');
  await Promise.all(Array.from({ length: 8 }, () => store.put(other, otherHash)));
  assert.equal(readFileSync(store.pathOf(otherHash), 'utf8'), 'other model');
  assert.deepEqual(readdirSync(join(dir, 'store')).sort(), [`${hash}.onnx`, `${otherHash}.onnx`].sort(), 'no partial files left');
});

for (const backend of STORE_BACKENDS) test(`${backend.name}: one live job per request: a second insert returns the live job; an ended one lets a new job start`, async () => {
  const store = await openStore(await backend.fresh());
  try {
    const job = { kind: 'analysis' as const, requestKey: 'k1', requestJson: '{}' };
    const first = await store.jobs.insert({ id: 'j1', ...job });
    const second = await store.jobs.insert({ id: 'j2', ...job });
    assert.equal(second.id, 'j1', 'attached to the live job');
    assert.equal(await store.jobs.start('j1'), true);
    const startedAt = (await store.jobs.get('j1'))?.startedAt;
    await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(await store.jobs.start('j1'), true, 'a job another server started stays RUNNING');
    assert.equal((await store.jobs.get('j1'))?.startedAt, startedAt, 'and keeps its start time');
    assert.equal(await store.jobs.finish('j1', 'DONE'), true);
    assert.equal(await store.jobs.start('j1'), false, 'an ended job does not start');
    const third = await store.jobs.insert({ id: 'j3', ...job });
    assert.deepEqual([first.id, third.id, third.state], ['j1', 'j3', 'QUEUED']);
    assert.equal((await store.jobs.insert({ id: 'j4', ...job, kind: 'zooBuild' })).id, 'j4', 'another kind is another job');
  } finally {
    await store.close();
  }
});
