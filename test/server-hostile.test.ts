/**
 * 300 hostile requests against a real `rmlens serve` process (the quick zoo, a temporary
 * database, dataset files confined to a temporary root), 8 at a time. Every request comes from
 * a seeded generator, so a failure replays exactly. Each class of abuse must get its code and
 * HTTP status from the EXPECTED table; no request may get INTERNAL_SERVER_ERROR or a stack trace;
 * afterwards the process is still up, answers the tension query with the numbers it gave before
 * the attack, has logged no masked or uncaught error, and stops cleanly.
 *
 * Only 127.0.0.1 is contacted. Nothing here may compute: every request is refused before the
 * engine runs, so the round takes seconds even on two cores.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import { createRng, pick, randomInt } from '../src/util/random.ts';
import { quickZooDir } from './support/quickZoo.ts';
import { startServeProcess, type ServeProcess } from './support/serveProcess.ts';

const SEED = 20_240_611;
const REQUESTS = 300;
const CONCURRENCY = 8;

// The quick zoo is a `default` zoo: these ids exist, with 2 layers of 256 neurons.
const MODEL = 'default/helpful';
const DATASET = 'default/helpful';

/**
 * Class → what the server must answer. `status` lists the HTTP statuses allowed: a bad
 * variable is refused by Apollo before execution (400), the same bad value as a literal reaches
 * the resolver, whose error travels in a 200 response.
 */
const EXPECTED = {
  'deep-nesting': { code: 'QUERY_TOO_COMPLEX', status: [400], why: 'armor depth limit 8, also through fragments' },
  'alias-flood': { code: 'QUERY_TOO_COMPLEX', status: [400], why: 'armor alias limit 20' },
  'directive-flood': { code: 'QUERY_TOO_COMPLEX', status: [400], why: 'armor directive limit 20' },
  'token-flood': { code: 'QUERY_TOO_COMPLEX', status: [400], why: 'graphql-js maxTokens 2000, inside the body limit' },
  'huge-list-body': { code: 'BAD_REQUEST', status: [413], why: 'a LIST of 100k neurons or 10^5 alphas is MBs: over the 100 kB body limit' },
  'long-list': { code: 'BAD_USER_INPUT', status: [200], why: 'lists that fit the body: > 500 alphas, or a LIST with a neuron outside the model' },
  'huge-string': { code: 'NOT_FOUND', status: [200], why: '50 kB model ids and dataset refs: no such model, no such file (ENAMETOOLONG)' },
  'huge-string-body': { code: 'BAD_REQUEST', status: [413], why: 'strings of 150-400 kB: over the body limit' },
  'gzip-bomb': { code: 'BAD_REQUEST', status: [413], why: 'a few kB of gzip inflating past the body limit (the limit counts inflated bytes)' },
  'unknown-enum-literal': { code: 'GRAPHQL_VALIDATION_FAILED', status: [400], why: 'enum literal not in the schema (NaN as a literal is one too)' },
  'wrong-variable-types': { code: 'BAD_USER_INPUT', status: [400], why: "Apollo 5's code for variable coercion errors" },
  'syntax-garbage': { code: 'GRAPHQL_PARSE_FAILED', status: [400], why: 'unparseable query text' },
  'broken-json': { code: 'BAD_REQUEST', status: [400], why: 'body-parser or Apollo refuse the body (batches are off)' },
  'wrong-content-type': { code: 'BAD_REQUEST', status: [415], why: 'POST needs application/json; unknown charset or encoding' },
  'wrong-method': { code: 'BAD_REQUEST', status: [405], why: 'Apollo serves GET and POST only' },
  'csrf-get': { code: 'BAD_REQUEST', status: [400], why: "Apollo's CSRF prevention: GET without a preflight-forcing header" },
  'path-outside-roots': { code: 'BAD_USER_INPUT', status: [200], why: 'confinePath: real path outside RMLENS_DATA_ROOTS, or a NUL byte' },
  'path-missing': { code: 'NOT_FOUND', status: [200], why: 'confinePath: nothing there (ENOENT, ELOOP, ENAMETOOLONG)' },
  'bad-controls': { code: 'BAD_USER_INPUT', status: [200], why: 'controls outside [0, 1000]' },
  'nan-percent': { code: 'BAD_USER_INPUT', status: [200, 400], why: 'percents outside (0, 100]: literals reach the analysis, NaN/Infinity variables fail coercion' },
  'apq-malformed': { code: 'BAD_REQUEST', status: [400], why: 'persisted query whose sha256 does not match, or version != 1' },
  'apq-unknown': { code: 'PERSISTED_QUERY_NOT_FOUND', status: [200], why: 'persisted-query hash never registered' },
} as const satisfies Record<string, { code: string; status: readonly number[]; why: string }>;

type HostileClass = keyof typeof EXPECTED;

/** One request as sent: method, query string (GET), headers, raw body. */
interface HostileRequest {
  cls: HostileClass;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  search?: string;
  headers: Record<string, string>;
  body?: string | Uint8Array<ArrayBuffer>;
}

type Rng = () => number;
type Request = Omit<HostileRequest, 'cls'>;

const JSON_HEADERS = { 'content-type': 'application/json' };
const raw = (body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = JSON_HEADERS): Request => ({ method: 'POST', headers, body });
const gql = (query: string, variables?: Record<string, unknown>, extensions?: Record<string, unknown>): Request =>
  raw(JSON.stringify({ query, variables, extensions }));

const ABLATION = 'query ($model: ID!, $set: NeuronSetInput!, $dataset: ID!, $controls: Int) { ablation(model: $model, set: $set, dataset: $dataset, controls: $controls) { accuracy } }';
const ablation = (vars: Record<string, unknown>) =>
  gql(ABLATION, { model: MODEL, set: { kind: 'ALL' }, dataset: DATASET, controls: 0, ...vars });
const FRONTIER = 'query ($alphas: [Float!]) { frontier(model: "default/mixed", helpful: "default/helpful", harmless: "default/harmless", set: { kind: ALL }, alphas: $alphas) { alpha } }';
const selection = (dataset = DATASET, topPercent: unknown = 10) => ({ model: MODEL, dataset, method: 'MAGNITUDE', topPercent });
const neurons = (n: number, rng: Rng) => Array.from({ length: n }, () => ({ layer: randomInt(rng, 2), index: randomInt(rng, 256) }));
const letters = (rng: Rng, n: number, alphabet = 'abcdefghijklmnopqrstuvwxyz') => Array.from({ length: n }, () => pick(rng, [...alphabet])).join('');

/** The temporary dataset root and the paths planted around it (built in `before`). */
interface Planted {
  root: string;
  /** A symlink inside the root to /etc/passwd. */
  linkOut: string;
  /** A real file next to the root, reachable with `..`. */
  sibling: string;
  /** Two symlinks inside the root pointing at each other. */
  loop: string;
}

/** The generator of each class: one request, its variant and sizes drawn from `rng`. */
function generators(p: Planted): Record<HostileClass, (rng: Rng) => Request> {
  return {
    'deep-nesting': (rng) => {
      const depth = 9 + randomInt(rng, 40);
      const variant = randomInt(rng, 3);
      if (variant === 0) return gql(`{ models { ${'base { '.repeat(depth)}id${' }'.repeat(depth)} } }`);
      if (variant === 1) return gql(`{ tension { interference { single { ${'base { '.repeat(depth)}id${' }'.repeat(depth)} } } } }`);
      // Depth hidden in a chain of fragments, each adding one level.
      const fragments = Array.from({ length: depth }, (_, i) => `fragment F${i} on RewardModel { base { ...F${i + 1} } }`);
      return gql(`{ models { ...F0 } } ${fragments.join(' ')} fragment F${depth} on RewardModel { id }`);
    },
    'alias-flood': (rng) => {
      const n = 21 + randomInt(rng, 250);
      // Not `__typename`: armor allow-lists its aliases (clients add them; they cost nothing), so
      // only the token limit bounds those.
      const field = pick(rng, ['serverInfo { version }', 'models { id }', `model(id: "${MODEL}") { id }`]);
      return gql(`{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`);
    },
    'directive-flood': (rng) => {
      const n = 21 + randomInt(rng, 180);
      const directive = pick(rng, ['@include(if: true)', '@skip(if: false)']);
      // One directive per field occurrence: repeats of one field merge, so only the limit is broken.
      return gql(`{ serverInfo { ${`version ${directive} `.repeat(n)}} }`);
    },
    'token-flood': (rng) => {
      const n = 2_100 + randomInt(rng, 8_000);
      const variant = randomInt(rng, 3);
      if (variant === 0) return gql(`{ serverInfo { ${'version '.repeat(n)}} }`);
      if (variant === 1) return gql(`{ ${'__typename '.repeat(n)}}`);
      return gql(`{ model(id: "${MODEL}"${', id: "x"'.repeat(Math.ceil(n / 3))}) { id } }`);
    },
    'huge-list-body': (rng) =>
      rng() < 0.5
        ? ablation({ set: { kind: 'LIST', neurons: neurons(100_000, rng) } })
        : gql(FRONTIER, { alphas: Array.from({ length: 100_000 }, () => Math.round(rng() * 200) / 100) }),
    'long-list': (rng) => {
      if (rng() < 0.5) return gql(FRONTIER, { alphas: Array.from({ length: 501 + randomInt(rng, 9_000) }, () => randomInt(rng, 3)) });
      // A LIST that fits the body, with one neuron outside the model somewhere in it.
      const list = neurons(500 + randomInt(rng, 3_000), rng);
      list[randomInt(rng, list.length)] = pick(rng, [{ layer: 2, index: 0 }, { layer: 0, index: 256 }, { layer: -1, index: 3 }, { layer: 1, index: 2 ** 31 - 1 }]);
      return ablation({ set: { kind: 'LIST', neurons: list } });
    },
    'huge-string': (rng) => {
      const id = letters(rng, 50_000);
      const variant = randomInt(rng, 4);
      if (variant === 0) return ablation({ model: id });
      if (variant === 1) return ablation({ dataset: id });
      if (variant === 2) return gql('query ($d: ID!) { model(id: "default/helpful") { evaluation(dataset: $d) { accuracy } } }', { d: id });
      // Short path components, 50 kB in all: past PATH_MAX.
      return ablation({ dataset: `${p.root}/${'a/'.repeat(25_000)}x.jsonl` });
    },
    'huge-string-body': (rng) => {
      const big = letters(rng, 150_000 + randomInt(rng, 250_000));
      return rng() < 0.5 ? ablation({ dataset: big }) : gql(`{ serverInfo { version } } # ${big}`);
    },
    'gzip-bomb': (rng) => {
      const inflated = `{"query": "{ serverInfo { version } }", "pad": "${' '.repeat(1_000_000 + randomInt(rng, 4_000_000))}"}`;
      return raw(gzipSync(inflated), { ...JSON_HEADERS, 'content-encoding': 'gzip' });
    },
    'unknown-enum-literal': (rng) => {
      const word = letters(rng, 4 + randomInt(rng, 8), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
      return pick(rng, [
        () => gql(`{ ablation(model: "${MODEL}", set: { kind: ${word} }, dataset: "${DATASET}") { accuracy } }`),
        () => gql(`{ model(id: "${MODEL}") { neurons(dataset: "${DATASET}", method: ${word}, topPercent: 5) { rank } } }`),
        () => gql(`{ ablation(model: "${MODEL}", set: { kind: ALL }, dataset: "${DATASET}", mode: ${word}) { accuracy } }`),
        () => gql(`{ ablation(model: "${MODEL}", set: { kind: TOP, of: ${word}, helpful: { model: "${MODEL}", dataset: "${DATASET}", method: MAGNITUDE, topPercent: 5 } }, dataset: "${DATASET}") { accuracy } }`),
        // GraphQL has no NaN literal: it lexes as an enum value, which a Float refuses.
        () => gql(`{ model(id: "${MODEL}") { neurons(dataset: "${DATASET}", method: MAGNITUDE, topPercent: NaN) { rank } } }`),
      ])();
    },
    'wrong-variable-types': (rng) =>
      pick(rng, [
        () => ablation({ controls: pick(rng, ['ten', 1.5, true, { n: 1 }, [1], 2 ** 31]) }),
        () => ablation({ model: pick(rng, [{}, [MODEL], true, null]) }),
        () => ablation({ set: pick(rng, ['ALL', { kind: 'BIGGEST' }, { percent: 5 }, { kind: 'ALL', extra: 1 }, { kind: 'LIST', neurons: [{ layer: 'zero', index: 0 }] }]) }),
        () => gql(FRONTIER, { alphas: pick(rng, [['half'], [null], 'all', [{ a: 1 }]]) }),
        () => gql('query ($p: Float!) { model(id: "default/helpful") { neurons(dataset: "default/helpful", method: MAGNITUDE, topPercent: $p) { rank } } }', { p: pick(rng, ['5', [5], { p: 5 }, false]) }),
      ])(),
    'syntax-garbage': (rng) => {
      // An unclosed `{` plus junk without `}`: unparseable whatever the junk is.
      const junk = letters(rng, 1 + randomInt(rng, 300), 'abcXYZ019 !$%&*()[]:=@|^~;<>?,."\\/\'§é\t');
      return gql(pick(rng, ['{', 'query {', '{ models {', 'fragment on {']) + junk);
    },
    'broken-json': (rng) =>
      pick(rng, [
        () => raw('{"query": "{ serverInfo { version } }"'),
        () => raw('{"query": "{ serverInfo { version } }",}'),
        () => raw("{'query': '{ serverInfo { version } }'}"),
        () => raw('"{ serverInfo { version } }"'),
        () => raw('null'),
        () => raw(String(randomInt(rng, 1e6))),
        () => raw(''),
        () => raw('{}'),
        () => raw('[{"query": "{ serverInfo { version } }"}, {"query": "{ models { id } }"}]'),
        () => raw('{"query": 42}'),
        () => raw('{"query": "{ serverInfo { version } }", "variables": "{}"}'),
        () => raw(Uint8Array.from({ length: 1 + randomInt(rng, 2_000) }, () => randomInt(rng, 256))),
      ])(),
    'wrong-content-type': (rng) => {
      const body = JSON.stringify({ query: '{ serverInfo { version } }' });
      return pick(rng, [
        () => raw(body, { 'content-type': pick(rng, ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/graphql', 'application/xml', 'image/png']) }),
        () => raw(body, {}),
        () => raw(body, { 'content-type': 'application/json; charset=koi8-xyz' }),
        () => raw(body, { ...JSON_HEADERS, 'content-encoding': pick(rng, ['compress', 'zstd-ish', 'x-rot13']) }),
      ])();
    },
    'wrong-method': (rng) => ({ method: pick(rng, ['PUT', 'PATCH', 'DELETE'] as const), headers: JSON_HEADERS, body: JSON.stringify({ query: '{ serverInfo { version } }' }) }),
    'csrf-get': (rng) => {
      const query = pick(rng, ['{ serverInfo { version } }', '{ models { id } }', '{ tension { rows { model { id } } } }']);
      const headers = pick<Record<string, string>>(rng, [{}, { 'content-type': 'text/plain' }, { 'content-type': 'application/x-www-form-urlencoded' }, { origin: 'http://evil.example' }]);
      return { method: 'GET', search: `?query=${encodeURIComponent(query)}`, headers };
    },
    'path-outside-roots': (rng) => {
      const path = pick(rng, ['/etc/passwd', '/etc/passwd#HELPFUL', '../../../../../etc/passwd', '/proc/self/environ', p.linkOut, p.sibling, `${p.root}/../${p.sibling.split('/').pop()}#HARMLESS`, `${p.root}/x.jsonl\u0000.txt`]);
      return pick(rng, [
        () => ablation({ dataset: path }),
        () => gql('query ($d: ID!) { dataset(id: $d) { id } }', { d: path }),
        () => gql('query ($s: NeuronSelectionInput!) { overlap(helpful: $s, harmless: $s) { shared } }', { s: selection(path) }),
      ])();
    },
    'path-missing': (rng) => {
      const path = pick(rng, ['../../x', `${p.root}/absent-${randomInt(rng, 1e6)}.jsonl`, p.loop, `${p.root}/absent/deeper.jsonl#HARMLESS`, `/nonexistent-${randomInt(rng, 1e6)}/pairs.jsonl`]);
      return rng() < 0.5 ? ablation({ dataset: path }) : gql('query ($d: ID!) { model(id: "default/helpful") { evaluation(dataset: $d) { accuracy } } }', { d: path });
    },
    'bad-controls': (rng) => {
      const controls = pick(rng, [-1, -(2 ** 31), 1_001, 2 ** 31 - 1, -1 - randomInt(rng, 1e6), 1_001 + randomInt(rng, 1e6)]);
      return rng() < 0.5
        ? ablation({ controls })
        : gql(`{ ablation(model: "${MODEL}", set: { kind: ALL }, dataset: "${DATASET}", controls: ${controls}) { accuracy } }`);
    },
    'nan-percent': (rng) => {
      const literal = pick(rng, ['0', '-0.0', '1e-400', '1e999', '-1e999', '100.000001', '-5', '101']);
      return pick(rng, [
        () => gql(`{ model(id: "${MODEL}") { neurons(dataset: "${DATASET}", method: MAGNITUDE, topPercent: ${literal}) { rank } } }`),
        () => gql(`{ ablation(model: "${MODEL}", set: { kind: RANDOM, percent: ${literal}, seed: 1 }, dataset: "${DATASET}") { accuracy } }`),
        () => ablation({ set: { kind: 'TOP', of: 'HELPFUL', helpful: selection(DATASET, Number(literal)) } }),
        // JSON has no NaN or Infinity: sent as strings they fail Float coercion; 1e999 parses to Infinity.
        () => ablation({ set: { kind: 'RANDOM', seed: 1, percent: pick(rng, ['NaN', 'Infinity', '-Infinity']) } }),
        () => raw(`{"query": ${JSON.stringify(ABLATION)}, "variables": {"model": "${MODEL}", "dataset": "${DATASET}", "set": {"kind": "RANDOM", "seed": 1, "percent": ${pick(rng, ['1e999', '-1e999'])}}}}`),
      ])();
    },
    'apq-malformed': (rng) => {
      const query = '{ serverInfo { version } }';
      return rng() < 0.5
        ? gql(query, undefined, { persistedQuery: { version: 1, sha256Hash: letters(rng, 64, '0123456789abcdef') } })
        : gql(query, undefined, { persistedQuery: { version: pick(rng, [0, 2, '1', 99]), sha256Hash: letters(rng, 64, '0123456789abcdef') } });
    },
    'apq-unknown': (rng) => raw(JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: letters(rng, 64, '0123456789abcdef') } } })),
  };
}

/** REQUESTS requests, the classes in turn, each drawn from one seeded stream. */
function hostileRequests(planted: Planted): HostileRequest[] {
  const rng = createRng(SEED);
  const make = generators(planted);
  const classes = Object.keys(EXPECTED) as HostileClass[];
  return Array.from({ length: REQUESTS }, (_, i) => {
    const cls = classes[i % classes.length];
    return { cls, ...make[cls](rng) };
  });
}

/** What came back for one request. */
interface Outcome {
  request: HostileRequest;
  status: number;
  contentType: string;
  text: string;
}

async function send(base: string, request: HostileRequest): Promise<Outcome> {
  const res = await fetch(`${base}/graphql${request.search ?? ''}`, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: AbortSignal.timeout(30_000),
  });
  return { request, status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
}

/** Runs `run` on every item, at most `limit` at a time; results in item order. */
async function boundedAll<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await run(items[i]);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

/** What is wrong with one outcome; empty when it is what its class must get. */
function problemsOf({ request, status, contentType, text }: Outcome): string[] {
  const expected = EXPECTED[request.cls];
  const problems: string[] = [];
  if (!/application\/json/.test(contentType)) problems.push(`content-type ${contentType}`);
  if (/stacktrace|\n\s+at |\.ts:\d+|node:internal/.test(text)) problems.push('stack trace in body');
  if (!(expected.status as readonly number[]).includes(status)) problems.push(`status ${status}, expected ${expected.status.join(' or ')}`);
  let codes: unknown[] = [];
  try {
    codes = ((JSON.parse(text) as { errors?: { extensions?: { code?: unknown } }[] }).errors ?? []).map((e) => e.extensions?.code);
  } catch {
    problems.push('body is not JSON');
  }
  if (codes.length === 0) problems.push('no errors');
  if (codes.some((code) => code !== expected.code)) problems.push(`codes ${codes.join(', ')}, expected ${expected.code}`);
  return problems;
}

const TENSION = '{ tension { rows { model { id } dataset { id } evaluation { accuracy accuracyLow accuracyHigh meanMargin pairs } } interference { objective delta deltaLow deltaHigh pairs } } }';

let dir: string;
let planted: Planted;
let server: ServeProcess;
let warmTension: TensionReport;

/** The part of the tension report the checks read; the rest is compared whole. */
interface TensionReport {
  rows: { evaluation: { accuracy: number; pairs: number } }[];
}

/** A query that must succeed; its `data`. */
async function query<T>(q: string): Promise<T> {
  const res = await fetch(server.url, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ query: q }), signal: AbortSignal.timeout(120_000) });
  const body = (await res.json()) as { data: T; errors?: unknown };
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
}

before(async () => {
  // realpath: the temp folder may sit behind a symlink, and the server compares real paths.
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'rmlens-hostile-')));
  const root = join(dir, 'roots');
  mkdirSync(root);
  planted = { root, linkOut: join(root, 'passwd-link'), sibling: join(dir, 'sibling.jsonl'), loop: join(root, 'loop-a') };
  symlinkSync('/etc/passwd', planted.linkOut);
  writeFileSync(planted.sibling, '{"chosen": "Human: hi Assistant: hello", "rejected": "Human: hi Assistant: go away"}\n');
  symlinkSync(join(root, 'loop-b'), planted.loop);
  symlinkSync(planted.loop, join(root, 'loop-b'));
  // A budget of minutes: the warm-up below must get its answer, however slow a loaded CI machine is.
  server = await startServeProcess({ db: join(dir, 'results.sqlite'), zoo: await quickZooDir(), env: { RMLENS_DATA_ROOTS: root, RMLENS_REQUEST_BUDGET_MS: '600000' } });
  // The cold tension query computes every evaluation; warm it (and the models' sites, which
  // LIST checks read) so the hostile round measures refusals, not engine time.
  warmTension = (await query<{ tension: TensionReport }>(TENSION)).tension;
  await query(`{ models { id layers neuronCount } }`);
});

after(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test(`${REQUESTS} seeded hostile requests, ${CONCURRENCY} at a time: each class gets its code, none an internal error, the server stays up`, { timeout: 300_000 }, async (t) => {
  const requests = hostileRequests(planted);
  assert.deepEqual(new Set(requests.map((r) => r.cls)), new Set(Object.keys(EXPECTED)), 'every class is exercised');
  const outcomes = await boundedAll(requests, CONCURRENCY, (request) => send(server.base, request));

  const internal = outcomes.filter((o) => o.text.includes('INTERNAL_SERVER_ERROR'));
  assert.equal(internal.length, 0, `INTERNAL_SERVER_ERROR for: ${internal.map((o) => o.request.cls).join(', ')}\n${internal[0]?.text.slice(0, 500)}`);
  const failures = outcomes.flatMap((o, i) => {
    const problems = problemsOf(o);
    return problems.length ? [`#${i} ${o.request.cls}: ${problems.join('; ')}\n  body: ${o.text.slice(0, 300)}`] : [];
  });
  for (const [cls, e] of Object.entries(EXPECTED)) {
    t.diagnostic(`${cls} → ${e.status.join('/')} ${e.code}: ${outcomes.filter((o) => o.request.cls === cls).length} requests`);
  }
  assert.deepEqual(failures, [], failures.slice(0, 10).join('\n'));

  // Still up and still right: health, and the warm tension table unchanged, with real numbers.
  assert.ok(server.alive(), 'the server process exited');
  const health = await fetch(`${server.base}/healthz`);
  assert.deepEqual([health.status, await health.json()], [200, { status: 'ok' }]);
  const { tension } = await query<{ tension: TensionReport }>(TENSION);
  assert.deepEqual(tension, warmTension);
  assert.ok(tension.rows.length > 0);
  for (const { evaluation } of tension.rows) {
    assert.ok(evaluation.pairs > 0 && evaluation.accuracy >= 0 && evaluation.accuracy <= 1, JSON.stringify(evaluation));
  }

  // Nothing masked was logged (the server logs every masked error under its request id) and nothing escaped.
  assert.doesNotMatch(server.stderr(), /rmlens serve: request|Uncaught|Unhandled|Error:/, server.stderr());
  const exit = await server.stop();
  assert.deepEqual(exit, { code: 0, signal: null }, server.stderr());
});
