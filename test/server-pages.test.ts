/**
 * How the server serves the web pages (src/server/pages.ts), on a bundle of its own: the
 * playground at `/`, the dashboard at `/dashboard` and every path under it, hashed assets
 * cached for good, a strict CSP on the pages, and a JSON 503 when the bundle is missing.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import express from 'express';
import { mountPages } from '../src/server/pages.ts';
import { tempDir } from './support/fakeEngine.ts';

async function serve(dist: string): Promise<{ base: string; close: () => Promise<void> }> {
  const app = express();
  mountPages(app, dist);
  app.use((_req, res) => void res.status(404).json({ errors: [{ message: 'no such route', extensions: { code: 'NOT_FOUND' } }] }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function bundle(): string {
  const dist = tempDir('rmlens-pages-');
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>playground</title>');
  writeFileSync(join(dist, 'dashboard.html'), '<!doctype html><title>dashboard</title>');
  writeFileSync(join(dist, 'assets', 'app-abc123.js'), 'console.log(1)');
  return dist;
}

test('the playground at /, the dashboard at /dashboard and under it, each with a CSP to its own origin', async () => {
  const { base, close } = await serve(bundle());
  try {
    for (const [path, title] of [
      ['/', 'playground'],
      ['/dashboard', 'dashboard'],
      ['/dashboard/', 'dashboard'],
      ['/dashboard/neuron/default%2Fhelpful/1/7', 'dashboard'],
      ['/dashboard/neuron', 'dashboard'],
    ]) {
      const response = await fetch(`${base}${path}`);
      assert.equal(response.status, 200, path);
      assert.match(await response.text(), new RegExp(`<title>${title}</title>`), path);
      const csp = response.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'self'/, path);
      assert.match(csp, /script-src 'self'(;|$)/, path);
      assert.match(csp, /connect-src 'self'/, path);
      assert.equal(response.headers.get('cache-control'), 'no-cache', path);
    }
  } finally {
    await close();
  }
});

test('hashed assets are cached for good; unknown paths are still JSON 404s', async () => {
  const { base, close } = await serve(bundle());
  try {
    const asset = await fetch(`${base}/assets/app-abc123.js`);
    assert.equal(asset.status, 200);
    assert.match(asset.headers.get('cache-control') ?? '', /max-age=31536000.*immutable/);
    for (const path of ['/assets/missing.js', '/dashboardx', '/index.html/..%2f..%2fpackage.json', '/assets/..%2f..%2fpackage.json']) {
      const response = await fetch(`${base}${path}`);
      assert.equal(response.status, 404, path);
      assert.equal(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code, 'NOT_FOUND', path);
    }
  } finally {
    await close();
  }
});

test('without a built bundle the pages answer a JSON 503 naming the build command', async () => {
  const { base, close } = await serve(join(tempDir('rmlens-pages-'), 'missing'));
  try {
    for (const path of ['/', '/dashboard']) {
      const response = await fetch(`${base}${path}`);
      assert.equal(response.status, 503);
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      assert.equal(body.errors[0].extensions.code, 'PAGES_NOT_BUILT');
      assert.match(body.errors[0].message, /npm run build:web/);
    }
  } finally {
    await close();
  }
});
