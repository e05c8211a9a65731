/**
 * A real `rmlens serve` child process on 127.0.0.1 and a free port, for tests and benchmarks
 * that must see the server exactly as it runs in production: the CLI's wiring, its own event
 * loop, its stderr, its exit. The URL is read from the line the command logs on stdout.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../../src/config.ts';

/** What the server is started on. */
export interface ServeOptions {
  /** Results database (created when missing). */
  db: string;
  /** Zoo folder (zoo.json + ONNX files), or several (one `--zoo` each, e.g. one per seed). */
  zoo: string | readonly string[];
  /** Extra environment, e.g. RMLENS_DATA_ROOTS. */
  env?: Record<string, string>;
  /** How long to wait for the URL line; default 30 s (tsx compiles the sources on start). */
  startTimeoutMs?: number;
}

/** A running server process. */
export interface ServeProcess {
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:41234/graphql`. */
  url: string;
  /** `http://127.0.0.1:<port>`, for /healthz and friends. */
  base: string;
  pid: number;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** Whether the process is still running. */
  alive(): boolean;
  /** SIGTERM (the server drains, then closes the store), then waits for the exit. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const URL_LINE = /GraphQL API at (http:\/\/127\.0\.0\.1:\d+\/graphql)/;

/** Starts `node bin/rmlens.js serve --host 127.0.0.1 --port 0 --db … --zoo …` and waits for its URL. */
export async function startServeProcess(options: ServeOptions): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [join(REPO_ROOT, 'bin', 'rmlens.js'), 'serve', '--host', '127.0.0.1', '--port', '0', '--db', options.db, ...[options.zoo].flat().flatMap((zoo) => ['--zoo', zoo])],
    // Tokens, CORS origins or a port from the caller's environment would change what is measured.
    { cwd: REPO_ROOT, env: { ...process.env, RMLENS_TOKEN: '', RMLENS_CORS_ORIGINS: '', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  let running = true;
  void exited.then(() => (running = false));

  const url = await new Promise<string>((resolve, reject) => {
    let settled = false;
    const timeoutMs = options.startTimeoutMs ?? 30_000;
    const timer = setTimeout(() => fail(`no URL within ${timeoutMs} ms`), timeoutMs);
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`rmlens serve did not start: ${why}\nstdout: ${stdout}\nstderr: ${stderr}`));
    };
    child.stdout.on('data', () => {
      const match = URL_LINE.exec(stdout);
      if (match && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then(({ code, signal }) => fail(`exited (code ${code}, signal ${signal})`));
  });

  return {
    url,
    base: new URL(url).origin,
    pid: child.pid!,
    stderr: () => stderr,
    alive: () => running,
    stop: async () => {
      if (running) child.kill('SIGTERM');
      return exited;
    },
  };
}
