/**
 * One analysis, two stores: the same requests (every result kind, as in
 * analysis-keys-pinned.test.ts) against a SQLite file and a PostgreSQL database write the same
 * keys and the same rows (values bit-exact, the same byte counts), and a second context on the
 * PostgreSQL database answers all of them from the store, registrations restored.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { EngineModel } from '../src/analysis/modelRegistry.ts';
import type { NeuronSelection } from '../src/analysis/types.ts';
import { openContext, type RmlensContext } from '../src/context.ts';
import { DatasetCatalog } from '../src/data/catalog.ts';
import { buildDataset } from '../src/data/dataset.ts';
import type { Dataset, PreferencePair } from '../src/data/types.ts';
import { openStore, type CacheStats, type ResultStore } from '../src/db/store.ts';
import { sha256 } from '../src/util/hash.ts';
import type { DataObjective } from '../src/vocabulary.ts';
import { tempDir } from './support/fakeEngine.ts';
import { freshPostgresDatabase } from './support/postgres.ts';

const dir = tempDir('rmlens-backends-');

const SITES = [
  { name: 'ffn0', layer: 0, width: 4, tokenAxis: true, offset: 0 },
  { name: 'ffn1', layer: 1, width: 4, tokenAxis: true, offset: 4 },
];
const N = 8;

function literalPairs(tag: string, n: number): PreferencePair[] {
  return Array.from({ length: n }, (_, i) => ({ prompt: `\n\nHuman: ${tag} question ${i}\n\nAssistant:`, chosen: ` good ${tag} ${i}`, rejected: ` bad ${tag} ${i}` }));
}

function literalDataset(id: string, objective: DataObjective): Dataset {
  return buildDataset({ id, name: id, objective, source: 'pinned' }, { pairs: literalPairs(id, 40), dropped: 0, dropReasons: {} });
}

/** A deterministic fake model: per-neuron weights from its id, rewards and statistics from them. */
function fakeModel(id: string, bytes: string): EngineModel {
  const w = Float64Array.from({ length: N }, (_, j) => ((j * 7 + id.length * 3) % 11) / 10);
  const rewards = (ps: readonly PreferencePair[], shift = 0) => ({
    chosen: Float64Array.from(ps, (_, i) => ((i % 3) - 0.5) + shift),
    rejected: new Float64Array(ps.length),
  });
  return {
    sha256: sha256(bytes),
    sites: SITES,
    neuronCount: N,
    metadata: {},
    async rewards(ps) { return rewards(ps); },
    async neuronStats(ps, options = {}) {
      const side = () => ({
        sum: w.map((x) => x * 10),
        tokens: [10, 10],
        positive: w.map((x) => (x > 0.3 ? 10 : 0)),
        ...(options.base ? { sqDiffBase: w.map((x) => x * x * 10) } : {}),
      });
      return { neuronCount: N, pairs: ps.length, chosen: side(), rejected: side(), contrastSum: w.map((x) => x), contrastSumSq: w.map((x) => x * x + 1) };
    },
    async ablatedRewards(ps, conditions) {
      return conditions.map((c) => {
        let shift = 0;
        for (let j = 0; j < N; j++) shift += (c.keep[j] - 1) * w[j] + c.fill[j] * w[j];
        return rewards(ps, shift);
      });
    },
    async correlation(_other, ps) { return { texts: 2 * ps.length, r: w.map((x) => x - 0.5) }; },
    async marginCorrelation() { throw new Error('not requested by this test'); },
    async neuronExamples() { throw new Error('not requested by this test'); },
    async tokenActivations() { throw new Error('not requested by this test'); },
    async close() {},
  };
}

const MODELS = { base: 'BASE', helpful: 'HELPFUL', harmless: 'HARMLESS', mixed: 'MIXED' } as const;

const zoo = join(dir, 'zoo');
mkdirSync(zoo, { recursive: true });
for (const role of Object.keys(MODELS)) writeFileSync(join(zoo, `${role}.onnx`), `pinned model ${role}`);
writeFileSync(join(zoo, 'zoo.json'), JSON.stringify({
  data: 'pinned', seed: 1, quick: true,
  models: Object.entries(MODELS).map(([role, objective]) => ({ role, objective, file: `${role}.onnx`, sha256: '', base: role === 'base' ? null : 'base' })),
  datasets: { helpful: ['help'], harmless: ['harm'] },
}));
const extraModel = join(dir, 'extra.onnx');
writeFileSync(extraModel, 'pinned model extra');
const datasets = new Map([['help', literalDataset('help', 'HELPFUL')], ['harm', literalDataset('harm', 'HARMLESS')]]);

let loads = 0;
function context(db: string): Promise<RmlensContext> {
  return openContext({
    dbPath: db,
    zooDirs: [zoo],
    datasets: new DatasetCatalog({ roots: [dir] }),
    loadModel: async (path) => {
      loads++;
      const role = path.slice(path.lastIndexOf('/') + 1, -'.onnx'.length);
      return fakeModel(role, `pinned model ${role}`);
    },
    resolveDataset: (ref) => {
      const d = datasets.get(ref);
      if (!d) throw new Error(`unknown ${ref}`);
      return d;
    },
  });
}

const sel = (model: string, dataset: string, method: NeuronSelection['method'] = 'MAGNITUDE'): NeuronSelection => ({ model, dataset, method, topPercent: 25 });

/** Every result kind the pinned test asks for. */
async function study({ analysis }: RmlensContext): Promise<void> {
  const helpful = sel('pinned/helpful', 'help');
  const harmless = sel('pinned/harmless', 'harm');
  await analysis.evaluation('pinned/mixed', 'help');
  await analysis.scores(sel('pinned/helpful', 'help', 'CHANGE'));
  await analysis.scores(sel('pinned/harmless', 'harm', 'CONTRAST'));
  await analysis.ablation({ model: 'pinned/mixed', set: { kind: 'SHARED', helpful, harmless }, dataset: 'harm', mode: 'ZERO', controls: 3 });
  await analysis.ablation({ model: 'pinned/mixed', set: { kind: 'TOP', of: 'HELPFUL', helpful }, dataset: 'help', mode: 'MEAN', controls: 2 });
  await analysis.ablation({ model: 'pinned/helpful', set: { kind: 'RANDOM', percent: 25, seed: 7 }, dataset: 'help', mode: 'SCALE', alpha: 0.5, controls: 0 });
  await analysis.pSweep('pinned/mixed', helpful, harmless, 'help');
  await analysis.frontier('pinned/mixed', { kind: 'SHARED', helpful, harmless }, 'help', 'harm', [0, 1, 2]);
  await analysis.correspondence('pinned/helpful', 'pinned/mixed', 'harm');
}

/** Everything in a store, by key: kind, scalars and arrays (bytes, to compare bit for bit). */
async function dump(store: ResultStore, keys: readonly { key: string; kind: string }[]) {
  const rows = await store.getMany(keys);
  return new Map([...rows].map(([key, row]) => [key, {
    scalars: row.scalars,
    arrays: Object.fromEntries(Object.entries(row.arrays).map(([name, a]) => [name, Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex')])),
  }]));
}

const withoutAge = ({ oldest: _o, newest: _n, ...rest }: CacheStats) => rest;

test('the same requests write the same keys and rows on SQLite and on PostgreSQL; a restarted context reads them all', async () => {
  const sqliteDb = join(dir, 'results.sqlite');
  const postgresDb = await freshPostgresDatabase();
  const contexts = { sqlite: await context(sqliteDb), postgres: await context(postgresDb) };
  for (const c of Object.values(contexts)) {
    await study(c);
    await c.registrations.registerModel({ path: extraModel, objective: 'HELPFUL', base: 'pinned/base' });
    await c.close();
  }
  const sqlite = await openStore(sqliteDb);
  const postgres = await openStore(postgresDb);
  try {
    const stats = await sqlite.cacheStats();
    assert.ok(stats.rows > 20, `only ${stats.rows} rows`);
    assert.deepEqual(withoutAge(await postgres.cacheStats()), withoutAge(stats));
    // Every row, listed by a dry-run prune (rows of one kind written in one millisecond may list in either order: sorted by key).
    const everyRow = async (store: ResultStore) => (await store.pruneResults({ engineOlderThan: Number.MAX_SAFE_INTEGER, dryRun: true }))
      .map(({ key, kind }) => ({ key, kind })).sort((x, y) => (x.key < y.key ? -1 : 1));
    const keys = await everyRow(sqlite);
    assert.equal(keys.length, stats.rows);
    assert.deepEqual(await everyRow(postgres), keys);
    assert.deepEqual(await dump(postgres, keys), await dump(sqlite, keys));
  } finally {
    await sqlite.close();
    await postgres.close();
  }

  // A second context on the PostgreSQL database: the registered model is back, and nothing is computed.
  const again = await context(postgresDb);
  try {
    assert.ok(again.analysis.listModels().some((m) => m.id === extraModel));
    loads = 0;
    await study(again);
    assert.deepEqual([again.analysis.counts().computed, loads], [0, 0]);
    assert.ok(again.analysis.counts().read > 0);
  } finally {
    await again.close();
  }
});
