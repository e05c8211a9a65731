/**
 * `rmlens evaluate` and `rmlens neurons`: one question about any model, a zoo's or a user's ONNX
 * file. A model reference is a zoo id (`default/helpful`) or a file `PATH[#OBJECTIVE]` inside the
 * CLI's roots; a file's objective comes from the suffix, else from its `rmlens.objective`
 * metadata. CHANGE needs the model's base: `--base` names it (a zoo id or a file).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { cliDataRoots, loadConfig } from '../config.ts';
import type { RmlensContext } from '../context.ts';
import { BadUserInputError } from '../errors.ts';
import { confinePath } from '../util/pathRoots.ts';
import { formatTable } from '../util/textTable.ts';
import { isOneOf, OBJECTIVES, SCORE_METHODS, type Objective, type ScoreMethod } from '../vocabulary.ts';
import { parseMethod, parsePercent } from './options.ts';
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
  program
    .command('evaluate')
    .description('Preference accuracy (95% bootstrap CI, pair count) of models on the held-out part of datasets (every pair of an --eval file)')
    .requiredOption('--model <ref...>', 'zoo ids (default/helpful) or ONNX files PATH[#OBJECTIVE]')
    .requiredOption('--dataset <ref...>', 'dataset references or files PATH[#HELPFUL|#HARMLESS]')
    .option('--json', 'print JSON instead of a table')
    .action(async (options: { model: string[]; dataset: string[]; json?: boolean }) => {
      const rows = await withContext('evaluate', async (context, roots, onProgress) => {
        const models = [];
        for (const ref of options.model) models.push(await modelId(context, ref, roots));
        const out = [];
        for (const model of models) {
          for (const dataset of options.dataset) out.push({ model, dataset, ...(await context.analysis.evaluation(model, dataset, { onProgress })).value });
        }
        return out;
      });
      if (options.json) return void process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      const table = rows.map((r) => [r.model, r.dataset, r.accuracy.toFixed(3), `[${r.accuracyLow.toFixed(3)}, ${r.accuracyHigh.toFixed(3)}]`, r.meanMargin.toFixed(3), String(r.pairs)]);
      process.stdout.write(`${formatTable(['model', 'dataset', 'accuracy', '95% CI', 'mean margin', 'pairs'], table, new Set([2, 4, 5]))}\n`);
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
