/**
 * Reward-benchmark files (src/data/rewardBench.ts) written by the test in each format, as JSON
 * Lines and as a JSON array: format detection, the subset → objective map, the pairs each row
 * gives (RM-Bench: every pairing or the diagonal; RewardBench 2: one chosen with every
 * rejected), the row layout, evaluation-only parts, and the errors on malformed rows.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { resolveDataset, resolveDatasets, type ResolveOptions } from '../src/data/registry.ts';
import { SUBSETS } from '../src/data/rewardBench.ts';
import type { Dataset } from '../src/data/types.ts';
import { BadUserInputError } from '../src/errors.ts';

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'rmlens-bench-')));
after(() => rmSync(dir, { recursive: true, force: true }));
const root = join(dir, 'data');
mkdirSync(root);
const opts: ResolveOptions = { roots: [root], base: root };

function write(name: string, rows: unknown[], { array = false } = {}): string {
  writeFileSync(join(root, name), array ? JSON.stringify(rows, null, 2) : rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return name;
}

const rb = (prompt: string, chosen: string, rejected: string, subset: string) => ({ id: prompt, prompt, chosen, rejected, subset });
const listRow = (prompt: string, chosen: string[], rejected: string[], extra: Record<string, unknown>) => ({ prompt, chosen, rejected, ...extra });

/** The pairs of a dataset grouped by its layout's rows, as `[subset, [chosen, rejected][]]`. */
function rowsOf(d: Dataset): [string, string[][]][] {
  assert.ok(d.benchmark, `${d.id} is a benchmark`);
  let next = 0;
  return d.benchmark.rows.map((row) => {
    const pairs = d.heldOut.slice(next, next + row.pairs).map((p) => [p.chosen.trim(), p.rejected.trim()]);
    next += row.pairs;
    return [row.subset, pairs];
  });
}

const byObjective = (ds: Dataset[]) => Object.fromEntries(ds.map((d) => [d.objective, d]));

describe('RewardBench files', () => {
  const rows = [
    rb('q1', 'c1', 'r1', 'alpacaeval-easy'),
    rb('q2', 'c2', 'r2', 'refusals-dangerous'),
    rb('q3', 'c3', 'r3', 'llmbar-adver-GPTInst'),
    rb('q4', 'c4', 'r4', 'hep-python'),
    rb('q5', 'c5', 'r5', 'xstest-should-respond'),
  ];

  it('detects the format, splits the subsets by objective, and holds every pair out (JSONL and JSON array alike)', async () => {
    const lines = byObjective(await resolveDatasets(write('rb.jsonl', rows), opts));
    const array = byObjective(await resolveDatasets(write('rb.json', rows, { array: true }), opts));
    assert.deepEqual(Object.keys(lines), ['HELPFUL', 'HARMLESS']);
    for (const d of [lines.HELPFUL, lines.HARMLESS]) {
      assert.equal(d.evaluationOnly, true);
      assert.deepEqual(d.train, []);
      assert.match(d.source, /\(rewardbench, prompt hh, evaluation only\)$/);
    }
    assert.deepEqual(rowsOf(lines.HELPFUL), [['alpacaeval-easy', [['c1', 'r1']]], ['llmbar-adver-GPTInst', [['c3', 'r3']]], ['hep-python', [['c4', 'r4']]]]);
    assert.deepEqual(lines.HELPFUL.benchmark!.rows.map((r) => r.category), ['chat', 'chat-hard', 'reasoning']);
    assert.deepEqual(rowsOf(lines.HARMLESS), [['refusals-dangerous', [['c2', 'r2']]], ['xstest-should-respond', [['c5', 'r5']]]]);
    assert.deepEqual(lines.HARMLESS.benchmark!.rows.map((r) => r.category), ['safety', 'safety']);
    assert.equal(lines.HELPFUL.benchmark!.scoring, 'PAIRS');
    // Texts are formed as every bare-text file's are (HH form by default).
    assert.deepEqual(lines.HELPFUL.heldOut[0], { prompt: '\n\nHuman: q1\n\nAssistant:', chosen: ' c1', rejected: ' r1' });
    for (const objective of ['HELPFUL', 'HARMLESS'] as const) {
      assert.equal(array[objective].contentHash, lines[objective].contentHash);
      assert.equal(array[objective].benchmark!.hash, lines[objective].benchmark!.hash);
    }
  });

  it('gives one objective\'s subsets for FILE#OBJECTIVE, and refuses an objective the file has none of', async () => {
    const harmless = await resolveDataset('rb.jsonl#harmless', opts);
    assert.equal(harmless.objective, 'HARMLESS');
    assert.equal(harmless.heldOut.length, 2);
    write('rb-chat.jsonl', [rb('q1', 'c1', 'r1', 'Chat'), rb('q2', 'c2', 'r2', 'chat hard')]);
    const chat = await resolveDatasets('rb-chat.jsonl', opts);
    assert.deepEqual(chat.map((d) => d.objective), ['HELPFUL']);
    // Section names are subsets too, in any case and with spaces for dashes.
    assert.deepEqual(chat[0].benchmark!.rows.map((r) => [r.subset, r.category]), [['Chat', 'chat'], ['chat hard', 'chat-hard']]);
    await assert.rejects(resolveDataset('rb-chat.jsonl#HARMLESS', opts), (e: unknown) => e instanceof BadUserInputError && /no RewardBench subset of this file is HARMLESS \(its subsets are all HELPFUL\)/.test(e.message));
  });

  it('maps every subset the brief names: chat, chat-hard, reasoning → HELPFUL, safety → HARMLESS; RewardBench 2 Safety → HARMLESS', () => {
    const objective = (format: keyof typeof SUBSETS, subset: string) => SUBSETS[format].get(subset)?.objective;
    assert.deepEqual(['chat', 'chat-hard', 'reasoning', 'safety'].map((s) => objective('rewardbench', s)), ['HELPFUL', 'HELPFUL', 'HELPFUL', 'HARMLESS']);
    assert.deepEqual(['factuality', 'precise-if', 'math', 'focus', 'ties', 'safety'].map((s) => objective('rewardbench2', s)), ['HELPFUL', 'HELPFUL', 'HELPFUL', 'HELPFUL', 'HELPFUL', 'HARMLESS']);
    assert.deepEqual(['chat', 'math', 'code', 'safety-refuse', 'safety-response'].map((s) => objective('rmbench', s)), ['HELPFUL', 'HELPFUL', 'HELPFUL', 'HARMLESS', 'HARMLESS']);
  });

  it('reads a {prompt, chosen, rejected, subset} file as plain pairs when told --format generic', async () => {
    write('rb-generic.jsonl', [rb('q1', 'c1', 'r1', 'anything')]);
    const generic = await resolveDataset('rb-generic.jsonl#HELPFUL', { ...opts, format: 'generic' });
    assert.equal(generic.benchmark, undefined);
    assert.equal(generic.evaluationOnly, false);
  });
});

describe('RM-Bench files', () => {
  const rows = [
    listRow('q1', ['c1a', 'c1b', 'c1c'], ['r1a', 'r1b', 'r1c'], { id: 1, domain: 'chat' }),
    listRow('q2', ['c2a', 'c2b', 'c2c'], ['r2a', 'r2b', 'r2c'], { id: 2, domain: 'safety-refuse' }),
    listRow('q3', ['c3a', 'c3b', 'c3c'], ['r3a', 'r3b', 'r3c'], { id: 3, domain: 'math' }),
  ];

  it('pairs every chosen with every rejected response by default (9 a row), chosen[i] with rejected[i] when diagonal (3)', async () => {
    write('rmb.jsonl', rows);
    write('rmb.json', rows, { array: true });
    for (const name of ['rmb.jsonl', 'rmb.json']) {
      const all = byObjective(await resolveDatasets(name, opts));
      assert.deepEqual(all.HELPFUL.benchmark!.rows.map((r) => [r.subset, r.pairs]), [['chat', 9], ['math', 9]]);
      assert.deepEqual(rowsOf(all.HELPFUL)[0][1].slice(0, 4), [['c1a', 'r1a'], ['c1a', 'r1b'], ['c1a', 'r1c'], ['c1b', 'r1a']]);
      assert.deepEqual(all.HARMLESS.benchmark!.rows.map((r) => [r.subset, r.category, r.pairs]), [['safety-refuse', 'safety', 9]]);
      assert.equal(all.HELPFUL.benchmark!.pairing, 'all');
      const diagonal = byObjective(await resolveDatasets(name, { ...opts, pairing: 'diagonal' }));
      assert.deepEqual(rowsOf(diagonal.HELPFUL), [['chat', [['c1a', 'r1a'], ['c1b', 'r1b'], ['c1c', 'r1c']]], ['math', [['c3a', 'r3a'], ['c3b', 'r3b'], ['c3c', 'r3c']]]]);
      assert.equal(diagonal.HARMLESS.heldOut.length, 3);
      assert.match(diagonal.HELPFUL.source, /rmbench, diagonal pairings/);
      assert.notEqual(diagonal.HELPFUL.benchmark!.hash, all.HELPFUL.benchmark!.hash);
    }
  });

  it('takes `subset` for `domain` when told --format rmbench (auto-detection reads such rows as RewardBench 2)', async () => {
    write('rmb-subset.jsonl', [listRow('q1', ['a', 'b'], ['x', 'y'], { subset: 'code' })]);
    const told = await resolveDataset('rmb-subset.jsonl', { ...opts, format: 'rmbench' });
    assert.deepEqual([told.benchmark!.format, told.heldOut.length], ['rmbench', 4]);
    await assert.rejects(resolveDatasets('rmb-subset.jsonl', opts), /rmb-subset\.jsonl:1: unknown RewardBench 2 subset 'code'/);
  });

  it('refuses a diagonal of unequal lists and a row without domain or subset, naming the line', async () => {
    write('rmb-uneven.jsonl', [rows[0], listRow('q9', ['a', 'b'], ['x'], { domain: 'code' })]);
    await assert.rejects(resolveDatasets('rmb-uneven.jsonl', { ...opts, pairing: 'diagonal' }), /rmb-uneven\.jsonl:2: the diagonal pairing needs as many chosen as rejected responses, got 2 and 1/);
    assert.equal((await resolveDataset('rmb-uneven.jsonl#HELPFUL', opts)).heldOut.length, 9 + 2);
    write('rmb-nodomain.jsonl', [listRow('q1', ['a'], ['x'], { domain: 'chat' }), listRow('q2', ['a'], ['x'], {})]);
    await assert.rejects(resolveDatasets('rmb-nodomain.jsonl', opts), /rmb-nodomain\.jsonl:2: unexpected record \(record: needs a `domain` \(or `subset`\) naming its subset\)/);
  });
});

describe('RewardBench 2 files', () => {
  const rows = [
    listRow('q1', ['best'], ['w1', 'w2', 'w3'], { id: 'a', subset: 'Factuality', num_correct: 1 }),
    listRow('q2', ['safe'], ['u1', 'u2', 'u3'], { id: 'b', subset: 'Safety', num_correct: 1 }),
    listRow('q3', ['t1', 't2'], ['v1', 'v2'], { id: 'c', subset: 'Ties', num_correct: 2 }),
    listRow('q4', ['ok'], ['ok', 'no1', 'no2'], { id: 'd', subset: 'Precise IF', num_correct: 1 }),
  ];

  it('pairs the chosen response with every rejected one, scored best-of-n; identical texts are dropped and counted', async () => {
    for (const name of [write('rb2.jsonl', rows), write('rb2.json', rows, { array: true })]) {
      const ds = byObjective(await resolveDatasets(name, opts));
      assert.equal(ds.HELPFUL.benchmark!.scoring, 'BEST_OF_N');
      assert.deepEqual(rowsOf(ds.HELPFUL), [
        ['Factuality', [['best', 'w1'], ['best', 'w2'], ['best', 'w3']]],
        ['Ties', [['t1', 'v1'], ['t1', 'v2'], ['t2', 'v1'], ['t2', 'v2']]],
        // `ok` rejected equals the chosen `ok`: that pair is dropped, the row keeps its other two.
        ['Precise IF', [['ok', 'no1'], ['ok', 'no2']]],
      ]);
      assert.deepEqual([ds.HELPFUL.dropped, ds.HELPFUL.dropReasons], [1, { identical: 1 }]);
      assert.deepEqual(ds.HELPFUL.benchmark!.rows.map((r) => r.category), ['Factuality', 'Ties', 'Precise IF']);
      assert.deepEqual(rowsOf(ds.HARMLESS), [['Safety', [['safe', 'u1'], ['safe', 'u2'], ['safe', 'u3']]]]);
    }
  });

  it('refuses malformed rows with the file and line: an unknown subset, an empty list, a text for a list', async () => {
    write('rb2-unknown.jsonl', [rows[0], listRow('q', ['a'], ['b'], { subset: 'Chitchat' })]);
    await assert.rejects(resolveDatasets('rb2-unknown.jsonl', opts), (e: unknown) =>
      e instanceof BadUserInputError && /rb2-unknown\.jsonl:2: unknown RewardBench 2 subset 'Chitchat' \(known: Factuality, Precise IF, Math, Safety, Focus, Ties\)/.test(e.message));
    write('rb2-empty.json', [rows[0], listRow('q', [], ['b'], { subset: 'Math' })], { array: true });
    await assert.rejects(resolveDatasets('rb2-empty.json', opts), /rb2-empty\.json:\d+: element \[1\]: unexpected record \(chosen: must list at least one response\)/);
    write('rb2-text.jsonl', [rows[0], { prompt: 'q', chosen: ['a'], rejected: 'b', subset: 'Math' }]);
    await assert.rejects(resolveDatasets('rb2-text.jsonl', opts), /rb2-text\.jsonl:2: unexpected record \(rejected: /);
    // Lists without domain or subset fit no format.
    write('lists.jsonl', [{ prompt: 'q', chosen: ['a'], rejected: ['b'] }]);
    await assert.rejects(resolveDatasets('lists.jsonl', opts), /lists\.jsonl:1: cannot tell the format from the keys of the first record \(saw: prompt, chosen, rejected\); expected .*rmbench: \{prompt, chosen: \[\.\.\], rejected: \[\.\.\], domain\}/);
  });
});
