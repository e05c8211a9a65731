/**
 * The compiled command (npm run build:server → dist/) and bin/rmlens.js's choice between it and
 * the sources. The build goes to a temporary copy of the repository's layout (package.json,
 * migrations/ and node_modules linked in), never to this checkout's dist/, which other tests'
 * `rmlens` processes may be running from.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { REPO_ROOT } from '../src/config.ts';

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'rmlens-build-')));
after(() => rmSync(dir, { recursive: true, force: true }));

const node = (args: string[], cwd: string) => spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, RMLENS_DEVICE: 'cpu' } });

/** Every .js file under `folder`, as paths relative to it. */
function jsFiles(folder: string, prefix = ''): string[] {
  return readdirSync(join(folder, prefix), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? jsFiles(folder, join(prefix, e.name)) : e.name.endsWith('.js') ? [join(prefix, e.name)] : [],
  );
}

describe('compiled build (scripts/build-server.mjs)', () => {
  const root = join(dir, 'repo');
  mkdirSync(root);
  for (const name of ['package.json', 'migrations', 'schema.graphql', 'node_modules']) symlinkSync(join(REPO_ROOT, name), join(root, name));

  it('compiles every source, with no .ts import left, and stamps the build', () => {
    const build = node([join(REPO_ROOT, 'scripts', 'build-server.mjs'), join(root, 'dist')], REPO_ROOT);
    assert.equal(build.status, 0, build.stderr);
    const files = jsFiles(join(root, 'dist'));
    for (const body of ['cli/main.js', 'engine/engineWorker.js', 'train/zooBuildWorker.js', 'db/store.js']) assert.ok(files.includes(body), `dist/${body} missing`);
    for (const file of files) {
      const text = readFileSync(join(root, 'dist', file), 'utf8');
      assert.doesNotMatch(text, /(from|import\()\s*['"]\.{1,2}\/[^'"]*\.ts['"]/, `${file} still imports a .ts file`);
    }
    assert.match(readFileSync(join(root, 'dist', '.build-stamp'), 'utf8'), /^\d{4}-\d\d-\d\dT/);
  });

  it('runs under plain node: usage, the version from package.json, the store with its migrations', () => {
    const main = join(root, 'dist', 'cli', 'main.js');
    const help = node([main, '--help'], dir);
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /^Usage: rmlens \[options\] \[command\]/);
    assert.match(help.stdout, /study \[options\]/);
    const version = node([main, '--version'], dir);
    assert.equal(version.stdout.trim(), (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version);
    const stats = node([main, 'cache', 'stats', '--db', join(dir, 'results.sqlite'), '--json'], dir);
    assert.equal(stats.status, 0, stats.stderr);
    assert.equal((JSON.parse(stats.stdout) as { rows: number }).rows, 0);
  });
});

describe('bin/rmlens.js: the build while it is current, else the sources through tsx', () => {
  // A layout of its own: the real bin, a source main.ts and a compiled main.js that each say which ran.
  const root = join(dir, 'fake');
  mkdirSync(join(root, 'bin'), { recursive: true });
  mkdirSync(join(root, 'src', 'cli'), { recursive: true });
  mkdirSync(join(root, 'dist', 'cli'), { recursive: true });
  copyFileSync(join(REPO_ROOT, 'bin', 'rmlens.js'), join(root, 'bin', 'rmlens.js'));
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'));
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
  // TypeScript syntax, so only tsx can run it.
  writeFileSync(join(root, 'src', 'cli', 'main.ts'), "export async function runCli(argv: string[]): Promise<void> { process.stdout.write(`sources ${argv.slice(2).join(' ')}\\n`); }\n");
  writeFileSync(join(root, 'dist', 'cli', 'main.js'), "export async function runCli(argv) { process.stdout.write(`compiled ${argv.slice(2).join(' ')}\\n`); }\n");
  const stamp = join(root, 'dist', '.build-stamp');
  const t0 = new Date(Date.now() - 3_600_000);
  const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
  const sourcesAt = (when: Date) => {
    for (const path of [join(root, 'src', 'cli', 'main.ts'), join(root, 'src', 'cli'), join(root, 'src')]) utimesSync(path, when, when);
  };
  const ran = () => {
    const run = node([join(root, 'bin', 'rmlens.js'), 'x', '--y'], root);
    assert.equal(run.status, 0, run.stderr);
    return run.stdout.trim();
  };

  it('runs the sources when there is no build stamp (no build, or a failed one)', () => {
    sourcesAt(at(0));
    assert.equal(ran(), 'sources x --y');
  });

  it('runs the build when its stamp is no older than every source', () => {
    sourcesAt(at(0));
    writeFileSync(stamp, 'stamp\n');
    utimesSync(stamp, at(10), at(10));
    assert.equal(ran(), 'compiled x --y');
  });

  it('runs the sources when a source file changed after the build', () => {
    sourcesAt(at(0));
    utimesSync(join(root, 'src', 'cli', 'main.ts'), at(20), at(20));
    assert.equal(ran(), 'sources x --y');
  });

  it('runs the sources when a file was added to (or removed from) a source folder after the build', () => {
    sourcesAt(at(0));
    writeFileSync(join(root, 'src', 'cli', 'added.ts'), 'export {};\n');
    utimesSync(join(root, 'src', 'cli', 'added.ts'), at(0), at(0));
    utimesSync(join(root, 'src', 'cli'), at(20), at(20));
    assert.equal(ran(), 'sources x --y');
  });
});
