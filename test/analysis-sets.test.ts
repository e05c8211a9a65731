import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BadUserInputError } from '../src/errors.ts';
import {
  allSet,
  listSet,
  onlySet,
  perLayerCounts,
  randomMatchedSet,
  randomSet,
  sharedSet,
} from '../src/analysis/neuronSets.ts';
import { assertValidSetSpec, validateSetSpec } from '../src/analysis/setSpec.ts';
import type { NeuronSelection, NeuronSetSpec } from '../src/analysis/types.ts';
import { controlSeed } from '../src/analysis/controls.ts';
import { createRng } from '../src/util/random.ts';
import { sitesOfWidths } from './support/neuronStatsFixture.ts';

const sites = sitesOfWidths([4, 4, 4]);
const set = (...xs: number[]) => Int32Array.from(xs);

test('ONLY and SHARED work per (layer, index)', () => {
  const a = set(0, 1, 5, 9);
  const b = set(1, 4, 9, 10);
  assert.deepEqual([...onlySet(a, b)], [0, 5]);
  assert.deepEqual([...onlySet(b, a)], [4, 10]);
  assert.deepEqual([...sharedSet(a, b)], [1, 9]);
  assert.deepEqual([...sharedSet(a, set())], []);
  assert.deepEqual([...onlySet(a, set())], [0, 1, 5, 9]);
});

test("the reference's layer bug is not copied: a layer in only one set is not kept whole", () => {
  // A uses layer 0 {0, 1} and layer 1 {2}; B uses layer 0 {1} and layer 2 {3}.
  const a = listSet([{ layer: 0, index: 0 }, { layer: 0, index: 1 }, { layer: 1, index: 2 }], sites);
  const b = listSet([{ layer: 0, index: 1 }, { layer: 2, index: 3 }], sites);
  const onlyA = onlySet(a, b);
  const onlyB = onlySet(b, a);
  // The buggy version would ablate all 4 neurons of layer 1 for ONLY(A) and of layer 2 for ONLY(B).
  assert.deepEqual([...perLayerCounts(onlyA, sites)], [1, 1, 0]);
  assert.deepEqual([...onlyA], [0, 6]);
  assert.deepEqual([...perLayerCounts(onlyB, sites)], [0, 0, 1]);
  assert.deepEqual([...onlyB], [11]);
  assert.deepEqual([...sharedSet(a, b)], [1]);
});

test('ONLY and SHARED agree with a brute-force Set on random sets', () => {
  const rng = createRng(7);
  for (let trial = 0; trial < 50; trial++) {
    const a = randomSet(12, 1 + rng() * 99, trial);
    const b = randomSet(12, 1 + rng() * 99, trial + 1000);
    const inB = new Set(b);
    assert.deepEqual([...onlySet(a, b)], [...a].filter((x) => !inB.has(x)));
    assert.deepEqual([...sharedSet(a, b)], [...a].filter((x) => inB.has(x)));
  }
});

test('ALL and LIST build canonical sets; LIST names a bad neuron', () => {
  assert.deepEqual([...allSet(4)], [0, 1, 2, 3]);
  const listed = listSet([{ layer: 2, index: 0 }, { layer: 0, index: 3 }, { layer: 2, index: 0 }], sites);
  assert.deepEqual([...listed], [3, 8]);
  assert.throws(() => listSet([{ layer: 3, index: 0 }], sites), (e: Error) => e instanceof BadUserInputError && /layer 3, index 0\): layer/.test(e.message));
  assert.throws(() => listSet([{ layer: 1, index: 4 }], sites), /layer 1, index 4\): index must be an integer in 0\.\.3/);
  assert.throws(() => listSet([{ layer: 0, index: -1 }], sites), BadUserInputError);
  assert.throws(() => listSet([{ layer: 0.5, index: 0 }], sites), BadUserInputError);
});

test('RANDOM draws k = ceil(p·N/100) distinct neurons, reproducibly, uniformly', () => {
  const r = randomSet(100, 7.5, 42);
  assert.equal(r.length, 8);
  assert.equal(new Set(r).size, 8);
  assert.ok(r.every((x, i) => x >= 0 && x < 100 && (i === 0 || r[i - 1] < x)));
  assert.deepEqual(randomSet(100, 7.5, 42), r);
  assert.notDeepEqual(randomSet(100, 7.5, 43), r);
  assert.throws(() => randomSet(100, 0, 1), BadUserInputError);
  const hits = new Float64Array(10);
  for (let seed = 0; seed < 2000; seed++) for (const x of randomSet(10, 30, seed)) hits[x]++;
  for (const h of hits) assert.ok(Math.abs(h / 2000 - 0.3) < 0.05, `frequency ${h / 2000}`);
});

test('RANDOM matched keeps per-layer counts, draws uniformly within each layer (target included)', () => {
  const target = set(0, 1, 2, 9);
  const expected = [...perLayerCounts(target, sites)];
  assert.deepEqual(expected, [3, 0, 1]);
  const hits = new Float64Array(12);
  for (let seed = 0; seed < 2000; seed++) {
    const m = randomMatchedSet(target, sites, seed);
    assert.deepEqual([...perLayerCounts(m, sites)], expected);
    assert.equal(new Set(m).size, m.length);
    for (const x of m) hits[x]++;
  }
  assert.deepEqual(randomMatchedSet(target, sites, 5), randomMatchedSet(target, sites, 5));
  for (let j = 0; j < 4; j++) assert.ok(Math.abs(hits[j] / 2000 - 0.75) < 0.05);
  for (let j = 4; j < 8; j++) assert.equal(hits[j], 0);
  for (let j = 8; j < 12; j++) assert.ok(Math.abs(hits[j] / 2000 - 0.25) < 0.05);
});

const sel = (method: NeuronSelection['method'] = 'MAGNITUDE'): NeuronSelection => ({ model: 'm', dataset: 'd', method, topPercent: 10 });

test('validateSetSpec accepts each kind with exactly its fields', () => {
  const valid: NeuronSetSpec[] = [
    { kind: 'TOP', of: 'HELPFUL', helpful: sel() },
    { kind: 'TOP', of: 'HARMLESS', harmless: sel() },
    { kind: 'TOP', of: 'MIXED', mixed: { ...sel(), pooledWith: ['e'] } },
    { kind: 'RANDOM', matchedTo: 'TOP', of: 'MIXED', mixed: sel(), seed: 1 },
    { kind: 'SHARED', helpful: sel(), harmless: sel(), region: 2 },
    { kind: 'ONLY', of: 'HARMLESS', helpful: sel(), harmless: sel() },
    { kind: 'SHARED', helpful: sel(), harmless: sel() },
    { kind: 'ENTROPY', helpful: sel('PROBABILITY'), harmless: sel('PROBABILITY'), percent: 5, of: 'HELPFUL' },
    { kind: 'RANDOM', percent: 10, seed: 1 },
    { kind: 'RANDOM', matchedTo: 'SHARED', helpful: sel(), harmless: sel(), seed: 1 },
    { kind: 'RANDOM', matchedTo: 'ENTROPY', helpful: sel('PROBABILITY'), harmless: sel('PROBABILITY'), percent: 5, of: 'HARMLESS', seed: 1 },
    { kind: 'ALL' },
    { kind: 'LIST', neurons: [{ layer: 0, index: 1 }] },
  ];
  for (const spec of valid) assert.deepEqual(validateSetSpec(spec), { missing: [], extra: [], invalid: [] }, spec.kind);
});

test('validateSetSpec names missing, extra and invalid fields', () => {
  const nullSeed = { kind: 'ALL', seed: null } as unknown as NeuronSetSpec; // GraphQL explicit null = absent
  assert.deepEqual(validateSetSpec(nullSeed), { missing: [], extra: [], invalid: [] });
  assert.deepEqual(validateSetSpec({ kind: 'TOP', of: 'HELPFUL', harmless: sel() }), { missing: ['helpful'], extra: ['harmless'], invalid: [] });
  assert.deepEqual(validateSetSpec({ kind: 'TOP', helpful: sel() }), { missing: ['of'], extra: [], invalid: [] });
  assert.deepEqual(validateSetSpec({ kind: 'TOP' }), { missing: ['of', 'helpful, harmless or mixed'], extra: [], invalid: [] });
  assert.deepEqual(validateSetSpec({ kind: 'TOP', of: 'MIXED', helpful: sel() }), { missing: ['mixed'], extra: ['helpful'], invalid: [] });
  assert.deepEqual(validateSetSpec({ kind: 'SHARED', helpful: sel(), harmless: sel(), mixed: sel() }), { missing: [], extra: ['mixed'], invalid: [] });
  for (const region of [-1, 0.5]) {
    assert.deepEqual(validateSetSpec({ kind: 'ALL', region }).invalid, [`region must be a non-negative integer, got ${region}`]);
  }
  assert.deepEqual(validateSetSpec({ kind: 'ONLY', helpful: sel(), seed: 3 }), { missing: ['harmless', 'of'], extra: ['seed'], invalid: [] });
  assert.deepEqual(validateSetSpec({ kind: 'SHARED', helpful: sel(), harmless: sel(), of: 'HELPFUL' }), { missing: [], extra: ['of'], invalid: [] });
  assert.deepEqual(validateSetSpec({ kind: 'ENTROPY', helpful: sel(), harmless: sel('PROBABILITY'), of: 'HELPFUL' }), {
    missing: ['percent'],
    extra: [],
    invalid: ['helpful.method must be PROBABILITY for ENTROPY, got MAGNITUDE'],
  });
  assert.deepEqual(validateSetSpec({ kind: 'RANDOM' }), { missing: ['seed', 'percent or matchedTo'], extra: [], invalid: [] });
  assert.deepEqual(validateSetSpec({ kind: 'RANDOM', percent: 10, matchedTo: 'SHARED', seed: 1 }), { missing: ['helpful', 'harmless'], extra: ['percent'], invalid: [] });
  assert.deepEqual(validateSetSpec({ kind: 'RANDOM', matchedTo: 'RANDOM', seed: 1 }).invalid, ['matchedTo: RANDOM cannot be matched to RANDOM']);
  assert.deepEqual(validateSetSpec({ kind: 'ALL', percent: 10, neurons: [] }), { missing: [], extra: ['percent', 'neurons'], invalid: [] });
  assert.deepEqual(validateSetSpec({ kind: 'LIST' }).missing, ['neurons']);
  assert.deepEqual(validateSetSpec({ kind: 'RANDOM', percent: 0, seed: 1 }).invalid, ['percent must be in (0, 100], got 0']);
  assert.deepEqual(validateSetSpec({ kind: 'SHARED', helpful: { ...sel(), topPercent: 150 }, harmless: sel() }).invalid, [
    'helpful.topPercent must be in (0, 100], got 150',
  ]);
  const mixed = { kind: 'ONLY', of: 'MIXED', helpful: sel(), harmless: sel() } as unknown as NeuronSetSpec;
  assert.deepEqual(validateSetSpec(mixed).invalid, ['of must be HELPFUL or HARMLESS, got MIXED']);
  const base = { kind: 'TOP', of: 'BASE', helpful: sel() } as unknown as NeuronSetSpec;
  assert.deepEqual(validateSetSpec(base).invalid, ['of must be HELPFUL, HARMLESS or MIXED, got BASE']);
});

test('assertValidSetSpec throws one input error naming everything', () => {
  assert.throws(
    () => assertValidSetSpec({ kind: 'ONLY', helpful: sel(), seed: 3 }),
    (e: Error) => e instanceof BadUserInputError && e.message === 'ONLY set: missing field(s): harmless, of; extra field(s): seed',
  );
  assert.doesNotThrow(() => assertValidSetSpec({ kind: 'ALL' }));
});

test('a RANDOM set is never one of its own controls: control seeds come from their own stream', () => {
  // Wide layers, so two different seeds drawing the same set by chance is negligible; with
  // controls seeded 0..n−1 (the old scheme) user seed s < n reproduced itself exactly.
  const wide = sitesOfWidths([256, 256]);
  const target = randomSet(512, 10, 0);
  for (let userSeed = 0; userSeed < 20; userSeed++) {
    const userSet = randomMatchedSet(target, wide, userSeed);
    for (let i = 0; i < 20; i++) {
      assert.notDeepEqual(Array.from(randomMatchedSet(userSet, wide, controlSeed(i))), Array.from(userSet), `seed ${userSeed}, control ${i}`);
    }
    assert.deepEqual(Array.from(randomMatchedSet(userSet, wide, userSeed)), Array.from(userSet), 'the old scheme would collide');
  }
});

test('RANDOM seeds must be 32-bit unsigned integers; a tiny positive percent still selects one neuron', () => {
  for (const seed of [-1, 1.5, 2 ** 32, Number.NaN]) {
    assert.deepEqual(validateSetSpec({ kind: 'RANDOM', percent: 10, seed }).invalid, [`seed must be an integer in [0, 2^32), got ${seed}`]);
  }
  assert.equal(randomSet(12, 1e-9, 3).length, 1);
});
