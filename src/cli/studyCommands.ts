/** `rmlens study`: the whole helpful-vs-harmless study on one zoo, cached in the results store. */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { cliDataRoots, loadConfig, type Config } from '../config.ts';
import type { DatasetCatalog } from '../data/catalog.ts';
import type { AnalysisProgress } from '../analysis/cachedRuns.ts';
import type { StudyProgress } from '../analysis/study.ts';
import type { ModelLoader } from '../analysis/modelRegistry.ts';
import type { EngineWorkerPool } from '../engine/workerPool.ts';
import type { StudyOptions } from '../analysis/studyResult.ts';
import type { StudyTable } from '../analysis/studyReport.ts';
import { MAX_CONTROLS } from '../analysis/controls.ts';
import { buildZooVerbose } from './zooCommands.ts';
import { SCORE_METHODS, type ScoreMethod, type TieRule } from '../vocabulary.ts';
import { parseMethod, parsePercent, parseTies, TIES_HELP, withFileOptions, type FileOptions } from './options.ts';
import { BadUserInputError } from '../errors.ts';

function parseControls(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > MAX_CONTROLS) throw new BadUserInputError(`--controls must be an integer in [0, ${MAX_CONTROLS}], got "${value}"`);
  return n;
}

interface StudyCliOptions extends FileOptions {
  zoo?: string[];
  helpful: string;
  harmless: string;
  method: ScoreMethod;
  top: number;
  controls: number;
  ties: TieRule;
  eval?: string[];
  json?: string;
  csv?: string;
}

/** Two bars on a terminal's stderr (study steps; pairs of the engine computation running now), nothing otherwise. */
function studyProgress(): { onStep: StudyProgress; onEngine: AnalysisProgress; stop: () => void } {
  if (!process.stderr.isTTY) return { onStep: () => {}, onEngine: () => {}, stop: () => {} };
  const bars = new cliProgress.MultiBar(
    { format: '{label} [{bar}] {value}/{total} {task}', clearOnComplete: true, hideCursor: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  const steps = bars.create(1, 0, { label: 'study ', task: '' });
  const engine = bars.create(1, 0, { label: 'engine', task: '' });
  return {
    onStep: (done, total, step) => {
      steps.setTotal(total);
      steps.update(done, { task: step });
    },
    onEngine: (task, done, total) => {
      engine.setTotal(total);
      engine.update(done, { task });
    },
    stop: () => bars.stop(),
  };
}

/**
 * The study's datasets: built-in references, and files inside the CLI's roots (the configured
 * ones plus the working directory) read with the given format and prompt form; a `--helpful` or
 * `--harmless` file takes that objective, an `--eval` file is evaluation-only.
 */
async function studyDatasets(config: Config, options: StudyCliOptions): Promise<DatasetCatalog> {
  const [{ DatasetCatalog }, { isDatasetRef }] = await Promise.all([import('../data/catalog.ts'), import('../data/registry.ts')]);
  const catalog = new DatasetCatalog({ dataRoot: config.dataRoot, roots: cliDataRoots(config) });
  const read = { format: options.format, prompt: options.prompt, pairing: options.pairing, safetyDiffers: options.safetyDiffers ?? false };
  for (const [ref, objective] of [[options.helpful, 'HELPFUL'], [options.harmless, 'HARMLESS']] as const) {
    if (!isDatasetRef(ref)) catalog.register(ref, { path: ref, objective, ...read });
  }
  for (const ref of options.eval ?? []) catalog.register(ref, { path: ref, evaluationOnly: true, ...read });
  return catalog;
}

async function writeJson(file: string, value: unknown): Promise<void> {
  await mkdir(dirname(resolve(file)), { recursive: true });
  await writeFile(file, `${JSON.stringify(value, null, 2)}\n`);
}

async function writeCsv(dir: string, tables: readonly StudyTable[]): Promise<void> {
  const { toCsv } = await import('../analysis/studyReport.ts');
  await mkdir(dir, { recursive: true });
  for (const table of tables) await writeFile(join(dir, `${table.name}.csv`), toCsv(table));
}

/** Registers `rmlens study`. */
export function registerStudyCommands(program: Command): void {
  withFileOptions(program
    .command('study')
    .description('Tension table, overlap, ablations with random controls, influence, p-sweep, frontier and correspondence of a zoo; of several zoos (one per seed), each figure per seed, as mean ± sd, and the seeds each finding holds in')
    .option('--zoo <dir>', 'zoo folder (default: <zoo dir>/default); give it once per seed (--zoo zoo/default --zoo zoo/default-seed2 …) for the study over seeds', (dir: string, dirs: string[] = []) => [...dirs, dir])
    .option('--helpful <ref>', 'helpful dataset: a reference or a file (hh-rlhf zoo: hh-rlhf/helpful-base)', 'default/helpful')
    .option('--harmless <ref>', 'harmless dataset: a reference or a file (hh-rlhf zoo: hh-rlhf/harmless-base)', 'default/harmless')
    .option('--eval <file...>', 'evaluation-only dataset files, FILE#HELPFUL or FILE#HARMLESS: every pair joins the tension table and the ablations'))
    .option('--method <m>', `neuron score: ${SCORE_METHODS.join(', ')}`, parseMethod, 'MAGNITUDE' as ScoreMethod)
    .option('--top <p>', 'top-p% of neurons per objective', parsePercent, 10)
    .option('--controls <n>', 'size-matched random controls per ablation', parseControls, 20)
    .option('--ties <rule>', TIES_HELP, parseTies, 'HALF' as TieRule)
    .option('--json <file>', 'also write the study as JSON (schema: docs/study-json.md)')
    .option('--csv <dir>', 'also write one CSV file per table into this folder')
    .action(async (options: StudyCliOptions) => {
      const config = loadConfig();
      const zooDirs = (options.zoo ?? [join(config.zooDir, 'default')]).map((dir) => resolve(dir));
      const datasets = await studyDatasets(config, options);
      const evaluation = options.eval ?? [];
      // Fail fast: a mistyped dataset is reported before any zoo is trained or model run.
      await Promise.all([options.helpful, options.harmless, ...evaluation].map((ref) => datasets.resolve(ref)));
      // The embedded default works from a fresh clone: its zoo is built on first use (about a minute).
      if (options.zoo === undefined && !existsSync(join(zooDirs[0], 'zoo.json'))) {
        process.stderr.write(`no zoo in ${zooDirs[0]} yet: building the default zoo first\n`);
        await buildZooVerbose({ data: 'default', out: zooDirs[0], seed: 1, quick: false });
      }
      const [{ openContext }, { runStudy }, { formatStudy, studyTables }, { summarizeSeeds }, { formatSeedSummary, seedTables }] = await Promise.all([
        import('../context.ts'),
        import('../analysis/study.ts'),
        import('../analysis/studyReport.ts'),
        import('../analysis/seedSummary.ts'),
        import('../analysis/seedReport.ts'),
      ]);
      // Ablation calls spread their conditions over RMLENS_WORKERS engine threads (src/engine/parallelModel.ts);
      // the pool (and onnxruntime) start only when a model must be loaded, so a cached study starts none.
      let pool: EngineWorkerPool | null = null;
      const loadModel: ModelLoader | undefined = config.workers < 2 ? undefined : async (path) => {
        const [{ EngineWorkerPool }, { parallelModelLoader }] = await Promise.all([import('../engine/workerPool.ts'), import('../engine/parallelModel.ts')]);
        pool ??= new EngineWorkerPool({ size: config.workers, device: config.device });
        return parallelModelLoader(pool, { device: config.device })(path);
      };
      const context = await openContext({ dbPath: config.dbPath, device: config.device, zooDirs, datasets, loadModel });
      const progress = studyProgress();
      const studyOptions: StudyOptions = {
        helpful: options.helpful,
        harmless: options.harmless,
        evaluation,
        method: options.method,
        topPercent: options.top,
        controls: options.controls,
        ties: options.ties,
      };
      // One study per zoo, each within its own seed; several zoos are then summarised over the seeds.
      const studies = [];
      try {
        for (const zoo of context.zoos) {
          studies.push({ zoo: zoo.name, study: await runStudy(context.analysis, zoo, studyOptions, { onStep: progress.onStep, onProgress: progress.onEngine }) });
        }
      } finally {
        progress.stop();
        await context.close();
        await (pool as EngineWorkerPool | null)?.close();
      }
      if (studies.length === 1) {
        const [{ study }] = studies;
        process.stdout.write(formatStudy(study));
        if (options.json) await writeJson(options.json, study);
        if (options.csv) await writeCsv(options.csv, studyTables(study));
        return;
      }
      const summary = summarizeSeeds(studies);
      process.stdout.write(formatSeedSummary(summary));
      const seconds = studies.reduce((s, { study }) => s + study.seconds, 0);
      const computed = studies.reduce((s, { study }) => s + study.counts.computed, 0);
      const read = studies.reduce((s, { study }) => s + study.counts.read, 0);
      process.stdout.write(`\nresults: ${computed} computed, ${read} read from the store; ${seconds.toFixed(1)} s\n`);
      if (options.json) await writeJson(options.json, { ...summary, studies: studies.map(({ study }) => study) });
      if (options.csv) {
        await writeCsv(options.csv, seedTables(summary));
        for (const { zoo, study } of studies) await writeCsv(join(options.csv, zoo), studyTables(study));
      }
    });
}
