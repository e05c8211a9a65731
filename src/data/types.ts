/** Preference pairs and datasets, shared by loaders, the tokenizer, the engine and the analysis. */
import type { DropReason } from './pairs.ts';
import type { BenchmarkFormat, BenchmarkPairing, BenchmarkScoring, DataObjective, PromptForm } from '../vocabulary.ts';

/**
 * One preference pair. `prompt` is the whole conversation up to (and including) the last
 * "\n\nAssistant:" marker; `chosen` and `rejected` are the two final assistant responses.
 */
export interface PreferencePair {
  prompt: string;
  chosen: string;
  rejected: string;
}

/** Train parts feed training, scores, selections and MEAN fills; held-out parts feed evaluations and ablations. */
export type Part = 'train' | 'heldOut';

export interface Dataset {
  /** Reference used on the CLI and in the API, e.g. `hh-rlhf/helpful-base`, `default/harmless`. */
  id: string;
  name: string;
  objective: DataObjective;
  /** Where the pairs came from: a file path (with the format and prompt form read), or `generated:default(seed=N)`. */
  source: string;
  /** How the bare texts of a generic or PKU-SafeRLHF file were formed; absent where the source is HH-shaped already. */
  promptForm?: PromptForm;
  /**
   * True for a dataset used only to evaluate (the models never trained on it): it is not split,
   * `train` is empty and `heldOut` holds every pair. False for the 80/20 split.
   */
  evaluationOnly: boolean;
  train: PreferencePair[];
  heldOut: PreferencePair[];
  /** Pairs dropped while loading (chosen == rejected, chosen/rejected prompts that differ, or filtered out on request). */
  dropped: number;
  /** The same drops by reason (pairs.ts `DropReason`); absent when not tracked. */
  dropReasons?: Partial<Record<DropReason, number>>;
  /** sha256 of the parsed pairs (not the file bytes), and of each part, for cache keys. */
  contentHash: string;
  partHashes: Record<Part, string>;
  /** For a reward-benchmark file: which rows and subsets its (held-out) pairs come from. */
  benchmark?: BenchmarkLayout;
}

/** One row of a reward benchmark: its pairs are the next `pairs` pairs of the dataset, in order. */
export interface BenchmarkRow {
  /** The row's subset as the file spells it (`domain` in RM-Bench). */
  subset: string;
  /** The benchmark's section the subset belongs to (RewardBench: chat, chat-hard, safety, reasoning); else the subset itself. */
  category: string;
  pairs: number;
}

/**
 * How a reward-benchmark dataset's pairs group into rows. PAIRS scoring: a row scores the
 * share of its pairs ranked right (RewardBench, RM-Bench); BEST_OF_N: a row is right when its
 * chosen response outscores every rejected one (RewardBench 2).
 */
export interface BenchmarkLayout {
  format: BenchmarkFormat;
  scoring: BenchmarkScoring;
  /** How RM-Bench lists were paired; `all` for the other formats (one chosen with every rejected). */
  pairing: BenchmarkPairing;
  rows: BenchmarkRow[];
  /** sha256 of the scoring and rows: the pairs' hash does not see subsets, so keys of per-subset results add this. */
  hash: string;
}
