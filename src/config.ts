/**
 * Settings read from the environment: one zod schema, every problem reported at once.
 *
 * Paths given in the environment are resolved against the current directory (that is where
 * the user typed them); defaults are resolved against the repository root, found from this
 * file's location, so `rmlens` behaves the same from any directory.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { delimiter, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { isPostgresUrl } from './db/store.ts';
import { ConfigError } from './errors.ts';

/** The repository root (the folder holding package.json), from this file's location. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Unset and empty variables mean the same thing: use the default. */
const unsetWhenEmpty = (v: unknown) => (v === '' ? undefined : v);
const optionalText = z.preprocess(unsetWhenEmpty, z.string().optional());

/** An integer setting in [min, max] with a default. */
const integer = (min: number, max: number, fallback: number) => {
  const message = `must be an integer in [${min}, ${max}]`;
  return z.preprocess(unsetWhenEmpty, z.coerce.number({ error: message }).refine((n) => Number.isInteger(n) && n >= min && n <= max, message).default(fallback));
};

/** A comma list of browser origins (`https://host[:port]`), each exactly as browsers send it. */
const originList = z.preprocess(
  unsetWhenEmpty,
  z.string().optional().transform((value, ctx) => {
    const origins = (value ?? '').split(',').map((o) => o.trim()).filter(Boolean);
    for (const origin of origins) {
      if (!URL.canParse(origin) || new URL(origin).origin !== origin) {
        ctx.addIssue({ code: 'custom', message: `'${origin}' is not an origin like https://example.org or http://localhost:5173` });
      }
    }
    return origins;
  }),
);

/**
 * A list of folders separated like PATH. An empty entry is an error, not (as in PATH) the
 * current directory: that would silently allow reading any file under wherever rmlens runs.
 */
const folderList = optionalText
  .refine((v) => v === undefined || v.split(delimiter).every((entry) => entry.trim() !== ''), {
    message: `has an empty entry (folders are separated by "${delimiter}")`,
  })
  .transform((v) => v?.split(delimiter));

const EnvSchema = z.object({
  RMLENS_DATA_ROOT: optionalText,
  RMLENS_DATA_ROOTS: folderList,
  RMLENS_DB: optionalText,
  RMLENS_ZOO_DIR: optionalText,
  RMLENS_DEVICE: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum(['cpu', 'cuda'], { message: "must be 'cpu' or 'cuda'" }).default('cpu'),
  ),
  PORT: integer(0, 65535, 4000),
  RMLENS_HOST: z.preprocess(unsetWhenEmpty, z.string().default('127.0.0.1')),
  RMLENS_TOKEN: optionalText,
  RMLENS_CORS_ORIGINS: originList,
  RMLENS_REQUEST_BUDGET_MS: integer(1, 600_000, 1500),
  RMLENS_MAX_QUEUED_JOBS: integer(0, 10_000, 20),
  RMLENS_SHUTDOWN_GRACE_MS: integer(0, 600_000, 10_000),
  // Two single-threaded sessions double throughput on 2 cores (../shared/docs/onnx-notes.md, "Worker threads"); more workers than cores only contend.
  RMLENS_WORKERS: integer(1, 64, Math.min(2, availableParallelism())),
  RMLENS_QUEUE: optionalText.refine((v) => v === undefined || isPostgresUrl(v), { message: 'must be a postgres:// URL (the pg-boss queue\'s database)' }),
  RMLENS_MODEL_STORE: optionalText,
  // Longer than the longest engine call (large ablation calls are cut into parts of RMLENS_QUEUE_CONDITIONS conditions): an active call older than this counts as its worker's death.
  RMLENS_QUEUE_EXPIRE_S: integer(1, 86_400, 300),
  RMLENS_QUEUE_RETRIES: integer(0, 100, 2),
  RMLENS_QUEUE_CONDITIONS: integer(1, 100_000, 16),
});

export interface Config {
  /** Folder holding the data sources (`hh-rlhf/<split>/test.jsonl.gz`, ...). RMLENS_DATA_ROOT; default `../shared/data` beside the repo when it exists, else `./data`. */
  dataRoot: string;
  /**
   * Folders whose files may be read as datasets (a file ref outside them is refused).
   * RMLENS_DATA_ROOTS, separated like PATH; default the data root and the zoo folder. The CLI
   * adds the current directory (cliDataRoots); a server must not.
   */
  dataRoots: readonly string[];
  /** The results store caching every computed result: a SQLite file, or a `postgres://` URL. RMLENS_DB; default `.rmlens/results.sqlite`. */
  dbPath: string;
  /** Folder holding the trained reference zoo (`zoo/<data>/*.onnx`). RMLENS_ZOO_DIR; default `zoo`. */
  zooDir: string;
  /** Where onnxruntime runs. RMLENS_DEVICE; `cpu` (default) or `cuda`. */
  device: 'cpu' | 'cuda';
  /** TCP port of `rmlens serve`. PORT; default 4000 (0 = any free port). */
  port: number;
  /** Interface `rmlens serve` listens on. RMLENS_HOST; default 127.0.0.1 (this machine only). */
  host: string;
  /** When set, GraphQL mutations need `Authorization: Bearer <token>`. RMLENS_TOKEN; default unset (no check). */
  token: string | undefined;
  /** Browser origins allowed to call the API cross-origin. RMLENS_CORS_ORIGINS (comma list); default none. */
  corsOrigins: readonly string[];
  /**
   * How long a request may compute before the server answers COMPUTE_PENDING and continues as a
   * job. RMLENS_REQUEST_BUDGET_MS; default 1500.
   */
  requestBudgetMs: number;
  /** Jobs that may wait for a slot; one more is BAD_USER_INPUT. RMLENS_MAX_QUEUED_JOBS; default 20. */
  maxQueuedJobs: number;
  /**
   * How long `rmlens serve` waits on SIGINT/SIGTERM for running jobs before marking them
   * INTERRUPTED. RMLENS_SHUTDOWN_GRACE_MS; default 10000 (a zoo build takes minutes: it is not waited for).
   */
  shutdownGraceMs: number;
  /**
   * Engine worker threads of `rmlens serve`, and so the jobs it runs at once. RMLENS_WORKERS;
   * default min(2, available cores). The CLI computes on its own thread and ignores it.
   */
  workers: number;
  /** The job queue's database (pg-boss), a postgres:// URL; unset = compute in this process. RMLENS_QUEUE (needs a PostgreSQL RMLENS_DB). */
  queueUrl: string | undefined;
  /** RMLENS_QUEUE_EXPIRE_S (300), RMLENS_QUEUE_RETRIES (2), RMLENS_QUEUE_CONDITIONS (16). */
  queueTuning: QueueTuning;
  /** Where servers put and workers find models by content hash: a folder every machine mounts. RMLENS_MODEL_STORE; default `.rmlens/models`. */
  modelStore: string;
}

/** How servers and workers use the job queue. */
export interface QueueTuning {
  /** Seconds an engine call may stay active before it counts as its worker's death and is retried. */
  expireSeconds: number;
  /** Retries of a failed or expired call. */
  retryLimit: number;
  /** Most ablation conditions in one engine call (larger calls are cut, so several workers share them). */
  conditionsPerCall: number;
}

/** The queue as a server or worker opens it. */
export type QueueConfig = QueueTuning & { url: string };

/** Reads and validates the settings; throws a ConfigError listing all problems at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`));
  }
  const e = parsed.data;
  const fromCwd = (p: string) => resolve(process.cwd(), p);
  const fromRepo = (p: string) => resolve(REPO_ROOT, p);
  const sharedData = fromRepo('../shared/data');
  const dataRoot = e.RMLENS_DATA_ROOT ? fromCwd(e.RMLENS_DATA_ROOT) : existsSync(sharedData) ? sharedData : fromRepo('data');
  const zooDir = e.RMLENS_ZOO_DIR ? fromCwd(e.RMLENS_ZOO_DIR) : fromRepo('zoo');
  return Object.freeze({
    dataRoot,
    dataRoots: Object.freeze(e.RMLENS_DATA_ROOTS ? e.RMLENS_DATA_ROOTS.map(fromCwd) : [dataRoot, zooDir]),
    dbPath: e.RMLENS_DB ? resolveDb(e.RMLENS_DB) : fromRepo('.rmlens/results.sqlite'),
    zooDir,
    device: e.RMLENS_DEVICE,
    port: e.PORT,
    host: e.RMLENS_HOST,
    token: e.RMLENS_TOKEN,
    corsOrigins: Object.freeze(e.RMLENS_CORS_ORIGINS),
    requestBudgetMs: e.RMLENS_REQUEST_BUDGET_MS,
    maxQueuedJobs: e.RMLENS_MAX_QUEUED_JOBS,
    shutdownGraceMs: e.RMLENS_SHUTDOWN_GRACE_MS,
    workers: e.RMLENS_WORKERS,
    queueUrl: e.RMLENS_QUEUE,
    queueTuning: Object.freeze({
      expireSeconds: e.RMLENS_QUEUE_EXPIRE_S,
      retryLimit: e.RMLENS_QUEUE_RETRIES,
      conditionsPerCall: e.RMLENS_QUEUE_CONDITIONS,
    }),
    modelStore: e.RMLENS_MODEL_STORE ? fromCwd(e.RMLENS_MODEL_STORE) : fromRepo('.rmlens/models'),
  });
}

/**
 * A results store as given by a person (RMLENS_DB, `--db`): a PostgreSQL URL and `:memory:` as
 * they are, a SQLite file resolved against the current directory.
 */
export function resolveDb(db: string): string {
  return db === ':memory:' || isPostgresUrl(db) ? db : resolve(process.cwd(), db);
}

/**
 * The folders the command line may read datasets from: the configured roots plus the current
 * directory, where a user naturally keeps the file they name. Only the CLI adds it: a server's
 * current directory is no business of its clients.
 */
export function cliDataRoots(config: Config): string[] {
  return [...config.dataRoots, process.cwd()];
}
