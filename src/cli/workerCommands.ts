/** `rmlens worker`: runs engine calls from the job queue (RMLENS_QUEUE) for any number of servers. */
import type { Command } from 'commander';
import { loadConfig, resolveDb } from '../config.ts';
import { isPostgresUrl } from '../db/store.ts';
import { BadUserInputError, ConfigError } from '../errors.ts';

function parseConcurrency(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new BadUserInputError(`--concurrency must be an integer in [1, 64], got "${value}"`);
  return n;
}

interface WorkerCliOptions {
  db?: string;
  queue?: string;
  concurrency?: number;
  modelStore?: string;
}

/** Registers `rmlens worker`. */
export function registerWorkerCommands(program: Command): void {
  program
    .command('worker')
    .description('Run engine calls from the job queue until SIGINT or SIGTERM (servers started with RMLENS_QUEUE send them); start any number, on any machine that mounts the model store')
    .option('--db <url>', 'the shared results store, a postgres:// URL (default: RMLENS_DB)')
    .option('--queue <url>', "the queue's database, a postgres:// URL (default: RMLENS_QUEUE, else the store's)")
    .option('--concurrency <n>', 'engine calls at once, one engine thread each (default: RMLENS_WORKERS, else min(2, cores))', parseConcurrency)
    .option('--model-store <dir>', 'folder of models by content hash, shared with the servers (default: RMLENS_MODEL_STORE, else .rmlens/models)')
    .action(async (options: WorkerCliOptions) => {
      const config = loadConfig();
      const db = options.db ? resolveDb(options.db) : config.dbPath;
      const url = options.queue ?? config.queueUrl ?? db;
      if (!isPostgresUrl(url)) throw new ConfigError(['RMLENS_QUEUE: rmlens worker needs the queue\'s PostgreSQL URL (--queue, RMLENS_QUEUE, or a postgres:// RMLENS_DB)']);
      const { startQueueWorker } = await import('../queue/queueWorker.ts');
      const log = (line: string) => process.stderr.write(`${line}\n`);
      const worker = await startQueueWorker({
        db,
        queue: { url, ...config.queueTuning },
        concurrency: options.concurrency ?? config.workers,
        modelStore: options.modelStore ?? config.modelStore,
        device: config.device,
        log,
      });
      const signal = await new Promise<NodeJS.Signals>((done) => {
        process.once('SIGINT', done);
        process.once('SIGTERM', done);
      });
      log(`rmlens worker ${worker.name}: ${signal}: finishing the calls in hand, then stopping`);
      await worker.stop(config.shutdownGraceMs);
      process.exit(0);
    });
}
