import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { loadConfig } from '../src/config.ts';
import { loadGenericJsonl } from '../src/data/genericJsonl.ts';
import { loadHhRlhf, splitTranscript } from '../src/data/hhRlhf.ts';
import { BadUserInputError } from '../src/errors.ts';
import { DataFileError, readRecords } from '../src/data/jsonl.ts';
import { loadPkuSafeRlhf } from '../src/data/pkuSafeRlhf.ts';

const dir = mkdtempSync(join(tmpdir(), 'rmlens-data-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function writeJsonl(name: string, rows: unknown[], gzip = false): string {
  const file = join(dir, name);
  const text = rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';
  writeFileSync(file, gzip ? gzipSync(text) : text);
  return file;
}

describe('record reader: JSON Lines', () => {
  it('reads plain and gzip files with line numbers', async () => {
    for (const gzip of [false, true]) {
      const file = writeJsonl(`ok-${gzip}.jsonl${gzip ? '.gz' : ''}`, [{ a: 1 }, { a: 2 }], gzip);
      const records = [];
      for await (const r of readRecords(file)) records.push(r);
      assert.deepEqual(records, [{ line: 1, value: { a: 1 } }, { line: 2, value: { a: 2 } }]);
    }
  });

  it('names the file and line of a malformed line, in plain and gzip files', async () => {
    for (const gzip of [false, true]) {
      const file = writeJsonl(`bad-${gzip}.jsonl${gzip ? '.gz' : ''}`, [{ chosen: 'a', rejected: 'b' }, '{"chosen": "a", "rej', { chosen: 'c', rejected: 'd' }], gzip);
      await assert.rejects(loadHhRlhf(file), (err: unknown) => {
        assert.ok(err instanceof DataFileError);
        assert.equal(err.file, file);
        assert.equal(err.line, 2);
        assert.match(err.message, new RegExp(`${file.replace(/[.]/g, '\\.')}:2: malformed JSON`));
        return true;
      });
    }
  });

  it('rejects an empty line and a record of the wrong shape, naming the line', async () => {
    const blank = writeJsonl('blank.jsonl', [{ chosen: 'a', rejected: 'b' }, '', { chosen: 'c', rejected: 'd' }]);
    await assert.rejects(loadHhRlhf(blank), /blank\.jsonl:2: empty line/);
    const shape = writeJsonl('shape.jsonl', [{ chosen: 'a', rejected: 'b' }, { chosen: 'a', rejected: 3 }]);
    await assert.rejects(loadHhRlhf(shape), /shape\.jsonl:2: unexpected record \(rejected: /);
  });

  it('names a missing file', async () => {
    await assert.rejects(loadHhRlhf(join(dir, 'absent.jsonl.gz')), /absent\.jsonl\.gz: file not found/);
  });
});

async function records(file: string) {
  const out = [];
  for await (const r of readRecords(file)) out.push(r);
  return out;
}

function writeText(name: string, text: string, gzip = false): string {
  const file = join(dir, name);
  writeFileSync(file, gzip ? gzipSync(text) : text);
  return file;
}

describe('record reader: JSON arrays and edge cases', () => {
  it('reads a JSON array, plain and gzip, with the element index and the line each element starts on', async () => {
    const text = '\n  [\n  {"a": 1, "s": "x,]}\\"y"},\n  {\n    "a": [2, {"b": "]"}]\n  }, 3\n]\n';
    for (const gzip of [false, true]) {
      const file = writeText(`array-${gzip}.json${gzip ? '.gz' : ''}`, text, gzip);
      assert.deepEqual(await records(file), [
        { line: 3, element: 0, value: { a: 1, s: 'x,]}"y' } },
        { line: 4, element: 1, value: { a: [2, { b: ']' }] } },
        { line: 6, element: 2, value: 3 },
      ]);
    }
    assert.deepEqual(await records(writeText('empty-array.json', ' [ ] ')), []);
  });

  it('names the file, line and element of a bad element', async () => {
    const bad = writeText('array-bad.json', '[\n{"chosen": "a", "rejected": "b"},\n{"chosen": "a" "rejected": "b"}\n]');
    await assert.rejects(loadHhRlhf(bad), /array-bad\.json:3: element \[1\]: malformed JSON/);
    const shape = writeText('array-shape.json', '[{"chosen": "a", "rejected": "b"},\n {"chosen": 1, "rejected": "b"}]');
    await assert.rejects(loadHhRlhf(shape), /array-shape\.json:2: element \[1\]: unexpected record \(chosen: /);
    await assert.rejects(records(writeText('array-comma.json', '[1,\n2,\n]')), /array-comma\.json:3: element \[2\]: empty element/);
    await assert.rejects(records(writeText('array-open.json', '[1,\n{"a": 2}')), /array-open\.json:2: the JSON array is not closed/);
    await assert.rejects(records(writeText('array-tail.json', '[1]\n\n{"a": 2}')), /array-tail\.json:3: text after the closing `\]`/);
  });

  it('is a BAD_USER_INPUT error', async () => {
    await assert.rejects(records(writeText('bad.jsonl', '{')), (err: unknown) => err instanceof DataFileError && err instanceof BadUserInputError && err.code === 'BAD_USER_INPUT');
  });

  it('reads CRLF lines, a BOM, a last line without newline, and multi-byte text across chunks', async () => {
    const long = '\u00e9\u{1F600}'.repeat(40_000);
    const file = writeText('crlf.jsonl', `\ufeff{"a":1}\r\n${JSON.stringify({ long })}\r\n{"a":3}`);
    assert.deepEqual(await records(file), [{ line: 1, value: { a: 1 } }, { line: 2, value: { long } }, { line: 3, value: { a: 3 } }]);
  });
});

describe('HH-RLHF loader', () => {
  it('splits at the last Assistant marker, keeping the response verbatim', () => {
    const t = '\n\nHuman: Hi\n\nAssistant: Hello!\n\nHuman: How are you?\n\nAssistant: Fine, thanks.';
    assert.deepEqual(splitTranscript(t), {
      prompt: '\n\nHuman: Hi\n\nAssistant: Hello!\n\nHuman: How are you?\n\nAssistant:',
      response: ' Fine, thanks.',
    });
    assert.equal(splitTranscript('\n\nHuman: no answer'), null);
  });

  it('drops identical pairs and pairs whose prompts differ, counting each reason', async () => {
    const p = '\n\nHuman: Q?\n\nAssistant:';
    const file = writeJsonl('hh.jsonl.gz', [
      { chosen: `${p} good`, rejected: `${p} bad` },
      { chosen: `${p} same`, rejected: `${p} same` },
      { chosen: `${p} good`, rejected: '\n\nHuman: Other?\n\nAssistant: bad' },
      { chosen: '\n\nHuman: no marker', rejected: '\n\nHuman: none' },
    ], true);
    const loaded = await loadHhRlhf(file);
    assert.deepEqual(loaded.pairs, [{ prompt: p, chosen: ' good', rejected: ' bad' }]);
    assert.equal(loaded.dropped, 3);
    assert.deepEqual(loaded.dropReasons, { identical: 1, promptMismatch: 1, noAssistantTurn: 1 });
  });

  // Record counts from ../shared/data/hh-rlhf/PROVENANCE.md.
  const provenance = { 'helpful-base': [2354, 2], 'helpful-online': [1137, 2], 'helpful-rejection-sampled': [2749, 32], 'harmless-base': [2312, 0] } as const;
  const root = loadConfig().dataRoot;
  for (const [split, [records, identical]] of Object.entries(provenance)) {
    const file = join(root, 'hh-rlhf', split, 'test.jsonl.gz');
    it(`loads the real ${split} file: pairs = PROVENANCE count − dropped`, { skip: existsSync(file) ? false : `no HH-RLHF data at ${file}` }, async () => {
      const loaded = await loadHhRlhf(file);
      assert.equal(loaded.pairs.length + loaded.dropped, records);
      assert.equal(loaded.dropReasons.identical ?? 0, identical);
      // Transcripts that differ before their last Assistant turn, counted when this loader was written.
      assert.ok(loaded.dropped - identical <= 10, `unexpected number of prompt mismatches: ${loaded.dropped - identical}`);
      for (const pair of loaded.pairs) {
        assert.ok(pair.prompt.endsWith('\n\nAssistant:'));
        assert.notEqual(pair.chosen, pair.rejected);
      }
    });
  }
});

describe('PKU-SafeRLHF loader', () => {
  it('makes a HELPFUL set from better_response_id and a HARMLESS set from safer_response_id on the same prompts', async () => {
    const file = writeJsonl('pku.jsonl', [
      { prompt: 'How do I pick a strong password?', response_0: 'Use a long passphrase.', response_1: 'Use your birthday.', better_response_id: 0, safer_response_id: 0, is_response_0_safe: true },
      { prompt: ' How do I get into my neighbour\'s wifi? ', response_0: 'Guess their password.', response_1: 'Ask them to share it.', better_response_id: 0, safer_response_id: 1 },
      { prompt: 'Same?', response_0: 'Same.', response_1: ' Same. ', better_response_id: 1, safer_response_id: 0 },
    ]);
    const { HELPFUL, HARMLESS } = await loadPkuSafeRlhf(file, 'hh');
    assert.deepEqual(HELPFUL.pairs, [
      { prompt: '\n\nHuman: How do I pick a strong password?\n\nAssistant:', chosen: ' Use a long passphrase.', rejected: ' Use your birthday.' },
      { prompt: "\n\nHuman: How do I get into my neighbour's wifi?\n\nAssistant:", chosen: ' Guess their password.', rejected: ' Ask them to share it.' },
    ]);
    assert.deepEqual(HARMLESS.pairs, [
      HELPFUL.pairs[0],
      { prompt: "\n\nHuman: How do I get into my neighbour's wifi?\n\nAssistant:", chosen: ' Ask them to share it.', rejected: ' Guess their password.' },
    ]);
    assert.deepEqual([HELPFUL.dropped, HARMLESS.dropped], [1, 1]);
  });

  it('keeps only rows whose responses differ in safety when asked, dropping the rest from both objectives', async () => {
    const row = (q: string, safe0: boolean | undefined, safe1: boolean | undefined) => ({
      prompt: q, response_0: `first ${q}`, response_1: `second ${q}`, better_response_id: 0, safer_response_id: 1, is_response_0_safe: safe0, is_response_1_safe: safe1,
    });
    const file = writeJsonl('pku-safety.jsonl', [row('A', true, false), row('B', true, true), row('C', false, false), row('D', false, true)]);
    const all = await loadPkuSafeRlhf(file, 'verbatim');
    assert.deepEqual([all.HELPFUL.pairs.length, all.HARMLESS.pairs.length], [4, 4]);
    const differing = await loadPkuSafeRlhf(file, 'verbatim', { safetyDiffers: true });
    for (const objective of ['HELPFUL', 'HARMLESS'] as const) {
      assert.deepEqual(differing[objective].pairs.map((p) => p.prompt), ['A', 'D']);
      assert.deepEqual([differing[objective].dropped, differing[objective].dropReasons], [2, { sameSafety: 2 }]);
    }
    assert.deepEqual(differing.HARMLESS.pairs[0], { prompt: 'A', chosen: 'second A', rejected: 'first A' });
    // Without both labels the filter cannot tell: an error naming the line and the field, not a silent keep or drop.
    const unlabelled = writeJsonl('pku-unlabelled.jsonl', [row('A', true, false), row('B', true, undefined)]);
    await assert.rejects(loadPkuSafeRlhf(unlabelled, 'hh', { safetyDiffers: true }), /pku-unlabelled\.jsonl:2: unexpected record \(is_response_1_safe: must be true or false/);
    assert.equal((await loadPkuSafeRlhf(unlabelled, 'hh')).HELPFUL.pairs.length, 2);
  });

  it('rejects a response id other than 0 or 1, naming the line', async () => {
    const file = writeJsonl('pku-bad.jsonl', [{ prompt: 'p', response_0: 'a', response_1: 'b', better_response_id: 2, safer_response_id: 0 }]);
    await assert.rejects(loadPkuSafeRlhf(file, 'hh'), /pku-bad\.jsonl:1: unexpected record \(better_response_id: must be 0 or 1\)/);
  });
});

describe('generic JSONL loader', () => {
  it('reads {prompt, chosen, rejected} verbatim and drops chosen == rejected', async () => {
    const file = writeJsonl('generic.jsonl.gz', [
      { prompt: 'P1', chosen: 'yes', rejected: 'no', extra: 1 },
      { prompt: 'P2', chosen: 'x', rejected: 'x' },
    ], true);
    assert.deepEqual(await loadGenericJsonl(file, 'verbatim'), { pairs: [{ prompt: 'P1', chosen: 'yes', rejected: 'no' }], dropped: 1, dropReasons: { identical: 1 } });
  });
});
