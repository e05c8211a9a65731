/**
 * A real `rmlens worker` child process (what a kill -9 needs), for the distributed tests and the
 * scale benchmark. It is ready once it logs that it takes engine calls.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../../src/config.ts';

export interface WorkerProcess {
  pid: number;
  /** `host:pid`, as the engine calls' rows name their worker. */
  name: string;
  /** Everything the process wrote to stderr so far (one line per call it finished or failed). */
  log(): string;
  alive(): boolean;
  /** SIGTERM (finishes the calls in hand), then waits for the exit. */
  stop(): Promise<void>;
  /** SIGKILL, then waits for the exit. */
  kill(): Promise<void>;
}

const READY_LINE = /rmlens worker (\S+): taking engine calls/;

/** Starts `node bin/rmlens.js worker --concurrency N` with `env` (RMLENS_DB, RMLENS_QUEUE, RMLENS_MODEL_STORE, …). */
export async function startWorkerProcess(env: Record<string, string>, concurrency = 1, startTimeoutMs = 30_000): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'rmlens.js'), 'worker', '--concurrency', String(concurrency)], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let running = true;
  const exited = new Promise<void>((resolve) => child.once('exit', () => { running = false; resolve(); }));
  const name = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`rmlens worker did not start within ${startTimeoutMs} ms:\n${stderr}`)); }, startTimeoutMs);
    const check = () => {
      const match = READY_LINE.exec(stderr);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    };
    child.stderr.on('data', check);
    void exited.then(() => { clearTimeout(timer); reject(new Error(`rmlens worker exited before it was ready:\n${stderr}`)); });
  });
  return {
    pid: child.pid!,
    name,
    log: () => stderr,
    alive: () => running,
    stop: async () => {
      if (running) child.kill('SIGTERM');
      await exited;
    },
    kill: async () => {
      if (running) child.kill('SIGKILL');
      await exited;
    },
  };
}
