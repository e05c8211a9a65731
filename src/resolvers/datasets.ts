/** Preference datasets: every one the server knows, and one by reference, with part sizes and provenance. */
import type { QueryResolvers } from './generated.ts';
import { nullWhenNotFound } from './models.ts';

/** `Query.datasets`, `Query.dataset`. */
export const datasetQueries: Pick<QueryResolvers, 'datasets' | 'dataset'> = {
  datasets: (_parent, _args, { analysis }) => analysis.listDatasets(),
  dataset: (_parent, { id }, { analysis }) => nullWhenNotFound(() => analysis.describeDataset(id)),
};
