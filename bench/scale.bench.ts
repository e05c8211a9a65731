/**
 * Scale-out benchmark: the p-sweep of a zoo (the default zoo when built, else the quick zoo;
 * RMLENS_BENCH_ZOO picks one) computed by one `rmlens serve` on a job queue with 1, 2 and 3
 * `rmlens worker` processes (one engine thread each), against the same server computing
 * in-process on SQLite. Each case runs on a fresh database: the neuron scores the sweep needs
 * are computed first (not timed), then the sweep with RMLENS_BENCH_SWEEP_CONTROLS matched controls
 * per point (default 10: 76 points × 11 = 836 ablation conditions) is asked and polled until answered.
 *
 * Per case: the sweep's wall time; engine calls finished per second; queue latency (a call's
 * pickup: how long it waited while a worker was free, median and 90th percentile); the
 * store's write rate: the calls' rows (request and result bytes) and the result rows written per
 * second during the sweep. Timings only,
 * no assertions. The PostgreSQL cluster is a throwaway one in a temporary folder, on this machine.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import pg from 'pg';
import { REPO_ROOT } from '../src/config.ts';
import { formatTable } from '../src/util/textTable.ts';
import { freshPostgresDatabase } from '../test/support/postgres.ts';
import { quickZooDir } from '../test/support/quickZoo.ts';
import { startServeProcess, type ServeProcess } from '../test/support/serveProcess.ts';
import { startWorkerProcess, type WorkerProcess } from '../test/support/workerProcess.ts';

const CONTROLS = Number(process.env.RMLENS_BENCH_SWEEP_CONTROLS ?? 10);
/** Conditions per engine call (the default of RMLENS_QUEUE_CONDITIONS). */
const CONDITIONS_PER_CALL = Number(process.env.RMLENS_BENCH_CONDITIONS ?? 16);
const WORKER_COUNTS = [1, 2, 3];

const defaultZoo = join(REPO_ROOT, 'zoo', 'default');
const zooDir = process.env.RMLENS_BENCH_ZOO ?? (existsSync(join(defaultZoo, 'zoo.json')) ? defaultZoo : await quickZooDir());
const zoo = JSON.parse(readFileSync(join(zooDir, 'zoo.json'), 'utf8')) as { data: string; datasets: { helpful: string[]; harmless: string[] } };
const id = (role: string) => `${zoo.data}/${role}`;
const variables = {
  h: { model: id('helpful'), dataset: zoo.datasets.helpful[0], method: 'CHANGE', topPercent: 10 },
  x: { model: id('harmless'), dataset: zoo.datasets.harmless[0], method: 'CHANGE', topPercent: 10 },
};
const SCORES = `query ($h: NeuronSelectionInput!, $x: NeuronSelectionInput!) { overlap(helpful: $h, harmless: $x) { shared } }`;
const SWEEP = `query ($h: NeuronSelectionInput!, $x: NeuronSelectionInput!) {
  pSweep(model: "${id('mixed')}", dataset: "${zoo.datasets.harmless[0]}", controls: ${CONTROLS}, helpful: $h, harmless: $x) { percent kind deltaAccuracy } }`;

/** Asks until the field is answered (COMPUTE_PENDING means: ask again). */
async function answer(server: ServeProcess, query: string): Promise<void> {
  for (;;) {
    const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
    if (body.data && Object.values(body.data).every((v) => v !== null)) return;
    if (body.errors?.[0]?.extensions?.code !== 'COMPUTE_PENDING') throw new Error(JSON.stringify(body));
    await sleep(100);
  }
}

interface Row { workers: string; seconds: number; calls: number; latency: number[]; callBytes: number; rows: number; bytes: number }

/** Result rows and their bytes in a store. */
async function resultVolume(db: string): Promise<{ rows: number; bytes: number }> {
  if (db.startsWith('postgres')) {
    const client = new pg.Client({ connectionString: db });
    await client.connect();
    try {
      const { rows } = await client.query('select count(*)::int as rows, coalesce(sum(length(json) + length(arrays) + length(key_json)), 0)::float8 as bytes from results');
      return rows[0] as { rows: number; bytes: number };
    } finally {
      await client.end();
    }
  }
  const sqlite = new Database(db, { readonly: true });
  try {
    return sqlite.prepare('select count(*) as rows, coalesce(sum(length(json) + length(arrays) + length(key_json)), 0) as bytes from results').get() as { rows: number; bytes: number };
  } finally {
    sqlite.close();
  }
}

/**
 * The calls written after `since`, and each one's pickup latency: how long it waited while a
 * worker was free — from the later of its row being written and its worker's previous call
 * ending, to its claim. (Waiting behind other calls is not latency: with one worker, the 20th
 * call of a sweep waits for the 19 before it.)
 */
async function callStats(db: string, since: number): Promise<{ calls: number; latency: number[]; callBytes: number }> {
  const client = new pg.Client({ connectionString: db });
  await client.connect();
  try {
    const { rows } = await client.query(`select worker, created_at::float8 as created, started_at::float8 as started, finished_at::float8 as finished,
        (length(request) + length(result))::float8 as bytes
      from engine_calls where created_at >= $1 and state = 'DONE' order by worker, started_at`, [since]);
    const latency: number[] = [];
    let previous: { worker: string; finished: number } | undefined;
    let callBytes = 0;
    for (const r of rows as { worker: string; created: number; started: number; finished: number; bytes: number }[]) {
      callBytes += r.bytes;
      const free = previous?.worker === r.worker ? Math.max(r.created, previous.finished) : r.created;
      latency.push(Math.max(0, r.started - free));
      previous = r;
    }
    return { calls: rows.length, latency: latency.sort((a, b) => a - b), callBytes };
  } finally {
    await client.end();
  }
}

async function runCase(label: string, db: string, env: Record<string, string>, workers: number): Promise<Row> {
  const server = await startServeProcess({ db, zoo: zooDir, env });
  const started: WorkerProcess[] = [];
  try {
    for (let i = 0; i < workers; i++) started.push(await startWorkerProcess(env));
    await answer(server, SCORES);
    const before = await resultVolume(db);
    const since = Date.now();
    const t0 = performance.now();
    await answer(server, SWEEP);
    const seconds = (performance.now() - t0) / 1000;
    const after = await resultVolume(db);
    const calls = workers > 0 ? await callStats(db, since) : { calls: 0, latency: [], callBytes: 0 };
    return { workers: label, seconds, ...calls, rows: after.rows - before.rows, bytes: after.bytes - before.bytes };
  } finally {
    await Promise.all(started.map((w) => w.stop()));
    await server.stop();
  }
}

const quantile = (sorted: number[], q: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);

const rows: Row[] = [];
const sqliteDir = await mkdtemp(join(tmpdir(), 'rmlens-bench-scale-'));
rows.push(await runCase('in-process, SQLite (2 engine threads)', join(sqliteDir, 'results.sqlite'), { RMLENS_QUEUE: '', RMLENS_WORKERS: '2' }, 0));
for (const n of WORKER_COUNTS) {
  const db = await freshPostgresDatabase();
  const env = { RMLENS_DB: db, RMLENS_QUEUE: db, RMLENS_MODEL_STORE: join(sqliteDir, `models-${n}`), RMLENS_QUEUE_CONDITIONS: String(CONDITIONS_PER_CALL) };
  rows.push(await runCase(`queue, ${n} worker${n > 1 ? 's' : ''}`, db, env, n));
}

const base = rows[1].seconds;
console.log(`\np-sweep of ${zooDir} (${CONTROLS} controls per point, ${CONDITIONS_PER_CALL} conditions per engine call), ${new Date().toISOString()}\n`);
console.log(formatTable(
  ['engine', 'sweep s', 'speed-up vs 1 worker', 'calls', 'calls/s', 'pickup p50 ms', 'p90 ms', 'call kB/s', 'result rows', 'rows/s', 'result kB/s'],
  rows.map((r) => [
    r.workers, r.seconds.toFixed(1), r.calls ? (base / r.seconds).toFixed(2) : '', r.calls ? String(r.calls) : '', r.calls ? (r.calls / r.seconds).toFixed(2) : '',
    r.calls ? quantile(r.latency, 0.5).toFixed(0) : '', r.calls ? quantile(r.latency, 0.9).toFixed(0) : '', r.calls ? (r.callBytes / 1024 / r.seconds).toFixed(0) : '',
    String(r.rows), (r.rows / r.seconds).toFixed(1), (r.bytes / 1024 / r.seconds).toFixed(1),
  ]),
  new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
));
process.exit(0);
