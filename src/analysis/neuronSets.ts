/**
 * Neuron sets and their algebra. A set is a canonical Int32Array of flat neuron numbers
 * (docs/contracts.md), ascending and without duplicates; because the flat number encodes
 * (layer, index), every operation here is per (layer, index) — never per layer (the
 * reference code keeps a layer whole when it appears in only one of two sets; rmlens does not).
 */
import type { NeuronSite } from '../engine/types.ts';
import { createRng, randomInt } from '../util/random.ts';
import { BadUserInputError } from '../errors.ts';
import { assertPercent, layerOfNeurons, neuronCountOf, percentCount } from './neuronLayout.ts';
import type { NeuronSetSpec } from './types.ts';
import type { NeuronSetKind } from '../vocabulary.ts';

/** ONLY(A, B) = A \ B, per (layer, index). */
export function onlySet(a: Int32Array, b: Int32Array): Int32Array {
  const out: number[] = [];
  let j = 0;
  for (const x of a) {
    while (j < b.length && b[j] < x) j++;
    if (j >= b.length || b[j] !== x) out.push(x);
  }
  return Int32Array.from(out);
}

/** SHARED(A, B) = A ∩ B, per (layer, index). */
export function sharedSet(a: Int32Array, b: Int32Array): Int32Array {
  const out: number[] = [];
  let j = 0;
  for (const x of a) {
    while (j < b.length && b[j] < x) j++;
    if (j < b.length && b[j] === x) out.push(x);
  }
  return Int32Array.from(out);
}

/** ALL: every neuron 0 … N−1 (the p = 100 ablation). */
export function allSet(neuronCount: number): Int32Array {
  return Int32Array.from({ length: neuronCount }, (_, i) => i);
}

/**
 * LIST: the given (layer, index) neurons as a canonical set; duplicates collapse to one.
 * Throws BadUserInputError naming the first neuron whose layer or index is outside the model.
 */
export function listSet(neurons: readonly { layer: number; index: number }[], sites: readonly NeuronSite[]): Int32Array {
  neuronCountOf(sites);
  const flat = neurons.map(({ layer, index }) => {
    const site = Number.isInteger(layer) ? sites[layer] : undefined;
    if (!site) throw new BadUserInputError(`neuron (layer ${layer}, index ${index}): layer must be an integer in 0..${sites.length - 1}`);
    if (!Number.isInteger(index) || index < 0 || index >= site.width) {
      throw new BadUserInputError(`neuron (layer ${layer}, index ${index}): index must be an integer in 0..${site.width - 1} for site '${site.name}'`);
    }
    return site.offset + index;
  });
  return Int32Array.from(new Set(flat)).sort();
}

/** RANDOM: k = ceil(p·N/100) neurons drawn uniformly without replacement, seeded. */
export function randomSet(neuronCount: number, percent: number, seed: number): Int32Array {
  assertPercent(percent);
  return drawWithin(0, neuronCount, percentCount(percent, neuronCount), createRng(seed)).sort();
}

/**
 * RANDOM matched to a target set: in every layer, as many neurons as the target has there,
 * drawn uniformly within that layer (seeded). Like the reference, the draw may include target
 * neurons — the control is "any neurons of the same layers", not "other neurons".
 */
export function randomMatchedSet(target: Int32Array, sites: readonly NeuronSite[], seed: number): Int32Array {
  const counts = perLayerCounts(target, sites);
  const rng = createRng(seed);
  const out = new Int32Array(target.length);
  let filled = 0;
  for (const site of sites) {
    out.set(drawWithin(site.offset, site.width, counts[site.layer], rng), filled);
    filled += counts[site.layer];
  }
  return out.sort();
}

/** k distinct integers uniformly from offset … offset+width−1 (partial Fisher–Yates). */
function drawWithin(offset: number, width: number, k: number, rng: () => number): Int32Array {
  const pool = Int32Array.from({ length: width }, (_, i) => offset + i);
  for (let i = 0; i < k; i++) {
    const j = i + randomInt(rng, width - i);
    const t = pool[i];
    pool[i] = pool[j];
    pool[j] = t;
  }
  return pool.slice(0, k);
}

/** How many neurons of `set` lie in each layer (Int32Array indexed by layer). */
export function perLayerCounts(set: Int32Array, sites: readonly NeuronSite[]): Int32Array {
  const layerOf = layerOfNeurons(sites);
  const counts = new Int32Array(sites.length);
  for (const j of set) {
    if (j < 0 || j >= layerOf.length) throw new Error(`neuron ${j} is outside the ${layerOf.length} neurons of the sites`);
    counts[layerOf[j]]++;
  }
  return counts;
}

/** What is wrong with a set request: absent required fields, fields its kind does not take, bad values. */
export interface SetSpecProblems {
  missing: string[];
  extra: string[];
  invalid: string[];
}

const SPEC_FIELDS = ['helpful', 'harmless', 'of', 'percent', 'matchedTo', 'seed', 'neurons'] as const;
type SpecField = (typeof SPEC_FIELDS)[number];

/**
 * Checks a NeuronSetInput against the fields its kind requires (rmlens.md §4): TOP = `of` + that
 * objective's selection; ONLY = both selections + `of`; SHARED = both selections; ENTROPY = both
 * selections (method PROBABILITY) + `percent` + `of`; RANDOM = `seed` + `percent`, or `seed` +
 * `matchedTo` + whatever the matched kind requires; ALL = nothing; LIST = `neurons`. A field
 * set to null counts as absent. Percents must be in (0, 100]; RANDOM cannot match RANDOM.
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
  const allowed = (f: SpecField) => need.required.has(f) || (need.selectionUndecided && isSelection(f));
  problems.extra.push(...SPEC_FIELDS.filter((f) => present(f) && !allowed(f)));
  if (present('of') && spec.of !== 'HELPFUL' && spec.of !== 'HARMLESS') problems.invalid.push(`of must be HELPFUL or HARMLESS, got ${spec.of}`);
  if (present('percent') && !validPercent(spec.percent!)) problems.invalid.push(`percent must be in (0, 100], got ${spec.percent}`);
  if (present('seed') && !validSeed(spec.seed!)) problems.invalid.push(`seed must be an integer in [0, 2^32), got ${spec.seed}`);
  for (const f of ['helpful', 'harmless'] as const) {
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
      else {
        need.selectionUndecided = true;
        if (!spec.helpful && !spec.harmless) need.either.push('helpful or harmless');
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
  return f === 'helpful' || f === 'harmless';
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
