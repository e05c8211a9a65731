/**
 * The real HTTP server on port 0 over fake engine models: numbers equal the service's, a
 * repeated query touches no model, every error code from a real bad input, JSON (never HTML,
 * never a stack trace) for every failure, health and readiness, CORS and CSRF.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHttpServer, type HttpServerOptions } from '../src/server/app.ts';
import type { Evaluation } from '../src/analysis/resultTypes.ts';
import type { Readiness } from '../src/server/health.ts';
import { sha256 } from '../src/util/hash.ts';
import { engineCalls, serverWorld, type ServerWorld } from './support/serverWorld.ts';

let world: ServerWorld;
const stops: (() => Promise<unknown>)[] = [];
const bodies: string[] = [];
let ready: Readiness = { ready: true };

/** Starts a server on a free port; returns its base URL. */
async function start(options: Partial<HttpServerOptions> = {}): Promise<string> {
  const { httpServer, apollo } = await createHttpServer({ deps: world.deps, readiness: () => ready, log: () => {}, ...options });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  stops.push(() => apollo.stop());
  return `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
}

let base: string;
before(async () => {
  world = serverWorld();
  base = await start();
});
after(async () => {
  for (const stop of stops) await stop();
  await world.close();
  // Whatever failed, no response may carry a stack trace.
  for (const body of bodies) assert.doesNotMatch(body, /stacktrace|\n\s+at |\.ts:\d+/, body);
});

/** POSTs a raw body to /graphql; returns status, headers and the parsed JSON body. */
async function post(body: string, headers: Record<string, string> = {}, url = base) {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  bodies.push(text);
  assert.match(res.headers.get('content-type') ?? '', /application\/json/, text);
  return { status: res.status, headers: res.headers, json: JSON.parse(text) };
}

const gql = (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}, url = base) =>
  post(JSON.stringify({ query, variables }), headers, url);

const codeOf = (r: { json: any }) => r.json.errors?.[0]?.extensions?.code;
const sel = (model: string, dataset: string) => ({ model, dataset, method: 'MAGNITUDE', topPercent: 30 });

test('tension and ablation over HTTP equal the service; a repeated query touches no model', async () => {
  const query = `query ($set: NeuronSetInput!) {
    tension { rows { model { id } dataset { id } evaluation { accuracy accuracyLow accuracyHigh meanMargin pairs } } interference { objective delta deltaLow deltaHigh pairs } }
    ablation(model: "mixed", set: $set, dataset: "harm", controls: 4) { neurons accuracy deltaAccuracy deltaLow deltaHigh zScore controlMeanDelta cached } }`;
  const variables = { set: { kind: 'ONLY', of: 'HARMLESS', helpful: sel('helpful', 'help'), harmless: sel('harmless', 'harm') } };
  const first = await gql(query, variables);
  assert.equal(first.status, 200, JSON.stringify(first.json));
  assert.equal(first.json.errors, undefined);
  const calls = engineCalls(world.calls);
  assert.ok(calls > 0);
  const second = await gql(query, variables);
  assert.equal(engineCalls(world.calls), calls, 'the repeated query ran the engine');
  assert.equal(second.json.data.ablation.cached, true);
  assert.deepEqual(second.json.data.tension, first.json.data.tension);

  const report = await world.service.tension(['base', 'helpful', 'harmless', 'mixed'], ['help', 'harm']);
  // The fields asked for, of each row's served evaluation (which also carries its provenance).
  const asked = ({ accuracy, accuracyLow, accuracyHigh, meanMargin, pairs }: Evaluation) => ({ accuracy, accuracyLow, accuracyHigh, meanMargin, pairs });
  assert.deepEqual(first.json.data.tension.rows.map((r: any) => ({ model: r.model.id, dataset: r.dataset.id, evaluation: r.evaluation })), report.rows.map(({ model, dataset, evaluation }) => ({ model, dataset, evaluation: asked(evaluation) })));
  assert.deepEqual(first.json.data.tension.interference, report.interference.map(({ single: _s, mixed: _m, ...rest }: { single: string; mixed: string }) => rest));
  const spec = { kind: 'ONLY' as const, of: 'HARMLESS' as const, helpful: sel('helpful', 'help') as any, harmless: sel('harmless', 'harm') as any };
  const { value: a, cached } = await world.service.ablation({ model: 'mixed', set: spec, dataset: 'harm', mode: 'ZERO', controls: 4 });
  assert.deepEqual({ ...first.json.data.ablation, cached: true }, {
    neurons: a.neurons, accuracy: a.accuracy, deltaAccuracy: a.deltaAccuracy, deltaLow: a.deltaLow, deltaHigh: a.deltaHigh,
    zScore: a.zScore, controlMeanDelta: a.controlMeanDelta, cached,
  });
});

test('each error code from a real bad input', async () => {
  assert.equal(codeOf(await gql('{ ablation(model: "nope", set: { kind: ALL }, dataset: "help") { accuracy } }')), 'NOT_FOUND');
  const percent = await gql('{ model(id: "helpful") { neurons(dataset: "help", method: MAGNITUDE, topPercent: 150) { rank } } }');
  assert.equal(codeOf(percent), 'BAD_USER_INPUT');
  assert.match(percent.json.errors[0].message, /topPercent/);
  assert.equal(codeOf(await gql('{ ablation(model: "helpful", set: { kind: BIGGEST }, dataset: "help") { accuracy } }')), 'GRAPHQL_VALIDATION_FAILED');
  assert.equal(codeOf(await gql('{ models { id ')), 'GRAPHQL_PARSE_FAILED');

  const broken = await post('{"query": "{ models { id } }"');
  assert.deepEqual([broken.status, codeOf(broken)], [400, 'BAD_REQUEST']);
  const wrongType = await post('{ models { id } }', { 'content-type': 'text/plain' });
  assert.deepEqual([wrongType.status, codeOf(wrongType)], [415, 'BAD_REQUEST']);
  const tooLarge = await gql(`{ models { id } } # ${'x'.repeat(200_000)}`);
  assert.deepEqual([tooLarge.status, codeOf(tooLarge)], [413, 'BAD_REQUEST']);
  const noQuery = await post('{}');
  assert.deepEqual([noQuery.status, codeOf(noQuery)], [400, 'BAD_REQUEST']);

  const deep = await gql('{ models { base { base { base { base { base { base { base { base { id } } } } } } } } } }');
  assert.deepEqual([deep.status, codeOf(deep)], [400, 'QUERY_TOO_COMPLEX']);
  assert.match(deep.json.errors[0].message, /depth limit of 8/);
  const aliases = await gql(`{ ${Array.from({ length: 30 }, (_, i) => `a${i}: serverInfo { version }`).join(' ')} }`);
  assert.equal(codeOf(aliases), 'QUERY_TOO_COMPLEX');
  const tokens = await gql(`{ ${Array.from({ length: 1100 }, () => 'serverInfo { version }').join(' ')} }`);
  assert.equal(codeOf(tokens), 'QUERY_TOO_COMPLEX');
  assert.match(tokens.json.errors[0].message, /tokens/);
});

test('with RMLENS_TOKEN set, mutations need the bearer token; with it, a model is registered over HTTP', async () => {
  const url = await start({ token: 's3cret' });
  // The fake world's own folder is its root; the file reads as a copy of `mixed`.
  const file = join(realpathSync(world.world.dir), 'over-http.onnx');
  writeFileSync(file, 'model mixed');
  const register = 'mutation ($path: String!) { registerModel(path: $path, objective: MIXED, base: "base") { id objective sha256 base { id } } }';
  const missing = await gql(register, { path: file }, {}, url);
  assert.deepEqual([missing.status, codeOf(missing)], [401, 'UNAUTHENTICATED']);
  assert.equal(missing.json.data, undefined);
  assert.equal(codeOf(await gql(register, { path: file }, { authorization: 'Bearer wrong' }, url)), 'UNAUTHENTICATED');
  assert.equal(codeOf(await gql('mutation { unregisterModel(id: "x") }', {}, { authorization: 's3cret' }, url)), 'UNAUTHENTICATED');
  assert.equal((await gql('{ models { id } }', {}, {}, url)).json.data.models.some((m: { id: string }) => m.id === file), false, 'a refused mutation registered nothing');
  const ok = await gql(register, { path: file }, { authorization: 'Bearer s3cret' }, url);
  assert.deepEqual(ok.json, { data: { registerModel: { id: file, objective: 'MIXED', sha256: sha256('model mixed'), base: { id: 'base' } } } });
  assert.deepEqual((await gql('mutation ($id: ID!) { unregisterModel(id: $id) }', { id: file }, { authorization: 'Bearer s3cret' }, url)).json, { data: { unregisterModel: true } });
  // Queries need no token.
  assert.equal((await gql('{ serverInfo { version } }', {}, {}, url)).json.data.serverInfo.version, '0.0.0-test');
  assert.ok(Array.isArray((await gql('{ jobs { id } }', {}, {}, url)).json.data.jobs));
});

test('without RMLENS_TOKEN, mutations run without a header', async () => {
  assert.deepEqual((await gql('mutation { unregisterDataset(id: "nope") }')).json, { data: { unregisterDataset: false } });
});

test('healthz, readyz (503 with a reason), JSON 404, request ids', async () => {
  const health = await fetch(`${base}/healthz`);
  assert.deepEqual([health.status, await health.json()], [200, { status: 'ok' }]);
  assert.equal((await fetch(`${base}/readyz`)).status, 200);
  ready = { ready: false, reason: 'no zoo at /x' };
  const notReady = await fetch(`${base}/readyz`);
  assert.deepEqual([notReady.status, await notReady.json()], [503, { status: 'not ready', reason: 'no zoo at /x' }]);
  ready = { ready: true };
  const missing = await fetch(`${base}/nowhere`);
  assert.equal(missing.status, 404);
  assert.equal((await missing.json()).errors[0].extensions.code, 'NOT_FOUND');
  assert.match(missing.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
});

test('CORS only for configured origins; CSRF prevention blocks simple GETs', async () => {
  const origin = 'http://localhost:5173';
  const plain = await gql('{ serverInfo { version } }', {}, { origin });
  assert.equal(plain.headers.get('access-control-allow-origin'), null);
  const url = await start({ corsOrigins: [origin] });
  const allowed = await gql('{ serverInfo { version } }', {}, { origin }, url);
  assert.equal(allowed.headers.get('access-control-allow-origin'), origin);
  const other = await gql('{ serverInfo { version } }', {}, { origin: 'http://evil.example' }, url);
  assert.equal(other.headers.get('access-control-allow-origin'), null);

  const get = await fetch(`${base}/graphql?query=${encodeURIComponent('{ serverInfo { version } }')}`);
  const text = await get.text();
  bodies.push(text);
  assert.equal(get.status, 400);
  assert.equal(JSON.parse(text).errors[0].extensions.code, 'BAD_REQUEST');
  const preflighted = await fetch(`${base}/graphql?query=${encodeURIComponent('{ serverInfo { version } }')}`, { headers: { 'apollo-require-preflight': '1' } });
  assert.equal(preflighted.status, 200);
});
