/**
 * The distributed set-up as it runs in production, on one machine: a PostgreSQL database (the
 * throwaway cluster of support/postgres.ts) holding the results, the jobs and the pg-boss queue,
 * `rmlens serve` processes with RMLENS_QUEUE (they compute nothing) and `rmlens worker`
 * processes taking engine calls, models shared through a model store folder. Checked against a
 * plain `rmlens serve` on SQLite computing in-process: the same answers, to the cache key.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { sha256 } from '../src/util/hash.ts';
import { tempDir } from './support/fakeEngine.ts';
import { freshPostgresDatabase } from './support/postgres.ts';
import { quickZooDir } from './support/quickZoo.ts';
import { startServeProcess, type ServeProcess } from './support/serveProcess.ts';
import { until } from './support/until.ts';
import { startWorkerProcess, type WorkerProcess } from './support/workerProcess.ts';

const FIELDS = 'neurons pairs baselineAccuracy accuracy deltaAccuracy deltaLow deltaHigh baselineMargin meanMargin deltaPerNeuron controls controlMeanDelta controlStdDelta zScore engineVersion cacheKey';
const ablationQuery = (controls: number) => `query ($h: NeuronSelectionInput!, $x: NeuronSelectionInput!) {
  ablation(model: "default/mixed", dataset: "default/harmless", controls: ${controls}, set: { kind: SHARED, helpful: $h, harmless: $x }) { ${FIELDS} } }`;
const VARIABLES = {
  h: { model: 'default/helpful', dataset: 'default/helpful', method: 'CHANGE', topPercent: 10 },
  x: { model: 'default/harmless', dataset: 'default/harmless', method: 'CHANGE', topPercent: 10 },
};

interface GraphqlResponse {
  data?: { ablation: Record<string, unknown> | null } | null;
  errors?: { message: string; extensions?: { code?: string; jobId?: string } }[];
}

async function ask(server: ServeProcess, query: string, variables: Record<string, unknown> = VARIABLES): Promise<GraphqlResponse> {
  const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as GraphqlResponse;
}

/** Asks until the ablation is answered; any error but COMPUTE_PENDING fails. */
async function answer(server: ServeProcess, query: string): Promise<Record<string, unknown>> {
  return until('the ablation\'s answer', async () => {
    const res = await ask(server, query);
    if (res.data?.ablation) return res.data.ablation;
    const error = res.errors?.[0];
    if (error?.extensions?.code !== 'COMPUTE_PENDING') throw new Error(`unexpected answer: ${JSON.stringify(res)}`);
    return undefined;
  }, { timeoutMs: 240_000, everyMs: 250 });
}

/** Queue states change within a call's run: polled often, waited for as long as a worker's expiry and a recompute take. */
const QUEUE_WAIT = { timeoutMs: 120_000, everyMs: 50 };

interface CallRow { id: string; kind: string; state: string; attempts: number; worker: string | null }

/** The engine calls' rows of a database. */
async function engineCalls(db: string): Promise<CallRow[]> {
  const client = new pg.Client({ connectionString: db });
  await client.connect();
  try {
    const { rows } = await client.query('select id, kind, state, attempts::int as attempts, worker from engine_calls order by created_at');
    return rows as CallRow[];
  } finally {
    await client.end();
  }
}

/** How many times each call (by its 12-character id prefix) was computed, from the workers' logs. */
function computedCounts(workers: readonly WorkerProcess[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const w of workers) {
    for (const match of w.log().matchAll(/: \w+ ([0-9a-f]{12}) done in/g)) counts.set(match[1], (counts.get(match[1]) ?? 0) + 1);
  }
  return counts;
}

let zoo: string;
let modelStore: string;
const running: { stop(): Promise<unknown> }[] = [];
after(async () => { await Promise.all(running.map((p) => p.stop())); });

/** The settings every server and worker of one database shares. */
function queueEnv(db: string, extra: Record<string, string> = {}): Record<string, string> {
  return { RMLENS_DB: db, RMLENS_QUEUE: db, RMLENS_MODEL_STORE: modelStore, RMLENS_REQUEST_BUDGET_MS: '300', ...extra };
}

async function server(db: string, env: Record<string, string>): Promise<ServeProcess> {
  const s = await startServeProcess({ db, zoo, env });
  running.push(s);
  return s;
}

async function worker(db: string, env: Record<string, string>): Promise<WorkerProcess> {
  const w = await startWorkerProcess(queueEnv(db, env));
  running.push(w);
  return w;
}

/** The answers of one process computing in-process on SQLite: what every distributed answer must equal. */
const reference = new Map<number, Record<string, unknown>>();

before(async () => {
  zoo = await quickZooDir();
  modelStore = join(tempDir('rmlens-models-'), 'store');
  const plain = await startServeProcess({ db: join(tempDir('rmlens-sqlite-'), 'results.sqlite'), zoo, env: { RMLENS_QUEUE: '' } });
  try {
    for (const controls of [12, 100]) reference.set(controls, await answer(plain, ablationQuery(controls)));
  } finally {
    await plain.stop();
  }
});

test('two servers and three workers: 30 identical cold requests over both servers are one job and one computation per engine call, answered as on SQLite', { timeout: 300_000 }, async () => {
  const db = await freshPostgresDatabase();
  const env = queueEnv(db, { RMLENS_QUEUE_CONDITIONS: '4' });
  const servers = await Promise.all([server(db, env), server(db, env)]);
  const workers = await Promise.all([worker(db, env), worker(db, env), worker(db, env)]);
  const query = ablationQuery(12);

  const first = await Promise.all(Array.from({ length: 30 }, (_, i) => ask(servers[i % 2], query)));
  const jobIds = new Set(first.map((r) => {
    assert.equal(r.errors?.[0]?.extensions?.code, 'COMPUTE_PENDING', JSON.stringify(r));
    return r.errors![0].extensions!.jobId;
  }));
  assert.equal(jobIds.size, 1, `one job for all 30 requests on both servers, got ${[...jobIds].join(', ')}`);

  const answers = await Promise.all(servers.map((s) => answer(s, query)));
  assert.deepEqual(answers[0], reference.get(12));
  assert.deepEqual(answers[1], reference.get(12));

  const rows = await engineCalls(db);
  assert.ok(rows.some((r) => r.kind === 'ablatedRewards'), 'the ablation ran through the queue');
  assert.ok(rows.filter((r) => r.kind === 'ablatedRewards').length >= 4, '13 conditions cut into calls of at most 4');
  for (const row of rows) assert.deepEqual([row.state, row.attempts], ['DONE', 1], `${row.kind} ${row.id}`);
  const counts = computedCounts(workers);
  assert.equal(counts.size, rows.length, 'every call computed by some worker');
  assert.ok([...counts.values()].every((n) => n === 1), 'no call computed twice');
  assert.ok(new Set(rows.map((r) => r.worker)).size >= 2, 'the calls spread over several workers');

  // The job both servers handed out is DONE, read on either server.
  const [jobId] = jobIds;
  for (const s of servers) {
    const res = await fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ job(id: "${jobId}") { state } }` }) });
    assert.equal(((await res.json()) as { data: { job: { state: string } } }).data.job.state, 'DONE');
  }
});

test('a worker killed with SIGKILL mid-call: another worker takes the call after it expires, and the answer is the SQLite one', { timeout: 300_000 }, async (t) => {
  const db = await freshPostgresDatabase();
  // Calls of 25 conditions (about 2 s each here), well inside the 8 s expiry.
  const env = queueEnv(db, { RMLENS_QUEUE_CONDITIONS: '25', RMLENS_QUEUE_EXPIRE_S: '8' });
  const s = await server(db, env);
  // Alone at first, so the ablation's first call is surely its own; killed as soon as it runs one.
  const doomed = await worker(db, env);
  const query = ablationQuery(100);
  const pending = await ask(s, query);
  const jobId = pending.errors?.[0]?.extensions?.jobId;
  assert.ok(jobId, JSON.stringify(pending));
  // The workers' progress reaches the job's row, where any server reads it.
  const seen: number[] = [];
  const watching = (async () => {
    for (;;) {
      const res = await fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ job(id: "${jobId}") { state progress } }` }) });
      const { job } = ((await res.json()) as { data: { job: { state: string; progress: number } } }).data;
      seen.push(job.progress);
      if (job.state !== 'RUNNING' && job.state !== 'QUEUED') return job.state;
      await sleep(100);
    }
  })();
  const answered = answer(s, query);
  const victim = await until('an ablation call running on the first worker', async () =>
    (await engineCalls(db)).find((r) => r.kind === 'ablatedRewards' && r.state === 'RUNNING' && r.worker === doomed.name), QUEUE_WAIT);
  await doomed.kill();
  const killedAt = Date.now();
  const others = await Promise.all([worker(db, env), worker(db, env)]);
  const finished = await until('the killed call to finish elsewhere', async () =>
    (await engineCalls(db)).find((r) => r.id === victim.id && r.state === 'DONE'), QUEUE_WAIT);
  const recoveryMs = Date.now() - killedAt;
  t.diagnostic(`kill -9 → the killed call DONE on ${finished.worker} after ${recoveryMs} ms (expiry 8 s)`);
  assert.notEqual(finished.worker, doomed.name);
  assert.ok(others.some((w) => w.name === finished.worker));
  assert.ok(finished.attempts >= 2, 'claimed again after the kill');
  assert.deepEqual(await answered, reference.get(100));
  assert.equal(await watching, 'DONE');
  assert.ok(seen.some((p) => p > 0 && p < 1), `progress between 0 and 1 while it ran (saw ${[...new Set(seen)].join(', ')})`);
});

test('the queue and the store survive a server restart: a call queued before a kill -9 is run once, and the job ends DONE', { timeout: 300_000 }, async () => {
  const db = await freshPostgresDatabase();
  const env = queueEnv(db, { RMLENS_QUEUE_CONDITIONS: '4' });
  const query = ablationQuery(12);
  const first = await server(db, env);
  const pending = await ask(first, query);
  const jobId = pending.errors?.[0]?.extensions?.jobId;
  assert.equal(pending.errors?.[0]?.extensions?.code, 'COMPUTE_PENDING');
  // No worker yet: the first engine call waits in the queue when the server dies.
  const queued = await until('a queued call', async () => (await engineCalls(db)).find((r) => r.state === 'QUEUED'), QUEUE_WAIT);
  process.kill(first.pid, 'SIGKILL');
  await until('the server to exit', async () => (first.alive() ? undefined : true), QUEUE_WAIT);

  const second = await server(db, env);
  const w = await worker(db, env);
  assert.deepEqual(await answer(second, query), reference.get(12));
  const rows = await engineCalls(db);
  const before = rows.find((r) => r.id === queued.id)!;
  assert.deepEqual([before.state, before.attempts], ['DONE', 1], 'the call queued before the kill ran once');
  assert.ok([...computedCounts([w]).values()].every((n) => n === 1), 'no call computed twice');
  const res = await fetch(second.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ job(id: "${jobId}") { state } }` }) });
  assert.equal(((await res.json()) as { data: { job: { state: string } } }).data.job.state, 'DONE', 'the restarted server ended the job the killed one started');
});

test('a damaged model store file is replaced by the server that sends work for it, and the answer is right', { timeout: 120_000 }, async () => {
  const db = await freshPostgresDatabase();
  const store = join(tempDir('rmlens-models-'), 'store');
  const env = queueEnv(db, { RMLENS_MODEL_STORE: store });
  const model = readFileSync(join(zoo, 'mixed.onnx'));
  const damaged = join(store, `${sha256(model)}.onnx`);
  mkdirSync(store, { recursive: true });
  writeFileSync(damaged, 'not the mixed model');
  const s = await server(db, env);
  await worker(db, env);
  const neuronCount = await until('the answer', async () => {
    const res = await fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ model(id: "default/mixed") { neuronCount } }' }) });
    const body = (await res.json()) as { data?: { model: { neuronCount: number } | null }; errors?: GraphqlResponse['errors'] };
    if (body.data?.model) return body.data.model.neuronCount;
    assert.equal(body.errors?.[0]?.extensions?.code, 'COMPUTE_PENDING', JSON.stringify(body));
    return undefined;
  }, { ...QUEUE_WAIT, everyMs: 200 });
  assert.ok(neuronCount > 0);
  assert.deepEqual(readFileSync(damaged), model, 'the file now holds the model its name says');
});
