/** The tension table: every listed model on every listed dataset's held-out part, plus interference. */
import { tensionReport } from '../analysis/tension.ts';
import type { InterferenceResolvers, QueryResolvers, TensionRowResolvers } from './generated.ts';

/** `Query.tension`. */
export const tensionQueries: Pick<QueryResolvers, 'tension'> = {
  tension: (_parent, _args, { analysis, catalog }) =>
    tensionReport(analysis, catalog.listModels().map((m) => m.id), catalog.listDatasets()),
};

/** `TensionRow`: the report names models and datasets by id; these resolve them. */
export const tensionRowFields: Pick<TensionRowResolvers, 'model' | 'dataset'> = {
  model: (row, _args, { analysis }) => analysis.model(row.model),
  dataset: (row, _args, { analysis }) => analysis.dataset(row.dataset),
};

/** `Interference`: the single-objective and mixed models by id → the models. */
export const interferenceFields: Pick<InterferenceResolvers, 'single' | 'mixed'> = {
  single: (row, _args, { analysis }) => analysis.model(row.single),
  mixed: (row, _args, { analysis }) => analysis.model(row.mixed),
};
