/**
 * The job queue, on pg-boss: a maintained queue inside PostgreSQL, so a deployment runs one
 * service for the store and the queue (BullMQ would add Redis; see the README's dependency table).
 * It carries engine calls (their ids; the calls themselves are rows of the store's
 * `engine_calls`) to `rmlens worker` processes, hands each to one worker at a time (SKIP LOCKED),
 * retries a call that failed (`retryLimit`), and gives a call whose worker died (kill -9, a lost
 * machine) to another once it has been active for `expireSeconds`.
 *
 * One pg-boss job per call and generation, with an id derived from both: sending the same call
 * twice is one job (pg-boss ignores a second insert of an id), which is what lets any waiting
 * server re-send a call whose first sender died between writing the row and sending.
 */
import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';
import type { QueueConfig } from '../config.ts';
import { redactUrl } from '../db/postgresStore.ts';

/** The queue's name in pg-boss. */
export const ENGINE_QUEUE = 'rmlens-engine';

/** What a pg-boss job carries. */
export interface EngineQueueJob {
  /** The engine call's id (its row in `engine_calls`). */
  call: string;
  generation: number;
}

/** A call's job as the queue sees it; `missing` when it was never sent (or is long gone). */
export type QueueState = 'missing' | 'waiting' | 'active' | 'completed' | 'failed';

/** How often idle workers ask for work. pg-boss' floor is 0.5 s; a queued call waits at most this long for an idle worker. */
const POLLING_SECONDS = 0.5;

export class EngineQueue {
  private constructor(
    private readonly boss: PgBoss,
    private readonly settings: QueueConfig,
  ) {}

  /**
   * Connects, installs or migrates pg-boss' schema when needed (pg-boss serialises that itself)
   * and makes sure the queue exists. `log` gets pg-boss' background errors (a dropped connection).
   */
  static async open(settings: QueueConfig, log: (line: string) => void): Promise<EngineQueue> {
    const boss = new PgBoss({
      connectionString: settings.url,
      application_name: 'rmlens',
      max: 4,
      // Expiry is found by this maintenance pass: it bounds how late a dead worker's call moves on.
      maintenanceIntervalSeconds: Math.max(1, Math.min(10, Math.floor(settings.expireSeconds / 2))),
    });
    boss.on('error', (error) => log(`queue ${redactUrl(settings.url)}: ${error.message}`));
    try {
      await boss.start();
      await boss.createQueue(ENGINE_QUEUE, { name: ENGINE_QUEUE, retryLimit: settings.retryLimit, expireInSeconds: settings.expireSeconds });
    } catch (error) {
      await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
      throw new Error(`queue ${redactUrl(settings.url)}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    return new EngineQueue(boss, settings);
  }

  /** Sends one generation of a call (a no-op when that job exists already). */
  async send(job: EngineQueueJob): Promise<void> {
    await this.boss.send(ENGINE_QUEUE, job, {
      id: jobId(job),
      retryLimit: this.settings.retryLimit,
      retryDelay: 1,
      expireInSeconds: this.settings.expireSeconds,
    });
  }

  /** Where one generation of a call is in the queue. */
  async state(job: EngineQueueJob): Promise<QueueState> {
    const found = await this.boss.getJobById(ENGINE_QUEUE, jobId(job), { includeArchive: true });
    if (!found) return 'missing';
    switch (found.state) {
      case 'created':
      case 'retry':
        return 'waiting';
      case 'active':
        return 'active';
      case 'completed':
        return 'completed';
      default:
        return 'failed';
    }
  }

  /**
   * Runs `handler` on up to `concurrency` jobs at a time (one pg-boss worker each, one job per
   * fetch, so a slow call never holds others back). A handler that throws fails the job, which
   * pg-boss retries while retries remain; `retriesLeft` tells the handler whether this is the last try.
   */
  async work(concurrency: number, handler: (job: EngineQueueJob, retriesLeft: number) => Promise<void>): Promise<void> {
    for (let i = 0; i < concurrency; i++) {
      let workerId = '';
      workerId = await this.boss.work<EngineQueueJob>(ENGINE_QUEUE, { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: POLLING_SECONDS }, async (jobs) => {
        try {
          for (const job of jobs) await handler(job.data, job.retryLimit - job.retryCount);
        } finally {
          // pg-boss waits out the rest of its polling interval after every fetch; after a job the
          // next is likely waiting (a cut ablation is many calls), so fetch again at once.
          this.boss.notifyWorker(workerId);
        }
      });
    }
  }

  /** Jobs of the queue not yet finished (waiting or active). */
  async size(): Promise<number> {
    return this.boss.getQueueSize(ENGINE_QUEUE);
  }

  /**
   * Stops fetching, waits up to `graceMs` for the jobs in hand, then disconnects. A job still
   * running then is failed by pg-boss and retried elsewhere.
   */
  async close(graceMs = 30_000): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, timeout: graceMs });
  }
}

/** A UUID (pg-boss' id type) derived from the call and its generation: one job per generation. */
function jobId(job: EngineQueueJob): string {
  const h = createHash('sha256').update(`${job.call}:${job.generation}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
