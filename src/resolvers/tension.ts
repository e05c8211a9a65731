/** The tension table: every listed model on every listed dataset's held-out part, plus interference. */
import { NotFoundError } from '../errors.ts';
import type { InterferenceResolvers, QueryResolvers, TensionRowResolvers } from './generated.ts';

/** `Query.tension`. */
export const tensionQueries: Pick<QueryResolvers, 'tension'> = {
  // One zoo's models on the datasets they were trained on: a report never pairs two zoos' models.
  tension: (_parent, { zoo: name, ties }, { analysis, zoos, budget, requestId }) => {
    // An explicit null tie rule means the schema's default, as an omitted argument does.
    const rule = ties ?? 'HALF';
    return budget.run('Query.tension', { zoo: name, ties: rule }, requestId, (call) => {
      const zoo = name == null ? zoos[0] : zoos.find((z) => z.name === name);
      if (!zoo) {
        if (name == null) throw new NotFoundError('no zoo is loaded: build one with `buildZoo` or `rmlens zoo build`');
        throw new NotFoundError(`no zoo '${name}' is loaded; loaded: ${zoos.map((z) => z.name).join(', ') || 'none'}`);
      }
      return analysis.tension(zoo.models.map((m) => m.id), [...zoo.datasets.helpful, ...zoo.datasets.harmless], call, rule);
    });
  },
};

/** `TensionRow`: the report names models and datasets by id; these resolve them. */
export const tensionRowFields: Pick<TensionRowResolvers, 'model' | 'dataset'> = {
  model: (row, _args, { analysis }) => analysis.model(row.model),
  dataset: (row, _args, { analysis }) => analysis.describeDataset(row.dataset),
};

/** `Interference`: the single-objective and mixed models by id → the models. */
export const interferenceFields: Pick<InterferenceResolvers, 'single' | 'mixed'> = {
  single: (row, _args, { analysis }) => analysis.model(row.single),
  mixed: (row, _args, { analysis }) => analysis.model(row.mixed),
};
