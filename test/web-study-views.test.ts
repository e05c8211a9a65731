/**
 * The dashboard's tension (length rule, accuracy by length, transferability), neuron-scores,
 * overlap (pairwise, three-way with the mixed RM's own set, layer regions) and influence views in
 * a real browser, on the `--quick` zoo: each draws one mark per API row with the API's numbers
 * (asked again here once the page has made the server compute them, so these answers come from
 * the store); a dot opens its neuron's page; the layer filter and top-p% live in the URL and
 * change what is drawn.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import type * as Api from '../web/src/shared/schema.generated.ts';
import { assertSelfContained, graphql, marksOf, startBrowserWorld, viewSettled, type BrowserWorld } from './support/browser.ts';
import { until } from './support/until.ts';

let world: BrowserWorld;
let ids: { helpfulModel: string; harmlessModel: string; mixedModel: string; helpfulDataset: string; harmlessDataset: string; neurons: number; layers: number };
before(async () => {
  world = await startBrowserWorld();
  const { models, datasets } = await graphql<{ models: { id: string; objective: string; layers: number; neuronCount: number }[]; datasets: { id: string; objective: string }[] }>(
    world.server,
    '{ models { id objective layers neuronCount } datasets { id objective } }',
  );
  // The dashboard's defaults: the first zoo's roles and datasets (web/src/shared/studyIds.ts).
  const zoo = models[0].id.slice(0, models[0].id.lastIndexOf('/'));
  const model = (objective: string) => models.find((m) => m.id.startsWith(`${zoo}/`) && m.objective === objective)!;
  const dataset = (objective: string) => (datasets.find((d) => d.id.startsWith(`${zoo}/`) && d.objective === objective) ?? datasets.find((d) => d.objective === objective))!.id;
  ids = {
    helpfulModel: model('HELPFUL').id,
    harmlessModel: model('HARMLESS').id,
    mixedModel: model('MIXED').id,
    helpfulDataset: dataset('HELPFUL'),
    harmlessDataset: dataset('HARMLESS'),
    neurons: model('HELPFUL').neuronCount,
    layers: model('HELPFUL').layers,
  };
});
after(async () => {
  await world?.close();
});

const selections = (topPercent: number) => ({
  helpful: { model: ids.helpfulModel, dataset: ids.helpfulDataset, method: 'CONTRAST', topPercent },
  harmless: { model: ids.harmlessModel, dataset: ids.harmlessDataset, method: 'CONTRAST', topPercent },
});
/** The mixed RM's own selection, scored on both train parts pooled (as the study's). */
const mixedSelection = (topPercent: number) => ({ model: ids.mixedModel, dataset: ids.helpfulDataset, pooledWith: [ids.harmlessDataset], method: 'CONTRAST', topPercent });

const byKey = (a: Record<string, unknown>, b: Record<string, unknown>) => JSON.stringify(a).localeCompare(JSON.stringify(b));
const sorted = (rows: Record<string, unknown>[]) => [...rows].sort(byKey);

// ---------------------------------------------------------------------------------------------
// Tension: the length rule, accuracy by length, transferability

const STRATUM = 'accuracy accuracyLow accuracyHigh pairs';
const TENSION = /* GraphQL */ `{
  tension {
    rows { model { id } dataset { id } evaluation { accuracy accuracyLow accuracyHigh pairs } byLength { chosenLonger { ${STRATUM} } chosenShorter { ${STRATUM} } equalLength { ${STRATUM} } } }
    baselines { rule dataset { id } accuracy accuracyLow accuracyHigh pairs chosenLonger chosenShorter equalLength }
    transferability { from { id } to { id } dataset { id } share shareLow shareHigh fromCorrect bothCorrect pairs }
  }
}`;

interface Stratum {
  accuracy: number | null;
  accuracyLow: number | null;
  accuracyHigh: number | null;
  pairs: number;
}

interface Tension {
  rows: { model: { id: string }; dataset: { id: string }; evaluation: { accuracy: number; accuracyLow: number; accuracyHigh: number; pairs: number }; byLength: Record<'chosenLonger' | 'chosenShorter' | 'equalLength', Stratum> }[];
  baselines: { rule: string; dataset: { id: string }; accuracy: number; accuracyLow: number; accuracyHigh: number; pairs: number; chosenLonger: number; chosenShorter: number; equalLength: number }[];
  transferability: { from: { id: string }; to: { id: string }; dataset: { id: string }; share: number | null; shareLow: number | null; shareHigh: number | null; fromCorrect: number; bothCorrect: number; pairs: number }[];
}

test('the tension view draws the length rule as its own row, each cell by length and the transferability, as the API gives them; the CSV has them all', async () => {
  const tracked = await world.open('/dashboard');
  const { page } = tracked;
  assert.equal(await viewSettled(page, 'tension'), 'ready');
  const { tension } = await graphql<{ tension: Tension }>(world.server, TENSION);
  assert.ok(tension.rows.length > 0 && tension.baselines.length > 0 && tension.transferability.length > 0);

  // Heatmap: one cell per model row and one per dataset for the rule, on a row of its own.
  const ruleCells = tension.baselines.map((b) => ({ rule: b.rule, dataset: b.dataset.id, accuracy: b.accuracy }));
  const modelCells = tension.rows.map((r) => ({ model: r.model.id, dataset: r.dataset.id, accuracy: r.evaluation.accuracy }));
  assert.deepEqual(sorted(await marksOf(page, 'tension', '.plot')), sorted([...modelCells, ...ruleCells]));
  const yLabels = await page.locator('[data-view="tension"] .plot svg[data-plot] [aria-label="y-axis tick label"] text').allTextContents();
  assert.equal(yLabels.at(-1), 'length rule (not a model)');
  // A model cell's tooltip gives its accuracy by length.
  const first = tension.rows[0];
  const title = await page.locator('[data-view="tension"] .plot [data-datum]').first().locator('title').textContent();
  const longer = first.byLength.chosenLonger;
  assert.match(title!, new RegExp(`chosen longer: ${longer.accuracy === null ? '—' : longer.accuracy.toFixed(3)}`));

  // The by-length table: the rule per dataset (accuracy, CI, stratum counts), then every model row's strata.
  const lengthRows = await marksOf(page, 'tension', 'table.by-length');
  assert.deepEqual(
    sorted(lengthRows),
    sorted([
      ...tension.baselines.map(({ rule, dataset, ...b }) => ({ rule, dataset: dataset.id, ...b })),
      ...tension.rows.map((r) => ({ model: r.model.id, dataset: r.dataset.id, byLength: r.byLength })),
    ]),
  );
  const ruleRow = page.locator('[data-view="tension"] table.by-length tr.rule').first();
  const b = tension.baselines[0];
  assert.deepEqual((await ruleRow.locator('td').allInnerTexts()).slice(0, 3), ['length rule (not a model)', b.dataset.id, `${b.accuracy.toFixed(3)} [${b.accuracyLow.toFixed(3)}, ${b.accuracyHigh.toFixed(3)}] (n = ${b.pairs})`]);

  // Transferability: every API row, with its share, CI and counts.
  const transfers = tension.transferability.map(({ from, to, dataset, ...t }) => ({ from: from.id, to: to.id, dataset: dataset.id, ...t }));
  assert.deepEqual(sorted(await marksOf(page, 'tension', 'table.transferability')), sorted(transfers));
  await world.screenshotView(page, 'tension', 'dashboard-tension-length');
  // One zoo loaded, no other seed of it: the seeds view says how to load them and asks nothing.
  assert.equal(await page.locator('[data-view="seeds"]').getAttribute('data-state'), 'absent');

  // The CSV carries the model rows (with their strata), the rule and the transferability.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-view="tension"]').getByRole('button', { name: 'CSV' }).click()]);
  const [header, ...lines] = readFileSync((await download.path())!, 'utf8').trim().split('\n');
  const columns = header.split(',');
  const kinds = lines.map((l) => l.split(',')[columns.indexOf('kind')]);
  assert.deepEqual(
    { model: kinds.filter((k) => k === 'model').length, rule: kinds.filter((k) => k === 'length rule').length, transferability: kinds.filter((k) => k === 'transferability').length },
    { model: tension.rows.length, rule: tension.baselines.length, transferability: tension.transferability.length },
  );
  for (const column of ['chosenLongerAccuracy', 'chosenShorterAccuracy', 'chosenLongerPairs', 'share', 'fromCorrect']) assert.ok(columns.includes(column), column);
  assertSelfContained(tracked);
  await page.close();
});

// ---------------------------------------------------------------------------------------------
// Neuron scores

interface ScoreNode {
  neuron: { layer: number; index: number };
  score: number;
  rank: number;
}

const SCORES = /* GraphQL */ `
  query Scores($model: ID!, $dataset: ID!, $topPercent: Float!, $layer: Int, $first: Int!) {
    model(id: $model) {
      all: neuronsConnection(dataset: $dataset, method: CONTRAST, topPercent: 100, first: $first, layer: $layer) {
        totalCount pageInfo { hasNextPage } edges { node { neuron { layer index } score rank } }
      }
      top: neuronsConnection(dataset: $dataset, method: CONTRAST, topPercent: $topPercent, first: $first) { edges { node { neuron { layer index } } } }
    }
  }
`;

/** The scores view's dots as the API gives them: each neuron's two scores, and its membership in the two top sets. */
async function expectedDots(topPercent: number, layer: number | null) {
  const ask = async (model: string, dataset: string) => {
    const { model: m } = await graphql<{ model: { all: { totalCount: number; pageInfo: { hasNextPage: boolean }; edges: { node: ScoreNode }[] }; top: { edges: { node: { neuron: { layer: number; index: number } } }[] } } }>(
      world.server,
      SCORES,
      { model, dataset, topPercent, layer, first: 1000 },
    );
    assert.equal(m.all.pageInfo.hasNextPage, false, 'the quick zoo fits one page');
    const key = (n: { layer: number; index: number }) => `${n.layer}:${n.index}`;
    return { scores: new Map(m.all.edges.map((e) => [key(e.node.neuron), e.node.score])), top: new Set(m.top.edges.map((e) => key(e.node.neuron))) };
  };
  const helpful = await ask(ids.helpfulModel, ids.helpfulDataset);
  const harmless = await ask(ids.harmlessModel, ids.harmlessDataset);
  return [...helpful.scores].map(([key, helpfulScore]) => {
    const [l, i] = key.split(':').map(Number);
    const inHelpful = helpful.top.has(key);
    const inHarmless = harmless.top.has(key);
    return {
      model: ids.helpfulModel,
      layer: l,
      index: i,
      helpfulScore,
      harmlessScore: harmless.scores.get(key)!,
      membership: inHelpful && inHarmless ? 'SHARED' : inHelpful ? 'HELPFUL_ONLY' : inHarmless ? 'HARMLESS_ONLY' : 'NEITHER',
    };
  });
}

test('the scores view draws every neuron at its helpful and harmless scores, coloured by set membership', async () => {
  const tracked = await world.open('/dashboard');
  const { page } = tracked;
  assert.equal(await viewSettled(page, 'scores'), 'ready');
  const dots = await marksOf(page, 'scores');
  const expected = await expectedDots(5, null);
  assert.equal(expected.length, ids.neurons);
  assert.ok(dots.length > 0);
  assert.deepEqual(sorted(dots), sorted(expected));

  // Membership agrees with the overlap the API counts, and with the neuron's own membership.
  const { overlap } = await graphql<{ overlap: Record<string, number> }>(world.server, 'query($helpful: NeuronSelectionInput!, $harmless: NeuronSelectionInput!) { overlap(helpful: $helpful, harmless: $harmless) { helpfulOnly harmlessOnly shared } }', selections(5));
  const count = (m: string) => dots.filter((d) => d.membership === m).length;
  assert.deepEqual({ helpfulOnly: count('HELPFUL_ONLY'), harmlessOnly: count('HARMLESS_ONLY'), shared: count('SHARED') }, overlap);
  for (const kind of ['SHARED', 'HELPFUL_ONLY', 'HARMLESS_ONLY', 'NEITHER']) {
    const dot = dots.find((d) => d.membership === kind);
    if (!dot) continue;
    const { neuron } = await graphql<{ neuron: { membership: { membership: string } } }>(
      world.server,
      'query($model: ID!, $layer: Int!, $index: Int!, $helpful: NeuronSelectionInput!, $harmless: NeuronSelectionInput!) { neuron(model: $model, layer: $layer, index: $index) { membership(helpful: $helpful, harmless: $harmless) { membership } } }',
      { model: dot.model, layer: dot.layer, index: dot.index, ...selections(5) },
    );
    assert.equal(neuron.membership.membership, kind, `neuron ${dot.layer}/${dot.index}`);
  }
  // Each set's best-ranked neurons are links, reachable without a pointer.
  const links = page.locator('[data-view="scores"] ol a');
  assert.ok((await links.count()) > 0);
  assert.match((await links.first().getAttribute('href'))!, /^\/dashboard\/neuron\/[^/]+\/\d+\/\d+(\?|$)/);
  await world.screenshotView(page, 'scores', 'dashboard-scores');
  assertSelfContained(tracked);
  await page.close();
});

test('the layer filter keeps one layer, in the URL, with the API numbers for that layer', async () => {
  const tracked = await world.open('/dashboard');
  const { page } = tracked;
  assert.equal(await viewSettled(page, 'scores'), 'ready');
  const layer = ids.layers - 1;
  await page.locator('[data-view="scores"] select[name="layer"]').selectOption(String(layer));
  await page.waitForURL((url) => url.searchParams.get('layer') === String(layer));
  const expected = sorted((await expectedDots(5, layer)).filter((d) => d.layer === layer));
  assert.ok(expected.length > 0 && expected.length < ids.neurons);
  await waitForMarks(page, 'scores', (marks) => marks.length === expected.length && marks.every((d) => d.layer === layer));
  assert.deepEqual(sorted(await marksOf(page, 'scores')), expected);
  assertSelfContained(tracked, { abandoned: true });
  await page.close();
});

test('a click on a dot opens that neuron page', async () => {
  const tracked = await world.open('/dashboard');
  const { page } = tracked;
  assert.equal(await viewSettled(page, 'scores'), 'ready');
  // The last dot drawn lies on top of the others, so the pointer reaches it.
  const dot = page.locator('[data-view="scores"] [data-datum]').last();
  const datum = JSON.parse((await dot.getAttribute('data-datum'))!) as { model: string; layer: number; index: number };
  await dot.click();
  const path = `/dashboard/neuron/${encodeURIComponent(datum.model)}/${datum.layer}/${datum.index}`;
  await page.waitForURL((url) => url.pathname === path);
  assert.equal(new URL(page.url()).pathname, path);
  assertSelfContained(tracked, { abandoned: true });
  await page.close();
});

// ---------------------------------------------------------------------------------------------
// Overlap

interface Overlap {
  helpfulOnly: number;
  harmlessOnly: number;
  shared: number;
  jaccard: number;
  sharedShareOfHelpful: number;
  sharedShareOfHarmless: number;
  expectedShared: number;
  pValue: number;
}

async function overlapAt(topPercent: number): Promise<Overlap> {
  const { overlap } = await graphql<{ overlap: Overlap }>(
    world.server,
    'query($helpful: NeuronSelectionInput!, $harmless: NeuronSelectionInput!) { overlap(helpful: $helpful, harmless: $harmless) { helpfulOnly harmlessOnly shared jaccard sharedShareOfHelpful sharedShareOfHarmless expectedShared pValue } }',
    selections(topPercent),
  );
  return overlap;
}

/** The overlap view's marks for an API answer: set parts, the chance ticks, shares and their chance values. */
function overlapMarks(o: Overlap) {
  const h = o.helpfulOnly + o.shared;
  const r = o.harmlessOnly + o.shared;
  return sorted([
    { set: 'helpful set', part: 'shared', count: o.shared },
    { set: 'helpful set', part: 'helpful only', count: o.helpfulOnly },
    { set: 'harmless set', part: 'shared', count: o.shared },
    { set: 'harmless set', part: 'harmless only', count: o.harmlessOnly },
    { set: 'helpful set', expectedShared: o.expectedShared },
    { set: 'harmless set', expectedShared: o.expectedShared },
    { measure: 'shared / helpful set', value: o.sharedShareOfHelpful },
    { measure: 'shared / harmless set', value: o.sharedShareOfHarmless },
    { measure: 'Jaccard', value: o.jaccard },
    { measure: 'shared / helpful set', chance: o.expectedShared / h },
    { measure: 'shared / harmless set', chance: o.expectedShared / r },
    { measure: 'Jaccard', chance: o.expectedShared / (h + r - o.expectedShared) },
  ]);
}

// The API's types, generated from schema.graphql (the queries below select a part of each).
type ThreeWay = Api.ThreeWayOverlap;
type RegionShare = Api.RegionShare;

const REGION_SETS = [
  ['helpful', 'helpful set', '{ kind: TOP, of: HELPFUL, helpful: $helpful }'],
  ['harmless', 'harmless set', '{ kind: TOP, of: HARMLESS, harmless: $harmless }'],
  ['mixed', 'mixed set', '{ kind: TOP, of: MIXED, mixed: $mixed }'],
  ['shared', 'shared (helpful ∩ harmless)', '{ kind: SHARED, helpful: $helpful, harmless: $harmless }'],
] as const;

/** The three-way overlap with the mixed RM's own set, and each set's layer-region shares (over the mixed RM's sites). */
async function threeWayAt(topPercent: number) {
  const pair = 'firstOnly secondOnly shared expectedShared pValue';
  const region = 'region { name firstLayer lastLayer } neurons share expectedShare';
  return graphql<{ threeWayOverlap: ThreeWay } & Record<(typeof REGION_SETS)[number][0], RegionShare[]>>(
    world.server,
    `query($model: ID!, $helpful: NeuronSelectionInput!, $harmless: NeuronSelectionInput!, $mixed: NeuronSelectionInput!) {
      threeWayOverlap(helpful: $helpful, harmless: $harmless, mixed: $mixed) {
        neuronCount helpfulSize harmlessSize mixedSize helpfulHarmless { ${pair} } helpfulMixed { ${pair} } harmlessMixed { ${pair} }
        shared expectedShared pValue expectedSharedGivenHelpfulHarmless pValueGivenHelpfulHarmless
      }
      ${REGION_SETS.map(([key, , set]) => `${key}: layerRegions(model: $model, set: ${set}) { ${region} }`).join('\n')}
    }`,
    { model: ids.mixedModel, ...selections(topPercent), mixed: mixedSelection(topPercent) },
  );
}

/** The three-way plot's bars and chance ticks, and its table's rows, for an API answer. */
function threeWayMarks(t: ThreeWay) {
  const pair = (label: string, o: Api.SetPairOverlap) => ({ pair: label, sizes: [o.firstOnly + o.shared, o.secondOnly + o.shared], shared: o.shared, expectedShared: o.expectedShared, pValue: o.pValue });
  const rows = [
    pair('helpful ∩ harmless', t.helpfulHarmless),
    pair('helpful ∩ mixed', t.helpfulMixed),
    pair('harmless ∩ mixed', t.harmlessMixed),
    { pair: 'all three', sizes: [t.helpfulSize, t.harmlessSize, t.mixedSize], shared: t.shared, expectedShared: t.expectedShared, pValue: t.pValue, expectedSharedGivenHelpfulHarmless: t.expectedSharedGivenHelpfulHarmless, pValueGivenHelpfulHarmless: t.pValueGivenHelpfulHarmless },
  ];
  return sorted([
    ...rows,
    ...rows.map((r) => ({ pair: r.pair, shared: r.shared })),
    ...rows.map((r) => ({ pair: r.pair, null: 'independent sets', expectedShared: r.expectedShared })),
    { pair: 'all three', null: 'mixed set random, helpful ∩ harmless kept', expectedShared: t.expectedSharedGivenHelpfulHarmless },
  ]);
}

/** The region plot's bars (each set's count and share per region) and each region's random share. */
function regionMarks(answer: Awaited<ReturnType<typeof threeWayAt>>) {
  const label = (r: RegionShare['region']) =>
    r.name === `layer ${r.firstLayer}` ? r.name : r.firstLayer === r.lastLayer ? `${r.name} (layer ${r.firstLayer})` : `${r.name} (layers ${r.firstLayer}–${r.lastLayer})`;
  return sorted([
    ...REGION_SETS.flatMap(([key, set]) => answer[key].map((r) => ({ set, region: label(r.region), neurons: r.neurons, share: r.share }))),
    ...answer.helpful.map((r) => ({ region: label(r.region), expectedShare: r.expectedShare })),
  ]);
}

/** Waits until the view is ready and its marks (under `selector`) pass `done` (a new answer replaced the old). */
async function waitForMarks(page: Page, id: string, done: (marks: Record<string, unknown>[]) => boolean, timeoutMs = 240_000, selector = '') {
  let drawn: Record<string, unknown>[] = [];
  await until(`view ${id} to draw the expected marks`, async () => {
    const ready = (await page.locator(`[data-view="${id}"]`).getAttribute('data-state')) === 'ready';
    drawn = await marksOf(page, id, selector);
    return ready && done(drawn) ? true : undefined;
  }, { timeoutMs, everyMs: 200 }).catch((error: Error) => {
    throw new Error(`${error.message}; it drew ${JSON.stringify(drawn).slice(0, 500)}`);
  });
}

test('the overlap view shows the set sizes, shares and chance values of the API, the three-way overlap and the layer regions; a new top-p% changes them', async () => {
  const tracked = await world.open('/dashboard');
  const { page } = tracked;
  assert.equal(await viewSettled(page, 'overlap'), 'ready');
  const at5 = await overlapAt(5);
  const marks = sorted(await marksOf(page, 'overlap', '.pairwise'));
  assert.ok(marks.length > 0);
  assert.deepEqual(marks, overlapMarks(at5));
  const note = await page.locator('[data-view="overlap"] .note').last().innerText();
  assert.match(note, new RegExp(`${at5.shared} shared against ${at5.expectedShared.toFixed(2)} expected by chance`));
  assert.match(note, /hypergeometric p = /);

  // With the mixed RM's own set: each pair and all three against both nulls; the layer regions of every set.
  const threeWay5 = await threeWayAt(5);
  const t = threeWay5.threeWayOverlap;
  assert.deepEqual(
    { helpfulOnly: t.helpfulHarmless.firstOnly, harmlessOnly: t.helpfulHarmless.secondOnly, shared: t.helpfulHarmless.shared },
    { helpfulOnly: at5.helpfulOnly, harmlessOnly: at5.harmlessOnly, shared: at5.shared },
    'helpful ∩ harmless is the pairwise overlap',
  );
  assert.deepEqual(sorted(await marksOf(page, 'overlap', '.three-way')), threeWayMarks(t));
  const threeNote = await page.locator('[data-view="overlap"] .note').filter({ hasText: 'in all three sets' }).innerText();
  assert.match(threeNote, new RegExp(`${t.shared} lie in all three sets: ${t.expectedShared.toFixed(2)} expected for independent random sets`));
  assert.match(threeNote, new RegExp(`${t.expectedSharedGivenHelpfulHarmless.toFixed(2)} when only the mixed set is random`));
  const regions = await marksOf(page, 'overlap', '.regions');
  assert.ok(regions.length > 0);
  assert.deepEqual(sorted(regions), regionMarks(threeWay5));
  for (const [key] of REGION_SETS) assert.equal(threeWay5[key].reduce((n, r) => n + r.neurons, 0), key === 'helpful' ? t.helpfulSize : key === 'harmless' ? t.harmlessSize : key === 'mixed' ? t.mixedSize : t.helpfulHarmless.shared, `${key}: the regions hold the whole set`);
  await world.screenshotView(page, 'overlap', 'dashboard-overlap');

  // Top-p% applies on Enter: the URL and the marks follow.
  const input = page.locator('input[name="topPercent"]');
  await input.fill('12');
  await input.press('Enter');
  await page.waitForURL((url) => url.searchParams.get('topPercent') === '12');
  const at12 = await overlapAt(12);
  const expected = overlapMarks(at12);
  assert.notDeepEqual(expected, marks);
  await waitForMarks(page, 'overlap', (now) => JSON.stringify(sorted(now)) === JSON.stringify(expected), undefined, '.pairwise');
  assert.deepEqual(sorted(await marksOf(page, 'overlap', '.pairwise')), expected);
  const threeWay12 = await threeWayAt(12);
  assert.notDeepEqual(threeWayMarks(threeWay12.threeWayOverlap), threeWayMarks(t));
  await waitForMarks(page, 'overlap', (now) => JSON.stringify(sorted(now)) === JSON.stringify(threeWayMarks(threeWay12.threeWayOverlap)), undefined, '.three-way');
  assert.deepEqual(sorted(await marksOf(page, 'overlap', '.regions')), regionMarks(threeWay12));
  assertSelfContained(tracked, { abandoned: true });
  await page.close();
});

// ---------------------------------------------------------------------------------------------
// Influence

interface Ablation {
  neurons: number;
  deltaPerNeuron: number;
  deltaLow: number;
  deltaHigh: number;
  controlMeanDelta: number | null;
  controlStdDelta: number | null;
}

test('the influence view draws each set per neuron with its CI beside its random controls, as the API gives them', async () => {
  const tracked = await world.open('/dashboard');
  const { page } = tracked;
  assert.equal(await viewSettled(page, 'influence'), 'ready');
  // The same ablations, asked one by one (the dashboard asks them in one request).
  const cells = [
    { set: 'shared', kind: { kind: 'SHARED' } },
    { set: 'only helpful', kind: { kind: 'ONLY', of: 'HELPFUL' } },
    { set: 'only harmless', kind: { kind: 'ONLY', of: 'HARMLESS' } },
  ];
  const expected: Record<string, unknown>[] = [];
  for (const { set, kind } of cells) {
    for (const [on, dataset] of [['helpful data', ids.helpfulDataset], ['harmless data', ids.harmlessDataset]]) {
      const { ablation: a } = await graphql<{ ablation: Ablation }>(
        world.server,
        'query($model: ID!, $set: NeuronSetInput!, $dataset: ID!) { ablation(model: $model, set: $set, dataset: $dataset, mode: ZERO, controls: 10) { neurons deltaPerNeuron deltaLow deltaHigh controlMeanDelta controlStdDelta } }',
        { model: ids.mixedModel, set: { ...kind, ...selections(5) }, dataset },
      );
      if (a.neurons === 0) continue;
      const n = a.neurons;
      const mean = a.controlMeanDelta! / n;
      const sd = a.controlStdDelta! / n;
      expected.push(
        { kind: 'set', set, on, neurons: n, deltaPerNeuron: a.deltaPerNeuron },
        { kind: 'setCi', set, on, low: a.deltaLow / n, high: a.deltaHigh / n },
        { kind: 'controlMean', set, on, controlMeanPerNeuron: mean },
        { kind: 'controlBand', set, on, low: mean - 2 * sd, high: mean + 2 * sd },
      );
    }
  }
  const marks = await marksOf(page, 'influence');
  assert.ok(marks.length > 0);
  assert.deepEqual(sorted(marks), sorted(expected));
  assert.match(await page.locator('[data-view="influence"] .note').innerText(), /10 random sets with the set's per-layer counts, mean ± 2 sd per neuron/);
  await world.screenshotView(page, 'influence', 'dashboard-influence');
  assertSelfContained(tracked);
  await page.close();
});
