/** The shapes of a study run's result: the stable JSON schema of docs/study-json.md. */
import type { ModelEntry } from './modelRegistry.ts';
import type { LayerRegion, RegionShare } from './layerRegions.ts';
import type { Ablation, Correspondence, FrontierPoint, OverlapSet, SweepPoint, TensionReport, ThreeWayOverlap } from './resultTypes.ts';
import type { NeuronSelection } from './types.ts';
import type { DataObjective, ScoreMethod, TieRule, ZooRole } from '../vocabulary.ts';

/** Version of the study JSON schema (docs/study-json.md); bumped on any incompatible change. */
export const STUDY_SCHEMA_VERSION = 1;

/** What the study is run with. */
export interface StudyOptions {
  /** Helpful dataset ref: the helpful RM's selection is scored on its train part; evaluations use its held-out part. */
  helpful: string;
  /** Harmless dataset ref, likewise. */
  harmless: string;
  /** Evaluation-only dataset refs: every pair joins the tension table and the ablations; they never feed selections. */
  evaluation: string[];
  method: ScoreMethod;
  topPercent: number;
  controls: number;
  /** What a tie counts in every accuracy and delta of the study; default HALF. */
  ties?: TieRule;
}

/**
 * The sets the study ablates: built from the helpful RM's and the harmless RM's selections, and
 * the mixed RM's own top set (TOP_MIXED, scored on both objectives' train parts pooled).
 */
export type StudySet = 'TOP_HELPFUL' | 'TOP_HARMLESS' | 'TOP_MIXED' | 'ONLY_HELPFUL' | 'ONLY_HARMLESS' | 'SHARED';

/** A zoo model as the study reports it. */
export interface StudyModel {
  id: string;
  role: ZooRole;
  objective: ModelEntry['objective'];
  sha256: string;
}

/** A dataset of the study with its part sizes. */
export interface StudyDataset {
  id: string;
  objective: DataObjective;
  trainPairs: number;
  heldOutPairs: number;
}

/** An overlap of two selections; `model` is set for a within-model overlap (one RM on both datasets). */
export interface StudyOverlap extends OverlapSet {
  helpful: NeuronSelection;
  harmless: NeuronSelection;
}

/** The three-way overlap of the helpful, harmless and mixed RMs' own selections. */
export interface StudyThreeWayOverlap extends ThreeWayOverlap {
  helpful: NeuronSelection;
  harmless: NeuronSelection;
  mixed: NeuronSelection;
}

/** Each layer region's share of one study set (over the zoo's common sites). */
export interface StudyRegionSet {
  set: StudySet;
  /** The set's size. */
  neurons: number;
  shares: RegionShare[];
}

/** The zoo's layer regions and each study set's share in them. */
export interface StudyLayerRegions {
  layers: number;
  regions: LayerRegion[];
  sets: StudyRegionSet[];
}

/** One ablation of the part of a study set in one layer region, against controls drawn in that region. */
export interface StudyRegionAblation extends StudyAblation {
  /** LayerRegion.index. */
  region: number;
  regionName: string;
}

/** One ablation of the study: which set, in which model, on which held-out dataset. */
export interface StudyAblation extends Ablation {
  /** This entry was read from the store. */
  cached: boolean;
  set: StudySet;
  model: string;
  dataset: string;
}

/** Accuracy change per ablated neuron of a set, against that of its size-matched random controls. */
export interface StudyInfluence {
  model: string;
  dataset: string;
  set: StudySet;
  neurons: number;
  deltaPerNeuron: number;
  /** Mean control delta / neurons; null without controls or for an empty set. */
  controlDeltaPerNeuron: number | null;
}

/** One point of a study's p-sweep: a SweepPoint without its set size and controls (the study sweeps without controls). */
export type StudySweepPoint = Pick<SweepPoint, 'percent' | 'kind' | 'of' | 'accuracy' | 'deltaAccuracy'>;

/** The p-sweep of one model on one held-out dataset. */
export interface StudySweep {
  model: string;
  dataset: string;
  points: StudySweepPoint[];
}

/** The scaling frontier of the SHARED neurons in the mixed RM. */
export interface StudyFrontier {
  model: string;
  set: 'SHARED';
  points: FrontierPoint[];
}

/** Neuron correspondence of models `a` and `b` on one held-out dataset. */
export interface StudyCorrespondence extends Correspondence {
  a: string;
  b: string;
  dataset: string;
}

/** Everything a study run produced (docs/study-json.md). */
export interface StudyResult {
  schemaVersion: number;
  engineVersion: number;
  zoo: { dir: string; data: string };
  /** The options, the tie rule always spelt out. */
  options: Required<StudyOptions>;
  models: StudyModel[];
  datasets: StudyDataset[];
  tension: TensionReport;
  overlap: { between: StudyOverlap; within: (StudyOverlap & { model: string })[]; threeWay: StudyThreeWayOverlap };
  ablations: StudyAblation[];
  layerRegions: StudyLayerRegions;
  regionAblations: StudyRegionAblation[];
  influence: StudyInfluence[];
  sweeps: StudySweep[];
  frontier: StudyFrontier;
  correspondence: StudyCorrespondence[];
  /** Results computed by this run versus read from the store. */
  counts: { computed: number; read: number };
  seconds: number;
}
