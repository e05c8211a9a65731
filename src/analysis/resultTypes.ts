/**
 * The result shapes the service returns, field for field those of rmlens.md §4 (GraphQL object
 * references become ids; the resolvers turn ids into objects).
 */

import type { OverlapStats, PairOverlapStats } from './overlap.ts';
import type { Part } from '../data/types.ts';
import type { Cached } from '../db/resultCache.ts';
import type { BenchmarkLayout } from '../data/types.ts';
import type {
  AblationMode,
  BaselineRule,
  BenchmarkFormat,
  BenchmarkPairing,
  DataObjective,
  ExampleRanking,
  NeuronMembershipKind,
  NeuronSetKind,
  PairSide,
  ScoreMethod,
  SetOwner,
  TieRule,
} from '../vocabulary.ts';

/** `Evaluation`: preference accuracy on a held-out part (ties half) with its 95% bootstrap CI. */
export interface Evaluation {
  accuracy: number;
  accuracyLow: number;
  accuracyHigh: number;
  meanMargin: number;
  pairs: number;
}

/**
 * `BenchmarkGroup`: a model on some rows of a reward benchmark (one subset, one section, or all
 * of one objective's rows). Each row scores 0 to 1 (experiments/benchmark.ts); accuracy is the
 * mean over rows, its CI a percentile bootstrap over rows (a row's pairs share a prompt, so
 * they are resampled together).
 */
export interface BenchmarkGroup {
  name: string;
  /** The section the group's rows belong to (the name itself for a section or a benchmark without sections; `all` for all rows). */
  category: string;
  objective: DataObjective;
  accuracy: number;
  accuracyLow: number;
  accuracyHigh: number;
  rows: number;
  pairs: number;
  /** Pairs whose two rewards were equal: the tie rule changes the accuracy only when this is above 0. */
  tiedPairs: number;
}

/** `BenchmarkEvaluation`: a model on one objective's rows of a reward-benchmark file, per subset and section. */
export interface BenchmarkEvaluation {
  format: BenchmarkFormat;
  scoring: BenchmarkLayout['scoring'];
  pairing: BenchmarkPairing;
  ties: TieRule;
  /** Every row of the dataset. */
  overall: BenchmarkGroup;
  /** Per section, in the order the file first names them. */
  categories: BenchmarkGroup[];
  /** Per subset, in the order the file first names them. */
  subsets: BenchmarkGroup[];
}

/** `Neuron`: a unit in the flat numbering, named by its site. */
export interface Neuron {
  layer: number;
  index: number;
  site: string;
}

/** `NeuronDetail`: a neuron of a model (the model by id) that the model was checked to have. */
export interface NeuronDetail extends Neuron {
  model: string;
}

/** A NeuronScore as the API serves it: with its model's id, so `detail` can look the neuron up. */
export interface ModelNeuronScore extends NeuronScore {
  model: string;
}

/** `NeuronScore`: a neuron's score on a train part and its rank (1 = first selected). */
export interface NeuronScore {
  neuron: Neuron;
  score: number;
  rank: number;
}

/** `OverlapSet`: overlap of the helpful and harmless top sets, with every shared neuron (the resolver applies `first`). */
export interface OverlapSet extends OverlapStats {
  sharedNeurons: Neuron[];
}

/** `SetPairOverlap`: the overlap of two of the three top sets, named by whose set each is. */
export interface SetPairOverlap extends PairOverlapStats {
  first: SetOwner;
  second: SetOwner;
}

/**
 * `ThreeWayOverlap`: the helpful, harmless and mixed top sets, each pair's overlap, and the
 * neurons in all three against two nulls (overlap.ts `threeWayStats`).
 */
export interface ThreeWayOverlap {
  /** N: every neuron of the common sites. */
  neuronCount: number;
  helpfulSize: number;
  harmlessSize: number;
  mixedSize: number;
  helpfulHarmless: SetPairOverlap;
  helpfulMixed: SetPairOverlap;
  harmlessMixed: SetPairOverlap;
  /** In all three sets. */
  shared: number;
  /** helpfulSize · harmlessSize · mixedSize / N² (independent uniform sets). */
  expectedShared: number;
  /** P(at least `shared` in all three) for independent uniform sets: exact, one-sided. */
  pValue: number;
  /** |helpful ∩ harmless| · mixedSize / N (the mixed set drawn uniformly, helpful ∩ harmless as observed). */
  expectedSharedGivenHelpfulHarmless: number;
  /** One-sided hypergeometric p of that null. */
  pValueGivenHelpfulHarmless: number;
  /** Every neuron in all three sets, by (layer, index). */
  sharedNeurons: Neuron[];
}

/** `Ablation`: one set ablated in one model on one held-out part, with size-matched random controls. */
export interface Ablation {
  neurons: number;
  pairs: number;
  baselineAccuracy: number;
  accuracy: number;
  deltaAccuracy: number;
  deltaLow: number;
  deltaHigh: number;
  baselineMargin: number;
  meanMargin: number;
  deltaPerNeuron: number;
  controls: number;
  controlMeanDelta: number | null;
  controlStdDelta: number | null;
  zScore: number | null;
}

/**
 * `SweepPoint`: accuracy after zero-ablating one kind of set at one percent (ALL = 100), and
 * the spread of the accuracy changes of random sets matched to that set (as an Ablation's).
 */
export interface SweepPoint {
  percent: number;
  kind: NeuronSetKind;
  of: DataObjective | null;
  accuracy: number;
  deltaAccuracy: number;
  /** Neurons in the point's set. */
  neurons: number;
  controls: number;
  /** Mean control delta; null without controls. */
  controlMeanDelta: number | null;
  /** Sample sd of the control deltas; null with fewer than 2 controls. */
  controlStdDelta: number | null;
}

/** `Correspondence`: per-neuron Pearson r between two models on the same held-out texts. */
export interface Correspondence {
  meanCorrelation: number;
  medianCorrelation: number;
  /** Share of neurons with r > 0.5 (an extension of §4). */
  shareAboveHalf: number;
  neurons: number;
}

/** `TensionRow`: one model evaluated on one held-out dataset. */
export interface TensionRow {
  model: string;
  dataset: string;
  evaluation: Evaluation;
  /** The same accuracy split by which response of each pair is the longer. */
  byLength: LengthStrata;
}

/** `LengthStratum`: accuracy (ties as the request's tie rule says) with its 95% bootstrap CI on one length stratum; null numbers for an empty stratum. */
export interface LengthStratum {
  accuracy: number | null;
  accuracyLow: number | null;
  accuracyHigh: number | null;
  pairs: number;
}

/**
 * `LengthStrata`: a model's accuracy on the pairs of a held-out part whose chosen response is
 * longer than the rejected one, shorter, or of equal length, in response tokens as the models
 * read them (length.ts). A length detector scores high on one and low on the other.
 */
export interface LengthStrata {
  chosenLonger: LengthStratum;
  chosenShorter: LengthStratum;
  equalLength: LengthStratum;
}

/**
 * `LengthBaseline`: a rule scored on a held-out part as a model would be (equal lengths tie and
 * count as the tie rule says; 95% bootstrap CI), with the part's pairs counted by which response is longer.
 */
export interface LengthBaseline {
  rule: BaselineRule;
  dataset: string;
  accuracy: number;
  accuracyLow: number;
  accuracyHigh: number;
  pairs: number;
  chosenLonger: number;
  chosenShorter: number;
  equalLength: number;
  /** Response tokens counted at most (the truncation every zoo model reads with). */
  maxResponseTokens: number;
}

/**
 * `Transferability`: of the held-out pairs `from` gets right, the share `to` also gets right,
 * with a 95% bootstrap CI over pairs. Ties count as the tie rule says on both sides: a pair
 * adds its `from` win (1, a tie's value, 0) to `fromCorrect` and the product of both wins to
 * `bothCorrect`, so under HALF a count may end in .5. Null share and CI when `from` gets no pair right.
 */
export interface Transferability {
  from: string;
  to: string;
  dataset: string;
  share: number | null;
  shareLow: number | null;
  shareHigh: number | null;
  fromCorrect: number;
  bothCorrect: number;
  pairs: number;
}

/**
 * `Interference`: accuracy of the single-objective RM minus the mixed RM's on the same pairs
 * (all held-out datasets of that objective pooled), with a paired-bootstrap CI.
 */
export interface Interference {
  objective: DataObjective;
  single: string;
  mixed: string;
  delta: number;
  deltaLow: number;
  deltaHigh: number;
  pairs: number;
}

/**
 * `TensionReport`: every model on every held-out dataset, plus interference per objective, the
 * length rule on each dataset, and the transferability of each single-objective RM's right
 * answers to each mixed RM.
 */
export interface TensionReport {
  rows: TensionRow[];
  interference: Interference[];
  baselines: LengthBaseline[];
  transferability: Transferability[];
}

/** One α of the frontier: SCALE of a set in a model, accuracy on each objective's held-out data. */
export interface FrontierPoint {
  alpha: number;
  helpfulAccuracy: number;
  harmlessAccuracy: number;
  helpfulDelta: number;
  harmlessDelta: number;
}

/** One neuron's score under one method on one dataset's train part, with its place among all neurons. */
export interface NeuronMethodScore {
  dataset: string;
  objective: DataObjective;
  method: ScoreMethod;
  score: number;
  /** 1 = ranked first by the method's TOP rule (CONTRAST by |score|; ties by (layer, index)). */
  rank: number;
  /** Share of all neurons ranked at or below it, in percent: rank 1 → 100, last → 100/N. */
  percentile: number;
  neurons: number;
}

/** Where a neuron falls between two selections (per (layer, index)). */
export interface NeuronMembership {
  membership: NeuronMembershipKind;
  inHelpful: boolean;
  inHarmless: boolean;
}

/** Pearson r of a neuron's CONTRAST difference (chosen − rejected token-mean activation) with the reward margin, per pair. */
export interface NeuronMarginCorrelation {
  /** null when the neuron's difference or the margin is constant over the pairs. */
  r: number | null;
  pairs: number;
}

/** A single-neuron ablation on one objective's evaluation part. */
export interface NeuronAblationEffect {
  mode: AblationMode;
  dataset: string;
  objective: DataObjective;
  /** With its own row's provenance: each effect is one stored ablation, which the list's (newest-row) provenance cannot tell apart. */
  ablation: Cached<Ablation>;
}

/** A token of an example with the neuron's activation there. */
export interface ExampleToken {
  id: number;
  text: string;
  response: boolean;
  activation: number;
}

/** One top-activating text of a neuron. */
export interface NeuronExample {
  /** 1-based rank in the ranking. */
  rank: number;
  pairId: string;
  side: PairSide;
  prompt: string;
  response: string;
  /** The ranking's value: max or mean activation over the response tokens. */
  value: number;
  /** Per-token activations; null for a neuron on a site without a token axis. */
  tokens: ExampleToken[] | null;
}

/** A page of a neuron's top examples (ranks offset + 1 … offset + examples.length). */
export interface NeuronExamplesPage {
  by: ExampleRanking;
  part: Part;
  /** Texts ranked (at most the pass's k). */
  totalCount: number;
  offset: number;
  hasNextPage: boolean;
  examples: NeuronExample[];
}

/** Histogram of a neuron's per-text max activation over response tokens on one part. */
export interface NeuronHistogram {
  part: Part;
  bins: number;
  /** Grid ends: the smallest and largest per-text max on the part; bin b spans lo + b·(hi − lo)/bins. */
  lo: number;
  hi: number;
  counts: number[];
  texts: number;
}
