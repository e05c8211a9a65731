/**
 * A server world for the GraphQL tests: the fake engine world of fakeEngine.ts (fake models
 * that count calls, datasets `help` and `harm`) over a real SQLite file, and the server
 * context built exactly as the HTTP server builds it.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { ApolloServer, GraphQLResponse } from '@apollo/server';
import type { Analysis } from '../../src/analysis/analysis.ts';
import { ENGINE_VERSION } from '../../src/analysis/cacheKeys.ts';
import type { ResultStore } from '../../src/db/store.ts';
import { createRequestContext, createServerDeps, type ServerContext, type ServerDeps } from '../../src/server/context.ts';
import { defaultDatasets, fakeWorld, tempDir, type FakeCalls, type FakeModelSpec, type FakeWorld } from './fakeEngine.ts';

/** Total engine calls: zero growth means a request was served from the store. */
export function engineCalls(calls: FakeCalls): number {
  return calls.loads.length + calls.rewards.length + calls.stats.length + calls.ablated.length + calls.correlation.length;
}

const WEIGHTS_HELP = [0.9, 0.1, 0.5, 0.0, 0.2, 0.8, 0.05, 0.3, 0.0, 0.6];
const WEIGHTS_HARM = [0.1, 0.9, 0.5, 0.0, 0.2, 0.7, 0.6, 0.0, 0.3, 0.05];
const margins = (values: number[]) => (_p: unknown, i: number) => values[i % values.length];

/** base, helpful, harmless and mixed: margins per held-out pair (repeating), per-neuron weights. */
const SPECS: Record<string, FakeModelSpec> = {
  base: { objective: 'BASE', margin: margins([0]), weights: WEIGHTS_HELP.map(() => 0) },
  helpful: { objective: 'HELPFUL', base: 'base', margin: margins([1, 1, -1, 1]), weights: WEIGHTS_HELP },
  harmless: { objective: 'HARMLESS', base: 'base', margin: margins([1, -1, 1, 1, 1]), weights: WEIGHTS_HARM },
  mixed: { objective: 'MIXED', base: 'base', margin: margins([1, -1, -1, 0]), weights: WEIGHTS_HELP },
};

/** A world: its analysis, engine calls, deps for the server, and cleanup. */
export interface ServerWorld {
  service: Analysis;
  calls: FakeCalls;
  /** The results store (tests count its reads). */
  store: ResultStore;
  /** The fake world under the server (model files, registrations, restore problems). */
  world: FakeWorld;
  deps: ServerDeps;
  context(request?: { authorized?: boolean }): ServerContext;
  close(): Promise<void>;
}

/** Options of a server world. */
export interface ServerWorldOptions {
  /** RMLENS_REQUEST_BUDGET_MS; default a minute, so only tests of the budget ever see COMPUTE_PENDING. */
  budgetMs?: number;
  /** RMLENS_MAX_QUEUED_JOBS; default 20. */
  maxQueued?: number;
  /** Delay of every fake ablation engine call (fakeEngine.ts): a slow computation. */
  ablationDelayMs?: number;
  /** The SQLite file; default a new one in a temporary folder (a second world on the same file is a restarted server). */
  dbPath?: string;
  /** Folders registered files must lie in; default the world's folder. */
  roots?: readonly string[];
}

/** Fake models `base`, `helpful`, `harmless`, `mixed` and datasets `help`, `harm`, over a SQLite file, served as one zoo, with jobs. */
export function serverWorld(options: ServerWorldOptions = {}): ServerWorld {
  // One dropped pair on `help`, so `droppedPairs` is seen to come from the dataset.
  const datasets = defaultDatasets().map((d) => (d.id === 'help' ? { ...d, dropped: 1 } : d));
  const dir = tempDir('rmlens-server-');
  const world = fakeWorld(SPECS, { dbPath: options.dbPath ?? join(dir, 'results.sqlite'), datasets, roots: options.roots, ablationDelayMs: options.ablationDelayMs });
  // The zoo is the fake models only: models registered (or restored) as files are not a zoo's.
  const zoo = { dir: world.dir, name: 'fake', data: 'fake', models: world.registry.list().filter((m) => m.id in SPECS), datasets: { helpful: ['help'], harmless: ['harm'] } };
  const deps = createServerDeps(
    { analysis: world.service, store: world.store, models: world.registry, zoos: [zoo], registrations: world.registrations },
    { version: '0.0.0-test', engineVersion: ENGINE_VERSION, mutationsNeedToken: false },
    { budgetMs: options.budgetMs ?? 60_000, maxQueued: options.maxQueued ?? 20, zooDir: join(dir, 'zoo'), log: () => {} },
  );
  return {
    service: world.service,
    calls: world.calls,
    store: world.store,
    world,
    deps,
    context: (request = {}) => createRequestContext(deps, request),
    close: async () => {
      await deps.jobs.close(0);
      await world.service.close();
      await world.store.close();
    },
  };
}

/** Runs an operation and returns `data`; on any error prints the query, variables and body, then fails. */
export async function queryData<T = Record<string, any>>(server: ApolloServer<ServerContext>, contextValue: ServerContext, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const body = await execute(server, contextValue, query, variables);
  if (body.errors?.length) {
    assert.fail(`unexpected GraphQL error\nquery: ${query}\nvariables: ${JSON.stringify(variables)}\nbody: ${JSON.stringify(body, null, 2)}`);
  }
  // As a client receives it: executeOperation's objects have null prototypes.
  return JSON.parse(JSON.stringify(body.data)) as T;
}

/** Runs an operation and returns its single result (errors included). */
export async function execute(server: ApolloServer<ServerContext>, contextValue: ServerContext, query: string, variables: Record<string, unknown> = {}) {
  const response: GraphQLResponse = await server.executeOperation({ query, variables }, { contextValue });
  assert(response.body.kind === 'single');
  return JSON.parse(JSON.stringify(response.body.singleResult)) as typeof response.body.singleResult;
}
