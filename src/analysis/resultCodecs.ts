/**
 * How each cached result kind is stored: per-pair and per-neuron arrays as Float64 arrays (the
 * store packs them into one BLOB), everything else as JSON scalars validated on the way back.
 */
import { z } from 'zod';
import type { Codec } from '../db/resultCache.ts';
import type { CorrelationStats, MarginCorrelation, NeuronExamples, NeuronSite, NeuronStats, PairRewards, TextSideStats, TokenActivations, TopTexts } from '../engine/types.ts';
import type { Ablation, BenchmarkEvaluation, Evaluation, FrontierPoint, Interference, LengthBaseline, LengthStrata, SweepPoint, Transferability } from './resultTypes.ts';
import type { NeuronScores } from './types.ts';
import { BENCHMARK_FORMATS, BENCHMARK_PAIRINGS, BENCHMARK_SCORINGS, DATA_OBJECTIVES, NEURON_SET_KINDS, SCORE_METHODS, TIE_RULES } from '../vocabulary.ts';

/** Rewards per pair (chosen, rejected). */
export const pairRewardsCodec: Codec<PairRewards> = {
  encode: ({ chosen, rejected }) => ({ scalars: null, arrays: { chosen, rejected } }),
  decode: ({ arrays }) => ({ chosen: arrays.chosen, rejected: arrays.rejected }),
};

const StatsScalars = z.object({
  neuronCount: z.number().int(),
  pairs: z.number().int(),
  chosenTokens: z.array(z.number()),
  rejectedTokens: z.array(z.number()),
  withBase: z.boolean(),
});

/** Streamed neuron statistics of one model on one part (with the base's Σ(a − b)² when computed). */
export const neuronStatsCodec: Codec<NeuronStats> = {
  encode: (s) => {
    const withBase = s.chosen.sqDiffBase !== undefined;
    const arrays: Record<string, Float64Array> = {
      chosenSum: s.chosen.sum,
      chosenPositive: s.chosen.positive,
      rejectedSum: s.rejected.sum,
      rejectedPositive: s.rejected.positive,
      contrastSum: s.contrastSum,
      contrastSumSq: s.contrastSumSq,
    };
    if (withBase) {
      arrays.chosenSqDiffBase = s.chosen.sqDiffBase!;
      arrays.rejectedSqDiffBase = s.rejected.sqDiffBase!;
    }
    const scalars = { neuronCount: s.neuronCount, pairs: s.pairs, chosenTokens: s.chosen.tokens, rejectedTokens: s.rejected.tokens, withBase };
    return { scalars, arrays };
  },
  decode: ({ scalars, arrays }) => {
    const s = StatsScalars.parse(scalars);
    const side = (prefix: 'chosen' | 'rejected', tokens: number[]): TextSideStats => ({
      sum: arrays[`${prefix}Sum`],
      tokens,
      positive: arrays[`${prefix}Positive`],
      ...(s.withBase ? { sqDiffBase: arrays[`${prefix}SqDiffBase`] } : {}),
    });
    return {
      neuronCount: s.neuronCount,
      pairs: s.pairs,
      chosen: side('chosen', s.chosenTokens),
      rejected: side('rejected', s.rejectedTokens),
      contrastSum: arrays.contrastSum,
      contrastSumSq: arrays.contrastSumSq,
    };
  },
};


/** Per-neuron scores and what TOP ranks by. */
export const scoresCodec: Codec<NeuronScores> = {
  encode: ({ method, score, rankBy }) => ({ scalars: { method }, arrays: { score, rankBy } }),
  decode: ({ scalars, arrays }) => ({ method: z.object({ method: z.enum(SCORE_METHODS) }).parse(scalars).method, score: arrays.score, rankBy: arrays.rankBy }),
};

/** Per-neuron Pearson r (NaN for constant neurons survives: the BLOB is raw Float64). */
export const correlationCodec: Codec<CorrelationStats> = {
  encode: ({ texts, r }) => ({ scalars: { texts }, arrays: { r } }),
  decode: ({ scalars, arrays }) => ({ texts: z.object({ texts: z.number().int() }).parse(scalars).texts, r: arrays.r }),
};

/** Per-neuron r of the CONTRAST difference with the reward margin. */
export const marginCorrelationCodec: Codec<MarginCorrelation> = {
  encode: ({ pairs, r }) => ({ scalars: { pairs }, arrays: { r } }),
  decode: ({ scalars, arrays }) => ({ pairs: z.object({ pairs: z.number().int() }).parse(scalars).pairs, r: arrays.r }),
};

/** Examples of one layer (the store holds Float64 arrays: text numbers and counts are exact in them). */
export const neuronExamplesCodec: Codec<NeuronExamples> = {
  encode: (e) => ({
    scalars: { neuronCount: e.neuronCount, pairs: e.pairs, k: e.k },
    arrays: {
      ...topTextsArrays('byMax', e.byMax),
      ...topTextsArrays('byMean', e.byMean),
      lo: e.histogram.lo,
      hi: e.histogram.hi,
      counts: Float64Array.from(e.histogram.counts),
    },
  }),
  decode: ({ scalars, arrays }) => {
    const s = z.object({ neuronCount: z.number().int(), pairs: z.number().int(), k: z.number().int() }).parse(scalars);
    return {
      ...s,
      byMax: topTextsOf('byMax', arrays),
      byMean: topTextsOf('byMean', arrays),
      histogram: { lo: arrays.lo, hi: arrays.hi, counts: Uint32Array.from(arrays.counts) },
    };
  },
};

function topTextsArrays(prefix: string, t: TopTexts): Record<string, Float64Array> {
  return { [`${prefix}Texts`]: Float64Array.from(t.texts), [`${prefix}Values`]: t.values, [`${prefix}Filled`]: Float64Array.from(t.filled) };
}

function topTextsOf(prefix: string, arrays: Record<string, Float64Array>): TopTexts {
  return { texts: Int32Array.from(arrays[`${prefix}Texts`]), values: arrays[`${prefix}Values`], filled: Int32Array.from(arrays[`${prefix}Filled`]) };
}

const TokensSchema = z.array(z.object({ id: z.number().int(), text: z.string(), response: z.boolean() }));

/** Per-token activations of one neuron in one text: the tokens as JSON, the activations as one array. */
export const tokenActivationsCodec: Codec<TokenActivations> = {
  encode: ({ tokens, activations }) => {
    if (activations.length !== 1) throw new Error(`a stored token-activation row holds one neuron, got ${activations.length}`);
    return { scalars: tokens, arrays: { activations: activations[0] } };
  },
  decode: ({ scalars, arrays }) => ({ tokens: TokensSchema.parse(scalars), activations: [arrays.activations] }),
};

const EvaluationSchema = z.object({
  accuracy: z.number(),
  accuracyLow: z.number(),
  accuracyHigh: z.number(),
  meanMargin: z.number(),
  pairs: z.number().int(),
});

/** An Evaluation (scalars only). */
export const evaluationCodec: Codec<Evaluation> = {
  encode: (e) => ({ scalars: e, arrays: {} }),
  decode: ({ scalars }) => EvaluationSchema.parse(scalars),
};

const StratumSchema = z.object({ accuracy: z.number().nullable(), accuracyLow: z.number().nullable(), accuracyHigh: z.number().nullable(), pairs: z.number().int() });
const LengthStrataSchema = z.object({ chosenLonger: StratumSchema, chosenShorter: StratumSchema, equalLength: StratumSchema });

/** A model's accuracy per length stratum (scalars only). */
export const lengthStrataCodec: Codec<LengthStrata> = {
  encode: (s) => ({ scalars: s, arrays: {} }),
  decode: ({ scalars }) => LengthStrataSchema.parse(scalars),
};

/** The numbers of a length baseline; the rule and the dataset are the request's, attached when it is served. */
export type StoredLengthBaseline = Omit<LengthBaseline, 'rule' | 'dataset'>;

const LengthBaselineSchema = z.object({
  accuracy: z.number(),
  accuracyLow: z.number(),
  accuracyHigh: z.number(),
  pairs: z.number().int(),
  chosenLonger: z.number().int(),
  chosenShorter: z.number().int(),
  equalLength: z.number().int(),
  maxResponseTokens: z.number().int(),
});

/** A length baseline's numbers (scalars only). */
export const lengthBaselineCodec: Codec<StoredLengthBaseline> = {
  encode: (b) => ({ scalars: b, arrays: {} }),
  decode: ({ scalars }) => LengthBaselineSchema.parse(scalars),
};

/** The numbers of a transferability; the two model ids and the dataset are the request's. */
export type StoredTransferability = Omit<Transferability, 'from' | 'to' | 'dataset'>;

const TransferabilitySchema = z.object({
  share: z.number().nullable(),
  shareLow: z.number().nullable(),
  shareHigh: z.number().nullable(),
  fromCorrect: z.number(),
  bothCorrect: z.number(),
  pairs: z.number().int(),
});

/** A transferability's numbers (scalars only). */
export const transferabilityCodec: Codec<StoredTransferability> = {
  encode: (t) => ({ scalars: t, arrays: {} }),
  decode: ({ scalars }) => TransferabilitySchema.parse(scalars),
};

const BenchmarkGroupSchema = z.object({
  name: z.string(),
  category: z.string(),
  objective: z.enum(DATA_OBJECTIVES),
  accuracy: z.number(),
  accuracyLow: z.number(),
  accuracyHigh: z.number(),
  rows: z.number().int(),
  pairs: z.number().int(),
  tiedPairs: z.number().int(),
});

const BenchmarkSchema = z.object({
  format: z.enum(BENCHMARK_FORMATS),
  scoring: z.enum(BENCHMARK_SCORINGS),
  pairing: z.enum(BENCHMARK_PAIRINGS),
  ties: z.enum(TIE_RULES),
  overall: BenchmarkGroupSchema,
  categories: z.array(BenchmarkGroupSchema),
  subsets: z.array(BenchmarkGroupSchema),
});

/** A benchmark's per-subset and per-section accuracies (scalars only: its rewards are a row of their own). */
export const benchmarkCodec: Codec<BenchmarkEvaluation> = {
  encode: (b) => ({ scalars: b, arrays: {} }),
  decode: ({ scalars }) => BenchmarkSchema.parse(scalars),
};

const DeltaSchema = z.object({ delta: z.number(), deltaLow: z.number(), deltaHigh: z.number(), pairs: z.number().int() });

/** An interference's numbers; the objective and the two model ids are the request's, attached when it is served. */
export const interferenceCodec: Codec<Pick<Interference, 'delta' | 'deltaLow' | 'deltaHigh' | 'pairs'>> = {
  encode: ({ delta, deltaLow, deltaHigh, pairs }) => ({ scalars: { delta, deltaLow, deltaHigh, pairs }, arrays: {} }),
  decode: ({ scalars }) => DeltaSchema.parse(scalars),
};

const AblationSchema = z.object({
  neurons: z.number().int(),
  pairs: z.number().int(),
  baselineAccuracy: z.number(),
  accuracy: z.number(),
  deltaAccuracy: z.number(),
  deltaLow: z.number(),
  deltaHigh: z.number(),
  baselineMargin: z.number(),
  meanMargin: z.number(),
  deltaPerNeuron: z.number(),
  controls: z.number().int(),
  controlMeanDelta: z.number().nullable(),
  controlStdDelta: z.number().nullable(),
  zScore: z.number().nullable(),
});

/** An Ablation's scalars. */
export const ablationCodec: Codec<Ablation> = {
  encode: ({ ...a }) => ({ scalars: a, arrays: {} }),
  decode: ({ scalars }) => AblationSchema.parse(scalars),
};

const SweepPointFields = {
  percent: z.number(),
  kind: z.enum(NEURON_SET_KINDS),
  of: z.enum(DATA_OBJECTIVES).nullable(),
  accuracy: z.number(),
  deltaAccuracy: z.number(),
};

/**
 * A point as rows written before sweeps had controls hold it: exactly the five fields above.
 * Every such row is a sweep without controls (a sweep with controls has a key of its own), so
 * its control fields are what a sweep without controls computes: 0, null, null. Its set size was
 * never stored and is not invented here: it stays absent, and the sweep rebuilds it from the
 * sets the row was computed from (experiments/sweep.ts).
 */
const LegacySweepPoint = z.strictObject(SweepPointFields).transform((p) => ({ ...p, controls: 0, controlMeanDelta: null, controlStdDelta: null }));

const SweepSchema = z.array(z.union([
  z.object({
    ...SweepPointFields,
    neurons: z.number().int(),
    controls: z.number().int(),
    controlMeanDelta: z.number().nullable(),
    controlStdDelta: z.number().nullable(),
  }),
  LegacySweepPoint,
]));

/** A stored sweep point: a SweepPoint, without `neurons` when read from a row written before sweeps had controls. */
export type StoredSweepPoint = Omit<SweepPoint, 'neurons'> & { neurons?: number };

/** A p-sweep's points (scalars only: its ablated rewards are stored per condition). */
export const sweepCodec: Codec<StoredSweepPoint[]> = {
  encode: (points) => ({ scalars: points, arrays: {} }),
  decode: ({ scalars }) => SweepSchema.parse(scalars),
};

const FrontierSchema = z.array(z.object({
  alpha: z.number(),
  helpfulAccuracy: z.number(),
  harmlessAccuracy: z.number(),
  helpfulDelta: z.number(),
  harmlessDelta: z.number(),
}));

/** A frontier's points (scalars only). */
export const frontierCodec: Codec<FrontierPoint[]> = {
  encode: (points) => ({ scalars: points, arrays: {} }),
  decode: ({ scalars }) => FrontierSchema.parse(scalars),
};

/** What the service needs of a model without loading it: its sites and metadata. */
export interface ModelInfo {
  sites: NeuronSite[];
  neuronCount: number;
  metadata: Record<string, string>;
}

const ModelInfoSchema = z.object({
  sites: z.array(z.object({ name: z.string(), layer: z.number().int(), width: z.number().int(), tokenAxis: z.boolean(), offset: z.number().int() })),
  neuronCount: z.number().int(),
  metadata: z.record(z.string(), z.string()),
});

/** A model's sites and metadata, keyed by its file hash. */
export const modelInfoCodec: Codec<ModelInfo> = {
  encode: (info) => ({ scalars: info, arrays: {} }),
  decode: ({ scalars }) => ModelInfoSchema.parse(scalars),
};
