import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../src/config.ts';

const bin = join(REPO_ROOT, 'bin', 'rmlens.js');
const rmlens = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, RMLENS_DEVICE: 'cpu' } });

describe('rmlens CLI (bin/rmlens.js)', () => {
  it('prints an aligned summary table', () => {
    const run = rmlens('data', 'summary', 'default/helpful', 'default/harmless');
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 4);
    assert.match(lines[0], /^dataset\s+objective\s+pairs/);
    assert.match(lines[2], /^default\/helpful\s+HELPFUL\s+2500\s+0\s+\d+\s+\d+/);
    // Right-aligned numeric columns end at the same place on every row.
    assert.equal(new Set(lines.map((l) => l.length)).size, 1);
  });

  it('fails with one clear line and exit code 1', () => {
    const run = rmlens('data', 'summary', 'nope/x');
    assert.equal(run.status, 1);
    assert.equal(run.stderr.trim().split('\n').length, 1);
    assert.match(run.stderr, /^rmlens: unknown dataset "nope\/x"; known datasets: default\/helpful/);
  });
});
