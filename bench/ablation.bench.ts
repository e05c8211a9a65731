/**
 * One new question through the analysis facade, as a server would meet it: an ablation with
 * 10 size-matched controls on the default zoo (RMLENS_BENCH_ZOO), the model's scores already in
 * the store (after a first ablation at another top-p% computed them), and the same ablation
 * from an empty store (scores first). The models run in-process on onnxruntime's intra-op
 * threads, as the analysis does without a worker pool. Timings only, no assertions.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { cliDataRoots, loadConfig } from '../src/config.ts';
import { openContext } from '../src/context.ts';
import { DatasetCatalog } from '../src/data/catalog.ts';
import type { NeuronSelection } from '../src/analysis/types.ts';
import { formatTable } from '../src/util/textTable.ts';

const zooDir = resolve(process.env.RMLENS_BENCH_ZOO ?? 'zoo/default');
const config = loadConfig();
const selection = (topPercent: number): NeuronSelection => ({ model: 'default/helpful', dataset: 'default/helpful', method: 'MAGNITUDE', topPercent });
const ablate = (topPercent: number) => ({ model: 'default/mixed', dataset: 'default/harmless', mode: 'ZERO' as const, controls: 10, set: { kind: 'TOP' as const, of: 'HELPFUL' as const, helpful: selection(topPercent) } });

async function timed(label: string, run: () => Promise<{ cached: boolean }>): Promise<string[]> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const { cached } = await run();
  const wall = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);
  return [label, `${(wall / 1000).toFixed(2)} s`, `${((user + system) / 1e6).toFixed(2)} s`, cached ? 'yes' : 'no'];
}

const dbPath = join(await mkdtemp(join(tmpdir(), 'rmlens-bench-ablation-')), 'results.sqlite');
const context = await openContext({ dbPath, device: config.device, zooDirs: [zooDir], datasets: new DatasetCatalog({ dataRoot: config.dataRoot, roots: cliDataRoots(config) }) });
try {
  const rows = [
    await timed('empty store: scores, then TOP 10% with 10 controls', () => context.analysis.ablation(ablate(10))),
    await timed('scores in the store: TOP 7% with 10 controls', () => context.analysis.ablation(ablate(7))),
    await timed('the same again (from the store)', () => context.analysis.ablation(ablate(7))),
  ];
  process.stdout.write(`${zooDir}, mixed RM on the harmless held-out part\n${formatTable(['request', 'wall', 'CPU', 'cached'], rows)}\n`);
} finally {
  await context.close();
}
