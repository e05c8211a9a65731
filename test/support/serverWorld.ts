/**
 * A server world for the GraphQL tests: fake engine models that count calls (the pattern of
 * test/store-service.test.ts), a real SQLite store in a temporary file, the analysis service
 * over them, and the server context built exactly as the HTTP server builds it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApolloServer, GraphQLResponse } from '@apollo/server';
import { AnalysisService } from '../../src/analysis/analysisService.ts';
import { ModelRegistry, type EngineModel } from '../../src/analysis/modelRegistry.ts';
import { pairsHash } from '../../src/data/dataset.ts';
import type { Dataset, PreferencePair } from '../../src/data/types.ts';
import { ENGINE_VERSION, ResultCache } from '../../src/db/resultCache.ts';
import { ResultStore } from '../../src/db/store.ts';
import type { AblationCondition, NeuronSite, NeuronStats, PairRewards } from '../../src/engine/types.ts';
import { NotFoundError } from '../../src/errors.ts';
import type { ServerCatalog } from '../../src/server/catalog.ts';
import { createContext, type ServerContext, type ServerDeps } from '../../src/server/context.ts';
import { sha256 } from '../../src/util/hash.ts';
import type { DataObjective, Objective } from '../../src/vocabulary.ts';

const SITES: NeuronSite[] = [
  { name: 'ffn0', layer: 0, width: 5, tokenAxis: true, offset: 0 },
  { name: 'ffn1', layer: 1, width: 5, tokenAxis: true, offset: 5 },
];

/** Engine calls made so far, by kind. */
export interface Calls { rewards: number; stats: number; ablated: number; correlation: number; loads: number }

/** Total engine calls: zero growth means a request was served from the store. */
export function engineCalls(calls: Calls): number {
  return calls.rewards + calls.stats + calls.ablated + calls.correlation + calls.loads;
}

interface FakeSpec { objective: Objective; base?: string; margins: number[]; weights: number[] }

const WEIGHTS_HELP = [0.9, 0.1, 0.5, 0.0, 0.2, 0.8, 0.05, 0.3, 0.0, 0.6];
const WEIGHTS_HARM = [0.1, 0.9, 0.5, 0.0, 0.2, 0.7, 0.6, 0.0, 0.3, 0.05];

/** base, helpful, harmless and mixed: margins per held-out pair (repeating), per-neuron weights. */
const SPECS: Record<string, FakeSpec> = {
  base: { objective: 'BASE', margins: [0], weights: WEIGHTS_HELP },
  helpful: { objective: 'HELPFUL', base: 'base', margins: [1, 1, -1, 1], weights: WEIGHTS_HELP },
  harmless: { objective: 'HARMLESS', base: 'base', margins: [1, -1, 1, 1, 1], weights: WEIGHTS_HARM },
  mixed: { objective: 'MIXED', base: 'base', margins: [1, -1, -1, 0], weights: WEIGHTS_HELP },
};

function fakeModel(bytes: Buffer, spec: FakeSpec, calls: Calls): EngineModel {
  const n = SITES.reduce((s, x) => s + x.width, 0);
  const base = (ps: readonly PreferencePair[]): PairRewards => ({
    chosen: Float64Array.from(ps, (_p, i) => spec.margins[i % spec.margins.length]),
    rejected: new Float64Array(ps.length),
  });
  return {
    sha256: sha256(bytes),
    sites: SITES,
    neuronCount: n,
    metadata: {},
    async rewards(ps) {
      calls.rewards++;
      return base(ps);
    },
    async neuronStats(ps, options = {}): Promise<NeuronStats> {
      calls.stats++;
      const side = () => ({
        sum: Float64Array.from(spec.weights, (w) => w * 10),
        tokens: SITES.map(() => 10),
        positive: Float64Array.from(spec.weights, (w) => (w > 0 ? 10 : 0)),
        ...(options.base ? { sqDiffBase: Float64Array.from(spec.weights, (w) => w * w * 10) } : {}),
      });
      return { neuronCount: n, pairs: ps.length, chosen: side(), rejected: side(), contrastSum: new Float64Array(n), contrastSumSq: new Float64Array(n) };
    },
    async ablatedRewards(ps, conditions: readonly AblationCondition[]) {
      calls.ablated++;
      // Removing neuron j lowers every margin by weights[j]; a fill adds it back.
      return conditions.map((c) => {
        let shift = 0;
        for (let j = 0; j < n; j++) shift += (c.keep[j] - 1) * spec.weights[j] + c.fill[j] * spec.weights[j];
        const r = base(ps);
        return { chosen: r.chosen.map((v) => v + shift), rejected: r.rejected };
      });
    },
    async correlation(_other, ps) {
      calls.correlation++;
      return { texts: 2 * ps.length, r: Float64Array.from({ length: n }, (_, j) => (j % 2 ? 0.9 : 0.2)) };
    },
    async close() {},
  };
}

function pairs(prefix: string, n: number): PreferencePair[] {
  return Array.from({ length: n }, (_, i) => ({ prompt: `\n\nHuman: ${prefix} ${i}\n\nAssistant:`, chosen: ` yes ${i}`, rejected: ` no ${i}` }));
}

function dataset(id: string, objective: DataObjective, train: PreferencePair[], heldOut: PreferencePair[]): Dataset {
  return {
    id, name: id, objective, source: 'test', train, heldOut, dropped: 1,
    contentHash: pairsHash([...train, ...heldOut]),
    partHashes: { train: pairsHash(train), heldOut: pairsHash(heldOut) },
  };
}

/** A world: its service, engine call counts, deps for the server, and cleanup. */
export interface ServerWorld {
  service: AnalysisService;
  store: ResultStore;
  calls: Calls;
  deps: ServerDeps;
  dir: string;
  context(request?: { authorized?: boolean }): ServerContext;
  close(): Promise<void>;
}

/** Fake models `base`, `helpful`, `harmless`, `mixed` and datasets `help`, `harm`, over a temporary SQLite file. */
export function serverWorld(overrides: { catalog?: Partial<ServerCatalog> } = {}): ServerWorld {
  const dir = mkdtempSync(join(tmpdir(), 'rmlens-server-'));
  const calls: Calls = { rewards: 0, stats: 0, ablated: 0, correlation: 0, loads: 0 };
  const byPath = new Map<string, FakeSpec>();
  const store = ResultStore.open(join(dir, 'results.sqlite'));
  const registry = new ModelRegistry(store, async (path) => {
    calls.loads++;
    return fakeModel(readFileSync(path), byPath.get(path)!, calls);
  });
  for (const [id, spec] of Object.entries(SPECS)) {
    const path = join(dir, `${id}.onnx`);
    writeFileSync(path, `model ${id}`);
    byPath.set(path, spec);
    registry.add({ id, name: `fake ${id}`, objective: spec.objective, path, baseId: spec.base ?? null });
  }
  const datasets = new Map<string, Dataset>([
    ['help', dataset('help', 'HELPFUL', pairs('help', 20), pairs('help-test', 8))],
    ['harm', dataset('harm', 'HARMLESS', pairs('harm', 20), pairs('harm-test', 6))],
  ]);
  const resolve = (ref: string) => {
    const d = datasets.get(ref);
    if (!d) throw new NotFoundError(`unknown dataset ${ref}`);
    return d;
  };
  const service = new AnalysisService({ cache: new ResultCache(store), models: registry, datasets: resolve });
  const catalog: ServerCatalog = { listModels: () => registry.list(), listDatasets: () => ['help', 'harm'], ...overrides.catalog };
  const deps: ServerDeps = { analysis: service, catalog, info: { version: '0.0.0-test', engineVersion: ENGINE_VERSION } };
  return {
    service, store, calls, deps, dir,
    context: (request = {}) => createContext(deps, request),
    close: async () => {
      await service.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
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
