/**
 * Users' own preference files as Datasets. A file is HH-style `{chosen, rejected}`
 * transcripts, PKU-SafeRLHF rows, generic `{prompt, chosen, rejected}` records, or a reward
 * benchmark (RewardBench, RM-Bench, RewardBench 2: rewardBench.ts), in JSON Lines or a JSON
 * array, gzip or not (jsonl.ts reads both). The loaders of each format do the reading; this
 * module detects the format, picks the objective, and memoises the result.
 *
 * A file is referenced as `PATH` or `PATH#OBJECTIVE` (`my.jsonl#HARMLESS`). PKU and benchmark
 * files hold both objectives, so a bare PATH gives two datasets (a benchmark: one per objective
 * its subsets name); an HH or generic file holds one, which the ref (or the caller) must name.
 * A PKU ref may add `+safety-differs` (`pku.jsonl#HARMLESS+safety-differs`, or
 * `pku.jsonl#safety-differs` for both objectives) to keep only the pairs whose responses differ
 * in their safety labels. The path must already be confined (util/pathRoots.ts): this module
 * reads whatever real path it is given.
 */
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { BadUserInputError, NotFoundError } from '../errors.ts';
import { buildDataset } from './dataset.ts';
import { loadGenericJsonl } from './genericJsonl.ts';
import { loadHhRlhf } from './hhRlhf.ts';
import { DataFileError, readRecords, recordError, type DataRecord } from './jsonl.ts';
import type { LoadedPairs } from './pairs.ts';
import { loadPkuSafeRlhf } from './pkuSafeRlhf.ts';
import { BENCHMARK_NAMES, loadRewardBenchmark } from './rewardBench.ts';
import type { Dataset } from './types.ts';
import {
  BENCHMARK_FORMATS,
  DATA_OBJECTIVES,
  isOneOf,
  type BenchmarkFormat,
  type BenchmarkPairing,
  type DataObjective,
  type DatasetFormat,
  type PromptForm,
} from '../vocabulary.ts';

type KnownFormat = Exclude<DatasetFormat, 'auto'>;

/** A parsed file reference: the path as the user wrote it, the objective after `#`, and whether `+safety-differs` follows. */
export interface DatasetFileRef {
  path: string;
  objective?: DataObjective;
  safetyDiffers?: boolean;
}

/** The ref suffix that keeps only PKU pairs whose responses differ in safety (as ids write it). */
export const SAFETY_DIFFERS = 'safety-differs';

const REF_SUFFIX = new RegExp(`#(?:(${DATA_OBJECTIVES.join('|')})(\\+${SAFETY_DIFFERS})?|(${SAFETY_DIFFERS}))$`, 'i');

/**
 * Parses `PATH`, `PATH#OBJECTIVE` (HELPFUL or HARMLESS, any case), `PATH#OBJECTIVE+safety-differs`
 * or `PATH#safety-differs`. A `#` followed by anything else is part of the path, so file names
 * containing `#` still work.
 */
export function parseDatasetFileRef(ref: string): DatasetFileRef {
  const match = REF_SUFFIX.exec(ref);
  if (!match) return { path: ref };
  const [, objective, filtered, filteredOnly] = match;
  return {
    path: ref.slice(0, match.index),
    ...(objective ? { objective: objective.toUpperCase() as DataObjective } : {}),
    ...(filtered || filteredOnly ? { safetyDiffers: true } : {}),
  };
}

/** How to read a file; every field has a default. */
export interface DatasetFileOptions {
  /** Default `auto`. */
  format?: DatasetFormat;
  /** How bare texts of generic, PKU and benchmark files are formed (promptForm.ts); default `hh`. HH transcripts are always kept verbatim. */
  prompt?: PromptForm;
  /** No 80/20 split: every pair is held out, for data the models never trained on. Default false; reward benchmarks are always evaluation-only. */
  evaluationOnly?: boolean;
  /** How an RM-Bench row's lists pair up (rewardBench.ts); default `all`. Other formats ignore it. */
  pairing?: BenchmarkPairing;
  /** The objective when the ref names none; without either, a PKU or benchmark file gives each it holds and other files are refused. */
  objective?: DataObjective;
  /** PKU-SafeRLHF only: keep the pairs whose responses differ in their safety labels (pkuSafeRlhf.ts). Default false. */
  safetyDiffers?: boolean;
}

type Settings = Required<Omit<DatasetFileOptions, 'objective'>> & { objective: DataObjective | null };

/**
 * What the first record of each format looks like: its keys, and whether `chosen` and
 * `rejected` are lists (RM-Bench, RewardBench 2) or texts. The shapes exclude each other, so at
 * most one fits a record; RM-Bench names its subset `domain` and RewardBench 2 `subset`, so an
 * RM-Bench file whose rows say `subset` reads as RewardBench 2 unless `--format rmbench` says otherwise.
 */
const FORMAT_SHAPES: Record<KnownFormat, { shape: string; fits: (keys: ReadonlySet<string>, lists: boolean) => boolean }> = {
  hh: { shape: '{chosen, rejected} without prompt', fits: (k, lists) => !lists && has(k, 'chosen', 'rejected') && !k.has('prompt') },
  pku: { shape: '{prompt, response_0, response_1, better_response_id, safer_response_id}', fits: (k) => has(k, 'prompt', 'response_0', 'response_1', 'better_response_id', 'safer_response_id') },
  generic: { shape: '{prompt, chosen, rejected} without subset', fits: (k, lists) => !lists && has(k, 'prompt', 'chosen', 'rejected') && !k.has('subset') },
  rewardbench: { shape: '{prompt, chosen, rejected, subset}', fits: (k, lists) => !lists && has(k, 'prompt', 'chosen', 'rejected', 'subset') },
  rmbench: { shape: '{prompt, chosen: [..], rejected: [..], domain}', fits: (k, lists) => lists && has(k, 'prompt', 'chosen', 'rejected', 'domain') },
  rewardbench2: { shape: '{prompt, chosen: [..], rejected: [..], subset} without domain', fits: (k, lists) => lists && has(k, 'prompt', 'chosen', 'rejected', 'subset') && !k.has('domain') },
};

function has(keys: ReadonlySet<string>, ...wanted: string[]): boolean {
  return wanted.every((key) => keys.has(key));
}

/** The format the first record of a file shows; an error naming the keys seen when it fits none, or more than one. */
function detectFormat(file: string, first: DataRecord | undefined): KnownFormat {
  if (!first) throw new DataFileError(file, null, 'the file holds no records, so its format cannot be detected');
  const value = first.value !== null && typeof first.value === 'object' && !Array.isArray(first.value) ? (first.value as Record<string, unknown>) : {};
  const keys = new Set(Object.keys(value));
  const lists = Array.isArray(value.chosen) || Array.isArray(value.rejected);
  const fits = (Object.keys(FORMAT_SHAPES) as KnownFormat[]).filter((format) => FORMAT_SHAPES[format].fits(keys, lists));
  if (fits.length === 1) return fits[0];
  const expected = (Object.entries(FORMAT_SHAPES) as [KnownFormat, { shape: string }][]).map(([format, { shape }]) => `${format}: ${shape}`);
  throw recordError(file, first, `cannot tell the format from the keys of the first record (saw: ${[...keys].join(', ') || 'no keys'}); expected ${expected.join('; ')}`);
}

/** The records of a file, with the first one already taken (to detect the format) put back in front. */
async function* withFirst(first: IteratorResult<DataRecord>, rest: AsyncIterator<DataRecord>): AsyncGenerator<DataRecord> {
  if (first.done) return;
  yield first.value;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

/** Reads a file once and builds its datasets (one per objective asked for). */
async function readDatasetFile(file: string, settings: Settings): Promise<Dataset[]> {
  const records = readRecords(file);
  try {
    const first = await records.next();
    const format = settings.format === 'auto' ? detectFormat(file, first.done ? undefined : first.value) : settings.format;
    // Refuse a filter the format cannot apply before reading the whole file.
    if (settings.safetyDiffers && format !== 'pku') {
      throw new BadUserInputError(`${file}: only PKU-SafeRLHF rows carry safety labels, so ${SAFETY_DIFFERS} cannot apply to this ${format} file (ask for it on the PKU file alone: PATH#HARMLESS+${SAFETY_DIFFERS})`);
    }
    const all = withFirst(first, records);
    if (isOneOf(BENCHMARK_FORMATS, format)) return await readBenchmark(file, format, settings, all);
    // Refuse a missing objective before reading the whole file.
    if (settings.objective === null && format !== 'pku') {
      throw new BadUserInputError(`${file}: a ${format} file does not say which objective its pairs teach; say ${file}#HELPFUL or ${file}#HARMLESS`);
    }
    const objectives = settings.objective === null ? DATA_OBJECTIVES : [settings.objective];
    const promptForm = format === 'hh' ? undefined : settings.prompt;
    let byObjective: Partial<Record<DataObjective, LoadedPairs>>;
    if (format === 'pku') byObjective = await loadPkuSafeRlhf(file, settings.prompt, { safetyDiffers: settings.safetyDiffers }, all);
    else byObjective = { [objectives[0]]: format === 'hh' ? await loadHhRlhf(file, all) : await loadGenericJsonl(file, settings.prompt, all) };
    const filter = settings.safetyDiffers ? `+${SAFETY_DIFFERS}` : '';
    const source = `${file} (${[format, promptForm && `prompt ${promptForm}`, settings.evaluationOnly && 'evaluation only', filter && 'only pairs that differ in safety'].filter(Boolean).join(', ')})`;
    return objectives.map((objective) =>
      buildDataset(
        // The id is the real path, objective and filter, so every ref to one file, objective and filter names one dataset.
        { id: `${file}#${objective}${filter}`, name: `${basename(file)}#${objective}${filter}`, objective, source, promptForm, evaluationOnly: settings.evaluationOnly },
        byObjective[objective]!,
      ),
    );
  } finally {
    // Closes the file when reading stopped early (an error, or no objective).
    await records.return(undefined);
  }
}

/**
 * A reward-benchmark file's datasets: one per objective its subsets name (or the one the ref
 * names), each evaluation-only whatever the options say: a benchmark is data to measure models
 * on, never to train, score or select on.
 */
async function readBenchmark(file: string, format: BenchmarkFormat, settings: Settings, records: AsyncIterable<DataRecord>): Promise<Dataset[]> {
  const parts = await loadRewardBenchmark(file, format, settings.prompt, settings.pairing, records);
  const present = DATA_OBJECTIVES.filter((objective) => parts[objective] !== undefined);
  if (present.length === 0) throw new DataFileError(file, null, `the ${BENCHMARK_NAMES[format]} file holds no pairs`);
  if (settings.objective !== null && parts[settings.objective] === undefined) {
    throw new BadUserInputError(`${file}: no ${BENCHMARK_NAMES[format]} subset of this file is ${settings.objective} (its subsets are all ${present.join(' and ')})`);
  }
  const objectives = settings.objective === null ? present : [settings.objective];
  const pairing = format === 'rmbench' ? `, ${settings.pairing} pairings` : '';
  const source = `${file} (${format}${pairing}, prompt ${settings.prompt}, evaluation only)`;
  return objectives.map((objective) => {
    const { loaded, layout } = parts[objective]!;
    return buildDataset(
      { id: `${file}#${objective}`, name: `${basename(file)}#${objective}`, objective, source, promptForm: settings.prompt, evaluationOnly: true, benchmark: layout },
      loaded,
    );
  });
}

/**
 * Loads per file: its stamp (size, mtime, inode), so a changed file is read again, and the
 * datasets loaded for each settings key under that stamp.
 */
const loads = new Map<string, { stamp: string; bySettings: Map<string, Promise<Dataset[]>> }>();

/**
 * Loads the datasets of a preference file at a real, already confined path: one dataset, or
 * two (HELPFUL, HARMLESS) for a PKU file when no objective is given, and one per objective a
 * benchmark file's subsets name. Loads are memoised by
 * (path, size, mtime, options): every caller shares one load until the file changes.
 */
export async function loadDatasetFile(file: string, options: DatasetFileOptions = {}): Promise<Dataset[]> {
  let stat;
  try {
    stat = statSync(file, { bigint: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError(`no such file: ${file}`);
    throw err;
  }
  if (!stat.isFile()) throw new BadUserInputError(`${file} is not a file`);
  const stamp = `${stat.size}:${stat.mtimeNs}:${stat.ino}`;
  const settings: Settings = {
    format: options.format ?? 'auto',
    prompt: options.prompt ?? 'hh',
    evaluationOnly: options.evaluationOnly ?? false,
    pairing: options.pairing ?? 'all',
    objective: options.objective ?? null,
    safetyDiffers: options.safetyDiffers ?? false,
  };
  const key = JSON.stringify(settings);
  let entry = loads.get(file);
  if (!entry || entry.stamp !== stamp) loads.set(file, (entry = { stamp, bySettings: new Map() }));
  const { bySettings } = entry;
  let datasets = bySettings.get(key);
  if (!datasets) {
    datasets = readDatasetFile(file, settings);
    bySettings.set(key, datasets);
    // A failed load is not remembered: the next call reads the file again (the failure may have been passing).
    datasets.catch(() => bySettings.delete(key));
  }
  return datasets;
}
