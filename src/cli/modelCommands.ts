/**
 * `rmlens evaluate` and `rmlens neurons`: one question about any model, a zoo's or a user's ONNX
 * file. A model reference is a zoo id (`default/helpful`) or a file `PATH[#OBJECTIVE]` inside the
 * CLI's roots; a file's objective comes from the suffix, else from its `rmlens.objective`
 * metadata. CHANGE needs the model's base: `--base` names it (a zoo id or a file). A reward
 * benchmark file (RewardBench, RM-Bench, RewardBench 2) is evaluated per subset and section.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { cliDataRoots, loadConfig } from '../config.ts';
import type { RmlensContext } from '../context.ts';
import type { BenchmarkEvaluation, BenchmarkGroup, Evaluation } from '../analysis/resultTypes.ts';
import { BadUserInputError } from '../errors.ts';
import { confinePath } from '../util/pathRoots.ts';
import { formatTable } from '../util/textTable.ts';
import { isOneOf, OBJECTIVES, SCORE_METHODS, type Objective, type ScoreMethod, type TieRule } from '../vocabulary.ts';
import { parseMethod, parsePercent, parseTies, TIES_HELP, withFileOptions, type FileOptions } from './options.ts';
import { createProgress } from './progress.ts';

const OBJECTIVE_SUFFIX = new RegExp(`#(${OBJECTIVES.join('|')})$`, 'i');

/** A context over the default zoo (when built) and the CLI's roots: the configured ones plus the working directory. */
async function cliContext(): Promise<{ context: RmlensContext; roots: string[] }> {
  const [{ openContext }, { DatasetCatalog }] = await Promise.all([import('../context.ts'), import('../data/catalog.ts')]);
  const config = loadConfig();
  const roots = cliDataRoots(config);
  const defaultZoo = join(config.zooDir, 'default');
  const context = await openContext({
    dbPath: config.dbPath,
    device: config.device,
    zooDirs: existsSync(join(defaultZoo, 'zoo.json')) ? [defaultZoo] : [],
    datasets: new DatasetCatalog({ dataRoot: config.dataRoot, roots }),
  });
  return { context, roots };
}

/**
 * The id of a model reference: a known id as is; else a file inside the roots, registered under
 * its real path with `baseId` (BadUserInputError when its objective cannot be told).
 */
async function modelId(context: RmlensContext, ref: string, roots: readonly string[], baseId: string | null = null): Promise<string> {
  if (context.models.list().some((m) => m.id === ref)) return ref;
  const match = OBJECTIVE_SUFFIX.exec(ref);
  const path = confinePath(match ? ref.slice(0, match.index) : ref, roots);
  const [{ readModelMetadata }, { modelFileEntry }] = await Promise.all([import('../engine/onnxGraph.ts'), import('../analysis/modelRegistry.ts')]);
  const metadata = await readModelMetadata(path).catch((error: unknown) => {
    throw new BadUserInputError(`model ${ref} is not an ONNX file: ${error instanceof Error ? error.message : String(error)}`);
  });
  const declared = metadata['rmlens.objective'];
  const objective = match ? match[1].toUpperCase() : declared;
  if (objective === undefined || !isOneOf(OBJECTIVES, objective)) {
    throw new BadUserInputError(`model ${ref}: no objective in its metadata; say ${ref}#HELPFUL (or #HARMLESS, #MIXED, #BASE)`);
  }
  context.models.add(modelFileEntry(path, { objective: objective as Objective, baseId }));
  return path;
}

/** A dataset to evaluate: the id the analysis knows it by, and the name the output shows. */
interface DatasetTarget {
  id: string;
  label: string;
}

/**
 * The datasets the `--dataset` refs name, read with the file options: a built-in ref as is; a
 * file as each dataset it holds (a PKU or benchmark file without `#OBJECTIVE`: one per
 * objective), registered in the context's catalog under its id so the analysis reads it alike.
 */
async function datasetTargets(context: RmlensContext, refs: readonly string[], roots: readonly string[], read: FileOptions): Promise<DatasetTarget[]> {
  const { isDatasetRef, resolveDatasets } = await import('../data/registry.ts');
  const targets: DatasetTarget[] = [];
  for (const ref of refs) {
    if (isDatasetRef(ref)) {
      targets.push({ id: ref, label: ref });
      continue;
    }
    const datasets = await resolveDatasets(ref, { ...read, roots });
    for (const d of datasets) {
      context.datasets.register(d.id, { path: d.id, ...read });
      targets.push({ id: d.id, label: datasets.length === 1 ? ref : `${ref}#${d.objective}` });
    }
  }
  return targets;
}

/** One line of `rmlens evaluate --json`: a pair-level evaluation, or a benchmark's per-subset accuracies. */
type EvaluateRow = { model: string; dataset: string } & ((Evaluation & { ties: TieRule }) | BenchmarkEvaluation);

const ci = (g: { accuracyLow: number; accuracyHigh: number }) => `[${g.accuracyLow.toFixed(3)}, ${g.accuracyHigh.toFixed(3)}]`;

/** The benchmark rows as text: per subset, per section (unless the sections are the subsets), then all rows. */
function benchmarkTable(rows: readonly (BenchmarkEvaluation & { model: string; dataset: string })[]): string {
  const lines: string[][] = [];
  for (const r of rows) {
    const sameNames = r.categories.length === r.subsets.length && r.categories.every((c, i) => c.name === r.subsets[i].name);
    const groups: [string, BenchmarkGroup][] = [
      ...r.subsets.map((g): [string, BenchmarkGroup] => ['subset', g]),
      ...(sameNames ? [] : r.categories.map((g): [string, BenchmarkGroup] => ['section', g])),
      ['all', r.overall],
    ];
    for (const [level, g] of groups) {
      lines.push([r.model, r.dataset, g.objective, level, g.name, g.accuracy.toFixed(3), ci(g), String(g.rows), String(g.pairs), String(g.tiedPairs)]);
    }
  }
  return formatTable(['model', 'dataset', 'objective', 'group', 'name', 'accuracy', '95% CI', 'rows', 'pairs', 'tied pairs'], lines, new Set([5, 6, 7, 8, 9]));
}

/** Runs `work` on a CLI context with an engine progress bar, closing both whatever happens. */
async function withContext<T>(label: string, work: (context: RmlensContext, roots: string[], onProgress: (task: string, done: number, total: number) => void) => Promise<T>): Promise<T> {
  const { context, roots } = await cliContext();
  const progress = createProgress(label);
  try {
    return await work(context, roots, (_task, done, total) => progress.update(done, total));
  } finally {
    progress.stop();
    await context.close();
  }
}

/** Registers `rmlens evaluate` and `rmlens neurons`. */
export function registerModelCommands(program: Command): void {
  withFileOptions(program
    .command('evaluate')
    .description('Preference accuracy (95% bootstrap CI, pair count) of models on the held-out part of datasets; per subset on reward-benchmark files (every pair)')
    .requiredOption('--model <ref...>', 'zoo ids (default/helpful) or ONNX files PATH[#OBJECTIVE]')
    .requiredOption('--dataset <ref...>', 'dataset references or files PATH[#HELPFUL|#HARMLESS] (a PKU or benchmark file without #OBJECTIVE: each objective it holds)'))
    .option('--ties <rule>', TIES_HELP, parseTies, 'HALF' as TieRule)
    .option('--json', 'print JSON instead of a table')
    .action(async (options: FileOptions & { model: string[]; dataset: string[]; ties: TieRule; json?: boolean }) => {
      const { ties } = options;
      const rows = await withContext('evaluate', async (context, roots, onProgress) => {
        const models = [];
        for (const ref of options.model) models.push(await modelId(context, ref, roots));
        const targets = await datasetTargets(context, options.dataset, roots, options);
        const out: EvaluateRow[] = [];
        for (const model of models) {
          for (const { id, label } of targets) {
            const isBenchmark = (await context.analysis.dataset(id)).benchmark !== undefined;
            const result = isBenchmark
              ? (await context.analysis.benchmark(model, id, { onProgress }, ties)).value
              : { ...(await context.analysis.evaluation(model, id, { onProgress }, ties)).value, ties };
            out.push({ model, dataset: label, ...result });
          }
        }
        return out;
      });
      if (options.json) return void process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      const pairLevel = rows.filter((r): r is Extract<EvaluateRow, Evaluation> => 'meanMargin' in r);
      const benchmarks = rows.filter((r): r is Extract<EvaluateRow, BenchmarkEvaluation> => 'subsets' in r);
      const tables: string[] = [];
      if (pairLevel.length > 0) {
        const table = pairLevel.map((r) => [r.model, r.dataset, r.accuracy.toFixed(3), ci(r), r.meanMargin.toFixed(3), String(r.pairs)]);
        tables.push(formatTable(['model', 'dataset', 'accuracy', '95% CI', 'mean margin', 'pairs'], table, new Set([2, 4, 5])));
      }
      if (benchmarks.length > 0) tables.push(benchmarkTable(benchmarks));
      const rule = ties === 'STRICT' ? 'ties count as wrong (--ties strict)' : 'ties count half';
      process.stdout.write(`${tables.join('\n\n')}\n${rule}; CIs: percentile bootstrap over prompt clusters (pairs, or benchmark rows, sharing a first Human turn are drawn together)\n`);
    });

  program
    .command('neurons')
    .description("A model's top neurons by score on the train part of a dataset")
    .requiredOption('--model <ref>', 'a zoo id or an ONNX file PATH[#OBJECTIVE]')
    .requiredOption('--dataset <ref>', 'a dataset reference or a file PATH[#HELPFUL|#HARMLESS]')
    .option('--method <m>', `neuron score: ${SCORE_METHODS.join(', ')}`, parseMethod, 'MAGNITUDE' as ScoreMethod)
    .option('--top <p>', 'top-p% of all neurons', parsePercent, 10)
    .option('--base <ref>', 'the base the model was fine-tuned from (a zoo id or an ONNX file), for CHANGE')
    .option('--json', 'print JSON instead of a table')
    .action(async (options: { model: string; dataset: string; method: ScoreMethod; top: number; base?: string; json?: boolean }) => {
      const scores = await withContext('neurons', async (context, roots, onProgress) => {
        const base = options.base === undefined ? null : await modelId(context, options.base, roots);
        // A file model takes --base; a zoo model keeps the base its zoo declares.
        const model = await modelId(context, options.model, roots, base);
        return (await context.analysis.neurons(model, options.dataset, options.method, options.top, { onProgress })).value;
      });
      if (options.json) return void process.stdout.write(`${JSON.stringify(scores, null, 2)}\n`);
      const table = scores.map((s) => [String(s.rank), String(s.neuron.layer), String(s.neuron.index), s.neuron.site, s.score.toPrecision(4)]);
      process.stdout.write(`${formatTable(['rank', 'layer', 'index', 'site', options.method.toLowerCase()], table, new Set([0, 1, 2, 4]))}\n`);
    });
}
