/**
 * The seed summary on hand-made per-seed study results: mean and sample sd per figure, the
 * seeds each finding holds in (sign and CI, or the overlap's test), figures matched by role
 * rather than model id, and the refusals (one seed, the same seed twice, different options).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatSeedSummary, seedTables } from '../src/analysis/seedReport.ts';
import { holdsByCi, summarizeSeeds, type SeedFinding, type SeedStudy } from '../src/analysis/seedSummary.ts';
import type { StudyAblation, StudyOverlap, StudyRegionAblation, StudyResult, StudySet, StudyThreeWayOverlap } from '../src/analysis/studyResult.ts';
import { BadUserInputError } from '../src/errors.ts';

const HELPFUL = 'default/helpful';
const HARMLESS = 'default/harmless';
const OPTIONS = { helpful: HELPFUL, harmless: HARMLESS, evaluation: [], method: 'MAGNITUDE' as const, topPercent: 10, controls: 20, ties: 'HALF' as const };

/** What differs between the hand-made seeds. */
interface SeedNumbers {
  mixedHelpfulAccuracy: [number, number, number];
  interference: [number, number, number];
  overlap: { shared: number; expected: number; p: number };
  /** TOP_HELPFUL ablated in the mixed RM on the harmless data: delta, CI, z. */
  topHelpfulOnHarmless: [number, number, number, number | null];
  /** Neurons in all three top sets, of the 29 helpful∩harmless; its p given helpful∩harmless. */
  threeWay: { shared: number; pGiven: number };
  /** Transferability helpful RM → mixed RM on the helpful data; null share when the helpful RM gets nothing right. */
  transfer: number | null;
}

const pairOverlap = (first: 'HELPFUL' | 'HARMLESS', shared: number, p: number) => ({
  first, second: 'MIXED' as const, firstOnly: 52 - shared, secondOnly: 52 - shared, shared, total: 104 - shared,
  jaccard: shared / (104 - shared), sharedShareOfFirst: shared / 52, sharedShareOfSecond: shared / 52, expectedShared: 5.3, pValue: p,
});

function threeWay({ shared, pGiven }: SeedNumbers['threeWay']): StudyThreeWayOverlap {
  const helpful = { model: 'm', dataset: HELPFUL, method: 'MAGNITUDE' as const, topPercent: 10 };
  return {
    helpful, harmless: { ...helpful, dataset: HARMLESS }, mixed: helpful,
    neuronCount: 512, helpfulSize: 52, harmlessSize: 52, mixedSize: 52,
    helpfulHarmless: { ...pairOverlap('HELPFUL', 29, 1e-19), second: 'HARMLESS' },
    helpfulMixed: pairOverlap('HELPFUL', 27, 1e-16),
    harmlessMixed: pairOverlap('HARMLESS', 9, 0.07),
    shared, expectedShared: 0.54, pValue: 1e-9, expectedSharedGivenHelpfulHarmless: 2.9, pValueGivenHelpfulHarmless: pGiven, sharedNeurons: [],
  };
}

const REGIONS = [0, 1].map((l) => ({ index: l, name: `layer ${l}`, firstLayer: l, lastLayer: l, neurons: 256 }));

function overlap(model: string, role: string, o: SeedNumbers['overlap']): StudyOverlap {
  const size = 52;
  return {
    helpful: { model: `${model}/${role}`, dataset: HELPFUL, method: 'MAGNITUDE', topPercent: 10 },
    harmless: { model: `${model}/${role}`, dataset: HARMLESS, method: 'MAGNITUDE', topPercent: 10 },
    helpfulOnly: size - o.shared,
    harmlessOnly: size - o.shared,
    shared: o.shared,
    total: 2 * size - o.shared,
    jaccard: o.shared / (2 * size - o.shared),
    sharedShareOfHelpful: o.shared / size,
    sharedShareOfHarmless: o.shared / size,
    expectedShared: o.expected,
    pValue: o.p,
    sharedNeurons: [],
  };
}

function ablation(zoo: string, set: StudySet, dataset: string, [delta, low, high, z]: [number, number, number, number | null]): StudyAblation {
  return {
    set, model: `${zoo}/mixed`, dataset, cached: false, neurons: 52, pairs: 490, baselineAccuracy: 0.8, accuracy: 0.8 + delta,
    deltaAccuracy: delta, deltaLow: low, deltaHigh: high, baselineMargin: 1, meanMargin: 1, deltaPerNeuron: delta / 52,
    controls: 20, controlMeanDelta: 0, controlStdDelta: 0.01, zScore: z,
  };
}

/** A study of one seed's zoo: ids carry the zoo's name, as real seed zoos do. */
const EMPTY_STRATUM = { accuracy: null, accuracyLow: null, accuracyHigh: null, pairs: 0 };
const NO_STRATA = { chosenLonger: EMPTY_STRATUM, chosenShorter: EMPTY_STRATUM, equalLength: EMPTY_STRATUM };

function study(zoo: string, seed: number, n: SeedNumbers): SeedStudy {
  const sha = (role: string) => `${role}-${seed}`.padEnd(64, '0');
  const evaluation = ([accuracy, low, high]: [number, number, number]) => ({ accuracy, accuracyLow: low, accuracyHigh: high, meanMargin: 0.1, pairs: 486 });
  const result: StudyResult = {
    schemaVersion: 1,
    engineVersion: 1,
    zoo: { dir: `/zoos/${zoo}`, data: 'default' },
    options: OPTIONS,
    models: (['base', 'helpful', 'harmless', 'mixed'] as const).map((role) => ({ id: `${zoo}/${role}`, role, objective: role === 'base' ? 'BASE' : role === 'mixed' ? 'MIXED' : role === 'helpful' ? 'HELPFUL' : 'HARMLESS', sha256: sha(role) })),
    datasets: [
      { id: HELPFUL, objective: 'HELPFUL', trainPairs: 2000, heldOutPairs: 486 },
      { id: HARMLESS, objective: 'HARMLESS', trainPairs: 2000, heldOutPairs: 493 },
    ],
    tension: {
      rows: [
        {
          model: `${zoo}/mixed`, dataset: HELPFUL, evaluation: evaluation(n.mixedHelpfulAccuracy),
          byLength: { ...NO_STRATA, chosenLonger: { accuracy: 0.7 + 0.01 * seed, accuracyLow: 0.6, accuracyHigh: 0.8, pairs: 280 } },
        },
        { model: `${zoo}/helpful`, dataset: HARMLESS, evaluation: evaluation([0.55, 0.51, 0.6]), byLength: NO_STRATA },
      ],
      interference: [{ objective: 'HELPFUL', single: `${zoo}/helpful`, mixed: `${zoo}/mixed`, delta: n.interference[0], deltaLow: n.interference[1], deltaHigh: n.interference[2], pairs: 486 }],
      baselines: [{ rule: 'LONGER_WINS', dataset: HELPFUL, accuracy: 0.598, accuracyLow: 0.556, accuracyHigh: 0.641, pairs: 486, chosenLonger: 280, chosenShorter: 185, equalLength: 21, maxResponseTokens: 128 }],
      transferability: [{
        from: `${zoo}/helpful`, to: `${zoo}/mixed`, dataset: HELPFUL, share: n.transfer, shareLow: n.transfer && n.transfer - 0.04,
        shareHigh: n.transfer && n.transfer + 0.04, fromCorrect: n.transfer === null ? 0 : 400, bothCorrect: n.transfer === null ? 0 : 400 * n.transfer, pairs: 486,
      }],
    },
    overlap: { between: overlap(zoo, 'helpful', n.overlap), within: [{ model: `${zoo}/mixed`, ...overlap(zoo, 'mixed', { shared: 30, expected: 5.3, p: 1e-19 }) }], threeWay: threeWay(n.threeWay) },
    ablations: [
      ablation(zoo, 'TOP_HELPFUL', HARMLESS, n.topHelpfulOnHarmless),
      ablation(zoo, 'TOP_HELPFUL', HELPFUL, [-0.02, -0.04, -0.005, -2.5]),
      ablation(zoo, 'SHARED', HELPFUL, [0.01, -0.001, 0.02, 3.2]),
    ],
    layerRegions: {
      layers: 2,
      regions: REGIONS,
      sets: [{ set: 'TOP_HELPFUL', neurons: 52, shares: REGIONS.map((region) => ({ region, neurons: region.index === 1 ? 40 + seed : 12 - seed, share: (region.index === 1 ? 40 + seed : 12 - seed) / 52, expectedShare: 0.5 })) }],
    },
    // Seed 2 lists its regions the other way round: figures are matched by region, not by position.
    regionAblations: (seed === 2 ? (parts: StudyRegionAblation[]) => [...parts].reverse() : (parts: StudyRegionAblation[]) => parts)([
      { ...ablation(zoo, 'TOP_HELPFUL', HARMLESS, [-0.01 * seed, -0.03, 0.01, 0.5]), neurons: 12, region: 0, regionName: 'layer 0' },
      { ...ablation(zoo, 'TOP_HELPFUL', HARMLESS, [0.018, 0.004, 0.034, 7.1]), neurons: 40, region: 1, regionName: 'layer 1' },
      // A part with no neurons: nothing is ablated.
      { ...ablation(zoo, 'SHARED', HARMLESS, [0, 0, 0, null]), neurons: 0, region: 0, regionName: 'layer 0' },
    ]),
    influence: [],
    sweeps: [],
    frontier: { model: `${zoo}/mixed`, set: 'SHARED', points: [{ alpha: 0, helpfulAccuracy: 0.8, harmlessAccuracy: 0.9, helpfulDelta: 0.01 * seed, harmlessDelta: -0.01 * seed }] },
    correspondence: [],
    counts: { computed: 0, read: 10 },
    seconds: 1,
  };
  return { zoo, study: result };
}

const SEEDS: SeedStudy[] = [
  study('default', 1, {
    mixedHelpfulAccuracy: [0.7, 0.66, 0.74], interference: [0.15, 0.11, 0.19],
    overlap: { shared: 29, expected: 5.3, p: 2e-19 }, topHelpfulOnHarmless: [0.024, 0.008, 0.043, 4.2],
    threeWay: { shared: 25, pGiven: 5e-24 }, transfer: 0.775,
  }),
  study('default-seed2', 2, {
    mixedHelpfulAccuracy: [0.6, 0.56, 0.64], interference: [0.05, -0.01, 0.1],
    overlap: { shared: 6, expected: 5.3, p: 0.44 }, topHelpfulOnHarmless: [0.01, 0.001, 0.02, 1.5],
    threeWay: { shared: 3, pGiven: 0.2 }, transfer: null,
  }),
  study('default-seed3', 3, {
    mixedHelpfulAccuracy: [0.65, 0.61, 0.69], interference: [0.1, 0.06, 0.14],
    overlap: { shared: 9, expected: 5.3, p: 0.04 }, topHelpfulOnHarmless: [-0.01, -0.02, 0.001, null],
    threeWay: { shared: 20, pGiven: 1e-10 }, transfer: 0.8,
  }),
];

function find(findings: readonly SeedFinding[], kind: SeedFinding['kind'], label: string): SeedFinding {
  const found = findings.find((f) => f.kind === kind && f.label === label);
  assert.ok(found, `no ${kind} finding '${label}' among ${findings.map((f) => f.label).join('; ')}`);
  return found;
}

const close = (actual: number | null, expected: number) => assert.ok(actual !== null && Math.abs(actual - expected) < 1e-12, `${actual} ≠ ${expected}`);

test('each figure: per-seed values, mean and sample sd over seeds, matched by role across differently named models', () => {
  const summary = summarizeSeeds(SEEDS);
  assert.deepEqual(summary.zoos.map((z) => z.name), ['default', 'default-seed2', 'default-seed3']);
  const accuracy = find(summary.findings, 'ACCURACY', `mixed RM on ${HELPFUL}`);
  assert.deepEqual(accuracy.stats[0].values, [0.7, 0.6, 0.65]);
  close(accuracy.stats[0].mean, 0.65);
  close(accuracy.stats[0].sd, 0.05); // sample sd of 0.7, 0.6, 0.65
  assert.equal(accuracy.stats[0].n, 3);
  assert.deepEqual(accuracy.low, [0.66, 0.56, 0.61]);
  const interference = find(summary.findings, 'INTERFERENCE', 'HELPFUL: single − mixed');
  close(interference.stats[0].mean, 0.1);
  close(interference.stats[0].sd, 0.05);
  const frontier = find(summary.findings, 'FRONTIER', 'mixed RM, SHARED scaled by α = 0');
  close(frontier.stats[0].mean, 0.02);
  close(frontier.stats[1].mean, -0.02);
  assert.equal(frontier.holds, null);
  assert.equal(frontier.holdsIn, null);
});

test('holds in k of n: same sign as the claim and a CI that excludes the null value, per finding', () => {
  const summary = summarizeSeeds(SEEDS);
  // Every seed's mixed RM is above chance on helpful (CI lows 0.66, 0.56, 0.61).
  assert.deepEqual(find(summary.findings, 'ACCURACY', `mixed RM on ${HELPFUL}`).holds, [true, true, true]);
  // The helpful RM on the harmless data is descriptive: no claim.
  const other = find(summary.findings, 'ACCURACY', `helpful RM on ${HARMLESS}`);
  assert.equal(other.claim, null);
  assert.equal(other.holdsIn, null);
  // Interference: seed 2's CI [−0.01, 0.1] contains 0.
  const interference = find(summary.findings, 'INTERFERENCE', 'HELPFUL: single − mixed');
  assert.deepEqual(interference.holds, [true, false, true]);
  assert.equal(interference.holdsIn, 2);
  // Overlap between the RMs: p 2e-19 and 0.04 hold, 0.44 does not.
  const between = find(summary.findings, 'OVERLAP', 'helpful RM vs harmless RM');
  assert.deepEqual(between.holds, [true, false, true]);
  close(between.stats.find((s) => s.measure === 'shared')!.mean, (29 + 6 + 9) / 3);
  assert.equal(find(summary.findings, 'OVERLAP', 'within the mixed RM').holdsIn, 3);
  // TOP_HELPFUL on the harmless data claims a rise: seeds 1 and 2 hold; seed 3 falls. z beyond +2 only in seed 1; seed 3 has no z.
  const against = find(summary.findings, 'ABLATION', `mixed RM, TOP_HELPFUL on ${HARMLESS}`);
  assert.equal(against.sign, 1);
  assert.deepEqual(against.holds, [true, true, false]);
  assert.equal(against.controlsHoldIn, 1);
  const z = against.stats.find((s) => s.measure === 'zScore')!;
  assert.equal(z.n, 2);
  close(z.mean, (4.2 + 1.5) / 2);
  // TOP_HELPFUL on its own data claims a fall, and holds in every seed; z −2.5 is beyond −2.
  const own = find(summary.findings, 'ABLATION', `mixed RM, TOP_HELPFUL on ${HELPFUL}`);
  assert.equal(own.sign, -1);
  assert.equal(own.holdsIn, 3);
  assert.equal(own.controlsHoldIn, 3);
  // SHARED claims support (a fall) on both objectives: a rise never holds, whatever its z.
  const shared = find(summary.findings, 'ABLATION', `mixed RM, SHARED on ${HELPFUL}`);
  assert.equal(shared.sign, -1);
  assert.equal(shared.holdsIn, 0);
  assert.equal(shared.controlsHoldIn, 0);
});

test('the mixed RM\'s neurons, layer regions, transferability and length: matched by what they measure, with their own claims', () => {
  const summary = summarizeSeeds(SEEDS);
  // Pairwise overlaps with the mixed set are tested like OVERLAP: p 0.07 never holds.
  assert.equal(find(summary.findings, 'THREE_WAY', 'helpful RM ∩ mixed RM').holdsIn, 3);
  const harmlessMixed = find(summary.findings, 'THREE_WAY', 'harmless RM ∩ mixed RM');
  assert.deepEqual(harmlessMixed.holds, [false, false, false]);
  close(harmlessMixed.stats.find((st) => st.measure === 'shared')!.mean, 9);
  // All three: the claim is against the null given helpful∩harmless (2.9 expected): seed 2's 3 (p 0.2) does not hold.
  const all = find(summary.findings, 'THREE_WAY', 'in all three top sets');
  assert.deepEqual(all.holds, [true, false, true]);
  assert.deepEqual(all.stats[0].values, [25, 3, 20]);
  close(all.stats.find((st) => st.measure === 'helpfulHarmless')!.mean, 29);
  // A region's share is descriptive; the region ablation is matched by its region and claims what the whole set claims (a rise on harmless).
  const region = find(summary.findings, 'REGION', 'TOP_HELPFUL in layer 1');
  assert.equal(region.region, 1);
  assert.equal(region.claim, null);
  assert.deepEqual(region.stats[0].values, [41 / 52, 42 / 52, 43 / 52]);
  const regionAblation = find(summary.findings, 'ABLATION', `mixed RM, TOP_HELPFUL (layer 1) on ${HARMLESS}`);
  assert.equal(regionAblation.region, 1);
  assert.equal(regionAblation.sign, 1);
  assert.equal(regionAblation.holdsIn, 3);
  assert.deepEqual(regionAblation.stats[0].values, [0.018, 0.018, 0.018]);
  const layer0 = find(summary.findings, 'ABLATION', `mixed RM, TOP_HELPFUL (layer 0) on ${HARMLESS}`);
  assert.deepEqual(layer0.stats[0].values, [-0.01, -0.02, -0.03]);
  assert.equal(layer0.holdsIn, 0);
  // An empty part claims nothing: no "0 of 3" for what was never ablated.
  const empty = find(summary.findings, 'ABLATION', `mixed RM, SHARED (layer 0) on ${HARMLESS}`);
  assert.deepEqual([empty.claim, empty.holdsIn, empty.controlsHoldIn], [null, null, null]);
  assert.equal(find(summary.findings, 'ABLATION', `mixed RM, TOP_HELPFUL on ${HARMLESS}`).region, null);
  // Transferability: descriptive; a seed without a share (its RM got nothing right) is left out of the mean.
  const transfer = find(summary.findings, 'TRANSFER', `helpful RM → mixed RM on ${HELPFUL}`);
  assert.equal(transfer.comparison, 'helpful→mixed');
  assert.equal(transfer.claim, null);
  assert.equal(transfer.stats[0].n, 2);
  close(transfer.stats[0].mean, (0.775 + 0.8) / 2);
  assert.deepEqual(transfer.low[1], null);
  // The length rule has no seed; accuracy by length rides on each accuracy figure.
  const rule = find(summary.findings, 'LENGTH_RULE', `LONGER_WINS on ${HELPFUL}`);
  assert.deepEqual(rule.stats[0].values, [0.598, 0.598, 0.598]);
  assert.equal(rule.stats[0].sd, 0);
  assert.deepEqual([rule.low, rule.high], [[0.556, 0.556, 0.556], [0.641, 0.641, 0.641]]);
  assert.deepEqual([rule.objective, rule.claim], ['HELPFUL', null]);
  const longer = find(summary.findings, 'ACCURACY', `mixed RM on ${HELPFUL}`).stats.find((st) => st.measure === 'chosenLonger')!;
  close(longer.mean, 0.72);
  assert.equal(find(summary.findings, 'ACCURACY', `helpful RM on ${HARMLESS}`).stats.find((st) => st.measure === 'chosenShorter')!.n, 0);
});

test('holdsByCi: the estimate and the whole CI on the claimed side', () => {
  assert.equal(holdsByCi(1, 0.1, 0.01, 0.2), true);
  assert.equal(holdsByCi(1, 0.1, 0, 0.2), false);
  assert.equal(holdsByCi(-1, -0.1, -0.2, -0.01), true);
  assert.equal(holdsByCi(-1, 0.1, 0.05, 0.2), false);
  assert.equal(holdsByCi(1, 0.6, 0.51, 0.7, 0.5), true);
  assert.equal(holdsByCi(1, 0.6, 0.49, 0.7, 0.5), false);
});

test('refused: a single study, the same seed twice, different options or data', () => {
  assert.throws(() => summarizeSeeds([SEEDS[0]]), BadUserInputError);
  assert.throws(() => summarizeSeeds([SEEDS[0], { ...SEEDS[0], zoo: 'copy' }]), /zoos default and copy hold the same base model/);
  const other = { zoo: SEEDS[1].zoo, study: { ...SEEDS[1].study, options: { ...OPTIONS, topPercent: 5 } } };
  assert.throws(() => summarizeSeeds([SEEDS[0], other]), /ran with different options/);
  const hh = { zoo: SEEDS[1].zoo, study: { ...SEEDS[1].study, zoo: { dir: '/zoos/hh', data: 'hh-rlhf' } } };
  assert.throws(() => summarizeSeeds([SEEDS[0], hh]), /trained on 'default' data, default-seed2 on 'hh-rlhf'/);
});

test('tables: text shows mean ± sd and k of n; CSV keeps mean and sd apart in full precision', () => {
  const summary = summarizeSeeds(SEEDS);
  const text = formatSeedSummary(summary);
  assert.match(text, /Study over 3 seeds \(zoos default, default-seed2, default-seed3\)/);
  const interferenceLine = text.split('\n').find((line) => line.startsWith('HELPFUL'))!;
  assert.match(interferenceLine, /\+0\.150\s+\+0\.050\s+\+0\.100\s+\+0\.100 ± 0\.050\s+2 of 3$/);
  // Seed 3 has no z: its mean says it rests on 2 seeds. Set sizes the same in every seed print once.
  const ablationLine = text.split('\n').find((line) => /^mixed\s+default\/harmless\s+TOP_HELPFUL/.test(line))!;
  assert.match(ablationLine, /\+2\.850 ± 1\.909 \(n = 2\)\s+52\s+2 of 3\s+1 of 3$/);
  const tables = seedTables(summary);
  assert.deepEqual(tables.map((t) => t.name), [
    'seeds-accuracy', 'seeds-length-rule', 'seeds-interference', 'seeds-transfer', 'seeds-overlap', 'seeds-mixed-overlap', 'seeds-three-way',
    'seeds-regions', 'seeds-ablations', 'seeds-region-ablations', 'seeds-frontier',
  ]);
  // The whole-set and the per-region ablations go to their own tables.
  assert.equal(tables.find((t) => t.name === 'seeds-ablations')!.rows.length, 3);
  assert.equal(tables.find((t) => t.name === 'seeds-region-ablations')!.rows.length, 3);
  const interference = tables.find((t) => t.name === 'seeds-interference')!;
  assert.deepEqual(interference.columns.map((c) => c.header), ['objective', 'delta default', 'delta default-seed2', 'delta default-seed3', 'delta mean', 'delta sd', 'holds in']);
  const [row] = interference.rows;
  assert.equal(row[0], 'HELPFUL');
  close(row[4] as number, 0.1);
  assert.equal(row[6], 2);
});
