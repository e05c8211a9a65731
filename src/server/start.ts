/**
 * Runs the production server: the results store, the analysis facade over the configured
 * zoos with its models computing in an engine worker pool, the job runner, the HTTP server
 * listening, and an orderly stop (stop accepting, drain in-flight requests, wait a bounded time
 * for running jobs and mark the rest INTERRUPTED, stop zoo builds, close the models and the
 * store, then the pool).
 *
 * Threads: the main thread answers HTTP, reads and writes the store and runs the analysis' JS
 * (bootstraps, control sets); every ONNX call of an analysis runs in the pool's workers
 * (`RMLENS_WORKERS`), and a zoo build trains in a thread of its own (src/jobs/zooBuilds.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { ENGINE_VERSION } from '../analysis/cacheKeys.ts';
import { REPO_ROOT, type QueueConfig } from '../config.ts';
import { openContext, type RmlensContext } from '../context.ts';
import { DatasetCatalog } from '../data/catalog.ts';
import type { Device } from '../engine/types.ts';
import { EngineWorkerPool, workerModelLoader } from '../engine/workerPool.ts';
import type { EngineJob, EngineRunner } from '../engine/workerProtocol.ts';
import type { OnProgress } from '../engine/types.ts';
import { ConfigError } from '../errors.ts';
import { EngineQueue } from '../queue/engineQueue.ts';
import { ModelStore } from '../queue/modelStore.ts';
import { QueuedEngine } from '../queue/queuedEngine.ts';
import { createHttpServer } from './app.ts';
import { createServerDeps } from './context.ts';
import { checkReadiness } from './health.ts';

/** What `rmlens serve` starts with. */
export interface StartOptions {
  dbPath: string;
  device: Device;
  zooDirs: readonly string[];
  /** Folder of the built-in HH-RLHF files, and the folders dataset files must lie in (never the working directory). */
  dataRoot: string;
  dataRoots: readonly string[];
  host: string;
  port: number;
  token?: string;
  corsOrigins?: readonly string[];
  /** Where `buildZoo` builds zoos (RMLENS_ZOO_DIR). */
  zooRoot: string;
  /** RMLENS_REQUEST_BUDGET_MS, RMLENS_MAX_QUEUED_JOBS, RMLENS_SHUTDOWN_GRACE_MS. */
  requestBudgetMs: number;
  maxQueuedJobs: number;
  shutdownGraceMs: number;
  /** Engine worker threads (RMLENS_WORKERS); the job runner runs as many jobs at once. */
  workers: number;
  /** The job queue (RMLENS_QUEUE): set, every engine call goes to `rmlens worker` processes and this server computes none. */
  queue?: QueueConfig;
  /** Where the queue's workers find models by content hash (RMLENS_MODEL_STORE). */
  modelStore?: string;
}

/**
 * Requests a queue-backed server lets wait on the queue at once: its jobs only wait (the workers
 * compute), so the limit guards memory and connections, not cores.
 */
const QUEUED_JOBS_AT_ONCE = 32;

/** A listening server. */
export interface RunningServer {
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  url: string;
  /** Where the pages are: the playground at `<origin>/`, the dashboard at `<origin>/dashboard`. */
  origin: string;
  /**
   * Stops accepting, drains in-flight requests, waits up to the grace for running jobs (the rest
   * become INTERRUPTED), stops zoo builds, closes the models and the store, then the worker pool.
   * Resolves once every worker thread has exited: an engine call under way when the grace ran
   * out is waited for (onnxruntime cannot be stopped part-way, and killing its thread aborts the
   * process), a zoo build stops at its next training batch.
   */
  stop(): Promise<void>;
}

/**
 * Starts the server, listening at once. A zoo folder without a zoo yet is built as a job (the
 * `buildZoo` path, default data, seed 1): meanwhile `/readyz` answers 503 naming the job, and a
 * request naming one of its models answers COMPUTE_PENDING with the job's id.
 */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  // The engine: this process' worker threads, or (RMLENS_QUEUE) the queue's workers. The queued
  // engine needs the store the context opens, so the model proxies reach it through `runner`.
  const pool = options.queue ? undefined : new EngineWorkerPool({ size: options.workers, device: options.device });
  let queued: { queue: EngineQueue; engine: QueuedEngine } | undefined;
  const runner: EngineRunner = pool ?? {
    run<J extends EngineJob>(job: J, onProgress?: OnProgress) {
      return queued!.engine.run(job, onProgress);
    },
  };
  let context: RmlensContext;
  try {
    context = await openContext({
      dbPath: options.dbPath,
      device: options.device,
      zooDirs: options.zooDirs.filter((dir) => existsSync(join(dir, 'zoo.json'))),
      datasets: new DatasetCatalog({ dataRoot: options.dataRoot, roots: options.dataRoots }),
      loadModel: workerModelLoader(runner),
    });
  } catch (error) {
    await pool?.close();
    throw error;
  }
  if (options.queue) {
    try {
      queued = await openQueuedEngine(context, options.queue, options.modelStore);
    } catch (error) {
      await context.close();
      throw error;
    }
  }
  const { analysis, store } = context;
  // A registration that cannot come back (file gone, roots narrowed) is worth a line, not a failed start.
  for (const problem of context.restoreProblems) process.stderr.write(`rmlens serve: ${problem}\n`);
  try {
    const version = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const deps = createServerDeps(context, { version, engineVersion: ENGINE_VERSION, mutationsNeedToken: options.token !== undefined }, {
      budgetMs: options.requestBudgetMs,
      maxQueued: options.maxQueuedJobs,
      zooDir: options.zooRoot,
      dataRoot: options.dataRoot,
      concurrency: pool?.size ?? QUEUED_JOBS_AT_ONCE,
      // Servers sharing a store share its jobs: one server's start must not end another's jobs.
      sharedJobs: queued !== undefined,
    });
    // The runner marks an earlier process's live jobs INTERRUPTED as it opens: a store that cannot do that fails the start here.
    await deps.jobs.list('RUNNING');
    const { httpServer, apollo } = await createHttpServer({
      deps,
      token: options.token,
      corsOrigins: options.corsOrigins,
      readiness: async () => {
        const build = await deps.zooBuilds.live();
        return build ? { ready: false, reason: `building the zoo as job ${build.id}` } : checkReadiness({ store, zooDirs: options.zooDirs, analysis });
      },
    });
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(options.port, options.host, () => resolve());
    });
    // Only the embedded default is built on start (from the default corpus): another missing zoo
    // folder stays missing, and /readyz says so. The build trains in a thread of its own.
    const defaultZoo = join(options.zooRoot, 'default');
    for (const dir of options.zooDirs.filter((d) => resolve(d) === resolve(defaultZoo) && !existsSync(join(d, 'zoo.json')))) {
      await deps.zooBuilds.submit({ data: 'default', seed: 1, out: dir, requestId: 'startup' });
    }
    const { port } = httpServer.address() as AddressInfo;
    const host = options.host.includes(':') ? `[${options.host}]` : options.host;
    let stopped: Promise<void> | undefined;
    return {
      url: `http://${host}:${port}/graphql`,
      origin: `http://${host}:${port}`,
      stop: () =>
        (stopped ??= (async () => {
          await apollo.stop();
          await deps.jobs.close(options.shutdownGraceMs);
          await deps.zooBuilds.close();
          await queued?.queue.close();
          await context.close();
          await pool?.close();
        })()),
    };
  } catch (error) {
    await queued?.queue.close();
    await context.close();
    await pool?.close();
    throw error;
  }
}

/** The queue and the engine that sends to it, over the context's (PostgreSQL) store. */
async function openQueuedEngine(context: RmlensContext, queue: QueueConfig, modelStore: string | undefined): Promise<{ queue: EngineQueue; engine: QueuedEngine }> {
  const { store } = context;
  const calls = store.engineCalls;
  if (!calls) throw new ConfigError(['RMLENS_QUEUE: the job queue needs the shared PostgreSQL results store; set RMLENS_DB to a postgres:// URL']);
  if (!modelStore) throw new ConfigError(['RMLENS_MODEL_STORE: the job queue needs a model store folder every worker mounts']);
  const engineQueue = await EngineQueue.open(queue, (line) => process.stderr.write(`rmlens serve: ${line}\n`));
  const engine = new QueuedEngine({
    queue: engineQueue,
    calls,
    models: new ModelStore(modelStore),
    fileSha256: (path) => store.fileSha256(path),
    conditionsPerCall: queue.conditionsPerCall,
  });
  return { queue: engineQueue, engine };
}
