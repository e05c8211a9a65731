/**
 * `Query.seedSummary` over two zoos of fake models (one per "seed"): it returns what
 * summarizeSeeds makes of each zoo's own study, reads everything from the store the second
 * time, and refuses bad zoo lists.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { summarizeSeeds } from '../src/analysis/seedSummary.ts';
import { runStudy } from '../src/analysis/study.ts';
import { ENGINE_VERSION } from '../src/analysis/cacheKeys.ts';
import type { Zoo } from '../src/analysis/modelRegistry.ts';
import { createGraphqlServer } from '../src/server/app.ts';
import { createRequestContext, createServerDeps } from '../src/server/context.ts';
import { fakeWorld, type FakeModelSpec } from './support/fakeEngine.ts';
import { engineCalls, execute, queryData } from './support/serverWorld.ts';

const margins = (values: number[]) => (_p: unknown, i: number) => values[i % values.length];
const ROLES = ['base', 'helpful', 'harmless', 'mixed'] as const;
const OBJECTIVE = { base: 'BASE', helpful: 'HELPFUL', harmless: 'HARMLESS', mixed: 'MIXED' } as const;

/** A seed's four fake models, ids `<seed>-<role>`: margins and weights differ by seed, as trained seeds do. */
function seedSpecs(seed: string, shift: number): Record<string, FakeModelSpec> {
  const weights = (offset: number) => Array.from({ length: 10 }, (_, i) => ((i * 7 + offset + shift) % 10) / 10);
  const margin = { base: [0], helpful: [1, 1, -1, 1], harmless: [1, -1, 1, 1, 1], mixed: [1, -1, -1, 0] };
  return Object.fromEntries(ROLES.map((role, r) => [`${seed}-${role}`, {
    objective: OBJECTIVE[role],
    ...(role === 'base' ? {} : { base: `${seed}-base` }),
    margin: margins(margin[role].map((m, i) => (i === shift % margin[role].length ? -m : m))),
    weights: weights(r),
  }]));
}

const world = fakeWorld({ ...seedSpecs('s1', 0), ...seedSpecs('s2', 3) });
const zoo = (name: string, seed: string): Zoo => ({
  dir: world.dir,
  name,
  data: 'fake',
  models: world.registry.list().filter((m) => m.id.startsWith(`${seed}-`)).map((m) => ({ ...m, role: m.id.slice(seed.length + 1) as Zoo['models'][number]['role'] })),
  datasets: { helpful: ['help'], harmless: ['harm'] },
});
const zoos = [zoo('fake', 's1'), zoo('fake-seed2', 's2')];
const deps = createServerDeps(
  { analysis: world.service, store: world.store, models: world.registry, zoos, registrations: world.registrations },
  { version: '0.0.0-test', engineVersion: ENGINE_VERSION, mutationsNeedToken: false },
  { budgetMs: 60_000, maxQueued: 20, zooDir: world.dir, log: () => {} },
);
const server = createGraphqlServer({ log: () => {} });
after(async () => {
  await deps.jobs.close(0);
  await world.service.close();
  await world.store.close();
});

const QUERY = `query ($zoos: [ID!]!) { seedSummary(zoos: $zoos, topPercent: 30, controls: 3) {
  zoos findings { kind label role dataset set comparison region objective alpha claim sign holds holdsIn controlsHoldIn seeds low high
    stats { measure values mean sd n } } } }`;

test('seedSummary returns the summary of each zoo\'s own study, and a second request reads the store only', async () => {
  const data = await queryData(server, createRequestContext(deps, {}), QUERY, { zoos: ['fake', 'fake-seed2'] });
  const options = { helpful: 'help', harmless: 'harm', evaluation: [], method: 'MAGNITUDE' as const, topPercent: 30, controls: 3, ties: 'HALF' as const };
  const expected = summarizeSeeds(await Promise.all(zoos.map(async (z) => ({ zoo: z.name, study: await runStudy(world.service, z, options) }))));
  assert.deepEqual(data.seedSummary.zoos, ['fake', 'fake-seed2']);
  assert.deepEqual(data.seedSummary.findings, JSON.parse(JSON.stringify(expected.findings)));
  // The seeds differ, so the summary has spread, and some claims hold in one seed only or in both.
  const ablations = expected.findings.filter((f) => f.kind === 'ABLATION' && f.region === null);
  // 3 RMs × 2 datasets × 6 sets (TOP and ONLY of each objective, TOP of the mixed RM, SHARED).
  assert.equal(ablations.length, 3 * 2 * 6);
  assert.ok(ablations.some((f) => f.stats[0].sd! > 0));

  const before = engineCalls(world.calls);
  const again = await queryData(server, createRequestContext(deps, {}), QUERY, { zoos: ['fake', 'fake-seed2'] });
  assert.deepEqual(again, data);
  assert.equal(engineCalls(world.calls), before);
});

test('seedSummary refuses fewer than two zoos, a zoo twice, and an unknown zoo', async () => {
  const code = async (names: string[]) => (await execute(server, createRequestContext(deps, {}), QUERY, { zoos: names })).errors?.[0];
  assert.match((await code(['fake']))!.message, /at least two zoos/);
  assert.equal((await code(['fake']))!.extensions!.code, 'BAD_USER_INPUT');
  assert.match((await code(['fake', 'fake']))!.message, /listed twice/);
  const unknown = (await code(['fake', 'nope']))!;
  assert.equal(unknown.extensions!.code, 'NOT_FOUND');
  assert.match(unknown.message, /no zoo 'nope' is loaded; loaded: fake, fake-seed2/);
});
