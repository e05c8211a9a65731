/** Neuron selections, set requests and scores: the requests the analysis takes. */
import type { DataObjective, NeuronSetKind, ScoreMethod } from '../vocabulary.ts';

/** Which neurons one objective's model "uses": scores of `model` on the train part of `dataset`. */
export interface NeuronSelection {
  model: string;
  dataset: string;
  method: ScoreMethod;
  topPercent: number;
  /** Rank within each layer instead of globally (an option beyond the reference). */
  perLayer?: boolean;
}

/** A neuron set request, as rmlens.md §4 `NeuronSetInput` describes (required fields per kind). */
export interface NeuronSetSpec {
  kind: NeuronSetKind;
  helpful?: NeuronSelection;
  harmless?: NeuronSelection;
  of?: DataObjective;
  percent?: number;
  matchedTo?: NeuronSetKind;
  seed?: number;
  neurons?: { layer: number; index: number }[];
}

/** Per-neuron scores in the flat numbering; `rankBy` is what selection orders by. */
export interface NeuronScores {
  method: ScoreMethod;
  /** The reported score (signed for CONTRAST and MAGNITUDE). */
  score: Float64Array;
  /** What TOP ranks by, descending: the score itself, or |score| for CONTRAST. */
  rankBy: Float64Array;
}
