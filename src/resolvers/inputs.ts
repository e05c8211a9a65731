/**
 * GraphQL inputs → the analysis' request types. GraphQL sends an omitted optional field as
 * null; the analysis' requests use absent fields, so nulls are dropped here, and only here.
 */
import type { NeuronSelection, NeuronSetSpec } from '../analysis/types.ts';
import type { Part } from '../data/types.ts';
import type { BenchmarkPairing as FilePairing, DatasetFormat as FileFormat, PromptForm as FilePromptForm, SetOwner } from '../vocabulary.ts';
import type { BenchmarkPairing, DataPart, DatasetFormat, NeuronSelectionInput, NeuronSetInput, PromptForm } from './generated.ts';

/** A selection input as the analysis takes it. */
export function toSelection(input: NeuronSelectionInput): NeuronSelection {
  const selection: NeuronSelection = { model: input.model, dataset: input.dataset, method: input.method, topPercent: input.topPercent };
  if (input.pooledWith) selection.pooledWith = [...input.pooledWith];
  return selection;
}

/** A set input as the analysis takes it; the analysis checks which fields its kind needs. */
export function toSetSpec(input: NeuronSetInput): NeuronSetSpec {
  const spec: NeuronSetSpec = { kind: input.kind };
  if (input.helpful) spec.helpful = toSelection(input.helpful);
  if (input.harmless) spec.harmless = toSelection(input.harmless);
  if (input.mixed) spec.mixed = toSelection(input.mixed);
  // BASE (and MIXED outside TOP) pass through so the analysis' own check reports them (BAD_USER_INPUT, naming `of`).
  if (input.of != null) spec.of = input.of as SetOwner;
  if (input.percent != null) spec.percent = input.percent;
  if (input.matchedTo != null) spec.matchedTo = input.matchedTo;
  if (input.seed != null) spec.seed = input.seed;
  if (input.neurons) spec.neurons = input.neurons.map(({ layer, index }) => ({ layer, index }));
  if (input.region != null) spec.region = input.region;
  return spec;
}

/** A GraphQL DatasetFormat (upper case, as GraphQL enums are) as the loaders name it; null is the default, AUTO. */
export function toDatasetFormat(format: DatasetFormat | null | undefined): FileFormat {
  return (format ?? 'AUTO').toLowerCase() as FileFormat;
}

/** A GraphQL PromptForm as the loaders name it; null is the default, HH. */
export function toPromptForm(prompt: PromptForm | null | undefined): FilePromptForm {
  return (prompt ?? 'HH').toLowerCase() as FilePromptForm;
}

/** A GraphQL BenchmarkPairing as the loaders name it; null is the default, ALL. */
export function toPairing(pairing: BenchmarkPairing | null | undefined): FilePairing {
  return (pairing ?? 'ALL').toLowerCase() as FilePairing;
}

/** A file-reading name (format, prompt form, pairing: lower case) as its GraphQL enum value. */
export function toGraphqlName<T extends string>(name: T): Uppercase<T> {
  return name.toUpperCase() as Uppercase<T>;
}

/** A GraphQL DataPart as the data layer names it; an explicit null means the schema's default, TRAIN. */
export function toPart(part: DataPart | null | undefined): Part {
  return part === 'HELD_OUT' ? 'heldOut' : 'train';
}
