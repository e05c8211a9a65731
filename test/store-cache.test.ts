import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { cacheKey } from '../src/analysis/cacheKeys.ts';
import { ResultCache, type Codec } from '../src/db/resultCache.ts';
import type { ResultStore } from '../src/db/store.ts';
import { freshStore, STORE_BACKENDS } from './support/stores.ts';

/** One ablatedRewards key per number: equal numbers, equal keys. */
const keys = (params: number[]) => params.map((condition) => cacheKey('ablatedRewards', { condition }));

const numbers: Codec<Float64Array> = {
  encode: (v) => ({ scalars: null, arrays: { v } }),
  decode: (s) => s.arrays.v,
};

for (const backend of STORE_BACKENDS) {
  const stores: ResultStore[] = [];
  const open = async () => {
    const { store } = await freshStore(backend);
    stores.push(store);
    return store;
  };
  after(async () => { for (const store of stores) await store.close(); });

  test(`${backend.name}: a repeated request is served from the store without computing`, async () => {
    const cache = new ResultCache(await open());
    let calls = 0;
    const compute = async () => { calls++; return Float64Array.from([1, 2, 3]); };
    const first = await cache.get(cacheKey('rewards', { a: 1 }), numbers, compute);
    const second = await cache.get(cacheKey('rewards', { a: 1 }), numbers, compute);
    assert.equal(calls, 1);
    assert.equal(first.cached, false);
    assert.equal(second.cached, true);
    assert.deepEqual([...second.value], [1, 2, 3]);
    await cache.get(cacheKey('rewards', { a: 2 }), numbers, compute);
    assert.equal(calls, 2);
    assert.deepEqual(cache.counts(), { computed: 2, read: 1, byKind: { rewards: { computed: 2, read: 1 } } });
  });

  test(`${backend.name}: identical requests in flight share one computation`, async () => {
    const cache = new ResultCache(await open());
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const compute = async () => { calls++; await gate; return Float64Array.from([7]); };
    const pending = [1, 2, 3].map(() => cache.get(cacheKey('rewards', { same: true }), numbers, compute));
    release();
    const results = await Promise.all(pending);
    assert.equal(calls, 1);
    for (const r of results) assert.deepEqual([...r.value], [7]);
    assert.equal(cache.counts().computed, 1);
  });

  test(`${backend.name}: a failed computation stores nothing, and the next request computes again`, async () => {
    const store = await open();
    const cache = new ResultCache(store);
    await assert.rejects(cache.get(cacheKey('rewards', {}), numbers, async () => { throw new Error('boom'); }), /boom/);
    assert.equal(await store.countResults(), 0);
    const again = await cache.get(cacheKey('rewards', {}), numbers, async () => Float64Array.from([1]));
    assert.equal(again.cached, false);
  });

  test(`${backend.name}: getMany computes only the misses, in one batch, and shares them with concurrent batches`, async () => {
    const cache = new ResultCache(await open());
    const batches: number[][] = [];
    const compute = (params: number[]) => async (missing: number[]) => {
      batches.push(missing.map((i) => params[i]));
      await new Promise((r) => setTimeout(r, 5));
      return missing.map((i) => Float64Array.from([params[i] * 10]));
    };
    await cache.getMany(keys([1, 2]), numbers, compute([1, 2]));
    const p = [1, 2, 3, 3, 4];
    // The second batch starts while the first computes: 4 is in flight then, so it is joined, not recomputed.
    let computing!: () => void;
    const started = new Promise<void>((resolve) => { computing = resolve; });
    const first = cache.getMany(keys(p), numbers, async (missing) => { computing(); return compute(p)(missing); });
    await started;
    const [a, b] = await Promise.all([first, cache.getMany(keys([4, 5]), numbers, compute([4, 5]))]);
    assert.deepEqual(batches, [[1, 2], [3, 4], [5]]);
    assert.deepEqual(a.map((v) => v[0]), [10, 20, 30, 30, 40]);
    assert.deepEqual(b.map((v) => v[0]), [40, 50]);
    assert.deepEqual(cache.counts().byKind.ablatedRewards, { computed: 5, read: 2 });
  });

  test(`${backend.name}: batches started together compute each missing key once, whichever store read answers first`, async () => {
    const cache = new ResultCache(await open());
    const computed: number[] = [];
    const compute = (params: number[]) => async (missing: number[]) => {
      computed.push(...missing.map((i) => params[i]));
      await new Promise((r) => setTimeout(r, 5));
      return missing.map((i) => Float64Array.from([params[i] * 10]));
    };
    const requests = [[6, 7, 8], [8, 9], [6, 9, 10], [7]];
    const answers = await Promise.all(requests.map((p) => cache.getMany(keys(p), numbers, compute(p))));
    assert.deepEqual(computed.sort((x, y) => x - y), [6, 7, 8, 9, 10]);
    assert.deepEqual(answers.map((a) => a.map((v) => v[0])), requests.map((p) => p.map((n) => n * 10)));
    assert.equal(cache.counts().computed, 5);
  });

  test(`${backend.name}: a read that predates a concurrent computation's commit joins it instead of computing again`, async () => {
    const store = await open();
    const cache = new ResultCache(store);
    const key = cacheKey('rewards', { race: 1 });
    // The first read's answer is held back until released: meanwhile a second request computes and commits the row.
    const get = store.get.bind(store);
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    let reads = 0;
    (store as { get: typeof store.get }).get = async (...args) => {
      const row = await get(...args);
      if (reads++ === 0) await held;
      return row;
    };
    let calls = 0;
    const compute = async () => { calls++; return Float64Array.from([9]); };
    const first = cache.get(key, numbers, compute);
    const second = await cache.get(key, numbers, compute);
    assert.equal(await store.countResults(), 1, 'the second request committed its row');
    release();
    const late = await first;
    assert.equal(calls, 1, 'the read that missed joined the finished computation');
    assert.deepEqual([[...late.value], late.cached, late.computedAt], [[9], false, second.computedAt]);
    const warm = await cache.get(key, numbers, compute);
    assert.equal(warm.cached, true, 'once no read is left, the row is read from the store');
  });
}
