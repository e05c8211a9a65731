import type { GraphQLResolveInfo } from 'graphql';
import type { ModelEntry } from '../analysis/modelRegistry.ts';
import type { DatasetSummary } from '../analysis/types.ts';
import type { ProvenancedEvaluation, ProvenancedBenchmarkEvaluation, ProvenancedOverlapSet, ProvenancedThreeWayOverlap, ProvenancedCorrespondence, ProvenancedTensionReport, ProvenancedTensionRow, ProvenancedNeuronMarginCorrelation, ProvenancedNeuronHistogram } from '../analysis/provenance.ts';
import type { BenchmarkGroup as AnalysisBenchmarkGroup, Neuron as AnalysisNeuron, ModelNeuronScore, SetPairOverlap as AnalysisSetPairOverlap, SweepPoint as AnalysisSweepPoint, FrontierPoint as AnalysisFrontierPoint, Interference as AnalysisInterference, LengthBaseline as AnalysisLengthBaseline, Transferability as AnalysisTransferability, NeuronDetail as AnalysisNeuronDetail, NeuronMethodScore as AnalysisNeuronMethodScore, NeuronMembership as AnalysisNeuronMembership, NeuronAblationEffect as AnalysisNeuronAblationEffect, NeuronExample as AnalysisNeuronExample, ExampleToken as AnalysisExampleToken } from '../analysis/resultTypes.ts';
import type { LayerRegion as AnalysisLayerRegion, RegionShare as AnalysisRegionShare } from '../analysis/layerRegions.ts';
import type { SeedSummary as AnalysisSeedSummary } from '../analysis/seedSummary.ts';
import type { Job as StoredJob } from '../jobs/jobStore.ts';
import type { ServerContext } from '../server/context.ts';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
};

/** One set ablated in one model on one HELD-OUT part, against size-matched random controls. */
export type Ablation = {
  __typename?: 'Ablation';
  /** Accuracy after ablation. */
  accuracy: Scalars['Float']['output'];
  /** Accuracy before ablation. */
  baselineAccuracy: Scalars['Float']['output'];
  /** Mean margin before ablation. */
  baselineMargin: Scalars['Float']['output'];
  /** The cache key (sha256 of the canonical key JSON) the result is stored under. */
  cacheKey: Scalars['String']['output'];
  /** Served from the store without computing. */
  cached: Scalars['Boolean']['output'];
  /** When the stored row was written (ISO 8601, UTC): a repeated request reports the first computation's time. */
  computedAt: Scalars['String']['output'];
  /** Mean deltaAccuracy of the controls; null without controls. */
  controlMeanDelta?: Maybe<Scalars['Float']['output']>;
  /** Standard deviation of the controls' deltaAccuracy; null with fewer than two. */
  controlStdDelta?: Maybe<Scalars['Float']['output']>;
  /** Random sets matched to the set's per-layer counts. */
  controls: Scalars['Int']['output'];
  /** accuracy − baselineAccuracy. */
  deltaAccuracy: Scalars['Float']['output'];
  /** Upper end of the 95% paired-bootstrap CI of deltaAccuracy. */
  deltaHigh: Scalars['Float']['output'];
  /** Lower end of the 95% paired-bootstrap CI of deltaAccuracy (the same prompt clusters resampled before and after). */
  deltaLow: Scalars['Float']['output'];
  /** deltaAccuracy / neurons (0 for an empty set). */
  deltaPerNeuron: Scalars['Float']['output'];
  /** Engine version the result was computed by (part of its cache key). */
  engineVersion: Scalars['Int']['output'];
  /** Mean margin after ablation. */
  meanMargin: Scalars['Float']['output'];
  /** Neurons in the set. */
  neurons: Scalars['Int']['output'];
  /** Held-out pairs measured. */
  pairs: Scalars['Int']['output'];
  /** (deltaAccuracy − controlMeanDelta) / controlStdDelta; null when undefined. */
  zScore?: Maybe<Scalars['Float']['output']>;
};

/** How an ablated neuron's activation is replaced. */
export type AblationMode =
  /** By its mean on the dataset's TRAIN part. */
  | 'MEAN'
  /** By alpha times itself (needs alpha). */
  | 'SCALE'
  /** By 0. */
  | 'ZERO';

/** A rule a tension table is read against; not a model. */
export type BaselineRule =
  /** The response with more tokens (GPT-2 BPE, the first 128 response tokens as every zoo model reads them) wins; equal lengths tie. */
  | 'LONGER_WINS';

/**
 * A model on one objective's rows of a reward-benchmark file. Each row scores 0 to 1 (PAIRS: the
 * share of its pairs ranked right; BEST_OF_N: 1, 0, or a tie's value); accuracies are means over
 * rows, CIs 95% percentile bootstraps over rows (a row's pairs share a prompt and are resampled together; rows that share a prompt are one cluster).
 */
export type BenchmarkEvaluation = {
  __typename?: 'BenchmarkEvaluation';
  /** The cache key the result is stored under. */
  cacheKey: Scalars['String']['output'];
  /** Per section (RewardBench: chat, chat-hard, safety, reasoning; RM-Bench: chat, math, code, safety; RewardBench 2: its subsets), in file order. */
  categories: Array<BenchmarkGroup>;
  /** When the stored row was written (ISO 8601, UTC). */
  computedAt: Scalars['String']['output'];
  /** Engine version the result was computed by (part of its cache key). */
  engineVersion: Scalars['Int']['output'];
  /** The file's format: REWARDBENCH, RMBENCH or REWARDBENCH2. */
  format: DatasetFormat;
  /** Every row of the dataset. */
  overall: BenchmarkGroup;
  /** How the file's lists were paired (ALL for every format but an RM-Bench file read with DIAGONAL). */
  pairing: BenchmarkPairing;
  /** How a row is scored from its pairs. */
  scoring: BenchmarkScoring;
  /** Per subset as the file names them, in file order. */
  subsets: Array<BenchmarkGroup>;
  /** What a tie counted. */
  ties: TieRule;
};

/** Some rows of a reward benchmark: a subset, a section, or all of them. */
export type BenchmarkGroup = {
  __typename?: 'BenchmarkGroup';
  /** Mean row score. */
  accuracy: Scalars['Float']['output'];
  /** Upper end of the 95% bootstrap CI (rows resampled). */
  accuracyHigh: Scalars['Float']['output'];
  /** Lower end of the 95% bootstrap CI (rows resampled by prompt cluster). */
  accuracyLow: Scalars['Float']['output'];
  /** The section the rows belong to (`all` for every row). */
  category: Scalars['String']['output'];
  /** The subset's or section's name (`all` for every row). */
  name: Scalars['String']['output'];
  /** The objective the group's subsets teach. */
  objective: Objective;
  /** Pairs behind them. */
  pairs: Scalars['Int']['output'];
  /** Rows scored. */
  rows: Scalars['Int']['output'];
  /** Pairs whose two rewards were equal: the tie rule matters only when this is above 0. */
  tiedPairs: Scalars['Int']['output'];
};

/** How the chosen and rejected lists of an RM-Bench row become pairs (other formats pair every chosen with every rejected response). */
export type BenchmarkPairing =
  /** Every chosen × rejected pairing: RM-Bench's own average over its accuracy matrix. */
  | 'ALL'
  /** chosen[i] with rejected[i] only (the lists must be as long): what the reference study scores. */
  | 'DIAGONAL';

/** How a row of a reward benchmark is scored from its pairs. */
export type BenchmarkScoring =
  /** Right only when every chosen response outscores every rejected one; a tie when none is outscored but some tie (RewardBench 2). */
  | 'BEST_OF_N'
  /** The share of its pairs ranked right (RewardBench, RM-Bench). */
  | 'PAIRS';

/** Per-neuron Pearson r between two models' token-averaged activations on the same HELD-OUT texts. */
export type Correspondence = {
  __typename?: 'Correspondence';
  /** The cache key of that correlation row. */
  cacheKey: Scalars['String']['output'];
  /** When the per-neuron correlation row was written (ISO 8601, UTC); the summary is computed from it per request. */
  computedAt: Scalars['String']['output'];
  /** Engine version the result was computed by (part of its cache key). */
  engineVersion: Scalars['Int']['output'];
  /** Mean r over neurons with a defined r. */
  meanCorrelation: Scalars['Float']['output'];
  /** Median r. */
  medianCorrelation: Scalars['Float']['output'];
  /** Neurons with a defined r. */
  neurons: Scalars['Int']['output'];
  /** Share of neurons with r > 0.5. */
  shareAboveHalf: Scalars['Float']['output'];
};

/** A dataset's part: every dataset is split once, 80/20, into TRAIN and HELD_OUT. */
export type DataPart =
  /** The 20% evaluations and ablations read. */
  | 'HELD_OUT'
  /** The 80% scores, selections and MEAN fills read. */
  | 'TRAIN';

/** How a dataset file is laid out (its records may be JSON Lines or one JSON array, gzipped or not). */
export type DatasetFormat =
  /** Detected from the keys of the first record. */
  | 'AUTO'
  /** Generic records: {prompt, chosen, rejected}. */
  | 'GENERIC'
  /** HH-RLHF transcripts: {chosen, rejected}, each a whole Human/Assistant conversation. */
  | 'HH'
  /** PKU-SafeRLHF rows: {prompt, response_0, response_1, better_response_id, safer_response_id}. */
  | 'PKU'
  /** RewardBench rows: {prompt, chosen, rejected, subset}; each subset names the objective (chat, chat-hard, reasoning: HELPFUL; safety: HARMLESS). Always evaluation-only. */
  | 'REWARDBENCH'
  /** RewardBench 2 best-of-n rows: {prompt, chosen: [..], rejected: [..], subset}; a row is right when its chosen response outscores every rejected one. Factuality, Precise IF, Math, Focus, Ties: HELPFUL; Safety: HARMLESS. Always evaluation-only. */
  | 'REWARDBENCH2'
  /** RM-Bench rows: {prompt, chosen: [..], rejected: [..], domain} (or subset); chat, math, code: HELPFUL; safety-refuse, safety-response: HARMLESS. Paired as `pairing` says. Always evaluation-only. */
  | 'RMBENCH';

/** Preference accuracy on a HELD-OUT part (chosen reward > rejected; a tie counts as the request's `ties` says, half by default). */
export type Evaluation = {
  __typename?: 'Evaluation';
  /** Share of pairs ranked right. */
  accuracy: Scalars['Float']['output'];
  /** Upper end of the 95% bootstrap CI of accuracy. */
  accuracyHigh: Scalars['Float']['output'];
  /** Lower end of the 95% bootstrap CI of accuracy (prompt clusters resampled). */
  accuracyLow: Scalars['Float']['output'];
  /** The cache key (sha256 of the canonical key JSON) the result is stored under. */
  cacheKey: Scalars['String']['output'];
  /** When the stored row was written (ISO 8601, UTC): a repeated request reports the first computation's time. */
  computedAt: Scalars['String']['output'];
  /** Engine version the result was computed by (part of its cache key). */
  engineVersion: Scalars['Int']['output'];
  /** Mean of chosen minus rejected reward. */
  meanMargin: Scalars['Float']['output'];
  /** Held-out pairs evaluated. */
  pairs: Scalars['Int']['output'];
};

/** Which per-text activation ranks a neuron's top examples (over the response tokens only). */
export type ExampleRanking =
  /** The largest activation on any response token. */
  | 'MAX'
  /** The mean activation over the response tokens. */
  | 'MEAN';

/** A token of an example, with a neuron's activation at it. */
export type ExampleToken = {
  __typename?: 'ExampleToken';
  /** The neuron's activation at this token. */
  activation: Scalars['Float']['output'];
  /** Whether the token belongs to the response (false: the prompt). */
  response: Scalars['Boolean']['output'];
  /** The token's text. */
  text: Scalars['String']['output'];
};

/** One alpha of the helpful-vs-harmless frontier: a set scaled by alpha, accuracy on each objective's HELD-OUT data. */
export type FrontierPoint = {
  __typename?: 'FrontierPoint';
  /** Scale kept of each activation (1 = unchanged, 0 = zero-ablated). */
  alpha: Scalars['Float']['output'];
  /** Accuracy on the harmless dataset. */
  harmlessAccuracy: Scalars['Float']['output'];
  /** harmlessAccuracy − unscaled accuracy there. */
  harmlessDelta: Scalars['Float']['output'];
  /** Accuracy on the helpful dataset. */
  helpfulAccuracy: Scalars['Float']['output'];
  /** helpfulAccuracy − unscaled accuracy there. */
  helpfulDelta: Scalars['Float']['output'];
};

/** One bin of a histogram: [low, high), the last bin [low, high]; all texts in the first bin when lo = hi. */
export type HistogramBin = {
  __typename?: 'HistogramBin';
  /** Texts in the bin. */
  count: Scalars['Int']['output'];
  /** High end. */
  high: Scalars['Float']['output'];
  /** Low end. */
  low: Scalars['Float']['output'];
};

/** accuracy(single-objective RM) − accuracy(mixed RM) on the pooled HELD-OUT pairs of that objective's datasets. */
export type Interference = {
  __typename?: 'Interference';
  /** Accuracy difference (positive: mixing costs accuracy). */
  delta: Scalars['Float']['output'];
  /** Upper end of the 95% paired-bootstrap CI of delta. */
  deltaHigh: Scalars['Float']['output'];
  /** Lower end of the 95% paired-bootstrap CI of delta (prompt clusters resampled). */
  deltaLow: Scalars['Float']['output'];
  /** The mixed RM. */
  mixed: RewardModel;
  /** HELPFUL or HARMLESS. */
  objective: Objective;
  /** Held-out pairs pooled. */
  pairs: Scalars['Int']['output'];
  /** The single-objective RM. */
  single: RewardModel;
};

/** A computation that outlived its request (COMPUTE_PENDING names it in `extensions.jobId`) or a zoo build. */
export type Job = {
  __typename?: 'Job';
  /** When it was submitted (ISO 8601). */
  createdAt: Scalars['String']['output'];
  /** Why it FAILED (unexpected errors are masked; the server log has them under the request id). */
  error?: Maybe<Scalars['String']['output']>;
  /** When it ended (ISO 8601); null while QUEUED or RUNNING. */
  finishedAt?: Maybe<Scalars['String']['output']>;
  /** The job's id. */
  id: Scalars['ID']['output'];
  /** `analysis` (a request past the request budget) or `zooBuild`. */
  kind: Scalars['String']['output'];
  /** What it is doing now. */
  message?: Maybe<Scalars['String']['output']>;
  /** 0 to 1: of the engine computation running now (analysis) or of the training pairs seen (zoo build). */
  progress: Scalars['Float']['output'];
  /** When it started running (ISO 8601); null while QUEUED. */
  startedAt?: Maybe<Scalars['String']['output']>;
  /** Where the job is in its life. */
  state: JobState;
};

/** Where a job is in its life. Jobs are stored: a job still QUEUED or RUNNING when its server stopped reads INTERRUPTED after a restart. */
export type JobState =
  /** Cancelled by `cancelJob`. */
  | 'CANCELLED'
  /** Finished; its result is stored, so asking the same request again answers at once. */
  | 'DONE'
  /** Ended with an error (see `error`). */
  | 'FAILED'
  /** The server stopped (or was killed) before it finished; ask again to start a new job. */
  | 'INTERRUPTED'
  /** Waiting for a free slot (the server runs one job at a time by default). */
  | 'QUEUED'
  /** Running now. */
  | 'RUNNING';

/**
 * A region of a model's layers. Layer l of L lies in region floor(l·R/L), R = min(3, L): the
 * thirds, the earlier regions taking the extra layers when 3 does not divide L (L = 4: 2, 1, 1
 * layers); with fewer than 3 layers each layer is its own region.
 */
export type LayerRegion = {
  __typename?: 'LayerRegion';
  /** Its first layer. */
  firstLayer: Scalars['Int']['output'];
  /** 0, 1, 2 in layer order: the value of NeuronSetInput.region. */
  index: Scalars['Int']['output'];
  /** Its last layer. */
  lastLayer: Scalars['Int']['output'];
  /** `early`, `middle` or `late`; `layer <l>` when the model has fewer than 3 layers. */
  name: Scalars['String']['output'];
  /** All neurons of its layers. */
  neurons: Scalars['Int']['output'];
};

/** A rule scored on a dataset's HELD-OUT part as a model would be: equal lengths tie, and a tie counts as the report's `ties` says (half by default). */
export type LengthBaseline = {
  __typename?: 'LengthBaseline';
  /** Share of pairs the rule gets right (equal lengths count half, or nothing under STRICT). */
  accuracy: Scalars['Float']['output'];
  /** Upper end of the 95% bootstrap CI. */
  accuracyHigh: Scalars['Float']['output'];
  /** Lower end of the 95% bootstrap CI (prompt clusters resampled). */
  accuracyLow: Scalars['Float']['output'];
  /** Pairs whose chosen response is the longer. */
  chosenLonger: Scalars['Int']['output'];
  /** Pairs whose chosen response is the shorter. */
  chosenShorter: Scalars['Int']['output'];
  /** The dataset whose HELD-OUT part it is scored on. */
  dataset: PreferenceDataset;
  /** Pairs whose responses are of equal length (both cut at maxResponseTokens included). */
  equalLength: Scalars['Int']['output'];
  /** Response tokens counted at most: longer responses are cut there, as the models read them. */
  maxResponseTokens: Scalars['Int']['output'];
  /** Held-out pairs. */
  pairs: Scalars['Int']['output'];
  /** The rule. */
  rule: BaselineRule;
};

/** A model's HELD-OUT accuracy split by which response of each pair is the longer (in response tokens as the models read them). */
export type LengthStrata = {
  __typename?: 'LengthStrata';
  /** Pairs whose chosen response is the longer: a length detector does well here. */
  chosenLonger: LengthStratum;
  /** Pairs whose chosen response is the shorter: length points the wrong way. */
  chosenShorter: LengthStratum;
  /** Pairs whose responses are of equal length. */
  equalLength: LengthStratum;
};

/** Accuracy on one length stratum (a tie counts as the report's `ties` says); the numbers are null when the stratum has no pairs. */
export type LengthStratum = {
  __typename?: 'LengthStratum';
  /** Share of the stratum's pairs the model gets right. */
  accuracy?: Maybe<Scalars['Float']['output']>;
  /** Upper end of the 95% bootstrap CI. */
  accuracyHigh?: Maybe<Scalars['Float']['output']>;
  /** Lower end of the 95% bootstrap CI (prompt clusters resampled). */
  accuracyLow?: Maybe<Scalars['Float']['output']>;
  /** Pairs in the stratum. */
  pairs: Scalars['Int']['output'];
};

/**
 * Changes to what the server knows. Every mutation needs `Authorization: Bearer <token>` when the
 * server runs with RMLENS_TOKEN. Files must be given by absolute path and lie inside the server's
 * data roots (RMLENS_DATA_ROOTS; symlinks are resolved first): BAD_USER_INPUT otherwise, NOT_FOUND
 * when the file does not exist. Registrations are stored, so a restarted server still knows them.
 */
export type Mutation = {
  __typename?: 'Mutation';
  /** Build a reference zoo (`default` or `hh-rlhf` data) as a job, in `<zoo dir>/<data>` (seed 1) or `<zoo dir>/<data>-seed<seed>`, plus `-quick` for a quick build; it trains in a thread of its own, so requests are answered meanwhile; when DONE its models are listed and served as `<folder name>/<role>` (e.g. `default-seed2/mixed`), beside the zoo already served. */
  buildZoo: Job;
  /** Cancel a job: a QUEUED one never runs; a RUNNING one is marked CANCELLED and its outcome ignored (the engine call or training under way still finishes). Null when unknown. */
  cancelJob?: Maybe<Job>;
  /**
   * Registers a preference file as a dataset, read now (a file that is not a dataset is refused).
   * Its id is the file's real path plus `#OBJECTIVE`, e.g. `/data/mine.jsonl#HARMLESS`.
   */
  registerDataset: PreferenceDataset;
  /**
   * Registers an ONNX reward model file. Its id is the file's real path (registering the same file
   * again updates it). The file is not opened until a computation needs it.
   */
  registerModel: RewardModel;
  /** Forgets a registered dataset: true when it was registered, false when unknown. BAD_USER_INPUT for a built-in dataset. */
  unregisterDataset: Scalars['Boolean']['output'];
  /** Forgets a registered model: true when it was registered, false when unknown. BAD_USER_INPUT for a zoo model or the base of another model. */
  unregisterModel: Scalars['Boolean']['output'];
};


/**
 * Changes to what the server knows. Every mutation needs `Authorization: Bearer <token>` when the
 * server runs with RMLENS_TOKEN. Files must be given by absolute path and lie inside the server's
 * data roots (RMLENS_DATA_ROOTS; symlinks are resolved first): BAD_USER_INPUT otherwise, NOT_FOUND
 * when the file does not exist. Registrations are stored, so a restarted server still knows them.
 */
export type MutationBuildZooArgs = {
  data: Scalars['String']['input'];
  quick?: InputMaybe<Scalars['Boolean']['input']>;
  seed?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * Changes to what the server knows. Every mutation needs `Authorization: Bearer <token>` when the
 * server runs with RMLENS_TOKEN. Files must be given by absolute path and lie inside the server's
 * data roots (RMLENS_DATA_ROOTS; symlinks are resolved first): BAD_USER_INPUT otherwise, NOT_FOUND
 * when the file does not exist. Registrations are stored, so a restarted server still knows them.
 */
export type MutationCancelJobArgs = {
  id: Scalars['ID']['input'];
};


/**
 * Changes to what the server knows. Every mutation needs `Authorization: Bearer <token>` when the
 * server runs with RMLENS_TOKEN. Files must be given by absolute path and lie inside the server's
 * data roots (RMLENS_DATA_ROOTS; symlinks are resolved first): BAD_USER_INPUT otherwise, NOT_FOUND
 * when the file does not exist. Registrations are stored, so a restarted server still knows them.
 */
export type MutationRegisterDatasetArgs = {
  evaluationOnly?: InputMaybe<Scalars['Boolean']['input']>;
  format?: InputMaybe<DatasetFormat>;
  name?: InputMaybe<Scalars['String']['input']>;
  objective: Objective;
  pairing?: InputMaybe<BenchmarkPairing>;
  path: Scalars['String']['input'];
  prompt?: InputMaybe<PromptForm>;
};


/**
 * Changes to what the server knows. Every mutation needs `Authorization: Bearer <token>` when the
 * server runs with RMLENS_TOKEN. Files must be given by absolute path and lie inside the server's
 * data roots (RMLENS_DATA_ROOTS; symlinks are resolved first): BAD_USER_INPUT otherwise, NOT_FOUND
 * when the file does not exist. Registrations are stored, so a restarted server still knows them.
 */
export type MutationRegisterModelArgs = {
  base?: InputMaybe<Scalars['ID']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  objective: Objective;
  path: Scalars['String']['input'];
};


/**
 * Changes to what the server knows. Every mutation needs `Authorization: Bearer <token>` when the
 * server runs with RMLENS_TOKEN. Files must be given by absolute path and lie inside the server's
 * data roots (RMLENS_DATA_ROOTS; symlinks are resolved first): BAD_USER_INPUT otherwise, NOT_FOUND
 * when the file does not exist. Registrations are stored, so a restarted server still knows them.
 */
export type MutationUnregisterDatasetArgs = {
  id: Scalars['ID']['input'];
};


/**
 * Changes to what the server knows. Every mutation needs `Authorization: Bearer <token>` when the
 * server runs with RMLENS_TOKEN. Files must be given by absolute path and lie inside the server's
 * data roots (RMLENS_DATA_ROOTS; symlinks are resolved first): BAD_USER_INPUT otherwise, NOT_FOUND
 * when the file does not exist. Registrations are stored, so a restarted server still knows them.
 */
export type MutationUnregisterModelArgs = {
  id: Scalars['ID']['input'];
};

/** An MLP neuron: its position on a neuron site. */
export type Neuron = {
  __typename?: 'Neuron';
  /** Position on the site's neuron axis. */
  index: Scalars['Int']['output'];
  /** The site's order in the graph (0 first). */
  layer: Scalars['Int']['output'];
  /** The site's tensor name. */
  site: Scalars['String']['output'];
};

/** A neuron alone ablated on one dataset's HELD-OUT part. */
export type NeuronAblationEffect = {
  __typename?: 'NeuronAblationEffect';
  /** The ablation, with its own stored row's provenance. */
  ablation: Ablation;
  /** The dataset whose HELD-OUT part is measured. */
  dataset: Scalars['ID']['output'];
  /** ZERO or MEAN (the mean of its activation on the dataset's TRAIN part). */
  mode: AblationMode;
  /** The dataset's objective (HELPFUL or HARMLESS). */
  objective: Objective;
};

/** A page of neurons. */
export type NeuronConnection = {
  __typename?: 'NeuronConnection';
  /** This page, by (layer, index). */
  edges: Array<NeuronEdge>;
  /** Where this page ends. */
  pageInfo: PageInfo;
  /** Items over all pages (after the layer filter). */
  totalCount: Scalars['Int']['output'];
};

/**
 * One neuron of one model: its scores and set membership (TRAIN parts), how it tracks the reward
 * margin and what ablating it alone does (HELD-OUT parts), and the texts that excite it with its
 * histogram (the part asked for, TRAIN by default). Each field reads stored results: asking about
 * many neurons of a model costs one pass per model and part, then lookups.
 */
export type NeuronDetail = {
  __typename?: 'NeuronDetail';
  /** It alone ablated (ZERO, then MEAN with TRAIN-part fills) on the HELD-OUT part of each dataset: helpful first, then harmless. */
  ablation: Array<NeuronAblationEffect>;
  /** Histogram of its per-text max activation over response tokens on `part`. */
  histogram: NeuronHistogram;
  /** Position on the site's neuron axis. */
  index: Scalars['Int']['output'];
  /** The site's order in the graph (0 first). */
  layer: Scalars['Int']['output'];
  /** Pearson r, over the HELD-OUT pairs of `dataset`, of its chosen − rejected token-mean activation with the reward margin. */
  marginCorrelation: NeuronMarginCorrelation;
  /** Whether it is in each selection's top set (scored on TRAIN parts); the selections' models must have this model's neuron sites. */
  membership: NeuronMembership;
  /** The model the neuron belongs to. */
  model: RewardModel;
  /** Its score, rank and percentile under every method (CHANGE only when the model has a base) on the TRAIN part of each dataset: helpful first, then harmless. */
  scores: Array<NeuronMethodScore>;
  /** The site's tensor name. */
  site: Scalars['String']['output'];
  /** The texts (responses) of `part` that excite it most, best first, each with its per-token activations; at most the 20 best are kept. */
  topExamples: NeuronExampleConnection;
};


/**
 * One neuron of one model: its scores and set membership (TRAIN parts), how it tracks the reward
 * margin and what ablating it alone does (HELD-OUT parts), and the texts that excite it with its
 * histogram (the part asked for, TRAIN by default). Each field reads stored results: asking about
 * many neurons of a model costs one pass per model and part, then lookups.
 */
export type NeuronDetailAblationArgs = {
  controls?: InputMaybe<Scalars['Int']['input']>;
  harmless: Scalars['ID']['input'];
  helpful: Scalars['ID']['input'];
};


/**
 * One neuron of one model: its scores and set membership (TRAIN parts), how it tracks the reward
 * margin and what ablating it alone does (HELD-OUT parts), and the texts that excite it with its
 * histogram (the part asked for, TRAIN by default). Each field reads stored results: asking about
 * many neurons of a model costs one pass per model and part, then lookups.
 */
export type NeuronDetailHistogramArgs = {
  bins?: InputMaybe<Scalars['Int']['input']>;
  dataset: Scalars['ID']['input'];
  part?: InputMaybe<DataPart>;
};


/**
 * One neuron of one model: its scores and set membership (TRAIN parts), how it tracks the reward
 * margin and what ablating it alone does (HELD-OUT parts), and the texts that excite it with its
 * histogram (the part asked for, TRAIN by default). Each field reads stored results: asking about
 * many neurons of a model costs one pass per model and part, then lookups.
 */
export type NeuronDetailMarginCorrelationArgs = {
  dataset: Scalars['ID']['input'];
};


/**
 * One neuron of one model: its scores and set membership (TRAIN parts), how it tracks the reward
 * margin and what ablating it alone does (HELD-OUT parts), and the texts that excite it with its
 * histogram (the part asked for, TRAIN by default). Each field reads stored results: asking about
 * many neurons of a model costs one pass per model and part, then lookups.
 */
export type NeuronDetailMembershipArgs = {
  harmless: NeuronSelectionInput;
  helpful: NeuronSelectionInput;
};


/**
 * One neuron of one model: its scores and set membership (TRAIN parts), how it tracks the reward
 * margin and what ablating it alone does (HELD-OUT parts), and the texts that excite it with its
 * histogram (the part asked for, TRAIN by default). Each field reads stored results: asking about
 * many neurons of a model costs one pass per model and part, then lookups.
 */
export type NeuronDetailScoresArgs = {
  harmless: Scalars['ID']['input'];
  helpful: Scalars['ID']['input'];
};


/**
 * One neuron of one model: its scores and set membership (TRAIN parts), how it tracks the reward
 * margin and what ablating it alone does (HELD-OUT parts), and the texts that excite it with its
 * histogram (the part asked for, TRAIN by default). Each field reads stored results: asking about
 * many neurons of a model costs one pass per model and part, then lookups.
 */
export type NeuronDetailTopExamplesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  by?: InputMaybe<ExampleRanking>;
  dataset: Scalars['ID']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  part?: InputMaybe<DataPart>;
};

/** One neuron with its cursor. */
export type NeuronEdge = {
  __typename?: 'NeuronEdge';
  /** Opaque position; pass as `after` to continue after this item. */
  cursor: Scalars['String']['output'];
  /** The neuron. */
  node: Neuron;
};

/** A text that excites a neuron: one response of a pair, as stored (nothing rendered). */
export type NeuronExample = {
  __typename?: 'NeuronExample';
  /** The pair's id (16 hex digits of a hash of the pair). */
  pairId: Scalars['String']['output'];
  /** The pair's prompt. */
  prompt: Scalars['String']['output'];
  /** 1 = the best. */
  rank: Scalars['Int']['output'];
  /** The response. */
  response: Scalars['String']['output'];
  /** Which response of the pair the text is. */
  side: PairSide;
  /** Every token of prompt and response with the neuron's activation there; null for a site without a token axis. */
  tokens?: Maybe<Array<ExampleToken>>;
  /** The ranking's value: max or mean activation over the response tokens. */
  value: Scalars['Float']['output'];
};

/** A page of a neuron's top examples. */
export type NeuronExampleConnection = {
  __typename?: 'NeuronExampleConnection';
  /** This page, best first. */
  edges: Array<NeuronExampleEdge>;
  /** Where this page ends. */
  pageInfo: PageInfo;
  /** Texts ranked over all pages (at most 20: the best kept per neuron). */
  totalCount: Scalars['Int']['output'];
};

/** One top example with its cursor. */
export type NeuronExampleEdge = {
  __typename?: 'NeuronExampleEdge';
  /** Opaque position; pass as `after` to continue after this item. */
  cursor: Scalars['String']['output'];
  /** The example. */
  node: NeuronExample;
};

/** Histogram of a neuron's per-text max activation over response tokens on one part: equal-width bins over [lo, hi]. */
export type NeuronHistogram = {
  __typename?: 'NeuronHistogram';
  /** Number of bins. */
  binCount: Scalars['Int']['output'];
  /** The bins with their ends, lowest first. */
  bins: Array<HistogramBin>;
  /** The cache key of that examples row. */
  cacheKey: Scalars['String']['output'];
  /** When the examples row it is read from was written (ISO 8601, UTC). */
  computedAt: Scalars['String']['output'];
  /** Texts per bin, lowest bin first. */
  counts: Array<Scalars['Int']['output']>;
  /** Engine version the result was computed by (part of its cache key). */
  engineVersion: Scalars['Int']['output'];
  /** The largest per-text max on the part (the last bin's high end). */
  hi: Scalars['Float']['output'];
  /** The smallest per-text max on the part (the first bin's low end). */
  lo: Scalars['Float']['output'];
  /** Texts counted (each response of each pair of the part). */
  texts: Scalars['Int']['output'];
};

/** A neuron by position. */
export type NeuronInput = {
  /** Position on the site's neuron axis. */
  index: Scalars['Int']['input'];
  /** The site's order in the graph (0 first). */
  layer: Scalars['Int']['input'];
};

/** Pearson r of a neuron's chosen − rejected token-mean activation with the reward margin, over HELD-OUT pairs. */
export type NeuronMarginCorrelation = {
  __typename?: 'NeuronMarginCorrelation';
  /** The cache key of that correlation row. */
  cacheKey: Scalars['String']['output'];
  /** When the model's per-neuron correlation row was written (ISO 8601, UTC). */
  computedAt: Scalars['String']['output'];
  /** Engine version the result was computed by (part of its cache key). */
  engineVersion: Scalars['Int']['output'];
  /** Held-out pairs read. */
  pairs: Scalars['Int']['output'];
  /** The correlation; null when the neuron's difference or the margin is constant over the pairs. */
  r?: Maybe<Scalars['Float']['output']>;
};

/** Where a neuron falls between two top sets (each scored on its dataset's TRAIN part). */
export type NeuronMembership = {
  __typename?: 'NeuronMembership';
  /** In the harmless selection's top set. */
  inHarmless: Scalars['Boolean']['output'];
  /** In the helpful selection's top set. */
  inHelpful: Scalars['Boolean']['output'];
  /** HELPFUL_ONLY, HARMLESS_ONLY, SHARED or NEITHER. */
  membership: NeuronMembershipKind;
};

/** Where a neuron falls between a helpful and a harmless top set. */
export type NeuronMembershipKind =
  /** In the harmless set only. */
  | 'HARMLESS_ONLY'
  /** In the helpful set only. */
  | 'HELPFUL_ONLY'
  /** In neither set. */
  | 'NEITHER'
  /** In both sets. */
  | 'SHARED';

/** A neuron's score under one method on one dataset's TRAIN part, and its place among all the model's neurons. */
export type NeuronMethodScore = {
  __typename?: 'NeuronMethodScore';
  /** The dataset whose TRAIN part scores it. */
  dataset: Scalars['ID']['output'];
  /** The score. */
  method: ScoreMethod;
  /** Neurons ranked (all of the model's). */
  neurons: Scalars['Int']['output'];
  /** The dataset's objective (HELPFUL or HARMLESS). */
  objective: Objective;
  /** Share of all neurons ranked at or below it, in percent: rank 1 → 100, last → 100 / neurons. */
  percentile: Scalars['Float']['output'];
  /** 1 = ranked first by the method's top-set rule (CONTRAST by |score|; ties by layer, then index). */
  rank: Scalars['Int']['output'];
  /** The neuron's score (signed for MAGNITUDE and CONTRAST). */
  score: Scalars['Float']['output'];
};

/** A neuron's score on a TRAIN part and its rank among the selected. */
export type NeuronScore = {
  __typename?: 'NeuronScore';
  /** This neuron up close: the fields of `Query.neuron` (scores, membership, top examples, histogram, …). */
  detail: NeuronDetail;
  /** The neuron scored. */
  neuron: Neuron;
  /** 1 = first selected. */
  rank: Scalars['Int']['output'];
  /** The score (signed for MAGNITUDE and CONTRAST). */
  score: Scalars['Float']['output'];
};

/** A page of neuron scores. */
export type NeuronScoreConnection = {
  __typename?: 'NeuronScoreConnection';
  /** This page, in rank order. */
  edges: Array<NeuronScoreEdge>;
  /** Where this page ends. */
  pageInfo: PageInfo;
  /** Items over all pages (after the layer filter). */
  totalCount: Scalars['Int']['output'];
};

/** One neuron score with its cursor. */
export type NeuronScoreEdge = {
  __typename?: 'NeuronScoreEdge';
  /** Opaque position; pass as `after` to continue after this item. */
  cursor: Scalars['String']['output'];
  /** The neuron score. */
  node: NeuronScore;
};

/** Which neurons one objective's model uses: the top `topPercent`% by `method` on the TRAIN part of `dataset`. */
export type NeuronSelectionInput = {
  /** The dataset whose TRAIN part scores them. */
  dataset: Scalars['ID']['input'];
  /** The score. */
  method: ScoreMethod;
  /** The model whose neurons are scored. */
  model: Scalars['ID']['input'];
  /**
   * More datasets whose TRAIN parts are pooled with `dataset`'s (at most 8): token sums and counts
   * add, so the scores are those of the union of the parts. The mixed RM was trained on both
   * objectives' train parts, so its own selection pools both.
   */
  pooledWith?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** In (0, 100]. */
  topPercent: Scalars['Float']['input'];
};

/**
 * A neuron set. Required per kind: TOP = `of` + that objective's selection (`mixed` when `of` is
 * MIXED); ONLY = both selections + `of`; SHARED = both selections; ENTROPY = both selections
 * (method PROBABILITY) + `percent` + `of`; RANDOM = `seed` + `percent` or `matchedTo` (+ the
 * selections that set needs); ALL = nothing; LIST = `neurons`. Any kind may add `region`. Missing
 * or extra fields are BAD_USER_INPUT naming them.
 */
export type NeuronSetInput = {
  /** TOP (when of = HARMLESS), ONLY, SHARED, ENTROPY. */
  harmless?: InputMaybe<NeuronSelectionInput>;
  /** TOP (when of = HELPFUL), ONLY, SHARED, ENTROPY. */
  helpful?: InputMaybe<NeuronSelectionInput>;
  /** Which kind of set (decides the other fields it needs). */
  kind: NeuronSetKind;
  /** RANDOM: same per-layer counts as that set. */
  matchedTo?: InputMaybe<NeuronSetKind>;
  /** TOP (when of = MIXED): the mixed RM's own selection. */
  mixed?: InputMaybe<NeuronSelectionInput>;
  /** LIST. */
  neurons?: InputMaybe<Array<NeuronInput>>;
  /** TOP: whose set (HELPFUL, HARMLESS or MIXED); ONLY, ENTROPY: HELPFUL or HARMLESS. */
  of?: InputMaybe<Objective>;
  /** RANDOM (unless matchedTo), ENTROPY; in (0, 100]. */
  percent?: InputMaybe<Scalars['Float']['input']>;
  /** Any kind: keep only the set's neurons in this layer region (`RewardModel.layerRegions`' index; BAD_USER_INPUT for one the model lacks). An ablation's random controls then match the part in that region, so they lie in the same region. */
  region?: InputMaybe<Scalars['Int']['input']>;
  /** RANDOM: integer in [0, 2^32). */
  seed?: InputMaybe<Scalars['Int']['input']>;
};

/** A kind of neuron set (see NeuronSetInput for the fields each kind needs). */
export type NeuronSetKind =
  /** Every neuron (p = 100). */
  | 'ALL'
  /** LAPE-style low-entropy neurons from the two objectives' PROBABILITY scores. */
  | 'ENTROPY'
  /** An explicit list of neurons. */
  | 'LIST'
  /** One objective's top set minus the other's. */
  | 'ONLY'
  /** A seeded random set: a percent of all neurons, or the per-layer counts of another set. */
  | 'RANDOM'
  /** The intersection of the two objectives' top sets. */
  | 'SHARED'
  /** One objective's top-p% selection, or the mixed RM's own (of = MIXED). */
  | 'TOP';

/** What a reward model was trained for; for datasets, the objective their preferences teach (HELPFUL or HARMLESS). */
export type Objective =
  /** The label-free base every zoo RM was fine-tuned from. */
  | 'BASE'
  /** Prefers the more harmless response. */
  | 'HARMLESS'
  /** Prefers the more helpful response. */
  | 'HELPFUL'
  /** Trained on the union of the helpful and harmless training sets. */
  | 'MIXED';

/** Overlap of the helpful and harmless top sets (each scored on its dataset's TRAIN part). */
export type OverlapSet = {
  __typename?: 'OverlapSet';
  /** The cache key of that scores row. */
  cacheKey: Scalars['String']['output'];
  /** When the newer of the two scores rows was written (ISO 8601, UTC); only scores are stored, the overlap is counted per request. */
  computedAt: Scalars['String']['output'];
  /** Engine version the result was computed by (part of its cache key). */
  engineVersion: Scalars['Int']['output'];
  /** Shared count expected for two random sets of these sizes. */
  expectedShared: Scalars['Float']['output'];
  /** In the harmless set only. */
  harmlessOnly: Scalars['Int']['output'];
  /** In the helpful set only. */
  helpfulOnly: Scalars['Int']['output'];
  /** shared / total. */
  jaccard: Scalars['Float']['output'];
  /** One-sided hypergeometric p-value of at least `shared` in common, N = all neurons. */
  pValue: Scalars['Float']['output'];
  /** In both. */
  shared: Scalars['Int']['output'];
  /** The first `first` shared neurons, by (layer, index). */
  sharedNeurons: Array<Neuron>;
  /** The shared neurons, paged (first: 0 to 1000), optionally one layer only. */
  sharedNeuronsConnection: NeuronConnection;
  /** shared / size of the harmless set. */
  sharedShareOfHarmless: Scalars['Float']['output'];
  /** shared / size of the helpful set. */
  sharedShareOfHelpful: Scalars['Float']['output'];
  /** In either. */
  total: Scalars['Int']['output'];
};


/** Overlap of the helpful and harmless top sets (each scored on its dataset's TRAIN part). */
export type OverlapSetSharedNeuronsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** Overlap of the helpful and harmless top sets (each scored on its dataset's TRAIN part). */
export type OverlapSetSharedNeuronsConnectionArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  layer?: InputMaybe<Scalars['Int']['input']>;
};

/** Where a page ends. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Cursor of the page's last item (pass as `after`); null on an empty page. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** Whether items follow this page. */
  hasNextPage: Scalars['Boolean']['output'];
};

/** One response of a preference pair. */
export type PairSide =
  /** The preferred response. */
  | 'CHOSEN'
  /** The dispreferred response. */
  | 'REJECTED';

/** A preference dataset: one source with one objective, split 80/20 into train and held-out parts by a hash of the first Human turn. */
export type PreferenceDataset = {
  __typename?: 'PreferenceDataset';
  /** sha256 of the parsed pairs (provenance: part of every cache key). */
  contentHash: Scalars['String']['output'];
  /** Pairs dropped while loading (identical responses, mismatched prompts). */
  droppedPairs: Scalars['Int']['output'];
  /** Pairs in the HELD-OUT part (evaluations, ablations). */
  heldOutPairs: Scalars['Int']['output'];
  /** Reference, e.g. `default/helpful`. */
  id: Scalars['ID']['output'];
  /** Human-readable name. */
  name: Scalars['String']['output'];
  /** HELPFUL or HARMLESS. */
  objective: Objective;
  /** Where the pairs came from: a file path, or `generated:default(seed=N)`. */
  source: Scalars['String']['output'];
  /** Pairs in the TRAIN part (scores, selections, MEAN fills). */
  trainPairs: Scalars['Int']['output'];
};

/** How the bare prompts and responses of GENERIC and PKU files become model inputs (HH transcripts stay verbatim). */
export type PromptForm =
  /** As one HH turn (the prompt after `Human:`, the response after `Assistant:` with one leading space): the form the reference zoo was trained on. */
  | 'HH'
  /** Exactly as the file has them. */
  | 'VERBATIM';

/** The entry points. Every computed result is cached in SQLite under content hashes: a repeated request never recomputes. */
export type Query = {
  __typename?: 'Query';
  /** Ablate a set in a model, measured on the HELD-OUT part of `dataset` against `controls` size-matched random sets (0 to 1000). */
  ablation: Ablation;
  /** Per-neuron Pearson r of two models' token-averaged activations on the HELD-OUT texts of `dataset` (same neuron sites needed). */
  correspondence: Correspondence;
  /** A dataset by reference (e.g. `default/helpful`, `hh-rlhf/harmless-base`); null when unknown. */
  dataset?: Maybe<PreferenceDataset>;
  /** The datasets the loaded zoos were built on. */
  datasets: Array<PreferenceDataset>;
  /** Scale a set by each alpha in a model; accuracy on the HELD-OUT parts of one helpful and one harmless dataset. Default alphas: 0, 0.25, …, 2; at most 500 alphas. */
  frontier: Array<FrontierPoint>;
  /** A job by id (from `extensions.jobId` of COMPUTE_PENDING, or a mutation); null when unknown. */
  job?: Maybe<Job>;
  /** Jobs newest first, of one state when given. */
  jobs: Array<Job>;
  /** How a set's neurons fall in the layer regions (early / middle / late thirds) of `model`, the model whose sites the set is built over (TRAIN parts, as the set's selections). */
  layerRegions: Array<RegionShare>;
  /** A model by id (e.g. `default/mixed`); null when unknown. */
  model?: Maybe<RewardModel>;
  /** Every model of the loaded zoos. */
  models: Array<RewardModel>;
  /** A model's neuron by position, for a closer look; null when the model is unknown, BAD_USER_INPUT when the model has no such layer or index. */
  neuron?: Maybe<NeuronDetail>;
  /** Overlap of two top-p% selections (scored on TRAIN parts) over the same neurons. */
  overlap: OverlapSet;
  /**
   * Zero-ablate TOP, ONLY (each objective) and SHARED at p = 2, 4, …, 30, and ALL, in a model on
   * the HELD-OUT part of `dataset`; each point against `controls` random sets matched to its set's
   * per-layer counts (0 to 100: each control is one more ablation at each of the 76 points).
   */
  pSweep: Array<SweepPoint>;
  /**
   * The study over several zoos, one per seed (e.g. `default`, `default-seed2`, `default-seed3`):
   * each zoo's study (tension table, overlaps, ablations of TOP, ONLY and SHARED sets against random
   * controls, frontier) runs within its own seed, then every figure is given per seed, as mean ± sd
   * over the seeds, and with the seeds each finding holds in (claims: docs/study-json.md, "Several
   * seeds"). Neuron sets are never compared across seeds. A cold request computes whole studies
   * (minutes per zoo): it answers COMPUTE_PENDING and goes on as a job.
   */
  seedSummary: SeedSummary;
  /** What this server runs. */
  serverInfo: ServerInfo;
  /** Every model of one zoo on every held-out dataset that zoo was trained on, plus interference. */
  tension: TensionReport;
  /**
   * The helpful, harmless and mixed RMs' top-p% sets (scored on TRAIN parts; the mixed RM's
   * selection usually pools both objectives' datasets, `pooledWith`): each pair's overlap and the
   * neurons in all three, each against chance. The three models need the same neuron sites.
   */
  threeWayOverlap: ThreeWayOverlap;
  /** Of the HELD-OUT pairs of `dataset` that model `from` gets right, the share model `to` also gets right (from both models' stored rewards). */
  transferability: Transferability;
};


/** The entry points. Every computed result is cached in SQLite under content hashes: a repeated request never recomputes. */
export type QueryAblationArgs = {
  alpha?: InputMaybe<Scalars['Float']['input']>;
  controls?: InputMaybe<Scalars['Int']['input']>;
  dataset: Scalars['ID']['input'];
  mode?: InputMaybe<AblationMode>;
  model: Scalars['ID']['input'];
  set: NeuronSetInput;
  ties?: InputMaybe<TieRule>;
};


/** The entry points. Every computed result is cached in SQLite under content hashes: a repeated request never recomputes. */
export type QueryCorrespondenceArgs = {
  a: Scalars['ID']['input'];
  b: Scalars['ID']['input'];
  dataset: Scalars['ID']['input'];
};


/** The entry points. Every computed result is cached in SQLite under content hashes: a repeated request never recomputes. */
export type QueryDatasetArgs = {
  id: Scalars['ID']['input'];
};


/** The entry points. Every computed result is cached in SQLite under content hashes: a repeated request never recomputes. */
export type QueryFrontierArgs = {
  alphas?: InputMaybe<Array<Scalars['Float']['input']>>;
  harmless: Scalars['ID']['input'];
  helpful: Scalars['ID']['input'];
  model: Scalars['ID']['input'];
  set: NeuronSetInput;
  ties?: InputMaybe<TieRule>;
};


/** The entry points. Every computed result is cached in SQLite under content hashes: a repeated request never recomputes. */
export type QueryJobArgs = {
  id: Scalars['ID']['input'];
};


/** The entry points. Every computed result is cached in SQLite under content hashes: a repeated request never recomputes. */
export type QueryJobsArgs = {
  state?: InputMaybe<JobState>;
};


/** The entry points. Every computed result is cached in SQLite under content hashes: a repeated request never recomputes. */
export type QueryLayerRegionsArgs = {
  model: Scalars['ID']['input'];
  set: NeuronSetInput;
};


/** The entry points. Every computed result is cached in SQLite under content hashes: a repeated request never recomputes. */
export type QueryModelArgs = {
  id: Scalars['ID']['input'];
};


/** The entry points. Every computed result is cached in SQLite under content hashes: a repeated request never recomputes. */
export type QueryNeuronArgs = {
  index: Scalars['Int']['input'];
  layer: Scalars['Int']['input'];
  model: Scalars['ID']['input'];
};


/** The entry points. Every computed result is cached in SQLite under content hashes: a repeated request never recomputes. */
export type QueryOverlapArgs = {
  harmless: NeuronSelectionInput;
  helpful: NeuronSelectionInput;
};


/** The entry points. Every computed result is cached in SQLite under content hashes: a repeated request never recomputes. */
export type QueryPSweepArgs = {
  controls?: InputMaybe<Scalars['Int']['input']>;
  dataset: Scalars['ID']['input'];
  harmless: NeuronSelectionInput;
  helpful: NeuronSelectionInput;
  model: Scalars['ID']['input'];
  ties?: InputMaybe<TieRule>;
};


/** The entry points. Every computed result is cached in SQLite under content hashes: a repeated request never recomputes. */
export type QuerySeedSummaryArgs = {
  controls?: InputMaybe<Scalars['Int']['input']>;
  harmless?: InputMaybe<Scalars['ID']['input']>;
  helpful?: InputMaybe<Scalars['ID']['input']>;
  method?: InputMaybe<ScoreMethod>;
  ties?: InputMaybe<TieRule>;
  topPercent?: InputMaybe<Scalars['Float']['input']>;
  zoos: Array<Scalars['ID']['input']>;
};


/** The entry points. Every computed result is cached in SQLite under content hashes: a repeated request never recomputes. */
export type QueryTensionArgs = {
  ties?: InputMaybe<TieRule>;
  zoo?: InputMaybe<Scalars['ID']['input']>;
};


/** The entry points. Every computed result is cached in SQLite under content hashes: a repeated request never recomputes. */
export type QueryThreeWayOverlapArgs = {
  harmless: NeuronSelectionInput;
  helpful: NeuronSelectionInput;
  mixed: NeuronSelectionInput;
};


/** The entry points. Every computed result is cached in SQLite under content hashes: a repeated request never recomputes. */
export type QueryTransferabilityArgs = {
  dataset: Scalars['ID']['input'];
  from: Scalars['ID']['input'];
  ties?: InputMaybe<TieRule>;
  to: Scalars['ID']['input'];
};

/** A set's part in one layer region. */
export type RegionShare = {
  __typename?: 'RegionShare';
  /** The region's neurons / all neurons: the share of a uniformly drawn set, on average. */
  expectedShare: Scalars['Float']['output'];
  /** The set's neurons in the region. */
  neurons: Scalars['Int']['output'];
  /** The region. */
  region: LayerRegion;
  /** neurons / the set's size (0 for an empty set). */
  share: Scalars['Float']['output'];
};

/** A reward model (ONNX) the server can analyse. */
export type RewardModel = {
  __typename?: 'RewardModel';
  /** The model it was fine-tuned from (CHANGE scores compare against it); null for a base. */
  base?: Maybe<RewardModel>;
  /** Accuracy per subset, per section and overall on a reward-benchmark dataset (a file read as REWARDBENCH, RMBENCH or REWARDBENCH2; BAD_USER_INPUT for any other dataset). */
  benchmark: BenchmarkEvaluation;
  /** Accuracy on the HELD-OUT part of `dataset` (every pair of an evaluation-only dataset; a reward benchmark's pairs, one by one). */
  evaluation: Evaluation;
  /** `<data>/<role>` for zoo models (e.g. `default/helpful`). */
  id: Scalars['ID']['output'];
  /** Its layers split into early / middle / late thirds (each layer its own region when it has fewer than 3): what NeuronSetInput.region names. */
  layerRegions: Array<LayerRegion>;
  /** Number of neuron sites (layers). */
  layers: Scalars['Int']['output'];
  /** Human-readable name, with the file name. */
  name: Scalars['String']['output'];
  /** Number of neurons over all layers. */
  neuronCount: Scalars['Int']['output'];
  /** The top-p% neurons by score on the TRAIN part of `dataset` (pooled with those of `pooledWith`, as NeuronSelectionInput.pooledWith), in rank order. */
  neurons: Array<NeuronScore>;
  /** `neurons`, paged (first: 0 to 1000), optionally one layer only (ranks stay global). */
  neuronsConnection: NeuronScoreConnection;
  /** What it was trained for. */
  objective: Objective;
  /** sha256 of the model file (provenance: part of every cache key). */
  sha256: Scalars['String']['output'];
};


/** A reward model (ONNX) the server can analyse. */
export type RewardModelBenchmarkArgs = {
  dataset: Scalars['ID']['input'];
  ties?: InputMaybe<TieRule>;
};


/** A reward model (ONNX) the server can analyse. */
export type RewardModelEvaluationArgs = {
  dataset: Scalars['ID']['input'];
  ties?: InputMaybe<TieRule>;
};


/** A reward model (ONNX) the server can analyse. */
export type RewardModelNeuronsArgs = {
  dataset: Scalars['ID']['input'];
  method: ScoreMethod;
  pooledWith?: InputMaybe<Array<Scalars['ID']['input']>>;
  topPercent: Scalars['Float']['input'];
};


/** A reward model (ONNX) the server can analyse. */
export type RewardModelNeuronsConnectionArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  dataset: Scalars['ID']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  layer?: InputMaybe<Scalars['Int']['input']>;
  method: ScoreMethod;
  pooledWith?: InputMaybe<Array<Scalars['ID']['input']>>;
  sortBy?: InputMaybe<ScoreMethod>;
  topPercent: Scalars['Float']['input'];
};

/** How a neuron is scored on a dataset's TRAIN part (token-averaged over chosen and rejected texts, then their mean). */
export type ScoreMethod =
  /** RMS change of the activation against the model's base at the same tokens (needs a base). */
  | 'CHANGE'
  /** Per pair: chosen-text mean minus rejected-text mean activation; mean / sd over pairs, ranked by |score|. */
  | 'CONTRAST'
  /** Mean activation (signed). */
  | 'MAGNITUDE'
  /** Fraction of tokens with a positive activation. */
  | 'PROBABILITY';

/** One figure of the study over the seeds: per seed, mean ± sd, and the seeds its claim holds in. */
export type SeedFinding = {
  __typename?: 'SeedFinding';
  /** FRONTIER: the scale. */
  alpha?: Maybe<Scalars['Float']['output']>;
  /** What it claims; null for a descriptive figure. */
  claim?: Maybe<Scalars['String']['output']>;
  /** OVERLAP: `between` (helpful RM vs harmless RM) or the role of the RM compared with itself; THREE_WAY: `helpful∩mixed`, `harmless∩mixed` or `all three`; TRANSFER: `<from role>→<to role>`. */
  comparison?: Maybe<Scalars['String']['output']>;
  /** ABLATION: seeds whose z against the random controls is beyond 2 in the claim's direction. */
  controlsHoldIn?: Maybe<Scalars['Int']['output']>;
  /** The HELD-OUT dataset (ACCURACY, LENGTH_RULE, TRANSFER, ABLATION). */
  dataset?: Maybe<Scalars['ID']['output']>;
  /** Upper end of the headline's 95% CI per seed. */
  high: Array<Maybe<Scalars['Float']['output']>>;
  /** Per seed: whether the claim holds there (same sign, CI excluding the null value; OVERLAP and THREE_WAY: hypergeometric p < 0.05). */
  holds?: Maybe<Array<Scalars['Boolean']['output']>>;
  /** Seeds the claim holds in. */
  holdsIn?: Maybe<Scalars['Int']['output']>;
  /** What it measures. */
  kind: SeedFindingKind;
  /** What it measures, for reading (e.g. `mixed RM, TOP_HELPFUL on default/harmless`). */
  label: Scalars['String']['output'];
  /** Lower end of the headline's 95% CI per seed (prompt clusters resampled); null where it has none (OVERLAP, THREE_WAY, REGION, FRONTIER). */
  low: Array<Maybe<Scalars['Float']['output']>>;
  /** INTERFERENCE: its objective; ACCURACY, LENGTH_RULE, TRANSFER and ABLATION: the dataset's objective. */
  objective?: Maybe<Objective>;
  /** ABLATION of a set's part in one layer region, and REGION: the region's index (`LayerRegion.index`); null otherwise. */
  region?: Maybe<Scalars['Int']['output']>;
  /** The RM's role (`helpful`, `harmless`, `mixed`, `base`; TRANSFER: the RM whose right answers are counted; OVERLAP within one RM: that RM); null for INTERFERENCE, LENGTH_RULE, REGION, the between-RM OVERLAP and THREE_WAY. */
  role?: Maybe<Scalars['String']['output']>;
  /** Seeds summarised. */
  seeds: Scalars['Int']['output'];
  /** ABLATION and REGION: TOP_HELPFUL, TOP_HARMLESS, TOP_MIXED, ONLY_HELPFUL, ONLY_HARMLESS or SHARED; FRONTIER: SHARED. */
  set?: Maybe<Scalars['String']['output']>;
  /** The claim's direction: 1 above its null value, -1 below; null for a descriptive figure. */
  sign?: Maybe<Scalars['Int']['output']>;
  /** Its measures, the headline first (accuracy, delta, share, jaccard, shared, deltaAccuracy, helpfulDelta). */
  stats: Array<SeedStat>;
};

/** What a seed finding measures. */
export type SeedFindingKind =
  /** Zero ablation of one set (or, with `region`, its part in one layer region) in one RM on one dataset, against random controls. */
  | 'ABLATION'
  /** Held-out accuracy of one RM on one dataset; also its accuracy where the chosen response is the longer (`chosenLonger`) and the shorter (`chosenShorter`). */
  | 'ACCURACY'
  /** The mixed RM's SHARED neurons scaled by one alpha (descriptive: no CI, no claim). */
  | 'FRONTIER'
  /** accuracy(single-objective RM) − accuracy(mixed RM) on one objective. */
  | 'INTERFERENCE'
  /** The rule "the longer response wins" on one held-out dataset (descriptive: the data are the same in every seed). */
  | 'LENGTH_RULE'
  /** Overlap of the helpful and harmless top sets, within one seed. */
  | 'OVERLAP'
  /** A study set's share of one layer region, beside a uniform set's (descriptive). */
  | 'REGION'
  /** The mixed RM's own top set against the helpful and the harmless RM's (`helpful∩mixed`, `harmless∩mixed`), and the neurons in all three (`all three`), within one seed. */
  | 'THREE_WAY'
  /** Transferability: of the pairs one RM gets right, the share another gets right (descriptive, with each seed's CI). */
  | 'TRANSFER';

/** One measure over the seeds. */
export type SeedStat = {
  __typename?: 'SeedStat';
  /** Mean over the seeds with a value. */
  mean?: Maybe<Scalars['Float']['output']>;
  /** The study JSON's name of the figure: `accuracy`, `delta` (interference), `deltaAccuracy` and `zScore` (ablation), `jaccard`, … */
  measure: Scalars['String']['output'];
  /** Seeds with a value. */
  n: Scalars['Int']['output'];
  /** Sample sd over the seeds with a value; null with fewer than two. */
  sd?: Maybe<Scalars['Float']['output']>;
  /** Per seed; null where a seed has none (e.g. z without control spread). */
  values: Array<Maybe<Scalars['Float']['output']>>;
};

/** The study over several seeds (`Query.seedSummary`). */
export type SeedSummary = {
  __typename?: 'SeedSummary';
  /** Every figure of the study over the seeds. */
  findings: Array<SeedFinding>;
  /** The zoos' names, one per seed, in the order asked; every per-seed list follows it. */
  zoos: Array<Scalars['String']['output']>;
};

/** The server's version and the engine version that is part of every cache key. */
export type ServerInfo = {
  __typename?: 'ServerInfo';
  /** Bumped whenever computed results would change; a new value never reads old rows. */
  engineVersion: Scalars['Int']['output'];
  /** Whether mutations need `Authorization: Bearer <token>` (the server runs with RMLENS_TOKEN). */
  mutationsNeedToken: Scalars['Boolean']['output'];
  /** rmlens package version. */
  version: Scalars['String']['output'];
};

/** The overlap of two of the three top sets (helpful, harmless, mixed), named by whose set each is. */
export type SetPairOverlap = {
  __typename?: 'SetPairOverlap';
  /** Shared count expected for two random sets of these sizes. */
  expectedShared: Scalars['Float']['output'];
  /** Whose set is first. */
  first: Objective;
  /** In the first set only. */
  firstOnly: Scalars['Int']['output'];
  /** shared / total. */
  jaccard: Scalars['Float']['output'];
  /** One-sided hypergeometric p-value of at least `shared` in common, N = all neurons. */
  pValue: Scalars['Float']['output'];
  /** Whose set is second. */
  second: Objective;
  /** In the second set only. */
  secondOnly: Scalars['Int']['output'];
  /** In both. */
  shared: Scalars['Int']['output'];
  /** shared / size of the first set. */
  sharedShareOfFirst: Scalars['Float']['output'];
  /** shared / size of the second set. */
  sharedShareOfSecond: Scalars['Float']['output'];
  /** In either. */
  total: Scalars['Int']['output'];
};

/** Accuracy on the HELD-OUT part after zero-ablating one kind of set at one percent. */
export type SweepPoint = {
  __typename?: 'SweepPoint';
  /** Accuracy after ablation. */
  accuracy: Scalars['Float']['output'];
  /** Mean deltaAccuracy of the controls; null without controls. */
  controlMeanDelta?: Maybe<Scalars['Float']['output']>;
  /** Standard deviation of the controls' deltaAccuracy; null with fewer than two. */
  controlStdDelta?: Maybe<Scalars['Float']['output']>;
  /** Random sets matched to the point's set's per-layer counts (the same draws an `ablation` of that set with as many controls makes). */
  controls: Scalars['Int']['output'];
  /** accuracy − the unablated accuracy. */
  deltaAccuracy: Scalars['Float']['output'];
  /** TOP, ONLY, SHARED, or ALL (at 100). */
  kind: NeuronSetKind;
  /** Neurons in the point's set. */
  neurons: Scalars['Int']['output'];
  /** Whose set, for TOP and ONLY; null otherwise. */
  of?: Maybe<Objective>;
  /** The selections' topPercent (100 for ALL). */
  percent: Scalars['Float']['output'];
};

/** Every model on every held-out dataset, plus interference per objective, the length rule and transferability. */
export type TensionReport = {
  __typename?: 'TensionReport';
  /** Rules scored on each dataset's HELD-OUT part as a model would be, to read the rows against (they are not models): the length rule, LONGER_WINS. */
  baselines: Array<LengthBaseline>;
  /** Each single-objective RM against each mixed RM, per objective. */
  interference: Array<Interference>;
  /** Model × dataset, models in zoo order. */
  rows: Array<TensionRow>;
  /** Each single-objective RM's right answers against each mixed RM, on each dataset (HELPFUL RMs first). */
  transferability: Array<Transferability>;
};

/** One model evaluated on one dataset's HELD-OUT part. */
export type TensionRow = {
  __typename?: 'TensionRow';
  /** The same accuracy on the pairs whose chosen response is the longer, the shorter, or of equal length (response tokens as the models read them). */
  byLength: LengthStrata;
  /** The dataset whose HELD-OUT part it is evaluated on. */
  dataset: PreferenceDataset;
  /** Its accuracy there, with the 95% bootstrap CI. */
  evaluation: Evaluation;
  /** The model evaluated. */
  model: RewardModel;
};

/**
 * The helpful, harmless and mixed top sets (TRAIN parts): each pair's overlap and the neurons in
 * all three. Two nulls for the three-way count: independent uniform sets (exact: the pairwise
 * hypergeometric extended to three sets), and the mixed set drawn uniformly with helpful ∩
 * harmless kept as observed (does the mixed RM take the shared neurons more than any neurons?).
 */
export type ThreeWayOverlap = {
  __typename?: 'ThreeWayOverlap';
  /** The cache key of that scores row. */
  cacheKey: Scalars['String']['output'];
  /** When the newest of the three scores rows was written (ISO 8601, UTC); only scores are stored. */
  computedAt: Scalars['String']['output'];
  /** Engine version the result was computed by (part of its cache key). */
  engineVersion: Scalars['Int']['output'];
  /** helpfulSize · harmlessSize · mixedSize / N²: expected for three independent random sets of these sizes. */
  expectedShared: Scalars['Float']['output'];
  /** |helpful ∩ harmless| · mixedSize / N: expected when only the mixed set is random. */
  expectedSharedGivenHelpfulHarmless: Scalars['Float']['output'];
  /** Harmless vs mixed. */
  harmlessMixed: SetPairOverlap;
  /** Size of the harmless set. */
  harmlessSize: Scalars['Int']['output'];
  /** Helpful vs harmless (the numbers of Query.overlap). */
  helpfulHarmless: SetPairOverlap;
  /** Helpful vs mixed. */
  helpfulMixed: SetPairOverlap;
  /** Size of the helpful set. */
  helpfulSize: Scalars['Int']['output'];
  /** Size of the mixed set. */
  mixedSize: Scalars['Int']['output'];
  /** N: all neurons of the common sites. */
  neuronCount: Scalars['Int']['output'];
  /** Exact one-sided p-value of at least `shared` in all three, for independent random sets. */
  pValue: Scalars['Float']['output'];
  /** One-sided hypergeometric p-value of at least `shared`, when only the mixed set is random. */
  pValueGivenHelpfulHarmless: Scalars['Float']['output'];
  /** In all three sets. */
  shared: Scalars['Int']['output'];
  /** The first `first` neurons in all three sets, by (layer, index). */
  sharedNeurons: Array<Neuron>;
};


/**
 * The helpful, harmless and mixed top sets (TRAIN parts): each pair's overlap and the neurons in
 * all three. Two nulls for the three-way count: independent uniform sets (exact: the pairwise
 * hypergeometric extended to three sets), and the mixed set drawn uniformly with helpful ∩
 * harmless kept as observed (does the mixed RM take the shared neurons more than any neurons?).
 */
export type ThreeWayOverlapSharedNeuronsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** What a tie (chosen reward = rejected reward) counts in an accuracy. */
export type TieRule =
  /** Half a right answer (rmlens' default). */
  | 'HALF'
  /** Nothing: `chosen > rejected` strictly, the reference study's rule. */
  | 'STRICT';

/**
 * Of the HELD-OUT pairs `from` gets right, the share `to` also gets right. A tie counts as the
 * request's `ties` says on both sides: each pair adds from's win (1, the tie's value or 0) to
 * fromCorrect and the product of both models' wins to bothCorrect, so under HALF (½ a tie) either
 * count may end in .5; share = bothCorrect / fromCorrect.
 */
export type Transferability = {
  __typename?: 'Transferability';
  /** Pairs both models get right. */
  bothCorrect: Scalars['Float']['output'];
  /** The dataset whose HELD-OUT part is read. */
  dataset: PreferenceDataset;
  /** The model whose right answers are the base. */
  from: RewardModel;
  /** Pairs `from` gets right. */
  fromCorrect: Scalars['Float']['output'];
  /** Held-out pairs. */
  pairs: Scalars['Int']['output'];
  /** bothCorrect / fromCorrect; null when `from` gets no pair right. */
  share?: Maybe<Scalars['Float']['output']>;
  /** Upper end of the 95% bootstrap CI of share. */
  shareHigh?: Maybe<Scalars['Float']['output']>;
  /** Lower end of the 95% bootstrap CI of share (prompt clusters resampled, the ratio recomputed on each resample). */
  shareLow?: Maybe<Scalars['Float']['output']>;
  /** The model checked on them. */
  to: RewardModel;
};



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Ablation: ResolverTypeWrapper<Ablation>;
  AblationMode: AblationMode;
  BaselineRule: BaselineRule;
  BenchmarkEvaluation: ResolverTypeWrapper<ProvenancedBenchmarkEvaluation>;
  BenchmarkGroup: ResolverTypeWrapper<AnalysisBenchmarkGroup>;
  BenchmarkPairing: BenchmarkPairing;
  BenchmarkScoring: BenchmarkScoring;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Correspondence: ResolverTypeWrapper<ProvenancedCorrespondence>;
  DataPart: DataPart;
  DatasetFormat: DatasetFormat;
  Evaluation: ResolverTypeWrapper<ProvenancedEvaluation>;
  ExampleRanking: ExampleRanking;
  ExampleToken: ResolverTypeWrapper<AnalysisExampleToken>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  FrontierPoint: ResolverTypeWrapper<AnalysisFrontierPoint>;
  HistogramBin: ResolverTypeWrapper<HistogramBin>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Interference: ResolverTypeWrapper<AnalysisInterference>;
  Job: ResolverTypeWrapper<StoredJob>;
  JobState: JobState;
  LayerRegion: ResolverTypeWrapper<AnalysisLayerRegion>;
  LengthBaseline: ResolverTypeWrapper<AnalysisLengthBaseline>;
  LengthStrata: ResolverTypeWrapper<LengthStrata>;
  LengthStratum: ResolverTypeWrapper<LengthStratum>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Neuron: ResolverTypeWrapper<AnalysisNeuron>;
  NeuronAblationEffect: ResolverTypeWrapper<AnalysisNeuronAblationEffect>;
  NeuronConnection: ResolverTypeWrapper<Omit<NeuronConnection, 'edges'> & { edges: Array<ResolversTypes['NeuronEdge']> }>;
  NeuronDetail: ResolverTypeWrapper<AnalysisNeuronDetail>;
  NeuronEdge: ResolverTypeWrapper<Omit<NeuronEdge, 'node'> & { node: ResolversTypes['Neuron'] }>;
  NeuronExample: ResolverTypeWrapper<AnalysisNeuronExample>;
  NeuronExampleConnection: ResolverTypeWrapper<Omit<NeuronExampleConnection, 'edges'> & { edges: Array<ResolversTypes['NeuronExampleEdge']> }>;
  NeuronExampleEdge: ResolverTypeWrapper<Omit<NeuronExampleEdge, 'node'> & { node: ResolversTypes['NeuronExample'] }>;
  NeuronHistogram: ResolverTypeWrapper<ProvenancedNeuronHistogram>;
  NeuronInput: NeuronInput;
  NeuronMarginCorrelation: ResolverTypeWrapper<ProvenancedNeuronMarginCorrelation>;
  NeuronMembership: ResolverTypeWrapper<AnalysisNeuronMembership>;
  NeuronMembershipKind: NeuronMembershipKind;
  NeuronMethodScore: ResolverTypeWrapper<AnalysisNeuronMethodScore>;
  NeuronScore: ResolverTypeWrapper<ModelNeuronScore>;
  NeuronScoreConnection: ResolverTypeWrapper<Omit<NeuronScoreConnection, 'edges'> & { edges: Array<ResolversTypes['NeuronScoreEdge']> }>;
  NeuronScoreEdge: ResolverTypeWrapper<Omit<NeuronScoreEdge, 'node'> & { node: ResolversTypes['NeuronScore'] }>;
  NeuronSelectionInput: NeuronSelectionInput;
  NeuronSetInput: NeuronSetInput;
  NeuronSetKind: NeuronSetKind;
  Objective: Objective;
  OverlapSet: ResolverTypeWrapper<ProvenancedOverlapSet>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  PairSide: PairSide;
  PreferenceDataset: ResolverTypeWrapper<DatasetSummary>;
  PromptForm: PromptForm;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RegionShare: ResolverTypeWrapper<AnalysisRegionShare>;
  RewardModel: ResolverTypeWrapper<ModelEntry>;
  ScoreMethod: ScoreMethod;
  SeedFinding: ResolverTypeWrapper<SeedFinding>;
  SeedFindingKind: SeedFindingKind;
  SeedStat: ResolverTypeWrapper<SeedStat>;
  SeedSummary: ResolverTypeWrapper<AnalysisSeedSummary>;
  ServerInfo: ResolverTypeWrapper<ServerInfo>;
  SetPairOverlap: ResolverTypeWrapper<AnalysisSetPairOverlap>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  SweepPoint: ResolverTypeWrapper<AnalysisSweepPoint>;
  TensionReport: ResolverTypeWrapper<ProvenancedTensionReport>;
  TensionRow: ResolverTypeWrapper<ProvenancedTensionRow>;
  ThreeWayOverlap: ResolverTypeWrapper<ProvenancedThreeWayOverlap>;
  TieRule: TieRule;
  Transferability: ResolverTypeWrapper<AnalysisTransferability>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Ablation: Ablation;
  BenchmarkEvaluation: ProvenancedBenchmarkEvaluation;
  BenchmarkGroup: AnalysisBenchmarkGroup;
  Boolean: Scalars['Boolean']['output'];
  Correspondence: ProvenancedCorrespondence;
  Evaluation: ProvenancedEvaluation;
  ExampleToken: AnalysisExampleToken;
  Float: Scalars['Float']['output'];
  FrontierPoint: AnalysisFrontierPoint;
  HistogramBin: HistogramBin;
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  Interference: AnalysisInterference;
  Job: StoredJob;
  LayerRegion: AnalysisLayerRegion;
  LengthBaseline: AnalysisLengthBaseline;
  LengthStrata: LengthStrata;
  LengthStratum: LengthStratum;
  Mutation: Record<PropertyKey, never>;
  Neuron: AnalysisNeuron;
  NeuronAblationEffect: AnalysisNeuronAblationEffect;
  NeuronConnection: Omit<NeuronConnection, 'edges'> & { edges: Array<ResolversParentTypes['NeuronEdge']> };
  NeuronDetail: AnalysisNeuronDetail;
  NeuronEdge: Omit<NeuronEdge, 'node'> & { node: ResolversParentTypes['Neuron'] };
  NeuronExample: AnalysisNeuronExample;
  NeuronExampleConnection: Omit<NeuronExampleConnection, 'edges'> & { edges: Array<ResolversParentTypes['NeuronExampleEdge']> };
  NeuronExampleEdge: Omit<NeuronExampleEdge, 'node'> & { node: ResolversParentTypes['NeuronExample'] };
  NeuronHistogram: ProvenancedNeuronHistogram;
  NeuronInput: NeuronInput;
  NeuronMarginCorrelation: ProvenancedNeuronMarginCorrelation;
  NeuronMembership: AnalysisNeuronMembership;
  NeuronMethodScore: AnalysisNeuronMethodScore;
  NeuronScore: ModelNeuronScore;
  NeuronScoreConnection: Omit<NeuronScoreConnection, 'edges'> & { edges: Array<ResolversParentTypes['NeuronScoreEdge']> };
  NeuronScoreEdge: Omit<NeuronScoreEdge, 'node'> & { node: ResolversParentTypes['NeuronScore'] };
  NeuronSelectionInput: NeuronSelectionInput;
  NeuronSetInput: NeuronSetInput;
  OverlapSet: ProvenancedOverlapSet;
  PageInfo: PageInfo;
  PreferenceDataset: DatasetSummary;
  Query: Record<PropertyKey, never>;
  RegionShare: AnalysisRegionShare;
  RewardModel: ModelEntry;
  SeedFinding: SeedFinding;
  SeedStat: SeedStat;
  SeedSummary: AnalysisSeedSummary;
  ServerInfo: ServerInfo;
  SetPairOverlap: AnalysisSetPairOverlap;
  String: Scalars['String']['output'];
  SweepPoint: AnalysisSweepPoint;
  TensionReport: ProvenancedTensionReport;
  TensionRow: ProvenancedTensionRow;
  ThreeWayOverlap: ProvenancedThreeWayOverlap;
  Transferability: AnalysisTransferability;
};

export type AblationResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['Ablation'] = ResolversParentTypes['Ablation']> = {
  accuracy?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  baselineAccuracy?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  baselineMargin?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  cacheKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  cached?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  computedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  controlMeanDelta?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  controlStdDelta?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  controls?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  deltaAccuracy?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  deltaHigh?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  deltaLow?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  deltaPerNeuron?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  engineVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  meanMargin?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  neurons?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pairs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  zScore?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
};

export type BenchmarkEvaluationResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['BenchmarkEvaluation'] = ResolversParentTypes['BenchmarkEvaluation']> = {
  cacheKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  categories?: Resolver<Array<ResolversTypes['BenchmarkGroup']>, ParentType, ContextType>;
  computedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  engineVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  format?: Resolver<ResolversTypes['DatasetFormat'], ParentType, ContextType>;
  overall?: Resolver<ResolversTypes['BenchmarkGroup'], ParentType, ContextType>;
  pairing?: Resolver<ResolversTypes['BenchmarkPairing'], ParentType, ContextType>;
  scoring?: Resolver<ResolversTypes['BenchmarkScoring'], ParentType, ContextType>;
  subsets?: Resolver<Array<ResolversTypes['BenchmarkGroup']>, ParentType, ContextType>;
  ties?: Resolver<ResolversTypes['TieRule'], ParentType, ContextType>;
};

export type BenchmarkGroupResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['BenchmarkGroup'] = ResolversParentTypes['BenchmarkGroup']> = {
  accuracy?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  accuracyHigh?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  accuracyLow?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  category?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  objective?: Resolver<ResolversTypes['Objective'], ParentType, ContextType>;
  pairs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  rows?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  tiedPairs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CorrespondenceResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['Correspondence'] = ResolversParentTypes['Correspondence']> = {
  cacheKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  computedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  engineVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  meanCorrelation?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  medianCorrelation?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  neurons?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  shareAboveHalf?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type EvaluationResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['Evaluation'] = ResolversParentTypes['Evaluation']> = {
  accuracy?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  accuracyHigh?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  accuracyLow?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  cacheKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  computedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  engineVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  meanMargin?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  pairs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ExampleTokenResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['ExampleToken'] = ResolversParentTypes['ExampleToken']> = {
  activation?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  response?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type FrontierPointResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['FrontierPoint'] = ResolversParentTypes['FrontierPoint']> = {
  alpha?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  harmlessAccuracy?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  harmlessDelta?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  helpfulAccuracy?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  helpfulDelta?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type HistogramBinResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['HistogramBin'] = ResolversParentTypes['HistogramBin']> = {
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  high?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  low?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type InterferenceResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['Interference'] = ResolversParentTypes['Interference']> = {
  delta?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  deltaHigh?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  deltaLow?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  mixed?: Resolver<ResolversTypes['RewardModel'], ParentType, ContextType>;
  objective?: Resolver<ResolversTypes['Objective'], ParentType, ContextType>;
  pairs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  single?: Resolver<ResolversTypes['RewardModel'], ParentType, ContextType>;
};

export type JobResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['Job'] = ResolversParentTypes['Job']> = {
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  finishedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  progress?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  startedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  state?: Resolver<ResolversTypes['JobState'], ParentType, ContextType>;
};

export type LayerRegionResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['LayerRegion'] = ResolversParentTypes['LayerRegion']> = {
  firstLayer?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  index?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  lastLayer?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  neurons?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type LengthBaselineResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['LengthBaseline'] = ResolversParentTypes['LengthBaseline']> = {
  accuracy?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  accuracyHigh?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  accuracyLow?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  chosenLonger?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  chosenShorter?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  dataset?: Resolver<ResolversTypes['PreferenceDataset'], ParentType, ContextType>;
  equalLength?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  maxResponseTokens?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pairs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  rule?: Resolver<ResolversTypes['BaselineRule'], ParentType, ContextType>;
};

export type LengthStrataResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['LengthStrata'] = ResolversParentTypes['LengthStrata']> = {
  chosenLonger?: Resolver<ResolversTypes['LengthStratum'], ParentType, ContextType>;
  chosenShorter?: Resolver<ResolversTypes['LengthStratum'], ParentType, ContextType>;
  equalLength?: Resolver<ResolversTypes['LengthStratum'], ParentType, ContextType>;
};

export type LengthStratumResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['LengthStratum'] = ResolversParentTypes['LengthStratum']> = {
  accuracy?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  accuracyHigh?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  accuracyLow?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  pairs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  buildZoo?: Resolver<ResolversTypes['Job'], ParentType, ContextType, RequireFields<MutationBuildZooArgs, 'data' | 'quick' | 'seed'>>;
  cancelJob?: Resolver<Maybe<ResolversTypes['Job']>, ParentType, ContextType, RequireFields<MutationCancelJobArgs, 'id'>>;
  registerDataset?: Resolver<ResolversTypes['PreferenceDataset'], ParentType, ContextType, RequireFields<MutationRegisterDatasetArgs, 'evaluationOnly' | 'format' | 'objective' | 'pairing' | 'path' | 'prompt'>>;
  registerModel?: Resolver<ResolversTypes['RewardModel'], ParentType, ContextType, RequireFields<MutationRegisterModelArgs, 'objective' | 'path'>>;
  unregisterDataset?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationUnregisterDatasetArgs, 'id'>>;
  unregisterModel?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationUnregisterModelArgs, 'id'>>;
};

export type NeuronResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['Neuron'] = ResolversParentTypes['Neuron']> = {
  index?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  layer?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  site?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type NeuronAblationEffectResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['NeuronAblationEffect'] = ResolversParentTypes['NeuronAblationEffect']> = {
  ablation?: Resolver<ResolversTypes['Ablation'], ParentType, ContextType>;
  dataset?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  mode?: Resolver<ResolversTypes['AblationMode'], ParentType, ContextType>;
  objective?: Resolver<ResolversTypes['Objective'], ParentType, ContextType>;
};

export type NeuronConnectionResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['NeuronConnection'] = ResolversParentTypes['NeuronConnection']> = {
  edges?: Resolver<Array<ResolversTypes['NeuronEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type NeuronDetailResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['NeuronDetail'] = ResolversParentTypes['NeuronDetail']> = {
  ablation?: Resolver<Array<ResolversTypes['NeuronAblationEffect']>, ParentType, ContextType, RequireFields<NeuronDetailAblationArgs, 'controls' | 'harmless' | 'helpful'>>;
  histogram?: Resolver<ResolversTypes['NeuronHistogram'], ParentType, ContextType, RequireFields<NeuronDetailHistogramArgs, 'bins' | 'dataset' | 'part'>>;
  index?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  layer?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  marginCorrelation?: Resolver<ResolversTypes['NeuronMarginCorrelation'], ParentType, ContextType, RequireFields<NeuronDetailMarginCorrelationArgs, 'dataset'>>;
  membership?: Resolver<ResolversTypes['NeuronMembership'], ParentType, ContextType, RequireFields<NeuronDetailMembershipArgs, 'harmless' | 'helpful'>>;
  model?: Resolver<ResolversTypes['RewardModel'], ParentType, ContextType>;
  scores?: Resolver<Array<ResolversTypes['NeuronMethodScore']>, ParentType, ContextType, RequireFields<NeuronDetailScoresArgs, 'harmless' | 'helpful'>>;
  site?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  topExamples?: Resolver<ResolversTypes['NeuronExampleConnection'], ParentType, ContextType, RequireFields<NeuronDetailTopExamplesArgs, 'by' | 'dataset' | 'first' | 'part'>>;
};

export type NeuronEdgeResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['NeuronEdge'] = ResolversParentTypes['NeuronEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Neuron'], ParentType, ContextType>;
};

export type NeuronExampleResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['NeuronExample'] = ResolversParentTypes['NeuronExample']> = {
  pairId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  prompt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rank?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  response?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  side?: Resolver<ResolversTypes['PairSide'], ParentType, ContextType>;
  tokens?: Resolver<Maybe<Array<ResolversTypes['ExampleToken']>>, ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type NeuronExampleConnectionResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['NeuronExampleConnection'] = ResolversParentTypes['NeuronExampleConnection']> = {
  edges?: Resolver<Array<ResolversTypes['NeuronExampleEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type NeuronExampleEdgeResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['NeuronExampleEdge'] = ResolversParentTypes['NeuronExampleEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['NeuronExample'], ParentType, ContextType>;
};

export type NeuronHistogramResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['NeuronHistogram'] = ResolversParentTypes['NeuronHistogram']> = {
  binCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  bins?: Resolver<Array<ResolversTypes['HistogramBin']>, ParentType, ContextType>;
  cacheKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  computedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  counts?: Resolver<Array<ResolversTypes['Int']>, ParentType, ContextType>;
  engineVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  hi?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  lo?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  texts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type NeuronMarginCorrelationResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['NeuronMarginCorrelation'] = ResolversParentTypes['NeuronMarginCorrelation']> = {
  cacheKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  computedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  engineVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pairs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  r?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
};

export type NeuronMembershipResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['NeuronMembership'] = ResolversParentTypes['NeuronMembership']> = {
  inHarmless?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  inHelpful?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  membership?: Resolver<ResolversTypes['NeuronMembershipKind'], ParentType, ContextType>;
};

export type NeuronMethodScoreResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['NeuronMethodScore'] = ResolversParentTypes['NeuronMethodScore']> = {
  dataset?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  method?: Resolver<ResolversTypes['ScoreMethod'], ParentType, ContextType>;
  neurons?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  objective?: Resolver<ResolversTypes['Objective'], ParentType, ContextType>;
  percentile?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  rank?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  score?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type NeuronScoreResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['NeuronScore'] = ResolversParentTypes['NeuronScore']> = {
  detail?: Resolver<ResolversTypes['NeuronDetail'], ParentType, ContextType>;
  neuron?: Resolver<ResolversTypes['Neuron'], ParentType, ContextType>;
  rank?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  score?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type NeuronScoreConnectionResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['NeuronScoreConnection'] = ResolversParentTypes['NeuronScoreConnection']> = {
  edges?: Resolver<Array<ResolversTypes['NeuronScoreEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type NeuronScoreEdgeResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['NeuronScoreEdge'] = ResolversParentTypes['NeuronScoreEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['NeuronScore'], ParentType, ContextType>;
};

export type OverlapSetResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['OverlapSet'] = ResolversParentTypes['OverlapSet']> = {
  cacheKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  computedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  engineVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  expectedShared?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  harmlessOnly?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  helpfulOnly?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  jaccard?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  pValue?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  shared?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sharedNeurons?: Resolver<Array<ResolversTypes['Neuron']>, ParentType, ContextType, RequireFields<OverlapSetSharedNeuronsArgs, 'first'>>;
  sharedNeuronsConnection?: Resolver<ResolversTypes['NeuronConnection'], ParentType, ContextType, RequireFields<OverlapSetSharedNeuronsConnectionArgs, 'first'>>;
  sharedShareOfHarmless?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  sharedShareOfHelpful?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type PageInfoResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type PreferenceDatasetResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['PreferenceDataset'] = ResolversParentTypes['PreferenceDataset']> = {
  contentHash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  droppedPairs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  heldOutPairs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  objective?: Resolver<ResolversTypes['Objective'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  trainPairs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  ablation?: Resolver<ResolversTypes['Ablation'], ParentType, ContextType, RequireFields<QueryAblationArgs, 'controls' | 'dataset' | 'mode' | 'model' | 'set' | 'ties'>>;
  correspondence?: Resolver<ResolversTypes['Correspondence'], ParentType, ContextType, RequireFields<QueryCorrespondenceArgs, 'a' | 'b' | 'dataset'>>;
  dataset?: Resolver<Maybe<ResolversTypes['PreferenceDataset']>, ParentType, ContextType, RequireFields<QueryDatasetArgs, 'id'>>;
  datasets?: Resolver<Array<ResolversTypes['PreferenceDataset']>, ParentType, ContextType>;
  frontier?: Resolver<Array<ResolversTypes['FrontierPoint']>, ParentType, ContextType, RequireFields<QueryFrontierArgs, 'harmless' | 'helpful' | 'model' | 'set' | 'ties'>>;
  job?: Resolver<Maybe<ResolversTypes['Job']>, ParentType, ContextType, RequireFields<QueryJobArgs, 'id'>>;
  jobs?: Resolver<Array<ResolversTypes['Job']>, ParentType, ContextType, Partial<QueryJobsArgs>>;
  layerRegions?: Resolver<Array<ResolversTypes['RegionShare']>, ParentType, ContextType, RequireFields<QueryLayerRegionsArgs, 'model' | 'set'>>;
  model?: Resolver<Maybe<ResolversTypes['RewardModel']>, ParentType, ContextType, RequireFields<QueryModelArgs, 'id'>>;
  models?: Resolver<Array<ResolversTypes['RewardModel']>, ParentType, ContextType>;
  neuron?: Resolver<Maybe<ResolversTypes['NeuronDetail']>, ParentType, ContextType, RequireFields<QueryNeuronArgs, 'index' | 'layer' | 'model'>>;
  overlap?: Resolver<ResolversTypes['OverlapSet'], ParentType, ContextType, RequireFields<QueryOverlapArgs, 'harmless' | 'helpful'>>;
  pSweep?: Resolver<Array<ResolversTypes['SweepPoint']>, ParentType, ContextType, RequireFields<QueryPSweepArgs, 'controls' | 'dataset' | 'harmless' | 'helpful' | 'model' | 'ties'>>;
  seedSummary?: Resolver<ResolversTypes['SeedSummary'], ParentType, ContextType, RequireFields<QuerySeedSummaryArgs, 'controls' | 'method' | 'ties' | 'topPercent' | 'zoos'>>;
  serverInfo?: Resolver<ResolversTypes['ServerInfo'], ParentType, ContextType>;
  tension?: Resolver<ResolversTypes['TensionReport'], ParentType, ContextType, RequireFields<QueryTensionArgs, 'ties'>>;
  threeWayOverlap?: Resolver<ResolversTypes['ThreeWayOverlap'], ParentType, ContextType, RequireFields<QueryThreeWayOverlapArgs, 'harmless' | 'helpful' | 'mixed'>>;
  transferability?: Resolver<ResolversTypes['Transferability'], ParentType, ContextType, RequireFields<QueryTransferabilityArgs, 'dataset' | 'from' | 'ties' | 'to'>>;
};

export type RegionShareResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['RegionShare'] = ResolversParentTypes['RegionShare']> = {
  expectedShare?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  neurons?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  region?: Resolver<ResolversTypes['LayerRegion'], ParentType, ContextType>;
  share?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type RewardModelResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['RewardModel'] = ResolversParentTypes['RewardModel']> = {
  base?: Resolver<Maybe<ResolversTypes['RewardModel']>, ParentType, ContextType>;
  benchmark?: Resolver<ResolversTypes['BenchmarkEvaluation'], ParentType, ContextType, RequireFields<RewardModelBenchmarkArgs, 'dataset' | 'ties'>>;
  evaluation?: Resolver<ResolversTypes['Evaluation'], ParentType, ContextType, RequireFields<RewardModelEvaluationArgs, 'dataset' | 'ties'>>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  layerRegions?: Resolver<Array<ResolversTypes['LayerRegion']>, ParentType, ContextType>;
  layers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  neuronCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  neurons?: Resolver<Array<ResolversTypes['NeuronScore']>, ParentType, ContextType, RequireFields<RewardModelNeuronsArgs, 'dataset' | 'method' | 'topPercent'>>;
  neuronsConnection?: Resolver<ResolversTypes['NeuronScoreConnection'], ParentType, ContextType, RequireFields<RewardModelNeuronsConnectionArgs, 'dataset' | 'first' | 'method' | 'topPercent'>>;
  objective?: Resolver<ResolversTypes['Objective'], ParentType, ContextType>;
  sha256?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type SeedFindingResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['SeedFinding'] = ResolversParentTypes['SeedFinding']> = {
  alpha?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  claim?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  comparison?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  controlsHoldIn?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  dataset?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  high?: Resolver<Array<Maybe<ResolversTypes['Float']>>, ParentType, ContextType>;
  holds?: Resolver<Maybe<Array<ResolversTypes['Boolean']>>, ParentType, ContextType>;
  holdsIn?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['SeedFindingKind'], ParentType, ContextType>;
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  low?: Resolver<Array<Maybe<ResolversTypes['Float']>>, ParentType, ContextType>;
  objective?: Resolver<Maybe<ResolversTypes['Objective']>, ParentType, ContextType>;
  region?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  role?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  seeds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  set?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  sign?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  stats?: Resolver<Array<ResolversTypes['SeedStat']>, ParentType, ContextType>;
};

export type SeedStatResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['SeedStat'] = ResolversParentTypes['SeedStat']> = {
  mean?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  measure?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  n?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sd?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  values?: Resolver<Array<Maybe<ResolversTypes['Float']>>, ParentType, ContextType>;
};

export type SeedSummaryResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['SeedSummary'] = ResolversParentTypes['SeedSummary']> = {
  findings?: Resolver<Array<ResolversTypes['SeedFinding']>, ParentType, ContextType>;
  zoos?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
};

export type ServerInfoResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['ServerInfo'] = ResolversParentTypes['ServerInfo']> = {
  engineVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  mutationsNeedToken?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type SetPairOverlapResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['SetPairOverlap'] = ResolversParentTypes['SetPairOverlap']> = {
  expectedShared?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  first?: Resolver<ResolversTypes['Objective'], ParentType, ContextType>;
  firstOnly?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  jaccard?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  pValue?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  second?: Resolver<ResolversTypes['Objective'], ParentType, ContextType>;
  secondOnly?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  shared?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sharedShareOfFirst?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  sharedShareOfSecond?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type SweepPointResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['SweepPoint'] = ResolversParentTypes['SweepPoint']> = {
  accuracy?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  controlMeanDelta?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  controlStdDelta?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  controls?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  deltaAccuracy?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['NeuronSetKind'], ParentType, ContextType>;
  neurons?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  of?: Resolver<Maybe<ResolversTypes['Objective']>, ParentType, ContextType>;
  percent?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type TensionReportResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['TensionReport'] = ResolversParentTypes['TensionReport']> = {
  baselines?: Resolver<Array<ResolversTypes['LengthBaseline']>, ParentType, ContextType>;
  interference?: Resolver<Array<ResolversTypes['Interference']>, ParentType, ContextType>;
  rows?: Resolver<Array<ResolversTypes['TensionRow']>, ParentType, ContextType>;
  transferability?: Resolver<Array<ResolversTypes['Transferability']>, ParentType, ContextType>;
};

export type TensionRowResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['TensionRow'] = ResolversParentTypes['TensionRow']> = {
  byLength?: Resolver<ResolversTypes['LengthStrata'], ParentType, ContextType>;
  dataset?: Resolver<ResolversTypes['PreferenceDataset'], ParentType, ContextType>;
  evaluation?: Resolver<ResolversTypes['Evaluation'], ParentType, ContextType>;
  model?: Resolver<ResolversTypes['RewardModel'], ParentType, ContextType>;
};

export type ThreeWayOverlapResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['ThreeWayOverlap'] = ResolversParentTypes['ThreeWayOverlap']> = {
  cacheKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  computedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  engineVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  expectedShared?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  expectedSharedGivenHelpfulHarmless?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  harmlessMixed?: Resolver<ResolversTypes['SetPairOverlap'], ParentType, ContextType>;
  harmlessSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  helpfulHarmless?: Resolver<ResolversTypes['SetPairOverlap'], ParentType, ContextType>;
  helpfulMixed?: Resolver<ResolversTypes['SetPairOverlap'], ParentType, ContextType>;
  helpfulSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  mixedSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  neuronCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pValue?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  pValueGivenHelpfulHarmless?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  shared?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sharedNeurons?: Resolver<Array<ResolversTypes['Neuron']>, ParentType, ContextType, RequireFields<ThreeWayOverlapSharedNeuronsArgs, 'first'>>;
};

export type TransferabilityResolvers<ContextType = ServerContext, ParentType extends ResolversParentTypes['Transferability'] = ResolversParentTypes['Transferability']> = {
  bothCorrect?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  dataset?: Resolver<ResolversTypes['PreferenceDataset'], ParentType, ContextType>;
  from?: Resolver<ResolversTypes['RewardModel'], ParentType, ContextType>;
  fromCorrect?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  pairs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  share?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  shareHigh?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  shareLow?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  to?: Resolver<ResolversTypes['RewardModel'], ParentType, ContextType>;
};

export type Resolvers<ContextType = ServerContext> = {
  Ablation?: AblationResolvers<ContextType>;
  BenchmarkEvaluation?: BenchmarkEvaluationResolvers<ContextType>;
  BenchmarkGroup?: BenchmarkGroupResolvers<ContextType>;
  Correspondence?: CorrespondenceResolvers<ContextType>;
  Evaluation?: EvaluationResolvers<ContextType>;
  ExampleToken?: ExampleTokenResolvers<ContextType>;
  FrontierPoint?: FrontierPointResolvers<ContextType>;
  HistogramBin?: HistogramBinResolvers<ContextType>;
  Interference?: InterferenceResolvers<ContextType>;
  Job?: JobResolvers<ContextType>;
  LayerRegion?: LayerRegionResolvers<ContextType>;
  LengthBaseline?: LengthBaselineResolvers<ContextType>;
  LengthStrata?: LengthStrataResolvers<ContextType>;
  LengthStratum?: LengthStratumResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Neuron?: NeuronResolvers<ContextType>;
  NeuronAblationEffect?: NeuronAblationEffectResolvers<ContextType>;
  NeuronConnection?: NeuronConnectionResolvers<ContextType>;
  NeuronDetail?: NeuronDetailResolvers<ContextType>;
  NeuronEdge?: NeuronEdgeResolvers<ContextType>;
  NeuronExample?: NeuronExampleResolvers<ContextType>;
  NeuronExampleConnection?: NeuronExampleConnectionResolvers<ContextType>;
  NeuronExampleEdge?: NeuronExampleEdgeResolvers<ContextType>;
  NeuronHistogram?: NeuronHistogramResolvers<ContextType>;
  NeuronMarginCorrelation?: NeuronMarginCorrelationResolvers<ContextType>;
  NeuronMembership?: NeuronMembershipResolvers<ContextType>;
  NeuronMethodScore?: NeuronMethodScoreResolvers<ContextType>;
  NeuronScore?: NeuronScoreResolvers<ContextType>;
  NeuronScoreConnection?: NeuronScoreConnectionResolvers<ContextType>;
  NeuronScoreEdge?: NeuronScoreEdgeResolvers<ContextType>;
  OverlapSet?: OverlapSetResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PreferenceDataset?: PreferenceDatasetResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RegionShare?: RegionShareResolvers<ContextType>;
  RewardModel?: RewardModelResolvers<ContextType>;
  SeedFinding?: SeedFindingResolvers<ContextType>;
  SeedStat?: SeedStatResolvers<ContextType>;
  SeedSummary?: SeedSummaryResolvers<ContextType>;
  ServerInfo?: ServerInfoResolvers<ContextType>;
  SetPairOverlap?: SetPairOverlapResolvers<ContextType>;
  SweepPoint?: SweepPointResolvers<ContextType>;
  TensionReport?: TensionReportResolvers<ContextType>;
  TensionRow?: TensionRowResolvers<ContextType>;
  ThreeWayOverlap?: ThreeWayOverlapResolvers<ContextType>;
  Transferability?: TransferabilityResolvers<ContextType>;
};

