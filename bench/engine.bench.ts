/**
 * Engine benchmark (`npm run bench`); timings only, no assertions. Four parts:
 *
 * 1. The test-support transformer RM (64 texts × 128 tokens): plain vs instrumented forward,
 *    and 32 ablation conditions as 32 full runs vs the engine's split and tiled paths.
 * 2. The machine's ceiling: GFLOP/s of onnxruntime on one 2048³ MatMul, same session options.
 * 3. The reference zoo's helpful RM (`RMLENS_BENCH_ZOO`, default zoo/default) over its held-out
 *    helpful texts: plain vs instrumented forward of one batch, then GFLOP/s of the plain
 *    forward (`rewards`) and of the study's p-sweep (76 ZERO conditions, `ablatedRewards`),
 *    FLOPs counted from the graph's MatMul/Gemm weight shapes and the real (unpadded) tokens;
 *    the sweep counts each condition as one full forward (the work asked for).
 * 4. A cold `rmlens study` on that zoo over a fresh temporary store, profiled by phase
 *    (src/util/profile.ts): wall and process CPU time per phase, cores used = CPU / wall.
 *    `RMLENS_BENCH_STUDY=0` skips it (it takes a minute or more).
 *
 * Every timed case is best of REPEATS interleaved rounds; the CPU time printed is that of the
 * best round (process.cpuUsage: every thread, so ORT's intra-op threads, spinning included).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { batchFeeds, encodePairBatch, lengthSortedBatches } from '../src/engine/batches.ts';
import { ablationVariant, fillInput, foldableSite, instrumentModel, keepInput, type SiteEdit } from '../src/engine/instrument.ts';
import { planCondition } from '../src/engine/ablationPlan.ts';
import { buildModel, constantTensors, DataType, decodeModel, encodeModel, floatTensor, node, tensorDims, valueInfo, type ModelProto } from '../src/engine/onnxGraph.ts';
import { RewardModel } from '../src/engine/rewardModel.ts';
import { createSession, Tensor } from '../src/engine/session.ts';
import { probeBatch, probeTensors } from '../src/engine/sites.ts';
import type { AblationCondition, NeuronSite } from '../src/engine/types.ts';
import { randomTransformerWeights, transformerRewardModel } from '../test/support/models.ts';
import type { PreferencePair } from '../src/data/types.ts';
import { createContext } from '../src/context.ts';
import type { EngineModel } from '../src/analysis/modelRegistry.ts';
import { runStudy } from '../src/analysis/study.ts';
import { startProfile, stopProfile, type Phase } from '../src/util/profile.ts';
import { intAttribute } from '../src/engine/onnxGraph.ts';
import { EngineWorkerPool } from '../src/engine/workerPool.ts';
import { parallelModelLoader } from '../src/engine/parallelModel.ts';
import { loadConfig } from '../src/config.ts';

const PAIRS = 32; // 64 texts
const CONDITIONS = 32;
const REPEATS = Number(process.env.RMLENS_BENCH_REPEATS ?? 5);
const ZOO = resolve(process.env.RMLENS_BENCH_ZOO ?? 'zoo/default');
const STUDY = process.env.RMLENS_BENCH_STUDY !== '0';
/** Engine workers of the study and of the worker p-sweep: as `rmlens study` (RMLENS_WORKERS, default min(2, cores)). */
const WORKERS = loadConfig().workers;

interface Timing {
  ms: number;
  cpuMs: number;
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Best time of each case over `repeats` rounds, the cases interleaved within a round: the host's
 * cores are shared, so interleaving spreads load bursts over all cases and the minimum is the
 * least disturbed run. The CPU time is the best round's.
 */
async function bestTimes(cases: Array<() => Promise<unknown>>, repeats = REPEATS): Promise<Timing[]> {
  for (const run of cases) await run(); // warm-up: session initialisation and allocator growth
  const best: Timing[] = cases.map(() => ({ ms: Infinity, cpuMs: NaN }));
  for (let round = 0; round < repeats; round++) {
    for (const [i, run] of cases.entries()) {
      const cpu = cpuMs();
      const start = performance.now();
      await run();
      const ms = performance.now() - start;
      if (ms < best[i].ms) best[i] = { ms, cpuMs: cpuMs() - cpu };
    }
  }
  return best;
}

/** The whole-model ablation graph the engine plans for `condition` (no split), with its feeds. */
function engineVariant(proto: ModelProto, sites: readonly NeuronSite[], condition: AblationCondition): { model: ModelProto; feeds: Record<string, Tensor>; edits: SiteEdit[] } {
  const { edits } = planCondition(condition, sites, sites.map((site) => foldableSite(proto, site)), []);
  const feeds: Record<string, Tensor> = {};
  for (const site of sites) {
    const edit = edits[site.layer];
    if (edit === 'none') continue;
    feeds[keepInput(site)] = new Tensor('float32', condition.keep.slice(site.offset, site.offset + site.width), edit === 'fold' ? [site.width, 1] : [1, site.width]);
    if (edit === 'general') feeds[fillInput(site)] = new Tensor('float32', condition.fill.slice(site.offset, site.offset + site.width), [1, site.width]);
  }
  return { model: ablationVariant(proto, sites, edits), feeds, edits };
}

type Row = [label: string, timing: Timing | null, ratio: string];
function printTable(title: string, rows: Row[]): void {
  console.log(`\n${title}`);
  const width = Math.max(4, ...rows.map((r) => r[0].length));
  console.log(`${'case'.padEnd(width)}  ${'wall ms'.padStart(9)}  ${'CPU ms'.padStart(9)}  ${'ratio'.padStart(8)}`);
  for (const [label, t, ratio] of rows) {
    console.log(`${label.padEnd(width)}  ${(t ? t.ms.toFixed(1) : '').padStart(9)}  ${(t ? t.cpuMs.toFixed(1) : '').padStart(9)}  ${ratio.padStart(8)}`);
  }
}
const x = (r: number) => `${r.toFixed(2)}×`;
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

console.log(`engine bench: ${cpus().length} cores, load average ${load()} at start, best of ${REPEATS} interleaved rounds`);
const summary: Array<[string, string]> = [];

// ---- 1. The transformer RM ----------------------------------------------------------------

/** Texts of exactly 64 prompt + 64 response tokens (" w" repeated is one GPT-2 token per word). */
const pairs: PreferencePair[] = Array.from({ length: PAIRS }, (_, i) => ({
  prompt: ` p${i % 7}`.repeat(40),
  chosen: ` yes${i % 5}`.repeat(64),
  rejected: ` no${i % 3}`.repeat(64),
}));
const tokenizer = { name: 'gpt2' as const, maxPromptTokens: 64, maxResponseTokens: 64 };

{
  const bytes = transformerRewardModel(randomTransformerWeights({ dModel: 64, dFf: 256, layers: 2 }), {
    metadata: { 'rmlens.tokenizer': JSON.stringify(tokenizer) },
  });
  const model = await RewardModel.fromBytes(bytes, { batchSize: PAIRS });
  const batch = encodePairBatch(pairs, tokenizer);
  const proto = decodeModel(bytes);
  const plain = await createSession(bytes);
  const ablate = await createSession(encodeModel(instrumentModel(proto, model.sites, { ablate: true, pooled: false, tokens: false, response: false })));
  const pooled = await createSession(encodeModel(instrumentModel(proto, model.sites, { ablate: true, pooled: true, tokens: false, response: false })));

  const n = model.neuronCount;
  const conditions: AblationCondition[] = Array.from({ length: CONDITIONS }, (_, k) => {
    const keep = new Float32Array(n).fill(1);
    for (let j = k; j < n; j += CONDITIONS) keep[j] = 0;
    return { keep, fill: new Float32Array(n) };
  });
  const masksOf = (c: AblationCondition) => {
    const feeds: Record<string, Tensor> = {};
    for (const s of model.sites) {
      feeds[keepInput(s)] = new Tensor('float32', c.keep.slice(s.offset, s.offset + s.width), [1, s.width]);
      feeds[fillInput(s)] = new Tensor('float32', c.fill.slice(s.offset, s.offset + s.width), [1, s.width]);
    }
    return feeds;
  };
  const masks = conditions.map(masksOf);
  const plainFeeds = batchFeeds(batch, plain.inputNames);
  // The engine's own variants: the ablation graph a ZERO condition at every site runs (keeps folded
  // into the down-projections where they can be), and the pooled statistics graph (no ablation).
  const planned = engineVariant(proto, model.sites, conditions[0]);
  const engineAblate = await createSession(encodeModel(planned.model));
  const stats = await createSession(encodeModel(instrumentModel(proto, model.sites, { ablate: false, pooled: true, tokens: false, response: false })));
  const means = await createSession(encodeModel(instrumentModel(proto, model.sites, { ablate: false, pooled: true, tokens: false, response: false, positive: false })));

  const [tPlain, tAblate, tPooled, tEngine, tStats, tMeans, tFull, tSplit, tTiled, tAuto] = await bestTimes([
    () => plain.run(plainFeeds),
    () => ablate.run({ ...plainFeeds, ...masks[0] }),
    () => pooled.run({ ...plainFeeds, ...masks[0] }),
    () => engineAblate.run({ ...plainFeeds, ...planned.feeds }),
    () => stats.run(plainFeeds),
    () => means.run(plainFeeds),
    async () => {
      for (const m of masks) await ablate.run({ ...plainFeeds, ...m });
    },
    () => model.ablatedRewards(pairs, conditions, { path: 'split' }),
    () => model.ablatedRewards(pairs, conditions, { path: 'tiled' }),
    () => model.ablatedRewards(pairs, conditions),
  ]);
  printTable(`1. transformer RM: ${model.sites.length} sites, ${n} neurons, batch ${batch.rows} × ${batch.seq} tokens`, [
    ['forward, plain model', tPlain, x(1)],
    ['forward, instrumented (keep/fill)', tAblate, x(tAblate.ms / tPlain.ms)],
    ['forward, instrumented + pooled stats', tPooled, x(tPooled.ms / tPlain.ms)],
    [`forward, engine ablation variant (${planned.edits.join(', ')})`, tEngine, x(tEngine.ms / tPlain.ms)],
    ['forward, engine statistics variant (sums, counts > 0)', tStats, x(tStats.ms / tPlain.ms)],
    ['forward, engine statistics variant (sums only)', tMeans, x(tMeans.ms / tPlain.ms)],
    [`K=${CONDITIONS}: ${CONDITIONS} full instrumented runs`, tFull, x(1)],
    [`K=${CONDITIONS}: ablatedRewards, split path`, tSplit, x(tSplit.ms / tFull.ms)],
    [`K=${CONDITIONS}: ablatedRewards, tiled path`, tTiled, x(tTiled.ms / tFull.ms)],
    [`K=${CONDITIONS}: ablatedRewards, planned path (default)`, tAuto, x(tAuto.ms / tFull.ms)],
  ]);
  summary.push(
    ['transformer: instrumented (keep/fill) / plain', x(tAblate.ms / tPlain.ms)],
    ['transformer: instrumented + pooled / plain', x(tPooled.ms / tPlain.ms)],
    ['transformer: engine ablation variant / plain', x(tEngine.ms / tPlain.ms)],
    ['transformer: engine statistics variant (sums, counts > 0) / plain', x(tStats.ms / tPlain.ms)],
    ['transformer: engine statistics variant (sums only) / plain', x(tMeans.ms / tPlain.ms)],
    [`transformer: K=${CONDITIONS} split path / full runs`, x(tSplit.ms / tFull.ms)],
    [`transformer: K=${CONDITIONS} planned path / full runs`, x(tAuto.ms / tFull.ms)],
  );
  await Promise.all([plain.close(), ablate.close(), pooled.close(), engineAblate.close(), stats.close(), means.close(), model.close()]);
}

// ---- 2. The machine's ceiling -------------------------------------------------------------

const SIDE = 2048;
let ceiling: number;
let ceilingPerCpu: number;
{
  const weights = new Float32Array(SIDE * SIDE);
  for (let i = 0; i < weights.length; i++) weights[i] = ((i * 2654435761) % 1000) / 1000 - 0.5;
  const matmul = buildModel({
    name: 'ceiling',
    nodes: [node('MatMul', ['a', 'b'], ['c'])],
    inputs: [valueInfo('a', DataType.FLOAT, [SIDE, SIDE])],
    outputs: [valueInfo('c', DataType.FLOAT, [SIDE, SIDE])],
    initializers: [floatTensor('b', [SIDE, SIDE], weights)],
  });
  const session = await createSession(encodeModel(matmul)); // the engine's session options (2 intra-op threads)
  const feeds = { a: new Tensor('float32', weights.slice(), [SIDE, SIDE]) };
  const [t] = await bestTimes([() => session.run(feeds)]);
  await session.close();
  const flops = 2 * SIDE ** 3;
  ceiling = flops / t.ms / 1e6;
  ceilingPerCpu = flops / t.cpuMs / 1e6;
  printTable(`2. ceiling: one ${SIDE}³ MatMul in onnxruntime (${(flops / 1e9).toFixed(1)} GFLOP)`, [
    [`MatMul ${SIDE}³: ${ceiling.toFixed(1)} GFLOP/s wall, ${(flops / t.cpuMs / 1e6).toFixed(1)} GFLOP per CPU-s, ${(t.cpuMs / t.ms).toFixed(2)} cores`, t, ''],
  ]);
  summary.push(['ceiling: MatMul 2048³ GFLOP/s', ceiling.toFixed(1)]);
}

// ---- 3. The zoo's helpful RM --------------------------------------------------------------

/** FLOPs of one text: Σ over MatMul/Gemm with a constant weight of 2·K·N per token (per text for rank-2 inputs). */
async function flopCounter(proto: ModelProto): Promise<{ perToken: number; perText: number; uncounted: number }> {
  const graph = proto.graph!;
  const constants = constantTensors(graph);
  const products = graph.node.filter((n) => n.opType === 'MatMul' || n.opType === 'Gemm');
  const counted = products.filter((n) => constants.get(n.input[1])?.dims.length === 2);
  const probes = await probeTensors(proto, [...new Set(counted.map((n) => n.input[0]))]);
  const seq = probeBatch().seq;
  let perToken = 0;
  let perText = 0;
  for (const n of counted) {
    const [k, m] = tensorDims(constants.get(n.input[1])!);
    const flops = 2 * k * m;
    const dims = probes.get(n.input[0])!.dims;
    const tokenAxis = n.opType === 'MatMul' && dims.length === 3 && dims[1] === seq;
    if (n.opType === 'Gemm' && intAttribute(n, 'transA', 0) !== 0) continue;
    if (tokenAxis) perToken += flops;
    else perText += flops;
  }
  return { perToken, perText, uncounted: products.length - counted.length };
}

/** Wraps the engine loader so the bench can read the conditions and pairs a p-sweep asked for. */
function recordingLoader(recorded: { pairs: readonly PreferencePair[]; conditions: readonly AblationCondition[] }[]) {
  return async (path: string): Promise<EngineModel> => {
    const model = await RewardModel.load(path);
    return new Proxy(model, {
      get(target, prop, receiver) {
        if (prop === 'ablatedRewards') {
          return (p: readonly PreferencePair[], c: readonly AblationCondition[], o?: object) => {
            recorded.push({ pairs: p, conditions: c });
            return target.ablatedRewards(p, c, o);
          };
        }
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  };
}

if (!existsSync(join(ZOO, 'zoo.json'))) {
  console.log(`\n3-4. skipped: no zoo at ${ZOO} (set RMLENS_BENCH_ZOO, or build it: npx rmlens zoo build)`);
} else {
  const dir = mkdtempSync(join(tmpdir(), 'rmlens-bench-'));
  try {
    // The p-sweep's conditions and pairs, as the analysis builds them (cold store, so it computes).
    const recorded: { pairs: readonly PreferencePair[]; conditions: readonly AblationCondition[] }[] = [];
    const context = createContext({ dbPath: join(dir, 'sweep.sqlite'), zooDirs: [ZOO], loadModel: recordingLoader(recorded) });
    const zoo = context.zoos[0];
    const helpfulId = zoo.models.find((m) => m.objective === 'HELPFUL')!.id;
    const harmlessId = zoo.models.find((m) => m.objective === 'HARMLESS')!.id;
    const [helpfulRef] = zoo.datasets.helpful;
    const [harmlessRef] = zoo.datasets.harmless;
    const selection = (model: string, dataset: string) => ({ model, dataset, method: 'MAGNITUDE' as const, topPercent: 10 });
    await context.analysis.pSweep(helpfulId, selection(helpfulId, helpfulRef), selection(harmlessId, harmlessRef), helpfulRef, 0);
    await context.close();
    const sweep = recorded.find((r) => r.conditions.length > 1)!;
    const heldOut = sweep.pairs;

    const path = zoo.models.find((m) => m.id === helpfulId)!.path;
    const model = await RewardModel.load(path);
    const proto = decodeModel(new Uint8Array(await import('node:fs/promises').then((fs) => fs.readFile(path))));
    const counter = await flopCounter(proto);
    let realTokens = 0;
    let paddedTokens = 0;
    for (const { batch } of lengthSortedBatches(heldOut, model.batchSize, model.tokenizer)) {
      for (const l of batch.lengths) realTokens += l;
      paddedTokens += batch.rows * batch.seq;
    }
    const texts = 2 * heldOut.length;
    const forwardFlops = counter.perToken * realTokens + counter.perText * texts;

    // One held-out batch (the longest of the first window): plain vs instrumented.
    const batches = [...lengthSortedBatches(heldOut, model.batchSize, model.tokenizer)];
    const { batch } = batches[Math.floor(batches.length / 2)];
    const plain = await createSession(new Uint8Array(await import('node:fs/promises').then((fs) => fs.readFile(path))));
    const variant = (pooled: boolean) => createSession(encodeModel(instrumentModel(proto, model.sites, { ablate: true, pooled, tokens: false, response: false })));
    const ablate = await variant(false);
    const pooled = await variant(true);
    const condition = sweep.conditions[5];
    const planned = engineVariant(proto, model.sites, condition);
    const engineAblate = await createSession(encodeModel(planned.model));
    const stats = await createSession(encodeModel(instrumentModel(proto, model.sites, { ablate: false, pooled: true, tokens: false, response: false })));
    const means = await createSession(encodeModel(instrumentModel(proto, model.sites, { ablate: false, pooled: true, tokens: false, response: false, positive: false })));
    const maskFeeds: Record<string, Tensor> = {};
    for (const s of model.sites) {
      maskFeeds[keepInput(s)] = new Tensor('float32', condition.keep.slice(s.offset, s.offset + s.width), [1, s.width]);
      maskFeeds[fillInput(s)] = new Tensor('float32', condition.fill.slice(s.offset, s.offset + s.width), [1, s.width]);
    }
    const feeds = batchFeeds(batch, plain.inputNames);
    const [bPlain, bAblate, bPooled, bEngine, bStats, bMeans] = await bestTimes([
      () => plain.run(feeds),
      () => ablate.run({ ...feeds, ...maskFeeds }),
      () => pooled.run({ ...feeds, ...maskFeeds }),
      () => engineAblate.run({ ...feeds, ...planned.feeds }),
      () => stats.run(feeds),
      () => means.run(feeds),
    ], REPEATS * 4);
    await Promise.all([plain.close(), ablate.close(), pooled.close(), engineAblate.close(), stats.close(), means.close()]);

    const pool = new EngineWorkerPool({ size: WORKERS });
    const parallel = await parallelModelLoader(pool)(path);
    const [tForward, tSweepLocal, tSweep] = await bestTimes([
      () => model.rewards(heldOut),
      () => model.ablatedRewards(heldOut, sweep.conditions),
      () => parallel.ablatedRewards(heldOut, sweep.conditions),
    ], Math.max(1, Math.ceil(REPEATS / 2)));
    await Promise.all([model.close(), parallel.close()]);
    await pool.close();
    const gflops = (flops: number, t: Timing) => flops / t.ms / 1e6;
    const forwardRate = gflops(forwardFlops, tForward);
    const sweepRate = gflops(forwardFlops * sweep.conditions.length, tSweep);
    const perCpu = (flops: number, t: Timing) => flops / t.cpuMs / 1e6;
    const forwardPerCpu = perCpu(forwardFlops, tForward);
    const sweepPerCpu = perCpu(forwardFlops * sweep.conditions.length, tSweep);
    printTable(
      `3. ${helpfulId} on ${helpfulRef} held-out: ${heldOut.length} pairs, ${texts} texts, ${realTokens} real tokens ` +
        `(${paddedTokens} padded, ${x(paddedTokens / realTokens)}); ${(counter.perToken / 1e3).toFixed(1)} kFLOP per token + ` +
        `${(counter.perText / 1e3).toFixed(1)} kFLOP per text${counter.uncounted ? `, ${counter.uncounted} MatMul(s) without constant weight not counted` : ''}`,
      [
        [`one batch (${batch.rows} × ${batch.seq}), plain`, bPlain, x(1)],
        ['one batch, instrumented (a sweep condition)', bAblate, x(bAblate.ms / bPlain.ms)],
        ['one batch, instrumented + pooled stats', bPooled, x(bPooled.ms / bPlain.ms)],
        [`one batch, engine ablation variant (${planned.edits.join(', ')})`, bEngine, x(bEngine.ms / bPlain.ms)],
        ['one batch, engine statistics variant (sums, counts > 0)', bStats, x(bStats.ms / bPlain.ms)],
        ['one batch, engine statistics variant (sums only)', bMeans, x(bMeans.ms / bPlain.ms)],
        [`plain forward (rewards): ${forwardRate.toFixed(2)} GFLOP/s`, tForward, x(forwardRate / ceiling)],
        [`p-sweep, ${sweep.conditions.length} conditions, in-process (2 intra-op threads)`, tSweepLocal, x(tSweepLocal.ms / tSweep.ms)],
        [`p-sweep, ${sweep.conditions.length} conditions, ${WORKERS} workers (as rmlens study): ${sweepRate.toFixed(2)} GFLOP/s (forward-equivalent)`, tSweep, x(sweepRate / ceiling)],
      ],
    );
    console.log('   (ratio column: plain forward and worker p-sweep rows GFLOP/s over the MatMul ceiling, wall-clock; in-process p-sweep row its time over the workers\')');
    console.log(`   per CPU-second: plain forward ${forwardPerCpu.toFixed(1)}, p-sweep ${sweepPerCpu.toFixed(1)}, MatMul ceiling ${ceilingPerCpu.toFixed(1)} GFLOP`);
    summary.push(
      ['zoo RM: instrumented (keep/fill) / plain (one batch)', x(bAblate.ms / bPlain.ms)],
      ['zoo RM: instrumented + pooled / plain (one batch)', x(bPooled.ms / bPlain.ms)],
      ['zoo RM: engine ablation variant / plain (one batch)', x(bEngine.ms / bPlain.ms)],
      ['zoo RM: engine statistics variant (sums, counts > 0) / plain', x(bStats.ms / bPlain.ms)],
      ['zoo RM: engine statistics variant (sums only) / plain', x(bMeans.ms / bPlain.ms)],
      ['zoo RM: plain forward GFLOP/s / ceiling', `${forwardRate.toFixed(2)} / ${ceiling.toFixed(1)} = ${(forwardRate / ceiling).toFixed(3)}`],
      ['zoo RM: p-sweep GFLOP/s / ceiling', `${sweepRate.toFixed(2)} / ${ceiling.toFixed(1)} = ${(sweepRate / ceiling).toFixed(3)}`],
      ['zoo RM: plain forward GFLOP per CPU-s / ceiling', `${forwardPerCpu.toFixed(1)} / ${ceilingPerCpu.toFixed(1)} = ${(forwardPerCpu / ceilingPerCpu).toFixed(3)}`],
      ['zoo RM: p-sweep GFLOP per CPU-s / ceiling', `${sweepPerCpu.toFixed(1)} / ${ceilingPerCpu.toFixed(1)} = ${(sweepPerCpu / ceilingPerCpu).toFixed(3)}`],
      ['zoo RM: p-sweep ms per condition (wall / CPU), workers', `${(tSweep.ms / sweep.conditions.length).toFixed(1)} / ${(tSweep.cpuMs / sweep.conditions.length).toFixed(1)}`],
      ['zoo RM: p-sweep ms per condition (wall / CPU), in-process', `${(tSweepLocal.ms / sweep.conditions.length).toFixed(1)} / ${(tSweepLocal.cpuMs / sweep.conditions.length).toFixed(1)}`],
    );

    // ---- 4. A cold study, profiled ------------------------------------------------------
    if (!STUDY) {
      console.log('\n4. cold study profile skipped (RMLENS_BENCH_STUDY=0)');
    } else {
      // As `rmlens study` computes: in-process models whose ablation calls spread over a worker pool.
      const studyPool = WORKERS >= 2 ? new EngineWorkerPool({ size: WORKERS }) : null;
      const studyContext = createContext({ dbPath: join(dir, 'study.sqlite'), zooDirs: [ZOO], loadModel: studyPool ? parallelModelLoader(studyPool) : undefined });
      const loadBefore = load();
      const cpu0 = cpuMs();
      const t0 = performance.now();
      startProfile();
      await runStudy(studyContext.analysis, studyContext.zoos[0], {
        helpful: helpfulRef,
        harmless: harmlessRef,
        evaluation: [],
        method: 'MAGNITUDE',
        topPercent: 10,
        controls: 20,
      });
      const phases = stopProfile()!;
      const wall = performance.now() - t0;
      const cpu = cpuMs() - cpu0;
      await studyContext.close();
      await studyPool?.close();
      const order: Phase[] = ['tokenising', 'batching', 'ORT runs', 'ablations in workers', 'engine JS (accumulation)', 'bootstrap', 'SQLite reads', 'SQLite writes', 'model load and sessions', 'other'];
      console.log(`\n4. cold study on ${ZOO}, fresh store: ${(wall / 1000).toFixed(1)} s wall, ${(cpu / 1000).toFixed(1)} s CPU, ${(cpu / wall).toFixed(2)} cores (load average ${loadBefore} before, ${load()} after)`);
      const width = Math.max(...order.map((p) => p.length));
      console.log(`${'phase'.padEnd(width)}  ${'wall s'.padStart(7)}  ${'share'.padStart(6)}  ${'CPU s'.padStart(7)}  ${'cores'.padStart(5)}  ${'calls'.padStart(8)}`);
      for (const phase of order) {
        const t = phases.get(phase);
        if (!t) continue;
        console.log(
          `${phase.padEnd(width)}  ${(t.wallMs / 1000).toFixed(2).padStart(7)}  ${`${((100 * t.wallMs) / wall).toFixed(1)}%`.padStart(6)}  ` +
            `${(t.cpuMs / 1000).toFixed(2).padStart(7)}  ${(t.wallMs > 0 ? t.cpuMs / t.wallMs : 0).toFixed(2).padStart(5)}  ${String(t.calls).padStart(8)}`,
        );
      }
      summary.push(['cold study: wall s / CPU s / cores', `${(wall / 1000).toFixed(1)} / ${(cpu / 1000).toFixed(1)} / ${(cpu / wall).toFixed(2)}`]);
      const ort = phases.get('ORT runs');
      if (ort) summary.push(['cold study: ORT runs share of wall', `${((100 * ort.wallMs) / wall).toFixed(1)}%`]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`\nratios (load average ${load()} at the end)`);
const width = Math.max(...summary.map((s) => s[0].length));
for (const [label, value] of summary) console.log(`${label.padEnd(width)}  ${value}`);
