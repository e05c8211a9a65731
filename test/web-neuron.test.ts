/**
 * The dashboard's neuron page in a real browser, on the `--quick` zoo: every section shows the
 * numbers `Query.neuron` gives (asked again with `graphql()` once the page made the server
 * compute them, so the answers come from the store), a hostile dataset text renders as text, an
 * API error shows next to each section with its code, the empty route opens the zoo's helpful
 * RM's neuron (0, 0), the inputs move to another neuron by keyboard, and nothing leaves the
 * server's origin.
 */
import assert from 'node:assert/strict';
import { realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { graphql, marksOf, startBrowserWorld, viewSettled, type BrowserWorld } from './support/browser.ts';
import { tempDir } from './support/fakeEngine.ts';

const SECTIONS = ['neuron-scores', 'neuron-membership', 'neuron-histogram', 'neuron-examples', 'neuron-ablation', 'neuron-margin'];
const HOSTILE = '<img src=x onerror=alert(1)>';

// Real path: dataset ids are the file's real path, and a temp folder may sit behind a symlink.
const dataRoot = realpathSync(tempDir('rmlens-web-neuron-data-'));
let world: BrowserWorld;
let ids: { helpfulModel: string; harmlessModel: string; helpfulDataset: string; harmlessDataset: string };

before(async () => {
  world = await startBrowserWorld({ env: { RMLENS_DATA_ROOTS: dataRoot } });
  // The roles the dashboard resolves (web/src/shared/studyIds.ts): the one loaded zoo's RMs, its datasets.
  const catalog = await graphql<{ models: { id: string; objective: string }[]; datasets: { id: string; objective: string }[] }>(world.server, '{ models { id objective } datasets { id objective } }');
  const model = (objective: string) => catalog.models.find((m) => m.objective === objective)!.id;
  const dataset = (objective: string) => catalog.datasets.find((d) => d.objective === objective)!.id;
  ids = { helpfulModel: model('HELPFUL'), harmlessModel: model('HARMLESS'), helpfulDataset: dataset('HELPFUL'), harmlessDataset: dataset('HARMLESS') };
});
after(async () => {
  await world?.close();
});

const path = (model: string, layer: number, index: number, search = '') => `/dashboard/neuron/${encodeURIComponent(model)}/${layer}/${index}${search}`;

/** Every /graphql response's status and error codes, to tell an intended GraphQL error from a failed request. */
function recordGraphql(page: Page): { status: number; codes: string[] }[] {
  const seen: { status: number; codes: string[] }[] = [];
  page.on('response', async (response) => {
    if (!response.url().endsWith('/graphql')) return;
    const entry = { status: response.status(), codes: [] as string[] };
    seen.push(entry);
    try {
      const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
      entry.codes = (body.errors ?? []).map((e) => e.extensions?.code ?? '?');
    } catch {
      entry.codes = ['unreadable'];
    }
  });
  return seen;
}

const DETAIL_QUERY = `query ($model: ID!, $layer: Int!, $index: Int!, $helpful: ID!, $harmless: ID!, $hs: NeuronSelectionInput!, $hm: NeuronSelectionInput!, $controls: Int!) {
  neuron(model: $model, layer: $layer, index: $index) {
    site
    scores(helpful: $helpful, harmless: $harmless) { dataset objective method score rank percentile neurons }
    membership(helpful: $hs, harmless: $hm) { membership inHelpful inHarmless }
    helpfulR: marginCorrelation(dataset: $helpful) { r pairs }
    harmlessR: marginCorrelation(dataset: $harmless) { r pairs }
    helpfulHist: histogram(dataset: $helpful) { texts counts bins { low high count } }
    harmlessHist: histogram(dataset: $harmless) { texts counts bins { low high count } }
    topExamples(dataset: $helpful, first: 5) { edges { node { rank pairId side value tokens { text activation response } } } }
    ablation(helpful: $helpful, harmless: $harmless, controls: $controls) { mode dataset objective ablation { deltaAccuracy deltaLow deltaHigh } }
  }
}`;

interface Detail {
  neuron: {
    site: string;
    scores: Record<string, unknown>[];
    membership: { membership: string; inHelpful: boolean; inHarmless: boolean };
    helpfulR: { r: number | null; pairs: number };
    harmlessR: { r: number | null; pairs: number };
    helpfulHist: { texts: number; counts: number[]; bins: { low: number; high: number; count: number }[] };
    harmlessHist: { texts: number; counts: number[]; bins: { low: number; high: number; count: number }[] };
    topExamples: { edges: { node: { rank: number; pairId: string; side: string; value: number; tokens: { text: string; activation: number; response: boolean }[] | null } }[] };
    ablation: { mode: string; dataset: string; objective: string; ablation: { deltaAccuracy: number; deltaLow: number; deltaHigh: number } }[];
  };
}

test('the neuron page shows the numbers the API gives for the neuron, section by section', async () => {
  const neuron = { model: ids.helpfulModel, layer: 1, index: 3 };
  const controls = 4;
  const tracked = await world.open(path(neuron.model, neuron.layer, neuron.index, `?controls=${controls}`));
  const { page } = tracked;
  const responses = recordGraphql(page);
  for (const id of SECTIONS) assert.equal(await viewSettled(page, id), 'ready', `${id} settled ready`);

  // The page computed everything: the same questions now read the store.
  const selection = (model: string, dataset: string) => ({ model, dataset, method: 'CONTRAST', topPercent: 5 });
  const { neuron: api } = await graphql<Detail>(world.server, DETAIL_QUERY, {
    ...neuron,
    helpful: ids.helpfulDataset,
    harmless: ids.harmlessDataset,
    hs: selection(ids.helpfulModel, ids.helpfulDataset),
    hm: selection(ids.harmlessModel, ids.harmlessDataset),
    controls,
  });

  assert.match(await page.locator('#neuron-title').innerText(), new RegExp(`Neuron 1:3 of ${neuron.model}`));
  assert.match(await page.locator('.neuron-about').innerText(), new RegExp(`Site ${api.site.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

  // Scores: one dot per (dataset, method), every number equal.
  const scoreMarks = await marksOf(page, 'neuron-scores');
  assert.ok(api.scores.length >= 6, 'three or four methods on two datasets');
  assert.deepEqual(scoreMarks.sort(byKey), [...api.scores].sort(byKey));

  // Membership in the study's default selections (CONTRAST, top 5%).
  assert.equal(await page.locator('[data-view="neuron-membership"] [data-membership]').getAttribute('data-membership'), api.membership.membership);
  const membershipText = await page.locator('[data-view="neuron-membership"] .membership').innerText();
  assert.match(membershipText, new RegExp(`${api.membership.inHelpful ? 'in' : 'not in'} the helpful set`));
  assert.match(membershipText, new RegExp(`${api.membership.inHarmless ? 'in' : 'not in'} the harmless set`));

  // Histogram: one rect per bin (empty bins included), counts as the API's.
  const bars = await marksOf(page, 'neuron-histogram');
  const expectedBars = [
    ...api.helpfulHist.bins.map((b) => ({ dataset: ids.helpfulDataset, ...b })),
    ...api.harmlessHist.bins.map((b) => ({ dataset: ids.harmlessDataset, ...b })),
  ];
  assert.equal(bars.length, 64, '32 bins per dataset');
  assert.deepEqual(bars.sort(byKey), expectedBars.sort(byKey));
  assert.deepEqual(api.helpfulHist.bins.map((b) => b.count), api.helpfulHist.counts);
  assert.equal(
    bars.filter((b) => b.dataset === ids.helpfulDataset).reduce((sum, b) => sum + (b.count as number), 0),
    api.helpfulHist.texts,
  );

  // Top examples: rank, pair, side and value of each; every token's activation, in order.
  const examples = await marksOf(page, 'neuron-examples');
  assert.equal(examples.length, 5);
  assert.deepEqual(examples, api.topExamples.edges.map(({ node }) => ({ rank: node.rank, pairId: node.pairId, side: node.side, value: node.value })));
  const first = api.topExamples.edges[0].node;
  assert.ok(first.tokens && first.tokens.length > 0);
  const shown = await page.locator('[data-view="neuron-examples"] li.example').first().locator('.tok').evaluateAll((els) =>
    els.map((e) => ({ text: e.textContent, activation: Number(e.getAttribute('data-activation')), response: !e.classList.contains('prompt') })),
  );
  assert.deepEqual(shown, [...first.tokens.filter((t) => !t.response), ...first.tokens.filter((t) => t.response)]);
  // Prompt and response tokens are set apart, and shaded (a background colour per token).
  assert.ok(shown.some((t) => !t.response) && shown.some((t) => t.response));
  const backgrounds = await page.locator('[data-view="neuron-examples"] li.example').first().locator('.tok').evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
  assert.ok(new Set(backgrounds).size > 1, 'tokens shaded by activation');

  // Single-neuron ablation: ZERO and MEAN on both held-out parts, Δ and CI as the API's.
  const ablationMarks = await marksOf(page, 'neuron-ablation');
  assert.equal(ablationMarks.length, 4);
  assert.deepEqual(ablationMarks.sort(byKey), api.ablation.map((e) => ({ mode: e.mode, dataset: e.dataset, objective: e.objective, ...e.ablation })).sort(byKey));
  assert.match(await page.locator('[data-view="neuron-ablation"] .note').innerText(), new RegExp(`over ${controls} random single neurons`));

  // Margin correlation on both held-out parts.
  const marginMarks = await marksOf(page, 'neuron-margin');
  const expectedMargins = [
    { dataset: ids.helpfulDataset, ...api.helpfulR },
    { dataset: ids.harmlessDataset, ...api.harmlessR },
  ].filter((m) => m.r !== null);
  assert.ok(expectedMargins.length > 0);
  assert.deepEqual(marginMarks.sort(byKey), expectedMargins.sort(byKey));

  // The link back keeps the study's controls.
  assert.equal(await page.getByRole('link', { name: /Back to the study/ }).getAttribute('href'), `/dashboard?controls=${controls}`);
  await world.screenshot(page.locator('main.neuron-page'), 'dashboard-neuron');
  await world.screenshot(page.locator('[data-view="neuron-examples"]'), 'dashboard-neuron-examples');

  assert.deepEqual(tracked.external, [], 'requests outside the server');
  assert.deepEqual(tracked.failed, [], 'failed requests');
  assert.deepEqual(tracked.errors, [], 'page errors');
  assert.ok(responses.length > 0 && responses.every((r) => r.status === 200 && r.codes.every((c) => c === 'COMPUTE_PENDING')), JSON.stringify(responses));
  await page.close();
});

test('the inputs open another neuron by keyboard; the path and the query follow', async () => {
  const { page, failed, errors } = await world.open(path(ids.helpfulModel, 1, 3, '?controls=4'));
  await viewSettled(page, 'neuron-scores');
  const index = page.getByLabel('Index', { exact: true });
  await index.focus();
  await index.fill('4');
  await index.press('Enter');
  await page.waitForURL((url) => url.pathname === path(ids.helpfulModel, 1, 4));
  assert.equal(new URL(page.url()).search, '?controls=4');
  assert.equal(await viewSettled(page, 'neuron-scores'), 'ready');
  assert.match(await page.locator('#neuron-title').innerText(), /Neuron 1:4 of/);
  // The scores are the new neuron's (never the previous one's, even for a frame).
  assert.deepEqual((await marksOf(page, 'neuron-scores')).sort(byKey), (await scoresOf(ids.helpfulModel, 1, 4)).sort(byKey));
  assert.equal(await page.getByLabel('Index', { exact: true }).inputValue(), '4');
  assert.equal(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name), 'index', 'focus stays in the field');
  // The layer field, reached with Tab from the model select.
  await page.locator('select[name="model"]').focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('0');
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.pathname === path(ids.helpfulModel, 0, 4));
  // Another model from the select keeps the position.
  await page.locator('select[name="model"]').selectOption(ids.harmlessModel);
  await page.waitForURL((url) => url.pathname === path(ids.harmlessModel, 0, 4));
  assert.equal(await viewSettled(page, 'neuron-scores'), 'ready');
  // Back to the study view, with the controls.
  await page.getByRole('link', { name: /Back to the study/ }).click();
  await page.waitForURL((url) => url.pathname === '/dashboard' && url.search === '?controls=4');
  // Moving on abandons the previous neuron's requests still in flight (the page aborts them): nothing else failed.
  assert.deepEqual(failed.filter((f) => !/^net::ERR_ABORTED http:\/\/127\.0\.0\.1:\d+\/graphql$/.test(f)), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a dataset text such as <img src=x onerror=alert(1)> shows as literal text in the top examples', async () => {
  const file = join(dataRoot, 'hostile.jsonl');
  const rows = Array.from({ length: 40 }, (_, i) =>
    JSON.stringify({ prompt: `Tell me about topic ${i}.`, chosen: `Here it is ${HOSTILE} and more ${i}.`, rejected: `${HOSTILE} no ${i}` }),
  );
  writeFileSync(file, `${rows.join('\n')}\n`);
  const { registerDataset } = await graphql<{ registerDataset: { id: string; trainPairs: number } }>(
    world.server,
    'mutation ($path: String!) { registerDataset(path: $path, objective: HELPFUL, format: GENERIC, evaluationOnly: false) { id trainPairs } }',
    { path: file },
  );
  assert.equal(registerDataset.id, `${file}#HELPFUL`);
  assert.ok(registerDataset.trainPairs > 0);

  const { page, external, failed, errors } = await world.open(path(ids.helpfulModel, 0, 1, `?examples=${encodeURIComponent(registerDataset.id)}`));
  const dialogs: string[] = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  assert.equal(await viewSettled(page, 'neuron-examples'), 'ready');
  const examples = page.locator('[data-view="neuron-examples"]');
  assert.equal(await examples.locator('select[name="examples"]').inputValue(), registerDataset.id);
  assert.equal(await examples.locator('li.example').count(), 5);
  // Every example's response tokens read back as the file's text, markup characters included.
  const responses = await examples.locator('.response-tokens').evaluateAll((els) => els.map((e) => [...e.querySelectorAll('.tok')].map((t) => t.textContent).join('')));
  assert.equal(responses.length, 5);
  for (const text of responses) assert.ok(text.includes(HOSTILE), `literal text in ${JSON.stringify(text)}`);
  assert.ok((await examples.innerText()).includes(HOSTILE));
  assert.equal(await examples.locator('img').count(), 0, 'no <img> element from the dataset');
  assert.equal(await page.locator('img').count(), 0);
  // The histogram adds the examples' dataset as a third facet.
  assert.equal(await viewSettled(page, 'neuron-histogram'), 'ready');
  assert.ok((await marksOf(page, 'neuron-histogram')).some((b) => b.dataset === registerDataset.id));
  await world.screenshot(examples, 'dashboard-neuron-hostile-text');
  assert.deepEqual(dialogs, [], 'no dialog fired');
  assert.deepEqual(external, []);
  assert.deepEqual(failed, []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('an API error shows next to each section with its code (a 200 GraphQL error, not a failed request)', async () => {
  const tracked = await world.open(path(ids.helpfulModel, 0, 100_000));
  const responses = recordGraphql(tracked.page);
  const { page } = tracked;
  for (const id of SECTIONS) {
    assert.equal(await viewSettled(page, id), 'error', `${id} shows the error`);
    const alert = page.locator(`[data-view="${id}"] [role="alert"]`);
    assert.equal(await alert.getAttribute('data-error-code'), 'BAD_USER_INPUT');
    assert.match(await alert.innerText(), /^BAD_USER_INPUT: .+/);
  }
  assert.ok(responses.some((r) => r.status === 200 && r.codes.includes('BAD_USER_INPUT')), JSON.stringify(responses));
  assert.ok(responses.every((r) => r.status === 200));
  assert.deepEqual(tracked.failed, [], 'GraphQL errors arrive with status 200');
  assert.deepEqual(tracked.external, []);
  assert.deepEqual(tracked.errors, []);
  await world.screenshot(page.locator('[data-view="neuron-scores"]'), 'dashboard-neuron-error');
  await page.close();
});

test('the empty route /dashboard/neuron opens neuron (0, 0) of the zoo\'s helpful RM', async () => {
  const { page, external, failed, errors } = await world.open('/dashboard/neuron');
  assert.equal(await viewSettled(page, 'neuron-scores'), 'ready');
  assert.equal(new URL(page.url()).pathname, '/dashboard/neuron');
  assert.match(await page.locator('#neuron-title').innerText(), new RegExp(`Neuron 0:0 of ${ids.helpfulModel}`));
  assert.equal(await page.locator('select[name="model"]').inputValue(), ids.helpfulModel);
  assert.equal(await page.getByLabel('Layer', { exact: true }).inputValue(), '0');
  assert.equal(await page.getByLabel('Index', { exact: true }).inputValue(), '0');
  assert.deepEqual((await marksOf(page, 'neuron-scores')).sort(byKey), (await scoresOf(ids.helpfulModel, 0, 0)).sort(byKey));
  assert.deepEqual(external, []);
  assert.deepEqual(failed, []);
  assert.deepEqual(errors, []);
  await page.close();
});

/** The API's scores of one neuron on the study's two datasets (already computed by the page). */
async function scoresOf(model: string, layer: number, index: number): Promise<Record<string, unknown>[]> {
  const { neuron } = await graphql<{ neuron: { scores: Record<string, unknown>[] } }>(
    world.server,
    'query ($m: ID!, $l: Int!, $i: Int!, $h: ID!, $x: ID!) { neuron(model: $m, layer: $l, index: $i) { scores(helpful: $h, harmless: $x) { dataset objective method score rank percentile neurons } } }',
    { m: model, l: layer, i: index, h: ids.helpfulDataset, x: ids.harmlessDataset },
  );
  return neuron.scores;
}

const byKey = (a: Record<string, unknown>, b: Record<string, unknown>) => JSON.stringify(a).localeCompare(JSON.stringify(b));
