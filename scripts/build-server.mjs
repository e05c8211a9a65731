#!/usr/bin/env node
// `npm run build:server` (and so `npm ci`, through `prepare`): compiles src/ into dist/ with tsc
// (tsconfig.build.json), then writes dist/.build-stamp, whose mtime is the moment the build
// started. bin/rmlens.js runs dist/ only while no file or folder under src/ is newer than that
// stamp, so an edit made during or after a build sends it back to the sources (through tsx).
//
// dist/ mirrors src/ at the same depth (src/db/store.ts → dist/db/store.js), so every path a
// module finds from its own import.meta.url (the repository root, package.json, migrations/,
// schema.graphql) is the same from the compiled files.
//
// Usage: node scripts/build-server.mjs [OUT/dist]   (default: ./dist; tests build into a temporary dist)
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = resolve(process.argv[2] ?? join(root, 'dist'));
// The build starts by removing the output folder, so it must be a build's folder and not, say, `.`.
if (basename(out) !== 'dist') {
  process.stderr.write(`build:server: the output folder must be named dist, got ${out}\n`);
  process.exit(2);
}
let tsc;
try {
  tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
} catch {
  // An install without dev dependencies (npm ci --omit=dev) still runs prepare: no compiler, no
  // build, and bin/rmlens.js runs the sources through tsx (a dependency), only slower to start.
  process.stderr.write('build:server: typescript is not installed (dev dependency): no build; the rmlens command will run the sources through tsx\n');
  process.exit(0);
}

const started = new Date();
// A clean build: nothing of a removed source survives, and no stamp exists until tsc succeeded.
rmSync(out, { recursive: true, force: true });
const run = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', out], { stdio: 'inherit' });
if (run.status !== 0) {
  process.stderr.write(`build:server: tsc failed (exit ${run.status ?? run.signal}); no stamp written, so bin/rmlens.js keeps running the sources\n`);
  process.exit(1);
}
mkdirSync(out, { recursive: true });
const stamp = join(out, '.build-stamp');
writeFileSync(stamp, `${started.toISOString()}\n`);
utimesSync(stamp, started, started);
process.stdout.write(`build:server: compiled src/ into ${out} in ${((Date.now() - started.getTime()) / 1000).toFixed(1)} s\n`);
