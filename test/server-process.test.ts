/**
 * `rmlens serve` as a real process (what a kill -9 needs): it listens at once and builds a
 * missing zoo as a job; killed with SIGKILL while a job runs (the build in its thread, the
 * engine pool's workers up) nothing of it is left running, the restarted server reads the
 * job INTERRUPTED from an intact database, serves what was stored before the kill without
 * computing, and starts a new job when asked again; SIGTERM marks a running job INTERRUPTED.
 * The kill -9 test runs on both stores (SQLite file, PostgreSQL database of support/postgres.ts).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { REPO_ROOT } from '../src/config.ts';
import { openStore } from '../src/db/store.ts';
import { tempDir } from './support/fakeEngine.ts';
import { quickZooDir } from './support/quickZoo.ts';
import { STORE_BACKENDS } from './support/stores.ts';
import { until } from './support/until.ts';

interface Served {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

/** Starts `rmlens serve --port 0` and resolves with the URL it logs. */
async function serve(args: string[], env: Record<string, string>): Promise<Served> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/rmlens.js'), 'serve', '--port', '0', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr!.on('data', (chunk) => { stderr += chunk; });
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      const match = /GraphQL API at (\S+)/.exec(stdout);
      if (match) resolve(match[1]);
    });
    void exited.then((code) => reject(new Error(`rmlens serve exited (${code}) before listening:\n${stderr}`)));
  });
  return { child, url, exited };
}

async function gql(url: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as { data?: any; errors?: { message: string; extensions: Record<string, unknown> }[] };
}

/** Live processes whose parent is `pid` (from /proc: Linux, where the suite runs). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).flatMap((entry) => {
    try {
      return /^PPid:\s+(\d+)$/m.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1] === String(pid) ? [Number(entry)] : [];
    } catch {
      return []; // ended while we looked
    }
  });
}

const JOB = 'query ($id: ID!) { job(id: $id) { id state progress message kind } }';
const ABLATION = '{ ablation(model: "default/mixed", set: { kind: ALL }, dataset: "default/harmless", controls: 1) { accuracy cached } }';

for (const backend of STORE_BACKENDS) test(`${backend.name}: kill -9 during a job: restart reads INTERRUPTED, the database is intact, stored results are served, asking again starts a new job`, { timeout: 300_000 }, async () => {
  const dir = tempDir('rmlens-process-');
  const zoo = await quickZooDir();
  const env = { RMLENS_DB: await backend.fresh(), RMLENS_ZOO_DIR: join(dir, 'zoos'), RMLENS_REQUEST_BUDGET_MS: '120000', RMLENS_SHUTDOWN_GRACE_MS: '200' };
  const first = await serve(['--zoo', zoo], env);
  try {
    const computed = await gql(first.url, ABLATION);
    assert.equal(computed.errors, undefined, JSON.stringify(computed));
    assert.equal(computed.data.ablation.cached, false);
    // A full zoo build takes minutes: a job surely RUNNING when the kill comes.
    const build = await gql(first.url, 'mutation { buildZoo(data: "default", seed: 7) { id state kind } }');
    const jobId = build.data.buildZoo.id as string;
    assert.equal(build.data.buildZoo.kind, 'zooBuild');
    await until('the build to train', async () => {
      const { job } = (await gql(first.url, JOB, { id: jobId })).data;
      return job.state === 'RUNNING' && job.progress > 0 ? job : undefined;
    }, { timeoutMs: 120_000 });
    const pid = first.child.pid!;
    first.child.kill('SIGKILL');
    assert.equal(await first.exited, null);
    // Engine workers and the build are threads of the process: they die with it, no orphan is left.
    assert.equal(existsSync(`/proc/${pid}`), false);
    assert.deepEqual(childrenOf(pid), []);

    if (backend.name === 'sqlite') {
      const db = new Database(env.RMLENS_DB);
      assert.deepEqual(db.pragma('integrity_check'), [{ integrity_check: 'ok' }]);
      db.close();
    }
    // What the killed process committed is there: its results, and the job as it left it.
    const killed = await openStore(env.RMLENS_DB);
    assert.ok(await killed.countResults('ablatedRewards') > 0);
    assert.equal((await killed.jobs.get(jobId))?.state, 'RUNNING');
    await killed.close();

    const second = await serve(['--zoo', zoo], env);
    try {
      const { job } = (await gql(second.url, JOB, { id: jobId })).data;
      assert.equal(job.state, 'INTERRUPTED');
      const served = await gql(second.url, ABLATION);
      assert.deepEqual(served.data.ablation, { ...computed.data.ablation, cached: true });
      const again = (await gql(second.url, 'mutation { buildZoo(data: "default", seed: 7) { id state } }')).data.buildZoo;
      assert.notEqual(again.id, jobId);
      assert.match(again.state, /QUEUED|RUNNING/);
      // SIGTERM: the grace is short, so the running build is marked INTERRUPTED and the process exits.
      second.child.kill('SIGTERM');
      assert.equal(await second.exited, 0);
      const after = await openStore(env.RMLENS_DB);
      assert.equal((await after.jobs.get(again.id))?.state, 'INTERRUPTED');
      await after.close();
    } finally {
      second.child.kill('SIGKILL');
    }
  } finally {
    first.child.kill('SIGKILL');
  }
});

test('with no zoo, serve listens at once and builds it as a job; queries that need it answer COMPUTE_PENDING with that job', { timeout: 120_000 }, async () => {
  const dir = tempDir('rmlens-process-');
  const env = { RMLENS_DB: join(dir, 'results.sqlite'), RMLENS_ZOO_DIR: join(dir, 'zoos'), RMLENS_REQUEST_BUDGET_MS: '200', RMLENS_SHUTDOWN_GRACE_MS: '200' };
  const server = await serve(['--zoo', join(dir, 'zoos', 'default')], env);
  try {
    const { jobs } = (await gql(server.url, '{ jobs { id kind state } }')).data;
    assert.equal(jobs.length, 1);
    assert.equal(jobs[0].kind, 'zooBuild');
    assert.match(jobs[0].state, /QUEUED|RUNNING/);
    const tension = await gql(server.url, '{ tension { rows { model { id } } } }');
    assert.equal(tension.errors?.[0].extensions.code, 'COMPUTE_PENDING');
    assert.equal(tension.errors?.[0].extensions.jobId, jobs[0].id);
    const ready = await fetch(server.url.replace(/\/graphql$/, '/readyz'));
    assert.equal(ready.status, 503);
    assert.match((await ready.json()).reason, new RegExp(jobs[0].id));
    server.child.kill('SIGTERM');
    assert.equal(await server.exited, 0);
  } finally {
    server.child.kill('SIGKILL');
  }
});
