/**
 * The job queue. `JobRunner` is the whole contract the server uses, kept small on purpose: a
 * later issue puts jobs on a distributed queue behind the same five calls. `InProcessJobRunner`
 * runs them in this process, with the rows in SQLite (jobStore.ts) as the truth clients read.
 */
import { randomUUID } from 'node:crypto';
import { BadUserInputError, ComputeFailedError, RmlensError } from '../errors.ts';
import type { JobState } from '../vocabulary.ts';
import type { Job, JobKind, JobStore } from './jobStore.ts';

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
  submit<T>(spec: JobSpec<T>): SubmittedJob<T>;
  /** The job `id`, or undefined. */
  get(id: string): Job | undefined;
  /** Jobs newest first, of one state when given. */
  list(state?: JobState): Job[];
  /**
   * Cancels a live job: a QUEUED one never runs; a RUNNING one is marked CANCELLED and its
   * outcome ignored, but the work already started (an engine call, a training epoch) runs to
   * its end: neither onnxruntime nor the trainer can be stopped part-way. Undefined when unknown.
   */
  cancel(id: string): Job | undefined;
  /** Starts nothing more, waits up to `graceMs` for running jobs, marks every job still live INTERRUPTED. */
  close(graceMs: number): Promise<void>;
}

/** Limits of the in-process runner. */
export interface RunnerLimits {
  /** Jobs running at once. The server passes its engine pool's size: each worker runs one single-threaded session, so that many jobs share the cores without contending. */
  concurrency: number;
  /** QUEUED jobs accepted before submit refuses (RMLENS_MAX_QUEUED_JOBS). */
  maxQueued: number;
}

/** At most this many progress writes per second per job: a progress bar needs no more, SQLite gets no storm. */
const PROGRESS_WRITES_PER_SECOND = 4;

interface Entry {
  spec: JobSpec<unknown>;
  result: Promise<unknown>;
  settle: { resolve(value: unknown): void; reject(error: unknown): void };
  /** Set while the run function runs: resolves when it returned, whatever the job's state. */
  running?: Promise<void>;
  /** The latest progress not yet written, and when the last write was. */
  pending?: { progress: number; message: string | null };
  lastWrite: number;
  flushTimer?: NodeJS.Timeout;
}

/** Runs jobs in this process, `concurrency` at a time, in submission order. */
export class InProcessJobRunner implements JobRunner {
  private readonly live = new Map<string, Entry>();
  private readonly queue: string[] = [];
  private running = 0;
  private closing = false;

  /** Opens the runner over `store`: every job an earlier process left QUEUED or RUNNING becomes INTERRUPTED. */
  constructor(
    private readonly store: JobStore,
    private readonly limits: RunnerLimits,
    private readonly log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  ) {
    store.interruptAll();
  }

  submit<T>(spec: JobSpec<T>): SubmittedJob<T> {
    for (const [id, entry] of this.live) {
      if (entry.spec.kind === spec.kind && entry.spec.requestKey === spec.requestKey) return { job: this.store.get(id)!, result: entry.result as Promise<T> };
    }
    if (this.closing) throw new ComputeFailedError('the server is stopping; no new jobs start');
    if (this.queue.length >= this.limits.maxQueued) {
      throw new BadUserInputError(`${this.queue.length} jobs are queued, the most this server accepts (RMLENS_MAX_QUEUED_JOBS); retry when some have finished`);
    }
    const job = this.store.insert({ id: randomUUID(), kind: spec.kind, requestKey: spec.requestKey, requestJson: JSON.stringify(spec.request) });
    let settle!: Entry['settle'];
    const result = new Promise<unknown>((resolve, reject) => { settle = { resolve, reject }; });
    // Callers may drop the result (a client polls job(id) instead): a failure is on the row, not an unhandled rejection.
    result.catch(() => undefined);
    this.live.set(job.id, { spec: spec as JobSpec<unknown>, result, settle, lastWrite: 0 });
    this.queue.push(job.id);
    this.startQueued();
    return { job: this.store.get(job.id)!, result: result as Promise<T> };
  }

  get(id: string): Job | undefined {
    return this.store.get(id);
  }

  list(state?: JobState): Job[] {
    return this.store.list(state);
  }

  cancel(id: string): Job | undefined {
    const entry = this.live.get(id);
    if (entry && this.store.finish(id, 'CANCELLED')) {
      this.forget(id, entry);
      entry.settle.reject(new ComputeFailedError(`job ${id} was cancelled`));
    }
    return this.store.get(id);
  }

  async close(graceMs: number): Promise<void> {
    this.closing = true;
    const running = [...this.live.values()].flatMap((e) => (e.running ? [e.running] : []));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(running), new Promise((resolve) => { timer = setTimeout(resolve, graceMs); })]);
    clearTimeout(timer);
    for (const [id, entry] of this.live) {
      this.store.finish(id, 'INTERRUPTED', 'the server stopped before the job finished; ask again to start a new job');
      this.forget(id, entry);
      entry.settle.reject(new ComputeFailedError(`job ${id} was interrupted: the server is stopping`));
    }
  }

  private startQueued(): void {
    while (!this.closing && this.running < this.limits.concurrency && this.queue.length > 0) {
      const id = this.queue.shift()!;
      const entry = this.live.get(id);
      if (entry && this.store.start(id)) this.runEntry(id, entry);
    }
  }

  private runEntry(id: string, entry: Entry): void {
    this.running++;
    const report: JobReport = (progress, message) => this.report(id, entry, progress, message ?? null);
    entry.running = (async () => {
      // A job cancelled or interrupted meanwhile keeps that state: its outcome is ignored, and
      // the store is not touched — after close() it may be closed already, because an engine
      // call under way when the grace ran out still answers while the server stops.
      const current = () => this.live.get(id) === entry;
      try {
        const value = await entry.spec.run(report);
        if (current() && this.store.finish(id, 'DONE')) entry.settle.resolve(value);
      } catch (error) {
        if (current() && this.store.finish(id, 'FAILED', this.publicMessage(error, entry.spec.requestId, id))) entry.settle.reject(error);
      } finally {
        this.forget(id, entry);
        this.running--;
        this.startQueued();
      }
    })();
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
    this.store.progress(id, entry.pending.progress, entry.pending.message);
    entry.pending = undefined;
    entry.lastWrite = Date.now();
  }

  private forget(id: string, entry: Entry): void {
    clearTimeout(entry.flushTimer);
    this.live.delete(id);
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
