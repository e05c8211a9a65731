/**
 * The `engine_calls` table (src/db/pgSchema.ts): engine calls on their way through the job queue.
 * A server writes the request and waits on the row; a worker claims it, reports progress and
 * writes the result or the error. The row, not the queue, is the truth about a call: pg-boss only
 * carries the id to a worker, retries and expires. Every change is one guarded UPDATE, so a
 * duplicate delivery (a retry of a call a slow worker still finishes) cannot undo a result.
 */
import { sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { z } from 'zod';
import { engineCalls } from './pgSchema.ts';

export const ENGINE_CALL_STATES = ['QUEUED', 'RUNNING', 'DONE', 'FAILED'] as const;
export type EngineCallState = (typeof ENGINE_CALL_STATES)[number];

/** A call as a waiting server reads it (the request stays in the table). */
export interface EngineCallStatus {
  id: string;
  state: EngineCallState;
  generation: number;
  attempts: number;
  progress: number;
  worker: string | null;
  result: Buffer | null;
  errorCode: string | null;
  errorMessage: string | null;
}

const StatusRow = z.object({
  id: z.string(),
  state: z.enum(ENGINE_CALL_STATES),
  generation: z.number().int(),
  attempts: z.number().int(),
  progress: z.number(),
  worker: z.string().nullable(),
  result: z.instanceof(Buffer).nullable(),
  error_code: z.string().nullable(),
  error_message: z.string().nullable(),
});

function statusOf(raw: unknown): EngineCallStatus {
  const r = StatusRow.parse(raw);
  return {
    id: r.id, state: r.state, generation: r.generation, attempts: r.attempts, progress: r.progress, worker: r.worker,
    result: r.result, errorCode: r.error_code, errorMessage: r.error_message,
  };
}

const STATUS_COLUMNS = sql.raw(`id, state, generation::float8 as generation, attempts::float8 as attempts, progress, worker, result, error_code, error_message`);

export class EngineCallStore {
  constructor(private readonly db: NodePgDatabase) {}

  /**
   * Adds the call QUEUED, or puts a FAILED one back to QUEUED with the next generation. Resolves
   * to the row and whether this submit (re)queued it — then the caller sends it to the queue;
   * otherwise it is already queued, running or done, and the caller only waits.
   */
  async submit(id: string, kind: string, request: Buffer): Promise<{ status: EngineCallStatus; queued: boolean }> {
    const now = Date.now();
    const { rows } = await this.db.execute(sql`/* engineCallSubmit */ insert into ${engineCalls}
        (id, kind, request, state, generation, attempts, progress, created_at)
        values (${id}, ${kind}, ${request}, 'QUEUED', 0, 0, 0, ${now})
      on conflict (id) do update set state = 'QUEUED', generation = ${engineCalls}.generation + 1, attempts = 0, progress = 0,
        worker = null, error_code = null, error_message = null, created_at = ${now}, started_at = null, finished_at = null
        where ${engineCalls}.state = 'FAILED'
      returning ${STATUS_COLUMNS}`);
    if (rows[0] !== undefined) return { status: statusOf(rows[0]), queued: true };
    const status = await this.get(id);
    // Removed between the two statements (a prune): submit afresh.
    return status ? { status, queued: false } : this.submit(id, kind, request);
  }

  async get(id: string): Promise<EngineCallStatus | undefined> {
    const { rows } = await this.db.execute(sql`/* engineCallGet */ select ${STATUS_COLUMNS} from ${engineCalls} where id = ${id}`);
    return rows[0] === undefined ? undefined : statusOf(rows[0]);
  }

  /**
   * A worker takes the call: QUEUED, or RUNNING under a worker that died (the queue redelivered
   * it), becomes RUNNING under `worker`. Resolves to the request, or undefined when the call has
   * ended (a duplicate delivery: nothing to do).
   */
  async claim(id: string, worker: string): Promise<{ kind: string; request: Buffer; attempts: number } | undefined> {
    const { rows } = await this.db.execute(sql`/* engineCallClaim */ update ${engineCalls}
      set state = 'RUNNING', worker = ${worker}, attempts = attempts + 1, started_at = ${Date.now()}
      where id = ${id} and state in ('QUEUED', 'RUNNING')
      returning kind, request, attempts::float8 as attempts`);
    if (rows[0] === undefined) return undefined;
    return z.object({ kind: z.string(), request: z.instanceof(Buffer), attempts: z.number().int() }).parse(rows[0]);
  }

  /** Progress (0 … 1) of a running call, written by the worker running it. */
  async progress(id: string, worker: string, progress: number): Promise<void> {
    await this.db.execute(sql`/* engineCallProgress */ update ${engineCalls} set progress = ${progress}
      where id = ${id} and state = 'RUNNING' and worker = ${worker}`);
  }

  /**
   * The result: the call is DONE, whichever delivery finished first (a later one changes nothing).
   * A call marked FAILED because the queue gave up on it (a worker deemed dead that was only slow)
   * takes a late result too: the result of a call is the same whoever computes it.
   */
  async done(id: string, result: Buffer): Promise<boolean> {
    const { rowCount } = await this.db.execute(sql`/* engineCallDone */ update ${engineCalls}
      set state = 'DONE', result = ${result}, progress = 1, error_code = null, error_message = null, finished_at = ${Date.now()}
      where id = ${id} and state <> 'DONE'`);
    return (rowCount ?? 0) > 0;
  }

  /** The call failed for good (a user error, or its retries are spent); only a live call of that generation. */
  async fail(id: string, generation: number, code: string | null, message: string): Promise<boolean> {
    const { rowCount } = await this.db.execute(sql`/* engineCallFail */ update ${engineCalls}
      set state = 'FAILED', error_code = ${code}, error_message = ${message}, finished_at = ${Date.now()}
      where id = ${id} and generation = ${generation} and state in ('QUEUED', 'RUNNING')`);
    return (rowCount ?? 0) > 0;
  }
}
