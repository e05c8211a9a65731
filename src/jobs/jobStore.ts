/**
 * Jobs as rows of the `jobs` table (src/db/schema.ts), in the results store's database: a
 * job's state outlives the process that ran it, so a client polling `job(id)` after a crash
 * reads INTERRUPTED instead of an unknown id. Named statements, rows validated where they
 * enter the code, one transaction per write (as in src/db/sqliteStore.ts). The SQLite
 * implementation is here; the PostgreSQL one is in src/db/postgresStore.ts.
 */
import { sql } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { z } from 'zod';
import { jobs } from '../db/schema.ts';
import { JOB_STATES, type JobState } from '../vocabulary.ts';

/** What a job runs: an analysis request past its budget, or a zoo build. */
export const JOB_KINDS = ['analysis', 'zooBuild'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/** A job as stored. Times are ms since the epoch. */
export interface Job {
  id: string;
  kind: JobKind;
  /** Digest of the request: equal requests have equal keys. */
  requestKey: string;
  /** The request as JSON (what was asked, for people and for running it again). */
  requestJson: string;
  state: JobState;
  /** 0 … 1. */
  progress: number;
  message: string | null;
  error: string | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

const JobRow = z.object({
  id: z.string(),
  kind: z.enum(JOB_KINDS),
  request_key: z.string(),
  request_json: z.string(),
  state: z.enum(JOB_STATES),
  progress: z.number().min(0).max(1),
  message: z.string().nullable(),
  error: z.string().nullable(),
  created_at: z.number().int(),
  started_at: z.number().int().nullable(),
  finished_at: z.number().int().nullable(),
});

/** A raw `jobs` row, validated. */
export function toJob(raw: unknown): Job {
  const r = JobRow.parse(raw);
  return {
    id: r.id, kind: r.kind, requestKey: r.request_key, requestJson: r.request_json, state: r.state, progress: r.progress,
    message: r.message, error: r.error, createdAt: r.created_at, startedAt: r.started_at, finishedAt: r.finished_at,
  };
}

/** The text every job still live at start-up (or at shutdown past the grace) is marked INTERRUPTED with. */
export const INTERRUPTED_MESSAGE = 'the server stopped before the job finished; ask again to start a new job';

/**
 * The jobs table. Every state change is one guarded UPDATE, its own transaction: a finished job
 * never changes again, and of two racing changes (a cancel and a finish) exactly one wins.
 */
export interface JobStore {
  /**
   * Adds a QUEUED job; when a live (QUEUED or RUNNING) job with the same kind and request key
   * exists — another server's, on a shared store — adds nothing and returns that one.
   */
  insert(job: { id: string; kind: JobKind; requestKey: string; requestJson: string }): Promise<Job>;
  /** The job `id`, or undefined. */
  get(id: string): Promise<Job | undefined>;
  /** Jobs newest first (ties: the later inserted first), of one state when given. */
  list(state?: JobState): Promise<Job[]>;
  /** QUEUED → RUNNING (a job another server started stays RUNNING); false when the job has ended (cancelled meanwhile). */
  start(id: string): Promise<boolean>;
  /** Progress and message of a RUNNING job. */
  progress(id: string, progress: number, message: string | null): Promise<void>;
  /** A live job ends in `state` (DONE sets progress 1); false when it had already ended (e.g. CANCELLED while running). */
  finish(id: string, state: Exclude<JobState, 'QUEUED' | 'RUNNING'>, error?: string | null): Promise<boolean>;
  /** Marks every live job INTERRUPTED (at start-up: nothing of an earlier process still runs); resolves to how many. */
  interruptAll(): Promise<number>;
}

/** The jobs table on SQLite (shares the results store's connection). */
export class SqliteJobStore implements JobStore {
  constructor(private readonly db: BetterSQLite3Database) {}

  async insert(job: { id: string; kind: JobKind; requestKey: string; requestJson: string }): Promise<Job> {
    const now = Date.now();
    let raw: unknown;
    this.db.transaction((tx) => {
      tx.run(sql`/* jobInsert */ insert into ${jobs} (id, kind, request_key, request_json, state, progress, created_at)
        values (${job.id}, ${job.kind}, ${job.requestKey}, ${job.requestJson}, 'QUEUED', 0, ${now}) on conflict do nothing`);
      raw = tx.get(sql`/* jobLive */ select * from ${jobs} where kind = ${job.kind} and request_key = ${job.requestKey} and state in ('QUEUED', 'RUNNING')`);
    });
    return toJob(raw);
  }

  async get(id: string): Promise<Job | undefined> {
    const raw = this.db.get(sql`/* jobGet */ select * from ${jobs} where id = ${id}`);
    return raw === undefined ? undefined : toJob(raw);
  }

  async list(state?: JobState): Promise<Job[]> {
    const rows = state === undefined
      ? this.db.all(sql`/* jobList */ select * from ${jobs} order by created_at desc, rowid desc`)
      : this.db.all(sql`/* jobListState */ select * from ${jobs} where state = ${state} order by created_at desc, rowid desc`);
    return rows.map(toJob);
  }

  async start(id: string): Promise<boolean> {
    return this.update(sql`/* jobStart */ update ${jobs} set state = 'RUNNING', started_at = coalesce(started_at, ${Date.now()})
      where id = ${id} and state in ('QUEUED', 'RUNNING')`);
  }

  async progress(id: string, progress: number, message: string | null): Promise<void> {
    this.update(sql`/* jobProgress */ update ${jobs} set progress = ${progress}, message = ${message} where id = ${id} and state = 'RUNNING'`);
  }

  async finish(id: string, state: Exclude<JobState, 'QUEUED' | 'RUNNING'>, error: string | null = null): Promise<boolean> {
    return this.update(sql`/* jobFinish */ update ${jobs} set state = ${state}, error = ${error}, finished_at = ${Date.now()},
      progress = case when ${state} = 'DONE' then 1 else progress end
      where id = ${id} and state in ('QUEUED', 'RUNNING')`);
  }

  async interruptAll(): Promise<number> {
    let changed = 0;
    this.db.transaction((tx) => {
      changed = tx.run(sql`/* jobInterruptAll */ update ${jobs} set state = 'INTERRUPTED', finished_at = ${Date.now()},
        error = ${INTERRUPTED_MESSAGE}
        where state in ('QUEUED', 'RUNNING')`).changes;
    });
    return changed;
  }

  private update(statement: ReturnType<typeof sql>): boolean {
    let changed = 0;
    this.db.transaction((tx) => {
      changed = tx.run(statement).changes;
    });
    return changed > 0;
  }
}
