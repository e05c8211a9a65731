/** `rmlens zoo …`: builds the reference zoo (base, helpful, harmless and mixed RMs). */
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import type { ZooData } from '../train/zoo.ts';
import { BadUserInputError } from '../errors.ts';
import { parseSeed, parseSeeds } from './options.ts';

function parseData(value: string): ZooData {
  if (value !== 'default' && value !== 'hh-rlhf') throw new BadUserInputError(`--data must be 'default' or 'hh-rlhf', got "${value}"`);
  return value;
}

/** Registers the `zoo` command group. */
export function registerZooCommands(program: Command): void {
  const zoo = program.command('zoo').description('The reference zoo of reward models trained by rmlens');

  zoo
    .command('build')
    .description('Train base, helpful, harmless and mixed RMs, export them to ONNX and print their held-out accuracy')
    .option('--data <data>', "training data: 'default' (the generated corpus) or 'hh-rlhf'", parseData, 'default' as ZooData)
    .option('--out <dir>', 'output folder (default: <zoo dir>/<data>, plus -seed<n> unless seed 1, plus -quick with --quick)')
    .option('--seed <n>', 'seed of initialisation, corruption and batch order (default 1)', parseSeed)
    .option('--seeds <list>', 'one zoo per seed, e.g. 1,2,3: same data, own seed, each in its default folder (seed 1 is the default zoo)', parseSeeds)
    .option('--quick', 'a tiny zoo in seconds (same code path, 200 train pairs per objective, 1 epoch), for tests')
    .action(async (options: { data: ZooData; out?: string; seed?: number; seeds?: number[]; quick?: boolean }) => {
      const quick = options.quick === true;
      const { defaultZooOut } = await import('../train/zoo.ts');
      // Each seed's zoo goes where `--seed n` puts it, so its folder and its id prefix follow one rule (zooName).
      if (options.seeds !== undefined && (options.seed !== undefined || options.out !== undefined)) {
        throw new BadUserInputError('--seeds builds each zoo in its default folder under RMLENS_ZOO_DIR: leave out --seed and --out');
      }
      const zooDir = loadConfig().zooDir;
      for (const seed of options.seeds ?? [options.seed ?? 1]) {
        await buildZooVerbose({ data: options.data, out: options.out ?? defaultZooOut(zooDir, options.data, seed, quick), seed, quick });
      }
    });
}

/** Builds a zoo with a progress bar, then prints its held-out accuracy table (also used by `rmlens study`). */
export async function buildZooVerbose(options: { data: ZooData; out: string; seed: number; quick: boolean }): Promise<void> {
  const [{ resolveDataset }, { buildZoo, formatAccuracyTable, ZOO_DATASETS }] = await Promise.all([import('../data/registry.ts'), import('../train/zoo.ts')]);
  const refs = ZOO_DATASETS[options.data];
  const datasets = {
    helpful: await Promise.all(refs.helpful.map((ref) => resolveDataset(ref))),
    harmless: await Promise.all(refs.harmless.map((ref) => resolveDataset(ref))),
  };
  const report = await buildZoo({
    ...options,
    datasets,
    progress: process.stderr.isTTY,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`Held-out accuracy (95% bootstrap CI over prompt clusters, pairs) of the zoo in ${options.out}:\n${formatAccuracyTable(report)}\n`);
  process.stdout.write(`built in ${report.seconds.toFixed(1)} s (vocabulary ${report.vocabulary} tokens)\n`);
}
