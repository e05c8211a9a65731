/** Polling for the tests that drive real processes: the state they wait for arrives on its own time. */
import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `check` every `everyMs` until it returns a value; fails naming `what` after `timeoutMs`. */
export async function until<T>(what: string, check: () => Promise<T | undefined>, { timeoutMs = 60_000, everyMs = 100 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await sleep(everyMs);
  }
  throw new Error(`timed out waiting for ${what}`);
}
