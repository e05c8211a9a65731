/**
 * A neuron's top-activating texts and its histogram of per-text max activation, read from the
 * cached examples pass of its model on one part (one stored row per layer), and the per-token
 * activations of the texts on a page (one stored row per text and neuron).
 */
import { derived, type Cached } from '../../db/resultCache.ts';
import { pairId } from '../../data/dataset.ts';
import type { Part } from '../../data/types.ts';
import { HISTOGRAM_BINS, type TextInput } from '../../engine/types.ts';
import { BadUserInputError } from '../../errors.ts';
import type { ExampleRanking } from '../../vocabulary.ts';
import type { CachedRuns, CallOptions } from '../cachedRuns.ts';
import type { NeuronExample, NeuronExamplesPage, NeuronHistogram } from '../resultTypes.ts';
import type { PartSubject } from '../subjects.ts';
import { resolveNeuron, type NeuronRequest } from './neuronDetail.ts';

/** Which slice of a ranking a page holds. */
export interface PageRequest {
  by: ExampleRanking;
  /** Examples on the page, 1 … the pass's k. */
  first: number;
  /** Ranks skipped before the page. */
  offset: number;
}

/** A page of the neuron's top texts on `part` with each text's per-token activations; `cached` when nothing was computed. */
export async function neuronExamplesPage(runs: CachedRuns, neuron: NeuronRequest, part: PartSubject, which: Part, page: PageRequest, call: CallOptions): Promise<Cached<NeuronExamplesPage>> {
  const { flat, site, sites } = await resolveNeuron(runs, neuron);
  const stored = await runs.neuronExamples(neuron.model, part, site, sites, call);
  const { value } = stored;
  if (!Number.isInteger(page.first) || page.first < 1 || page.first > value.k) throw new BadUserInputError(`first must be an integer in 1..${value.k}, got ${page.first}`);
  if (!Number.isInteger(page.offset) || page.offset < 0) throw new BadUserInputError(`offset must be a non-negative integer, got ${page.offset}`);
  const top = page.by === 'MAX' ? value.byMax : value.byMean;
  const local = flat - site.offset;
  const totalCount = top.filled[local];
  const end = Math.min(totalCount, page.offset + page.first);
  const ranked: Omit<NeuronExample, 'tokens'>[] = [];
  const texts: TextInput[] = [];
  for (let r = page.offset; r < end; r++) {
    const text = top.texts[local * value.k + r];
    const pair = part.pairs[text >> 1];
    const rejected = (text & 1) === 1;
    const response = rejected ? pair.rejected : pair.chosen;
    ranked.push({ rank: r + 1, pairId: pairId(pair), side: rejected ? 'REJECTED' : 'CHOSEN', prompt: pair.prompt, response, value: top.values[local * value.k + r] });
    texts.push({ prompt: pair.prompt, response });
  }
  // A site without a token axis has one value per text: nothing to show token by token.
  const perToken = site.tokenAxis ? await runs.tokenActivations(neuron.model, texts, flat, call) : null;
  const examples = ranked.map((e, i): NeuronExample => ({
    ...e,
    tokens: perToken && perToken[i].tokens.map((t, k) => ({ ...t, activation: perToken[i].activations[0][k] })),
  }));
  return derived({ by: page.by, part: which, totalCount, offset: page.offset, hasNextPage: end < totalCount, examples }, [stored]);
}

/** The neuron's histogram of per-text max activation on `part`, its fine grid merged into `bins` (a divisor of HISTOGRAM_BINS). */
export async function neuronHistogram(runs: CachedRuns, neuron: NeuronRequest, part: PartSubject, which: Part, bins: number, call: CallOptions): Promise<Cached<NeuronHistogram>> {
  if (!Number.isInteger(bins) || bins < 1 || HISTOGRAM_BINS % bins !== 0) {
    throw new BadUserInputError(`bins must divide ${HISTOGRAM_BINS} (1, 2, 4, …, ${HISTOGRAM_BINS}), got ${bins}`);
  }
  const { flat, site, sites } = await resolveNeuron(runs, neuron);
  const stored = await runs.neuronExamples(neuron.model, part, site, sites, call);
  const { value } = stored;
  const local = flat - site.offset;
  const fine = value.histogram.counts.subarray(local * HISTOGRAM_BINS, (local + 1) * HISTOGRAM_BINS);
  const counts = coarsenHistogram(fine, bins);
  return derived({ part: which, bins, lo: value.histogram.lo[local], hi: value.histogram.hi[local], counts, texts: counts.reduce((s, c) => s + c, 0) }, [stored]);
}

/** Merges each run of fine.length / bins adjacent bins into one (bins must divide fine.length): counts are preserved. */
export function coarsenHistogram(fine: ArrayLike<number>, bins: number): number[] {
  const width = fine.length / bins;
  if (!Number.isInteger(width)) throw new Error(`${bins} bins do not divide ${fine.length}`);
  const out = new Array<number>(bins).fill(0);
  for (let b = 0; b < fine.length; b++) out[Math.floor(b / width)] += fine[b];
  return out;
}
