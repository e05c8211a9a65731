/**
 * The study over several seeds: one StudyResult per zoo (one zoo per seed, same data and
 * options), summarised figure by figure — per seed, mean ± sd over the seeds, and in how many
 * seeds each finding holds. Every figure is computed within its seed first (neuron sets, and so
 * overlaps, are never compared across seeds: different seeds do not share neuron identity), and
 * only the per-seed numbers are summarised. Figures are matched across seeds by what they
 * measure (a model's role, a dataset, a set, an α), never by model id.
 *
 * What each finding claims, and when it holds in a seed (docs/study-json.md, "Several seeds"):
 * - ACCURACY: an RM on its own objective's data is better than chance: CI low > 0.5.
 * - INTERFERENCE: the mixed RM is worse than the single-objective RM: delta > 0, CI low > 0.
 * - OVERLAP: the two top sets share more neurons than chance: shared > expected and the
 *   one-sided hypergeometric p < OVERLAP_ALPHA (an overlap has a test, not a CI).
 * - ABLATION: an objective's neurons (TOP, ONLY) support it — zeroing them lowers its accuracy,
 *   CI high < 0 — and work against the other objective — zeroing them raises it, CI low > 0;
 *   SHARED neurons support both (CI high < 0 on each). Separately, `controlsHoldIn` counts the
 *   seeds where z is beyond CONTROL_Z in the claim's direction (against matched random sets).
 *   Region ablations (the part of a set in one layer region) claim what the whole set claims; a
 *   part with no neurons in any seed ablates nothing and claims nothing.
 * - THREE_WAY: each pairwise overlap with the mixed RM's own set claims what OVERLAP claims; the
 *   neurons in all three sets claim that the mixed RM's set takes more of the helpful∩harmless
 *   neurons than a set of its size drawn uniformly: shared > expected given helpful∩harmless, p < OVERLAP_ALPHA.
 * - FRONTIER, REGION (a set's share of a layer region), TRANSFER (transferability) and
 *   LENGTH_RULE ("longer wins" on a held-out part): descriptive, mean ± sd only (TRANSFER and
 *   LENGTH_RULE keep each seed's CI).
 * Accuracies of an RM on the other objective's data, and of the base, are descriptive too.
 */
import { BadUserInputError } from '../errors.ts';
import type { DataObjective, SeedFindingKind, ZooRole } from '../vocabulary.ts';
import type { PairOverlapStats } from './overlap.ts';
import type { StudyAblation, StudyRegionAblation, StudyResult, StudySet } from './studyResult.ts';

/** Version of the seed summary's JSON (docs/study-json.md, "Several seeds"). */
export const SEED_SUMMARY_SCHEMA_VERSION = 2;

/** An overlap holds in a seed when its one-sided hypergeometric p-value is below this. */
export const OVERLAP_ALPHA = 0.05;

/** An ablation stands out from its random controls when its z-score is beyond this (the mean ± 2 sd band of the p-sweep). */
export const CONTROL_Z = 2;

/** One seed's study, named by its zoo (the prefix of its model ids, e.g. `default-seed2`). */
export interface SeedStudy {
  zoo: string;
  study: StudyResult;
}

/** One measure of a finding over the seeds. */
export interface SeedStat {
  /** The study JSON's name of the figure (`accuracy`, `delta`, `deltaAccuracy`, `zScore`, `jaccard`, …). */
  measure: string;
  /** Per seed, in the order of the summary's zoos; null where the seed has no value (e.g. z without control spread). */
  values: (number | null)[];
  /** Over the seeds with a value; null when none has one. */
  mean: number | null;
  /** Sample sd (n − 1); null with fewer than 2 values. */
  sd: number | null;
  /** Seeds with a value. */
  n: number;
}

/** One figure of the study, over the seeds. */
export interface SeedFinding {
  kind: SeedFindingKind;
  /** What is measured, for reading (e.g. `mixed RM, TOP_HELPFUL on default/helpful`). */
  label: string;
  role: ZooRole | null;
  dataset: string | null;
  set: StudySet | null;
  /** OVERLAP: `between` (helpful RM vs harmless RM) or the role of the RM compared with itself; THREE_WAY: `helpful∩mixed`, `harmless∩mixed` or `all three`; TRANSFER: `<from role>→<to role>`. */
  comparison: string | null;
  /** ABLATION of a set's part in one layer region, REGION: the region's index (LayerRegion.index); null otherwise. */
  region: number | null;
  /** INTERFERENCE: the objective; ACCURACY, LENGTH_RULE, TRANSFER, ABLATION: the dataset's objective. */
  objective: DataObjective | null;
  alpha: number | null;
  /** The headline measure first (accuracy, delta, share, jaccard, shared, deltaAccuracy, helpfulDelta). */
  stats: SeedStat[];
  /** 95% CI of the headline measure per seed; null where the figure has none (or, TRANSFER, where the seed's share is undefined). */
  low: (number | null)[];
  high: (number | null)[];
  /** What the finding claims; null for a descriptive figure. */
  claim: string | null;
  /** The claim's direction: +1 the headline is above its null value, −1 below. */
  sign: 1 | -1 | null;
  /** Per seed: whether the claim holds there; null for a descriptive figure. */
  holds: boolean[] | null;
  holdsIn: number | null;
  /** ABLATION: seeds where z is beyond CONTROL_Z in the claim's direction; null otherwise. */
  controlsHoldIn: number | null;
  seeds: number;
}

/** The study over several seeds. */
export interface SeedSummary {
  schemaVersion: number;
  /** One per seed, in the order given. */
  zoos: { name: string; dir: string; data: string }[];
  /** The options every seed's study ran with. */
  options: StudyResult['options'];
  findings: SeedFinding[];
}

/**
 * Summarises the studies of several seeds' zoos. BadUserInputError when fewer than two are
 * given, when they ran with different options or data, or when two share a model file (the same
 * zoo, or the same seed, twice: it would count one seed as two).
 */
export function summarizeSeeds(seeds: readonly SeedStudy[]): SeedSummary {
  if (seeds.length < 2) throw new BadUserInputError(`a seed summary needs the studies of at least two zoos, got ${seeds.length}`);
  const [first] = seeds;
  const sameOptions = JSON.stringify(first.study.options);
  const owner = new Map<string, string>();
  for (const { zoo, study } of seeds) {
    if (JSON.stringify(study.options) !== sameOptions) throw new BadUserInputError(`the studies of ${first.zoo} and ${zoo} ran with different options`);
    if (study.zoo.data !== first.study.zoo.data) throw new BadUserInputError(`zoo ${first.zoo} was trained on '${first.study.zoo.data}' data, ${zoo} on '${study.zoo.data}'`);
    for (const model of study.models) {
      const other = owner.get(model.sha256);
      if (other !== undefined) throw new BadUserInputError(`zoos ${other} and ${zoo} hold the same ${model.role} model (sha256 ${model.sha256.slice(0, 12)}…): the same seed twice`);
      owner.set(model.sha256, zoo);
    }
  }
  const views = seeds.map(view);
  // The first seed's study lists the figures; every other seed must have each of them.
  const findings = [
    ...accuracyFindings(views), ...lengthRuleFindings(views), ...interferenceFindings(views), ...transferFindings(views),
    ...overlapFindings(views), ...threeWayFindings(views), ...regionFindings(views), ...ablationFindings(views), ...frontierFindings(views),
  ];
  return {
    schemaVersion: SEED_SUMMARY_SCHEMA_VERSION,
    zoos: seeds.map(({ zoo, study }) => ({ name: zoo, dir: study.zoo.dir, data: study.zoo.data })),
    options: first.study.options,
    findings,
  };
}

/** A seed's study with model ids turned into roles, so its figures can be found by what they measure. */
interface SeedView {
  zoo: string;
  study: StudyResult;
  role: (id: string) => ZooRole;
  objective: (dataset: string) => DataObjective;
}

function view({ zoo, study }: SeedStudy): SeedView {
  const roles = new Map(study.models.map((m) => [m.id, m.role]));
  const objectives = new Map(study.datasets.map((d) => [d.id, d.objective]));
  return {
    zoo,
    study,
    role: (id) => {
      const role = roles.get(id);
      if (role === undefined) throw new BadUserInputError(`the study of zoo ${zoo} names model '${id}', which is not among its models`);
      return role;
    },
    objective: (dataset) => {
      const objective = objectives.get(dataset);
      if (objective === undefined) throw new BadUserInputError(`the study of zoo ${zoo} names dataset '${dataset}', which is not among its datasets`);
      return objective;
    },
  };
}

/** Mean and sample sd of the values present. */
export function seedStat(measure: string, values: readonly (number | null)[]): SeedStat {
  const present = values.filter((v): v is number => v !== null);
  const n = present.length;
  if (n === 0) return { measure, values: [...values], mean: null, sd: null, n };
  const mean = present.reduce((s, v) => s + v, 0) / n;
  const sd = n < 2 ? null : Math.sqrt(present.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  return { measure, values: [...values], mean, sd, n };
}

/** A sign claim tested by a CI: the estimate and its whole CI lie on the claimed side of `nullValue`. */
export function holdsByCi(sign: 1 | -1, value: number, low: number, high: number, nullValue = 0): boolean {
  return sign > 0 ? value > nullValue && low > nullValue : value < nullValue && high < nullValue;
}

/** Finds one seed's item matching the first seed's; every seed must have it (same options, same study). */
function match<T>(views: readonly SeedView[], items: (v: SeedView) => readonly T[], same: (v: SeedView, item: T) => boolean, what: string): T[] {
  return views.map((v) => {
    const found = items(v).filter((item) => same(v, item));
    if (found.length !== 1) throw new BadUserInputError(`the study of zoo ${v.zoo} has ${found.length} entries for ${what}, expected 1`);
    return found[0];
  });
}

type FindingKeys = Pick<SeedFinding, 'kind' | 'label' | 'role' | 'dataset' | 'set' | 'comparison' | 'region' | 'objective' | 'alpha'>;
const NO_KEYS = { role: null, dataset: null, set: null, comparison: null, region: null, objective: null, alpha: null };

/** A finding whose headline has a per-seed CI; `claim` null makes it descriptive. */
function ciFinding(
  keys: FindingKeys,
  stats: SeedStat[],
  ci: { low: (number | null)[]; high: (number | null)[] },
  claim: { text: string; sign: 1 | -1; nullValue: number } | null,
): SeedFinding {
  const { values } = stats[0];
  const holds = claim && values.map((value, i) => {
    const [low, high] = [ci.low[i], ci.high[i]];
    return value !== null && low !== null && high !== null && holdsByCi(claim.sign, value, low, high, claim.nullValue);
  });
  return {
    ...keys,
    stats,
    low: ci.low,
    high: ci.high,
    claim: claim?.text ?? null,
    sign: claim?.sign ?? null,
    holds,
    holdsIn: holds && holds.filter(Boolean).length,
    controlsHoldIn: null,
    seeds: values.length,
  };
}

function accuracyFindings(views: readonly SeedView[]): SeedFinding[] {
  const [self] = views;
  return self.study.tension.rows.map((row) => {
    const role = self.role(row.model);
    const objective = self.objective(row.dataset);
    const rows = match(views, (v) => v.study.tension.rows, (v, r) => v.role(r.model) === role && r.dataset === row.dataset, `the accuracy of the ${role} RM on ${row.dataset}`);
    const own = role === 'mixed' || role === objective.toLowerCase();
    return ciFinding(
      { ...NO_KEYS, kind: 'ACCURACY', label: `${role} RM on ${row.dataset}`, role, dataset: row.dataset, objective },
      [
        seedStat('accuracy', rows.map((r) => r.evaluation.accuracy)),
        seedStat('pairs', rows.map((r) => r.evaluation.pairs)),
        seedStat('chosenLonger', rows.map((r) => r.byLength.chosenLonger.accuracy)),
        seedStat('chosenShorter', rows.map((r) => r.byLength.chosenShorter.accuracy)),
      ],
      { low: rows.map((r) => r.evaluation.accuracyLow), high: rows.map((r) => r.evaluation.accuracyHigh) },
      own ? { text: 'better than chance on its own objective: accuracy > 0.5, CI above 0.5', sign: 1, nullValue: 0.5 } : null,
    );
  });
}

/** The "longer wins" rule per held-out dataset: it has no seed (the data are shared), so its sd shows that its numbers are the same in every seed. */
function lengthRuleFindings(views: readonly SeedView[]): SeedFinding[] {
  return views[0].study.tension.baselines.map((baseline) => {
    const rows = match(views, (v) => v.study.tension.baselines, (_v, b) => b.rule === baseline.rule && b.dataset === baseline.dataset, `the ${baseline.rule} rule on ${baseline.dataset}`);
    return ciFinding(
      { ...NO_KEYS, kind: 'LENGTH_RULE', label: `${baseline.rule} on ${baseline.dataset}`, dataset: baseline.dataset, objective: views[0].objective(baseline.dataset) },
      [seedStat('accuracy', rows.map((r) => r.accuracy)), seedStat('pairs', rows.map((r) => r.pairs))],
      { low: rows.map((r) => r.accuracyLow), high: rows.map((r) => r.accuracyHigh) },
      null,
    );
  });
}

function interferenceFindings(views: readonly SeedView[]): SeedFinding[] {
  return views[0].study.tension.interference.map((entry) => {
    const rows = match(views, (v) => v.study.tension.interference, (_v, r) => r.objective === entry.objective, `the ${entry.objective} interference`);
    return ciFinding(
      { ...NO_KEYS, kind: 'INTERFERENCE', label: `${entry.objective}: single − mixed`, objective: entry.objective },
      [seedStat('delta', rows.map((r) => r.delta)), seedStat('pairs', rows.map((r) => r.pairs))],
      { low: rows.map((r) => r.deltaLow), high: rows.map((r) => r.deltaHigh) },
      { text: 'the mixed RM is worse than the single-objective RM: delta > 0, CI above 0', sign: 1, nullValue: 0 },
    );
  });
}

function transferFindings(views: readonly SeedView[]): SeedFinding[] {
  const [self] = views;
  return self.study.tension.transferability.map((entry) => {
    const [from, to] = [self.role(entry.from), self.role(entry.to)];
    const rows = match(
      views, (v) => v.study.tension.transferability, (v, t) => v.role(t.from) === from && v.role(t.to) === to && t.dataset === entry.dataset,
      `the transferability ${from} → ${to} on ${entry.dataset}`,
    );
    return ciFinding(
      { ...NO_KEYS, kind: 'TRANSFER', label: `${from} RM → ${to} RM on ${entry.dataset}`, role: from, dataset: entry.dataset, comparison: `${from}→${to}`, objective: self.objective(entry.dataset) },
      [seedStat('share', rows.map((t) => t.share)), seedStat('fromCorrect', rows.map((t) => t.fromCorrect)), seedStat('bothCorrect', rows.map((t) => t.bothCorrect)), seedStat('pairs', rows.map((t) => t.pairs))],
      { low: rows.map((t) => t.shareLow), high: rows.map((t) => t.shareHigh) },
      null,
    );
  });
}

type OverlapMeasure = 'jaccard' | 'sharedShareOfHelpful' | 'sharedShareOfHarmless' | 'shared' | 'expectedShared' | 'pValue' | 'helpfulOnly' | 'harmlessOnly';

function overlapFindings(views: readonly SeedView[]): SeedFinding[] {
  const [self] = views;
  const comparisons: ('between' | ZooRole)[] = ['between', ...self.study.overlap.within.map((o) => self.role(o.model))];
  return comparisons.map((comparison) => {
    const overlaps = views.map((v) => {
      if (comparison === 'between') return v.study.overlap.between;
      return match([v], (w) => w.study.overlap.within, (w, o) => w.role(o.model) === comparison, `the overlap within the ${comparison} RM`)[0];
    });
    const stat = (measure: OverlapMeasure) => seedStat(measure, overlaps.map((o) => o[measure]));
    const role = comparison === 'between' ? null : comparison;
    return testedFinding(
      { ...NO_KEYS, kind: 'OVERLAP', label: role ? `within the ${role} RM` : 'helpful RM vs harmless RM', role, comparison },
      [
        stat('jaccard'), stat('sharedShareOfHelpful'), stat('sharedShareOfHarmless'), stat('shared'),
        stat('expectedShared'), stat('pValue'), stat('helpfulOnly'), stat('harmlessOnly'),
      ],
      MORE_THAN_CHANCE,
      overlaps.map((o) => o.shared > o.expectedShared && o.pValue < OVERLAP_ALPHA),
    );
  });
}

/** The claim of every overlap of two top sets. */
const MORE_THAN_CHANCE = `more shared neurons than chance: shared > expected, hypergeometric p < ${OVERLAP_ALPHA}`;

/** A figure that claims nothing and has no CI: mean ± sd only. */
function descriptiveFinding(keys: FindingKeys, stats: SeedStat[]): SeedFinding {
  const seeds = stats[0].values.length;
  const none = stats[0].values.map(() => null);
  return { ...keys, stats, low: none, high: [...none], claim: null, sign: null, holds: null, holdsIn: null, controlsHoldIn: null, seeds };
}

/** A finding without CIs whose claim is a one-sided test per seed. */
function testedFinding(keys: FindingKeys, stats: SeedStat[], claim: string, holds: boolean[]): SeedFinding {
  return {
    ...keys,
    stats,
    low: holds.map(() => null),
    high: holds.map(() => null),
    claim,
    sign: 1,
    holds,
    holdsIn: holds.filter(Boolean).length,
    controlsHoldIn: null,
    seeds: holds.length,
  };
}

/** The pairwise overlaps with the mixed RM's own top set, and the neurons in all three sets. */
function threeWayFindings(views: readonly SeedView[]): SeedFinding[] {
  const threeWays = views.map((v) => v.study.overlap.threeWay);
  const pairs = [['helpful∩mixed', 'helpfulMixed'], ['harmless∩mixed', 'harmlessMixed']] as const;
  const pairFindings = pairs.map(([comparison, field]) => {
    const overlaps = threeWays.map((t) => t[field]);
    const stat = (measure: keyof PairOverlapStats) => seedStat(measure, overlaps.map((o) => o[measure]));
    return testedFinding(
      { ...NO_KEYS, kind: 'THREE_WAY', label: `${comparison.replace('∩', ' RM ∩ ')} RM`, comparison },
      [stat('jaccard'), stat('sharedShareOfFirst'), stat('sharedShareOfSecond'), stat('shared'), stat('expectedShared'), stat('pValue')],
      MORE_THAN_CHANCE,
      overlaps.map((o) => o.shared > o.expectedShared && o.pValue < OVERLAP_ALPHA),
    );
  });
  const stat = (measure: 'shared' | 'expectedShared' | 'pValue' | 'expectedSharedGivenHelpfulHarmless' | 'pValueGivenHelpfulHarmless') =>
    seedStat(measure, threeWays.map((t) => t[measure]));
  const all = testedFinding(
    { ...NO_KEYS, kind: 'THREE_WAY', label: 'in all three top sets', comparison: 'all three' },
    [
      stat('shared'), seedStat('helpfulHarmless', threeWays.map((t) => t.helpfulHarmless.shared)), stat('expectedShared'), stat('pValue'),
      stat('expectedSharedGivenHelpfulHarmless'), stat('pValueGivenHelpfulHarmless'),
    ],
    `the mixed RM's set takes more of the helpful∩harmless neurons than a uniform set of its size: shared > expected given helpful∩harmless, p < ${OVERLAP_ALPHA}`,
    threeWays.map((t) => t.shared > t.expectedSharedGivenHelpfulHarmless && t.pValueGivenHelpfulHarmless < OVERLAP_ALPHA),
  );
  return [...pairFindings, all];
}

/** Each study set's share of each layer region, beside the share a uniform set has (descriptive). */
function regionFindings(views: readonly SeedView[]): SeedFinding[] {
  return views[0].study.layerRegions.sets.flatMap((entry) => entry.shares.map(({ region }) => {
    const shares = views.map((v) => {
      const set = match([v], (w) => w.study.layerRegions.sets, (_w, s) => s.set === entry.set, `the layer regions of ${entry.set}`)[0];
      return match([v], () => set.shares, (_w, r) => r.region.index === region.index, `region ${region.name} of ${entry.set}`)[0];
    });
    return descriptiveFinding(
      { ...NO_KEYS, kind: 'REGION', label: `${entry.set} in ${region.name}`, set: entry.set, region: region.index },
      [seedStat('share', shares.map((r) => r.share)), seedStat('expectedShare', shares.map((r) => r.expectedShare)), seedStat('neurons', shares.map((r) => r.neurons))],
    );
  }));
}

/**
 * The sign an ablation claims: an objective's own sets support it (−1) and work against the other
 * (+1); SHARED and the mixed RM's own top set (trained on both objectives) support both.
 */
function ablationSign(set: StudySet, objective: DataObjective): 1 | -1 {
  if (set === 'SHARED' || set === 'TOP_MIXED') return -1;
  return set.endsWith(objective) ? -1 : 1;
}

/** Whole-set ablations, then each set's part per layer region (region-matched controls); the same claims. */
function ablationFindings(views: readonly SeedView[]): SeedFinding[] {
  return [...ablationFindingsOf(views, (v) => v.study.ablations), ...ablationFindingsOf(views, (v) => v.study.regionAblations)];
}

/** A whole-set ablation, or a region's (which names its region). */
type AnyAblation = StudyAblation & Partial<Pick<StudyRegionAblation, 'region' | 'regionName'>>;

function ablationFindingsOf(views: readonly SeedView[], entries: (v: SeedView) => readonly AnyAblation[]): SeedFinding[] {
  const [self] = views;
  return entries(self).map((entry) => {
    const role = self.role(entry.model);
    const objective = self.objective(entry.dataset);
    const where = entry.region === undefined ? '' : ` (${entry.regionName})`;
    const rows = match(
      views, entries, (v, a) => v.role(a.model) === role && a.dataset === entry.dataset && a.set === entry.set && a.region === entry.region,
      `${entry.set}${where} ablated in the ${role} RM on ${entry.dataset}`,
    );
    const sign = ablationSign(entry.set, objective);
    const claim = entry.set === 'SHARED'
      ? 'shared neurons support both objectives: zeroing them lowers accuracy, CI below 0'
      : entry.set === 'TOP_MIXED'
        ? "the mixed RM's own top neurons support both objectives: zeroing them lowers accuracy, CI below 0"
        : sign < 0
        ? "an objective's neurons support it: zeroing them lowers its accuracy, CI below 0"
        : "an objective's neurons work against the other: zeroing them raises its accuracy, CI above 0";
    // A set with no neurons (in a region, say) ablates nothing in any seed: no claim to test.
    const empty = rows.every((a) => a.neurons === 0);
    const finding = ciFinding(
      { ...NO_KEYS, kind: 'ABLATION', label: `${role} RM, ${entry.set}${where} on ${entry.dataset}`, role, dataset: entry.dataset, set: entry.set, region: entry.region ?? null, objective },
      [seedStat('deltaAccuracy', rows.map((a) => a.deltaAccuracy)), seedStat('zScore', rows.map((a) => a.zScore)), seedStat('neurons', rows.map((a) => a.neurons))],
      { low: rows.map((a) => a.deltaLow), high: rows.map((a) => a.deltaHigh) },
      empty ? null : { text: claim, sign, nullValue: 0 },
    );
    if (empty) return finding;
    const beyond = rows.filter((a) => a.zScore !== null && sign * a.zScore >= CONTROL_Z).length;
    return { ...finding, controlsHoldIn: self.study.options.controls < 2 ? null : beyond };
  });
}

function frontierFindings(views: readonly SeedView[]): SeedFinding[] {
  return views[0].study.frontier.points.map(({ alpha }) => {
    const points = match(views, (v) => v.study.frontier.points, (_v, p) => p.alpha === alpha, `the frontier at α = ${alpha}`);
    const stat = (measure: 'helpfulDelta' | 'harmlessDelta' | 'helpfulAccuracy' | 'harmlessAccuracy') => seedStat(measure, points.map((p) => p[measure]));
    return descriptiveFinding(
      { ...NO_KEYS, kind: 'FRONTIER', label: `mixed RM, SHARED scaled by α = ${alpha}`, role: 'mixed', set: 'SHARED', alpha },
      [stat('helpfulDelta'), stat('harmlessDelta'), stat('helpfulAccuracy'), stat('harmlessAccuracy')],
    );
  });
}
