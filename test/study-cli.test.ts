import assert from 'node:assert/strict';
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
