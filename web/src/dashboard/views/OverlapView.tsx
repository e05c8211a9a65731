/**
 * Overlap of the helpful and harmless top-p% sets: their sizes split into shared and exclusive
 * neurons, with the shared count two random sets of these sizes would have; the shared shares and
 * Jaccard against their chance values; the hypergeometric p in the note. Then the three-way
 * overlap with the mixed RM's own set (against both nulls), and where each set lies in the layers.
 */
import * as Plot from '@observablehq/plot';
import { useMemo } from 'react';
import type * as Api from '../../shared/schema.generated.ts';
import { COLOURS } from '../palette.ts';
import { PlotFigure, traced } from '../PlotFigure.tsx';
import type { ViewContext } from '../study.ts';
import { useApi } from '../useApi.ts';
import { View } from '../View.tsx';

const QUERY = /* GraphQL */ `
  query DashboardOverlap($helpful: NeuronSelectionInput!, $harmless: NeuronSelectionInput!) {
    overlap(helpful: $helpful, harmless: $harmless) {
      helpfulOnly harmlessOnly shared total jaccard sharedShareOfHelpful sharedShareOfHarmless expectedShared pValue
    }
  }
`;

const THREE_WAY_QUERY = /* GraphQL */ `
  query DashboardThreeWay($model: ID!, $helpful: NeuronSelectionInput!, $harmless: NeuronSelectionInput!, $mixed: NeuronSelectionInput!) {
    threeWayOverlap(helpful: $helpful, harmless: $harmless, mixed: $mixed) {
      neuronCount helpfulSize harmlessSize mixedSize
      helpfulHarmless { ...P } helpfulMixed { ...P } harmlessMixed { ...P }
      shared expectedShared pValue expectedSharedGivenHelpfulHarmless pValueGivenHelpfulHarmless
    }
    helpful: layerRegions(model: $model, set: { kind: TOP, of: HELPFUL, helpful: $helpful }) { ...R }
    harmless: layerRegions(model: $model, set: { kind: TOP, of: HARMLESS, harmless: $harmless }) { ...R }
    mixed: layerRegions(model: $model, set: { kind: TOP, of: MIXED, mixed: $mixed }) { ...R }
    shared: layerRegions(model: $model, set: { kind: SHARED, helpful: $helpful, harmless: $harmless }) { ...R }
  }
  fragment P on SetPairOverlap { first second firstOnly secondOnly shared jaccard expectedShared pValue }
  fragment R on RegionShare { region { index name firstLayer lastLayer } neurons share expectedShare }
`;

/** The API's types (generated from schema.graphql), narrowed to what the queries select. */
type PairOverlap = Pick<Api.SetPairOverlap, 'first' | 'second' | 'firstOnly' | 'secondOnly' | 'shared' | 'jaccard' | 'expectedShared' | 'pValue'>;
type ThreeWay = Pick<
  Api.ThreeWayOverlap,
  'neuronCount' | 'helpfulSize' | 'harmlessSize' | 'mixedSize' | 'shared' | 'expectedShared' | 'pValue' | 'expectedSharedGivenHelpfulHarmless' | 'pValueGivenHelpfulHarmless'
> &
  Record<'helpfulHarmless' | 'helpfulMixed' | 'harmlessMixed', PairOverlap>;
type RegionShare = Pick<Api.RegionShare, 'neurons' | 'share' | 'expectedShare'> & { region: Pick<Api.LayerRegion, 'index' | 'name' | 'firstLayer' | 'lastLayer'> };

type RegionSet = 'helpful' | 'harmless' | 'mixed' | 'shared';
type ThreeWayData = { threeWayOverlap: ThreeWay } & Record<RegionSet, RegionShare[]>;

/** The region plot's sets: each top set, and the helpful ∩ harmless neurons, in the dashboard's colours. */
export const REGION_SETS: { key: RegionSet; label: string; colour: string }[] = [
  { key: 'helpful', label: 'helpful set', colour: COLOURS.helpful },
  { key: 'harmless', label: 'harmless set', colour: COLOURS.harmless },
  { key: 'mixed', label: 'mixed set', colour: COLOURS.mixed },
  { key: 'shared', label: 'shared (helpful ∩ harmless)', colour: COLOURS.shared },
];

/** Null models of the three-way count: all three sets random, or only the mixed one. */
export const NULLS = { independent: 'independent sets', givenHelpfulHarmless: 'mixed set random, helpful ∩ harmless kept' } as const;
/** Dashed: chance for independent sets; dotted: chance when only the mixed set is random. */
const NULL_DASHES: Record<(typeof NULLS)[keyof typeof NULLS], string> = { [NULLS.independent]: '4,2', [NULLS.givenHelpfulHarmless]: '1,2' };

/** Each pair's shared count and all three's, each with its chance values and p-values (the bars, ticks and table rows). */
export function threeWayRows(t: ThreeWay): { pair: string; sizes: number[]; shared: number; expectedShared: number; pValue: number; expectedSharedGivenHelpfulHarmless?: number; pValueGivenHelpfulHarmless?: number }[] {
  const pair = (label: string, o: PairOverlap) => ({ pair: label, sizes: [o.firstOnly + o.shared, o.secondOnly + o.shared], shared: o.shared, expectedShared: o.expectedShared, pValue: o.pValue });
  return [
    pair('helpful ∩ harmless', t.helpfulHarmless),
    pair('helpful ∩ mixed', t.helpfulMixed),
    pair('harmless ∩ mixed', t.harmlessMixed),
    {
      pair: 'all three',
      sizes: [t.helpfulSize, t.harmlessSize, t.mixedSize],
      shared: t.shared,
      expectedShared: t.expectedShared,
      pValue: t.pValue,
      expectedSharedGivenHelpfulHarmless: t.expectedSharedGivenHelpfulHarmless,
      pValueGivenHelpfulHarmless: t.pValueGivenHelpfulHarmless,
    },
  ];
}

/** A region's label: its name and layers (a model of fewer than 3 layers names each region by its layer already). */
export function regionLabel(r: RegionShare['region']): string {
  if (r.name === `layer ${r.firstLayer}`) return r.name;
  return r.firstLayer === r.lastLayer ? `${r.name} (layer ${r.firstLayer})` : `${r.name} (layers ${r.firstLayer}–${r.lastLayer})`;
}

export interface Overlap {
  helpfulOnly: number;
  harmlessOnly: number;
  shared: number;
  total: number;
  jaccard: number;
  sharedShareOfHelpful: number;
  sharedShareOfHarmless: number;
  expectedShared: number;
  pValue: number;
}

type SetName = 'helpful set' | 'harmless set';
type Part = 'shared' | 'helpful only' | 'harmless only';
const PART_COLOURS = { domain: ['shared', 'helpful only', 'harmless only'], range: [COLOURS.shared, COLOURS.helpful, COLOURS.harmless] };

/** Each set's size as its shared part, then its own part (so the shared bar starts at 0, beside chance). */
export function overlapParts(o: Overlap): { set: SetName; part: Part; count: number }[] {
  return [
    { set: 'helpful set', part: 'shared', count: o.shared },
    { set: 'helpful set', part: 'helpful only', count: o.helpfulOnly },
    { set: 'harmless set', part: 'shared', count: o.shared },
    { set: 'harmless set', part: 'harmless only', count: o.harmlessOnly },
  ];
}

/** Shared shares and Jaccard beside the values two random sets of these sizes would have (Jaccard's: E[shared] / (|H| + |R| − E[shared])). */
export function overlapShares(o: Overlap): { measure: string; value: number; chance: number }[] {
  const helpfulSize = o.helpfulOnly + o.shared;
  const harmlessSize = o.harmlessOnly + o.shared;
  return [
    { measure: 'shared / helpful set', value: o.sharedShareOfHelpful, chance: o.expectedShared / helpfulSize },
    { measure: 'shared / harmless set', value: o.sharedShareOfHarmless, chance: o.expectedShared / harmlessSize },
    { measure: 'Jaccard', value: o.jaccard, chance: o.expectedShared / (helpfulSize + harmlessSize - o.expectedShared) },
  ];
}

export function formatP(p: number): string {
  return p < 0.001 ? p.toExponential(2) : p.toFixed(3);
}

export function OverlapView({ study, catalog }: ViewContext) {
  const state = useApi<{ overlap: Overlap }>(QUERY, { helpful: study.helpful, harmless: study.harmless });
  const overlap = state.status === 'ready' ? state.data.overlap : null;
  const parts = useMemo(() => (overlap ? overlapParts(overlap) : []), [overlap]);
  const shares = useMemo(() => (overlap ? overlapShares(overlap) : []), [overlap]);
  const expected = useMemo(() => (overlap ? (['helpful set', 'harmless set'] as SetName[]).map((set) => ({ set, expectedShared: overlap.expectedShared })) : []), [overlap]);

  const countOptions = useMemo<Plot.PlotOptions>(
    () => ({
      width: 560,
      height: 170,
      marginLeft: 95,
      marginRight: 30,
      marginBottom: 40,
      x: { label: 'neurons →', grid: true },
      y: { label: null, domain: ['helpful set', 'harmless set'] },
      color: { ...PART_COLOURS, legend: true },
      marks: [
        Plot.barX(parts, Plot.stackX({ x: 'count', y: 'set', fill: 'part', z: 'part', order: PART_COLOURS.domain, title: (d) => `${d.set}: ${d.count} ${d.part}`, render: traced(parts, (d) => ({ ...d })) })),
        Plot.text(parts, Plot.stackX({ x: 'count', y: 'set', z: 'part', text: (d) => (d.count > 0 ? String(d.count) : ''), order: PART_COLOURS.domain, fill: 'white', fontWeight: 'bold' })),
        Plot.tickX(expected, { x: 'expectedShared', y: 'set', stroke: COLOURS.all, strokeWidth: 2.5, strokeDasharray: '4,2', render: traced(expected, (d) => ({ ...d })) }),
        Plot.text(expected.slice(0, 1), { x: 'expectedShared', y: 'set', text: (d) => `chance ${d.expectedShared.toFixed(2)}`, dy: -24, textAnchor: 'start', dx: 3, fill: COLOURS.all }),
        Plot.ruleX([0]),
      ],
    }),
    [parts, expected],
  );
  const shareOptions = useMemo<Plot.PlotOptions>(
    () => ({
      width: 560,
      height: 170,
      marginLeft: 140,
      marginRight: 30,
      marginBottom: 40,
      x: { label: 'share →', domain: [0, Math.max(1e-9, ...shares.flatMap((s) => [s.value, s.chance])) * 1.15], grid: true },
      y: { label: null, domain: shares.map((s) => s.measure) },
      marks: [
        Plot.barX(shares, { x: 'value', y: 'measure', fill: COLOURS.shared, title: (d) => `${d.measure}: ${d.value.toFixed(3)} (chance ${d.chance.toFixed(3)})`, render: traced(shares, (d) => ({ measure: d.measure, value: d.value })) }),
        Plot.text(shares, { x: 'value', y: 'measure', text: (d) => d.value.toFixed(3), textAnchor: 'start', dx: 4, dy: 6 }),
        Plot.tickX(shares, { x: 'chance', y: 'measure', stroke: COLOURS.all, strokeWidth: 2.5, strokeDasharray: '4,2', render: traced(shares, (d) => ({ measure: d.measure, chance: d.chance })) }),
        Plot.ruleX([0]),
      ],
    }),
    [shares],
  );

  // The regions are the mixed RM's (the zoo's RMs share their sites), as in the study.
  const threeWayState = useApi<ThreeWayData>(THREE_WAY_QUERY, { model: study.mixed.model, helpful: study.helpful, harmless: study.harmless, mixed: study.mixed });
  const threeWay = threeWayState.status === 'ready' ? threeWayState.data : null;
  const triples = useMemo(() => (threeWay ? threeWayRows(threeWay.threeWayOverlap) : []), [threeWay]);
  const chance = useMemo(
    () => [
      ...triples.map((t) => ({ pair: t.pair, null: NULLS.independent, expectedShared: t.expectedShared })),
      ...triples.filter((t) => t.expectedSharedGivenHelpfulHarmless !== undefined).map((t) => ({ pair: t.pair, null: NULLS.givenHelpfulHarmless, expectedShared: t.expectedSharedGivenHelpfulHarmless! })),
    ],
    [triples],
  );
  const regions = useMemo(() => (threeWay ? REGION_SETS.flatMap((s) => threeWay[s.key].map((r) => ({ set: s.label, region: regionLabel(r.region), neurons: r.neurons, share: r.share, expectedShare: r.expectedShare }))) : []), [threeWay]);
  const regionChance = useMemo(() => (threeWay ? threeWay.helpful.map((r) => ({ region: regionLabel(r.region), expectedShare: r.expectedShare })) : []), [threeWay]);

  const threeWayOptions = useMemo<Plot.PlotOptions>(
    () => ({
      width: 560,
      height: 200,
      marginLeft: 130,
      marginRight: 40,
      marginBottom: 40,
      x: { label: 'neurons in common →', grid: true },
      y: { label: null, domain: triples.map((t) => t.pair) },
      marks: [
        Plot.barX(triples, { x: 'shared', y: 'pair', fill: COLOURS.shared, title: (d) => `${d.pair}: ${d.shared} (chance ${d.expectedShared.toFixed(2)}, p = ${formatP(d.pValue)})`, render: traced(triples, (d) => ({ pair: d.pair, shared: d.shared })) }),
        Plot.text(triples, { x: 'shared', y: 'pair', text: (d) => String(d.shared), textAnchor: 'start', dx: 4, dy: 7 }),
        ...Object.values(NULLS).map((name) => {
          const ticks = chance.filter((d) => d.null === name);
          return Plot.tickX(ticks, {
            x: 'expectedShared',
            y: 'pair',
            stroke: COLOURS.all,
            strokeWidth: 2.5,
            strokeDasharray: NULL_DASHES[name],
            title: (d: (typeof chance)[number]) => `${d.pair}, chance (${d.null}): ${d.expectedShared.toFixed(2)}`,
            render: traced(ticks, (d) => ({ ...d })),
          });
        }),
        Plot.ruleX([0]),
      ],
    }),
    [triples, chance],
  );
  const regionOptions = useMemo<Plot.PlotOptions>(
    () => ({
      width: 560,
      height: 70 + 80 * regionChance.length,
      marginLeft: 170,
      marginRight: 60,
      marginBottom: 40,
      x: { label: 'share of the set →', domain: [0, 1], grid: true },
      y: { label: null, domain: REGION_SETS.map((s) => s.label), axis: null },
      fy: { label: null, domain: regionChance.map((r) => r.region) },
      color: { domain: REGION_SETS.map((s) => s.label), range: REGION_SETS.map((s) => s.colour), legend: true },
      marks: [
        Plot.barX(regions, { x: 'share', y: 'set', fy: 'region', fill: 'set', title: (d) => `${d.set}, ${d.region}: ${d.neurons} neurons, share ${d.share.toFixed(3)} (random ${d.expectedShare.toFixed(3)})`, render: traced(regions, (d) => ({ set: d.set, region: d.region, neurons: d.neurons, share: d.share })) }),
        Plot.text(regions, { x: 'share', y: 'set', fy: 'region', text: (d) => `${d.neurons} (${d.share.toFixed(2)})`, textAnchor: 'start', dx: 4 }),
        Plot.ruleX(regionChance, { x: 'expectedShare', fy: 'region', stroke: COLOURS.all, strokeWidth: 2, strokeDasharray: '4,2', render: traced(regionChance, (d) => ({ ...d })) }),
        Plot.frame({ stroke: '#ddd' }),
      ],
    }),
    [regions, regionChance],
  );

  const neurons = catalog.models.find((m) => m.id === study.helpfulModel)?.neuronCount;
  const method = study.method.toLowerCase();
  return (
    <View
      id="overlap"
      title="Overlap of the helpful, harmless and mixed top sets"
      states={[state, threeWayState]}
      rows={() => [
        ...parts.map((p) => ({ kind: 'count', ...p })),
        ...expected.map((e) => ({ kind: 'expected', ...e })),
        ...shares.map((s) => ({ kind: 'share', ...s })),
        ...triples.map(({ sizes, ...t }) => ({ kind: 'three-way', ...t, sizes: sizes.join(' ') })),
        ...regions.map((r) => ({ kind: 'region', ...r })),
      ]}
      note={
        overlap && (
          <>
            Top {study.topPercent}% by {method} score: {overlap.helpfulOnly + overlap.shared} neurons of {study.helpfulModel} (on {study.helpfulDataset} train) and{' '}
            {overlap.harmlessOnly + overlap.shared} of {study.harmlessModel} (on {study.harmlessDataset} train), of N = {neurons ?? '?'} neuron sites; {overlap.total} in either.{' '}
            <strong>
              {overlap.shared} shared against {overlap.expectedShared.toFixed(2)} expected by chance
            </strong>{' '}
            ({overlap.expectedShared > 0 ? `${(overlap.shared / overlap.expectedShared).toFixed(1)}×` : 'n/a'}); Jaccard {overlap.jaccard.toFixed(3)}; shared share{' '}
            {overlap.sharedShareOfHelpful.toFixed(3)} of the helpful set, {overlap.sharedShareOfHarmless.toFixed(3)} of the harmless set. One-sided hypergeometric{' '}
            <strong>p = {formatP(overlap.pValue)}</strong> of at least {overlap.shared} in common. Dashed ticks: the chance values (two random sets of these sizes; Jaccard's from the expected
            shared count).
          </>
        )
      }
    >
      <div className="pairwise" style={{ display: 'flex', flexWrap: 'wrap', gap: '0.5rem 2rem' }}>
        <PlotFigure label="set sizes: shared and exclusive neurons, with the shared count expected by chance" options={countOptions} />
        <PlotFigure label="shared shares and Jaccard against chance" options={shareOptions} />
      </div>
      {threeWay && (
        <>
          <h3 className="table-title">With the mixed RM's own top set</h3>
          <div className="three-way" style={{ display: 'flex', flexWrap: 'wrap', gap: '0.5rem 2rem', alignItems: 'flex-start' }}>
            <PlotFigure label="neurons in common of each pair of sets and of all three, against chance" options={threeWayOptions} />
            <table className="data" aria-label="three-way overlap against chance">
              <thead>
                <tr>
                  <th>sets</th>
                  <th>sizes</th>
                  <th>in common</th>
                  <th>chance: independent sets (p)</th>
                  <th>chance: mixed random, helpful ∩ harmless kept (p)</th>
                </tr>
              </thead>
              <tbody>
                {triples.map((t) => (
                  <tr key={t.pair} data-datum={JSON.stringify(t)}>
                    <td>{t.pair}</td>
                    <td>{t.sizes.join(', ')}</td>
                    <td>{t.shared}</td>
                    <td>
                      {t.expectedShared.toFixed(2)} (p = {formatP(t.pValue)})
                    </td>
                    <td>{t.expectedSharedGivenHelpfulHarmless === undefined ? '' : `${t.expectedSharedGivenHelpfulHarmless.toFixed(2)} (p = ${formatP(t.pValueGivenHelpfulHarmless!)})`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="note">
            The mixed set: top {study.topPercent}% of {study.mixed.model} by {method} score on the train parts of {study.helpfulDataset} and {study.harmlessDataset}, pooled (it
            was trained on both). Of N = {threeWay.threeWayOverlap.neuronCount} neurons, {threeWay.threeWayOverlap.shared} lie in all three sets:{' '}
            {threeWay.threeWayOverlap.expectedShared.toFixed(2)} expected for independent random sets (exact one-sided p = {formatP(threeWay.threeWayOverlap.pValue)}, dashed tick),{' '}
            {threeWay.threeWayOverlap.expectedSharedGivenHelpfulHarmless.toFixed(2)} when only the mixed set is random and helpful ∩ harmless is kept (hypergeometric p ={' '}
            {formatP(threeWay.threeWayOverlap.pValueGivenHelpfulHarmless)}, dotted tick): does the mixed RM take the shared neurons more than any neurons? Each pair's tick: the
            hypergeometric chance count of two random sets of those sizes.
          </p>
          <h3 className="table-title">Where each set lies: its share in the early, middle and late layers</h3>
          <div className="regions">
            <PlotFigure label="layer-region shares of each set, against a random set's" options={regionOptions} />
          </div>
          <p className="note">
            Bars: the set's neurons in each region of {study.mixed.model}'s layers, and their share of the set (count, share); dashed line: the region's share of all neurons,
            what a uniformly drawn set has on average.
          </p>
        </>
      )}
    </View>
  );
}
