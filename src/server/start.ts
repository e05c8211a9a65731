/**
 * Runs the production server: the results store, the analysis service over the configured
 * zoos, the HTTP server listening, and an orderly stop (stop accepting, drain in-flight
 * requests, close the models, close the store).
 */
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ENGINE_VERSION } from '../analysis/cacheKeys.ts';
import { REPO_ROOT } from '../config.ts';
import { createContext } from '../context.ts';
import { DatasetCatalog } from '../data/catalog.ts';
import type { Device } from '../engine/types.ts';
import { createHttpServer } from './app.ts';
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
}

/** A listening server. */
export interface RunningServer {
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  url: string;
  /** Stops accepting, drains in-flight requests, then closes the models and the store. */
  stop(): Promise<void>;
}

/**
 * Starts the server. A zoo folder without a zoo yet is not fatal: the server starts and
 * `/readyz` answers 503 naming it, so an orchestrator sees why instead of a crash loop.
 */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const context = createContext({
    dbPath: options.dbPath,
    device: options.device,
    zooDirs: options.zooDirs.filter((dir) => existsSync(join(dir, 'zoo.json'))),
    datasets: new DatasetCatalog({ dataRoot: options.dataRoot, roots: options.dataRoots }),
  });
  const { analysis, registrations, store, zoos } = context;
  // A registration that cannot come back (file gone, roots narrowed) is worth a line, not a failed start.
  for (const problem of context.restoreProblems) process.stderr.write(`rmlens serve: ${problem}\n`);
  try {
    const version = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const { httpServer, apollo } = await createHttpServer({
      deps: { analysis, registrations, zoos, info: { version, engineVersion: ENGINE_VERSION } },
      token: options.token,
      corsOrigins: options.corsOrigins,
      readiness: () => checkReadiness({ store, zooDirs: options.zooDirs, analysis }),
    });
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(options.port, options.host, () => resolve());
    });
    const { port } = httpServer.address() as AddressInfo;
    const host = options.host.includes(':') ? `[${options.host}]` : options.host;
    let stopped: Promise<void> | undefined;
    return {
      url: `http://${host}:${port}/graphql`,
      stop: () =>
        (stopped ??= (async () => {
          await apollo.stop();
          await context.close();
        })()),
    };
  } catch (error) {
    await context.close();
    throw error;
  }
}
