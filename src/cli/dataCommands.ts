/** `rmlens data …`: the preference datasets rmlens knows. */
import type { Command } from 'commander';
import { availableDatasetRefs, resolveDataset } from '../data/registry.ts';
import { summariseDataset, type DatasetSummary, type LengthStats } from '../data/summary.ts';
import { DEFAULT_CORPUS_SEED } from '../data/defaultCorpus.ts';
import { createProgress } from './progress.ts';
import { formatTable } from '../util/textTable.ts';

function parseSeed(value: string): number {
  const seed = Number(value);
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`--seed must be a non-negative integer, got "${value}"`);
  return seed;
}

const stats = (s: LengthStats) => `${s.mean.toFixed(0)}/${s.median}/${s.p95}`;
const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The summary table: one row per dataset. */
export function formatSummaryTable(summaries: DatasetSummary[]): string {
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

  data
    .command('summary')
    .description('Pairs, drops, train/held-out sizes and token lengths (before truncation) per dataset')
    .argument('[refs...]', 'dataset references (default: every built-in one whose files exist)')
    .option('--seed <n>', 'seed of the default corpus', parseSeed, DEFAULT_CORPUS_SEED)
    .option('--json', 'print JSON instead of a table')
    .action(async (refs: string[], options: { seed: number; json?: boolean }) => {
      const targets = refs.length > 0 ? refs : availableDatasetRefs();
      const progress = createProgress('summary');
      const summaries: DatasetSummary[] = [];
      try {
        for (const [i, ref] of targets.entries()) {
          const dataset = await resolveDataset(ref, { seed: options.seed });
          // Progress in datasets, refined within each one by its pairs.
          summaries.push(await summariseDataset(dataset, undefined, (done, total) => progress.update(i + done / total, targets.length)));
        }
      } finally {
        progress.stop();
      }
      process.stdout.write(options.json ? `${JSON.stringify(summaries, null, 2)}\n` : `${formatSummaryTable(summaries)}\n`);
    });
}
