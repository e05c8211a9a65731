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
  ablatedRewards: '12 11e6e241e7f5c1fd16b5578aa5fb7eb2a8214d00c9f69593b3112949825dfa20',
  ablation: [
    '1d2aa0694774dc0fea6ae0a57e69cab08f59093a1e3c6041033caff6d43b236a',
    '2560a3aa1f5e3c6a740d757f37cb874cf9f4594d915ef2fad073d75c885a27d9',
    'c5b91f602c89c2c48992fae9f1079e844a9ebbbd7fe12c3803550953c8fa38bf',
  ],
  correlation: [
    '9296ea1fd4587f0c480a260bd57939dffd97771ba4f9848ce3a82d5102a1acd3',
  ],
  evaluation: [
    '777d676c1caa26db4bdedb52a9029bde606d0d67601a73bbf13c5319c44a5650',
  ],
  frontier: [
    '0b4f5d06eb4b536edab082de4091e04218b0a024c0c45824ecd1e93def745a0b',
  ],
  modelInfo: [
    '0caa212d4e9f7fc07dadfa2a65b294772dbb544981df5467e2a70bc1f5520c04',
    '1097237725e7f1c3effd423bb627151b524465a4d33d738dd7195e86f2a573e0',
    '7fa9100827830a281d747546adc9608e77e77b863d3e7b4e3ec6681600ab52cb',
  ],
  neuronStats: [
    'a8a8a88536830352172b554b6694a64ce02e3a5aae7b1ba016de919279fad12d',
    'c4b1ffe09d6b7f8692bb084b46df46dc1a8fe0355359ee80c55428d5f1a18331',
    'd6cdf7aab09380e01811c6d30fff6c74b8df0fbabfc8b80880d408fe6baeea27',
    'd7490091cfb19162d94c68068eb2a5832126d547b1c45433a389edb71f1bf5ed',
  ],
  rewards: [
    '07e0879ff0ae58585e6da71a6da839a2093922ab43d3b166d9a68d52b077d966',
    '0d1c27e9aa0ce906c4c9bcc9adfbf174531cbdbdc2b6f93d883757b8351e4ad3',
    '3d69ccdaa2bdc79c2ec999ceec383b2f3d8be401c5ec42876a49d5051c3b8780',
  ],
  scores: [
    '0998468d52c84b2c143363dc80189c5b7fe6bebd0e75f97bbb3b2349396d5546',
    '1004a195ed4c1ff6868919c75f58b5ccbe8cc127f99274e77aa6cdcb43594d9b',
    '60249dc059fa8cef3f56c8d943d787872026025cc3a505ad31530aebcdad41fc',
    '9d45d50a76de18276948d48a98b178cc43243f11d36cce5e324a9c06c0f879a2',
  ],
  sweep: [
    'faf08ac7d21b0af9c2a34b0ab43cc039d054555a63c940634e2d10b4d58309d5',
  ],
};
