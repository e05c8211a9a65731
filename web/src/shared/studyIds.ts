/**
 * The ids a page starts from: the first loaded zoo's helpful, harmless and mixed RMs and its two
 * datasets, read from the API (`models`, `datasets`), so every link and example works on
 * whatever zoo the server loaded (the default zoo, or the `--quick` zoo in tests).
 */
import { request } from './graphql.ts';

export interface ModelInfo {
  id: string;
  name: string;
  objective: 'HELPFUL' | 'HARMLESS' | 'MIXED' | 'BASE';
  layers: number;
  neuronCount: number;
}

export interface DatasetInfo {
  id: string;
  name: string;
  objective: 'HELPFUL' | 'HARMLESS';
  heldOutPairs: number;
  trainPairs: number;
}

export interface Catalog {
  models: ModelInfo[];
  datasets: DatasetInfo[];
  /** Zoo names: the prefixes of zoo model ids, in load order (the first is the server's default). */
  zoos: string[];
}

export const CATALOG_QUERY = /* GraphQL */ `
  query Catalog {
    models { id name objective layers neuronCount }
    datasets { id name objective heldOutPairs trainPairs }
  }
`;

export async function loadCatalog(): Promise<Catalog> {
  const { models, datasets } = await request<Pick<Catalog, 'models' | 'datasets'>>(CATALOG_QUERY);
  const zoos = [...new Set(models.filter((m) => m.id.includes('/') && !m.id.startsWith('/')).map((m) => zooOf(m.id)))];
  return { models, datasets, zoos };
}

/** `default` of `default/helpful`. */
export function zooOf(id: string): string {
  return id.slice(0, id.lastIndexOf('/'));
}

/** One zoo's study roles: its single-objective and mixed RMs and its two datasets (undefined where missing). */
export function studyIds(catalog: Catalog, zoo = catalog.zoos[0]) {
  const inZoo = <T extends { id: string }>(items: T[]) => items.filter((x) => zooOf(x.id) === zoo);
  const model = (objective: ModelInfo['objective']) => inZoo(catalog.models).find((m) => m.objective === objective)?.id;
  const dataset = (objective: DatasetInfo['objective']) => (inZoo(catalog.datasets).find((d) => d.objective === objective) ?? catalog.datasets.find((d) => d.objective === objective))?.id;
  return {
    zoo,
    helpfulModel: model('HELPFUL'),
    harmlessModel: model('HARMLESS'),
    mixedModel: model('MIXED'),
    helpfulDataset: dataset('HELPFUL'),
    harmlessDataset: dataset('HARMLESS'),
  };
}
