/** Preference pairs and datasets, shared by loaders, the tokenizer, the engine and the analysis. */
import type { DropReason } from './pairs.ts';
import type { DataObjective, PromptForm } from '../vocabulary.ts';

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
}
