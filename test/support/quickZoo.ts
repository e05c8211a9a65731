/**
 * One `--quick` zoo per test process: RMLENS_TEST_ZOO when the runner built one (.ci/run does,
 * once for the whole suite), else a build into a temporary folder, shared by every caller.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveDataset } from '../../src/data/registry.ts';
import { buildZoo, ZOO_DATASETS } from '../../src/train/zoo.ts';

let built: Promise<string> | undefined;
const seeds = new Map<number, Promise<string>>();

/** The folder of a quick default zoo (zoo.json + four ONNX files). */
export async function quickZooDir(): Promise<string> {
  const fromEnv = process.env.RMLENS_TEST_ZOO;
  if (fromEnv) return fromEnv;
  built ??= buildQuickZoo(1);
  return built;
}

/** A quick default zoo of another seed (ids `default-seed<n>/…`), built once per process: with quickZooDir()'s, a study over seeds. */
export async function quickSeedZooDir(seed: number): Promise<string> {
  if (seed === 1) return quickZooDir();
  if (!seeds.has(seed)) seeds.set(seed, buildQuickZoo(seed));
  return seeds.get(seed)!;
}

async function buildQuickZoo(seed: number): Promise<string> {
  const out = join(await mkdtemp(join(tmpdir(), 'rmlens-quick-zoo-')), seed === 1 ? 'default-quick' : `default-seed${seed}-quick`);
  const refs = ZOO_DATASETS.default;
  const datasets = {
    helpful: await Promise.all(refs.helpful.map((ref) => resolveDataset(ref))),
    harmless: await Promise.all(refs.harmless.map((ref) => resolveDataset(ref))),
  };
  await buildZoo({ data: 'default', out, seed, quick: true, datasets });
  return out;
}
