import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createProgram } from '../src/cli/main.ts';

const study = (...args: string[]) => createProgram().exitOverride().configureOutput({ writeErr: () => {} }).parseAsync(['node', 'rmlens', 'study', ...args]);

test('rmlens study rejects bad options before touching a zoo or the store', async () => {
  await assert.rejects(study('--method', 'nope'), /--method must be one of MAGNITUDE, CHANGE, PROBABILITY, CONTRAST/);
  await assert.rejects(study('--top', '0'), /--top must be a percent in \(0, 100\]/);
  await assert.rejects(study('--controls', '1.5'), /--controls must be an integer in \[0, 1000\]/);
  await assert.rejects(study('--controls', '5000'), /--controls must be an integer in \[0, 1000\]/);
  await assert.rejects(study('--zoo', '/nonexistent/zoo'), /no zoo at \/nonexistent\/zoo \(zoo\.json missing\)/);
});

test('rmlens study --safety-differs refuses a dataset file that is not PKU-SafeRLHF, before touching a zoo', async (t) => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'rmlens-study-cli-')));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'generic.jsonl');
  writeFileSync(file, `${JSON.stringify({ prompt: 'p', chosen: 'a', rejected: 'b' })}\n`);
  const roots = process.env.RMLENS_DATA_ROOTS;
  process.env.RMLENS_DATA_ROOTS = dir;
  t.after(() => { if (roots === undefined) delete process.env.RMLENS_DATA_ROOTS; else process.env.RMLENS_DATA_ROOTS = roots; });
  await assert.rejects(study('--harmless', file, '--safety-differs', '--zoo', '/nonexistent/zoo'), /only PKU-SafeRLHF rows carry safety labels/);
});
