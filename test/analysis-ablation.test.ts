import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ablationCondition, assertValidAblation, identityCondition, validateAblationSpec } from '../src/analysis/ablationConditions.ts';
import { deltaPerNeuron, summarizeControls } from '../src/analysis/controls.ts';
import { summarizeCorrelations } from '../src/analysis/correlationSummary.ts';
import { BadUserInputError } from '../src/errors.ts';

const set = Int32Array.of(1, 3);

test('identity keeps 1 and fills 0', () => {
  assert.deepEqual(identityCondition(3), { keep: Float32Array.of(1, 1, 1), fill: Float32Array.of(0, 0, 0) });
});

test('ZERO, MEAN and SCALE conditions touch only the set', () => {
  assert.deepEqual(ablationCondition(set, 4, 'ZERO'), { keep: Float32Array.of(1, 0, 1, 0), fill: Float32Array.of(0, 0, 0, 0) });
  const means = Float64Array.of(9, 0.5, 9, -2);
  assert.deepEqual(ablationCondition(set, 4, 'MEAN', { means }), { keep: Float32Array.of(1, 0, 1, 0), fill: Float32Array.of(0, 0.5, 0, -2) });
  assert.deepEqual(ablationCondition(set, 4, 'SCALE', { alpha: 1.5 }), { keep: Float32Array.of(1, 1.5, 1, 1.5), fill: Float32Array.of(0, 0, 0, 0) });
});

test('ablation requests: SCALE needs alpha, ZERO/MEAN take none, MEAN needs N means', () => {
  assert.throws(() => ablationCondition(set, 4, 'SCALE'), (e: Error) => e instanceof BadUserInputError && /SCALE ablation needs field alpha/.test(e.message));
  assert.throws(() => assertValidAblation('ZERO', 0.5), /ZERO ablation takes no field alpha/);
  assert.deepEqual(validateAblationSpec('SCALE', Infinity).invalid, ['alpha must be a finite number, got Infinity']);
  assert.deepEqual(validateAblationSpec('MEAN', null), { missing: [], extra: [], invalid: [] });
  assert.throws(() => ablationCondition(set, 4, 'MEAN', { means: [1, 2] }), /MEAN ablation needs 4 train means/);
  assert.throws(() => ablationCondition(Int32Array.of(4), 4, 'ZERO'), /outside/);
});

test('control summary: mean, sample sd, z; nulls where undefined', () => {
  const s = summarizeControls(-0.2, [-0.01, 0.01, -0.03, 0.03]);
  const sd = Math.sqrt((0.0001 + 0.0001 + 0.0009 + 0.0009) / 3);
  assert.equal(s.controls, 4);
  assert.ok(Math.abs(s.mean!) < 1e-15);
  assert.ok(Math.abs(s.sd! - sd) < 1e-15);
  assert.ok(Math.abs(s.z! - (-0.2 - s.mean!) / sd) < 1e-12);
  assert.deepEqual(summarizeControls(0.1, []), { controls: 0, mean: null, sd: null, z: null });
  assert.deepEqual(summarizeControls(0.1, [0.02]), { controls: 1, mean: 0.02, sd: null, z: null });
  assert.deepEqual(summarizeControls(0.1, [0.02, 0.02]), { controls: 2, mean: 0.02, sd: 0, z: null });
});

test('delta per neuron', () => {
  assert.equal(deltaPerNeuron(-0.3, 60), -0.005);
  assert.equal(deltaPerNeuron(0, 0), 0);
});

test('correlation summary over finite r only', () => {
  const s = summarizeCorrelations(Float64Array.of(0.9, NaN, 0.2, 0.6, -0.1, NaN));
  assert.deepEqual(s, { mean: (0.9 + 0.2 + 0.6 - 0.1) / 4, median: (0.2 + 0.6) / 2, shareAboveHalf: 0.5, neurons: 4 });
  assert.equal(summarizeCorrelations([0.3, 0.7, 0.5]).median, 0.5);
  assert.throws(() => summarizeCorrelations([NaN, NaN]), BadUserInputError);
});
