/**
 * The results store on PostgreSQL (`RMLENS_DB=postgres://…`): drizzle-orm's PostgreSQL dialect
 * over node-postgres (`pg`), a pool of connections. Same tables, same rows and the same answers
 * as the SQLite store (src/db/sqliteStore.ts); opening applies the committed migrations of
 * `migrations/postgres/` under an advisory lock, so servers starting together migrate once.
 *
 * Like the SQLite store: every statement carries a name comment, rows are validated where they
 * enter the code, and every write is one transaction (a single statement, or BEGIN … COMMIT),
 * committed — and with PostgreSQL's default `synchronous_commit`, durable — when its promise
 * resolves. Differences kept out of the answers:
 * - int8 columns (times in ms, sizes) and counts are read as float8, so they arrive as JavaScript
 *   numbers (exact below 2^53) without changing node-postgres' global type parsers;
 * - text is ordered with the "C" collation and NULL first, as SQLite orders;
 * - `seq` (an identity column) orders jobs and registrations written in one millisecond, as
 *   SQLite's rowid does;
 * - the JSON of a cache key is searched with jsonb (`->>`, a jsonpath) where SQLite uses json_extract and json_tree.
 */
import { sql, type SQL } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { z } from 'zod';
import { INTERRUPTED_MESSAGE, toJob, type Job, type JobKind, type JobStore } from '../jobs/jobStore.ts';
import { sha256File } from '../util/hash.ts';
import type { JobState } from '../vocabulary.ts';
import { EngineCallStore } from './engineCallStore.ts';
import { fileHashes, jobs, registrations, results } from './pgSchema.ts';
import {
  DatasetRegistration, ModelRegistration, registrationOf,
  type Registration, type RegistrationKind, type RegistrationStore,
} from './registrationStore.ts';
import {
  cacheStatsOf, decodeRow, encodeValue, FileHashRow, KeyOfRow, prunedRowOf,
  type CacheStats, type PruneFilter, type PrunedRow, type ResultEntry, type ResultStore, type StoredRow,
} from './store.ts';

/** The committed PostgreSQL migrations, found from this file's location. */
const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations/postgres', import.meta.url));

/** Any key of this lock serialises migrations between processes opening one database. */
const MIGRATION_LOCK = 0x726d6c656e73; // "rmlens"

/** A row's payload size (characters of the JSON texts, bytes of the arrays, as SQLite's length()). */
const ROW_BYTES = sql.raw('(length(key_json) + length(json) + length(arrays))');
/** The key's engine version, NULL when the key has none. */
const ROW_ENGINE_VERSION = sql.raw(`((key_json::jsonb) ->> 'engineVersion')::numeric`);

type Db = NodePgDatabase;

/** A connection URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

/** The results store in a PostgreSQL database; any number of processes may share it. */
export class PostgresResultStore implements ResultStore {
  readonly backend = 'postgres';
  readonly registrations: PostgresRegistrationStore;
  readonly jobs: PostgresJobStore;
  readonly engineCalls: EngineCallStore;

  private constructor(
    private readonly db: Db,
    private readonly pool: pg.Pool,
  ) {
    this.registrations = new PostgresRegistrationStore(db);
    this.jobs = new PostgresJobStore(db);
    this.engineCalls = new EngineCallStore(db);
  }

  /** Connects to `url` and applies pending migrations; rejects, naming the database (not its password), when either fails. */
  static async open(url: string): Promise<PostgresResultStore> {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // An idle connection that breaks (the server restarted) is dropped by the pool; without a listener it would crash the process.
    pool.on('error', () => undefined);
    try {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
        try {
          await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
        } finally {
          await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
        }
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end().catch(() => undefined);
      const reason = error instanceof Error ? error.message || error.name : String(error);
      throw new Error(`results store ${redactUrl(url)}: ${reason}`, { cause: error });
    }
    return new PostgresResultStore(drizzle({ client: pool }), pool);
  }

  async get(key: string, kind: string): Promise<StoredRow | undefined> {
    const { rows } = await this.db.execute(sql`/* cacheGet */ select kind, json, arrays, created_at::float8 as created_at from ${results} where key = ${key}`);
    return rows[0] === undefined ? undefined : decodeRow(key, kind, rows[0]);
  }

  /** The keys travel as one JSON array parameter, as on SQLite. */
  async getMany(keys: readonly { key: string; kind: string }[]): Promise<Map<string, StoredRow>> {
    const found = new Map<string, StoredRow>();
    if (keys.length === 0) return found;
    const kinds = new Map(keys.map(({ key, kind }) => [key, kind]));
    const { rows } = await this.db.execute(sql`/* cacheGetMany */ select key, kind, json, arrays, created_at::float8 as created_at from ${results}
      where key in (select jsonb_array_elements_text(${JSON.stringify([...kinds.keys()])}::jsonb))`);
    for (const raw of rows) {
      const key = KeyOfRow.parse(raw).key;
      found.set(key, decodeRow(key, kinds.get(key)!, raw));
    }
    return found;
  }

  async putMany(entries: readonly ResultEntry[]): Promise<number> {
    const now = Date.now();
    await this.db.transaction(async (tx) => {
      for (const entry of entries) {
        const { json, arrays } = encodeValue(entry.value);
        await tx.execute(sql`/* cacheUpsert */ insert into ${results} (key, kind, key_json, json, arrays, compute_ms, created_at)
          values (${entry.key}, ${entry.kind}, ${entry.keyJson}, ${json}, ${arrays}, ${entry.computeMs}, ${now})
          on conflict (key) do update set kind = excluded.kind, key_json = excluded.key_json, json = excluded.json,
            arrays = excluded.arrays, compute_ms = excluded.compute_ms, created_at = excluded.created_at`);
      }
    });
    return now;
  }

  async countResults(kind?: string): Promise<number> {
    const { rows } = kind === undefined
      ? await this.db.execute(sql`/* cacheCount */ select count(*)::float8 as n from ${results}`)
      : await this.db.execute(sql`/* cacheCountKind */ select count(*)::float8 as n from ${results} where kind = ${kind}`);
    return z.object({ n: z.number() }).parse(rows[0]).n;
  }

  async cacheStats(): Promise<CacheStats> {
    const [kinds, versions, age] = await Promise.all([
      this.db.execute(sql`/* cacheStatsByKind */ select kind, count(*)::float8 as rows, sum(${ROW_BYTES})::float8 as bytes
        from ${results} group by kind order by kind collate "C"`),
      this.db.execute(sql`/* cacheStatsByEngine */ select ${ROW_ENGINE_VERSION}::float8 as engine_version, count(*)::float8 as rows,
        sum(${ROW_BYTES})::float8 as bytes from ${results} group by 1 order by 1 nulls first`),
      this.db.execute(sql`/* cacheStatsAge */ select min(created_at)::float8 as oldest, max(created_at)::float8 as newest,
        (select count(*) from ${fileHashes})::float8 as file_hashes from ${results}`),
    ]);
    return cacheStatsOf(kinds.rows, versions.rows, age.rows[0]);
  }

  async pruneResults(filter: PruneFilter): Promise<PrunedRow[]> {
    const conditions: SQL[] = [];
    if (filter.engineOlderThan !== undefined) conditions.push(sql`${ROW_ENGINE_VERSION} < ${filter.engineOlderThan}`);
    if (filter.modelSha256 !== undefined) {
      // Any depth, as json_tree on SQLite: a member named model, base, a or b whose value is the sha (strict: no array unwrapping).
      conditions.push(sql`jsonb_path_exists(key_json::jsonb,
        'strict $.** ? (@.model == $sha || @.base == $sha || @.a == $sha || @.b == $sha)', jsonb_build_object('sha', ${filter.modelSha256}::text))`);
    }
    if (conditions.length === 0) throw new Error('pruneResults needs at least one condition (engineOlderThan, modelSha256)');
    const where = sql.join(conditions, sql` and `);
    const columns = sql`key, kind, ${ROW_ENGINE_VERSION}::float8 as engine_version, ${ROW_BYTES}::float8 as bytes, created_at::float8 as created_at`;
    const order = sql`order by kind collate "C", created_at, key collate "C"`;
    // One statement lists and deletes: the rows returned are exactly the rows removed.
    const { rows } = filter.dryRun
      ? await this.db.execute(sql`/* cachePruneList */ select ${columns} from ${results} where ${where} ${order}`)
      : await this.db.execute(sql`/* cachePruneDelete */ with removed as (delete from ${results} where ${where} returning ${columns})
          select * from removed ${order}`);
    return rows.map(prunedRowOf);
  }

  /** Rewrites the results table (VACUUM FULL: it is locked meanwhile) so freed space goes back to the file system. */
  async vacuum(): Promise<void> {
    await this.db.execute(sql`/* cacheVacuum */ vacuum full ${results}`);
  }

  async fileSha256(path: string): Promise<string> {
    const absolute = resolve(path);
    const { size, mtimeMs } = statSync(absolute);
    const { rows } = await this.db.execute(sql`/* fileHashGet */ select size::float8 as size, mtime_ms, sha256 from ${fileHashes} where path = ${absolute}`);
    if (rows[0] !== undefined) {
      const row = FileHashRow.parse(rows[0]);
      if (row.size === size && row.mtime_ms === mtimeMs) return row.sha256;
    }
    const digest = await sha256File(absolute);
    await this.db.execute(sql`/* fileHashUpsert */ insert into ${fileHashes} (path, size, mtime_ms, sha256, hashed_at)
      values (${absolute}, ${size}, ${mtimeMs}, ${digest}, ${Date.now()})
      on conflict (path) do update set size = excluded.size, mtime_ms = excluded.mtime_ms,
        sha256 = excluded.sha256, hashed_at = excluded.hashed_at`);
    return digest;
  }

  /** Ends the pool's connections (waiting for queries under way). */
  async close(): Promise<void> {
    await this.pool.end();
  }
}

const REGISTRATION_COLUMNS = sql.raw('kind, id, json, created_at::float8 as created_at');

/** The `registrations` table on PostgreSQL (shares the results store's pool). */
export class PostgresRegistrationStore implements RegistrationStore {
  constructor(private readonly db: Db) {}

  async list(): Promise<Registration[]> {
    const { rows } = await this.db.execute(sql`/* registrationList */ select ${REGISTRATION_COLUMNS} from ${registrations} order by created_at, seq`);
    return rows.map(registrationOf);
  }

  async has(kind: RegistrationKind, id: string): Promise<boolean> {
    const { rows } = await this.db.execute(sql`/* registrationHas */ select 1 from ${registrations} where kind = ${kind} and id = ${id}`);
    return rows.length > 0;
  }

  async putModel(id: string, model: ModelRegistration): Promise<void> {
    await this.put('model', id, ModelRegistration.parse(model));
  }

  async putDataset(id: string, dataset: DatasetRegistration): Promise<void> {
    await this.put('dataset', id, DatasetRegistration.parse(dataset));
  }

  async delete(kind: RegistrationKind, id: string): Promise<boolean> {
    const result = await this.db.execute(sql`/* registrationDelete */ delete from ${registrations} where kind = ${kind} and id = ${id}`);
    return (result.rowCount ?? 0) > 0;
  }

  private async put(kind: RegistrationKind, id: string, value: ModelRegistration | DatasetRegistration): Promise<void> {
    // created_at (and seq) are kept on conflict: restore order (bases first) must not change when a model is re-registered.
    await this.db.execute(sql`/* registrationUpsert */ insert into ${registrations} (kind, id, json, created_at)
      values (${kind}, ${id}, ${JSON.stringify(value)}, ${Date.now()})
      on conflict (kind, id) do update set json = excluded.json`);
  }
}

const JOB_COLUMNS = sql.raw(`id, kind, request_key, request_json, state, progress, message, error, created_at::float8 as created_at,
  started_at::float8 as started_at, finished_at::float8 as finished_at`);

/** The jobs table on PostgreSQL: each state change one guarded UPDATE (row locks make racing changes take turns). */
export class PostgresJobStore implements JobStore {
  constructor(private readonly db: Db) {}

  /** Servers racing to insert one request meet at the live-request index: one row wins, the others read it. */
  async insert(job: { id: string; kind: JobKind; requestKey: string; requestJson: string }): Promise<Job> {
    for (;;) {
      const { rows } = await this.db.execute(sql`/* jobInsert */ insert into ${jobs} (id, kind, request_key, request_json, state, progress, created_at)
        values (${job.id}, ${job.kind}, ${job.requestKey}, ${job.requestJson}, 'QUEUED', 0, ${Date.now()})
        on conflict do nothing returning ${JOB_COLUMNS}`);
      if (rows[0] !== undefined) return toJob(rows[0]);
      const live = await this.db.execute(sql`/* jobLive */ select ${JOB_COLUMNS} from ${jobs}
        where kind = ${job.kind} and request_key = ${job.requestKey} and state in ('QUEUED', 'RUNNING')`);
      // None: the live one ended between the two statements; insert again.
      if (live.rows[0] !== undefined) return toJob(live.rows[0]);
    }
  }

  async get(id: string): Promise<Job | undefined> {
    const { rows } = await this.db.execute(sql`/* jobGet */ select ${JOB_COLUMNS} from ${jobs} where id = ${id}`);
    return rows[0] === undefined ? undefined : toJob(rows[0]);
  }

  async list(state?: JobState): Promise<Job[]> {
    const { rows } = state === undefined
      ? await this.db.execute(sql`/* jobList */ select ${JOB_COLUMNS} from ${jobs} order by created_at desc, seq desc`)
      : await this.db.execute(sql`/* jobListState */ select ${JOB_COLUMNS} from ${jobs} where state = ${state} order by created_at desc, seq desc`);
    return rows.map(toJob);
  }

  async start(id: string): Promise<boolean> {
    return this.update(sql`/* jobStart */ update ${jobs} set state = 'RUNNING', started_at = coalesce(started_at, ${Date.now()})
      where id = ${id} and state in ('QUEUED', 'RUNNING')`);
  }

  async progress(id: string, progress: number, message: string | null): Promise<void> {
    await this.update(sql`/* jobProgress */ update ${jobs} set progress = ${progress}, message = ${message} where id = ${id} and state = 'RUNNING'`);
  }

  async finish(id: string, state: Exclude<JobState, 'QUEUED' | 'RUNNING'>, error: string | null = null): Promise<boolean> {
    return this.update(sql`/* jobFinish */ update ${jobs} set state = ${state}, error = ${error}, finished_at = ${Date.now()},
      progress = case when ${state}::text = 'DONE' then 1 else progress end
      where id = ${id} and state in ('QUEUED', 'RUNNING')`);
  }

  async interruptAll(): Promise<number> {
    const result = await this.db.execute(sql`/* jobInterruptAll */ update ${jobs} set state = 'INTERRUPTED', finished_at = ${Date.now()},
      error = ${INTERRUPTED_MESSAGE} where state in ('QUEUED', 'RUNNING')`);
    return result.rowCount ?? 0;
  }

  private async update(statement: SQL): Promise<boolean> {
    const result = await this.db.execute(statement);
    return (result.rowCount ?? 0) > 0;
  }
}
