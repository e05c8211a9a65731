/**
 * Dashboard benchmark: a real `rmlens serve` (the quick zoo, or RMLENS_BENCH_ZOO, e.g.
 * zoo/default) over a temporary database, and Debian's Chromium loading `/dashboard` until
 * every view is drawn (each `[data-view]` ready). The first load computes everything the views
 * ask (as jobs the page polls); the next loads read the store: the time to first view and to
 * all views on a warm cache. Timings only, no assertions.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { formatTable } from '../src/util/textTable.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/support/browser.ts';
import { quickZooDir } from '../test/support/quickZoo.ts';
import { startServeProcess } from '../test/support/serveProcess.ts';

/** Warm loads measured after the cold one. */
const WARM_LOADS = Number(process.env.RMLENS_BENCH_LOADS ?? 5);

const zooDir = process.env.RMLENS_BENCH_ZOO ?? (await quickZooDir());
const dir = await mkdtemp(join(tmpdir(), 'rmlens-bench-pages-'));
const server = await startServeProcess({ db: join(dir, 'results.sqlite'), zoo: zooDir });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });

interface Load {
  firstView: number;
  allViews: number;
  views: number;
}

/** Loads the dashboard in a fresh page; milliseconds from navigation to the first and to the last ready view. */
async function load(): Promise<Load> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const started = performance.now();
  await page.goto(`${server.base}/dashboard`);
  await page.locator('[data-view]').first().waitFor();
  await page.locator('[data-view][data-state="ready"]').first().waitFor({ timeout: 30 * 60_000 });
  const firstView = performance.now() - started;
  // A view with nothing to ask (the seeds view with one seed loaded) is 'absent' from the start.
  const drawn = '[data-view]:not([data-state="absent"])';
  await page.waitForFunction((selector) => [...document.querySelectorAll(selector)].every((v) => v.getAttribute('data-state') === 'ready' || v.getAttribute('data-state') === 'error'), drawn, { timeout: 30 * 60_000, polling: 50 });
  const allViews = performance.now() - started;
  const views = await page.locator(drawn).count();
  const failed = await page.locator('[data-view][data-state="error"]').count();
  if (failed > 0) throw new Error(`${failed} views show an error`);
  await page.close();
  return { firstView, allViews, views };
}

try {
  const cold = await load();
  const warm: Load[] = [];
  for (let i = 0; i < WARM_LOADS; i++) warm.push(await load());
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const ms = (x: number) => `${Math.round(x)} ms`;
  process.stdout.write(`dashboard on ${zooDir}: ${cold.views} views\n`);
  process.stdout.write(
    formatTable(
      ['load', 'first view', 'all views'],
      [
        ['cold (empty store: computes as jobs)', ms(cold.firstView), ms(cold.allViews)],
        [`warm, median of ${warm.length}`, ms(median(warm.map((w) => w.firstView))), ms(median(warm.map((w) => w.allViews)))],
        [`warm, best of ${warm.length}`, ms(Math.min(...warm.map((w) => w.firstView))), ms(Math.min(...warm.map((w) => w.allViews)))],
      ],
    ) + '\n',
  );
} finally {
  await browser.close();
  await server.stop();
}
