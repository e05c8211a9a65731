/**
 * Per-neuron scores from streamed statistics (rmlens.md §1). Each reference score is computed
 * on the chosen texts and on the rejected texts separately, token-pooled over the whole part
 * (Σ over every token / total token count of that site), then averaged: (s_c + s_r) / 2.
 * CONTRAST is rmlens' own: a paired t-like statistic of chosen − rejected per pair.
 */
import type { NeuronSite, NeuronStats, TextSideStats } from '../engine/types.ts';
import { BadUserInputError } from '../errors.ts';
import { neuronCountOf } from './neuronLayout.ts';
import type { NeuronScores } from './types.ts';
import type { ScoreMethod } from '../vocabulary.ts';

/**
 * Relative variance floor under which CONTRAST treats d as constant (sd 0 → score 0): the
 * streamed Σd² − (Σd)²/n leaves rounding residue instead of an exact 0 when every d is equal,
 * and dividing by that residue would rank a constant neuron first.
 */
const CONSTANT_VARIANCE_FLOOR = 1e-12;

/**
 * Scores every neuron by `method` in the flat numbering. `rankBy` is the score except for
 * CONTRAST, which ranks by |score| (the sign says which side the neuron favours).
 * Throws BadUserInputError when CHANGE lacks base statistics, when a site pooled no tokens,
 * or when CONTRAST has fewer than two pairs (no sample sd).
 */
export function scoreNeurons(stats: NeuronStats, method: ScoreMethod, sites: readonly NeuronSite[]): NeuronScores {
  assertStatsMatchSites(stats, sites);
  const score = scoreByMethod(stats, method, sites);
  const rankBy = method === 'CONTRAST' ? score.map(Math.abs) : score;
  return { method, score, rankBy };
}

function scoreByMethod(stats: NeuronStats, method: ScoreMethod, sites: readonly NeuronSite[]): Float64Array {
  switch (method) {
    case 'MAGNITUDE':
      return averageSides(stats, sites, (side, j, tokens) => side.sum[j] / tokens);
    case 'PROBABILITY':
      return averageSides(stats, sites, (side, j, tokens) => side.positive[j] / tokens);
    case 'CHANGE': {
      const { chosen, rejected } = stats;
      if (!chosen.sqDiffBase || !rejected.sqDiffBase) {
        throw new BadUserInputError('CHANGE scores need the model\'s base activations, and this model has no base');
      }
      return averageSides(stats, sites, (side, j, tokens) => Math.sqrt(side.sqDiffBase![j] / tokens));
    }
    case 'CONTRAST':
      return contrastScores(stats);
  }
}

/** (f(chosen) + f(rejected)) / 2 per neuron, where f sees the token count of the neuron's site. */
function averageSides(
  stats: NeuronStats,
  sites: readonly NeuronSite[],
  perSide: (side: TextSideStats, neuron: number, tokens: number) => number,
): Float64Array {
  const out = new Float64Array(stats.neuronCount);
  for (const site of sites) {
    const tc = sideTokens(stats.chosen, site, 'chosen');
    const tr = sideTokens(stats.rejected, site, 'rejected');
    for (let j = site.offset; j < site.offset + site.width; j++) {
      out[j] = (perSide(stats.chosen, j, tc) + perSide(stats.rejected, j, tr)) / 2;
    }
  }
  return out;
}

function sideTokens(side: TextSideStats, site: NeuronSite, label: string): number {
  const tokens = side.tokens[site.layer];
  if (!(tokens > 0)) throw new BadUserInputError(`site '${site.name}' pooled no ${label} tokens; the part is empty`);
  return tokens;
}

/** mean(d) / sd(d) with the sample sd; 0 where d is constant. */
function contrastScores(stats: NeuronStats): Float64Array {
  const n = stats.pairs;
  if (n < 2) throw new BadUserInputError(`CONTRAST needs at least 2 pairs, got ${n}`);
  const out = new Float64Array(stats.neuronCount);
  for (let j = 0; j < stats.neuronCount; j++) {
    const sum = stats.contrastSum[j];
    const sumSq = stats.contrastSumSq[j];
    const mean = sum / n;
    const variance = (sumSq - sum * mean) / (n - 1);
    const constant = variance <= CONSTANT_VARIANCE_FLOOR * (sumSq / n);
    out[j] = constant ? 0 : mean / Math.sqrt(variance);
  }
  return out;
}

/**
 * Per-neuron token-mean activation over both texts of the part, (Σ_c + Σ_r) / (T_c + T_r):
 * the fill of MEAN ablation (computed on the train part, applied to the held-out part).
 */
export function trainMeans(stats: NeuronStats, sites: readonly NeuronSite[]): Float64Array {
  assertStatsMatchSites(stats, sites);
  const out = new Float64Array(stats.neuronCount);
  for (const site of sites) {
    const tokens = (stats.chosen.tokens[site.layer] ?? 0) + (stats.rejected.tokens[site.layer] ?? 0);
    if (!(tokens > 0)) throw new BadUserInputError(`site '${site.name}' pooled no tokens; the part is empty`);
    for (let j = site.offset; j < site.offset + site.width; j++) out[j] = (stats.chosen.sum[j] + stats.rejected.sum[j]) / tokens;
  }
  return out;
}

/**
 * The statistics of several parts as one: every field is a sum over tokens (per site) or over
 * pairs, so the sums of the parts' statistics are the statistics of the union of their pairs
 * (up to the order of float additions), and every score of the pooled statistics is that of
 * the union. `sqDiffBase` is kept only when every part has it.
 */
export function poolNeuronStats(parts: readonly NeuronStats[]): NeuronStats {
  if (parts.length === 0) throw new Error('pooling needs at least one part');
  if (parts.length === 1) return parts[0];
  const n = parts[0].neuronCount;
  if (parts.some((p) => p.neuronCount !== n)) throw new Error(`pooled statistics cover ${parts.map((p) => p.neuronCount).join(', ')} neurons`);
  const add = (arrays: Float64Array[]) => arrays.reduce((sum, a) => sum.map((x, j) => x + a[j]), new Float64Array(n));
  const side = (pick: (p: NeuronStats) => TextSideStats): TextSideStats => {
    const sides = parts.map(pick);
    const withBase = sides.every((s) => s.sqDiffBase);
    return {
      sum: add(sides.map((s) => s.sum)),
      tokens: sides[0].tokens.map((_, layer) => sides.reduce((t, s) => t + s.tokens[layer], 0)),
      positive: add(sides.map((s) => s.positive)),
      ...(withBase ? { sqDiffBase: add(sides.map((s) => s.sqDiffBase!)) } : {}),
    };
  };
  return {
    neuronCount: n,
    pairs: parts.reduce((t, p) => t + p.pairs, 0),
    chosen: side((p) => p.chosen),
    rejected: side((p) => p.rejected),
    contrastSum: add(parts.map((p) => p.contrastSum)),
    contrastSumSq: add(parts.map((p) => p.contrastSumSq)),
  };
}

function assertStatsMatchSites(stats: NeuronStats, sites: readonly NeuronSite[]): void {
  const n = neuronCountOf(sites);
  if (stats.neuronCount !== n) throw new Error(`statistics cover ${stats.neuronCount} neurons but the sites have ${n}`);
}
