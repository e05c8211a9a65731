import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { loadConfig, REPO_ROOT } from '../src/config.ts';
import { BadUserInputError, NotFoundError } from '../src/errors.ts';
import { pairsHash } from '../src/data/dataset.ts';
import { parseDatasetFileRef } from '../src/data/datasetFiles.ts';
import { DataFileError } from '../src/data/jsonl.ts';
import { resolveDataset, resolveDatasets, type ResolveOptions } from '../src/data/registry.ts';

// realpath: dataset ids are real paths, and the temp folder may sit behind a symlink.
const dir = realpathSync(mkdtempSync(join(tmpdir(), 'rmlens-files-')));
after(() => rmSync(dir, { recursive: true, force: true }));
const roots = [join(dir, 'data')];
const outsideDir = join(dir, 'outside');
mkdirSync(roots[0]);
mkdirSync(outsideDir);
const opts: ResolveOptions = { roots, base: roots[0] };

/** Writes rows as JSON Lines (or a pretty JSON array) under the data root; returns the bare file name. */
function write(name: string, rows: unknown[], { array = false, gzip = false } = {}): string {
  const text = array ? JSON.stringify(rows, null, 2) : rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';
  writeFileSync(join(roots[0], name), gzip ? gzipSync(text) : text);
  return name;
}

const hhRow = (q: string, good: string, bad: string) => ({ chosen: `\n\nHuman: ${q}\n\nAssistant: ${good}`, rejected: `\n\nHuman: ${q}\n\nAssistant: ${bad}` });
const genericRow = (q: string, good: string, bad: string) => ({ prompt: q, chosen: good, rejected: bad });
const pkuRow = (q: string, r0: string, r1: string, better: 0 | 1, safer: 0 | 1) => ({ prompt: q, response_0: r0, response_1: r1, better_response_id: better, safer_response_id: safer });

describe('dataset file references', () => {
  it('parses PATH and PATH#OBJECTIVE (any case); another # suffix is part of the path', () => {
    assert.deepEqual(parseDatasetFileRef('my.jsonl'), { path: 'my.jsonl' });
    assert.deepEqual(parseDatasetFileRef('dir/my.jsonl#harmless'), { path: 'dir/my.jsonl', objective: 'HARMLESS' });
    assert.deepEqual(parseDatasetFileRef('a#b.jsonl#Helpful'), { path: 'a#b.jsonl', objective: 'HELPFUL' });
    assert.deepEqual(parseDatasetFileRef('take#2.jsonl'), { path: 'take#2.jsonl' });
  });

  it('parses a +safety-differs filter after the objective, or alone after #', () => {
    assert.deepEqual(parseDatasetFileRef('pku.jsonl#HARMLESS+safety-differs'), { path: 'pku.jsonl', objective: 'HARMLESS', safetyDiffers: true });
    assert.deepEqual(parseDatasetFileRef('pku.jsonl#helpful+SAFETY-DIFFERS'), { path: 'pku.jsonl', objective: 'HELPFUL', safetyDiffers: true });
    assert.deepEqual(parseDatasetFileRef('pku.jsonl#safety-differs'), { path: 'pku.jsonl', safetyDiffers: true });
    assert.deepEqual(parseDatasetFileRef('pku.jsonl+safety-differs'), { path: 'pku.jsonl+safety-differs' });
    assert.deepEqual(parseDatasetFileRef('pku.jsonl#safety-differs+HARMLESS'), { path: 'pku.jsonl#safety-differs+HARMLESS' });
  });
});

describe('dataset files: formats and containers', () => {
  it('reads HH transcripts verbatim, objective from the ref, id = real path#OBJECTIVE', async () => {
    const name = write('hh.jsonl', [hhRow('Q1', 'good', 'bad'), hhRow('Q2', 'same', 'same')]);
    const ds = await resolveDataset(`${name}#helpful`, opts);
    assert.equal(ds.id, `${join(roots[0], name)}#HELPFUL`);
    assert.equal(ds.objective, 'HELPFUL');
    assert.equal(ds.promptForm, undefined);
    assert.deepEqual([...ds.train, ...ds.heldOut], [{ prompt: '\n\nHuman: Q1\n\nAssistant:', chosen: ' good', rejected: ' bad' }]);
    assert.deepEqual(ds.dropReasons, { identical: 1 });
    // Another spelling of the same file and objective is the same dataset.
    assert.equal((await resolveDataset(join(roots[0], '.', name) + '#HELPFUL', opts)).id, ds.id);
  });

  it('reads generic records from JSON Lines, gzip and a JSON array alike, auto-detected', async () => {
    const rows = [genericRow('P1', 'yes', 'no'), genericRow('P2', 'fine', 'rude')];
    const files = [write('g.jsonl', rows), write('g.jsonl.gz', rows, { gzip: true }), write('g.json', rows, { array: true }), write('g.json.gz', rows, { array: true, gzip: true })];
    const hashes = new Set<string>();
    for (const name of files) {
      const ds = await resolveDataset(`${name}#HARMLESS`, opts);
      assert.equal(ds.train.length + ds.heldOut.length, 2, name);
      assert.match(ds.source, /\(generic, prompt hh\)$/);
      hashes.add(ds.contentHash);
    }
    assert.equal(hashes.size, 1);
  });

  it('gives both objectives of a PKU file: better response for HELPFUL, safer for HARMLESS', async () => {
    const name = write('pku.jsonl', [pkuRow('Open the door?', 'Sure, here is how.', 'I cannot help.', 0, 1)]);
    const [helpful, harmless] = await resolveDatasets(name, opts);
    const all = (d: typeof helpful) => [...d.train, ...d.heldOut];
    assert.deepEqual([helpful.objective, harmless.objective], ['HELPFUL', 'HARMLESS']);
    assert.deepEqual(all(helpful), [{ prompt: '\n\nHuman: Open the door?\n\nAssistant:', chosen: ' Sure, here is how.', rejected: ' I cannot help.' }]);
    assert.deepEqual(all(harmless), [{ prompt: '\n\nHuman: Open the door?\n\nAssistant:', chosen: ' I cannot help.', rejected: ' Sure, here is how.' }]);
    assert.equal((await resolveDataset(`${name}#HARMLESS`, opts)).contentHash, harmless.contentHash);
    // One dataset is asked for, the ref names two.
    await assert.rejects(resolveDataset(name, opts), (err: unknown) => err instanceof BadUserInputError && /say pku\.jsonl#HELPFUL or pku\.jsonl#HARMLESS/.test(err.message));
  });

  it('keeps only PKU pairs that differ in safety, by ref or option: its own id and content hash, held-out pairs a subset of the whole file\'s', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({
      ...pkuRow(`Question ${i}?`, `Answer ${i}.`, `Other answer ${i}.`, (i % 2) as 0 | 1, ((i >> 1) % 2) as 0 | 1),
      is_response_0_safe: i % 3 !== 0,
      is_response_1_safe: i % 5 !== 0,
    }));
    const name = write('pku-labelled.jsonl', rows);
    const full = await resolveDataset(`${name}#HARMLESS`, opts);
    const filtered = await resolveDataset(`${name}#HARMLESS+safety-differs`, opts);
    const differing = rows.filter((r) => r.is_response_0_safe !== r.is_response_1_safe).length;
    assert.equal(filtered.train.length + filtered.heldOut.length, differing);
    assert.deepEqual([filtered.dropped, filtered.dropReasons], [rows.length - differing, { sameSafety: rows.length - differing }]);
    assert.equal(filtered.id, `${join(roots[0], name)}#HARMLESS+safety-differs`);
    assert.match(filtered.source, /only pairs that differ in safety/);
    // Other pairs, so another content hash: no cached result of the whole file can answer for it.
    assert.notEqual(filtered.contentHash, full.contentHash);
    assert.notEqual(filtered.partHashes.heldOut, full.partHashes.heldOut);
    // The split is by prompt, so filtering never moves a pair from train to held-out.
    const heldOut = new Set(full.heldOut.map((p) => p.prompt));
    assert.ok(filtered.heldOut.length > 0 && filtered.heldOut.every((p) => heldOut.has(p.prompt)));
    assert.ok(filtered.train.every((p) => !heldOut.has(p.prompt)));
    // The option asks for the same dataset as the ref; without an objective it filters both.
    assert.equal((await resolveDataset(`${name}#HARMLESS`, { ...opts, safetyDiffers: true })).contentHash, filtered.contentHash);
    const both = await resolveDatasets(`${name}#safety-differs`, opts);
    assert.deepEqual(both.map((d) => d.id.slice(d.id.lastIndexOf('#'))), ['#HELPFUL+safety-differs', '#HARMLESS+safety-differs']);
    assert.equal(both[1].contentHash, filtered.contentHash);
  });

  it('refuses the safety filter on a file that is not PKU-SafeRLHF, a reward benchmark included', async () => {
    const name = write('not-pku.jsonl', [genericRow('P', 'y', 'n')]);
    await assert.rejects(resolveDataset(`${name}#HELPFUL+safety-differs`, opts), (err: unknown) => err instanceof BadUserInputError && /only PKU-SafeRLHF rows carry safety labels/.test(err.message));
    await assert.rejects(resolveDataset(`${name}#HELPFUL`, { ...opts, safetyDiffers: true }), BadUserInputError);
    const benchmark = write('rb-not-pku.jsonl', [{ ...genericRow('P', 'y', 'n'), subset: 'chat' }]);
    await assert.rejects(resolveDatasets(`${benchmark}#safety-differs`, opts), (err: unknown) => err instanceof BadUserInputError && /this rewardbench file/.test(err.message));
  });

  it('takes the objective from the caller when the ref names none, and refuses a conflict', async () => {
    const name = write('caller.jsonl', [genericRow('P', 'y', 'n')]);
    assert.equal((await resolveDataset(name, { ...opts, objective: 'HARMLESS' })).objective, 'HARMLESS');
    await assert.rejects(resolveDataset(`${name}#HELPFUL`, { ...opts, objective: 'HARMLESS' }), BadUserInputError);
  });

  it('refuses an HH or generic file without an objective, naming the file', async () => {
    for (const name of [write('no-obj-hh.jsonl', [hhRow('Q', 'a', 'b')]), write('no-obj-generic.json', [genericRow('P', 'y', 'n')], { array: true })]) {
      await assert.rejects(resolveDatasets(name, opts), (err: unknown) => {
        assert.ok(err instanceof BadUserInputError && err.code === 'BAD_USER_INPUT');
        assert.ok(err.message.includes(`say ${join(roots[0], name)}#HELPFUL or ${join(roots[0], name)}#HARMLESS`), err.message);
        return true;
      });
    }
  });

  it('honours an explicit format, and says which keys it saw when auto-detection fails', async () => {
    const name = write('odd.jsonl', [{ question: 'q', good: 'a', bad: 'b' }]);
    await assert.rejects(resolveDataset(`${name}#HELPFUL`, opts), /odd\.jsonl:1: cannot tell the format from the keys of the first record \(saw: question, good, bad\)/);
    writeFileSync(join(roots[0], 'empty.jsonl'), '');
    await assert.rejects(resolveDataset('empty.jsonl#HELPFUL', opts), /empty\.jsonl: the file holds no records/);
    // The same generic record read as HH: a record of the wrong shape, named by line.
    const generic = write('forced.jsonl', [genericRow('P', 'y', 'n')]);
    const [ds] = await resolveDatasets(`${generic}#HELPFUL`, { ...opts, format: 'hh' });
    assert.deepEqual(ds.dropReasons, { noAssistantTurn: 1 });
    await assert.rejects(resolveDatasets(`${write('forced-pku.jsonl', [genericRow('P', 'y', 'n')])}#HELPFUL`, { ...opts, format: 'pku' }), /forced-pku\.jsonl:1: unexpected record/);
  });

  it('fails on a malformed line with file:line, and on a bad array element with its line and index', async () => {
    const bad = write('bad.jsonl', [genericRow('P', 'y', 'n'), '{"prompt": "P2", "chosen"', genericRow('P3', 'y', 'n')]);
    await assert.rejects(resolveDataset(`${bad}#HELPFUL`, opts), (err: unknown) => {
      assert.ok(err instanceof DataFileError && err instanceof BadUserInputError);
      assert.match(err.message, new RegExp(`^${join(roots[0], bad).replace(/[.]/g, '\\.')}:2: malformed JSON`));
      return true;
    });
    writeFileSync(join(roots[0], 'bad-array.json'), '[\n  {"prompt": "P", "chosen": "y", "rejected": "n"},\n  {"prompt": "P2", "chosen": "y", "rejected": 7}\n]');
    await assert.rejects(resolveDataset('bad-array.json#HELPFUL', opts), /bad-array\.json:3: element \[1\]: unexpected record \(rejected: /);
  });
});

describe('dataset files: prompt form and evaluation-only', () => {
  it('wraps bare prompts HH-style by default (not prompts already in HH form), and keeps them verbatim on request', async () => {
    const name = write('forms.jsonl', [genericRow('Hi there ', 'Hello!', ' Go away.'), genericRow('\n\nHuman: Already\n\nAssistant:', ' Yes', 'No')]);
    const hh = await resolveDataset(`${name}#HELPFUL`, { ...opts, evaluationOnly: true });
    const verbatim = await resolveDataset(`${name}#HELPFUL`, { ...opts, evaluationOnly: true, prompt: 'verbatim' });
    assert.deepEqual(hh.heldOut, [
      { prompt: '\n\nHuman: Hi there\n\nAssistant:', chosen: ' Hello!', rejected: ' Go away.' },
      { prompt: '\n\nHuman: Already\n\nAssistant:', chosen: ' Yes', rejected: ' No' },
    ]);
    assert.deepEqual(verbatim.heldOut, [genericRow('Hi there ', 'Hello!', ' Go away.'), genericRow('\n\nHuman: Already\n\nAssistant:', ' Yes', 'No')]);
    assert.equal(hh.promptForm, 'hh');
    assert.equal(verbatim.promptForm, 'verbatim');
    assert.match(verbatim.source, /prompt verbatim/);
    // The content hash is taken on the formed texts.
    assert.equal(hh.contentHash, pairsHash(hh.heldOut));
    assert.notEqual(hh.contentHash, verbatim.contentHash);
  });

  it('PKU rows kept verbatim', async () => {
    const name = write('pku-verbatim.jsonl', [pkuRow('Q?', 'a', 'b', 1, 0)]);
    const [helpful] = await resolveDatasets(name, { ...opts, prompt: 'verbatim', evaluationOnly: true });
    assert.deepEqual(helpful.heldOut, [{ prompt: 'Q?', chosen: 'b', rejected: 'a' }]);
  });

  it('evaluation-only: a 59-pair file gives 59 held-out pairs and no train pairs', async () => {
    const rows = Array.from({ length: 59 }, (_, i) => genericRow(`Question ${i}?`, `Answer ${i}.`, `Wrong ${i}.`));
    const name = write('eval.jsonl', rows);
    const split = await resolveDataset(`${name}#HELPFUL`, opts);
    const evalOnly = await resolveDataset(`${name}#HELPFUL`, { ...opts, evaluationOnly: true });
    assert.equal(split.evaluationOnly, false);
    assert.ok(split.train.length > 0 && split.heldOut.length > 0 && split.train.length + split.heldOut.length === 59);
    assert.equal(evalOnly.evaluationOnly, true);
    assert.equal(evalOnly.train.length, 0);
    assert.equal(evalOnly.heldOut.length, 59);
    assert.equal(evalOnly.contentHash, split.contentHash);
    assert.deepEqual(evalOnly.partHashes, { train: pairsHash([]), heldOut: evalOnly.contentHash });
    assert.match(evalOnly.source, /evaluation only/);
  });

  it('memoises a load until the file changes', async () => {
    const name = write('memo.jsonl', [genericRow('P1', 'y', 'n')]);
    const first = await resolveDataset(`${name}#HELPFUL`, opts);
    assert.equal(await resolveDataset(`${name}#HELPFUL`, opts), first);
    write(name, [genericRow('P1', 'y', 'n'), genericRow('P2', 'y', 'n')]);
    // A later mtime, even where the clock is coarse.
    utimesSync(join(roots[0], name), new Date(), new Date(Date.now() + 5000));
    const second = await resolveDataset(`${name}#HELPFUL`, opts);
    assert.equal(second.train.length + second.heldOut.length, 2);
  });
});

describe('dataset files: confinement', () => {
  writeFileSync(join(outsideDir, 'secret.jsonl'), JSON.stringify(genericRow('P', 'y', 'n')) + '\n');
  symlinkSync(join(outsideDir, 'secret.jsonl'), join(roots[0], 'link.jsonl'));
  const refusedBy = (folders: readonly string[]) => (err: unknown) => {
    assert.ok(err instanceof BadUserInputError && err.code === 'BAD_USER_INPUT', String(err));
    assert.match(err.message, /is outside the allowed folders: .*RMLENS_DATA_ROOTS/);
    assert.ok(err.message.includes(`allowed folders: ${folders.join(', ')};`), err.message);
    return true;
  };
  const refused = refusedBy(roots);

  it('refuses a file outside the roots: absolute, through `..`, or through a symlink', async () => {
    await assert.rejects(resolveDataset(`${join(outsideDir, 'secret.jsonl')}#HELPFUL`, opts), refused);
    await assert.rejects(resolveDataset('../outside/secret.jsonl#HELPFUL', opts), refused);
    await assert.rejects(resolveDataset('link.jsonl#HELPFUL', opts), refused);
  });

  it('defaults to the configured roots, never the current directory', async () => {
    // The test's cwd is the repository, which is not a configured root.
    await assert.rejects(resolveDataset('package.json#HELPFUL', { base: REPO_ROOT }), refusedBy(loadConfig().dataRoots));
  });

  it('reports a missing file as NOT_FOUND, naming it and the built-in refs', async () => {
    await assert.rejects(resolveDataset('absent.jsonl#HELPFUL', opts), (err: unknown) => {
      assert.ok(err instanceof NotFoundError && err.code === 'NOT_FOUND');
      assert.ok(err.message.includes(`no such file: ${join(roots[0], 'absent.jsonl')}`), err.message);
      assert.match(err.message, /default\/helpful/);
      return true;
    });
  });
});

describe('rmlens data summary FILE', () => {
  const bin = join(REPO_ROOT, 'bin', 'rmlens.js');
  // The CLI reads files under the current directory; RMLENS_DATA_ROOTS is cleared so only that counts.
  const rmlens = (cwd: string, ...args: string[]) =>
    spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, RMLENS_DEVICE: 'cpu', RMLENS_DATA_ROOTS: '' } });
  const work = join(dir, 'cli');
  mkdirSync(work);
  writeFileSync(join(work, 'mine.json'), JSON.stringify(Array.from({ length: 12 }, (_, i) => genericRow(`Q${i}`, `good ${i}`, `bad ${i}`))));

  it('summarises a file from the current directory beside a built-in ref, with --eval and --json', () => {
    const run = rmlens(work, 'data', 'summary', 'mine.json#harmless', 'default/helpful', '--eval', '--prompt', 'verbatim', '--json');
    assert.equal(run.status, 0, run.stderr);
    const [mine, builtIn] = JSON.parse(run.stdout);
    assert.deepEqual(
      { id: mine.id, objective: mine.objective, pairs: mine.pairs, train: mine.train, heldOut: mine.heldOut, evaluationOnly: mine.evaluationOnly, promptForm: mine.promptForm },
      { id: `${join(work, 'mine.json')}#HARMLESS`, objective: 'HARMLESS', pairs: 12, train: 0, heldOut: 12, evaluationOnly: true, promptForm: 'verbatim' },
    );
    // Evaluation-only is a file option: the built-in dataset keeps its split.
    assert.equal(builtIn.evaluationOnly, false);
    assert.ok(builtIn.train > 0);
  });

  it('prints one clear line and exits 1 for a file without an objective, and for one outside the roots', () => {
    const noObjective = rmlens(work, 'data', 'summary', 'mine.json');
    assert.equal(noObjective.status, 1);
    assert.match(noObjective.stderr, /^rmlens: .*mine\.json: a generic file does not say which objective its pairs teach; say .*mine\.json#HELPFUL or .*#HARMLESS\n$/);
    const outside = rmlens(work, 'data', 'summary', '../outside/secret.jsonl#HELPFUL');
    assert.equal(outside.status, 1);
    assert.match(outside.stderr, /^rmlens: \.\.\/outside\/secret\.jsonl \(really .*secret\.jsonl\) is outside the allowed folders: .*\n$/);
  });
});
