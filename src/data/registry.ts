/**
 * Dataset references → Datasets. The built-in refs are the default corpus parts and the
 * HH-RLHF splits under the configured data root; registered datasets (a generic or PKU file
 * with an explicit id) go through loadDatasetFile. Built-in datasets are loaded once per
 * process: every caller of a ref shares one load and one Dataset object.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config.ts';
import { NotFoundError } from '../errors.ts';
import { buildDataset } from './dataset.ts';
import { DEFAULT_CORPUS_SEED, generateDefaultCorpus, type DefaultCorpus } from './defaultCorpus.ts';
import { loadGenericJsonl } from './genericJsonl.ts';
import { loadHhRlhf } from './hhRlhf.ts';
import { loadPkuSafeRlhf } from './pkuSafeRlhf.ts';
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

export interface ResolveOptions {
  /** Folder holding `hh-rlhf/…`; default: the configured data root (RMLENS_DATA_ROOT). */
  dataRoot?: string;
  /** Seed of the default corpus; default DEFAULT_CORPUS_SEED. */
  seed?: number;
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

/** Resolves a built-in dataset reference to its Dataset, loading it at most once per process and options. */
export function resolveDataset(ref: string, opts: ResolveOptions = {}): Promise<Dataset> {
  if (!isDatasetRef(ref)) {
    return Promise.reject(new NotFoundError(`unknown dataset "${ref}"; known datasets: ${DATASET_REFS.join(', ')}`));
  }
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

export interface DatasetFileSpec {
  /** The dataset's id (a registered dataset's ID). */
  id: string;
  name?: string;
  file: string;
  /** `generic`: `{prompt, chosen, rejected}` lines; `pku`: PKU-SafeRLHF rows, `objective` picks the better or the safer response. */
  format: 'generic' | 'pku';
  objective: DataObjective;
}

/** Loads a generic or PKU-SafeRLHF file as a Dataset with an explicit id (not memoised: the caller owns its lifetime). */
export async function loadDatasetFile(spec: DatasetFileSpec): Promise<Dataset> {
  if (!existsSync(spec.file)) throw new NotFoundError(`dataset ${spec.id}: file not found: ${spec.file}`);
  const pairs = spec.format === 'pku' ? (await loadPkuSafeRlhf(spec.file, 'hh'))[spec.objective] : await loadGenericJsonl(spec.file, 'verbatim');
  return buildDataset({ id: spec.id, name: spec.name ?? spec.id, objective: spec.objective, source: spec.file }, pairs);
}
