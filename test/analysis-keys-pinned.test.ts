/**
 * Pinned cache keys: a refactoring must not change which row answers which question. The
 * inputs are literal (model files whose bytes the test writes, so their sha256 is fixed on
 * every machine; datasets of literal pairs), the requests cover every result kind, and the
 * keys each request wrote are compared with literal hex strings. A key may change only with
 * an ENGINE_VERSION bump (then these strings are regenerated, and the commit says why).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { createContext } from '../src/context.ts';
import type { NeuronSelection } from '../src/analysis/types.ts';
import { buildDataset } from '../src/data/dataset.ts';
import type { Dataset, PreferencePair } from '../src/data/types.ts';
import type { EngineModel } from '../src/analysis/modelRegistry.ts';
import { sha256 } from '../src/util/hash.ts';
import type { DataObjective } from '../src/vocabulary.ts';

const dir = mkdtempSync(join(tmpdir(), 'rmlens-pinned-'));
after(() => rmSync(dir, { recursive: true, force: true }));

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

async function pinnedWorld() {
  const zoo = join(dir, 'zoo');
  mkdirSync(zoo, { recursive: true });
  for (const role of Object.keys(MODELS)) writeFileSync(join(zoo, `${role}.onnx`), `pinned model ${role}`);
  writeFileSync(join(zoo, 'zoo.json'), JSON.stringify({
    data: 'pinned', seed: 1, quick: true,
    models: Object.entries(MODELS).map(([role, objective]) => ({ role, objective, file: `${role}.onnx`, sha256: '', base: role === 'base' ? null : 'base' })),
    datasets: { helpful: ['help'], harmless: ['harm'] },
  }));
  const datasets = new Map([['help', literalDataset('help', 'HELPFUL')], ['harm', literalDataset('harm', 'HARMLESS')]]);
  const dbPath = join(dir, 'pinned.sqlite');
  const context = createContext({
    dbPath,
    zooDirs: [zoo],
    loadModel: async (path) => {
      const role = path.slice(path.lastIndexOf('/') + 1, -'.onnx'.length);
      return fakeModel(role, `pinned model ${role}`);
    },
    resolveDataset: (ref) => {
      const d = datasets.get(ref);
      if (!d) throw new Error(`unknown ${ref}`);
      return d;
    },
  });
  return { context, dbPath };
}

const sel = (model: string, dataset: string, method: NeuronSelection['method'] = 'MAGNITUDE'): NeuronSelection => ({ model, dataset, method, topPercent: 25 });

test('cache keys of every result kind are unchanged', async () => {
  const { context, dbPath } = await pinnedWorld();
  const { analysis } = context;
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
  await context.close();

  const db = new Database(dbPath, { readonly: true });
  const rows = db.prepare('select kind, key from results order by kind, key').all() as { kind: string; key: string }[];
  db.close();
  const byKind = new Map<string, string[]>();
  for (const { kind, key } of rows) byKind.set(kind, [...(byKind.get(kind) ?? []), key]);
  // The keys themselves where a kind has few; else their count and one digest over the sorted keys.
  const pinned = Object.fromEntries([...byKind].map(([kind, keys]) => [kind, keys.length <= 4 ? keys : `${keys.length} ${sha256(keys.join('\n'))}`]));
  assert.deepEqual(pinned, PINNED);
});

const PINNED: Record<string, string | string[]> = {
  ablatedRewards: '12 e71278d3b8fe65849713be7bc90145758d1627640b9352a7a485dce876c5c105',
  ablation: [
    '03744882f3b9143be2f1682dd4f67bf2404895cf22ba85648fcab1afa1f80077',
    '37b234baa74a7ce2480612645dfab5c0b0ffd7eadbd2636f4c0cb22bf1b64718',
    '826c5963bcd883ee8b668bc9ce136be4aa15b0ab319e26e7f068549ac502e3fe',
  ],
  correlation: [
    'f4935339ad92696ce4e944c93dbcddacdcef0da296ebd48fbe446b3137fcd391',
  ],
  evaluation: [
    '99e04392879e82f637497f73c285d28af3d11bc5d54e977c1ad85b7cb30aa384',
  ],
  frontier: [
    '9a2454990e3533675e15b9404108c94c4a59d61253ac1faa93e5ca0fdbfc9509',
  ],
  modelInfo: [
    '12ac2d526b77651fbeafa7a2f1273945f3b7926cc89abda5b4c31624d14d9ff6',
    '7bd589f0190d1c0875c04919a323c0fada4e34a2c707bcc7dbb937bca0f00842',
    'e5ff73b8c00ef5e196e79e888b59364cc6199672b1d8837d3f34fe785591c80f',
  ],
  neuronStats: [
    '0031d19ced62a8a402e85aa0ac024bf25a81bb6ff3cad2e85cbe1648c78097ac',
    '007ab1f8d8caa2c409b3442594ffc76dcacc2adb3cceea055c92fac275c703f8',
    '09ecefe055e533eebaf0e09aff072e95712134a5ab4cd05b67d095f06d626269',
    'b3afbc4680d0569a466a5765b7c5f1896bef16f829097be90664fae23bdec293',
  ],
  rewards: [
    '6c40ff8e00161a94f7b2c728acf945cafdbeabc61f60fa08dc4a3b0b20280b53',
    'df9cdc468a3632f671ee337e51b3a05914a5076220ca842ae0649249ec5fab42',
    'f3d91a6f2ba395573941ef0c79c2649f8491392d2d48b974886bb22aa1a37af0',
  ],
  scores: [
    '1ff17247aa3ad24173626fbda665aec1324b3724b6e2e7f1defc43e3d9b8109b',
    '2254007539561534e3a6831e4b367d4b3635cb2e14efb4273f8e3efe2e3e5e9a',
    '705635d52d49e19d863dcc5ea39900026a6d090c3e549173905a97c37eba647b',
    '81e4bc141d466091197baec8311ce4bf827023c360995231786bbdd6b87fae99',
  ],
  sweep: [
    'c62d850a78e355bf41e69ae45293cc8b8db2f75c89363d37ced8c53c8ed3dbe3',
  ],
};
