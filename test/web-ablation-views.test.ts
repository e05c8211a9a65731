/**
 * The dashboard's ablation views in a real browser, on the `--quick` zoo: the ablations (ONLY
 * each objective, SHARED, ALL on both held-out datasets, with CIs and random-control bands), the
 * p-sweep (with RANDOM matched controls per point) and the SHARED-α frontier. Each plot's marks
 * equal the API's rows for the same query, asked after the page made the server compute them
 * (so the answers come from the store); the ablation mode and controls count change the view.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { assertSelfContained, graphql, marksOf, startBrowserWorld, viewSettled, type BrowserWorld } from './support/browser.ts';
import type { AblationEffect } from '../web/src/shared/ablationEffect.ts';

let world: BrowserWorld;
before(async () => {
  world = await startBrowserWorld();
});
after(async () => {
  await world?.close();
});

/** The study the page's controls show: the ids and selection it asks the API about. */
async function studyOf(page: Page) {
  const value = (name: string) => page.locator(`.controls [name="${name}"]`).inputValue();
  const [model, helpfulModel, harmlessModel, helpfulDataset, harmlessDataset, method, topPercent, mode, controls] = await Promise.all(
    ['model', 'helpfulModel', 'harmlessModel', 'helpfulDataset', 'harmlessDataset', 'method', 'topPercent', 'mode', 'controls'].map(value),
  );
  return {
    model,
    helpfulDataset,
    harmlessDataset,
    helpful: { model: helpfulModel, dataset: helpfulDataset, method, topPercent: Number(topPercent) },
    harmless: { model: harmlessModel, dataset: harmlessDataset, method, topPercent: Number(topPercent) },
    mode,
    controls: Number(controls),
  };
}

type Study = Awaited<ReturnType<typeof studyOf>>;



/** Waits until view `id` is ready again with marks other than `before` (a control changed it). */
async function marksChanged(page: Page, id: string, before: Record<string, unknown>[]) {
  await page.waitForFunction(
    ({ id, before }) => {
      const view = document.querySelector(`[data-view="${id}"]`) as HTMLElement | null;
      if (view?.dataset.state === 'error') return true;
      if (view?.dataset.state !== 'ready') return false;
      return JSON.stringify([...view.querySelectorAll('[data-datum]')].map((e) => JSON.parse(e.getAttribute('data-datum')!))) !== before;
    },
    { id, before: JSON.stringify(before) },
    { timeout: 600_000, polling: 250 },
  );
  assert.equal(await page.locator(`[data-view="${id}"]`).getAttribute('data-state'), 'ready');
}

const sorted = (rows: Record<string, unknown>[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

// ---------------------------------------------------------------------------------------------
// Ablations

const ABLATION_QUERY = `
  query ($model: ID!, $dataset: ID!, $helpful: NeuronSelectionInput!, $harmless: NeuronSelectionInput!, $mode: AblationMode!, $controls: Int!) {
    onlyHelpful: ablation(model: $model, dataset: $dataset, mode: $mode, controls: $controls, set: { kind: ONLY, of: HELPFUL, helpful: $helpful, harmless: $harmless }) { ...E }
    onlyHarmless: ablation(model: $model, dataset: $dataset, mode: $mode, controls: $controls, set: { kind: ONLY, of: HARMLESS, helpful: $helpful, harmless: $harmless }) { ...E }
    shared: ablation(model: $model, dataset: $dataset, mode: $mode, controls: $controls, set: { kind: SHARED, helpful: $helpful, harmless: $harmless }) { ...E }
    all: ablation(model: $model, dataset: $dataset, mode: $mode, controls: 0, set: { kind: ALL }) { ...E }
  }
  fragment E on Ablation { neurons pairs baselineAccuracy accuracy deltaAccuracy deltaLow deltaHigh controls controlMeanDelta controlStdDelta zScore }
`;

const SET_LABELS = { onlyHelpful: 'ONLY helpful', onlyHarmless: 'ONLY harmless', shared: 'SHARED', all: 'ALL' } as const;

/** The API's ablation rows for the page's study, one per set and held-out dataset. */
async function apiAblations(study: Study) {
  const rows: (AblationEffect & { set: string; dataset: string })[] = [];
  for (const dataset of [study.helpfulDataset, study.harmlessDataset]) {
    const answer = await graphql<Record<keyof typeof SET_LABELS, AblationEffect>>(world.server, ABLATION_QUERY, {
      model: study.model,
      dataset,
      helpful: study.helpful,
      harmless: study.harmless,
      mode: study.mode,
      controls: study.controls,
    });
    for (const [alias, set] of Object.entries(SET_LABELS)) rows.push({ set, dataset, ...answer[alias as keyof typeof SET_LABELS] });
  }
  return rows;
}

/** The ablation view's marks, by kind, against what the API rows say each should be. */
async function assertAblationMarks(page: Page, study: Study) {
  const rows = await apiAblations(study);
  assert.equal(rows.length, 8);
  const control = (r: (typeof rows)[number]) => ({ set: r.set, dataset: r.dataset, controls: r.controls, controlMeanDelta: r.controlMeanDelta, controlStdDelta: r.controlStdDelta });
  const expected = {
    dot: rows.map((r) => ({ set: r.set, dataset: r.dataset, neurons: r.neurons, pairs: r.pairs, baselineAccuracy: r.baselineAccuracy, accuracy: r.accuracy, deltaAccuracy: r.deltaAccuracy, zScore: r.zScore })),
    rule: rows.map((r) => ({ set: r.set, dataset: r.dataset, deltaLow: r.deltaLow, deltaHigh: r.deltaHigh })),
    bar: rows.filter((r) => r.controlMeanDelta !== null && r.controlStdDelta !== null).map(control),
    tick: rows.filter((r) => r.controlMeanDelta !== null).map(control),
  };
  for (const [mark, want] of Object.entries(expected)) {
    assert.deepEqual(sorted(await marksOf(page, 'ablations', `g[aria-label="${mark}"]`)), sorted(want), `${mark} marks`);
  }
  // Every traced mark is one of those (nothing drawn from elsewhere).
  assert.equal((await marksOf(page, 'ablations')).length, Object.values(expected).reduce((n, w) => n + w.length, 0));
  return rows;
}

test('the ablations view draws each set on both held-out datasets as the API gives it: Δ, CI and the random-control band', async () => {
  const tracked = await world.open('/dashboard');
  const { page } = tracked;
  assert.equal(await viewSettled(page, 'ablations'), 'ready');
  const study = await studyOf(page);
  assert.equal(study.mode, 'ZERO');
  const rows = await assertAblationMarks(page, study);
  // Controls were asked for every set but ALL, whose random control would be ALL itself.
  for (const r of rows) {
    if (r.set === 'ALL') assert.deepEqual([r.controls, r.controlMeanDelta, r.zScore], [0, null, null]);
    else assert.equal(r.controls, study.controls);
  }
  assert.ok(rows.some((r) => r.controlStdDelta !== null), 'a control band is drawn');
  // The table and the note carry the counts.
  const text = await page.locator('[data-view="ablations"]').innerText();
  assert.match(text, new RegExp(`${rows.find((r) => r.set === 'SHARED')!.neurons}`));
  assert.match(text, new RegExp(`${rows[0].pairs} of ${study.helpfulDataset.replace('/', '\\/')}`));
  assert.match(text, new RegExp(`over ${study.controls} random sets`));
  await world.screenshotView(page, 'ablations', 'dashboard-ablations');
  assertSelfContained(tracked);
  await page.close();
});

// ---------------------------------------------------------------------------------------------
// p-sweep

interface SweepPoint {
  percent: number;
  kind: string;
  of: string | null;
  accuracy: number;
  deltaAccuracy: number;
  neurons: number;
  controls: number;
  controlMeanDelta: number | null;
  controlStdDelta: number | null;
}

const SWEEP_QUERY = `
  query ($model: ID!, $helpful: NeuronSelectionInput!, $harmless: NeuronSelectionInput!, $dataset: ID!, $controls: Int!) {
    pSweep(model: $model, helpful: $helpful, harmless: $harmless, dataset: $dataset, controls: $controls) {
      percent kind of accuracy deltaAccuracy neurons controls controlMeanDelta controlStdDelta
    }
  }
`;

test('the p-sweep view draws every sweep point of both held-out datasets as the API gives it, with its RANDOM matched controls', async () => {
  const tracked = await world.open('/dashboard');
  const { page } = tracked;
  assert.equal(await viewSettled(page, 'sweep', 600_000), 'ready');
  const study = await studyOf(page);
  const expected: Record<string, unknown>[] = [];
  for (const dataset of [study.helpfulDataset, study.harmlessDataset]) {
    const { pSweep } = await graphql<{ pSweep: SweepPoint[] }>(world.server, SWEEP_QUERY, { model: study.model, helpful: study.helpful, harmless: study.harmless, dataset, controls: study.controls });
    // 5 kinds at p = 2, 4, …, 30, and ALL.
    assert.equal(pSweep.length, 76);
    for (const p of pSweep) {
      assert.equal(p.controls, study.controls);
      expected.push({ dataset, ...p });
    }
  }
  const marks = await marksOf(page, 'sweep');
  assert.ok(marks.length > 0);
  assert.deepEqual(sorted(marks), sorted(expected));
  // The points are dots; ALL is the labelled reference line's text.
  assert.equal((await marksOf(page, 'sweep', 'g[aria-label="dot"]')).length, expected.filter((p) => p.kind !== 'ALL').length);
  assert.deepEqual(
    sorted(await marksOf(page, 'sweep', 'g[aria-label="text"]')),
    sorted(expected.filter((p) => p.kind === 'ALL')),
  );
  // A control band per swept set on each dataset (one area path per panel).
  assert.equal(await page.locator('[data-view="sweep"] g[aria-label="area"] path').count(), 10);
  assert.match(await page.locator('[data-view="sweep"] .note').innerText(), new RegExp(`${study.controls} random sets matched`));
  await world.screenshotView(page, 'sweep', 'dashboard-sweep');
  assertSelfContained(tracked);
  await page.close();
});

// ---------------------------------------------------------------------------------------------
// Frontier

const FRONTIER_QUERY = `
  query ($model: ID!, $helpfulDataset: ID!, $harmlessDataset: ID!, $helpful: NeuronSelectionInput!, $harmless: NeuronSelectionInput!) {
    frontier(model: $model, helpful: $helpfulDataset, harmless: $harmlessDataset, set: { kind: SHARED, helpful: $helpful, harmless: $harmless }) {
      alpha helpfulAccuracy harmlessAccuracy helpfulDelta harmlessDelta
    }
  }
`;

test('the frontier view draws one point per α of the SHARED set as the API gives it, α = 1 marked', async () => {
  const tracked = await world.open('/dashboard');
  const { page } = tracked;
  assert.equal(await viewSettled(page, 'frontier'), 'ready');
  const study = await studyOf(page);
  const { frontier } = await graphql<{ frontier: Record<string, number>[] }>(world.server, FRONTIER_QUERY, {
    model: study.model,
    helpfulDataset: study.helpfulDataset,
    harmlessDataset: study.harmlessDataset,
    helpful: study.helpful,
    harmless: study.harmless,
  });
  assert.ok(frontier.length > 0);
  const marks = await marksOf(page, 'frontier');
  // Drawn in α order, each point with the API's numbers.
  assert.deepEqual(marks, [...frontier].sort((a, b) => a.alpha - b.alpha));
  assert.ok(frontier.some((p) => p.alpha === 1));
  assert.match((await page.locator('[data-view="frontier"] .plot').textContent()) ?? '', /\(unablated\)/);
  // One svg, the plot: the SVG export takes the view's first.
  assert.equal(await page.locator('[data-view="frontier"] .plot svg').count(), 1);
  await world.screenshotView(page, 'frontier', 'dashboard-frontier');
  assertSelfContained(tracked);
  await page.close();
});

// ---------------------------------------------------------------------------------------------
// Controls (last: they make the server recompute the ablations, and the sweep at the new count)

test('changing the ablation mode or the number of controls redraws the ablations view with the API\'s new values', async () => {
  const tracked = await world.open('/dashboard');
  const { page } = tracked;
  assert.equal(await viewSettled(page, 'ablations'), 'ready');
  const zero = await marksOf(page, 'ablations');

  await page.locator('.controls select[name="mode"]').selectOption('MEAN');
  await page.waitForURL(/[?&]mode=MEAN/);
  await marksChanged(page, 'ablations', zero);
  const meanStudy = await studyOf(page);
  assert.equal(meanStudy.mode, 'MEAN');
  const meanRows = await assertAblationMarks(page, meanStudy);
  assert.match(await page.locator('[data-view="ablations"] .note').innerText(), /mean on the measured dataset's TRAIN part/);

  // Two controls: the fewest with an sd, so still a band (and a cheap recomputation of the sweep).
  const mean = await marksOf(page, 'ablations');
  const controls = page.locator('.controls input[name="controls"]');
  await controls.fill('2');
  await controls.press('Enter');
  await page.waitForURL(/[?&]controls=2/);
  await marksChanged(page, 'ablations', mean);
  const fewer = await studyOf(page);
  assert.deepEqual([fewer.mode, fewer.controls], ['MEAN', 2]);
  const fewerRows = await assertAblationMarks(page, fewer);
  for (const r of fewerRows) assert.equal(r.controls, r.set === 'ALL' ? 0 : 2);
  // The sets' own effects do not depend on the controls; their bands do.
  assert.deepEqual(
    fewerRows.map((r) => r.deltaAccuracy),
    meanRows.map((r) => r.deltaAccuracy),
  );
  assert.notDeepEqual(
    fewerRows.map((r) => r.controlStdDelta),
    meanRows.map((r) => r.controlStdDelta),
  );
  assertSelfContained(tracked);
  await page.close();
});
