/**
 * graphql-codegen, from schema.graphql: the resolver types (src/resolvers/generated.ts) and the
 * web pages' API types (web/src/shared/schema.generated.ts), both committed; `npm run
 * codegen:check` fails when either is stale. Mappers point the resolvers' GraphQL types at the
 * analysis' own result types, so resolvers return what the service returns, unconverted.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const RESULTS = '../analysis/resultTypes.ts';
const PROVENANCED = '../analysis/provenance.ts';

/** Where the generated files go; codegen:check points them at temporary files. */
const out = process.env.RMLENS_CODEGEN_OUT ?? 'src/resolvers/generated.ts';
const webOut = process.env.RMLENS_CODEGEN_WEB_OUT ?? 'web/src/shared/schema.generated.ts';

const config: CodegenConfig = {
  schema: 'schema.graphql',
  overwrite: true,
  silent: true,
  generates: {
    [out]: {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        useTypeImports: true,
        // Enums become string unions, equal to the src/vocabulary.ts types (checked in src/resolvers/vocabulary.ts).
        enumsAsTypes: true,
        contextType: '../server/context.ts#ServerContext',
        mappers: {
          RewardModel: '../analysis/modelRegistry.ts#ModelEntry',
          PreferenceDataset: '../analysis/types.ts#DatasetSummary',
          // Stored results are served with their row's provenance (computedAt, engineVersion, cacheKey).
          Evaluation: `${PROVENANCED}#ProvenancedEvaluation`,
          BenchmarkEvaluation: `${PROVENANCED}#ProvenancedBenchmarkEvaluation`,
          BenchmarkGroup: `${RESULTS}#BenchmarkGroup as AnalysisBenchmarkGroup`,
          Neuron: `${RESULTS}#Neuron as AnalysisNeuron`,
          NeuronScore: `${RESULTS}#ModelNeuronScore`,
          OverlapSet: `${PROVENANCED}#ProvenancedOverlapSet`,
          ThreeWayOverlap: `${PROVENANCED}#ProvenancedThreeWayOverlap`,
          SetPairOverlap: `${RESULTS}#SetPairOverlap as AnalysisSetPairOverlap`,
          LayerRegion: '../analysis/layerRegions.ts#LayerRegion as AnalysisLayerRegion',
          RegionShare: '../analysis/layerRegions.ts#RegionShare as AnalysisRegionShare',
          SweepPoint: `${RESULTS}#SweepPoint as AnalysisSweepPoint`,
          FrontierPoint: `${RESULTS}#FrontierPoint as AnalysisFrontierPoint`,
          Correspondence: `${PROVENANCED}#ProvenancedCorrespondence`,
          TensionReport: `${PROVENANCED}#ProvenancedTensionReport`,
          TensionRow: `${PROVENANCED}#ProvenancedTensionRow`,
          Interference: `${RESULTS}#Interference as AnalysisInterference`,
          LengthBaseline: `${RESULTS}#LengthBaseline as AnalysisLengthBaseline`,
          Transferability: `${RESULTS}#Transferability as AnalysisTransferability`,
          SeedSummary: '../analysis/seedSummary.ts#SeedSummary as AnalysisSeedSummary',
          Job: '../jobs/jobStore.ts#Job as StoredJob',
          NeuronDetail: `${RESULTS}#NeuronDetail as AnalysisNeuronDetail`,
          NeuronMethodScore: `${RESULTS}#NeuronMethodScore as AnalysisNeuronMethodScore`,
          NeuronMembership: `${RESULTS}#NeuronMembership as AnalysisNeuronMembership`,
          NeuronMarginCorrelation: `${PROVENANCED}#ProvenancedNeuronMarginCorrelation`,
          NeuronAblationEffect: `${RESULTS}#NeuronAblationEffect as AnalysisNeuronAblationEffect`,
          NeuronExample: `${RESULTS}#NeuronExample as AnalysisNeuronExample`,
          ExampleToken: `${RESULTS}#ExampleToken as AnalysisExampleToken`,
          NeuronHistogram: `${PROVENANCED}#ProvenancedNeuronHistogram`,
        },
      },
    },
    // The pages' view of the API: what a client reads (a view picks the fields it asks for).
    [webOut]: {
      plugins: ['typescript'],
      config: { useTypeImports: true, enumsAsTypes: true, avoidOptionals: true },
    },
  },
};

export default config;
