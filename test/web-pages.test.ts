/**
 * The pages in a real browser: the playground at `/` (GraphiQL, its examples, the token field)
 * and the dashboard's frame and tension view at `/dashboard`, on the `--quick` zoo. The other
 * views have files of their own (web-*.test.ts).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { CHROMIUM_PATH, graphql, marksOf, startBrowserWorld, viewSettled, type BrowserWorld } from './support/browser.ts';

let world: BrowserWorld;
before(async () => {
  world = await startBrowserWorld();
});
after(async () => {
  await world?.close();
});

test('playwright-core is paired with the Chromium Debian ships', () => {
  const browsers = JSON.parse(readFileSync(join(dirname(createRequire(import.meta.url).resolve('playwright-core/package.json')), 'browsers.json'), 'utf8')) as { browsers: { name: string; browserVersion: string }[] };
  const expected = Number(browsers.browsers.find((b) => b.name === 'chromium')!.browserVersion.split('.')[0]);
  const installed = Number(/Chromium (\d+)\./.exec(execFileSync(CHROMIUM_PATH, ['--version'], { encoding: 'utf8' }))?.[1]);
  // Playwright drives the browser over CDP: a browser older than its own may lack methods it
  // calls; a newer one keeps the protocol for a good while. Bump the pin when Debian moves on.
  assert.ok(installed >= expected && installed - expected <= 4, `Chromium ${installed} against playwright-core's ${expected}: pin playwright-core to the release built for Chromium ${installed}`);
});

test('the playground loads from the server alone and runs an example query', async () => {
  const { page, external, failed, errors } = await world.open('/');
  await page.getByRole('button', { name: 'Overlap' }).click();
  await page.waitForFunction(() => document.querySelector('.graphiql-query-editor')?.textContent?.includes('overlap('));
  await page.locator('.graphiql-execute-button').click();
  // The result pane shows the server's answer for the same query.
  await page.locator('.graphiql-response').getByText('"jaccard"').waitFor({ timeout: 120_000 });
  // Monaco renders spaces as no-break spaces.
  const shown = (await page.locator('.graphiql-response').innerText()).replaceAll('\u00a0', ' ');
  assert.match(shown, /"expectedShared": [\d.]+/);
  assert.doesNotMatch(shown, /"errors"/);
  await world.screenshot(page, 'playground');
  // GraphiQL's schema docs come from introspection of this server.
  await page.getByRole('button', { name: /Show Documentation Explorer/i }).click();
  await page.getByText('Root Types').waitFor();
  assert.deepEqual(external, [], 'requests outside the server');
  assert.deepEqual(failed, [], 'failed requests');
  assert.deepEqual(errors, [], 'page errors');
  await page.close();
});

test('the playground links the dashboard and has no token field when the server needs none', async () => {
  const { page } = await world.open('/');
  await page.getByRole('button', { name: 'Tension table' }).waitFor();
  assert.equal(await page.getByRole('link', { name: /Dashboard/ }).getAttribute('href'), '/dashboard');
  assert.equal(await page.getByLabel('Token').count(), 0);
  await page.close();
});

test('the dashboard loads from the server alone; the tension heatmap has one cell per API row', async () => {
  const { page, external, failed, errors } = await world.open('/dashboard');
  assert.equal(await viewSettled(page, 'tension'), 'ready');
  const { tension } = await graphql<{ tension: { rows: { model: { id: string }; dataset: { id: string }; evaluation: { accuracy: number } }[] } }>(
    world.server,
    '{ tension { rows { model { id } dataset { id } evaluation { accuracy } } } }',
  );
  // The model cells (the length rule's row is checked in web-study-views.test.ts).
  const cells = (await marksOf(page, 'tension', '.plot')).filter((c) => 'model' in c);
  assert.ok(tension.rows.length > 0);
  assert.deepEqual(
    cells.sort(byKey),
    tension.rows.map((r) => ({ model: r.model.id, dataset: r.dataset.id, accuracy: r.evaluation.accuracy })).sort(byKey),
  );
  await world.screenshot(page.locator('[data-view="tension"]'), 'dashboard-tension');
  assert.deepEqual(external, []);
  assert.deepEqual(failed, []);
  assert.deepEqual(errors, []);
  await page.close();
});

for (const [width, height] of [
  [1280, 800],
  [1440, 900],
]) {
  test(`every view of the dashboard draws marks once its data is in, at ${width}×${height} without sideways scrolling`, async () => {
    const { page } = await world.open('/dashboard', { width, height });
    await page.locator('[data-view]').first().waitFor();
    const views = await page.locator('[data-view]').evaluateAll((all) => all.map((v) => ({ id: v.getAttribute('data-view')!, state: v.getAttribute('data-state') })));
    // One zoo loaded: the seeds view has nothing to ask and says how to load more seeds (web-seeds tests it with two).
    assert.deepEqual(views.filter((v) => v.state === 'absent').map((v) => v.id), ['seeds']);
    const ids = views.filter((v) => v.state !== 'absent').map((v) => v.id);
    assert.ok(ids.length >= 1);
    for (const id of ids) {
      assert.equal(await viewSettled(page, id), 'ready', `view ${id}`);
      // A view whose job is DONE but that draws nothing is a broken view, not an empty result.
      assert.ok((await marksOf(page, id)).length > 0, `view ${id} drew no marks`);
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px at ${width} px`);
    if (width === 1280) await world.screenshot(page, 'dashboard');
    await page.close();
  });
}

test('a view exports its rows as CSV', async () => {
  const { page } = await world.open('/dashboard');
  await viewSettled(page, 'tension');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-view="tension"]').getByRole('button', { name: 'CSV' }).click()]);
  const csv = readFileSync((await download.path())!, 'utf8').trim().split('\n');
  assert.equal(download.suggestedFilename(), 'tension.csv');
  assert.match(csv[0], /^kind,model,objective,dataset,datasetObjective,accuracy,accuracyLow,accuracyHigh,meanMargin,pairs,/);
  // A row per heatmap cell (models and the length rule) and per transferability row.
  assert.equal(csv.length - 1, (await marksOf(page, 'tension', '.plot')).length + (await marksOf(page, 'tension', 'table.transferability')).length);
  await page.close();
});

test('a view exports its plot as SVG: the plot, not its colour legend', async () => {
  const { page } = await world.open('/dashboard');
  await viewSettled(page, 'tension');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-view="tension"]').getByRole('button', { name: 'SVG' }).click()]);
  const svg = readFileSync((await download.path())!, 'utf8');
  assert.equal(download.suggestedFilename(), 'tension.svg');
  assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.equal(svg.match(/data-datum=/g)?.length, (await marksOf(page, 'tension', '.plot')).length);
  await page.close();
});

const byKey = (a: Record<string, unknown>, b: Record<string, unknown>) => JSON.stringify(a).localeCompare(JSON.stringify(b));
