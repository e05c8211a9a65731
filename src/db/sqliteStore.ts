/**
 * The results store on SQLite (the default): drizzle-orm + better-sqlite3. Opening applies the
 * committed migrations (`migrations/`, also on `:memory:`), so a fresh file and a test database
 * have the same tables.
 *
 * Every statement carries a name comment (`/* cacheGet *\/ ...`) so a slow-query log or an
 * `EXPLAIN` names the call site; rows are validated where they enter the code; every write is
 * one transaction, so a failure part-way leaves no partial row. better-sqlite3 is synchronous:
 * each call of the (asynchronous) store interface runs to its end at the moment it is made.
 */
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { SqliteJobStore } from '../jobs/jobStore.ts';
import { sha256File } from '../util/hash.ts';
import { profiled } from '../util/profile.ts';
import { SqliteRegistrationStore } from './registrationStore.ts';
import { fileHashes, results } from './schema.ts';
import {
  cacheStatsOf, decodeRow, encodeValue, FileHashRow, KeyOfRow, prunedRowOf,
  type CacheStats, type PruneFilter, type PrunedRow, type ResultEntry, type ResultStore, type StoredRow,
} from './store.ts';

/** The committed migrations, found from this file's location so the store opens from any directory. */
const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

/** A row's payload size; SQL so the stats never read a BLOB into JavaScript. */
const ROW_BYTES = sql.raw('(length(key_json) + length(json) + length(arrays))');
const ROW_ENGINE_VERSION = sql.raw(`json_extract(key_json, '$.engineVersion')`);

/** The results store on a SQLite file; one per process (better-sqlite3 is synchronous, so calls never interleave). */
export class SqliteResultStore implements ResultStore {
  readonly backend = 'sqlite';
  readonly registrations: SqliteRegistrationStore;
  readonly jobs: SqliteJobStore;

  private constructor(
    private readonly db: BetterSQLite3Database,
    private readonly client: Database.Database,
  ) {
    this.registrations = new SqliteRegistrationStore(db);
    this.jobs = new SqliteJobStore(db);
  }

  /** Opens (creating when absent) the store at `path` or `:memory:`, in WAL mode, and applies pending migrations. Synchronous. */
  static open(path: string): SqliteResultStore {
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
    const client = new Database(path);
    // WAL lets a reader (e.g. a second CLI run) read while a study writes; busy_timeout covers the brief writer overlap.
    client.pragma('journal_mode = WAL');
    client.pragma('busy_timeout = 5000');
    const db = drizzle({ client });
    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    return new SqliteResultStore(db, client);
  }

  async get(key: string, kind: string): Promise<StoredRow | undefined> {
    // better-sqlite3 runs the whole call here, synchronously: the profile charges it to SQLite.
    return profiled('SQLite reads', () => {
      const raw = this.db.get(sql`/* cacheGet */ select kind, json, arrays, created_at from ${results} where key = ${key}`);
      return raw === undefined ? undefined : decodeRow(key, kind, raw);
    });
  }

  /** The keys travel as one JSON array parameter, so no list of `?` can outgrow SQLite's variable limit. */
  async getMany(keys: readonly { key: string; kind: string }[]): Promise<Map<string, StoredRow>> {
    // better-sqlite3 runs the whole call here, synchronously: the profile charges it to SQLite.
    return profiled('SQLite reads', () => {
      const found = new Map<string, StoredRow>();
      if (keys.length === 0) return found;
      const kinds = new Map(keys.map(({ key, kind }) => [key, kind]));
      const raws = this.db.all(sql`/* cacheGetMany */ select key, kind, json, arrays, created_at from ${results}
        where key in (select value from json_each(${JSON.stringify([...kinds.keys()])}))`);
      for (const raw of raws) {
        const key = KeyOfRow.parse(raw).key;
        found.set(key, decodeRow(key, kinds.get(key)!, raw));
      }
      return found;
    });
  }

  async putMany(entries: readonly ResultEntry[]): Promise<number> {
    // better-sqlite3 runs the whole call here, synchronously: the profile charges it to SQLite.
    return profiled('SQLite writes', () => {
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
    });
  }

  async countResults(kind?: string): Promise<number> {
    const raw = kind === undefined
      ? this.db.get(sql`/* cacheCount */ select count(*) as n from ${results}`)
      : this.db.get(sql`/* cacheCountKind */ select count(*) as n from ${results} where kind = ${kind}`);
    return z.object({ n: z.number() }).parse(raw).n;
  }

  async cacheStats(): Promise<CacheStats> {
    return cacheStatsOf(
      this.db.all(sql`/* cacheStatsByKind */ select kind, count(*) as rows, sum(${ROW_BYTES}) as bytes from ${results} group by kind order by kind`),
      this.db.all(sql`/* cacheStatsByEngine */ select ${ROW_ENGINE_VERSION} as engine_version, count(*) as rows, sum(${ROW_BYTES}) as bytes
        from ${results} group by engine_version order by engine_version`),
      this.db.get(sql`/* cacheStatsAge */ select min(created_at) as oldest, max(created_at) as newest,
        (select count(*) from ${fileHashes}) as file_hashes from ${results}`),
    );
  }

  async pruneResults(filter: PruneFilter): Promise<PrunedRow[]> {
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
        .map(prunedRowOf);
      if (!filter.dryRun) tx.run(sql`/* cachePruneDelete */ delete from ${results} where ${where}`);
      return rows;
    });
  }

  /** Rewrites the database file. */
  async vacuum(): Promise<void> {
    this.db.run(sql`/* cacheVacuum */ vacuum`);
  }

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
  async close(): Promise<void> {
    this.client.close();
  }
}
