/**
 * The results store's tables (the single source: `migrations/` is generated from this file by
 * `npx drizzle-kit generate`). Every computed result is one row of `results`, keyed by the
 * cache key of rmlens.md §5; per-pair and per-neuron arrays travel as one Float64 BLOB so a
 * model with tens of thousands of neurons costs one row, not tens of thousands.
 */
import { sql } from 'drizzle-orm';
import { blob, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * sha256 of model files, trusted while the file's size and mtime are unchanged: the warm path
 * learns a model's identity from here without reading (or hashing) the file again.
 */
export const fileHashes = sqliteTable('file_hashes', {
  /** Absolute path of the file. */
  path: text('path').primaryKey(),
  size: integer('size').notNull(),
  /** mtime in milliseconds (fractional where the file system records sub-millisecond times). */
  mtimeMs: real('mtime_ms').notNull(),
  sha256: text('sha256').notNull(),
  /** When the hash was taken (ms since epoch). */
  hashedAt: integer('hashed_at').notNull(),
});

/** Computed results, one row per cache key. */
export const results = sqliteTable('results', {
  /** sha256 of the canonical key JSON (kind, ENGINE_VERSION and every input that shapes the result). */
  key: text('key').primaryKey(),
  /** What the row holds (`rewards`, `neuronStats`, `ablation`, ...), checked when the row is read back. */
  kind: text('kind').notNull(),
  /** The canonical key JSON itself, so a row says what it was computed from. */
  keyJson: text('key_json').notNull(),
  /** Scalar part of the value as JSON; it also lists the names and lengths of the arrays in `arrays`. */
  json: text('json').notNull(),
  /** The value's arrays, Float64 little-endian, concatenated in the order `json` lists them. */
  arrays: blob('arrays', { mode: 'buffer' }).notNull(),
  /** Wall time of the computation that produced the row. */
  computeMs: real('compute_ms').notNull(),
  /** When the row was written (ms since epoch). */
  createdAt: integer('created_at').notNull(),
});

/**
 * Long computations run as jobs (an analysis request past the request budget, a zoo build).
 * A job is a row, so its state survives the process: at start-up every job still QUEUED or
 * RUNNING is marked INTERRUPTED (a kill -9 included), and asking again starts it afresh.
 */
export const jobs = sqliteTable('jobs', {
  /** Random id handed to clients (`extensions.jobId`, `job(id)`). */
  id: text('id').primaryKey(),
  /** What runs: an analysis request (`analysis`) or a zoo build (`zooBuild`). */
  kind: text('kind').notNull(),
  /** Digest of the request: the same request again attaches to the same live job. */
  requestKey: text('request_key').notNull(),
  /** The request itself, as JSON, for display and for running it again. */
  requestJson: text('request_json').notNull(),
  /** QUEUED, RUNNING, DONE, FAILED, CANCELLED or INTERRUPTED. */
  state: text('state').notNull(),
  /** 0 … 1. */
  progress: real('progress').notNull(),
  /** What the job is doing now, for people. */
  message: text('message'),
  /** Why it FAILED (the user-facing message; internal errors are masked). */
  error: text('error'),
  createdAt: integer('created_at').notNull(),
  startedAt: integer('started_at'),
  finishedAt: integer('finished_at'),
}, (t) => [
  // At most one live job per request: servers sharing a store attach to each other's jobs (jobStore.ts, `insert`).
  uniqueIndex('jobs_live_request').on(t.kind, t.requestKey).where(sql`state in ('QUEUED', 'RUNNING')`),
]);

/** Models and datasets registered through the API, restored when the server starts. */
export const registrations = sqliteTable('registrations', {
  /** `model` or `dataset`. */
  kind: text('kind').notNull(),
  /** The id clients use (unique per kind). */
  id: text('id').notNull(),
  /** The registration as JSON (path, name, objective, base / format, evaluationOnly, …). */
  json: text('json').notNull(),
  createdAt: integer('created_at').notNull(),
}, (t) => [primaryKey({ columns: [t.kind, t.id] })]);
