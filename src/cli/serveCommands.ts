/** `rmlens serve`: the GraphQL API over the results store and the configured zoo. */
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig, resolveDb } from '../config.ts';
import { BadUserInputError } from '../errors.ts';

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new BadUserInputError(`--port must be an integer in [0, 65535], got "${value}"`);
  return port;
}

interface ServeCliOptions {
  port?: number;
  host?: string;
  db?: string;
  zoo?: string[];
}

/** Registers `rmlens serve`. */
export function registerServeCommands(program: Command): void {
  program
    .command('serve')
    .description('Serve the GraphQL API at /graphql, the playground at / and the dashboard at /dashboard (plus /healthz and /readyz) until SIGINT or SIGTERM; a missing zoo is built as a job')
    .option('--port <n>', 'TCP port (default: PORT, else 4000; 0 = any free port)', parsePort)
    .option('--host <host>', 'interface to listen on (default: RMLENS_HOST, else 127.0.0.1)')
    .option('--db <file|url>', 'results store: a SQLite file or a postgres:// URL (default: RMLENS_DB, else .rmlens/results.sqlite)')
    .option('--zoo <dir>', 'zoo folder (default: <zoo dir>/default); repeat it to serve several zoos, e.g. one per seed (the first is the default zoo)', (dir: string, dirs: string[] = []) => [...dirs, dir])
    .action(async (options: ServeCliOptions) => {
      const config = loadConfig();
      const { startServer } = await import('../server/start.ts');
      const server = await startServer({
        dbPath: options.db ? resolveDb(options.db) : config.dbPath,
        device: config.device,
        zooDirs: (options.zoo ?? [join(config.zooDir, 'default')]).map((dir) => resolve(dir)),
        dataRoot: config.dataRoot,
        dataRoots: config.dataRoots,
        host: options.host ?? config.host,
        port: options.port ?? config.port,
        token: config.token,
        corsOrigins: config.corsOrigins,
        zooRoot: config.zooDir,
        requestBudgetMs: config.requestBudgetMs,
        maxQueuedJobs: config.maxQueuedJobs,
        shutdownGraceMs: config.shutdownGraceMs,
        workers: config.workers,
        queue: config.queueUrl === undefined ? undefined : { url: config.queueUrl, ...config.queueTuning },
        modelStore: config.modelStore,
      });
      process.stdout.write(`rmlens: GraphQL API at ${server.url}\n`);
      process.stdout.write(`rmlens: playground at ${server.origin}/, dashboard at ${server.origin}/dashboard\n`);
      const signal = await new Promise<NodeJS.Signals>((done) => {
        process.once('SIGINT', done);
        process.once('SIGTERM', done);
      });
      process.stderr.write(`rmlens: ${signal}: draining requests and jobs, then closing the store\n`);
      await server.stop();
      // stop() returns only once every worker thread has exited (exiting while one is inside an
      // onnxruntime call aborts the process), so exiting here is safe; it is explicit so that a
      // handle some library left open cannot keep a stopped server's process alive.
      process.exit(0);
    });
}
