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

/**
 * Fine grid of every per-neuron histogram of per-text max activation. Fixed, so a query's
 * coarser grid (any number of bins dividing it) merges whole bins and never re-bins texts.
 */
export const HISTOGRAM_BINS = 256;

/**
 * A text of a part by number: `2 · pairIndex + side`, side 0 = chosen, 1 = rejected (both
 * texts share the pair's prompt). Typed-array friendly; the analysis turns it into a stable
 * pair id and a side.
 */
export type TextNumber = number;

/** The k best texts of every neuron, best first: slot r of neuron j is `[j · k + r]`. */
export interface TopTexts {
  /** Texts (TextNumber); −1 in the slots past `filled[j]`. */
  texts: Int32Array;
  /** Their activation (max or mean over response tokens); NaN in unfilled slots. */
  values: Float64Array;
  /** Slots filled per neuron: min(k, texts seen). */
  filled: Int32Array;
}

/**
 * What `RewardModel.neuronExamples` keeps of a part, per neuron, in memory O(k · neurons + bins
 * · neurons) whatever the number of texts: the top-k texts by max and by mean activation over
 * response tokens (ties: lower text number first), and a histogram of per-text max activation
 * on HISTOGRAM_BINS equal bins over [lo, hi], the range of per-text maxima on the same part.
 */
export interface NeuronExamples {
  neuronCount: number;
  pairs: number;
  k: number;
  byMax: TopTexts;
  byMean: TopTexts;
  histogram: {
    /** Smallest and largest per-text max activation per neuron: the grid's ends. */
    lo: Float64Array;
    hi: Float64Array;
    /** `[j · HISTOGRAM_BINS + b]`: texts of neuron j whose max falls in bin b (hi itself in the last bin; lo = hi: all in bin 0). */
    counts: Uint32Array;
  };
}

/** One text to read token by token: the prompt and one response, tokenized as the model tokenizes pairs. */
export interface TextInput {
  prompt: string;
  response: string;
}

/** A token of a text: its GPT-2 id, its decoded string (a lone byte of a multi-byte character decodes to U+FFFD), and whether it is a response token. */
export interface TextToken {
  id: number;
  text: string;
  response: boolean;
}

/** Per-token activations of one text for the neurons asked for. */
export interface TokenActivations {
  tokens: TextToken[];
  /** `activations[i][t]`: the i-th neuron asked for at token t. */
  activations: Float64Array[];
}

/** Per-neuron Pearson r, over the pairs of a part, of the CONTRAST difference d (chosen token-mean − rejected token-mean) with the reward margin r_c − r_r. */
export interface MarginCorrelation {
  pairs: number;
  /** NaN where d or the margin is constant. */
  r: Float64Array;
}
