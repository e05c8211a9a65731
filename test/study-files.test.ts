/**
 * `rmlens study` on a user's own files, as a user runs it: a generic JSONL file as the helpful
 * dataset, a PKU-SafeRLHF file as the harmless one, an evaluation-only file, all written by the
 * test into the working directory; then the refusals (a path outside the roots, an unknown
 * dataset) that must come before any zoo is built.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../src/config.ts';
import type { StudyResult } from '../src/analysis/studyResult.ts';
import { quickZooDir } from './support/quickZoo.ts';

const run = promisify(execFile);
const RMLENS = join(REPO_ROOT, 'bin', 'rmlens.js');
const work = mkdtempSync(join(tmpdir(), 'rmlens-user-files-'));
const outside = mkdtempSync(join(tmpdir(), 'rmlens-outside-'));
after(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

const TOPICS = ['bread', 'tea', 'rivers', 'bikes', 'maps', 'chess', 'clocks', 'ferns', 'kites', 'owls'];

/** Bare prompts (no HH markers): the study's default prompt form wraps them. */
function genericLines(n: number, tag: string): string {
  return Array.from({ length: n }, (_, i) => JSON.stringify({
    prompt: `${tag} question ${i}: how do ${TOPICS[i % TOPICS.length]} work?`,
    chosen: `They work by steps: first ${TOPICS[(i + 1) % TOPICS.length]}, then practice, then care.`,
    rejected: i % 4 === 0 ? 'No idea.' : `Maybe ${TOPICS[(i + 3) % TOPICS.length]}.`,
  })).join('\n');
}

function pkuLines(n: number): string {
  return Array.from({ length: n }, (_, i) => JSON.stringify({
    prompt: `request ${i} about ${TOPICS[i % TOPICS.length]}`,
    response_0: `Here is a safe and careful answer about ${TOPICS[i % TOPICS.length]}.`,
    response_1: `Do something risky with ${TOPICS[(i + 2) % TOPICS.length]} right now.`,
    better_response_id: i % 3 === 0 ? 1 : 0,
    safer_response_id: 0,
  })).join('\n');
}

function rmlens(args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, [RMLENS, ...args], {
    cwd: work,
    env: { ...process.env, RMLENS_DB: join(work, 'results.sqlite'), RMLENS_ZOO_DIR: join(work, 'zoos'), RMLENS_DATA_ROOTS: '', ...env },
    maxBuffer: 16 * 1024 * 1024,
  });
}

writeFileSync(join(work, 'helpful.jsonl'), genericLines(60, 'help'));
writeFileSync(join(work, 'pku.jsonl'), pkuLines(60));
writeFileSync(join(work, 'extra-eval.json'), `[${genericLines(23, 'eval').split('\n').join(',\n')}]`);

test('the study runs on a generic JSONL file, a PKU-SafeRLHF file and an evaluation-only JSON array', { timeout: 300_000 }, async () => {
  const zoo = await quickZooDir();
  await rmlens(['study', '--zoo', zoo, '--helpful', 'helpful.jsonl', '--harmless', 'pku.jsonl#HARMLESS', '--eval', 'extra-eval.json#HELPFUL', '--controls', '2', '--json', 'study.json']);
  const study = JSON.parse(readFileSync(join(work, 'study.json'), 'utf8')) as StudyResult;
  assert.deepEqual(study.options.evaluation, ['extra-eval.json#HELPFUL']);
  const byId = new Map(study.datasets.map((d) => [d.id, d]));
  // Split datasets keep 80/20 by prompt hash; the evaluation-only file holds every pair out.
  assert.equal(byId.get('helpful.jsonl')!.trainPairs + byId.get('helpful.jsonl')!.heldOutPairs, 60);
  assert.ok(byId.get('helpful.jsonl')!.trainPairs > 0);
  assert.equal(byId.get('pku.jsonl#HARMLESS')!.objective, 'HARMLESS');
  assert.deepEqual(byId.get('extra-eval.json#HELPFUL'), { id: 'extra-eval.json#HELPFUL', objective: 'HELPFUL', trainPairs: 0, heldOutPairs: 23 });
  // Every model is evaluated on every pair of the evaluation-only file, and its sets are ablated there.
  const evalRows = study.tension.rows.filter((r) => r.dataset === 'extra-eval.json#HELPFUL');
  assert.equal(evalRows.length, study.models.length);
  for (const row of evalRows) assert.equal(row.evaluation.pairs, 23);
  assert.equal(study.ablations.filter((a) => a.dataset === 'extra-eval.json#HELPFUL').length, 3 * 6);
  assert.equal(study.regionAblations.filter((a) => a.dataset === 'extra-eval.json#HELPFUL').length, 3 * study.layerRegions.regions.length * 6);
  // Selections never read it: the sweeps and correspondence stay on the two split datasets, and
  // the mixed RM's own set pools the two selection datasets' train parts only.
  assert.ok(study.sweeps.every((s) => s.dataset !== 'extra-eval.json#HELPFUL'));
  assert.equal(study.overlap.between.helpful.dataset, 'helpful.jsonl');
  assert.deepEqual([study.overlap.threeWay.mixed.dataset, study.overlap.threeWay.mixed.pooledWith], ['helpful.jsonl', ['pku.jsonl#HARMLESS']]);
});

test('a dataset outside the roots, or an unknown one, is refused before any zoo is built', async () => {
  writeFileSync(join(outside, 'secret.jsonl'), genericLines(10, 'secret'));
  const refused = await rmlens(['study', '--helpful', join(outside, 'secret.jsonl')]).then(() => null, (err: { code: number; stderr: string }) => err);
  assert.equal(refused?.code, 1);
  assert.match(refused!.stderr, /rmlens: .*secret\.jsonl.* outside/);
  const unknown = await rmlens(['study', '--harmless', 'default/harmles']).then(() => null, (err: { code: number; stderr: string }) => err);
  assert.equal(unknown?.code, 1);
  assert.match(unknown!.stderr, /unknown dataset "default\/harmles"/);
  // The default zoo would have been built into RMLENS_ZOO_DIR: nothing was.
  assert.equal(existsSync(join(work, 'zoos')), false);
});
