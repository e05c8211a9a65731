/**
 * A model on a reward-benchmark file (src/data/rewardBench.ts): accuracy per subset, per section
 * and over every row of one objective, each with a bootstrap CI over rows and its counts.
 *
 * A row is scored from the rewards of its pairs, which the cached rewards run computes like any
 * part's (a best-of-n row is its chosen response paired with each rejected one, so the chosen
 * text is scored once per pair). With PAIRS scoring a row scores the mean of its pairs'
 * outcomes; with BEST_OF_N it is right only when every pair is right (min chosen > max
 * rejected), wrong when any pair is wrong, and a tie otherwise. A tie counts TIE_VALUE[ties].
 */
import { promptClusters } from '../../data/split.ts';
import type { BenchmarkLayout, PreferencePair } from '../../data/types.ts';
import type { Cached } from '../../db/resultCache.ts';
import type { PairRewards } from '../../engine/types.ts';
import { bootstrapMeanCi, mean, TIE_VALUE } from '../../util/bootstrap.ts';
import type { DataObjective, TieRule } from '../../vocabulary.ts';
import { benchmarkKey } from '../cacheKeys.ts';
import type { CachedRuns, CallOptions } from '../cachedRuns.ts';
import { benchmarkCodec } from '../resultCodecs.ts';
import type { BenchmarkEvaluation, BenchmarkGroup } from '../resultTypes.ts';
import type { ModelSubject, PartSubject } from '../subjects.ts';

/** The benchmark scores of `model` on a benchmark dataset's evaluation part (every pair: benchmarks are evaluation-only). */
export function benchmark(runs: CachedRuns, model: ModelSubject, part: PartSubject, layout: BenchmarkLayout, ties: TieRule, call: CallOptions): Promise<Cached<BenchmarkEvaluation>> {
  return runs.stored(benchmarkKey(model, part, layout, ties), benchmarkCodec, call, async () =>
    scoreBenchmark(layout, part.dataset.objective, (await runs.rewards(model, part, call)).value, rowClusters(layout, part.pairs), ties));
}

/** The prompt cluster of each row (by its first pair's prompt): a benchmark may ask one prompt in several rows. */
export function rowClusters(layout: BenchmarkLayout, pairs: readonly PreferencePair[]): Int32Array {
  const firsts: PreferencePair[] = [];
  let next = 0;
  for (const row of layout.rows) {
    firsts.push(pairs[next]);
    next += row.pairs;
  }
  return promptClusters(firsts);
}

/** One row's score in [0, 1] and its number of tied pairs. */
interface RowScore {
  score: number;
  tiedPairs: number;
}

/** Scores each row of `layout` from the rewards of its pairs (in the layout's order). */
export function rowScores(layout: BenchmarkLayout, rewards: PairRewards, ties: TieRule): RowScore[] {
  const total = layout.rows.reduce((n, r) => n + r.pairs, 0);
  if (total !== rewards.chosen.length) throw new Error(`benchmark rows hold ${total} pairs, the rewards ${rewards.chosen.length}`);
  const tie = TIE_VALUE[ties];
  let next = 0;
  return layout.rows.map((row) => {
    let wins = 0;
    let tiedPairs = 0;
    for (let k = next; k < next + row.pairs; k++) {
      if (rewards.chosen[k] > rewards.rejected[k]) wins++;
      else if (rewards.chosen[k] === rewards.rejected[k]) tiedPairs++;
    }
    next += row.pairs;
    const losses = row.pairs - wins - tiedPairs;
    if (layout.scoring === 'PAIRS') return { score: (wins + tie * tiedPairs) / row.pairs, tiedPairs };
    return { score: losses > 0 ? 0 : tiedPairs > 0 ? tie : 1, tiedPairs };
  });
}

/** Per-subset, per-section and overall accuracies of one objective's rows; CIs resample `clusters` (one per row). */
export function scoreBenchmark(layout: BenchmarkLayout, objective: DataObjective, rewards: PairRewards, clusters: Int32Array, ties: TieRule): BenchmarkEvaluation {
  const scores = rowScores(layout, rewards, ties);
  const rows = layout.rows.map((row, i) => ({ ...row, ...scores[i], cluster: clusters[i] }));
  const group = (name: string, category: string, members: typeof rows): BenchmarkGroup => {
    const values = Float64Array.from(members, (r) => r.score);
    const { low, high } = bootstrapMeanCi(values, { clusters: Int32Array.from(members, (r) => r.cluster) });
    return {
      name,
      category,
      objective,
      accuracy: mean(values),
      accuracyLow: low,
      accuracyHigh: high,
      rows: members.length,
      pairs: members.reduce((n, r) => n + r.pairs, 0),
      tiedPairs: members.reduce((n, r) => n + r.tiedPairs, 0),
    };
  };
  const byCategory = groupBy(rows, (r) => r.category);
  // Subsets by name as the file spells them: a file that spells one subset two ways gets two rows, visibly.
  const bySubset = groupBy(rows, (r) => r.subset);
  return {
    format: layout.format,
    scoring: layout.scoring,
    pairing: layout.pairing,
    ties,
    overall: group('all', 'all', rows),
    categories: [...byCategory].map(([name, members]) => group(name, name, members)),
    subsets: [...bySubset].map(([name, members]) => group(name, members[0].category, members)),
  };
}

/** Items by key, keys in order of first appearance. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const members = groups.get(k);
    if (members) members.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
