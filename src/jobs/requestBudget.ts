/**
 * The request budget (RMLENS_REQUEST_BUDGET_MS): every resolver that may compute hands its
 * facade call to `RequestBudget.run`. A request is answered with its value when the call ends
 * within the budget; otherwise the call goes on as a job and the field fails with
 * COMPUTE_PENDING and the job's id. How it fits together:
 *
 * - The request is keyed before any work: sha256 of the canonical JSON of the field and its
 *   arguments. An identical request arriving while one is in flight shares its call (and its
 *   job), so twenty identical clicks cost one computation and name one job.
 * - The call starts at once, outside any queue: answers already in the store cost a read and
 *   never wait behind running jobs. Only when the call reaches the engine (`beforeEngine`) does
 *   it become a job and wait for a slot of the runner, so the runner's concurrency limit is the
 *   number of engine computations in progress, and a queued job has done no engine work yet.
 * - A call still in flight when the budget ends without having needed the engine (it joined a
 *   computation another request started) becomes a job then.
 * - Once the job is DONE its result is in the store: the same request again reads it there.
 */
import { canonicalJson } from '../analysis/cacheKeys.ts';
import type { CallOptions } from '../analysis/cachedRuns.ts';
import { sha256 } from '../util/hash.ts';
import { ComputePendingError, NotFoundError } from '../errors.ts';
import type { JobRunner, JobReport, SubmittedJob } from './jobRunner.ts';
import type { Job } from './jobStore.ts';

/** What the budget needs. */
export interface RequestBudgetDeps {
  jobs: JobRunner;
  /** RMLENS_REQUEST_BUDGET_MS. */
  budgetMs: number;
  /**
   * A live job that will add models and datasets (the start-up zoo build): while it runs, an
   * unknown name is COMPUTE_PENDING on it rather than NOT_FOUND, since it may exist soon.
   */
  pendingSetup?: () => Promise<Job | undefined>;
}

/** One request in flight, shared by identical requests. */
interface Flight {
  value: Promise<unknown>;
  /** The submission of the flight's job (unset again when it failed, so a later need retries). */
  job?: Promise<SubmittedJob<unknown>>;
  /** The flight's job, submitted on first need (identical needs share one submission). */
  ensureJob(): Promise<Job>;
}

/** Races computing requests against the budget and turns the slow ones into jobs. */
export class RequestBudget {
  private readonly inFlight = new Map<string, Flight>();

  constructor(private readonly deps: RequestBudgetDeps) {}

  /**
   * The value of `compute`, or ComputePendingError with the job it continues as. `field` and
   * `args` key the request: pass every argument that shapes the result, and only those.
   */
  async run<T>(field: string, args: Record<string, unknown>, requestId: string, compute: (call: CallOptions) => Promise<T>): Promise<T> {
    const request = { field, args };
    const requestKey = sha256(canonicalJson(withoutNulls(request)));
    const flight = this.inFlight.get(requestKey) ?? this.start(requestKey, request, requestId, compute as (call: CallOptions) => Promise<unknown>);
    let timer: NodeJS.Timeout | undefined;
    const overBudget = new Promise<'over'>((resolve) => { timer = setTimeout(() => resolve('over'), this.deps.budgetMs); });
    try {
      const outcome = await Promise.race([flight.value.then((value) => ({ value })), overBudget]);
      if (outcome === 'over') throw new ComputePendingError((await flight.ensureJob()).id);
      return outcome.value as T;
    } catch (error) {
      const setup = error instanceof NotFoundError ? await this.deps.pendingSetup?.() : undefined;
      if (!setup) throw error;
      throw new ComputePendingError(setup.id, `a zoo is being built as job ${setup.id}: poll job(id: "${setup.id}"), then ask again (until it is: ${(error as NotFoundError).message})`);
    } finally {
      clearTimeout(timer);
    }
  }

  private start(requestKey: string, request: unknown, requestId: string, compute: (call: CallOptions) => Promise<unknown>): Flight {
    let openGate!: () => void;
    let failGate!: (error: unknown) => void;
    const gate = new Promise<void>((resolve, reject) => { openGate = resolve; failGate = reject; });
    // Progress arrives before the job exists too (the engine call starts first): the latest is kept for the row.
    let latest: { progress: number; message: string } | undefined;
    let report: JobReport | undefined;
    const flight: Flight = {
      value: Promise.resolve(),
      ensureJob: async () => {
        const submission = flight.job ??= this.submit(requestKey, request, requestId, flight, (r) => {
          report = r;
          if (latest) r(latest.progress, latest.message);
          openGate();
        }, failGate);
        try {
          return (await submission).job;
        } catch (error) {
          if (flight.job === submission) flight.job = undefined;
          throw error;
        }
      },
    };
    const call: CallOptions = {
      onProgress: (task, done, total) => {
        latest = { progress: total > 0 ? done / total : 0, message: task };
        report?.(latest.progress, latest.message);
      },
      beforeEngine: async () => {
        await flight.ensureJob();
        return gate;
      },
    };
    // A compute that throws at once (an unknown zoo) must still reach run()'s catch as a rejection.
    flight.value = new Promise((resolve) => resolve(compute(call)));
    this.inFlight.set(requestKey, flight);
    const done = () => {
      if (this.inFlight.get(requestKey) === flight) this.inFlight.delete(requestKey);
    };
    flight.value.then(done, done);
    return flight;
  }

  private async submit(
    requestKey: string, request: unknown, requestId: string, flight: Flight, onStart: (report: JobReport) => void, failGate: (error: unknown) => void,
  ): Promise<SubmittedJob<unknown>> {
    const submitted = await this.deps.jobs.submit({
      kind: 'analysis',
      requestKey,
      request,
      requestId,
      run: (report) => {
        onStart(report);
        return flight.value;
      },
    });
    submitted.result.catch((error: unknown) => {
      // Cancelled (or interrupted) before it ran: the call waiting at the gate ends, and the
      // next identical request starts afresh instead of attaching to a job that is over.
      failGate(error);
      if (this.inFlight.get(requestKey) === flight) this.inFlight.delete(requestKey);
    });
    return submitted;
  }
}

/**
 * A request with its null and absent fields dropped at every depth: GraphQL sends an omitted
 * optional argument either way, and both mean the same, so both must key one request.
 */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, withoutNulls(v)]));
}
