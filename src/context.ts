/**
 * The one place that wires rmlens together: the results store, the model registry (with the
 * engine as its loader), the registrations restored from the store, and the analysis facade
 * over them. The CLI, the tests and the server all start here; tests swap the model loader and
 * the dataset resolver, nothing else.
 */
import { Analysis } from './analysis/analysis.ts';
import { ModelRegistry, type ModelLoader, type Zoo } from './analysis/modelRegistry.ts';
import { Registrations } from './analysis/registrations.ts';
import type { DatasetResolver } from './analysis/subjects.ts';
import { DatasetCatalog } from './data/catalog.ts';
import { ResultCache } from './db/resultCache.ts';
import type { Registration } from './db/registrationStore.ts';
import { SqliteResultStore } from './db/sqliteStore.ts';
import { isPostgresUrl, openStore, type ResultStore } from './db/store.ts';
import type { Device } from './engine/types.ts';

/** What a context is built from. */
export interface ContextSettings {
  /**
   * The results store: a SQLite file or `:memory:`, or (openContext only) a PostgreSQL URL
   * `postgres://…` (RMLENS_DB).
   */
  dbPath: string;
  /** Zoo folders whose models the context knows. */
  zooDirs: readonly string[];
  /** Where onnxruntime runs (default cpu). */
  device?: Device;
  /** The datasets the context knows (default: the built-ins and files inside the configured data roots); its roots confine registrations too. */
  datasets?: DatasetCatalog;
  /** Opens a model file; default the ONNX engine. Tests pass fakes that count calls. */
  loadModel?: ModelLoader;
  /** Finds a dataset by reference instead of the catalog (tests); registered datasets still come from the catalog. */
  resolveDataset?: DatasetResolver;
  /** The dataset references listed when `resolveDataset` is given (default none). */
  datasetRefs?: () => readonly string[];
}

/** A wired rmlens: close it when done (models first, then the store). */
export interface RmlensContext {
  store: ResultStore;
  models: ModelRegistry;
  datasets: DatasetCatalog;
  analysis: Analysis;
  /** Models and datasets registered through the API, already restored. */
  registrations: Registrations;
  /** One line per stored registration that could not be restored (file gone, or outside the roots now). */
  restoreProblems: string[];
  /** The zoos registered from `zooDirs`, in order. */
  zoos: Zoo[];
  close(): Promise<void>;
}

/**
 * Opens the store `dbPath` names (SQLite or PostgreSQL, migrations applied), registers the zoos
 * and restores the registrations; throws (with the store closed) when a zoo cannot be read.
 * The CLI and the server start here.
 */
export async function openContext(settings: ContextSettings): Promise<RmlensContext> {
  const store = await openStore(settings.dbPath);
  let rows: Registration[];
  try {
    rows = await store.registrations.list();
  } catch (error) {
    await store.close();
    throw error;
  }
  return wire(store, settings, rows);
}

/**
 * `openContext` on a SQLite file (or `:memory:`), synchronously: better-sqlite3 opens, migrates
 * and reads the registrations without waiting. Tests and scripts that build a context in one
 * expression use it; a PostgreSQL URL needs openContext.
 */
export function createContext(settings: ContextSettings): RmlensContext {
  if (isPostgresUrl(settings.dbPath)) throw new Error('createContext opens SQLite only; use openContext for a PostgreSQL store');
  const store = SqliteResultStore.open(settings.dbPath);
  let rows: Registration[];
  try {
    rows = store.registrations.listNow();
  } catch (error) {
    void store.close();
    throw error;
  }
  return wire(store, settings, rows);
}

/** The context over an open store and its stored registrations; closes the store when wiring fails. */
function wire(store: ResultStore, settings: ContextSettings, rows: readonly Registration[]): RmlensContext {
  const device = settings.device ?? 'cpu';
  // The engine module is imported only when a model must be loaded, so a fully cached run never loads onnxruntime.
  const loadModel: ModelLoader = settings.loadModel ?? (async (path) => {
    const { RewardModel } = await import('./engine/rewardModel.ts');
    return RewardModel.load(path, { device });
  });
  const models = new ModelRegistry(store, loadModel);
  let zoos: Zoo[];
  try {
    zoos = settings.zooDirs.map((dir) => models.addZoo(dir));
  } catch (error) {
    void store.close();
    throw error;
  }
  const catalog = settings.datasets ?? new DatasetCatalog();
  const resolveOwn = settings.resolveDataset;
  // Registered datasets live in the catalog in every setup, a test's own resolver included, so
  // registration behaves the same in tests as in the server.
  const listed = settings.datasetRefs ?? (resolveOwn ? () => [] : () => catalog.refs());
  const datasetRefs = () => [...new Set([...listed(), ...catalog.registeredIds()])];
  const analysis = new Analysis({
    cache: new ResultCache(store),
    models,
    datasets: resolveOwn ? (ref) => (catalog.registered(ref) ? catalog.resolve(ref) : resolveOwn(ref)) : (ref) => catalog.resolve(ref),
    datasetRefs,
  });
  const registrations = new Registrations({
    store: store.registrations,
    models,
    catalog,
    datasetRefs,
    describeDataset: (id) => analysis.describeDataset(id),
  });
  let restoreProblems: string[];
  try {
    restoreProblems = registrations.restoreRows(rows);
  } catch (error) {
    void store.close();
    throw error;
  }
  return {
    store,
    models,
    datasets: catalog,
    analysis,
    registrations,
    restoreProblems,
    zoos,
    async close() {
      await analysis.close();
      await store.close();
    },
  };
}
