/**
 * What the server lists: the models and datasets of the loaded zoos. The analysis service
 * resolves one model or dataset by id but has no listing yet (the analysis facade will bring
 * `listModels` / `listDatasets`); this adapter supplies both, with the facade's names.
 */
import type { ModelEntry, ModelRegistry, Zoo } from '../analysis/modelRegistry.ts';

/** The models and dataset references the server offers. */
export interface ServerCatalog {
  /** Every known model, in zoo order. */
  listModels(): ModelEntry[];
  /** References of the datasets the zoos were trained on (helpful first), without duplicates. */
  listDatasets(): string[];
}

/** The catalog of a registry and the zoos loaded into it. */
export function zooCatalog(models: ModelRegistry, zoos: readonly Zoo[]): ServerCatalog {
  const datasets = [...new Set(zoos.flatMap((zoo) => [...zoo.datasets.helpful, ...zoo.datasets.harmless]))];
  return {
    listModels: () => models.list(),
    listDatasets: () => [...datasets],
  };
}
