/**
 * Resolvers through `executeOperation` with fake engine models over a real SQLite file: each
 * field returns what the analysis service returns for the same request, pagination, the
 * "null when unknown" rule, and masking of unexpected errors.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createGraphqlServer } from '../src/server/app.ts';
import { execute, queryData, serverWorld, type ServerWorld } from './support/serverWorld.ts';

const server = createGraphqlServer({ log: () => {} });
let world: ServerWorld;
before(() => { world = serverWorld(); });
after(() => world.close());

const sel = (model: string, dataset: string, topPercent = 30) => ({ model, dataset, method: 'MAGNITUDE' as const, topPercent });

test('models, datasets and serverInfo; unknown ids are null', async () => {
  const data = await queryData(server, world.context(), `{
    serverInfo { version engineVersion }
    models { id name objective sha256 layers neuronCount base { id } }
    datasets { id name objective trainPairs heldOutPairs droppedPairs source contentHash }
    model(id: "nope") { id }
    dataset(id: "nope") { id }
  }`);
  assert.equal(data.serverInfo.version, '0.0.0-test');
  assert.deepEqual(data.models.map((m: { id: string }) => m.id), ['base', 'helpful', 'harmless', 'mixed']);
  const helpful = data.models[1];
  assert.equal(helpful.objective, 'HELPFUL');
  assert.equal(helpful.sha256, await world.service.modelSha256('helpful'));
  assert.deepEqual([helpful.layers, helpful.neuronCount, helpful.base], [2, 10, { id: 'base' }]);
  assert.equal(data.models[0].base, null);
  const help = await world.service.dataset('help');
  assert.deepEqual(data.datasets[0], { id: 'help', name: 'help', objective: 'HELPFUL', trainPairs: 20, heldOutPairs: 8, droppedPairs: 1, source: 'test', contentHash: help.contentHash });
  assert.equal(data.model, null);
  assert.equal(data.dataset, null);
});

test('evaluation and neurons equal the service; connections page through the same list', async () => {
  const data = await queryData(server, world.context(), `{ model(id: "helpful") {
    evaluation(dataset: "help") { accuracy accuracyLow accuracyHigh meanMargin pairs }
    neurons(dataset: "help", method: MAGNITUDE, topPercent: 50) { rank score neuron { layer index site } } } }`);
  assert.deepEqual(data.model.evaluation, (await world.service.evaluation('helpful', 'help')).value);
  const { value: expected } = await world.service.neurons('helpful', 'help', 'MAGNITUDE', 50);
  assert.deepEqual(data.model.neurons, expected);
  const page = `query ($after: String, $layer: Int) { model(id: "helpful") {
    neuronsConnection(dataset: "help", method: MAGNITUDE, topPercent: 50, first: 2, after: $after, layer: $layer) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { rank neuron { layer index } } } } } }`;
  const seen: number[] = [];
  let after: string | null = null;
  for (;;) {
    const c: any = (await queryData(server, world.context(), page, { after })).model.neuronsConnection;
    assert.equal(c.totalCount, expected.length);
    seen.push(...c.edges.map((e: any) => e.node.rank));
    if (!c.pageInfo.hasNextPage) break;
    after = c.pageInfo.endCursor;
  }
  assert.deepEqual(seen, expected.map((s) => s.rank));
  const layer1 = (await queryData(server, world.context(), page, { layer: 1 })).model.neuronsConnection;
  assert.equal(layer1.totalCount, expected.filter((s) => s.neuron.layer === 1).length);
  assert.ok(layer1.edges.every((e: any) => e.node.neuron.layer === 1));
  const bad = await execute(server, world.context(), page, { after: 'not-a-cursor' });
  assert.equal(bad.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
});

test('overlap with its shared neurons (first, connection); correspondence', async () => {
  const variables = { h: sel('helpful', 'help'), x: sel('harmless', 'harm') };
  const data = await queryData(server, world.context(), `query ($h: NeuronSelectionInput!, $x: NeuronSelectionInput!) {
    overlap(helpful: $h, harmless: $x) { helpfulOnly harmlessOnly shared total jaccard sharedShareOfHelpful sharedShareOfHarmless expectedShared pValue
      sharedNeurons(first: 0) { layer } all: sharedNeurons { layer index site }
      sharedNeuronsConnection(first: 10) { totalCount pageInfo { hasNextPage endCursor } edges { node { layer index site } } } }
    correspondence(a: "helpful", b: "mixed", dataset: "harm") { meanCorrelation medianCorrelation shareAboveHalf neurons } }`, variables);
  const { sharedNeurons, ...stats } = (await world.service.overlap(sel('helpful', 'help'), sel('harmless', 'harm'))).value;
  const { sharedNeurons: _a, all, sharedNeuronsConnection, ...got } = data.overlap;
  assert.deepEqual(got, stats);
  assert.deepEqual(data.overlap.sharedNeurons, []);
  assert.deepEqual(all, sharedNeurons);
  assert.deepEqual(sharedNeuronsConnection.edges.map((e: any) => e.node), sharedNeurons);
  assert.equal(sharedNeuronsConnection.pageInfo.hasNextPage, false);
  assert.deepEqual(data.correspondence, (await world.service.correspondence('helpful', 'mixed', 'harm')).value);
});

test('ablation, pSweep and frontier equal the service; set fields are checked by the analysis', async () => {
  const set = { kind: 'SHARED', helpful: sel('helpful', 'help'), harmless: sel('harmless', 'harm') };
  const data = await queryData(server, world.context(), `query ($set: NeuronSetInput!, $h: NeuronSelectionInput!, $x: NeuronSelectionInput!) {
    ablation(model: "mixed", set: $set, dataset: "help", controls: 3) { neurons pairs baselineAccuracy accuracy deltaAccuracy deltaLow deltaHigh
      baselineMargin meanMargin deltaPerNeuron controls controlMeanDelta controlStdDelta zScore cached }
    pSweep(model: "mixed", helpful: $h, harmless: $x, dataset: "help") { percent kind of accuracy deltaAccuracy neurons controls controlMeanDelta controlStdDelta }
    frontier(model: "mixed", helpful: "help", harmless: "harm", set: $set, alphas: [0, 1]) { alpha helpfulAccuracy harmlessAccuracy helpfulDelta harmlessDelta } }`,
    { set, h: sel('helpful', 'help'), x: sel('harmless', 'harm') });
  const spec = { kind: 'SHARED' as const, helpful: sel('helpful', 'help'), harmless: sel('harmless', 'harm') };
  const ablation = await world.service.ablation({ model: 'mixed', set: spec, dataset: 'help', mode: 'ZERO', controls: 3 });
  assert.deepEqual(data.ablation, { ...ablation.value, cached: false });
  assert.equal(ablation.cached, true);
  assert.deepEqual(data.pSweep, (await world.service.pSweep('mixed', sel('helpful', 'help'), sel('harmless', 'harm'), 'help')).value);
  assert.deepEqual(data.frontier, (await world.service.frontier('mixed', spec, 'help', 'harm', [0, 1])).value);
  const missing = await execute(server, world.context(), '{ ablation(model: "mixed", set: { kind: SHARED }, dataset: "help") { accuracy } }');
  assert.equal(missing.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
  assert.match(missing.errors![0].message, /missing field\(s\): helpful, harmless/);
  const scale = await execute(server, world.context(), '{ ablation(model: "mixed", set: { kind: ALL }, dataset: "help", mode: SCALE) { accuracy } }');
  assert.match(scale.errors![0].message, /alpha/);
});

test("the mixed RM's own neurons (pooled), threeWayOverlap, layerRegions and region ablations equal the service", async () => {
  const mixed = { ...sel('mixed', 'help'), pooledWith: ['harm'] };
  const top = { kind: 'TOP' as const, of: 'MIXED' as const, mixed };
  const pair = 'first second firstOnly secondOnly shared total jaccard sharedShareOfFirst sharedShareOfSecond expectedShared pValue';
  const data = await queryData(server, world.context(), `query ($h: NeuronSelectionInput!, $x: NeuronSelectionInput!, $m: NeuronSelectionInput!, $top: NeuronSetInput!, $late: NeuronSetInput!) {
    threeWayOverlap(helpful: $h, harmless: $x, mixed: $m) { neuronCount helpfulSize harmlessSize mixedSize
      helpfulHarmless { ${pair} } helpfulMixed { ${pair} } harmlessMixed { ${pair} }
      shared expectedShared pValue expectedSharedGivenHelpfulHarmless pValueGivenHelpfulHarmless sharedNeurons { layer index site } one: sharedNeurons(first: 1) { index } engineVersion }
    layerRegions(model: "mixed", set: $top) { region { index name firstLayer lastLayer neurons } neurons share expectedShare }
    model(id: "mixed") { layerRegions { index name firstLayer lastLayer neurons }
      neurons(dataset: "help", pooledWith: ["harm"], method: MAGNITUDE, topPercent: 30) { rank score neuron { layer index site } } }
    late: ablation(model: "mixed", set: $late, dataset: "harm", controls: 2) { neurons deltaAccuracy controls controlMeanDelta } }`,
  { h: sel('helpful', 'help'), x: sel('harmless', 'harm'), m: mixed, top, late: { ...top, region: 1 } });
  const { sharedNeurons, ...three } = (await world.service.threeWayOverlap(sel('helpful', 'help'), sel('harmless', 'harm'), mixed)).value;
  const { sharedNeurons: all, one, engineVersion: _v, ...got } = data.threeWayOverlap;
  assert.deepEqual(got, three);
  assert.deepEqual(all, sharedNeurons);
  assert.deepEqual(one, sharedNeurons.slice(0, 1).map(({ index }) => ({ index })));
  assert.deepEqual(data.layerRegions, await world.service.regionShares('mixed', top));
  assert.deepEqual(data.model.layerRegions, [
    { index: 0, name: 'layer 0', firstLayer: 0, lastLayer: 0, neurons: 5 },
    { index: 1, name: 'layer 1', firstLayer: 1, lastLayer: 1, neurons: 5 },
  ]);
  const pooled = (await world.service.neurons('mixed', 'help', 'MAGNITUDE', 30, {}, 'MAGNITUDE', ['harm'])).value;
  assert.deepEqual(data.model.neurons, pooled);
  const late = (await world.service.ablation({ model: 'mixed', set: { ...top, region: 1 }, dataset: 'harm', mode: 'ZERO', controls: 2 })).value;
  assert.deepEqual(data.late, { neurons: late.neurons, deltaAccuracy: late.deltaAccuracy, controls: 2, controlMeanDelta: late.controlMeanDelta });
  assert.equal(late.neurons, data.layerRegions[1].neurons);
  const bad = await execute(server, world.context(), `query ($m: NeuronSelectionInput!) { a: ablation(model: "mixed", set: { kind: TOP, of: MIXED, mixed: $m, region: 2 }, dataset: "help") { neurons } }`, { m: mixed });
  assert.equal(bad.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
  assert.match(bad.errors![0].message, /region must be an integer in 0\.\.1 \(layer 0, layer 1\)/);
  const only = await execute(server, world.context(), `query ($h: NeuronSelectionInput!) { a: ablation(model: "mixed", set: { kind: ONLY, of: MIXED, helpful: $h, harmless: $h }, dataset: "help") { neurons } }`, { h: sel('helpful', 'help') });
  assert.match(only.errors![0].message, /of must be HELPFUL or HARMLESS, got MIXED/);
});

test('pSweep with controls equals the service; controls outside 0…100 are BAD_USER_INPUT', async () => {
  const variables = { h: sel('helpful', 'help'), x: sel('harmless', 'harm') };
  const query = (controls: string) => `query ($h: NeuronSelectionInput!, $x: NeuronSelectionInput!) {
    pSweep(model: "mixed", helpful: $h, harmless: $x, dataset: "help", controls: ${controls}) { percent kind of accuracy deltaAccuracy neurons controls controlMeanDelta controlStdDelta } }`;
  const data = await queryData(server, world.context(), query('4'), variables);
  assert.deepEqual(data.pSweep, (await world.service.pSweep('mixed', sel('helpful', 'help'), sel('harmless', 'harm'), 'help', 4)).value);
  assert.ok(data.pSweep.every((p: { controls: number }) => p.controls === 4));
  for (const controls of ['-1', '101']) {
    const bad = await execute(server, world.context(), query(controls), variables);
    assert.equal(bad.errors?.[0].extensions?.code, 'BAD_USER_INPUT', controls);
    assert.match(bad.errors![0].message, /controls must be an integer in \[0, 100\]/);
  }
});

test('tension rows and interference equal the analysis report, with models and datasets resolved', async () => {
  const data = await queryData(server, world.context(), `{ tension {
    rows { model { id } dataset { id } evaluation { accuracy pairs } }
    interference { objective single { id } mixed { id } delta deltaLow deltaHigh pairs } } }`);
  const report = await world.service.tension(['base', 'helpful', 'harmless', 'mixed'], ['help', 'harm']);
  assert.deepEqual(
    data.tension.rows.map((r: any) => [r.model.id, r.dataset.id, r.evaluation.accuracy, r.evaluation.pairs]),
    report.rows.map((r: { model: string; dataset: string; evaluation: { accuracy: number; pairs: number } }) => [r.model, r.dataset, r.evaluation.accuracy, r.evaluation.pairs]),
  );
  assert.deepEqual(
    data.tension.interference.map((i: any) => ({ ...i, single: i.single.id, mixed: i.mixed.id })),
    report.interference,
  );
});

test('tension baselines, rows by length and transferability equal the analysis report; Query.transferability equals the service', async () => {
  const stratum = 'accuracy accuracyLow accuracyHigh pairs';
  const data = await queryData(server, world.context(), `{ tension {
    rows { model { id } dataset { id } byLength { chosenLonger { ${stratum} } chosenShorter { ${stratum} } equalLength { ${stratum} } } }
    baselines { rule dataset { id } accuracy accuracyLow accuracyHigh pairs chosenLonger chosenShorter equalLength maxResponseTokens }
    transferability { from { id } to { id } dataset { id } share shareLow shareHigh fromCorrect bothCorrect pairs } }
    transferability(from: "harmless", to: "mixed", dataset: "help") { from { id objective } to { id } dataset { id heldOutPairs } share shareLow shareHigh fromCorrect bothCorrect pairs } }`);
  const report = await world.service.tension(['base', 'helpful', 'harmless', 'mixed'], ['help', 'harm']);
  assert.deepEqual(data.tension.rows.map((r: any) => ({ model: r.model.id, dataset: r.dataset.id, byLength: r.byLength })), report.rows.map(({ model, dataset, byLength }) => ({ model, dataset, byLength })));
  assert.deepEqual(data.tension.baselines.map((b: any) => ({ ...b, dataset: b.dataset.id })), report.baselines);
  assert.deepEqual(data.tension.transferability.map((t: any) => ({ ...t, from: t.from.id, to: t.to.id, dataset: t.dataset.id })), report.transferability);
  // HELPFUL singles first, then HARMLESS, each against the mixed RM on both datasets.
  assert.deepEqual(report.transferability.map((t) => `${t.from}>${t.to}@${t.dataset}`), ['helpful>mixed@help', 'helpful>mixed@harm', 'harmless>mixed@help', 'harmless>mixed@harm']);
  // The fake world's responses (" yes i" / " no i") are all as long as each other: every pair is in the equal stratum.
  assert.ok(report.rows.every((r) => r.byLength.chosenLonger.pairs === 0 && r.byLength.chosenLonger.accuracy === null && r.byLength.equalLength.pairs === r.evaluation.pairs));
  assert.deepEqual(report.baselines.map((b) => [b.accuracy, b.equalLength]), [[0.5, 8], [0.5, 6]]);
  // harmless wins 1, 0, 1, 1, 1, 1, 0, 1 on help's 8 pairs and mixed 1, 0, 0, ½, 1, 0, 0, ½: both 1, 0, 0, ½, 1, 0, 0, ½ → 3 of 6.
  const t = data.transferability;
  assert.deepEqual([t.from, t.to, t.dataset], [{ id: 'harmless', objective: 'HARMLESS' }, { id: 'mixed' }, { id: 'help', heldOutPairs: 8 }]);
  assert.deepEqual([t.fromCorrect, t.bothCorrect, t.share, t.pairs], [6, 3, 0.5, 8]);
  const { from: _f, to: _t, dataset: _d, ...numbers } = (await world.service.transferability('harmless', 'mixed', 'help')).value;
  assert.deepEqual({ share: t.share, shareLow: t.shareLow, shareHigh: t.shareHigh, fromCorrect: t.fromCorrect, bothCorrect: t.bothCorrect, pairs: t.pairs }, numbers);
  const unknown = await execute(server, world.context(), '{ transferability(from: "nope", to: "mixed", dataset: "help") { share } }');
  assert.equal(unknown.errors?.[0].extensions?.code, 'NOT_FOUND');
});

test('tension(ties: STRICT) and transferability(ties: STRICT) count a tie as wrong in the length rule, the strata and transferability', async () => {
  const data = await queryData(server, world.context(), `{ tension(ties: STRICT) {
    rows { model { id } dataset { id } byLength { equalLength { accuracy pairs } } }
    baselines { dataset { id } accuracy equalLength }
    transferability { from { id } to { id } dataset { id } share fromCorrect bothCorrect } }
    transferability(from: "harmless", to: "mixed", dataset: "help", ties: STRICT) { share fromCorrect bothCorrect pairs } }`);
  const report = await world.service.tension(['base', 'helpful', 'harmless', 'mixed'], ['help', 'harm'], {}, 'STRICT');
  assert.deepEqual(data.tension.rows.map((r: any) => r.byLength.equalLength), report.rows.map((r) => ({ accuracy: r.byLength.equalLength.accuracy, pairs: r.byLength.equalLength.pairs })));
  assert.deepEqual(data.tension.transferability.map((t: any) => [t.from.id, t.to.id, t.dataset.id, t.share, t.fromCorrect, t.bothCorrect]),
    report.transferability.map((t) => [t.from, t.to, t.dataset, t.share, t.fromCorrect, t.bothCorrect]));
  // Every pair of the fake world is of equal length: the rule ties on each, and a tie counts nothing.
  assert.deepEqual(data.tension.baselines.map((b: any) => [b.dataset.id, b.accuracy, b.equalLength]), [['help', 0, 8], ['harm', 0, 6]]);
  // harmless wins 1, 0, 1, 1, 1, 1, 0, 1 on help; mixed's two ties (½ under HALF) now count 0: both 1, 0, 0, 0, 1, 0, 0, 0 → 2 of 6.
  assert.deepEqual(data.transferability, { share: 2 / 6, fromCorrect: 6, bothCorrect: 2, pairs: 8 });
});

test('job of an unknown id is null', async () => {
  assert.deepEqual(await queryData(server, world.context(), '{ job(id: "1") { id } }'), { job: null });
});

test('an unexpected error is masked, carries the request id, and is logged with the real message', async () => {
  const lines: string[] = [];
  const logging = createGraphqlServer({ log: (line) => lines.push(line) });
  const broken = serverWorld();
  broken.service.listModels = () => { throw new Error('secret path /etc/x exploded'); };
  try {
    const context = broken.context();
    const body = await execute(logging, context, '{ models { id } }');
    assert.deepEqual(body.errors, [{ message: 'Internal server error', path: ['models'], extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: context.requestId } }]);
    assert.equal(lines.length, 1);
    assert.match(lines[0], new RegExp(`${context.requestId}.*secret path /etc/x exploded`));
    assert.match(lines[0], /at /);
  } finally {
    await broken.close();
  }
});

test('neuronsConnection(sortBy:) lists the selection in another method\'s order; NeuronScore.detail is the neuron up close', async () => {
  const data = await queryData(server, world.context(), `{ model(id: "helpful") {
    neuronsConnection(dataset: "help", method: CONTRAST, topPercent: 50, sortBy: MAGNITUDE) {
      totalCount edges { node { rank score neuron { layer index } detail { layer index site } } } } } }`);
  const nodes = data.model.neuronsConnection.edges.map((e: any) => e.node);
  const { value: expected } = await world.service.neurons('helpful', 'help', 'CONTRAST', 50, {}, 'MAGNITUDE');
  assert.deepEqual(nodes.map((n: any) => ({ rank: n.rank, score: n.score, neuron: n.neuron })), expected.map((s) => ({ rank: s.rank, score: s.score, neuron: { layer: s.neuron.layer, index: s.neuron.index } })));
  // The same selection as without sortBy, listed by MAGNITUDE score (two sites of 5: flat = 5·layer + index).
  const { value: plain } = await world.service.neurons('helpful', 'help', 'CONTRAST', 50);
  const key = (n: { layer: number; index: number }) => 5 * n.layer + n.index;
  assert.deepEqual(nodes.map((n: any) => key(n.neuron)).sort((a: number, b: number) => a - b), plain.map((s) => key(s.neuron)).sort((a, b) => a - b));
  const magnitude = (await world.service.scores({ model: 'helpful', dataset: 'help', method: 'MAGNITUDE' })).value.score;
  const listed = nodes.map((n: any) => magnitude[key(n.neuron)]);
  assert.deepEqual(listed, [...listed].sort((a: number, b: number) => b - a));
  assert.notDeepEqual(nodes.map((n: any) => key(n.neuron)), plain.map((s) => key(s.neuron)), 'the order is not the selection method\'s');
  for (const n of nodes) assert.deepEqual(n.detail, { ...n.neuron, site: `ffn${n.neuron.layer}` });
});
