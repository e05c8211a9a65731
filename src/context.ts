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
import { ResultStore } from './db/store.ts';
import type { Device } from './engine/types.ts';

/** What a context is built from. */
export interface ContextSettings {
  /** SQLite file of the results store, or `:memory:`. */
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

/** Opens the store and registers the zoos; throws (with the store closed) when a zoo cannot be read. */
export function createContext(settings: ContextSettings): RmlensContext {
  const store = ResultStore.open(settings.dbPath);
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
    store.close();
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
    restoreProblems = registrations.restore();
  } catch (error) {
    store.close();
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
      store.close();
    },
  };
}
