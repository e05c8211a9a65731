/**
 * The results store: SQLite through drizzle-orm + better-sqlite3. Opening applies the committed
 * migrations (also on `:memory:`), so a fresh file and a test database have the same tables.
 *
 * Every statement carries a name comment (`/* cacheGet *\/ ...`) so a slow-query log or an
 * `EXPLAIN` names the call site; rows are validated where they enter the code; every write is
 * one transaction, so a failure part-way leaves no partial row.
 */
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { sha256File } from '../util/hash.ts';
import { profiled } from '../util/profile.ts';
import { RegistrationStore } from './registrationStore.ts';
import { fileHashes, results } from './schema.ts';

/** The committed migrations, found from this file's location so the store opens from any directory. */
const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

/** A result as stored: scalars as JSON-able data plus named Float64 arrays. */
export interface StoredValue {
  scalars: unknown;
  arrays: Record<string, Float64Array>;
}

/** A stored value as read back, with when its row was written (ms since epoch). */
export interface StoredRow extends StoredValue {
  createdAt: number;
}

/** One row to write: the cache key, what it holds, the value, and how long it took to compute. */
export interface ResultEntry {
  key: string;
  kind: string;
  keyJson: string;
  value: StoredValue;
  computeMs: number;
}

const ResultRow = z.object({
  kind: z.string(),
  json: z.string(),
  arrays: z.instanceof(Buffer),
  created_at: z.number().int(),
});

/** The `json` column: the scalars plus the (name, length) list that cuts the BLOB into arrays. */
const ResultJson = z.object({
  scalars: z.unknown(),
  arrays: z.array(z.tuple([z.string(), z.number().int().nonnegative()])),
});

/** Rows and payload bytes (key JSON + scalars JSON + arrays BLOB) of a group of results. */
export interface ResultVolume {
  rows: number;
  bytes: number;
}

/** What `rmlens cache stats` shows: the results by kind and by engine version, their age, and the file hashes known. */
export interface CacheStats extends ResultVolume {
  byKind: (ResultVolume & { kind: string })[];
  /** null for a row whose key JSON holds no engine version (none written by rmlens does). */
  byEngineVersion: (ResultVolume & { engineVersion: number | null })[];
  /** created_at of the oldest and newest rows (ms since epoch); null in an empty store. */
  oldest: number | null;
  newest: number | null;
  /** Files whose sha256 the store remembers. */
  fileHashes: number;
}

/** Which results `pruneResults` removes: every given condition must hold (at least one must be given). */
export interface PruneFilter {
  /** Rows whose key's `engineVersion` is below this (rows of an older engine never match a current key). */
  engineOlderThan?: number;
  /** Rows whose key names this model sha256 (as a model, a base, or either side of a correlation). */
  modelSha256?: string;
  /** Report what would be removed, remove nothing. */
  dryRun?: boolean;
}

/** One removed (or, in a dry run, removable) row. */
export interface PrunedRow {
  key: string;
  kind: string;
  engineVersion: number | null;
  bytes: number;
  createdAt: number;
}

const Volume = z.object({ rows: z.number().int(), bytes: z.number().int().nullable() });
const KindVolume = Volume.extend({ kind: z.string() });
const VersionVolume = Volume.extend({ engine_version: z.number().int().nullable() });
const AgeRow = z.object({ oldest: z.number().int().nullable(), newest: z.number().int().nullable(), file_hashes: z.number().int() });
const PrunedRowRaw = z.object({ key: z.string(), kind: z.string(), engine_version: z.number().int().nullable(), bytes: z.number().int(), created_at: z.number().int() });

/** A row's payload size; SQL so the stats never read a BLOB into JavaScript. */
const ROW_BYTES = sql.raw('(length(key_json) + length(json) + length(arrays))');
const ROW_ENGINE_VERSION = sql.raw(`json_extract(key_json, '$.engineVersion')`);

const FileHashRow = z.object({
  size: z.number(),
  mtime_ms: z.number(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/** The results store; one per process (better-sqlite3 is synchronous, so calls never interleave). */
export class ResultStore {
  /** Models and datasets registered through the API (same database and connection). */
  readonly registrations: RegistrationStore;

  private constructor(
    private readonly db: BetterSQLite3Database,
    private readonly client: Database.Database,
  ) {
    this.registrations = new RegistrationStore(db);
  }

  /** Opens (creating when absent) the store at `path` or `:memory:`, in WAL mode, and applies pending migrations. */
  static open(path: string): ResultStore {
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
    const client = new Database(path);
    // WAL lets a reader (e.g. a second CLI run) read while a study writes; busy_timeout covers the brief writer overlap.
    client.pragma('journal_mode = WAL');
    client.pragma('busy_timeout = 5000');
    const db = drizzle({ client });
    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    return new ResultStore(db, client);
  }

  /** The drizzle handle, for the other row stores that share this file (src/jobs/jobStore.ts). */
  get database(): BetterSQLite3Database {
    return this.db;
  }

  /** The stored value under `key`, or undefined; throws when the row holds another kind (a key collision is a bug). */
  get(key: string, kind: string): StoredRow | undefined {
    return profiled('SQLite reads', () => this.getOne(key, kind));
  }

  private getOne(key: string, kind: string): StoredRow | undefined {
    const raw = this.db.get(sql`/* cacheGet */ select kind, json, arrays, created_at from ${results} where key = ${key}`);
    return raw === undefined ? undefined : decodeRow(key, kind, raw);
  }

  /**
   * The stored values under many keys, by key (absent keys are missing from the map), read with
   * ONE select: the keys travel as one JSON array parameter, so no list of `?` can outgrow
   * SQLite's variable limit. Throws like `get` when a row holds another kind than asked.
   */
  getMany(keys: readonly { key: string; kind: string }[]): Map<string, StoredRow> {
    return profiled('SQLite reads', () => this.getAll(keys));
  }

  private getAll(keys: readonly { key: string; kind: string }[]): Map<string, StoredRow> {
    const found = new Map<string, StoredRow>();
    if (keys.length === 0) return found;
    const kinds = new Map(keys.map(({ key, kind }) => [key, kind]));
    const raws = this.db.all(sql`/* cacheGetMany */ select key, kind, json, arrays, created_at from ${results}
      where key in (select value from json_each(${JSON.stringify([...kinds.keys()])}))`);
    for (const raw of raws) {
      const key = z.object({ key: z.string() }).parse(raw).key;
      found.set(key, decodeRow(key, kinds.get(key)!, raw));
    }
    return found;
  }

  /** Writes every entry in one transaction (one upsert per key): all rows land, or none does. Returns their `created_at`. */
  putMany(entries: readonly ResultEntry[]): number {
    return profiled('SQLite writes', () => this.putAll(entries));
  }

  private putAll(entries: readonly ResultEntry[]): number {
    const now = Date.now();
    this.db.transaction((tx) => {
      for (const entry of entries) {
        const { json, arrays } = encodeValue(entry.value);
        tx.run(sql`/* cacheUpsert */ insert into ${results} (key, kind, key_json, json, arrays, compute_ms, created_at)
          values (${entry.key}, ${entry.kind}, ${entry.keyJson}, ${json}, ${arrays}, ${entry.computeMs}, ${now})
          on conflict (key) do update set kind = excluded.kind, key_json = excluded.key_json, json = excluded.json,
            arrays = excluded.arrays, compute_ms = excluded.compute_ms, created_at = excluded.created_at`);
      }
    });
    return now;
  }

  /** Number of stored results (of one kind when given). */
  countResults(kind?: string): number {
    const raw = kind === undefined
      ? this.db.get(sql`/* cacheCount */ select count(*) as n from ${results}`)
      : this.db.get(sql`/* cacheCountKind */ select count(*) as n from ${results} where kind = ${kind}`);
    return z.object({ n: z.number() }).parse(raw).n;
  }

  /** Rows and bytes per kind and per engine version, oldest and newest rows, file hashes known (`rmlens cache stats`). */
  cacheStats(): CacheStats {
    const volume = (v: z.infer<typeof Volume>): ResultVolume => ({ rows: v.rows, bytes: v.bytes ?? 0 });
    const byKind = this.db
      .all(sql`/* cacheStatsByKind */ select kind, count(*) as rows, sum(${ROW_BYTES}) as bytes from ${results} group by kind order by kind`)
      .map((raw) => KindVolume.parse(raw))
      .map((r) => ({ kind: r.kind, ...volume(r) }));
    const byEngineVersion = this.db
      .all(sql`/* cacheStatsByEngine */ select ${ROW_ENGINE_VERSION} as engine_version, count(*) as rows, sum(${ROW_BYTES}) as bytes
        from ${results} group by engine_version order by engine_version`)
      .map((raw) => VersionVolume.parse(raw))
      .map((r) => ({ engineVersion: r.engine_version, ...volume(r) }));
    const age = AgeRow.parse(this.db.get(sql`/* cacheStatsAge */ select min(created_at) as oldest, max(created_at) as newest,
      (select count(*) from ${fileHashes}) as file_hashes from ${results}`));
    return {
      rows: byKind.reduce((n, k) => n + k.rows, 0),
      bytes: byKind.reduce((n, k) => n + k.bytes, 0),
      byKind,
      byEngineVersion,
      oldest: age.oldest,
      newest: age.newest,
      fileHashes: age.file_hashes,
    };
  }

  /**
   * Removes the results matching every condition of `filter` in one transaction (the listing and
   * the delete see the same rows) and returns them; a dry run only lists them. A filter with no
   * condition is refused: it would empty the store.
   */
  pruneResults(filter: PruneFilter): PrunedRow[] {
    const conditions = [];
    if (filter.engineOlderThan !== undefined) conditions.push(sql`${ROW_ENGINE_VERSION} < ${filter.engineOlderThan}`);
    if (filter.modelSha256 !== undefined) {
      // Any depth: ablation, sweep and frontier keys name their selections' models inside `set`.
      conditions.push(sql`exists (select 1 from json_tree(${results}.key_json) as t
        where t.key in ('model', 'base', 'a', 'b') and t.atom = ${filter.modelSha256})`);
    }
    if (conditions.length === 0) throw new Error('pruneResults needs at least one condition (engineOlderThan, modelSha256)');
    const where = sql.join(conditions, sql` and `);
    return this.db.transaction((tx) => {
      const rows = tx
        .all(sql`/* cachePruneList */ select key, kind, ${ROW_ENGINE_VERSION} as engine_version, ${ROW_BYTES} as bytes, created_at
          from ${results} where ${where} order by kind, created_at`)
        .map((raw) => PrunedRowRaw.parse(raw))
        .map((r) => ({ key: r.key, kind: r.kind, engineVersion: r.engine_version, bytes: r.bytes, createdAt: r.created_at }));
      if (!filter.dryRun) tx.run(sql`/* cachePruneDelete */ delete from ${results} where ${where}`);
      return rows;
    });
  }

  /** Rewrites the database file so space freed by a prune goes back to the file system. */
  vacuum(): void {
    this.db.run(sql`/* cacheVacuum */ vacuum`);
  }

  /**
   * sha256 of the file at `path`, from the (path, size, mtime) table when the file is unchanged,
   * else hashed now and remembered: the warm path identifies models without reading them.
   */
  async fileSha256(path: string): Promise<string> {
    const absolute = resolve(path);
    const { size, mtimeMs } = statSync(absolute);
    const raw = this.db.get(sql`/* fileHashGet */ select size, mtime_ms, sha256 from ${fileHashes} where path = ${absolute}`);
    if (raw !== undefined) {
      const row = FileHashRow.parse(raw);
      if (row.size === size && row.mtime_ms === mtimeMs) return row.sha256;
    }
    const digest = await sha256File(absolute);
    this.db.transaction((tx) => {
      tx.run(sql`/* fileHashUpsert */ insert into ${fileHashes} (path, size, mtime_ms, sha256, hashed_at)
        values (${absolute}, ${size}, ${mtimeMs}, ${digest}, ${Date.now()})
        on conflict (path) do update set size = excluded.size, mtime_ms = excluded.mtime_ms,
          sha256 = excluded.sha256, hashed_at = excluded.hashed_at`);
    });
    return digest;
  }

  /** Closes the database (checkpointing the WAL). */
  close(): void {
    this.client.close();
  }
}

function encodeValue(value: StoredValue): { json: string; arrays: Buffer } {
  const names = Object.keys(value.arrays);
  const lengths = names.map((name) => value.arrays[name].length);
  const blob = new Float64Array(lengths.reduce((a, b) => a + b, 0));
  let offset = 0;
  for (const name of names) {
    blob.set(value.arrays[name], offset);
    offset += value.arrays[name].length;
  }
  const json = JSON.stringify({ scalars: value.scalars, arrays: names.map((name, i) => [name, lengths[i]]) });
  return { json, arrays: Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength) };
}

/** A validated results row as a StoredRow; a row of another kind than asked is a key collision, a bug. */
function decodeRow(key: string, kind: string, raw: unknown): StoredRow {
  const row = ResultRow.parse(raw);
  if (row.kind !== kind) throw new Error(`cache key ${key} holds a '${row.kind}' result, not '${kind}'`);
  return { ...decodeValue(row.json, row.arrays), createdAt: row.created_at };
}

function decodeValue(json: string, bytes: Buffer): StoredValue {
  const parsed = ResultJson.parse(JSON.parse(json));
  // Copy out of the driver's Buffer: it need not be 8-byte aligned, which a Float64Array view requires.
  const all = new Float64Array(new Uint8Array(bytes).buffer);
  const total = parsed.arrays.reduce((a, [, n]) => a + n, 0);
  if (all.length !== total) throw new Error(`stored arrays hold ${all.length} numbers, their index lists ${total}`);
  const arrays: Record<string, Float64Array> = {};
  let offset = 0;
  for (const [name, n] of parsed.arrays) {
    arrays[name] = all.slice(offset, offset + n);
    offset += n;
  }
  return { scalars: parsed.scalars, arrays };
}
