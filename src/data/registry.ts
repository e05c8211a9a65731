/**
 * Dataset references → Datasets. A reference is a built-in one (the default corpus parts and
 * the HH-RLHF splits under the configured data root) or a file, `PATH[#OBJECTIVE]`
 * (datasetFiles.ts); a built-in name wins over a file of the same name. A file must lie inside
 * the allowed folders, checked before anything is read. Built-in datasets are loaded once per
 * process: every caller of a ref shares one load and one Dataset object.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config.ts';
import { BadUserInputError, NotFoundError } from '../errors.ts';
import { confinePath } from '../util/pathRoots.ts';
import { buildDataset } from './dataset.ts';
import { loadDatasetFile, parseDatasetFileRef, type DatasetFileOptions } from './datasetFiles.ts';
import { DEFAULT_CORPUS_SEED, generateDefaultCorpus, type DefaultCorpus } from './defaultCorpus.ts';
import { loadHhRlhf } from './hhRlhf.ts';
import type { Dataset } from './types.ts';
import type { DataObjective } from '../vocabulary.ts';

/** The built-in dataset references, in display order. */
export const DATASET_REFS = [
  'default/helpful',
  'default/harmless',
  'hh-rlhf/helpful-base',
  'hh-rlhf/harmless-base',
  'hh-rlhf/helpful-online',
  'hh-rlhf/helpful-rejection-sampled',
] as const;

export type DatasetRef = (typeof DATASET_REFS)[number];

/**
 * How to resolve a reference. The DatasetFileOptions (format, prompt form, evaluation-only,
 * objective) apply to file refs only: a built-in dataset keeps its own objective and its
 * split, which the reference zoo was trained on.
 */
export interface ResolveOptions extends DatasetFileOptions {
  /** Folder holding `hh-rlhf/…`; default: the configured data root (RMLENS_DATA_ROOT). */
  dataRoot?: string;
  /** Seed of the default corpus; default DEFAULT_CORPUS_SEED. */
  seed?: number;
  /** Folders a file ref may point into; default the configured data roots (RMLENS_DATA_ROOTS). The CLI passes cliDataRoots. */
  roots?: readonly string[];
  /** Folder a relative file path starts from; default the current directory. */
  base?: string;
}

interface BuiltIn {
  name: string;
  objective: DataObjective;
  /** The HH-RLHF split folder, or null for a default corpus part. */
  hhSplit: string | null;
}

const BUILT_INS: Record<DatasetRef, BuiltIn> = {
  'default/helpful': { name: 'Default corpus, helpful', objective: 'HELPFUL', hhSplit: null },
  'default/harmless': { name: 'Default corpus, harmless', objective: 'HARMLESS', hhSplit: null },
  'hh-rlhf/helpful-base': { name: 'HH-RLHF helpful-base (test split)', objective: 'HELPFUL', hhSplit: 'helpful-base' },
  'hh-rlhf/harmless-base': { name: 'HH-RLHF harmless-base (test split)', objective: 'HARMLESS', hhSplit: 'harmless-base' },
  'hh-rlhf/helpful-online': { name: 'HH-RLHF helpful-online (test split)', objective: 'HELPFUL', hhSplit: 'helpful-online' },
  'hh-rlhf/helpful-rejection-sampled': { name: 'HH-RLHF helpful-rejection-sampled (test split)', objective: 'HELPFUL', hhSplit: 'helpful-rejection-sampled' },
};

/** Lists the built-in dataset references. */
export function listDatasetRefs(): DatasetRef[] {
  return [...DATASET_REFS];
}

/** Whether a string is a built-in dataset reference. */
export function isDatasetRef(ref: string): ref is DatasetRef {
  return Object.hasOwn(BUILT_INS, ref);
}

/** The source file of a built-in ref under the data root; null for a generated one. */
export function datasetFile(ref: DatasetRef, opts: ResolveOptions = {}): string | null {
  const split = BUILT_INS[ref].hhSplit;
  return split === null ? null : join(opts.dataRoot ?? loadConfig().dataRoot, 'hh-rlhf', split, 'test.jsonl.gz');
}

/** The built-in refs whose source exists (generated ones always do). */
export function availableDatasetRefs(opts: ResolveOptions = {}): DatasetRef[] {
  return DATASET_REFS.filter((ref) => {
    const file = datasetFile(ref, opts);
    return file === null || existsSync(file);
  });
}

const corpora = new Map<number, DefaultCorpus>();
const loaded = new Map<string, Promise<Dataset>>();

function defaultCorpus(seed: number): DefaultCorpus {
  let corpus = corpora.get(seed);
  if (!corpus) corpora.set(seed, (corpus = generateDefaultCorpus(seed)));
  return corpus;
}

async function loadBuiltIn(ref: DatasetRef, opts: ResolveOptions): Promise<Dataset> {
  const { name, objective } = BUILT_INS[ref];
  const file = datasetFile(ref, opts);
  if (file === null) {
    const seed = opts.seed ?? DEFAULT_CORPUS_SEED;
    const corpus = defaultCorpus(seed);
    const pairs = (objective === 'HELPFUL' ? corpus.helpful : corpus.harmless).map((p) => ({ prompt: p.prompt, chosen: p.chosen, rejected: p.rejected }));
    return buildDataset({ id: ref, name, objective, source: `generated:default(seed=${seed})` }, { pairs, dropped: 0, dropReasons: {} });
  }
  if (!existsSync(file)) throw new NotFoundError(`dataset ${ref}: file not found: ${file} (set RMLENS_DATA_ROOT to the folder holding hh-rlhf/)`);
  return buildDataset({ id: ref, name, objective, source: file }, await loadHhRlhf(file));
}

/** A built-in dataset, loaded at most once per process and options. */
function resolveBuiltIn(ref: DatasetRef, opts: ResolveOptions): Promise<Dataset> {
  const dataRoot = opts.dataRoot ?? loadConfig().dataRoot;
  const seed = opts.seed ?? DEFAULT_CORPUS_SEED;
  const key = JSON.stringify([ref, dataRoot, seed]);
  let dataset = loaded.get(key);
  if (!dataset) {
    dataset = loadBuiltIn(ref, { dataRoot, seed });
    loaded.set(key, dataset);
    // A failed load is not remembered: the file may be there on the next call.
    dataset.catch(() => loaded.delete(key));
  }
  return dataset;
}

/**
 * Resolves any dataset reference to the datasets it names: one, or two (HELPFUL and HARMLESS)
 * for a PKU-SafeRLHF file without `#OBJECTIVE`.
 */
export async function resolveDatasets(ref: string, opts: ResolveOptions = {}): Promise<Dataset[]> {
  if (isDatasetRef(ref)) return [await resolveBuiltIn(ref, opts)];
  const { path, objective, safetyDiffers } = parseDatasetFileRef(ref);
  if (objective && opts.objective && objective !== opts.objective) {
    throw new BadUserInputError(`dataset ${ref}: the ref says ${objective} but ${opts.objective} pairs are asked for`);
  }
  let file: string;
  try {
    file = confinePath(path, opts.roots ?? loadConfig().dataRoots, opts.base);
  } catch (err) {
    // Not a file either: most likely a mistyped built-in name, so list those too.
    if (err instanceof NotFoundError) {
      throw new NotFoundError(`unknown dataset "${ref}"; known datasets: ${DATASET_REFS.join(', ')}, or a file PATH[#HELPFUL|#HARMLESS] (${err.message})`);
    }
    if (err instanceof BadUserInputError) throw new BadUserInputError(`${err.message}; RMLENS_DATA_ROOTS sets the allowed folders`);
    throw err;
  }
  return loadDatasetFile(file, { ...opts, objective: objective ?? opts.objective, safetyDiffers: safetyDiffers || opts.safetyDiffers });
}

/** Resolves a dataset reference that must name exactly one dataset (a PKU file needs its `#OBJECTIVE`). */
export async function resolveDataset(ref: string, opts: ResolveOptions = {}): Promise<Dataset> {
  const datasets = await resolveDatasets(ref, opts);
  if (datasets.length !== 1) {
    throw new BadUserInputError(`dataset ${ref} holds ${datasets.map((d) => d.objective).join(' and ')} pairs; say ${ref}#HELPFUL or ${ref}#HARMLESS`);
  }
  return datasets[0];
}
