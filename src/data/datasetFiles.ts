/**
 * Users' own preference files as Datasets. A file is HH-style `{chosen, rejected}`
 * transcripts, PKU-SafeRLHF rows, or generic `{prompt, chosen, rejected}` records, in JSON
 * Lines or a JSON array, gzip or not (jsonl.ts reads both). The loaders of each format do the
 * reading; this module detects the format, picks the objective, and memoises the result.
 *
 * A file is referenced as `PATH` or `PATH#OBJECTIVE` (`my.jsonl#HARMLESS`). A PKU file holds
 * both objectives, so a bare PATH gives two datasets; an HH or generic file holds one, which
 * the ref (or the caller) must name. A PKU ref may add `+safety-differs`
 * (`pku.jsonl#HARMLESS+safety-differs`, or `pku.jsonl#safety-differs` for both objectives) to
 * keep only the pairs whose responses differ in their safety labels. The path must already be
 * confined (util/pathRoots.ts): this module reads whatever real path it is given.
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
import type { Dataset } from './types.ts';
import { DATA_OBJECTIVES, type DataObjective, type DatasetFormat, type PromptForm } from '../vocabulary.ts';

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
  /** How bare texts of generic and PKU files are formed (promptForm.ts); default `hh`. HH transcripts are always kept verbatim. */
  prompt?: PromptForm;
  /** No 80/20 split: every pair is held out, for data the models never trained on. Default false. */
  evaluationOnly?: boolean;
  /** The objective when the ref names none; without either, a PKU file gives both and other files are refused. */
  objective?: DataObjective;
  /** PKU-SafeRLHF only: keep the pairs whose responses differ in their safety labels (pkuSafeRlhf.ts). Default false. */
  safetyDiffers?: boolean;
}

type Settings = Required<Omit<DatasetFileOptions, 'objective'>> & { objective: DataObjective | null };

/** The keys each format needs; `hh` also needs `prompt` to be absent (else it is generic). */
const FORMAT_KEYS: Record<KnownFormat, readonly string[]> = {
  hh: ['chosen', 'rejected'],
  pku: ['prompt', 'response_0', 'response_1', 'better_response_id', 'safer_response_id'],
  generic: ['prompt', 'chosen', 'rejected'],
};

/** The format the first record of a file shows; an error naming the keys seen when it fits none, or more than one. */
function detectFormat(file: string, first: DataRecord | undefined): KnownFormat {
  if (!first) throw new DataFileError(file, null, 'the file holds no records, so its format cannot be detected');
  const keys = first.value !== null && typeof first.value === 'object' && !Array.isArray(first.value) ? Object.keys(first.value) : [];
  const fits = (Object.keys(FORMAT_KEYS) as KnownFormat[]).filter(
    (format) => FORMAT_KEYS[format].every((key) => keys.includes(key)) && !(format === 'hh' && keys.includes('prompt')),
  );
  if (fits.length === 1) return fits[0];
  const expected = (Object.entries(FORMAT_KEYS) as [KnownFormat, readonly string[]][]).map(([format, need]) => `${format}: {${need.join(', ')}}`);
  throw recordError(file, first, `cannot tell the format from the keys of the first record (saw: ${keys.join(', ') || 'no keys'}); expected ${expected.join('; ')}`);
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
    // Refuse a missing objective before reading the whole file.
    if (settings.objective === null && format !== 'pku') {
      throw new BadUserInputError(`${file}: a ${format} file does not say which objective its pairs teach; say ${file}#HELPFUL or ${file}#HARMLESS`);
    }
    if (settings.safetyDiffers && format !== 'pku') {
      throw new BadUserInputError(`${file}: only PKU-SafeRLHF rows carry safety labels, so ${SAFETY_DIFFERS} cannot apply to this ${format} file (ask for it on the PKU file alone: PATH#HARMLESS+${SAFETY_DIFFERS})`);
    }
    const objectives = settings.objective === null ? DATA_OBJECTIVES : [settings.objective];
    const all = withFirst(first, records);
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
 * Loads per file: its stamp (size, mtime, inode), so a changed file is read again, and the
 * datasets loaded for each settings key under that stamp.
 */
const loads = new Map<string, { stamp: string; bySettings: Map<string, Promise<Dataset[]>> }>();

/**
 * Loads the datasets of a preference file at a real, already confined path: one dataset, or
 * two (HELPFUL, HARMLESS) for a PKU file when no objective is given. Loads are memoised by
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
