/**
 * The dashboard's seeds view in a real browser, on a server that loads two `--quick` zoos of one
 * data (seeds 1 and 2): it runs the study in each seed only when asked, then lists every claimed
 * figure with its per-seed values, mean and "holds in" count, and plots each seed's interference
 * and ablations, all as `Query.seedSummary` gives them (asked again here, from the store).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertSelfContained, graphql, marksOf, startBrowserWorld, viewSettled, type BrowserWorld } from './support/browser.ts';
import { quickSeedZooDir } from './support/quickZoo.ts';

let world: BrowserWorld;
before(async () => {
  world = await startBrowserWorld({ moreZoos: [await quickSeedZooDir(2)] });
});
after(async () => {
  await world?.close();
});

interface Finding {
  kind: string;
  label: string;
  role: string | null;
  region: number | null;
  claim: string | null;
  holds: boolean[] | null;
  holdsIn: number | null;
  stats: { measure: string; values: (number | null)[]; mean: number | null }[];
}

// The dashboard's own question: its default datasets and method, top-p% and the URL's controls.
const SUMMARY = /* GraphQL */ `query ($helpful: ID!, $harmless: ID!) {
  seedSummary(zoos: ["default", "default-seed2"], helpful: $helpful, harmless: $harmless, method: CONTRAST, topPercent: 5, controls: 2) {
    zoos findings { kind label role region claim holds holdsIn stats { measure values mean } }
  }
}`;

test('the seeds view runs the study in each loaded seed on request and shows each figure per seed, its mean and the seeds its claim holds in, as the API does', { timeout: 900_000 }, async () => {
  const tracked = await world.open('/dashboard?controls=2');
  const { page } = tracked;
  const view = page.locator('[data-view="seeds"]');
  await view.waitFor();
  assert.match((await view.locator('h2').textContent())!, /in each of 2 zoos \(default, default-seed2\)/);
  // Nothing is computed until asked: no table yet.
  assert.equal(await view.locator('table').count(), 0);
  await view.getByRole('button', { name: 'Run the study in each seed' }).click();
  await view.locator('table[aria-label="figures over seeds"]').waitFor({ timeout: 850_000 });
  assert.equal(await viewSettled(page, 'seeds'), 'ready');

  const datasets = await graphql<{ datasets: { id: string; objective: string }[] }>(world.server, '{ datasets { id objective } }');
  const helpful = datasets.datasets.find((d) => d.id.startsWith('default/') && d.objective === 'HELPFUL')!.id;
  const harmless = datasets.datasets.find((d) => d.id.startsWith('default/') && d.objective === 'HARMLESS')!.id;
  const { seedSummary } = await graphql<{ seedSummary: { zoos: string[]; findings: Finding[] } }>(world.server, SUMMARY, { helpful, harmless });
  assert.deepEqual(seedSummary.zoos, ['default', 'default-seed2']);

  // The table: every figure that makes a claim, with its headline's mean and holds-in count.
  const claimed = seedSummary.findings.filter((f) => f.claim !== null);
  const rows = await view.locator('tr[data-finding]').evaluateAll((els) => els.map((e) => JSON.parse(e.getAttribute('data-finding')!)));
  assert.deepEqual(rows, claimed.map((f) => ({ kind: f.kind, label: f.label, holdsIn: f.holdsIn, mean: f.stats[0].mean })));
  // Each row's seed cells: the headline values, bold where the claim holds in that seed; then holds in k of 2.
  const shown = await view.locator('tr[data-finding]').evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => ({ text: td.textContent, holds: td.classList.contains('holds') }))),
  );
  const text = (v: number | null) => (v === null ? '—' : Number.isInteger(v) ? String(v) : v.toFixed(3));
  assert.deepEqual(
    shown.map((cells) => [...cells.slice(0, 2), cells[3]]),
    claimed.map((f) => [...f.stats[0].values.map((v, i) => ({ text: text(v), holds: f.holds![i] })), { text: `${f.holdsIn} of 2`, holds: false }]),
  );

  // The plot: one dot per seed for the interference and for every whole-set ablation in the ablated (mixed) RM.
  const plotted = seedSummary.findings.filter((f) => f.kind === 'INTERFERENCE' || (f.kind === 'ABLATION' && f.region === null && f.role === 'mixed'));
  assert.ok(plotted.some((f) => f.kind === 'ABLATION'));
  const dots = plotted.flatMap((f) => f.stats[0].values.flatMap((value, i) => (value === null ? [] : [{ label: f.label, zoo: seedSummary.zoos[i], value, holds: f.holds?.[i] ?? null }])));
  const byKey = (a: Record<string, unknown>, b: Record<string, unknown>) => JSON.stringify(a).localeCompare(JSON.stringify(b));
  assert.deepEqual([...(await marksOf(page, 'seeds', '.plot'))].sort(byKey), [...dots].sort(byKey));

  // Another kind of figure: the three-way overlap's three rows.
  await view.locator('select[name="figures"]').selectOption('THREE_WAY');
  assert.deepEqual(
    await view.locator('tr[data-finding]').evaluateAll((els) => els.map((e) => JSON.parse(e.getAttribute('data-finding')!).label)),
    seedSummary.findings.filter((f) => f.kind === 'THREE_WAY').map((f) => f.label),
  );
  await world.screenshotView(page, 'seeds', 'dashboard-seeds');
  assertSelfContained(tracked);
  await page.close();
});
