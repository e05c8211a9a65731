/**
 * Run as a child process by engine-workers.test.ts: starts a worker job and never closes the
 * pool. Nothing else holds the event loop, so the process must live exactly until the job has
 * answered (a busy worker is ref'd) and then exit by itself (idle workers are unref'd).
 */
import { EngineWorkerPool, workerModelLoader } from '../../src/engine/workerPool.ts';
import { samplePairs } from './pairs.ts';

const pool = new EngineWorkerPool({ size: 1 });
const model = await workerModelLoader(pool)(process.argv[2]);
const pairs = Array.from({ length: 200 }, () => samplePairs()).flat();
void model.rewards(pairs).then((r) => console.log(`rewards of ${r.chosen.length} pairs`));
