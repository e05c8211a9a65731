/** Preference datasets: the zoos' datasets, one by reference, and each one's part sizes and provenance. */
import type { PreferenceDatasetResolvers, QueryResolvers } from './generated.ts';
import { nullWhenNotFound } from './models.ts';

/** `Query.datasets`, `Query.dataset`. */
export const datasetQueries: Pick<QueryResolvers, 'datasets' | 'dataset'> = {
  datasets: (_parent, _args, { analysis, catalog }) => Promise.all(catalog.listDatasets().map((ref) => analysis.dataset(ref))),
  dataset: (_parent, { id }, { analysis }) => nullWhenNotFound(() => analysis.dataset(id)),
};

/** `PreferenceDataset` fields the loaded Dataset names differently. */
export const preferenceDatasetFields: Pick<PreferenceDatasetResolvers, 'trainPairs' | 'heldOutPairs' | 'droppedPairs'> = {
  trainPairs: (dataset) => dataset.train.length,
  heldOutPairs: (dataset) => dataset.heldOut.length,
  droppedPairs: (dataset) => dataset.dropped,
};
