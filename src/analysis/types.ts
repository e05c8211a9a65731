/** The requests the analysis takes (selections, set and ablation requests, neurons) and the dataset summary it lists. */
import type { Dataset, Part } from '../data/types.ts';
import type { AblationMode, NeuronSetKind, ScoreMethod, SetOwner, TieRule } from '../vocabulary.ts';

/** Which neurons one objective's model "uses": scores of `model` on the train part of `dataset`. */
export interface NeuronSelection {
  model: string;
  dataset: string;
  method: ScoreMethod;
  topPercent: number;
  /** Rank within each layer instead of globally (an option beyond the reference). */
  perLayer?: boolean;
  /**
   * More datasets whose TRAIN parts are pooled with `dataset`'s: token sums and counts (and
   * CONTRAST's per-pair sums) add, so the scores are those of the union of the parts. The mixed
   * RM was trained on both objectives' train parts, so its own selection pools both.
   */
  pooledWith?: readonly string[];
}

/** A neuron set request, as rmlens.md §4 `NeuronSetInput` describes (required fields per kind). */
export interface NeuronSetSpec {
  kind: NeuronSetKind;
  helpful?: NeuronSelection;
  harmless?: NeuronSelection;
  /** TOP of MIXED: the mixed RM's own selection. */
  mixed?: NeuronSelection;
  of?: SetOwner;
  percent?: number;
  matchedTo?: NeuronSetKind;
  seed?: number;
  neurons?: { layer: number; index: number }[];
  /** Keep only the set's neurons in this layer region (layerRegions.ts), for any kind. */
  region?: number;
}

/** Per-neuron scores in the flat numbering; `rankBy` is what selection orders by. */
export interface NeuronScores {
  method: ScoreMethod;
  /** The reported score (signed for CONTRAST and MAGNITUDE). */
  score: Float64Array;
  /** What TOP ranks by, descending: the score itself, or |score| for CONTRAST. */
  rankBy: Float64Array;
}

/** One ablation request (rmlens.md §4 `Query.ablation`). */
export interface AblationRequest {
  model: string;
  set: NeuronSetSpec;
  dataset: string;
  mode: AblationMode;
  alpha?: number | null;
  /** Size-matched random controls (RANDOM matched to the set, seeds from their own stream). */
  controls: number;
  /** What a tie counts in every accuracy of the result; default HALF. */
  ties?: TieRule;
}

/** A neuron of a model by (layer, index): `Query.neuron(model, layer, index)`. */
export interface NeuronId {
  model: string;
  layer: number;
  index: number;
}

/** A helpful and a harmless dataset, by reference. */
export interface ObjectiveDatasets {
  helpful: string;
  harmless: string;
}

/** Which part of which dataset a neuron's examples and histogram read (TRAIN by default in the API). */
export interface ExamplesSource {
  dataset: string;
  part: Part;
}

/** A dataset as `datasets` lists it: its facts, not its pairs. */
export interface DatasetSummary {
  /** The reference that names it. */
  id: string;
  name: string;
  objective: Dataset['objective'];
  source: string;
  trainPairs: number;
  heldOutPairs: number;
  droppedPairs: number;
  evaluationOnly: boolean;
  /** sha256 of the parsed pairs: part of every cache key that reads the dataset. */
  contentHash: string;
}
