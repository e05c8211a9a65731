/**
 * The shared vocabulary: every closed list of names rmlens uses, written once. TypeScript types,
 * zod enums and the GraphQL enums (checked in src/resolvers/vocabulary.ts) all derive from these lists, so adding a score method
 * or a set kind is one edit here, never a hunt for copies.
 */

/** What a reward model was trained for (rmlens.md §4 `Objective`). */
export const OBJECTIVES = ['HELPFUL', 'HARMLESS', 'MIXED', 'BASE'] as const;
export type Objective = (typeof OBJECTIVES)[number];

/** The objectives a preference dataset teaches; MIXED and BASE describe models, not data. */
export const DATA_OBJECTIVES = ['HELPFUL', 'HARMLESS'] as const satisfies readonly Objective[];
export type DataObjective = (typeof DATA_OBJECTIVES)[number];

/** The four models of a reference zoo, by role (a model id is `<zoo name>/<role>`). */
export const ZOO_ROLES = ['base', 'helpful', 'harmless', 'mixed'] as const;
export type ZooRole = (typeof ZOO_ROLES)[number];

/** The objective each zoo role is trained for. */
export const ROLE_OBJECTIVE: Readonly<Record<ZooRole, Objective>> = { base: 'BASE', helpful: 'HELPFUL', harmless: 'HARMLESS', mixed: 'MIXED' };

/** Per-neuron scores (rmlens.md §1). */
export const SCORE_METHODS = ['MAGNITUDE', 'CHANGE', 'PROBABILITY', 'CONTRAST'] as const;
export type ScoreMethod = (typeof SCORE_METHODS)[number];

/**
 * Whose top set a TOP set is (`NeuronSetInput.of`): one objective's selection, or the mixed RM's
 * own selection. ONLY and ENTROPY take the two objectives only.
 */
export const SET_OWNERS = ['HELPFUL', 'HARMLESS', 'MIXED'] as const satisfies readonly Objective[];
export type SetOwner = (typeof SET_OWNERS)[number];

/** Neuron set kinds (rmlens.md §4 `NeuronSetKind`). */
export const NEURON_SET_KINDS = ['TOP', 'ONLY', 'SHARED', 'RANDOM', 'ALL', 'ENTROPY', 'LIST'] as const;
export type NeuronSetKind = (typeof NEURON_SET_KINDS)[number];

/** How an ablated neuron's activation is replaced: 0, its train-part mean, or α times itself. */
export const ABLATION_MODES = ['ZERO', 'MEAN', 'SCALE'] as const;
export type AblationMode = (typeof ABLATION_MODES)[number];

/** Where a neuron falls between a helpful and a harmless TOP set. */
export const NEURON_MEMBERSHIP_KINDS = ['HELPFUL_ONLY', 'HARMLESS_ONLY', 'SHARED', 'NEITHER'] as const;
export type NeuronMembershipKind = (typeof NEURON_MEMBERSHIP_KINDS)[number];

/** Which per-text activation ranks a neuron's examples: max or mean over the response tokens. */
export const EXAMPLE_RANKINGS = ['MAX', 'MEAN'] as const;
export type ExampleRanking = (typeof EXAMPLE_RANKINGS)[number];

/** The two responses of a preference pair. */
export const PAIR_SIDES = ['CHOSEN', 'REJECTED'] as const;
export type PairSide = (typeof PAIR_SIDES)[number];

/** A dataset's two parts as the API names them (the data layer's `Part` is `train` / `heldOut`). */
export const DATA_PARTS = ['TRAIN', 'HELD_OUT'] as const;
export type DataPart = (typeof DATA_PARTS)[number];

/**
 * Layouts of a user's preference file (`auto` detects it from the first record's keys). The last
 * three are reward benchmarks (src/data/rewardBench.ts): their rows name a subset, which names
 * the objective, and they are always evaluation-only.
 */
export const DATASET_FORMATS = ['auto', 'hh', 'pku', 'generic', 'rewardbench', 'rmbench', 'rewardbench2'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

/** The reward-benchmark formats among DATASET_FORMATS. */
export const BENCHMARK_FORMATS = ['rewardbench', 'rmbench', 'rewardbench2'] as const satisfies readonly DatasetFormat[];
export type BenchmarkFormat = (typeof BENCHMARK_FORMATS)[number];

/** How an RM-Bench row's chosen and rejected lists become pairs: every chosen × rejected pairing, or chosen[i] with rejected[i]. */
export const BENCHMARK_PAIRINGS = ['all', 'diagonal'] as const;
export type BenchmarkPairing = (typeof BENCHMARK_PAIRINGS)[number];

/** How a benchmark row is scored from its pairs: the share ranked right, or right only when the chosen response outscores every rejected one. */
export const BENCHMARK_SCORINGS = ['PAIRS', 'BEST_OF_N'] as const;
export type BenchmarkScoring = (typeof BENCHMARK_SCORINGS)[number];

/** What a tie (chosen reward = rejected reward) counts: half a right answer (rmlens' default), or wrong (the reference's strict `>`). */
export const TIE_RULES = ['HALF', 'STRICT'] as const;
export type TieRule = (typeof TIE_RULES)[number];

/** What a figure of the study over several seeds measures (src/analysis/seedSummary.ts). */
export const SEED_FINDING_KINDS = ['ACCURACY', 'LENGTH_RULE', 'INTERFERENCE', 'TRANSFER', 'OVERLAP', 'THREE_WAY', 'REGION', 'ABLATION', 'FRONTIER'] as const;
export type SeedFindingKind = (typeof SEED_FINDING_KINDS)[number];

/** How the bare texts of generic and PKU files are formed: as HH transcripts, or kept as they are. */
export const PROMPT_FORMS = ['hh', 'verbatim'] as const;
export type PromptForm = (typeof PROMPT_FORMS)[number];

/** Rules a tension table measures beside its models (not models themselves): `LONGER_WINS` prefers the response with more tokens. */
export const BASELINE_RULES = ['LONGER_WINS'] as const;
export type BaselineRule = (typeof BASELINE_RULES)[number];

/** Whether a string is one of a list's members (narrows the type). */
export function isOneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}

/** Where a job is in its life (jobs are rows in SQLite; a restart turns QUEUED and RUNNING into INTERRUPTED). */
export const JOB_STATES = ['QUEUED', 'RUNNING', 'DONE', 'FAILED', 'CANCELLED', 'INTERRUPTED'] as const;
export type JobState = (typeof JOB_STATES)[number];
