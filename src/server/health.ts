/** Readiness: the results store answers and every configured zoo is loaded (`GET /readyz`). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ResultStore } from '../db/store.ts';
import type { Analysis } from '../analysis/analysis.ts';

/** Ready, or not with the reason a probe (or a person) can act on. */
export type Readiness = { ready: true } | { ready: false; reason: string };

/** Checks the store with a real read, each zoo folder for its manifest, and that some model is known. */
export async function checkReadiness({ store, zooDirs, analysis }: { store: ResultStore; zooDirs: readonly string[]; analysis: Analysis }): Promise<Readiness> {
  try {
    await store.countResults();
  } catch (error) {
    return { ready: false, reason: `results store not readable: ${error instanceof Error ? error.message : String(error)}` };
  }
  const missing = zooDirs.filter((dir) => !existsSync(join(dir, 'zoo.json')));
  if (missing.length > 0) return { ready: false, reason: `no zoo at ${missing.join(', ')}: build it with \`rmlens zoo build\`, then restart` };
  if (analysis.listModels().length === 0) return { ready: false, reason: 'no models loaded' };
  return { ready: true };
}
