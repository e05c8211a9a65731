/**
 * Server benchmark: a real `rmlens serve` process on 127.0.0.1 (the quick zoo, or the zoo in
 * RMLENS_BENCH_ZOO, e.g. zoo/default) over a temporary database, loaded by autocannon. Two
 * cached queries — the tension table and an ablation with 10 controls — each measured alone
 * and while cold computations run: a loop keeps one uncached ablation with 200 controls (a new
 * seed each time, so it always computes) in flight for the whole measurement.
 *
 * Prints requests/s and p50/p99 latency per case; timings only, no assertions. The engine runs
 * in the server's worker pool, so the "during" rows show what sharing the cores with a
 * computation costs cached answers.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { formatTable } from '../src/util/textTable.ts';
import { quickZooDir } from '../test/support/quickZoo.ts';
import { startServeProcess } from '../test/support/serveProcess.ts';

/** Seconds each case runs (RMLENS_BENCH_SECONDS shortens a trial run). */
const SECONDS = Number(process.env.RMLENS_BENCH_SECONDS ?? 10);
/** Concurrent client connections: enough to queue requests on a 2-core server, few enough to keep the client light. */
const CONNECTIONS = 10;
/** Controls of the cold ablation: heavy enough to stay in flight for a while on any zoo. */
const COLD_CONTROLS = 200;

const zooDir = process.env.RMLENS_BENCH_ZOO ?? (await quickZooDir());
const zoo = JSON.parse(readFileSync(join(zooDir, 'zoo.json'), 'utf8')) as { data: string; datasets: { helpful: string[]; harmless: string[] } };
const id = (role: string) => `${zoo.data}/${role}`;
const [helpfulData] = zoo.datasets.helpful;
const [harmlessData] = zoo.datasets.harmless;

const TENSION = { query: '{ tension { rows { model { id } dataset { id } evaluation { accuracy accuracyLow accuracyHigh meanMargin pairs } } interference { objective delta deltaLow deltaHigh pairs } } }' };
const ABLATION_QUERY = 'query ($set: NeuronSetInput!, $model: ID!, $dataset: ID!, $controls: Int!) { ablation(model: $model, set: $set, dataset: $dataset, controls: $controls) { neurons accuracy deltaAccuracy deltaLow deltaHigh zScore cached } }';
/** The mixed RM with the helpful RM's top 10% zero-ablated, on the harmless data: the question the study asks most. */
const ABLATION_10 = {
  query: ABLATION_QUERY,
  variables: {
    model: id('mixed'),
    dataset: harmlessData,
    controls: 10,
    set: { kind: 'TOP', of: 'HELPFUL', helpful: { model: id('helpful'), dataset: helpfulData, method: 'MAGNITUDE', topPercent: 10 } },
  },
};
/** A cold ablation: a random 10% set with a fresh seed is a new cache key, so it always computes. */
const coldAblation = (seed: number) => ({
  query: ABLATION_QUERY,
  variables: { model: id('mixed'), dataset: helpfulData, controls: COLD_CONTROLS, set: { kind: 'RANDOM', percent: 10, seed } },
});

const dir = await mkdtemp(join(tmpdir(), 'rmlens-bench-server-'));
const server = await startServeProcess({ db: join(dir, 'results.sqlite'), zoo: zooDir });

/**
 * POSTs one operation as a client would: a COMPUTE_PENDING answer (past the request budget) is
 * followed by polling its job until it is DONE, then the same request again (now from the
 * store). Fails on any other GraphQL error.
 */
async function post(operation: object): Promise<Record<string, any>> {
  for (;;) {
    const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(operation) });
    const body = (await res.json()) as { data?: Record<string, any>; errors?: { extensions?: { code?: string; jobId?: string } }[] };
    const pending = body.errors?.find((e) => e.extensions?.code === 'COMPUTE_PENDING')?.extensions?.jobId;
    if (pending) {
      await untilDone(pending);
      continue;
    }
    if (body.errors) throw new Error(`query failed: ${JSON.stringify(body.errors)}`);
    return body.data!;
  }
}

/** Polls job(id) every 200 ms until it leaves QUEUED/RUNNING; fails unless it is DONE. */
async function untilDone(jobId: string): Promise<void> {
  for (;;) {
    const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'query ($id: ID!) { job(id: $id) { state error } }', variables: { id: jobId } }) });
    const { data } = (await res.json()) as { data: { job: { state: string; error: string | null } } };
    if (data.job.state === 'DONE') return;
    if (data.job.state !== 'QUEUED' && data.job.state !== 'RUNNING') throw new Error(`job ${jobId} ended ${data.job.state}: ${data.job.error}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Keeps one cold computation in flight until stopped: as soon as one ends, the next (new
 * seed) starts. `stop` waits for the one in flight, so the next case starts on an idle server.
 */
function coldLoop(firstSeed: number): { stop(): Promise<number[]> } {
  const durations: number[] = [];
  let stopped = false;
  const loop = (async () => {
    for (let seed = firstSeed; !stopped; seed++) {
      const start = performance.now();
      await post(coldAblation(seed));
      durations.push(performance.now() - start);
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      return durations;
    },
  };
}

interface Row {
  query: string;
  load: string;
  result: autocannon.Result;
  cold: string;
}

/** autocannon on one operation for SECONDS; every answer must be a 2xx. */
function measure(operation: object): Promise<autocannon.Result> {
  return autocannon({
    url: server.url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(operation),
    connections: CONNECTIONS,
    duration: SECONDS,
  });
}

const rows: Row[] = [];
try {
  // Warm: the tension table and the 10-control ablation are computed once, then served from the store.
  let start = performance.now();
  await post(TENSION);
  const coldTensionMs = performance.now() - start;
  start = performance.now();
  await post(ABLATION_10);
  const coldAblationMs = performance.now() - start;
  if ((await post(ABLATION_10)).ablation.cached !== true) throw new Error('the warmed ablation is not served from the store');
  process.stderr.write(`warm-up: tension ${(coldTensionMs / 1000).toFixed(1)} s, ablation (10 controls) ${(coldAblationMs / 1000).toFixed(1)} s cold\n`);

  let seed = 1;
  for (const [name, operation] of [['tension (cached)', TENSION], ['ablation, 10 controls (cached)', ABLATION_10]] as const) {
    rows.push({ query: name, load: 'alone', result: await measure(operation), cold: '' });
    const cold = coldLoop(seed);
    const result = await measure(operation);
    const durations = await cold.stop();
    seed += durations.length;
    const mean = durations.reduce((a, b) => a + b, 0) / durations.length;
    rows.push({ query: name, load: `during cold ablation (${COLD_CONTROLS} controls)`, result, cold: `${durations.length} × ${(mean / 1000).toFixed(1)} s` });
  }
} finally {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}

const ms = (v: number) => v.toFixed(1);
console.log(`rmlens serve on ${zooDir}: ${availableParallelism()} cores, Node ${process.version}, autocannon in the same host, ${CONNECTIONS} connections, ${SECONDS} s per case`);
console.log(
  formatTable(
    ['query', 'load', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'non-2xx', 'errors', 'cold runs (count × mean)'],
    rows.map(({ query, load, result, cold }) => [
      query,
      load,
      result.requests.average.toFixed(0),
      ms(result.latency.p50),
      ms(result.latency.p99),
      String(result.requests.total),
      String(result.non2xx),
      String(result.errors),
      cold,
    ]),
    new Set([2, 3, 4, 5, 6, 7]),
  ),
);
