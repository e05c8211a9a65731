/**
 * A neuron set request (rmlens.md §4 `NeuronSetInput`) is validated here, once, at the
 * boundary, and resolved into a ResolvedSet: its selections with their model, base and train
 * part resolved to subjects. Both the set's cache key (cacheKeys.ts) and its neurons
 * (experiments/sets.ts) are read from that one resolved value, so they cannot drift apart.
 */
import { BadUserInputError } from '../errors.ts';
import { DATA_OBJECTIVES, SET_OWNERS, type NeuronSetKind, type ScoreMethod } from '../vocabulary.ts';
import type { ModelSubject, PartSubject, Subjects } from './subjects.ts';
import type { NeuronSelection, NeuronSetSpec } from './types.ts';

/** A selection with its subjects: the scores of `model` (against `base` for CHANGE) on `train`, top `topPercent`. */
export interface ResolvedSelection {
  model: ModelSubject;
  /** The base model, for CHANGE only (null otherwise: other methods do not read it). */
  base: ModelSubject | null;
  train: PartSubject;
  /**
   * The TRAIN parts of `pooledWith`, without duplicates or `train` itself, ordered by their
   * key; empty for a selection of one part (whose key is then the one it always had).
   */
  pooled: PartSubject[];
  method: ScoreMethod;
  topPercent: number;
  perLayer: boolean;
}

/** The given scalar fields of a valid set request (absent and null dropped alike: GraphQL sends null). */
export type SetFields = Omit<NeuronSetSpec, 'helpful' | 'harmless' | 'mixed'>;

/** A validated set request with its selections resolved. */
export interface ResolvedSet {
  spec: SetFields;
  helpful: ResolvedSelection | null;
  harmless: ResolvedSelection | null;
  mixed: ResolvedSelection | null;
}

/** Most datasets one selection may pool (`pooledWith`): each is one more statistics pass over a train part. */
export const MAX_POOLED = 8;

/**
 * Validates a set request (BadUserInputError naming every missing, extra or invalid field) and
 * resolves its selections.
 */
export async function resolveSet(spec: NeuronSetSpec, subjects: Subjects): Promise<ResolvedSet> {
  assertValidSetSpec(spec);
  const fields: SetFields = { kind: spec.kind };
  for (const f of ['of', 'percent', 'matchedTo', 'seed', 'neurons', 'region'] as const) {
    if (spec[f] !== undefined && spec[f] !== null) Object.assign(fields, { [f]: spec[f] });
  }
  const [helpful, harmless, mixed] = await Promise.all(
    (['helpful', 'harmless', 'mixed'] as const).map((f) => (spec[f] ? resolveSelection(spec[f], subjects) : null)),
  );
  return { spec: fields, helpful, harmless, mixed };
}

/**
 * Validates and resolves one selection (BadUserInputError for a topPercent outside (0, 100], or
 * more than MAX_POOLED pooled datasets).
 */
export async function resolveSelection(selection: NeuronSelection, subjects: Subjects): Promise<ResolvedSelection> {
  if (!validPercent(selection.topPercent)) throw new BadUserInputError(`topPercent must be in (0, 100], got ${selection.topPercent}`);
  const pooledWith = selection.pooledWith ?? [];
  if (pooledWith.length > MAX_POOLED) throw new BadUserInputError(`pooledWith: at most ${MAX_POOLED} datasets, got ${pooledWith.length}`);
  const model = await subjects.model(selection.model);
  const [base, train, others] = await Promise.all([
    selection.method === 'CHANGE' ? subjects.baseOf(model) : null,
    subjects.trainPart(selection.dataset),
    Promise.all(pooledWith.map((ref) => subjects.trainPart(ref))),
  ]);
  return { model, base, train, pooled: distinctParts(train, others), method: selection.method, topPercent: selection.topPercent, perLayer: selection.perLayer ?? false };
}

/** Every part a selection's scores pool, in one order whatever order they were named in: pooling is a set union. */
export function selectionParts(selection: ResolvedSelection): PartSubject[] {
  return selection.pooled.length === 0 ? [selection.train] : [selection.train, ...selection.pooled].sort((a, b) => compare(partKeyText(a), partKeyText(b)));
}

/** `others` without `train` and without repeats (the same content under two refs counts once), ordered by key. */
function distinctParts(train: PartSubject, others: readonly PartSubject[]): PartSubject[] {
  const seen = new Set([partKeyText(train)]);
  const out: PartSubject[] = [];
  for (const p of others) {
    const key = partKeyText(p);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(p);
    }
  }
  return out.sort((a, b) => compare(partKeyText(a), partKeyText(b)));
}

function partKeyText(p: PartSubject): string {
  return `${p.key.dataset}/${p.key.part}/${p.key.pairs}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What is wrong with a set request: absent required fields, fields its kind does not take, bad values. */
export interface SetSpecProblems {
  missing: string[];
  extra: string[];
  invalid: string[];
}

const SPEC_FIELDS = ['helpful', 'harmless', 'mixed', 'of', 'percent', 'matchedTo', 'seed', 'neurons', 'region'] as const;
type SpecField = (typeof SPEC_FIELDS)[number];

/**
 * Checks a NeuronSetInput against the fields its kind requires (rmlens.md §4): TOP = `of` + that
 * objective's selection (`mixed` when `of` is MIXED: the mixed RM's own set); ONLY = both
 * selections + `of`; SHARED = both selections; ENTROPY = both selections (method PROBABILITY) +
 * `percent` + `of`; RANDOM = `seed` + `percent`, or `seed` + `matchedTo` + whatever the matched
 * kind requires; ALL = nothing; LIST = `neurons`. Any kind may add `region` (a non-negative
 * integer; the model's layers decide how many regions there are). A field set to null counts as
 * absent. Percents must be in (0, 100]; RANDOM cannot match RANDOM.
 */
export function validateSetSpec(spec: NeuronSetSpec): SetSpecProblems {
  const problems: SetSpecProblems = { missing: [], extra: [], invalid: [] };
  const present = (f: SpecField) => spec[f] !== undefined && spec[f] !== null;
  const need: Requirements = { required: new Set(), either: [], selectionUndecided: false };
  if (spec.kind === 'RANDOM') {
    need.required.add('seed');
    if (present('matchedTo')) {
      need.required.add('matchedTo');
      if (spec.matchedTo === 'RANDOM') problems.invalid.push('matchedTo: RANDOM cannot be matched to RANDOM');
      else requiredFor(spec.matchedTo!, spec, need);
    } else if (present('percent')) need.required.add('percent');
    else need.either.push('percent or matchedTo');
  } else {
    requiredFor(spec.kind, spec, need);
  }
  problems.missing.push(...SPEC_FIELDS.filter((f) => need.required.has(f) && !present(f)), ...need.either);
  // Without a valid `of`, TOP cannot tell which selection is needed, so neither is called extra.
  const allowed = (f: SpecField) => f === 'region' || need.required.has(f) || (need.selectionUndecided && isSelection(f));
  problems.extra.push(...SPEC_FIELDS.filter((f) => present(f) && !allowed(f)));
  if (present('of')) {
    const owners: readonly string[] = takesMixed(spec) ? SET_OWNERS : DATA_OBJECTIVES;
    if (!owners.includes(spec.of!)) problems.invalid.push(`of must be ${owners.slice(0, -1).join(', ')} or ${owners.at(-1)}, got ${spec.of}`);
  }
  if (present('region') && !(Number.isInteger(spec.region) && spec.region! >= 0)) problems.invalid.push(`region must be a non-negative integer, got ${spec.region}`);
  if (present('percent') && !validPercent(spec.percent!)) problems.invalid.push(`percent must be in (0, 100], got ${spec.percent}`);
  if (present('seed') && !validSeed(spec.seed!)) problems.invalid.push(`seed must be an integer in [0, 2^32), got ${spec.seed}`);
  for (const f of ['helpful', 'harmless', 'mixed'] as const) {
    const selection = spec[f];
    if (!selection) continue;
    if (!validPercent(selection.topPercent)) problems.invalid.push(`${f}.topPercent must be in (0, 100], got ${selection.topPercent}`);
    if (usesEntropy(spec) && selection.method !== 'PROBABILITY') {
      problems.invalid.push(`${f}.method must be PROBABILITY for ENTROPY, got ${selection.method}`);
    }
  }
  return problems;
}

interface Requirements {
  required: Set<SpecField>;
  /** Alternatives of which one is needed, as they read in the "missing" message. */
  either: string[];
  selectionUndecided: boolean;
}

/** Adds the fields `kind` requires; TOP's selection depends on `of`, so it stays undecided without a valid `of`. */
function requiredFor(kind: Exclude<NeuronSetKind, 'RANDOM'>, spec: NeuronSetSpec, need: Requirements): void {
  const { required } = need;
  switch (kind) {
    case 'TOP':
      required.add('of');
      if (spec.of === 'HELPFUL') required.add('helpful');
      else if (spec.of === 'HARMLESS') required.add('harmless');
      else if (spec.of === 'MIXED') required.add('mixed');
      else {
        need.selectionUndecided = true;
        if (!spec.helpful && !spec.harmless && !spec.mixed) need.either.push('helpful, harmless or mixed');
      }
      return;
    case 'ONLY':
      required.add('helpful').add('harmless').add('of');
      return;
    case 'SHARED':
      required.add('helpful').add('harmless');
      return;
    case 'ENTROPY':
      required.add('helpful').add('harmless').add('percent').add('of');
      return;
    case 'ALL':
      return;
    case 'LIST':
      required.add('neurons');
  }
}

function isSelection(f: SpecField): boolean {
  return f === 'helpful' || f === 'harmless' || f === 'mixed';
}

/** Only TOP (also as the set a RANDOM set matches) has a MIXED owner: ONLY and ENTROPY are defined between the two objectives. */
function takesMixed(spec: NeuronSetSpec): boolean {
  return spec.kind === 'TOP' || (spec.kind === 'RANDOM' && spec.matchedTo === 'TOP');
}

function usesEntropy(spec: NeuronSetSpec): boolean {
  return spec.kind === 'ENTROPY' || (spec.kind === 'RANDOM' && spec.matchedTo === 'ENTROPY');
}

/** Seeds are 32-bit unsigned: any other number would alias one (createRng takes seed >>> 0). */
function validSeed(seed: number): boolean {
  return Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32;
}

function validPercent(p: number): boolean {
  return Number.isFinite(p) && p > 0 && p <= 100;
}

/** One message naming every problem, or null when the spec is valid. */
export function describeSetSpecProblems({ missing, extra, invalid }: SetSpecProblems): string | null {
  const parts = [
    missing.length ? `missing field(s): ${missing.join(', ')}` : '',
    extra.length ? `extra field(s): ${extra.join(', ')}` : '',
    ...invalid,
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : null;
}

/** Throws BadUserInputError naming every missing, extra or invalid field of a set request. */
export function assertValidSetSpec(spec: NeuronSetSpec): void {
  const message = describeSetSpecProblems(validateSetSpec(spec));
  if (message) throw new BadUserInputError(`${spec.kind} set: ${message}`);
}
