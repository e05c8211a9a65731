/**
 * Which changes give a new cache key (rmlens.md §5), table-driven: one base request per result
 * kind, then one parameter changed at a time. Every input a result depends on must give a new
 * key (else a stale answer is served); what a result does not depend on — key order, null
 * versus absent fields, the dataset's name and id when its content is the same, a topPercent the
 * p-sweep replaces — must give the same key (else nothing is ever reused).
 *
 * Each row runs in a fresh fake world: the base request, then the changed one. A new key shows
 * as one more result of that kind computed, the same key as one more read from the store.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { test } from 'node:test';
import type { AblationRequest } from '../src/analysis/types.ts';
import type { NeuronSelection, NeuronSetSpec } from '../src/analysis/types.ts';
import type { Dataset, Part } from '../src/data/types.ts';
import { defaultDatasets, fakeDataset, fakeWorld, type FakeModelSpec, type FakeWorld } from './support/fakeEngine.ts';

const weights = (seed: number) => Array.from({ length: 10 }, (_, j) => (((j + 1) * seed) % 11) / 10);
const SPECS: Record<string, FakeModelSpec> = {
  base: { objective: 'BASE', weights: weights(2) },
  helpful: { objective: 'HELPFUL', base: 'base', weights: weights(3) },
  harmless: { objective: 'HARMLESS', base: 'base', weights: weights(5) },
  mixed: { objective: 'MIXED', base: 'base', weights: weights(7) },
};

/** `<id>-<part>-edited`: the dataset with its first pair of `part` changed by one character. */
function edited(d: Dataset, part: Part): Dataset {
  const [first, ...rest] = d[part];
  const changed = [{ ...first, chosen: `${first.chosen}!` }, ...rest];
  return fakeDataset(`${d.id}-${part}-edited`, d.objective, part === 'train' ? changed : d.train, part === 'heldOut' ? changed : d.heldOut);
}

/** The default datasets, each also as `<id>-copy` (same pairs, another id and name) and with one pair edited in each part. */
function keyWorld(): FakeWorld {
  const datasets = defaultDatasets().flatMap((d) => [d, { ...d, id: `${d.id}-copy`, name: `copy of ${d.name}` }, edited(d, 'train'), edited(d, 'heldOut')]);
  return fakeWorld(SPECS, { datasets });
}

/** A new version of a model's file: another sha256. */
function retrain(w: FakeWorld, id: string): void {
  writeFileSync(w.modelPath(id), `model ${id}, retrained`);
}

/** The same object with its keys in reverse order, at every depth. */
function reversed<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)])) as T;
}

/** GraphQL sends absent optional fields as null; the types do not allow it, the service must. */
const withNulls = <T>(value: T, fields: Record<string, null>): T => ({ ...value, ...fields }) as T;

const HELPFUL: NeuronSelection = { model: 'helpful', dataset: 'help', method: 'MAGNITUDE', topPercent: 30 };
const HARMLESS: NeuronSelection = { model: 'harmless', dataset: 'harm', method: 'MAGNITUDE', topPercent: 30 };
const SHARED: NeuronSetSpec = { kind: 'SHARED', helpful: HELPFUL, harmless: HARMLESS };
const ABLATION: AblationRequest = { model: 'mixed', set: SHARED, dataset: 'help', mode: 'ZERO', controls: 2 };
const ALPHAS = [0, 1, 2];

type Request = (w: FakeWorld) => Promise<unknown>;

const evaluation = (model: string, dataset: string): Request => (w) => w.service.evaluation(model, dataset);
const scores = (selection: Pick<NeuronSelection, 'model' | 'dataset' | 'method' | 'pooledWith'>): Request => (w) => w.service.scores(selection);
const ablation = (patch: Partial<AblationRequest> = {}): Request => (w) => w.service.ablation({ ...ABLATION, ...patch });
/** The base ablation with its set's selections patched. */
const ablationOf = (helpful: Partial<NeuronSelection>, harmless: Partial<NeuronSelection> = {}): Request =>
  ablation({ set: { kind: 'SHARED', helpful: { ...HELPFUL, ...helpful }, harmless: { ...HARMLESS, ...harmless } } });
const sweep = (helpful: Partial<NeuronSelection> = {}, harmless: Partial<NeuronSelection> = {}, model = 'mixed', dataset = 'help', controls?: number): Request =>
  (w) => w.service.pSweep(model, { ...HELPFUL, ...helpful }, { ...HARMLESS, ...harmless }, dataset, controls);
const frontier = (patch: { model?: string; set?: NeuronSetSpec; helpful?: string; harmless?: string; alphas?: number[] } = {}): Request =>
  (w) => w.service.frontier(patch.model ?? 'mixed', patch.set ?? SHARED, patch.helpful ?? 'help', patch.harmless ?? 'harm', patch.alphas ?? ALPHAS);
const correspondence = (a: string, b: string, dataset: string): Request => (w) => w.service.correspondence(a, b, dataset);
/** Retrains a model's file, then runs the request. */
const after = (id: string, request: Request): Request => async (w) => { retrain(w, id); await request(w); };

const RANDOM: NeuronSetSpec = { kind: 'RANDOM', percent: 20, seed: 1 };
const ONLY_HELPFUL: NeuronSetSpec = { kind: 'ONLY', of: 'HELPFUL', helpful: HELPFUL, harmless: HARMLESS };
const POOLED: NeuronSelection = { model: 'mixed', dataset: 'help', method: 'MAGNITUDE', topPercent: 30, pooledWith: ['harm'] };
const TOP_MIXED: NeuronSetSpec = { kind: 'TOP', of: 'MIXED', mixed: POOLED };
const CHANGE_SWEEP = sweep({ method: 'CHANGE' }, { method: 'CHANGE' });

/** The kinds under test, each with its base request. */
const BASE: Record<string, Request> = {
  evaluation: evaluation('mixed', 'help'),
  scores: scores({ model: 'helpful', dataset: 'help', method: 'MAGNITUDE' }),
  ablation: ablation(),
  sweep: sweep(),
  frontier: frontier(),
  correlation: correspondence('helpful', 'mixed', 'harm'),
};

interface Row {
  kind: keyof typeof BASE;
  change: string;
  /** The request compared against; default the kind's base request. */
  from?: Request;
  to: Request;
  key: 'new' | 'same';
}

const ROWS: Row[] = [
  { kind: 'evaluation', change: 'model', to: evaluation('helpful', 'help'), key: 'new' },
  { kind: 'evaluation', change: 'dataset content (held-out part)', to: evaluation('mixed', 'help-heldOut-edited'), key: 'new' },
  { kind: 'evaluation', change: 'model file', to: after('mixed', evaluation('mixed', 'help')), key: 'new' },
  { kind: 'evaluation', change: 'dataset name and id, same content', to: evaluation('mixed', 'help-copy'), key: 'same' },

  { kind: 'scores', change: 'model', to: scores({ model: 'harmless', dataset: 'help', method: 'MAGNITUDE' }), key: 'new' },
  { kind: 'scores', change: 'dataset content (train part)', to: scores({ model: 'helpful', dataset: 'help-train-edited', method: 'MAGNITUDE' }), key: 'new' },
  { kind: 'scores', change: 'method MAGNITUDE → PROBABILITY', to: scores({ model: 'helpful', dataset: 'help', method: 'PROBABILITY' }), key: 'new' },
  { kind: 'scores', change: 'method MAGNITUDE → CONTRAST', to: scores({ model: 'helpful', dataset: 'help', method: 'CONTRAST' }), key: 'new' },
  { kind: 'scores', change: 'method MAGNITUDE → CHANGE', to: scores({ model: 'helpful', dataset: 'help', method: 'CHANGE' }), key: 'new' },
  {
    kind: 'scores', change: 'base model file (CHANGE)',
    from: scores({ model: 'helpful', dataset: 'help', method: 'CHANGE' }),
    to: after('base', scores({ model: 'helpful', dataset: 'help', method: 'CHANGE' })), key: 'new',
  },
  { kind: 'scores', change: 'dataset name and id, same content', to: scores({ model: 'helpful', dataset: 'help-copy', method: 'MAGNITUDE' }), key: 'same' },
  { kind: 'scores', change: 'key order', to: scores({ method: 'MAGNITUDE', dataset: 'help', model: 'helpful' }), key: 'same' },
  { kind: 'scores', change: 'a topPercent scores do not use', to: scores({ ...HELPFUL, topPercent: 70 } as NeuronSelection), key: 'same' },
  { kind: 'scores', change: 'pooled with another train part', to: scores({ model: 'helpful', dataset: 'help', method: 'MAGNITUDE', pooledWith: ['harm'] }), key: 'new' },
  { kind: 'scores', change: 'pooledWith [] instead of absent', to: scores({ model: 'helpful', dataset: 'help', method: 'MAGNITUDE', pooledWith: [] }), key: 'same' },
  { kind: 'scores', change: 'pooledWith its own dataset', to: scores({ model: 'helpful', dataset: 'help', method: 'MAGNITUDE', pooledWith: ['help-copy'] }), key: 'same' },
  { kind: 'scores', change: 'pooled: the datasets named the other way round, repeated', from: scores(POOLED), to: scores({ ...POOLED, dataset: 'harm', pooledWith: ['help', 'harm-copy', 'help'] }), key: 'same' },
  { kind: 'scores', change: 'pooled: a pooled part\'s content', from: scores(POOLED), to: scores({ ...POOLED, pooledWith: ['harm-train-edited'] }), key: 'new' },

  { kind: 'ablation', change: 'model', to: ablation({ model: 'helpful' }), key: 'new' },
  { kind: 'ablation', change: 'dataset content (held-out part)', to: ablation({ dataset: 'help-heldOut-edited' }), key: 'new' },
  { kind: 'ablation', change: 'set kind SHARED → TOP', to: ablation({ set: { kind: 'TOP', of: 'HELPFUL', helpful: HELPFUL } }), key: 'new' },
  { kind: 'ablation', change: 'of HELPFUL → HARMLESS', from: ablation({ set: ONLY_HELPFUL }), to: ablation({ set: { ...ONLY_HELPFUL, of: 'HARMLESS' } }), key: 'new' },
  { kind: 'ablation', change: 'selection method', to: ablationOf({ method: 'PROBABILITY' }), key: 'new' },
  { kind: 'ablation', change: 'selection topPercent', to: ablationOf({ topPercent: 40 }), key: 'new' },
  { kind: 'ablation', change: 'selection perLayer', to: ablationOf({ perLayer: true }), key: 'new' },
  { kind: 'ablation', change: 'selection model', to: ablationOf({ model: 'mixed' }), key: 'new' },
  { kind: 'ablation', change: 'selection dataset content (train part)', to: ablationOf({ dataset: 'help-train-edited' }), key: 'new' },
  { kind: 'ablation', change: 'RANDOM seed', from: ablation({ set: RANDOM }), to: ablation({ set: { ...RANDOM, seed: 2 } }), key: 'new' },
  { kind: 'ablation', change: 'RANDOM percent', from: ablation({ set: RANDOM }), to: ablation({ set: { ...RANDOM, percent: 30 } }), key: 'new' },
  {
    kind: 'ablation', change: 'RANDOM matchedTo',
    from: ablation({ set: { kind: 'RANDOM', matchedTo: 'SHARED', helpful: HELPFUL, harmless: HARMLESS, seed: 1 } }),
    to: ablation({ set: { kind: 'RANDOM', matchedTo: 'ONLY', of: 'HELPFUL', helpful: HELPFUL, harmless: HARMLESS, seed: 1 } }), key: 'new',
  },
  {
    kind: 'ablation', change: 'LIST neurons',
    from: ablation({ set: { kind: 'LIST', neurons: [{ layer: 0, index: 1 }] } }),
    to: ablation({ set: { kind: 'LIST', neurons: [{ layer: 1, index: 0 }] } }), key: 'new',
  },
  { kind: 'ablation', change: 'TOP of MIXED: the mixed selection\'s pooled part', from: ablation({ set: TOP_MIXED }), to: ablation({ set: { ...TOP_MIXED, mixed: { ...TOP_MIXED.mixed!, pooledWith: ['harm-train-edited'] } } }), key: 'new' },
  { kind: 'ablation', change: 'region', to: ablation({ set: { ...SHARED, region: 1 } }), key: 'new' },
  { kind: 'ablation', change: 'region 0 → 1', from: ablation({ set: { ...SHARED, region: 0 } }), to: ablation({ set: { ...SHARED, region: 1 } }), key: 'new' },
  { kind: 'ablation', change: 'null region and mixed instead of absent', to: ablation({ set: withNulls(SHARED, { region: null, mixed: null }) }), key: 'same' },
  // The tie rule reaches the mixed RM's own set and region parts as every ablation: HALF keeps the key written before the rule, STRICT is keyed apart.
  { kind: 'ablation', change: 'TOP of MIXED: ties HALF instead of absent', from: ablation({ set: TOP_MIXED }), to: ablation({ set: TOP_MIXED, ties: 'HALF' }), key: 'same' },
  { kind: 'ablation', change: 'TOP of MIXED: ties HALF → STRICT', from: ablation({ set: TOP_MIXED }), to: ablation({ set: TOP_MIXED, ties: 'STRICT' }), key: 'new' },
  { kind: 'ablation', change: 'region: ties HALF instead of absent', from: ablation({ set: { ...SHARED, region: 1 } }), to: ablation({ set: { ...SHARED, region: 1 }, ties: 'HALF' }), key: 'same' },
  { kind: 'ablation', change: 'region: ties HALF → STRICT', from: ablation({ set: { ...SHARED, region: 1 } }), to: ablation({ set: { ...SHARED, region: 1 }, ties: 'STRICT' }), key: 'new' },
  { kind: 'ablation', change: 'mode ZERO → MEAN', to: ablation({ mode: 'MEAN' }), key: 'new' },
  { kind: 'ablation', change: 'mode ZERO → SCALE', to: ablation({ mode: 'SCALE', alpha: 0 }), key: 'new' },
  { kind: 'ablation', change: 'alpha', from: ablation({ mode: 'SCALE', alpha: 0.5 }), to: ablation({ mode: 'SCALE', alpha: 0.25 }), key: 'new' },
  { kind: 'ablation', change: 'controls', to: ablation({ controls: 3 }), key: 'new' },
  { kind: 'ablation', change: 'base model file (CHANGE selection)', from: ablationOf({ method: 'CHANGE' }), to: after('base', ablationOf({ method: 'CHANGE' })), key: 'new' },
  { kind: 'ablation', change: 'dataset name and id, same content', to: ablation({ dataset: 'help-copy' }), key: 'same' },
  { kind: 'ablation', change: 'MEAN: dataset name and id, same content', from: ablation({ mode: 'MEAN' }), to: ablation({ mode: 'MEAN', dataset: 'help-copy' }), key: 'same' },
  { kind: 'ablation', change: 'selection dataset name and id, same content', to: ablationOf({ dataset: 'help-copy' }), key: 'same' },
  { kind: 'ablation', change: 'key order', to: (w) => w.service.ablation(reversed(ABLATION)), key: 'same' },
  {
    kind: 'ablation', change: 'null instead of absent fields',
    to: ablation({
      alpha: null,
      set: withNulls(SHARED, { of: null, percent: null, matchedTo: null, seed: null, neurons: null }),
    }), key: 'same',
  },
  { kind: 'ablation', change: 'perLayer false instead of absent', to: ablationOf({ perLayer: false }, { perLayer: false }), key: 'same' },

  { kind: 'sweep', change: 'model', to: sweep({}, {}, 'helpful'), key: 'new' },
  { kind: 'sweep', change: 'dataset content (held-out part)', to: sweep({}, {}, 'mixed', 'help-heldOut-edited'), key: 'new' },
  { kind: 'sweep', change: 'selection method', to: sweep({ method: 'PROBABILITY' }), key: 'new' },
  { kind: 'sweep', change: 'selection perLayer', to: sweep({}, { perLayer: true }), key: 'new' },
  { kind: 'sweep', change: 'selection model', to: sweep({}, { model: 'mixed' }), key: 'new' },
  { kind: 'sweep', change: 'selection dataset content (train part)', to: sweep({}, { dataset: 'harm-train-edited' }), key: 'new' },
  { kind: 'sweep', change: 'base model file (CHANGE selections)', from: CHANGE_SWEEP, to: after('base', CHANGE_SWEEP), key: 'new' },
  { kind: 'sweep', change: 'topPercent (the sweep replaces it)', to: sweep({ topPercent: 5 }, { topPercent: 50 }), key: 'same' },
  { kind: 'sweep', change: 'dataset name and id, same content', to: sweep({ dataset: 'help-copy' }, {}, 'mixed', 'help-copy'), key: 'same' },
  { kind: 'sweep', change: 'key order', to: (w) => w.service.pSweep('mixed', reversed(HELPFUL), reversed(HARMLESS), 'help'), key: 'same' },
  { kind: 'sweep', change: 'controls', to: sweep({}, {}, 'mixed', 'help', 2), key: 'new' },
  { kind: 'sweep', change: 'controls 0 instead of absent', to: sweep({}, {}, 'mixed', 'help', 0), key: 'same' },

  { kind: 'frontier', change: 'model', to: frontier({ model: 'helpful' }), key: 'new' },
  { kind: 'frontier', change: 'set kind SHARED → TOP', to: frontier({ set: { kind: 'TOP', of: 'HELPFUL', helpful: HELPFUL } }), key: 'new' },
  { kind: 'frontier', change: 'selection topPercent', to: frontier({ set: { ...SHARED, helpful: { ...HELPFUL, topPercent: 40 } } }), key: 'new' },
  { kind: 'frontier', change: 'alphas', to: frontier({ alphas: [0, 0.5, 2] }), key: 'new' },
  { kind: 'frontier', change: 'helpful dataset content', to: frontier({ helpful: 'help-heldOut-edited' }), key: 'new' },
  { kind: 'frontier', change: 'harmless dataset content', to: frontier({ harmless: 'harm-heldOut-edited' }), key: 'new' },
  { kind: 'frontier', change: 'dataset names and ids, same content', to: frontier({ helpful: 'help-copy', harmless: 'harm-copy' }), key: 'same' },
  { kind: 'frontier', change: 'key order and null fields', to: frontier({ set: reversed(withNulls(SHARED, { of: null, seed: null })) }), key: 'same' },

  { kind: 'correlation', change: 'model a', to: correspondence('harmless', 'mixed', 'harm'), key: 'new' },
  { kind: 'correlation', change: 'model b', to: correspondence('helpful', 'base', 'harm'), key: 'new' },
  { kind: 'correlation', change: 'model file of b', to: after('mixed', correspondence('helpful', 'mixed', 'harm')), key: 'new' },
  { kind: 'correlation', change: 'dataset content (held-out part)', to: correspondence('helpful', 'mixed', 'harm-heldOut-edited'), key: 'new' },
  { kind: 'correlation', change: 'dataset name and id, same content', to: correspondence('helpful', 'mixed', 'harm-copy'), key: 'same' },
];

/** Results of `kind` computed and read so far. */
function tally(w: FakeWorld, kind: string) {
  return w.service.counts().byKind[kind] ?? { computed: 0, read: 0 };
}

for (const row of ROWS) {
  test(`${row.kind}: ${row.change} → ${row.key} key`, async () => {
    const w = keyWorld();
    await (row.from ?? BASE[row.kind])(w);
    assert.deepEqual(tally(w, row.kind), { computed: 1, read: 0 }, 'the base request computes one result');
    await row.to(w);
    // One more result of this kind either way: computed under a new key, or read under the same one.
    assert.deepEqual(tally(w, row.kind), row.key === 'new' ? { computed: 2, read: 0 } : { computed: 1, read: 1 });
  });
}

test('every kind has rows that must change its key and rows that must not', () => {
  for (const kind of Object.keys(BASE)) {
    assert.ok(ROWS.some((r) => r.kind === kind && r.key === 'new'), `${kind}: no 'new' row`);
    assert.ok(ROWS.some((r) => r.kind === kind && r.key === 'same'), `${kind}: no 'same' row`);
  }
});
