/**
 * Where `rmlens serve` computes, seen from a client of a real server process on the quick zoo:
 * while a cold ablation runs in an engine worker, and while a zoo build trains in its thread,
 * 20 cached requests all answer, with the stored values, before that job is DONE; SIGTERM with
 * a worker computing exits 0 with the job INTERRUPTED (or DONE), never an abort. These are
 * behaviour checks (is the request thread free?), not timing thresholds.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { tempDir } from './support/fakeEngine.ts';
import { quickZooDir } from './support/quickZoo.ts';
import { startServeProcess, type ServeProcess } from './support/serveProcess.ts';
import { until } from './support/until.ts';

interface Answer {
  status: number;
  body: { data?: any; errors?: { message: string; extensions: Record<string, unknown> }[] };
}

async function gql(server: ServeProcess, query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

const JOB = 'query ($id: ID!) { job(id: $id) { state progress } }';

async function jobState(server: ServeProcess, id: string): Promise<{ state: string; progress: number }> {
  return (await gql(server, JOB, { id })).body.data.job;
}

/** Polls job(id) until it is RUNNING with some progress reported (so the work is really under way). */
async function untilRunning(server: ServeProcess, id: string): Promise<void> {
  await until(`job ${id} under way`, async () => {
    const { state, progress } = await jobState(server, id);
    assert.match(state, /QUEUED|RUNNING/, `job ${id} ended before the check could run`);
    return state === 'RUNNING' && progress > 0 ? true : undefined;
  }, { everyMs: 50 });
}

/** A stored answer: an evaluation and a 1-control ablation, both in the store after the first ask. */
const CACHED = `{ model(id: "default/helpful") { evaluation(dataset: "default/helpful") { accuracy pairs computedAt } }
  ablation(model: "default/mixed", set: { kind: ALL }, dataset: "default/harmless", controls: 1) { accuracy deltaAccuracy cached } }`;

/** Sends 20 cached requests at once; each must answer 200 with the stored values. */
async function twentyCached(server: ServeProcess, expected: unknown): Promise<void> {
  const answers = await Promise.all(Array.from({ length: 20 }, () => gql(server, CACHED)));
  for (const answer of answers) {
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, expected);
  }
}

/** Asks CACHED until it is stored (past a short budget it answers COMPUTE_PENDING first); returns the stored answer. */
async function warm(server: ServeProcess): Promise<unknown> {
  await until('the warm-up query to be computed', async () => ((await gql(server, CACHED)).body.errors ? undefined : true));
  const stored = (await gql(server, CACHED)).body;
  assert.equal(stored.data.ablation.cached, true);
  return stored;
}

test('a cold ablation computes in a worker: 20 cached requests answer before it is DONE; SIGTERM then exits 0 with it INTERRUPTED or DONE', { timeout: 240_000 }, async () => {
  const dir = tempDir('rmlens-workers-');
  const db = join(dir, 'results.sqlite');
  const server = await startServeProcess({
    db,
    zoo: await quickZooDir(),
    env: { RMLENS_ZOO_DIR: join(dir, 'zoos'), RMLENS_REQUEST_BUDGET_MS: '300', RMLENS_SHUTDOWN_GRACE_MS: '200', RMLENS_WORKERS: '2' },
  });
  try {
    const stored = await warm(server);
    // 200 controls on the whole held-out part: one engine call of many seconds.
    const cold = await gql(server, '{ ablation(model: "default/mixed", set: { kind: RANDOM, percent: 10, seed: 11 }, dataset: "default/harmless", controls: 200) { accuracy } }');
    const error = cold.body.errors?.[0];
    assert.equal(error?.extensions.code, 'COMPUTE_PENDING', JSON.stringify(cold.body));
    const jobId = error!.extensions.jobId as string;
    await untilRunning(server, jobId);

    await twentyCached(server, stored);
    assert.equal((await jobState(server, jobId)).state, 'RUNNING', 'the cached answers came while the cold job still ran');

    // SIGTERM with the worker inside onnxruntime: the job is marked INTERRUPTED after the grace,
    // the engine call is waited for, and the process exits 0 (not the abort of a killed worker).
    assert.deepEqual(await server.stop(), { code: 0, signal: null });
    assert.doesNotMatch(server.stderr(), /Napi::Error|terminate called/);
    const after = new Database(db, { readonly: true });
    const row = after.prepare('select state from jobs where id = ?').get(jobId) as { state: string };
    after.close();
    assert.match(row.state, /INTERRUPTED|DONE/);
  } finally {
    if (server.alive()) process.kill(server.pid, 'SIGKILL');
  }
});

test('a zoo build trains in its own thread: 20 cached requests answer before it is DONE; its log lines and zoo arrive', { timeout: 240_000 }, async () => {
  const dir = tempDir('rmlens-workers-');
  const zoos = join(dir, 'zoos');
  const server = await startServeProcess({
    db: join(dir, 'results.sqlite'),
    zoo: await quickZooDir(),
    env: { RMLENS_ZOO_DIR: zoos, RMLENS_REQUEST_BUDGET_MS: '60000', RMLENS_SHUTDOWN_GRACE_MS: '200' },
  });
  try {
    const stored = await warm(server);
    const build = await gql(server, 'mutation { buildZoo(data: "default", seed: 5, quick: true) { id kind } }');
    assert.equal(build.body.errors, undefined, JSON.stringify(build.body));
    const jobId = build.body.data.buildZoo.id as string;
    // Progress > 0: the thread resolved its datasets and trains (its reports reach the row).
    await untilRunning(server, jobId);

    await twentyCached(server, stored);
    assert.equal((await jobState(server, jobId)).state, 'RUNNING', 'the cached answers came while the build still trained');

    await until('the quick build to finish', async () => ((await jobState(server, jobId)).state === 'DONE' ? true : undefined), { timeoutMs: 120_000 });
    const out = join(zoos, 'default-seed5-quick');
    assert.ok(existsSync(join(out, 'zoo.json')));
    assert.match(server.stderr(), /zoo build: zoo default \(quick\): vocabulary \d+/);
    assert.match(server.stderr(), /zoo build: mixed: stopping epoch 1\/1/);
    // Served beside the zoo it shares its data with, under its folder's name: the served ids keep their files.
    const models = (await gql(server, '{ models { id sha256 } }')).body.data.models as { id: string; sha256: string }[];
    const sha = (id: string) => models.find((m) => m.id === id)?.sha256;
    assert.ok(sha('default-seed5-quick/mixed'), 'the new zoo is listed');
    assert.notEqual(sha('default-seed5-quick/mixed'), sha('default/mixed'));
    assert.equal(sha('default/mixed'), createHash('sha256').update(readFileSync(join(await quickZooDir(), 'mixed.onnx'))).digest('hex'));
    assert.deepEqual(await server.stop(), { code: 0, signal: null });
  } finally {
    if (server.alive()) process.kill(server.pid, 'SIGKILL');
  }
});
