/** The engine's public vocabulary: what a caller (analysis, trainer, server) sees of a model. */

/** A named tensor whose last axis is the neuron axis; `layer` is its order in the graph. */
export interface NeuronSite {
  name: string;
  layer: number;
  width: number;
  /** true for [batch, seq, width] sites (token-pooled statistics), false for [batch, width]. */
  tokenAxis: boolean;
  /** Index of this site's first neuron in the flat neuron numbering (sites in layer order). */
  offset: number;
}

/** Execution provider request; CUDA falls back to CPU with a warning when it cannot load. */
export type Device = 'cpu' | 'cuda';

/** Rewards of every pair of a part, in pair order. */
export interface PairRewards {
  chosen: Float64Array;
  rejected: Float64Array;
}

/**
 * One ablation condition over the flat neuron numbering: each site activation x becomes
 * x * keep + fill. keep = 1, fill = 0 is the identity; keep = 0 zero-ablates; keep = 0 with
 * fill = mean mean-ablates; keep = alpha scales.
 */
export interface AblationCondition {
  keep: Float32Array;
  fill: Float32Array;
}

/**
 * Streaming per-neuron statistics of one model over a part (arrays of length neuronCount).
 * Token sums are over every non-padding token of every text; for sites without a token
 * axis, "token" reads "example".
 */
export interface TextSideStats {
  /** Σ activation over tokens. */
  sum: Float64Array;
  /** Number of tokens pooled per site (same for every neuron of a site), by site layer. */
  tokens: number[];
  /** Count of tokens with activation > 0. */
  positive: Float64Array;
  /** Σ (a − b)² over tokens against the base model at the same token; present when a base was given. */
  sqDiffBase?: Float64Array;
}

export interface NeuronStats {
  neuronCount: number;
  pairs: number;
  chosen: TextSideStats;
  rejected: TextSideStats;
  /** Per pair d = mean activation over the chosen text's tokens − same over the rejected text: Σd and Σd². */
  contrastSum: Float64Array;
  contrastSumSq: Float64Array;
}

/** Streaming Pearson accumulators of per-text token-averaged activations, model A vs model B, neuron j vs j. */
export interface CorrelationStats {
  texts: number;
  /** Per-neuron Pearson r (NaN where either side is constant). */
  r: Float64Array;
}

/** Progress callback: done and total in the caller's units (pairs). */
export type OnProgress = (done: number, total: number) => void;
