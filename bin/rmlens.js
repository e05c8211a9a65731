#!/usr/bin/env node
// The installed `rmlens` command. It runs the compiled build in dist/ (`npm run build:server`,
// which `npm ci` runs through `prepare`) while that build is current: its stamp
// (dist/.build-stamp, dated when the build started) is no older than every file and folder
// under src/. Otherwise (no build, a failed one, or a source edited since) it registers tsx and
// runs the TypeScript sources, as development and the tests do. The check stats src/ on every
// start (about 120 entries, ~2 ms).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The newest mtime under `dir`, the folder itself included (a folder's changes when an entry is added, removed or renamed). */
function newestMtime(dir) {
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Whether dist/ holds a finished build no older than the sources. */
function buildIsCurrent() {
  let stamp;
  try {
    stamp = statSync(join(root, 'dist', '.build-stamp')).mtimeMs;
  } catch {
    return false;
  }
  return stamp >= newestMtime(join(root, 'src'));
}

let main;
if (buildIsCurrent()) {
  main = join(root, 'dist', 'cli', 'main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  main = join(root, 'src', 'cli', 'main.ts');
}
const { runCli } = await import(pathToFileURL(main).href);
await runCli(process.argv);
