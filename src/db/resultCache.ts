/**
 * The cache contract of rmlens.md §5 on top of the store: one computation per key even when
 * identical requests arrive together, every write one transaction, and counts of what was
 * computed versus read back. Keys are built by the analysis (src/analysis/cacheKeys.ts): this
 * layer only stores what they name.
 */
import type { ResultStore, StoredValue } from './store.ts';

/** Converts a result to and from its stored form. */
export interface Codec<T> {
  encode(value: T): StoredValue;
  decode(stored: StoredValue): T;
}

/**
 * A value, whether it came from the store (true) or was computed by this call or a shared
 * in-flight one (false), and its provenance: the row's key and when the row was written.
 */
export interface Cached<T> {
  value: T;
  cached: boolean;
  /** The cache key (sha256 of the key JSON) the value is stored under. */
  key: string;
  /** When the value's row was written (ms since epoch): its `created_at`, or the write of this computation. */
  computedAt: number;
}

/**
 * A result derived from stored ones without a row of its own (an overlap from two score rows, a
 * neuron's entry of a per-model row): read from the store when every part was, and traced to
 * the newest part's row.
 */
export function derived<T>(value: T, parts: readonly Cached<unknown>[]): Cached<T> {
  if (parts.length === 0) throw new Error('a derived result needs at least one stored part');
  const newest = parts.reduce((a, b) => (b.computedAt > a.computedAt ? b : a));
  return { value, cached: parts.every((p) => p.cached), key: newest.key, computedAt: newest.computedAt };
}

/** How many results of each kind were computed and how many were read from the store. */
export interface CacheCounts {
  computed: number;
  read: number;
  byKind: Record<string, { computed: number; read: number }>;
}

/** A built cache key (src/analysis/cacheKeys.ts builds them all): what the row holds, its digest, and the canonical JSON digested. */
export interface CacheKey {
  kind: string;
  key: string;
  keyJson: string;
}

/**
 * Awaited after a miss, before computing (the server's request budget waits for a job slot
 * here). The wait happens before the key is registered as in flight: a request that waits
 * holds nothing another request could join, so a slot holder never waits on a waiting request.
 */
export interface ComputeGate {
  beforeCompute?: () => Promise<void>;
}

/** Read-through cache over a ResultStore with in-flight sharing and counters. */
export class ResultCache {
  // Computations running now, by key, with the time their row was written (joiners report it too).
  private readonly inFlight = new Map<string, Promise<{ value: unknown; computedAt: number }>>();
  private readonly counters = new Map<string, { computed: number; read: number }>();

  constructor(readonly store: ResultStore) {}

  /**
   * The result under `key`: from the store when present; else joins an identical
   * computation already running; else runs `compute` and stores its value in one transaction.
   */
  async get<T>(cacheKey: CacheKey, codec: Codec<T>, compute: () => Promise<T>, gate: ComputeGate = {}): Promise<Cached<T>> {
    const { kind, key, keyJson } = cacheKey;
    const running = this.inFlight.get(key);
    if (running) return { ...((await running) as { value: T; computedAt: number }), cached: false, key };
    const stored = this.store.get(key, kind);
    if (stored !== undefined) {
      this.count(kind, 'read');
      return { value: codec.decode(stored), cached: true, key, computedAt: stored.createdAt };
    }
    if (gate.beforeCompute) {
      await gate.beforeCompute();
      // Looked up again: while this request waited, another may have stored or started it.
      return this.get(cacheKey, codec, compute);
    }
    const promise = (async () => {
      const started = performance.now();
      const value = await compute();
      const computedAt = this.store.putMany([{ key, kind, keyJson, value: codec.encode(value), computeMs: performance.now() - started }]);
      this.count(kind, 'computed');
      return { value, computedAt };
    })();
    this.inFlight.set(key, promise);
    try {
      return { ...(await promise), cached: false, key };
    } finally {
      this.inFlight.delete(key);
    }
  }

  /**
   * The stored results among `keys`, by key, read with one select (a request's DataLoader batch).
   * Keys not in the store are absent: the caller computes those through `get`, which also joins
   * computations in flight, so this never computes and never waits.
   */
  readMany<T>(keys: readonly CacheKey[], codec: Codec<T>): Map<string, Cached<T>> {
    const found = new Map<string, Cached<T>>();
    const kinds = new Map(keys.map(({ key, kind }) => [key, kind]));
    for (const [key, row] of this.store.getMany(keys)) {
      this.count(kinds.get(key)!, 'read');
      found.set(key, { value: codec.decode(row), cached: true, key, computedAt: row.createdAt });
    }
    return found;
  }

  /**
   * Many results of one kind whose misses are computed together (e.g. all ablation conditions
   * of a request in one engine call). `computeMissing` receives the indices of the keys not
   * in the store and not already in flight, and returns their values in that order; they are
   * written in one transaction. Misses already in flight elsewhere are awaited, not recomputed.
   */
  async getMany<T>(keys: readonly CacheKey[], codec: Codec<T>, computeMissing: (missing: number[]) => Promise<T[]>, gate: ComputeGate = {}): Promise<T[]> {
    const kind = keys[0]?.kind ?? '';
    if (keys.some((k) => k.kind !== kind)) throw new Error('getMany takes keys of one kind');
    const found = new Map<string, T>();
    const waits: Promise<void>[] = [];
    const missing: number[] = [];
    const missingKeys = new Set<string>();
    keys.forEach(({ key }, i) => {
      // The same key twice in one request: looked up (and computed) once.
      if (found.has(key) || missingKeys.has(key)) return;
      const running = this.inFlight.get(key);
      if (running) {
        waits.push(running.then(({ value }) => { found.set(key, value as T); }));
        return;
      }
      const stored = this.store.get(key, kind);
      if (stored === undefined) {
        missing.push(i);
        missingKeys.add(key);
        return;
      }
      this.count(kind, 'read');
      found.set(key, codec.decode(stored));
    });
    if (missing.length > 0 && gate.beforeCompute) {
      await gate.beforeCompute();
      // Scanned again: while this request waited, others may have stored or started some keys.
      return this.getMany(keys, codec, computeMissing);
    }
    if (missing.length > 0) {
      const batch = (async () => {
        const started = performance.now();
        const computed = await computeMissing(missing);
        if (computed.length !== missing.length) throw new Error(`computed ${computed.length} '${kind}' results for ${missing.length} requests`);
        const perEntryMs = (performance.now() - started) / missing.length;
        const computedAt = this.store.putMany(missing.map((index, j) => ({ ...keys[index], value: codec.encode(computed[j]), computeMs: perEntryMs })));
        this.count(kind, 'computed', missing.length);
        return { computed, computedAt };
      })();
      for (const [j, index] of missing.entries()) {
        const one = batch.then(({ computed, computedAt }) => ({ value: computed[j], computedAt }));
        // Only joiners await these; without a handler a failed batch nobody joined would be an unhandled rejection.
        one.catch(() => undefined);
        this.inFlight.set(keys[index].key, one);
      }
      try {
        const { computed } = await batch;
        missing.forEach((index, j) => found.set(keys[index].key, computed[j]));
      } finally {
        for (const index of missing) this.inFlight.delete(keys[index].key);
      }
    }
    await Promise.all(waits);
    return keys.map(({ key }) => found.get(key) as T);
  }

  /** Counts since this cache was created. */
  counts(): CacheCounts {
    const byKind: CacheCounts['byKind'] = {};
    let computed = 0;
    let read = 0;
    for (const [kind, c] of this.counters) {
      byKind[kind] = { ...c };
      computed += c.computed;
      read += c.read;
    }
    return { computed, read, byKind };
  }

  private count(kind: string, what: 'computed' | 'read', n = 1): void {
    const c = this.counters.get(kind) ?? { computed: 0, read: 0 };
    c[what] += n;
    this.counters.set(kind, c);
  }
}
