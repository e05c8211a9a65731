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
import { fileHashes, results } from './schema.ts';

/** The committed migrations, found from this file's location so the store opens from any directory. */
const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

/** A result as stored: scalars as JSON-able data plus named Float64 arrays. */
export interface StoredValue {
  scalars: unknown;
  arrays: Record<string, Float64Array>;
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
});

/** The `json` column: the scalars plus the (name, length) list that cuts the BLOB into arrays. */
const ResultJson = z.object({
  scalars: z.unknown(),
  arrays: z.array(z.tuple([z.string(), z.number().int().nonnegative()])),
});

const FileHashRow = z.object({
  size: z.number(),
  mtime_ms: z.number(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/** The results store; one per process (better-sqlite3 is synchronous, so calls never interleave). */
export class ResultStore {
  private constructor(
    private readonly db: BetterSQLite3Database,
    private readonly client: Database.Database,
  ) {}

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
  get(key: string, kind: string): StoredValue | undefined {
    const raw = this.db.get(sql`/* cacheGet */ select kind, json, arrays from ${results} where key = ${key}`);
    if (raw === undefined) return undefined;
    const row = ResultRow.parse(raw);
    if (row.kind !== kind) throw new Error(`cache key ${key} holds a '${row.kind}' result, not '${kind}'`);
    return decodeValue(row.json, row.arrays);
  }

  /** Writes every entry in one transaction (one upsert per key): all rows land, or none does. */
  putMany(entries: readonly ResultEntry[]): void {
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
  }

  /** Number of stored results (of one kind when given). */
  countResults(kind?: string): number {
    const raw = kind === undefined
      ? this.db.get(sql`/* cacheCount */ select count(*) as n from ${results}`)
      : this.db.get(sql`/* cacheCountKind */ select count(*) as n from ${results} where kind = ${kind}`);
    return z.object({ n: z.number() }).parse(raw).n;
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
