/**
 * The job queue. `JobRunner` is the whole contract the server uses, kept small on purpose: a
 * later issue puts jobs on a distributed queue behind the same five calls. `InProcessJobRunner`
 * runs them in this process, with the rows in the results store (jobStore.ts) as the truth clients read.
 *
 * Every call is asynchronous (the rows may live in PostgreSQL). What must not race is decided
 * without waiting: a submit registers its job (for identical submits to attach to, and for the
 * queue limit) before its row is written, a job starts in submission order once its row exists,
 * and every state change is one guarded UPDATE, so of a cancel and a finish racing exactly one
 * takes effect and only that one settles the job's outcome.
 */
import { randomUUID } from 'node:crypto';
import { BadUserInputError, ComputeFailedError, RmlensError } from '../errors.ts';
import type { JobState } from '../vocabulary.ts';
import { INTERRUPTED_MESSAGE, type Job, type JobKind, type JobStore } from './jobStore.ts';

/** Reports a running job's progress (0 … 1) and what it is doing now. */
export type JobReport = (progress: number, message?: string) => void;

/** What to run as a job. */
export interface JobSpec<T> {
  kind: JobKind;
  /** Equal requests have equal keys: submitting a key that is still QUEUED or RUNNING attaches to that job. */
  requestKey: string;
  /** The request, stored as JSON on the row. */
  request: unknown;
  /** The request that submitted it: an unexpected failure is logged, and masked on the row, under this id. */
  requestId: string;
  run(report: JobReport): Promise<T>;
}

/** A submitted job: its row now, and its outcome (rejects when it fails, is cancelled or interrupted). */
export interface SubmittedJob<T> {
  job: Job;
  result: Promise<T>;
}

/** A queue of jobs. */
export interface JobRunner {
  /** Queues a job, or attaches to the live one with the same kind and key; BadUserInputError when the queue is full. */
  submit<T>(spec: JobSpec<T>): Promise<SubmittedJob<T>>;
  /** The job `id`, or undefined. */
  get(id: string): Promise<Job | undefined>;
  /** Jobs newest first, of one state when given. */
  list(state?: JobState): Promise<Job[]>;
  /**
   * Cancels a live job: a QUEUED one never runs; a RUNNING one is marked CANCELLED and its
   * outcome ignored, but the work already started (an engine call, a training epoch) runs to
   * its end: neither onnxruntime nor the trainer can be stopped part-way. Undefined when unknown.
   */
  cancel(id: string): Promise<Job | undefined>;
  /** Starts nothing more, waits up to `graceMs` for running jobs, marks every job still live INTERRUPTED (not on a shared store: see RunnerLimits.shared). */
  close(graceMs: number): Promise<void>;
}

/** Limits of the in-process runner. */
export interface RunnerLimits {
  /** Jobs running at once. The server passes its engine pool's size: each worker runs one single-threaded session, so that many jobs share the cores without contending. */
  concurrency: number;
  /** QUEUED jobs accepted before submit refuses (RMLENS_MAX_QUEUED_JOBS). */
  maxQueued: number;
  /**
   * Several servers share the store (and a job queue): a job still live at start-up may be
   * another server's, so none is marked INTERRUPTED; a request another server has a live job for
   * attaches to that job (its id, its row), runs here too, and whichever server ends first settles the row.
   */
  shared?: boolean;
}

/** At most this many progress writes per second per job, and per queued engine call (queueWorker.ts): a progress bar needs no more, the store gets no storm. */
export const PROGRESS_WRITES_PER_SECOND = 4;

interface Entry {
  /** The job's id: this runner's own, or another server's live job for the same request (a shared store). */
  id: string;
  spec: JobSpec<unknown>;
  result: Promise<unknown>;
  settle: { resolve(value: unknown): void; reject(error: unknown): void };
  /** Settles when the job's row is written (rejects when it could not be). */
  inserted: Promise<void>;
  /** Whether the row is written: a job starts only then. */
  stored: boolean;
  /** Set while the run function runs: resolves when it returned, whatever the job's state. */
  running?: Promise<void>;
  /** The latest progress not yet written, and when the last write was. */
  pending?: { progress: number; message: string | null };
  lastWrite: number;
  flushTimer?: NodeJS.Timeout;
  /** The progress write under way, if any: the next one waits for it, so writes land in order. */
  writing?: Promise<void>;
}

/** Runs jobs in this process, `concurrency` at a time, in submission order. */
export class InProcessJobRunner implements JobRunner {
  private readonly live = new Map<string, Entry>();
  private readonly queue: string[] = [];
  private running = 0;
  private closing = false;
  /** Marking an earlier process's live jobs INTERRUPTED: every call waits for it, so no new job is caught by it. */
  private readonly opened: Promise<void>;

  /** Opens the runner over `store`: every job an earlier process left QUEUED or RUNNING becomes INTERRUPTED. */
  constructor(
    private readonly store: JobStore,
    private readonly limits: RunnerLimits,
    private readonly log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  ) {
    this.opened = limits.shared ? Promise.resolve() : store.interruptAll().then(() => undefined);
    // Reported by the first call, which waits for it.
    this.opened.catch(() => undefined);
  }

  async submit<T>(spec: JobSpec<T>): Promise<SubmittedJob<T>> {
    for (const entry of this.live.values()) {
      if (entry.spec.kind === spec.kind && entry.spec.requestKey === spec.requestKey) {
        await entry.inserted;
        return { job: (await this.store.get(entry.id))!, result: entry.result as Promise<T> };
      }
    }
    if (this.closing) throw new ComputeFailedError('the server is stopping; no new jobs start');
    if (this.queue.length >= this.limits.maxQueued) {
      throw new BadUserInputError(`${this.queue.length} jobs are queued, the most this server accepts (RMLENS_MAX_QUEUED_JOBS); retry when some have finished`);
    }
    const id = randomUUID();
    let settle!: Entry['settle'];
    const result = new Promise<unknown>((resolve, reject) => { settle = { resolve, reject }; });
    // Callers may drop the result (a client polls job(id) instead): a failure is on the row, not an unhandled rejection.
    result.catch(() => undefined);
    // Registered before its row is written: an identical submit meanwhile attaches to it, and the queue limit counts it.
    const entry: Entry = { id, spec: spec as JobSpec<unknown>, result, settle, inserted: Promise.resolve(), stored: false, lastWrite: 0 };
    entry.inserted = (async () => {
      await this.opened;
      const row = await this.store.insert({ id, kind: spec.kind, requestKey: spec.requestKey, requestJson: JSON.stringify(spec.request) });
      // Another server's live job for this request: this entry becomes that job here.
      if (row.id !== id) this.rekey(entry, row.id);
    })();
    this.live.set(id, entry);
    this.queue.push(id);
    try {
      await entry.inserted;
    } catch (error) {
      this.forget(entry.id, entry);
      settle.reject(error);
      this.startQueued();
      throw error;
    }
    entry.stored = true;
    this.startQueued();
    return { job: (await this.store.get(entry.id))!, result: result as Promise<T> };
  }

  async get(id: string): Promise<Job | undefined> {
    await this.opened;
    return this.store.get(id);
  }

  async list(state?: JobState): Promise<Job[]> {
    await this.opened;
    return this.store.list(state);
  }

  async cancel(id: string): Promise<Job | undefined> {
    await this.opened;
    const entry = this.live.get(id);
    if (entry) {
      // A job whose row is being written is cancelled once it is (a failed insert settled it already).
      await entry.inserted.catch(() => undefined);
      if (this.live.get(id) === entry && await this.store.finish(id, 'CANCELLED')) {
        this.forget(id, entry);
        entry.settle.reject(new ComputeFailedError(`job ${id} was cancelled`));
      }
    }
    return this.store.get(id);
  }

  async close(graceMs: number): Promise<void> {
    this.closing = true;
    const running = [...this.live.values()].flatMap((e) => (e.running ? [e.running] : []));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(running), new Promise((resolve) => { timer = setTimeout(resolve, graceMs); })]);
    clearTimeout(timer);
    for (const [id, entry] of [...this.live]) {
      if (this.live.get(id) !== entry) continue;
      await entry.inserted.catch(() => undefined);
      // A shared job lives on: its engine calls are in the queue, and the same request on any
      // server attaches to the row and ends it.
      if (!this.limits.shared) await this.store.finish(id, 'INTERRUPTED', INTERRUPTED_MESSAGE);
      this.forget(id, entry);
      entry.settle.reject(new ComputeFailedError(`job ${id} was interrupted: the server is stopping`));
    }
  }

  /** Starts queued jobs, in submission order, while slots are free; a job whose row is still being written holds the line. */
  private startQueued(): void {
    while (!this.closing && this.running < this.limits.concurrency && this.queue.length > 0) {
      const id = this.queue[0];
      const entry = this.live.get(id);
      if (entry && !entry.stored) return;
      this.queue.shift();
      if (!entry) continue;
      // The slot is taken now, before the row says RUNNING: no second job can claim it meanwhile.
      this.running++;
      void this.startEntry(id, entry);
    }
  }

  /** QUEUED → RUNNING on the row, then runs; a job cancelled meanwhile gives its slot back without running. */
  private async startEntry(id: string, entry: Entry): Promise<void> {
    let started = false;
    try {
      started = await this.store.start(id);
    } catch (error) {
      this.log(`rmlens serve: job ${id} could not be started: ${error instanceof Error ? error.message : String(error)}`);
      if (this.live.get(id) === entry) {
        this.forget(id, entry);
        entry.settle.reject(error);
      }
    }
    if (started && this.live.get(id) === entry) {
      this.runEntry(id, entry);
      return;
    }
    this.running--;
    this.startQueued();
  }

  /** Runs a started job (its slot is already counted). */
  private runEntry(id: string, entry: Entry): void {
    const report: JobReport = (progress, message) => this.report(id, entry, progress, message ?? null);
    entry.running = (async () => {
      // A job cancelled or interrupted meanwhile keeps that state: its outcome is ignored, and
      // the store is not touched — after close() it may be closed already, because an engine
      // call under way when the grace ran out still answers while the server stops.
      const current = () => this.live.get(id) === entry;
      let outcome: { value: unknown } | { error: unknown };
      try {
        outcome = { value: await entry.spec.run(report) };
      } catch (error) {
        outcome = { error };
      }
      try {
        if (current()) await this.settle(id, entry, outcome);
      } catch (error) {
        // The row could not be written: the job's outcome is that failure (settling twice is a no-op).
        this.log(`rmlens serve: job ${id}: its outcome could not be stored: ${error instanceof Error ? error.message : String(error)}`);
        entry.settle.reject(error);
      } finally {
        this.forget(id, entry);
        this.running--;
        this.startQueued();
      }
    })();
  }

  /**
   * Ends the row with the run's outcome and settles the job. The row may have ended already:
   * cancelled while running (here the cancel settled it), or, on a shared store, ended by another
   * server running the same request — then a DONE row means this run's value stands too, and any
   * other end is the job's outcome.
   */
  private async settle(id: string, entry: Entry, outcome: { value: unknown } | { error: unknown }): Promise<void> {
    const ended = 'value' in outcome
      ? await this.store.finish(id, 'DONE')
      : await this.store.finish(id, 'FAILED', this.publicMessage(outcome.error, entry.spec.requestId, id));
    const state = ended ? undefined : (await this.store.get(id))?.state;
    if ('value' in outcome && (ended || state === 'DONE')) entry.settle.resolve(outcome.value);
    else if ('error' in outcome) entry.settle.reject(outcome.error);
    else entry.settle.reject(new ComputeFailedError(`job ${id} ended ${state ?? 'unknown'} on another server`));
  }

  /** Gives a registered entry another job id (its queue place kept). */
  private rekey(entry: Entry, id: string): void {
    const queued = this.queue.indexOf(entry.id);
    if (queued >= 0) this.queue[queued] = id;
    this.live.delete(entry.id);
    entry.id = id;
    this.live.set(id, entry);
  }

  /** Writes progress at most PROGRESS_WRITES_PER_SECOND times a second; the latest value is written last. */
  private report(id: string, entry: Entry, progress: number, message: string | null): void {
    entry.pending = { progress: Math.min(1, Math.max(0, progress)), message };
    const wait = entry.lastWrite + 1000 / PROGRESS_WRITES_PER_SECOND - Date.now();
    if (wait <= 0) this.flush(id, entry);
    else entry.flushTimer ??= setTimeout(() => this.flush(id, entry), wait).unref();
  }

  private flush(id: string, entry: Entry): void {
    clearTimeout(entry.flushTimer);
    entry.flushTimer = undefined;
    if (!entry.pending || !this.live.has(id)) return;
    const { progress, message } = entry.pending;
    entry.pending = undefined;
    entry.lastWrite = Date.now();
    // One write at a time per job, so a later progress never lands before an earlier one; none once the job has ended.
    const write = () => (this.live.get(id) === entry ? this.store.progress(id, progress, message) : undefined);
    const writing: Promise<void> = (entry.writing ? entry.writing.then(write) : Promise.resolve(write()))
      .catch((error: unknown) => this.log(`rmlens serve: job ${id}: progress not stored: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        if (entry.writing === writing) entry.writing = undefined;
      });
    entry.writing = writing;
  }

  private forget(id: string, entry: Entry): void {
    clearTimeout(entry.flushTimer);
    if (this.live.get(id) === entry) this.live.delete(id);
    const queued = this.queue.indexOf(id);
    if (queued >= 0) this.queue.splice(queued, 1);
  }

  /** A user-facing error keeps its message; anything else is logged here and masked on the row (it may name paths). */
  private publicMessage(error: unknown, requestId: string, id: string): string {
    if (error instanceof RmlensError) return error.message;
    const real = error instanceof Error ? (error.stack ?? error.message) : String(error);
    this.log(`rmlens serve: request ${requestId}: job ${id} failed: ${real}`);
    return `internal error, see server log ${requestId}`;
  }
}
