/**
 * Jobs and the request budget in-process, over the fake engine world on a real SQLite file:
 * a slow computation answers COMPUTE_PENDING and continues as one job that identical requests
 * attach to; cached answers never wait behind a running job; listing, cancelling and the queue cap.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createGraphqlServer } from '../src/server/app.ts';
import { execute, queryData, serverWorld, type ServerWorld } from './support/serverWorld.ts';

const server = createGraphqlServer({ log: () => {} });
const worlds: ServerWorld[] = [];
after(async () => { for (const w of worlds) await w.close(); });

/** A world whose ablations take `delayMs` against a budget of `budgetMs`. */
function slowWorld(options: { budgetMs: number; delayMs: number; maxQueued?: number }): ServerWorld {
  const world = serverWorld({ budgetMs: options.budgetMs, ablationDelayMs: options.delayMs, maxQueued: options.maxQueued });
  worlds.push(world);
  return world;
}

const ABLATION = `query ($set: NeuronSetInput!, $controls: Int) {
  ablation(model: "mixed", set: $set, dataset: "help", controls: $controls) { accuracy deltaAccuracy cached } }`;
const ALL = { set: { kind: 'ALL' }, controls: 0 };
const list = (...neurons: [number, number][]) => ({ set: { kind: 'LIST', neurons: neurons.map(([layer, index]) => ({ layer, index })) }, controls: 0 });

/** The field's error: code and jobId. */
async function pending(world: ServerWorld, variables: Record<string, unknown>) {
  const body = await execute(server, world.context(), ABLATION, variables);
  const error = body.errors?.[0];
  return { code: error?.extensions?.code, jobId: error?.extensions?.jobId as string | undefined, message: error?.message, data: body.data as any };
}

const JOB = 'query ($id: ID!) { job(id: $id) { id state progress message error kind createdAt startedAt finishedAt } }';

/** Polls job(id) until it leaves QUEUED/RUNNING; returns every state and progress seen. */
async function waitForJob(world: ServerWorld, id: string) {
  const seen: { state: string; progress: number }[] = [];
  for (;;) {
    const { job } = await queryData(server, world.context(), JOB, { id });
    seen.push({ state: job.state, progress: job.progress });
    if (job.state !== 'QUEUED' && job.state !== 'RUNNING') return { job, seen };
    await sleep(40);
  }
}

test('past the budget: COMPUTE_PENDING with a jobId, the same request attaches, the job runs to DONE, then the value comes from the store', async () => {
  const world = slowWorld({ budgetMs: 50, delayMs: 800 });
  const first = await pending(world, ALL);
  assert.equal(first.code, 'COMPUTE_PENDING');
  assert.match(first.message ?? '', /job\(id/);
  assert.ok(first.jobId);
  const again = await pending(world, ALL);
  assert.deepEqual([again.code, again.jobId], ['COMPUTE_PENDING', first.jobId]);

  const { job, seen } = await waitForJob(world, first.jobId!);
  assert.equal(job.state, 'DONE');
  assert.equal(job.progress, 1);
  assert.equal(job.kind, 'analysis');
  assert.ok(job.startedAt && job.finishedAt && job.createdAt <= job.startedAt && job.startedAt <= job.finishedAt);
  assert.ok(seen.some((s) => s.state === 'RUNNING'), JSON.stringify(seen));
  assert.ok(seen.some((s) => s.state === 'RUNNING' && s.progress > 0 && s.progress < 1), `progress under way: ${JSON.stringify(seen)}`);

  const done = await pending(world, ALL);
  assert.equal(done.code, undefined);
  assert.equal(done.data.ablation.cached, true);
  assert.equal(world.calls.ablated.length, 1, 'exactly one engine computation');
});

test('20 identical uncached requests at once: one facade call, one computation, one job', async () => {
  const world = slowWorld({ budgetMs: 50, delayMs: 500 });
  const jobsBefore = (await world.deps.jobs.list()).length;
  // Counted at the facade: the store and the runner share work too, so the engine count alone
  // would not show whether identical requests share one call.
  const ablation = world.service.ablation.bind(world.service);
  let facadeCalls = 0;
  world.service.ablation = (...args) => { facadeCalls++; return ablation(...args); };
  const answers = await Promise.all(Array.from({ length: 20 }, () => pending(world, ALL)));
  assert.deepEqual(new Set(answers.map((a) => a.code)), new Set(['COMPUTE_PENDING']));
  assert.equal(new Set(answers.map((a) => a.jobId)).size, 1, 'every request names the same job');
  assert.equal((await waitForJob(world, answers[0].jobId!)).job.state, 'DONE');
  assert.equal((await world.deps.jobs.list()).length - jobsBefore, 1);
  assert.equal(world.calls.ablated.length, 1);
  assert.equal(facadeCalls, 1);
});

test('a cached answer comes at once while a cold job is RUNNING', async () => {
  const world = slowWorld({ budgetMs: 200, delayMs: 1500 });
  const evaluation = '{ model(id: "helpful") { evaluation(dataset: "help") { accuracy pairs } } }';
  const warm = await queryData(server, world.context(), evaluation);
  // A small ablation stored before the cold one starts.
  await sleep(0);
  const small = list([0, 0]);
  const stored = await pending(world, small);
  assert.equal(stored.code, 'COMPUTE_PENDING');
  await waitForJob(world, stored.jobId!);

  const cold = await pending(world, ALL);
  assert.equal(cold.code, 'COMPUTE_PENDING');
  assert.deepEqual(await queryData(server, world.context(), evaluation), warm);
  const again = await pending(world, small);
  assert.equal(again.data.ablation.cached, true);
  // Both answers came while the cold job (1.5 s of engine time) is still RUNNING: they did not wait for it.
  assert.equal((await world.deps.jobs.get(cold.jobId!))?.state, 'RUNNING');
  await waitForJob(world, cold.jobId!);
});

test('jobs(state:), cancelling a QUEUED job (it never runs), the queue cap', async () => {
  const world = slowWorld({ budgetMs: 50, delayMs: 600, maxQueued: 1 });
  const running = await pending(world, ALL);
  const queued = await pending(world, list([0, 1]));
  assert.deepEqual([running.code, queued.code], ['COMPUTE_PENDING', 'COMPUTE_PENDING']);
  const ids = async (state: string) =>
    (await queryData(server, world.context(), 'query ($s: JobState) { jobs(state: $s) { id } }', { s: state })).jobs.map((j: { id: string }) => j.id);
  assert.deepEqual(await ids('RUNNING'), [running.jobId]);
  assert.deepEqual(await ids('QUEUED'), [queued.jobId]);

  const full = await pending(world, list([1, 2]));
  assert.equal(full.code, 'BAD_USER_INPUT');
  assert.match(full.message ?? '', /queued/);

  const cancel = await queryData(server, world.context(), 'mutation ($id: ID!) { cancelJob(id: $id) { id state } }', { id: queued.jobId });
  assert.deepEqual(cancel.cancelJob, { id: queued.jobId, state: 'CANCELLED' });
  assert.deepEqual(await queryData(server, world.context(), 'mutation { cancelJob(id: "nope") { id } }'), { cancelJob: null });
  assert.equal((await waitForJob(world, running.jobId!)).job.state, 'DONE');
  await sleep(700);
  assert.equal(world.calls.ablated.length, 1, 'the cancelled job never reached the engine');
  assert.equal((await world.deps.jobs.get(queued.jobId!))?.state, 'CANCELLED');

  // Asking again after the cancel starts a new job.
  const anew = await pending(world, list([0, 1]));
  assert.equal(anew.code, 'COMPUTE_PENDING');
  assert.notEqual(anew.jobId, queued.jobId);
  assert.equal((await waitForJob(world, anew.jobId!)).job.state, 'DONE');
});
