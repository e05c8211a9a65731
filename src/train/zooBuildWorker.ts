/**
 * The body of a zoo build thread (started by zooBuildThread.ts through zooBuildWorker.mjs):
 * resolves the zoo's built-in datasets, runs buildZoo, posts its progress and log lines, then
 * posts the outcome and ends. One build per thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { resolveDataset } from '../data/registry.ts';
import { serializeError } from '../engine/workerProtocol.ts';
import { buildZoo, ZOO_DATASETS } from './zoo.ts';
import type { FromZooBuildWorker, ZooBuildWorkerData } from './zooBuildThread.ts';

if (!parentPort) throw new Error('zooBuildWorker.ts runs only as a worker thread (see zooBuildThread.ts)');
const port = parentPort;
const { job, stop } = workerData as ZooBuildWorkerData;
const stopFlag = new Int32Array(stop);

function post(message: FromZooBuildWorker): void {
  port.postMessage(message);
}

async function build(): Promise<void> {
  const resolveAll = (refs: string[]) => Promise.all(refs.map((ref) => resolveDataset(ref, { dataRoot: job.dataRoot })));
  const refs = ZOO_DATASETS[job.data];
  const datasets = { helpful: await resolveAll(refs.helpful), harmless: await resolveAll(refs.harmless) };
  await buildZoo({
    ...job,
    datasets,
    onProgress: (fraction, message) => {
      // Thrown here, between two training batches, the build unwinds through buildZoo's
      // finally (its Gemm sessions are closed) and the thread ends outside any native call.
      if (Atomics.load(stopFlag, 0) === 1) throw new Error('the zoo build was stopped');
      post({ type: 'progress', fraction, message });
    },
    log: (line) => post({ type: 'log', line }),
  });
}

build().then(
  () => post({ type: 'done' }),
  (error: unknown) => post({ type: 'failed', error: serializeError(error) }),
).finally(() => port.close());
