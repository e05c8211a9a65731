/**
 * The two web pages, served from the bundle `npm run build:web` writes to web/dist (built by
 * `prepare`, so `npm ci` makes it): the playground at `/`, the dashboard at `/dashboard` and
 * every path under it (its neuron pages route in the browser). A strict Content-Security-Policy
 * keeps them to this origin: nothing loads from a CDN, and a dataset text can never run script.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express, type Response } from 'express';
import { REPO_ROOT } from '../config.ts';

export const WEB_DIST = join(REPO_ROOT, 'web', 'dist');

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // Monaco and Observable Plot set inline styles.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** Mounts the pages and their assets on `app`, or a JSON 503 naming the build command when the bundle is missing. */
export function mountPages(app: Express, dist = WEB_DIST): void {
  const page = (file: string) => (_req: unknown, res: Response) => {
    const path = join(dist, file);
    if (!existsSync(path)) {
      res.status(503).json({ errors: [{ message: 'the web pages are not built: run `npm run build:web`', extensions: { code: 'PAGES_NOT_BUILT' } }] });
      return;
    }
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // The HTML names content-hashed assets: it must be revalidated, the assets never.
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(path);
  };
  app.use('/assets', express.static(join(dist, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: true }));
  app.get('/', page('index.html'));
  app.get(/^\/dashboard(?:\/.*)?$/, page('dashboard.html'));
}
