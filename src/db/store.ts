/**
 * The results store's contract: one interface, two implementations chosen by `RMLENS_DB`
 * (src/db/sqliteStore.ts: a SQLite file through better-sqlite3, the default;
 * src/db/postgresStore.ts: a PostgreSQL database through node-postgres, for a `postgres://` URL).
 * Both apply their committed drizzle migrations on open (`migrations/` and `migrations/postgres/`),
 * hold the same tables, and answer with the same rows.
 *
 * Every call is asynchronous (PostgreSQL answers over a socket). Every write is one transaction,
 * committed when its promise resolves: a failure part-way leaves no partial row, and a process
 * killed after the promise resolved keeps the write. The SQLite implementation runs each call
 * synchronously at the moment it is made (better-sqlite3 is synchronous), so on SQLite two calls
 * never interleave; callers that must not race (the result cache's in-flight sharing, the job
 * runner's state changes) do not rely on that: see src/db/resultCache.ts and src/jobs/jobRunner.ts.
 */
import { z } from 'zod';
import type { EngineCallStore } from './engineCallStore.ts';
import type { JobStore } from '../jobs/jobStore.ts';
import type { RegistrationStore } from './registrationStore.ts';

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


/*
 * Row shapes both implementations validate their raw rows with (numbers as numbers: the
 * PostgreSQL store parses int8 and numeric into JavaScript numbers).
 */
// Built once: a zod schema compiles itself on first use, which per row of a many-key read cost more than the read.
export const KeyOfRow = z.object({ key: z.string() });
export const Volume = z.object({ rows: z.number().int(), bytes: z.number().int().nullable() });
export const KindVolume = Volume.extend({ kind: z.string() });
export const VersionVolume = Volume.extend({ engine_version: z.number().int().nullable() });
export const AgeRow = z.object({ oldest: z.number().int().nullable(), newest: z.number().int().nullable(), file_hashes: z.number().int() });
export const PrunedRowRaw = z.object({ key: z.string(), kind: z.string(), engine_version: z.number().int().nullable(), bytes: z.number().int(), created_at: z.number().int() });
export const FileHashRow = z.object({
  size: z.number(),
  mtime_ms: z.number(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/** CacheStats from its three validated queries. */
export function cacheStatsOf(kinds: unknown[], versions: unknown[], age: unknown): CacheStats {
  const volume = (v: z.infer<typeof Volume>): ResultVolume => ({ rows: v.rows, bytes: v.bytes ?? 0 });
  const byKind = kinds.map((raw) => KindVolume.parse(raw)).map((r) => ({ kind: r.kind, ...volume(r) }));
  const byEngineVersion = versions.map((raw) => VersionVolume.parse(raw)).map((r) => ({ engineVersion: r.engine_version, ...volume(r) }));
  const a = AgeRow.parse(age);
  return {
    rows: byKind.reduce((n, k) => n + k.rows, 0),
    bytes: byKind.reduce((n, k) => n + k.bytes, 0),
    byKind,
    byEngineVersion,
    oldest: a.oldest,
    newest: a.newest,
    fileHashes: a.file_hashes,
  };
}

/** A validated pruned row. */
export function prunedRowOf(raw: unknown): PrunedRow {
  const r = PrunedRowRaw.parse(raw);
  return { key: r.key, kind: r.kind, engineVersion: r.engine_version, bytes: r.bytes, createdAt: r.created_at };
}

/** The results store (results, file hashes, and through `jobs` and `registrations` the other tables). */
export interface ResultStore {
  /** Which implementation this is. */
  readonly backend: 'sqlite' | 'postgres';
  /** Models and datasets registered through the API (same database). */
  readonly registrations: RegistrationStore;
  /** Jobs (same database). */
  readonly jobs: JobStore;
  /** Engine calls on their way through the job queue: PostgreSQL only, the one store every machine shares. */
  readonly engineCalls?: EngineCallStore;
  /** The stored value under `key`, or undefined; rejects when the row holds another kind (a key collision is a bug). */
  get(key: string, kind: string): Promise<StoredRow | undefined>;
  /**
   * The stored values under many keys, by key (absent keys are missing from the map), read with
   * ONE select whatever the number of keys. Rejects like `get` when a row holds another kind than asked.
   */
  getMany(keys: readonly { key: string; kind: string }[]): Promise<Map<string, StoredRow>>;
  /** Writes every entry in one transaction (one upsert per key): all rows land, or none does. Resolves to their `created_at`. */
  putMany(entries: readonly ResultEntry[]): Promise<number>;
  /** Number of stored results (of one kind when given). */
  countResults(kind?: string): Promise<number>;
  /** Rows and bytes per kind and per engine version, oldest and newest rows, file hashes known (`rmlens cache stats`). */
  cacheStats(): Promise<CacheStats>;
  /**
   * Removes the results matching every condition of `filter` in one transaction (the listing and
   * the delete see the same rows) and returns them ordered by kind, then age; a dry run only
   * lists them. A filter with no condition is refused: it would empty the store.
   */
  pruneResults(filter: PruneFilter): Promise<PrunedRow[]>;
  /** Gives space freed by a prune back to the file system. */
  vacuum(): Promise<void>;
  /**
   * sha256 of the file at `path`, from the (path, size, mtime) table when the file is unchanged,
   * else hashed now and remembered: the warm path identifies models without reading them.
   */
  fileSha256(path: string): Promise<string>;
  /** Closes the store (SQLite checkpoints its WAL; PostgreSQL ends its connections). */
  close(): Promise<void>;
}

/** Whether an `RMLENS_DB` value names a PostgreSQL database (`postgres://…` or `postgresql://…`) rather than a SQLite file. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

/**
 * Opens the store `db` names: a PostgreSQL URL, else a SQLite file (or `:memory:`), creating
 * it when absent and applying pending migrations. The PostgreSQL driver is only loaded when asked for.
 */
export async function openStore(db: string): Promise<ResultStore> {
  if (isPostgresUrl(db)) {
    const { PostgresResultStore } = await import('./postgresStore.ts');
    return PostgresResultStore.open(db);
  }
  const { SqliteResultStore } = await import('./sqliteStore.ts');
  return SqliteResultStore.open(db);
}


export function encodeValue(value: StoredValue): { json: string; arrays: Buffer } {
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
export function decodeRow(key: string, kind: string, raw: unknown): StoredRow {
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
