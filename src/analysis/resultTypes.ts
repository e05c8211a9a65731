/**
 * The result shapes the service returns, field for field those of rmlens.md §4 (GraphQL object
 * references become ids; the resolvers of a later issue turn ids into objects).
 */

import type { OverlapStats } from './overlap.ts';
import type { DataObjective, NeuronSetKind } from '../vocabulary.ts';

/** `Evaluation`: preference accuracy on a held-out part (ties half) with its 95% bootstrap CI. */
export interface Evaluation {
  accuracy: number;
  accuracyLow: number;
  accuracyHigh: number;
  meanMargin: number;
  pairs: number;
}

/** `Neuron`: a unit in the flat numbering, named by its site. */
export interface Neuron {
  layer: number;
  index: number;
  site: string;
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

/** `SweepPoint`: accuracy after zero-ablating one kind of set at one percent (ALL = 100). */
export interface SweepPoint {
  percent: number;
  kind: NeuronSetKind;
  of: DataObjective | null;
  accuracy: number;
  deltaAccuracy: number;
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

/** `TensionReport`: every model on every held-out dataset, plus interference per objective. */
export interface TensionReport {
  rows: TensionRow[];
  interference: Interference[];
}

/** One α of the frontier: SCALE of a set in a model, accuracy on each objective's held-out data. */
export interface FrontierPoint {
  alpha: number;
  helpfulAccuracy: number;
  harmlessAccuracy: number;
  helpfulDelta: number;
  harmlessDelta: number;
}
