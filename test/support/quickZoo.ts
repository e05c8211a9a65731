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

/** The folder of a quick default zoo (zoo.json + four ONNX files). */
export async function quickZooDir(): Promise<string> {
  const fromEnv = process.env.RMLENS_TEST_ZOO;
  if (fromEnv) return fromEnv;
  built ??= buildQuickZoo();
  return built;
}

async function buildQuickZoo(): Promise<string> {
  const out = join(await mkdtemp(join(tmpdir(), 'rmlens-quick-zoo-')), 'default-quick');
  const refs = ZOO_DATASETS.default;
  const datasets = {
    helpful: await Promise.all(refs.helpful.map((ref) => resolveDataset(ref))),
    harmless: await Promise.all(refs.harmless.map((ref) => resolveDataset(ref))),
  };
  await buildZoo({ data: 'default', out, seed: 1, quick: true, datasets });
  return out;
}
