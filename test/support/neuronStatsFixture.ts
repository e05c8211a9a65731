/**
 * Builds NeuronStats from explicit token activations, the way the engine streams them, so the
 * analysis tests can plant known neurons without an ONNX model. Every site has a token axis and
 * each token passes through every site, so a site's token count is the text's token count.
 */
import type { NeuronSite, NeuronStats, TextSideStats } from '../../src/engine/types.ts';

/** One text: per token, the activations of all N neurons (flat numbering); `base` the base model's, same shape. */
export interface TextActivations {
  tokens: Float64Array[];
  base?: Float64Array[];
}

export interface PairActivations {
  chosen: TextActivations;
  rejected: TextActivations;
}

/** Sites of the given widths, in layer order, all with a token axis. */
export function sitesOfWidths(widths: number[]): NeuronSite[] {
  let offset = 0;
  return widths.map((width, layer) => {
    const site = { name: `layer${layer}.mlp`, layer, width, tokenAxis: true, offset };
    offset += width;
    return site;
  });
}

/** Streams the pairs into NeuronStats exactly as rmlens.md §1 pools them. */
export function statsFromActivations(sites: NeuronSite[], pairs: PairActivations[]): NeuronStats {
  const n = sites.reduce((s, site) => s + site.width, 0);
  const withBase = pairs.every((p) => p.chosen.base && p.rejected.base);
  const side = (): TextSideStats => ({
    sum: new Float64Array(n),
    tokens: sites.map(() => 0),
    positive: new Float64Array(n),
    ...(withBase ? { sqDiffBase: new Float64Array(n) } : {}),
  });
  const stats: NeuronStats = {
    neuronCount: n,
    pairs: pairs.length,
    chosen: side(),
    rejected: side(),
    contrastSum: new Float64Array(n),
    contrastSumSq: new Float64Array(n),
  };
  for (const pair of pairs) {
    const meanChosen = accumulate(stats.chosen, pair.chosen, n);
    const meanRejected = accumulate(stats.rejected, pair.rejected, n);
    for (let j = 0; j < n; j++) {
      const d = meanChosen[j] - meanRejected[j];
      stats.contrastSum[j] += d;
      stats.contrastSumSq[j] += d * d;
    }
  }
  return stats;
}

/** Adds one text to a side; returns the text's per-neuron token mean. */
function accumulate(side: TextSideStats, text: TextActivations, n: number): Float64Array {
  const mean = new Float64Array(n);
  text.tokens.forEach((a, t) => {
    for (let j = 0; j < n; j++) {
      side.sum[j] += a[j];
      mean[j] += a[j] / text.tokens.length;
      if (a[j] > 0) side.positive[j]++;
      if (side.sqDiffBase) side.sqDiffBase[j] += (a[j] - text.base![t][j]) ** 2;
    }
  });
  for (let l = 0; l < side.tokens.length; l++) side.tokens[l] += text.tokens.length;
  return mean;
}
