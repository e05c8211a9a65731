/**
 * Ablation conditions over the flat numbering: each site activation x becomes x·keep + fill
 * (src/engine/types.ts AblationCondition). Neurons outside the set keep 1, fill 0 (identity).
 */
import type { AblationCondition } from '../engine/types.ts';
import { BadUserInputError } from '../errors.ts';
import type { AblationMode } from '../vocabulary.ts';

/** The identity condition: keep 1, fill 0 everywhere; instrumented rewards equal the original. */
export function identityCondition(neuronCount: number): AblationCondition {
  return { keep: new Float32Array(neuronCount).fill(1), fill: new Float32Array(neuronCount) };
}

/**
 * The condition ablating `set` by `mode`: ZERO keep 0 fill 0; MEAN keep 0 fill = the neuron's
 * train-part mean (`means`, length N, from trainMeans); SCALE keep α fill 0.
 * Throws BadUserInputError when SCALE lacks a finite α; throws Error on a missing or
 * mis-sized `means` or a neuron outside 0 … N−1 (caller bugs, not user input).
 */
export function ablationCondition(
  set: Int32Array,
  neuronCount: number,
  mode: AblationMode,
  { means, alpha }: { means?: ArrayLike<number>; alpha?: number | null } = {},
): AblationCondition {
  assertValidAblation(mode, alpha);
  if (mode === 'MEAN' && (!means || means.length !== neuronCount)) {
    throw new Error(`MEAN ablation needs ${neuronCount} train means, got ${means ? means.length : 'none'}`);
  }
  const condition = identityCondition(neuronCount);
  const keep = mode === 'SCALE' ? alpha! : 0;
  for (const j of set) {
    if (!(j >= 0 && j < neuronCount)) throw new Error(`neuron ${j} is outside 0..${neuronCount - 1}`);
    condition.keep[j] = keep;
    if (mode === 'MEAN') condition.fill[j] = means![j];
  }
  return condition;
}

/** Fields wrong with an ablation request: SCALE requires a finite `alpha`, ZERO and MEAN take none. */
export function validateAblationSpec(mode: AblationMode, alpha?: number | null): { missing: string[]; extra: string[]; invalid: string[] } {
  const given = alpha !== undefined && alpha !== null;
  return {
    missing: mode === 'SCALE' && !given ? ['alpha'] : [],
    extra: mode !== 'SCALE' && given ? ['alpha'] : [],
    invalid: mode === 'SCALE' && given && !Number.isFinite(alpha) ? [`alpha must be a finite number, got ${alpha}`] : [],
  };
}

/** Throws BadUserInputError naming the missing, extra or invalid `alpha` of an ablation request. */
export function assertValidAblation(mode: AblationMode, alpha?: number | null): void {
  const { missing, extra, invalid } = validateAblationSpec(mode, alpha);
  const parts = [
    ...missing.map((f) => `${mode} ablation needs field ${f}`),
    ...extra.map((f) => `${mode} ablation takes no field ${f}`),
    ...invalid,
  ];
  if (parts.length) throw new BadUserInputError(parts.join('; '));
}
