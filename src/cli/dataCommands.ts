/** `rmlens data …`: the preference datasets rmlens knows. */
import type { Command } from 'commander';
import { cliDataRoots, loadConfig } from '../config.ts';
import type { DatasetReport, LengthStats } from '../data/summary.ts';
import { DEFAULT_CORPUS_SEED } from '../data/defaultCorpus.ts';
import type { Dataset } from '../data/types.ts';
import { parseSeed, withFileOptions, type FileOptions } from './options.ts';
import { createProgress } from './progress.ts';
import { formatTable } from '../util/textTable.ts';

const stats = (s: LengthStats) => `${s.mean.toFixed(0)}/${s.median}/${s.p95}`;
const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The summary table: one row per dataset. */
export function formatSummaryTable(summaries: DatasetReport[]): string {
  const headers = ['dataset', 'objective', 'pairs', 'dropped', 'train', 'held-out', 'prompt tok mean/med/p95', 'response tok mean/med/p95', 'truncated'];
  const rows = summaries.map((s) => [
    s.id,
    s.objective,
    String(s.pairs),
    String(s.dropped),
    String(s.train),
    String(s.heldOut),
    stats(s.promptTokens),
    stats(s.responseTokens),
    percent(s.truncatedShare),
  ]);
  return formatTable(headers, rows, new Set([2, 3, 4, 5, 6, 7, 8]));
}

/** Registers the `data` command group. */
export function registerDataCommands(program: Command): void {
  const data = program.command('data').description('Preference datasets: built-in references and their facts');

  withFileOptions(data
    .command('summary')
    .description('Pairs, drops, train/held-out sizes and token lengths (before truncation) per dataset')
    .argument('[refs...]', 'built-in dataset references, or files PATH[#HELPFUL|#HARMLESS] under RMLENS_DATA_ROOTS or the current directory (default: every built-in one whose files exist)')
    .option('--seed <n>', 'seed of the default corpus', parseSeed, DEFAULT_CORPUS_SEED))
    .option('--eval', 'dataset files are evaluation-only: no split, every pair held out (reward benchmarks always are)')
    .option('--json', 'print JSON instead of a table')
    .action(async (refs: string[], options: FileOptions & { seed: number; eval?: boolean; json?: boolean }) => {
      const [{ availableDatasetRefs, resolveDatasets }, { summariseDataset }] = await Promise.all([import('../data/registry.ts'), import('../data/summary.ts')]);
      const targets = refs.length > 0 ? refs : availableDatasetRefs();
      const { format, prompt, pairing, safetyDiffers = false } = options;
      const resolveOptions = { seed: options.seed, roots: cliDataRoots(loadConfig()), format, prompt, pairing, safetyDiffers, evaluationOnly: options.eval ?? false };
      const progress = createProgress('summary');
      const summaries: DatasetReport[] = [];
      try {
        // A PKU file without #OBJECTIVE gives two datasets, so resolve every ref before counting.
        const datasets: Dataset[] = [];
        for (const ref of targets) datasets.push(...(await resolveDatasets(ref, resolveOptions)));
        for (const [i, dataset] of datasets.entries()) {
          // Progress in datasets, refined within each one by its pairs.
          summaries.push(await summariseDataset(dataset, undefined, (done, total) => progress.update(i + done / total, datasets.length)));
        }
      } finally {
        progress.stop();
      }
      process.stdout.write(options.json ? `${JSON.stringify(summaries, null, 2)}\n` : `${formatSummaryTable(summaries)}\n`);
    });
}
