#!/usr/bin/env node
// `npm run build:web` (and so `npm ci`, through `prepare`): bundles the playground and the
// dashboard into web/dist with Vite (web/vite.config.ts). Vite is a dev dependency: an install
// without dev dependencies builds no pages, and the server answers 503 at `/` and `/dashboard`.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
let vite;
try {
  vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
} catch {
  process.stderr.write('build:web: vite is not installed (dev dependency): no web pages built\n');
  process.exit(0);
}
const run = spawnSync(process.execPath, [vite, 'build', '--config', join(root, 'web', 'vite.config.ts'), '--logLevel', 'warn'], { stdio: 'inherit', cwd: root });
process.exit(run.status ?? 1);
