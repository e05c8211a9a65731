/**
 * Models and datasets registered at run time (GraphQL `registerModel` / `registerDataset`):
 * files confined to the server's roots, persisted in the store's `registrations` table, and
 * restored into the model registry and the dataset catalog whenever a context starts, so the
 * server, the CLI and the tests all see the same registrations.
 *
 * Ids are derived, never chosen: a model's id is its file's real path, a dataset's the real
 * path plus `#OBJECTIVE` (the id src/data/datasetFiles.ts gives a file's dataset). One file is
 * one id however it was spelled, registering it again updates it, and no registered id can
 * collide with a zoo model (`<data>/<role>`) or a built-in dataset, none of which start with `/`.
 */
import { statSync } from 'node:fs';
import { basename, isAbsolute } from 'node:path';
import type { DatasetCatalog, DatasetFileEntry } from '../data/catalog.ts';
import { isDatasetRef } from '../data/registry.ts';
import type { DatasetRegistration, ModelRegistration, Registration, RegistrationStore } from '../db/registrationStore.ts';
import { BadUserInputError, NotFoundError, RmlensError } from '../errors.ts';
import { confinePath } from '../util/pathRoots.ts';
import { DATA_OBJECTIVES, isOneOf, type BenchmarkPairing, type Objective, type DatasetFormat, type PromptForm } from '../vocabulary.ts';
import type { DatasetSummary } from './types.ts';
import type { ModelEntry, ModelRegistry } from './modelRegistry.ts';

/** A model file to register. */
export interface RegisterModelRequest {
  /** Absolute path inside the roots. */
  path: string;
  /** Display name; default the file name. */
  name?: string | null;
  objective: Objective;
  /** Id of a known model it was fine-tuned from (CHANGE scores compare against it). */
  base?: string | null;
}

/** A dataset file to register, with the options every request reads it with. */
export interface RegisterDatasetRequest {
  /** Absolute path inside the roots. */
  path: string;
  /** Display name; default `<file>#<OBJECTIVE>`. */
  name?: string | null;
  /** HELPFUL or HARMLESS (the objective its preferences teach). */
  objective: Objective;
  format: DatasetFormat;
  prompt: PromptForm;
  evaluationOnly: boolean;
  /** How an RM-Bench file's lists pair up; default `all`. */
  pairing?: BenchmarkPairing;
}

/** What registrations change, and how a registered dataset is checked (by reading it). */
export interface RegistrationDeps {
  store: RegistrationStore;
  models: ModelRegistry;
  catalog: DatasetCatalog;
  /** Every dataset reference the context lists (built-ins included), to tell a built-in from an unknown id. */
  datasetRefs: () => readonly string[];
  /** Reads a dataset and summarises it (the analysis' describeDataset). */
  describeDataset: (id: string) => Promise<DatasetSummary>;
}

/** Registers, unregisters and restores models and datasets given as files. */
export class Registrations {
  constructor(private readonly deps: RegistrationDeps) {}

  /**
   * Registers a model file; cheap on purpose: the file must exist inside the roots, but it is
   * first opened by the first computation that needs it (which reports a broken file).
   */
  async registerModel(request: RegisterModelRequest): Promise<ModelEntry> {
    const { store, models } = this.deps;
    const path = this.confine(request.path);
    const base = request.base ?? null;
    if (base === path) throw new BadUserInputError(`base: model '${path}' cannot be its own base`);
    if (base !== null && !models.has(base)) {
      throw new NotFoundError(`base: unknown model '${base}'; known: ${models.list().map((m) => m.id).join(', ') || 'none'}`);
    }
    const registration: ModelRegistration = { path, name: request.name ?? basename(path), objective: request.objective, base };
    await store.putModel(path, registration);
    const entry = modelEntry(path, registration);
    models.add(entry);
    return entry;
  }

  /**
   * Registers a dataset file read with the given options. The file is read now (its summary is
   * the answer anyway), so a file that is not a dataset is refused and nothing is stored.
   */
  async registerDataset(request: RegisterDatasetRequest): Promise<DatasetSummary> {
    const { store, catalog } = this.deps;
    const { objective } = request;
    if (!isOneOf(DATA_OBJECTIVES, objective)) {
      throw new BadUserInputError(`objective: a dataset teaches ${DATA_OBJECTIVES.join(' or ')}, not ${objective}`);
    }
    const path = this.confine(request.path);
    const id = `${path}#${objective}`;
    const registration: DatasetRegistration = {
      path, name: request.name ?? null, objective, format: request.format, prompt: request.prompt, evaluationOnly: request.evaluationOnly, pairing: request.pairing,
    };
    const previous = catalog.registered(id);
    catalog.register(id, datasetEntry(registration));
    try {
      const summary = await this.deps.describeDataset(id);
      await store.putDataset(id, registration);
      return summary;
    } catch (error) {
      // Leave the catalog as it was: a refused registration must not change what the id reads.
      if (previous) catalog.register(id, previous);
      else catalog.unregister(id);
      throw error;
    }
  }

  /** Unregisters a registered model: false when `id` is unknown; refused for a zoo model and for the base of another model. */
  async unregisterModel(id: string): Promise<boolean> {
    const { store, models } = this.deps;
    if (!(await store.has('model', id))) {
      if (models.has(id)) throw new BadUserInputError(`model '${id}' is built in (it comes from a zoo); only models added by registerModel can be unregistered`);
      return false;
    }
    const dependents = models.list().filter((m) => m.baseId === id).map((m) => m.id);
    if (dependents.length > 0) throw new BadUserInputError(`model '${id}' is the base of ${dependents.join(', ')}; unregister those first`);
    await store.delete('model', id);
    await models.remove(id);
    return true;
  }

  /** Unregisters a registered dataset: false when `id` is unknown; refused for a built-in dataset. */
  async unregisterDataset(id: string): Promise<boolean> {
    const { store, catalog, datasetRefs } = this.deps;
    if (!(await store.has('dataset', id))) {
      if (isDatasetRef(id) || datasetRefs().includes(id)) {
        throw new BadUserInputError(`dataset '${id}' is built in; only datasets added by registerDataset can be unregistered`);
      }
      return false;
    }
    await store.delete('dataset', id);
    catalog.unregister(id);
    return true;
  }

  /**
   * Puts every stored registration back into the registry and the catalog, bases first. A row
   * whose file is gone or no longer inside the roots is skipped, not deleted (the file or the
   * root may come back); the returned lines say which and why.
   */
  async restore(): Promise<string[]> {
    return this.restoreRows(await this.deps.store.list());
  }

  /** `restore` of rows already read (createContext reads them synchronously from SQLite). */
  restoreRows(rows: readonly Registration[]): string[] {
    const { models, catalog } = this.deps;
    const skipped: string[] = [];
    for (const row of rows) {
      const path = row.kind === 'model' ? row.model.path : row.dataset.path;
      try {
        // The roots may have narrowed since the file was registered: a registration never widens them.
        confinePath(path, catalog.roots());
      } catch (error) {
        if (!(error instanceof RmlensError)) throw error;
        skipped.push(`${row.kind} '${row.id}' not restored: ${error.message}`);
        continue;
      }
      if (row.kind === 'model') models.add(modelEntry(row.id, row.model));
      else catalog.register(row.id, datasetEntry(row.dataset));
    }
    return skipped;
  }

  /** The real path of a user-given file: absolute, inside the roots (after realpath), a regular file. */
  private confine(path: string): string {
    // A server's working directory is no business of its clients, so relative paths have no meaning here.
    if (!isAbsolute(path)) throw new BadUserInputError(`path must be absolute, got '${path}'`);
    let real: string;
    try {
      real = confinePath(path, this.deps.catalog.roots());
    } catch (error) {
      if (error instanceof BadUserInputError) throw new BadUserInputError(`${error.message}; RMLENS_DATA_ROOTS sets the allowed folders`);
      throw error;
    }
    if (!statSync(real).isFile()) throw new BadUserInputError(`${path} is not a file`);
    return real;
  }
}

function modelEntry(id: string, m: ModelRegistration): ModelEntry {
  return { id, name: m.name, objective: m.objective, role: null, path: m.path, baseId: m.base };
}

function datasetEntry(d: DatasetRegistration): DatasetFileEntry {
  return {
    path: d.path, objective: d.objective, format: d.format, prompt: d.prompt, evaluationOnly: d.evaluationOnly, pairing: d.pairing, ...(d.name === null ? {} : { name: d.name }),
  };
}
