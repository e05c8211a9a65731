import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootstrapMeanCi, pairWins } from '../src/util/bootstrap.ts';
import { createRng } from '../src/util/random.ts';

test('the accuracy CI covers the true win rate at about the nominal 95%', () => {
  const truth = 0.7;
  const datasets = 300;
  const rng = createRng(2026);
  let covered = 0;
  for (let d = 0; d < datasets; d++) {
    const chosen = Float64Array.from({ length: 200 }, () => (rng() < truth ? 1 : 0));
    const wins = pairWins(chosen, new Float64Array(200).fill(0.5));
    const { low, high } = bootstrapMeanCi(wins, { resamples: 400, seed: d });
    if (low <= truth && truth <= high) covered++;
  }
  const coverage = covered / datasets;
  assert.ok(coverage >= 0.9 && coverage <= 0.99, `coverage ${coverage}`);
});
