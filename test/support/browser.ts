/**
 * Browser tests' world: a real `rmlens serve` on the `--quick` zoo and Debian's Chromium driven
 * by playwright-core (no browser download: CI installs the `chromium` package). Every page it
 * opens records the requests that failed or left the server's origin, so a test can assert the
 * pages are self-contained. Screenshots go to test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO_ROOT } from '../../src/config.ts';
import { quickZooDir } from './quickZoo.ts';
import { startServeProcess, type ServeProcess } from './serveProcess.ts';

/** Debian's Chromium, or CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-output', 'screenshots');

/** The flags this machine's closed network needs: no background connections, no sandbox as root. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A page and what it asked the network for. */
export interface TrackedPage {
  page: Page;
  /** Requests to any origin but the server's. */
  external: string[];
  /** Requests that failed, and responses with status ≥ 400 (`<status> <url>`). */
  failed: string[];
  /** Uncaught page errors and console errors. */
  errors: string[];
}

export interface BrowserWorld {
  server: ServeProcess;
  browser: Browser;
  open(path: string, options?: { width?: number; height?: number }): Promise<TrackedPage>;
  /** Saves a screenshot of `target` (a page or one element) as `<name>.png`; returns its path. */
  screenshot(target: Page | ReturnType<Page['locator']>, name: string): Promise<string>;
  /** Screenshots one dashboard view alone (the sticky controls bar would cover its top once scrolled to). */
  screenshotView(page: Page, id: string, name: string): Promise<string>;
  close(): Promise<void>;
}

export interface BrowserWorldOptions {
  /** Extra server environment (e.g. RMLENS_TOKEN, RMLENS_DATA_ROOTS). */
  env?: Record<string, string>;
  /** Results database; default a fresh one. */
  db?: string;
  /** Zoo folders served after the quick zoo (e.g. its other seeds). */
  moreZoos?: string[];
}

export async function startBrowserWorld(options: BrowserWorldOptions = {}): Promise<BrowserWorld> {
  const db = options.db ?? join(mkdtempSync(join(tmpdir(), 'rmlens-web-')), 'results.sqlite');
  // Generous budget: views may compute as jobs, which the pages poll; none of that is timed here.
  const server = await startServeProcess({ db, zoo: [await quickZooDir(), ...(options.moreZoos ?? [])], env: { RMLENS_REQUEST_BUDGET_MS: '1500', ...options.env } });
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  } catch (error) {
    await server.stop();
    throw new Error(`Chromium did not start from ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH): ${(error as Error).message}`);
  }
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const world: BrowserWorld = {
    server,
    browser,
    async open(path, size = {}) {
      const page = await browser.newPage({ viewport: { width: size.width ?? 1280, height: size.height ?? 900 } });
      const tracked: TrackedPage = { page, external: [], failed: [], errors: [] };
      const origin = server.base;
      page.on('request', (r) => {
        const url = r.url();
        if (!url.startsWith(`${origin}/`) && !url.startsWith('data:') && !url.startsWith('blob:')) tracked.external.push(url);
      });
      page.on('requestfailed', (r) => tracked.failed.push(`${r.failure()?.errorText ?? 'failed'} ${r.url()}`));
      page.on('response', (r) => {
        if (r.status() >= 400) tracked.failed.push(`${r.status()} ${r.url()}`);
      });
      page.on('pageerror', (e) => tracked.errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') tracked.errors.push(m.text());
      });
      await page.goto(`${origin}${path}`);
      return tracked;
    },
    async screenshot(target, name) {
      const path = join(SCREENSHOT_DIR, `${name}.png`);
      // A page is shot whole, below the fold too; an element as it is.
      if ('goto' in target) await target.screenshot({ path, fullPage: true });
      else await target.screenshot({ path });
      return path;
    },
    async screenshotView(page, id, name) {
      await page.addStyleTag({ content: '.controls { position: static !important; }' });
      return world.screenshot(page.locator(`[data-view="${id}"]`), name);
    },
    async close() {
      await browser.close();
      await server.stop();
    },
  };
  return world;
}

/**
 * The page asked nothing outside the server, no request failed and no error was logged. With
 * `abandoned`, requests the page aborted itself are allowed: a control change abandons the
 * previous question's requests still in flight.
 */
export function assertSelfContained({ external, failed, errors }: TrackedPage, { abandoned = false } = {}): void {
  assert.deepEqual(external, [], 'requests outside the server');
  assert.deepEqual(abandoned ? failed.filter((f) => !f.startsWith('net::ERR_ABORTED ')) : failed, [], 'failed requests');
  assert.deepEqual(errors, [], 'page errors');
}

/** Waits until the dashboard view `id` is ready (its job DONE and drawn) or shows an error. */
export async function viewSettled(page: Page, id: string, timeoutMs = 240_000): Promise<'ready' | 'error'> {
  const view = page.locator(`[data-view="${id}"]`);
  await view.and(page.locator('[data-state="ready"], [data-state="error"]')).waitFor({ timeout: timeoutMs });
  return (await view.getAttribute('data-state')) as 'ready' | 'error';
}

/** The data of every traced mark in a view (see web/src/dashboard/PlotFigure.tsx). */
export async function marksOf(page: Page, id: string, selector = ''): Promise<Record<string, unknown>[]> {
  const raw = await page.locator(`[data-view="${id}"] ${selector} [data-datum]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-datum')!));
  return raw.map((s) => JSON.parse(s) as Record<string, unknown>);
}

/** POSTs a GraphQL query to the server (no job protocol: use for answers already cached by the page). */
export async function graphql<T>(server: ServeProcess, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(`GraphQL error: ${body.errors[0].message}`);
  return body.data as T;
}
