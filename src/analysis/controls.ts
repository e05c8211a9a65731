/**
 * Random controls: how an ablation's accuracy change compares with the changes caused by
 * random sets of the same size (or the same per-layer counts), each drawn with its own seed.
 * Control seeds come from their own stream (`controlSeed`), so a user's RANDOM set with seed s
 * is never one of its own controls.
 */
import { BadUserInputError } from '../errors.ts';
import { deriveSeed } from '../util/random.ts';

/** Most random controls one ablation may ask for: each is one more model run over the held-out part. */
export const MAX_CONTROLS = 1000;

/** Seed of the i-th random control, independent of the seeds users give RANDOM sets. */
export function controlSeed(i: number): number {
  return deriveSeed(i, 'rmlens:control');
}

/** The control summary of an Ablation (rmlens.md §4): controlMeanDelta, controlStdDelta, zScore. */
export interface ControlSummary {
  controls: number;
  /** Mean control delta; null without controls. */
  mean: number | null;
  /** Sample sd of the control deltas; null with fewer than 2 controls. */
  sd: number | null;
  /** (delta − mean) / sd; null when sd is null or 0. */
  z: number | null;
}

/** Summarises the control deltas and places `delta` among them as a z-score. */
export function summarizeControls(delta: number, controlDeltas: ArrayLike<number>): ControlSummary {
  const n = controlDeltas.length;
  if (n === 0) return { controls: 0, mean: null, sd: null, z: null };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += controlDeltas[i];
  const mean = sum / n;
  if (n < 2) return { controls: n, mean, sd: null, z: null };
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (controlDeltas[i] - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  return { controls: n, mean, sd, z: sd > 0 ? (delta - mean) / sd : null };
}

/** Accuracy change per ablated neuron; 0 for an empty set (nothing ablated, nothing changed). */
export function deltaPerNeuron(delta: number, neurons: number): number {
  return neurons > 0 ? delta / neurons : 0;
}

/** BadUserInputError unless `controls` is an integer in [0, max]. */
export function assertControls(controls: number, max = MAX_CONTROLS): void {
  if (!Number.isInteger(controls) || controls < 0 || controls > max) {
    throw new BadUserInputError(`controls must be an integer in [0, ${max}], got ${controls}`);
  }
}
