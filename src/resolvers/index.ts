/** Every resolver, merged per GraphQL type; fields not listed resolve to the mapped object's own property. */
import { ablationQueries } from './ablation.ts';
import { datasetQueries } from './datasets.ts';
import type { Resolvers } from './generated.ts';
import { benchmarkEvaluationFields, modelQueries, rewardModelFields } from './models.ts';
import { neuronAblationEffectFields, neuronDetailFields, neuronDetailQueries, neuronHistogramFields } from './neuronDetail.ts';
import { neuronQueries, neuronScoreFields, overlapSetFields, rewardModelNeurons, threeWayOverlapFields } from './neurons.ts';
import { registrationMutations } from './registrations.ts';
import { seedQueries, seedSummaryFields } from './seeds.ts';
import { jobFields, jobMutations, serverQueries } from './server.ts';
import { interferenceFields, lengthBaselineFields, tensionQueries, tensionRowFields, transferabilityFields } from './tension.ts';

/** The resolver map of schema.graphql. */
export const resolvers: Resolvers = {
  Query: { ...serverQueries, ...modelQueries, ...datasetQueries, ...neuronQueries, ...neuronDetailQueries, ...ablationQueries, ...tensionQueries, ...seedQueries },
  Mutation: { ...registrationMutations, ...jobMutations },
  RewardModel: { ...rewardModelFields, ...rewardModelNeurons },
  NeuronScore: neuronScoreFields,
  OverlapSet: overlapSetFields,
  ThreeWayOverlap: threeWayOverlapFields,
  NeuronDetail: neuronDetailFields,
  NeuronAblationEffect: neuronAblationEffectFields,
  NeuronHistogram: neuronHistogramFields,
  BenchmarkEvaluation: benchmarkEvaluationFields,
  TensionRow: tensionRowFields,
  Interference: interferenceFields,
  LengthBaseline: lengthBaselineFields,
  Transferability: transferabilityFields,
  SeedSummary: seedSummaryFields,
  Job: jobFields,
};
