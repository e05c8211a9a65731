/** Neuron correspondence between two models: a summary of per-neuron Pearson r (neuron j vs j). */
import { quantileSorted } from '../util/bootstrap.ts';
import { BadUserInputError } from '../errors.ts';

/** Correspondence numbers; all over the neurons with a finite r (NaN r = a constant neuron). */
export interface CorrelationSummary {
  mean: number;
  median: number;
  /** Share of finite r above 0.5. */
  shareAboveHalf: number;
  /** How many neurons have a finite r. */
  neurons: number;
}

/**
 * Mean, median and share > 0.5 of the finite per-neuron correlations. Throws
 * BadUserInputError when no neuron has a finite r (every neuron constant on the dataset).
 */
export function summarizeCorrelations(r: ArrayLike<number>): CorrelationSummary {
  const finite = Float64Array.from(r).filter(Number.isFinite).sort();
  if (finite.length === 0) throw new BadUserInputError('no neuron has a finite correlation: every neuron is constant on this dataset');
  let sum = 0;
  let above = 0;
  for (const v of finite) {
    sum += v;
    if (v > 0.5) above++;
  }
  return { mean: sum / finite.length, median: quantileSorted(finite, 0.5), shareAboveHalf: above / finite.length, neurons: finite.length };
}
