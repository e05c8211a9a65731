/** Reward models: the list, one by id, and each model's identity, size, layer regions, base, held-out evaluation and reward-benchmark scores. */
import { layerRegions } from '../analysis/layerRegions.ts';
import { withProvenance } from '../analysis/provenance.ts';
import { NotFoundError } from '../errors.ts';
import type { BenchmarkEvaluationResolvers, QueryResolvers, RewardModelResolvers } from './generated.ts';
import { toGraphqlName } from './inputs.ts';

/** `Query.models`, `Query.model`. */
export const modelQueries: Pick<QueryResolvers, 'models' | 'model'> = {
  models: (_parent, _args, { analysis }) => analysis.listModels(),
  model: (_parent, { id }, { analysis }) => nullWhenNotFound(() => analysis.model(id)),
};

/** `RewardModel` fields beyond the registry entry's own (id, name, objective). */
export const rewardModelFields: Pick<RewardModelResolvers, 'sha256' | 'layers' | 'layerRegions' | 'neuronCount' | 'base' | 'evaluation' | 'benchmark'> = {
  sha256: (model, _args, { analysis }) => analysis.modelSha256(model.id),
  layers: async (model, _args, { loaders }) => (await loaders.modelInfo.load(model.id)).sites.length,
  layerRegions: async (model, _args, { loaders }) => layerRegions((await loaders.modelInfo.load(model.id)).sites),
  neuronCount: async (model, _args, { loaders }) => (await loaders.modelInfo.load(model.id)).neuronCount,
  base: (model, _args, { analysis }) => (model.baseId === null ? null : analysis.model(model.baseId)),
  // Through the request's loader, so every evaluation field of one request is one store read; the
  // budget still turns a slow batch into a job (its engine work is not gated by a job slot).
  // An explicit null tie rule means the schema's default, as an omitted argument does.
  evaluation: async (model, { dataset, ties }, { loaders, budget, requestId }) => {
    const request = { model: model.id, dataset, ties: ties ?? 'HALF' };
    return withProvenance(await budget.run('RewardModel.evaluation', request, requestId, () => loaders.evaluation.load(request)));
  },
  benchmark: async (model, { dataset, ties }, { analysis, budget, requestId }) => {
    const rule = ties ?? 'HALF';
    return withProvenance(await budget.run('RewardModel.benchmark', { model: model.id, dataset, ties: rule }, requestId, (call) => analysis.benchmark(model.id, dataset, call, rule)));
  },
};

/** `BenchmarkEvaluation`: the file-reading names (lower case) as GraphQL enums. */
export const benchmarkEvaluationFields: Pick<BenchmarkEvaluationResolvers, 'format' | 'pairing'> = {
  format: (b) => toGraphqlName(b.format),
  pairing: (b) => toGraphqlName(b.pairing),
};

/** The schema's "null when unknown": NotFoundError becomes null, anything else still fails. */
export async function nullWhenNotFound<T>(lookup: () => T | Promise<T>): Promise<T | null> {
  try {
    return await lookup();
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}
