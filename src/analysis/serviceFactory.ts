/**
 * Wires the production service: the SQLite store at the configured path, the ONNX engine and
 * the dataset registry. The engine module is imported only when a model must be loaded, so a
 * fully cached run never even loads onnxruntime.
 */
import { resolveDataset } from '../data/registry.ts';
import { ResultCache } from '../db/resultCache.ts';
import { ResultStore } from '../db/store.ts';
import type { Device } from '../engine/types.ts';
import { AnalysisService, type ServiceProgress } from './analysisService.ts';
import { ModelRegistry, type ModelLoader } from './modelRegistry.ts';

/** Where the production service keeps its results and which models it knows. */
export interface ServiceOptions {
  /** SQLite file of the results store, or `:memory:`. */
  dbPath: string;
  device: Device;
  /** Zoo folders whose models the service knows. */
  zooDirs: readonly string[];
  onProgress?: ServiceProgress;
}

/** The service, plus the store it writes (the caller closes both: `service.close()`, then `store.close()`). */
export function createAnalysisService(options: ServiceOptions): { service: AnalysisService; store: ResultStore; models: ModelRegistry } {
  const store = ResultStore.open(options.dbPath);
  const load: ModelLoader = async (path) => {
    const { RewardModel } = await import('../engine/rewardModel.ts');
    return RewardModel.load(path, { device: options.device });
  };
  const models = new ModelRegistry(store, load);
  try {
    for (const dir of options.zooDirs) models.addZoo(dir);
  } catch (error) {
    store.close();
    throw error;
  }
  const service = new AnalysisService({ cache: new ResultCache(store), models, datasets: (ref) => resolveDataset(ref), onProgress: options.onProgress });
  return { service, store, models };
}
