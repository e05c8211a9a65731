/**
 * The cache contract of rmlens.md §5 on top of the store: one computation per key even when
 * identical requests arrive together, every write one transaction, and counts of what was
 * computed versus read back. Keys are built by the analysis (src/analysis/cacheKeys.ts): this
 * layer only stores what they name.
 */
import type { ResultStore, StoredRow, StoredValue } from './store.ts';

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

/**
 * Read-through cache over a ResultStore with in-flight sharing and counters.
 *
 * The store answers asynchronously, so "not stored and not in flight" is decided with care: the
 * in-flight table is checked again after every store read (a computation may have started
 * meanwhile), and a finished computation stays joinable while any read of its key that was under
 * way when it finished has not been checked yet (that read may predate the row's commit). So
 * identical requests, however they interleave, cost one computation, as they did when the store
 * answered synchronously.
 */
export class ResultCache {
  // Computations running now, by key, with the time their row was written (joiners report it too).
  private readonly inFlight = new Map<string, Promise<{ value: unknown; computedAt: number }>>();
  // Store reads of a key under way or not yet checked against `inFlight`, by key.
  private readonly readers = new Map<string, number>();
  // Finished computations kept in `inFlight` until their key's readers are done.
  private readonly ended = new Map<string, Promise<unknown>>();
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
    let stored: StoredRow | undefined;
    try {
      stored = await this.read(key, kind);
    } catch (error) {
      this.endRead(key);
      throw error;
    }
    if (stored !== undefined) {
      this.endRead(key);
      this.count(kind, 'read');
      return { value: codec.decode(stored), cached: true, key, computedAt: stored.createdAt };
    }
    // Looked up again after the read: another request may have started it meanwhile.
    const started = this.inFlight.get(key);
    this.endRead(key);
    if (started) return { ...((await started) as { value: T; computedAt: number }), cached: false, key };
    if (gate.beforeCompute) {
      await gate.beforeCompute();
      // Looked up again: while this request waited, another may have stored or started it.
      return this.get(cacheKey, codec, compute);
    }
    const promise = (async () => {
      const started = performance.now();
      const value = await compute();
      const computedAt = await this.store.putMany([{ key, kind, keyJson, value: codec.encode(value), computeMs: performance.now() - started }]);
      this.count(kind, 'computed');
      return { value, computedAt };
    })();
    this.inFlight.set(key, promise);
    let succeeded = false;
    try {
      const result = await promise;
      succeeded = true;
      return { ...result, cached: false, key };
    } finally {
      this.release(key, promise, succeeded);
    }
  }

  /**
   * The stored results among `keys`, by key, read with one select (a request's DataLoader batch).
   * Keys not in the store are absent: the caller computes those through `get`, which also joins
   * computations in flight, so this never computes and never waits for a computation.
   */
  async readMany<T>(keys: readonly CacheKey[], codec: Codec<T>): Promise<Map<string, Cached<T>>> {
    const found = new Map<string, Cached<T>>();
    const kinds = new Map(keys.map(({ key, kind }) => [key, kind]));
    for (const [key, row] of await this.store.getMany(keys)) {
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
    const join = (key: string, running: Promise<{ value: unknown }>) => {
      waits.push(running.then(({ value }) => { found.set(key, value as T); }));
    };
    // The first index of each key not in flight (the same key twice in one request is looked up, and computed, once).
    const firsts: number[] = [];
    const seen = new Set<string>();
    keys.forEach(({ key }, i) => {
      if (seen.has(key)) return;
      seen.add(key);
      const running = this.inFlight.get(key);
      if (running) join(key, running);
      else firsts.push(i);
    });
    const settled = await Promise.allSettled(firsts.map((i) => this.read(keys[i].key, kind)));
    const missing: number[] = [];
    let failure: { reason: unknown } | undefined;
    // Checked again after the reads: another request may have started a key meanwhile.
    const started = firsts.map((i) => this.inFlight.get(keys[i].key));
    for (const i of firsts) this.endRead(keys[i].key);
    firsts.forEach((i, j) => {
      const { key } = keys[i];
      const outcome = settled[j];
      const running = started[j];
      if (outcome.status === 'rejected') {
        failure ??= { reason: outcome.reason };
      } else if (outcome.value !== undefined) {
        this.count(kind, 'read');
        found.set(key, codec.decode(outcome.value));
      } else if (running) {
        join(key, running);
      } else {
        missing.push(i);
      }
    });
    if (failure) {
      for (const wait of waits) wait.catch(() => undefined);
      throw failure.reason;
    }
    if (missing.length > 0 && gate.beforeCompute) {
      await gate.beforeCompute();
      // Scanned again: while this request waited, others may have stored or started some keys.
      for (const wait of waits) wait.catch(() => undefined);
      return this.getMany(keys, codec, computeMissing);
    }
    if (missing.length > 0) {
      const batch = (async () => {
        const started = performance.now();
        const computed = await computeMissing(missing);
        if (computed.length !== missing.length) throw new Error(`computed ${computed.length} '${kind}' results for ${missing.length} requests`);
        const perEntryMs = (performance.now() - started) / missing.length;
        const computedAt = await this.store.putMany(missing.map((index, j) => ({ ...keys[index], value: codec.encode(computed[j]), computeMs: perEntryMs })));
        this.count(kind, 'computed', missing.length);
        return { computed, computedAt };
      })();
      const ones = missing.map((index, j) => {
        const one = batch.then(({ computed, computedAt }) => ({ value: computed[j] as unknown, computedAt }));
        // Only joiners await these; without a handler a failed batch nobody joined would be an unhandled rejection.
        one.catch(() => undefined);
        this.inFlight.set(keys[index].key, one);
        return one;
      });
      let succeeded = false;
      try {
        const { computed } = await batch;
        succeeded = true;
        missing.forEach((index, j) => found.set(keys[index].key, computed[j]));
      } finally {
        missing.forEach((index, j) => this.release(keys[index].key, ones[j], succeeded));
      }
    }
    await Promise.all(waits);
    return keys.map(({ key }) => found.get(key) as T);
  }

  /**
   * The stored row under `key`. The key counts as being read until the caller has checked
   * `inFlight` after the answer and called `endRead` (also when the read failed).
   */
  private read(key: string, kind: string): Promise<StoredRow | undefined> {
    this.readers.set(key, (this.readers.get(key) ?? 0) + 1);
    try {
      return this.store.get(key, kind);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** A read of `key` has been checked against `inFlight`: the last one lets ended computations go. */
  private endRead(key: string): void {
    const n = (this.readers.get(key) ?? 1) - 1;
    if (n > 0) {
      this.readers.set(key, n);
      return;
    }
    this.readers.delete(key);
    const ended = this.ended.get(key);
    this.ended.delete(key);
    if (ended && this.inFlight.get(key) === ended) this.inFlight.delete(key);
  }

  /**
   * Ends a computation's time in flight. A successful one whose key is being read right now stays
   * joinable until those reads are checked: a read may predate its row's commit, and the reader
   * must then find the computation here rather than compute it again.
   */
  private release(key: string, flight: Promise<unknown>, succeeded: boolean): void {
    if (this.inFlight.get(key) !== flight) return;
    if (succeeded && this.readers.has(key)) this.ended.set(key, flight);
    else this.inFlight.delete(key);
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
