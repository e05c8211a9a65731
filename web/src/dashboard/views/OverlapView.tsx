/**
 * Overlap of the helpful and harmless top-p% sets: their sizes split into shared and exclusive
 * neurons, with the shared count two random sets of these sizes would have; the shared shares and
 * Jaccard against their chance values; the hypergeometric p in the note.
 */
import * as Plot from '@observablehq/plot';
import { useMemo } from 'react';
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

  const neurons = catalog.models.find((m) => m.id === study.helpfulModel)?.neuronCount;
  const method = study.method.toLowerCase();
  return (
    <View
      id="overlap"
      title="Overlap of the helpful and harmless top sets"
      states={[state]}
      rows={() => [...parts.map((p) => ({ kind: 'count', ...p })), ...expected.map((e) => ({ kind: 'expected', ...e })), ...shares.map((s) => ({ kind: 'share', ...s }))]}
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
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0.5rem 2rem' }}>
        <PlotFigure label="set sizes: shared and exclusive neurons, with the shared count expected by chance" options={countOptions} />
        <PlotFigure label="shared shares and Jaccard against chance" options={shareOptions} />
      </div>
    </View>
  );
}
