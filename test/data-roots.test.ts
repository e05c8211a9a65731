import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cliDataRoots, loadConfig } from '../src/config.ts';
import { BadUserInputError, ConfigError, NotFoundError } from '../src/errors.ts';
import { confinePath } from '../src/util/pathRoots.ts';

// realpath: the temp folder itself may sit behind a symlink (macOS /var → /private/var).
const dir = realpathSync(mkdtempSync(join(tmpdir(), 'rmlens-roots-')));
after(() => rmSync(dir, { recursive: true, force: true }));

const data = join(dir, 'data');
const evil = join(dir, 'data-evil');
mkdirSync(join(data, 'sub'), { recursive: true });
mkdirSync(evil);
writeFileSync(join(data, 'sub', 'in.jsonl'), '');
writeFileSync(join(evil, 'out.jsonl'), '');
symlinkSync(join(evil, 'out.jsonl'), join(data, 'link-out.jsonl'));
symlinkSync(join(data, 'sub'), join(dir, 'link-to-sub'));

const refused = (path: string) => (err: unknown) => {
  assert.ok(err instanceof BadUserInputError, String(err));
  assert.equal(err.code, 'BAD_USER_INPUT');
  assert.ok(err.message.includes(path) && err.message.includes(data), err.message);
  return true;
};

describe('confinePath', () => {
  it('returns the real path of a file inside a root, relative to base or absolute', () => {
    const file = join(data, 'sub', 'in.jsonl');
    assert.equal(confinePath('sub/in.jsonl', [data], data), file);
    assert.equal(confinePath(file, [data]), file);
    assert.equal(confinePath('../data/sub/./in.jsonl', [data], evil), file);
    // A symlink that stays inside, and a root reached through a symlink.
    assert.equal(confinePath(join(dir, 'link-to-sub', 'in.jsonl'), [data]), file);
    assert.equal(confinePath('in.jsonl', [join(dir, 'link-to-sub')], join(data, 'sub')), file);
  });

  it('refuses a sibling folder whose name starts with the root name', () => {
    assert.throws(() => confinePath(join(evil, 'out.jsonl'), [data]), refused(join(evil, 'out.jsonl')));
  });

  it('refuses `..` out of a root and a symlink inside a root that points outside', () => {
    assert.throws(() => confinePath('../data-evil/out.jsonl', [data], data), refused('../data-evil/out.jsonl'));
    assert.throws(() => confinePath('link-out.jsonl', [data], data), refused('link-out.jsonl'));
  });

  it('reports a missing file as NOT_FOUND, naming it', () => {
    assert.throws(() => confinePath('sub/absent.jsonl', [data], data), (err: unknown) => {
      assert.ok(err instanceof NotFoundError);
      assert.equal(err.message, `no such file: ${join(data, 'sub', 'absent.jsonl')}`);
      return true;
    });
  });

  it('reports a name too long and a symlink loop as NOT_FOUND, and refuses a NUL byte (never a raw fs error)', () => {
    symlinkSync(join(data, 'loop-b'), join(data, 'loop-a'));
    symlinkSync(join(data, 'loop-a'), join(data, 'loop-b'));
    assert.throws(() => confinePath('x'.repeat(50_000), [data], data), NotFoundError);
    assert.throws(() => confinePath('loop-a', [data], data), NotFoundError);
    assert.throws(() => confinePath('sub/in.jsonl\0.txt', [data], data), BadUserInputError);
  });

  it('ignores roots that do not exist', () => {
    assert.equal(confinePath('sub/in.jsonl', [join(dir, 'nowhere'), data], data), join(data, 'sub', 'in.jsonl'));
    assert.throws(() => confinePath(join(data, 'sub', 'in.jsonl'), [join(dir, 'nowhere')]), BadUserInputError);
  });
});

describe('RMLENS_DATA_ROOTS', () => {
  it('defaults to the data root and the zoo folder; the CLI adds the current directory', () => {
    const c = loadConfig({ RMLENS_DATA_ROOT: '/d', RMLENS_ZOO_DIR: '/z' });
    assert.deepEqual(c.dataRoots, ['/d', '/z']);
    assert.deepEqual(cliDataRoots(c), ['/d', '/z', process.cwd()]);
    assert.deepEqual(loadConfig({ RMLENS_DATA_ROOTS: '' }).dataRoots, [loadConfig({}).dataRoot, loadConfig({}).zooDir]);
  });

  it('splits like PATH and resolves each folder against the current directory', () => {
    assert.deepEqual(loadConfig({ RMLENS_DATA_ROOTS: ['/a', 'rel/b'].join(delimiter) }).dataRoots, ['/a', join(process.cwd(), 'rel', 'b')]);
  });

  it('refuses an empty entry, reported with the other problems at once', () => {
    assert.throws(() => loadConfig({ RMLENS_DATA_ROOTS: `/a${delimiter}${delimiter}/b`, RMLENS_DEVICE: 'tpu' }), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.equal(err.problems.length, 2);
      assert.match(err.message, /RMLENS_DATA_ROOTS: has an empty entry/);
      return true;
    });
  });
});
