/**
 * The datasets a context knows: the built-in references, plus dataset files registered under an
 * id with the options they are read with (evaluation-only, prompt form, format, objective). Any
 * other reference is tried as a file path inside the allowed roots. The analysis resolves every
 * dataset reference through one catalog, so a file given once with options is read the same
 * way by every request.
 */
import { loadConfig } from '../config.ts';
import { BadUserInputError } from '../errors.ts';
import type { DatasetFileOptions } from './datasetFiles.ts';
import { availableDatasetRefs, isDatasetRef, resolveDataset } from './registry.ts';
import type { Dataset } from './types.ts';

/** Where the catalog looks: the folder of the built-in HH-RLHF files, and the roots files must lie in. */
export interface CatalogSettings {
  /** Folder holding `hh-rlhf/…` (default: the configured data root). */
  dataRoot?: string;
  /** Folders dataset files must lie in (realpath-checked); default the configured data roots. */
  roots?: readonly string[];
}

/** One registered dataset file: `path` may carry `#OBJECTIVE`. */
export interface DatasetFileEntry extends DatasetFileOptions {
  path: string;
  /** Shown instead of the file's own name (`file.jsonl#HELPFUL`). */
  name?: string;
}

/** Built-in references, registered dataset files, and files inside the roots, by reference. */
export class DatasetCatalog {
  private readonly files = new Map<string, DatasetFileEntry>();

  constructor(private readonly settings: CatalogSettings = {}) {}

  /** Registers a file under `id` (replacing an earlier one); a built-in reference cannot be shadowed. */
  register(id: string, entry: DatasetFileEntry): void {
    if (isDatasetRef(id)) throw new BadUserInputError(`dataset id '${id}' is a built-in reference; choose another id`);
    this.files.set(id, entry);
  }

  /** Forgets a registered id; false when it was not registered. */
  unregister(id: string): boolean {
    return this.files.delete(id);
  }

  /** The entry registered under `id`, if any. */
  registered(id: string): DatasetFileEntry | undefined {
    return this.files.get(id);
  }

  /** The registered ids, in registration order. */
  registeredIds(): string[] {
    return [...this.files.keys()];
  }

  /** The folders dataset and model files must lie in: the configured ones unless the catalog was given its own. */
  roots(): readonly string[] {
    return this.settings.roots ?? loadConfig().dataRoots;
  }

  /** The dataset a reference names: a registered id, a built-in reference, or a file path inside the roots. */
  resolve(ref: string): Promise<Dataset> {
    const { dataRoot, roots } = this.settings;
    const file = this.files.get(ref);
    if (file) {
      const { path, name, ...options } = file;
      const dataset = resolveDataset(path, { ...options, dataRoot, roots });
      // The loaded Dataset is shared by every ref to the file: a name of one registration goes on a copy.
      return name === undefined ? dataset : dataset.then((d) => ({ ...d, name }));
    }
    return resolveDataset(ref, { dataRoot, roots });
  }

  /** The references a listing shows: built-ins whose sources exist, then the registered ids. */
  refs(): string[] {
    return [...availableDatasetRefs({ dataRoot: this.settings.dataRoot }), ...this.registeredIds()];
  }
}
