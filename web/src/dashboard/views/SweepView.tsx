/**
 * p-sweep: the ablated RM's held-out accuracy on both objectives' data as TOP, ONLY (each
 * objective) and SHARED sets at p = 2, 4, …, 30 are zero-ablated, each point against the band of
 * random sets matched to its set's per-layer counts; ALL (p = 100) as a reference line.
 */
import * as Plot from '@observablehq/plot';
import { useMemo } from 'react';
import { COLOURS } from '../palette.ts';
import { PlotFigure, traced } from '../PlotFigure.tsx';
import type { ViewContext } from '../study.ts';
import { useApi } from '../useApi.ts';
import { View } from '../View.tsx';

/** pSweep's most controls per point (schema: 0 to 100). */
export const MAX_SWEEP_CONTROLS = 100;

const FIELDS = 'percent kind of accuracy deltaAccuracy neurons controls controlMeanDelta controlStdDelta';

const QUERY = /* GraphQL */ `
  query DashboardSweep($model: ID!, $helpfulDataset: ID!, $harmlessDataset: ID!, $helpful: NeuronSelectionInput!, $harmless: NeuronSelectionInput!, $controls: Int!) {
    onHelpful: pSweep(model: $model, helpful: $helpful, harmless: $harmless, dataset: $helpfulDataset, controls: $controls) { ${FIELDS} }
    onHarmless: pSweep(model: $model, helpful: $helpful, harmless: $harmless, dataset: $harmlessDataset, controls: $controls) { ${FIELDS} }
  }
`;

type Point = {
  percent: number;
  kind: 'TOP' | 'ONLY' | 'SHARED' | 'ALL';
  of: 'HELPFUL' | 'HARMLESS' | null;
  accuracy: number;
  deltaAccuracy: number;
  neurons: number;
  controls: number;
  controlMeanDelta: number | null;
  controlStdDelta: number | null;
};

interface SweepData {
  onHelpful: Point[];
  onHarmless: Point[];
}

/** One drawn point: a set kind at one p on one objective's held-out data. */
export type SweepRow = Point & { set: string; data: 'helpful data' | 'harmless data'; dataset: string; baselineAccuracy: number };

/** The panels, left to right, and their colours. */
const SETS = [
  { set: 'TOP helpful', colour: COLOURS.helpful },
  { set: 'ONLY helpful', colour: COLOURS.helpful },
  { set: 'SHARED', colour: COLOURS.shared },
  { set: 'ONLY harmless', colour: COLOURS.harmless },
  { set: 'TOP harmless', colour: COLOURS.harmless },
] as const;

const DATA = ['helpful data', 'harmless data'] as const;

const setOf = (p: Point) => (p.of ? `${p.kind} ${p.of.toLowerCase()}` : p.kind);

export function SweepView({ study, catalog }: ViewContext) {
  const controls = Math.min(study.controls, MAX_SWEEP_CONTROLS);
  const state = useApi<SweepData>(QUERY, {
    model: study.model,
    helpfulDataset: study.helpfulDataset,
    harmlessDataset: study.harmlessDataset,
    helpful: study.helpful,
    harmless: study.harmless,
    controls,
  });
  const rows = useMemo<SweepRow[]>(() => {
    if (state.status !== 'ready') return [];
    const rowsOf = (points: Point[], data: SweepRow['data'], dataset: string) =>
      points.map((p) => ({ set: setOf(p), data, dataset, ...p, baselineAccuracy: p.accuracy - p.deltaAccuracy }));
    return [...rowsOf(state.data.onHelpful, 'helpful data', study.helpfulDataset), ...rowsOf(state.data.onHarmless, 'harmless data', study.harmlessDataset)];
  }, [state, study.helpfulDataset, study.harmlessDataset]);

  const options = useMemo<Plot.PlotOptions>(() => {
    const swept = rows.filter((r) => r.kind !== 'ALL').sort((a, b) => a.percent - b.percent);
    const all = rows.filter((r) => r.kind === 'ALL');
    const banded = swept.filter((r) => r.controlMeanDelta !== null && r.controlStdDelta !== null);
    const baselines = DATA.map((data) => ({ data, baselineAccuracy: rows.find((r) => r.data === data)?.baselineAccuracy })).filter((b) => b.baselineAccuracy !== undefined);
    const colour = { domain: SETS.map((s) => s.set), range: SETS.map((s) => s.colour) };
    const last = SETS[SETS.length - 1].set;
    return {
      width: 1150,
      height: 560,
      marginLeft: 70,
      marginRight: 105,
      marginBottom: 45,
      fx: { label: null, domain: SETS.map((s) => s.set), padding: 0.06 },
      fy: { label: null, domain: [...DATA], tickFormat: (d: string) => `on ${d}` },
      x: { label: 'top p% of each selection (zero-ablated) →', domain: [0, 31], ticks: [2, 10, 20, 30] },
      y: { label: '↑ held-out accuracy', grid: true, labelAnchor: 'center' },
      color: colour,
      marks: [
        Plot.frame({ stroke: '#ddd' }),
        // Random sets matched to each point's set: unablated + their mean Δ ± 2 sd.
        Plot.areaY(banded, {
          fx: 'set',
          fy: 'data',
          x: 'percent',
          y1: (r: SweepRow) => r.baselineAccuracy + r.controlMeanDelta! - 2 * r.controlStdDelta!,
          y2: (r: SweepRow) => r.baselineAccuracy + r.controlMeanDelta! + 2 * r.controlStdDelta!,
          fill: COLOURS.control,
          fillOpacity: 0.3,
        }),
        Plot.ruleY(baselines, { fy: 'data', y: 'baselineAccuracy', stroke: '#666', strokeDasharray: '2,3' }),
        Plot.ruleY(all, { fy: 'data', y: 'accuracy', stroke: COLOURS.all, strokeDasharray: '6,3' }),
        Plot.text(all, {
          fy: 'data',
          fx: () => last,
          x: 30,
          y: 'accuracy',
          text: (r: SweepRow) => `ALL (p = 100, ${r.neurons} neurons): ${r.accuracy.toFixed(3)}`,
          textAnchor: 'end',
          dy: -7,
          fill: COLOURS.all,
          stroke: 'white',
          strokeWidth: 3,
          paintOrder: 'stroke',
          render: traced(all, datumOf),
        }),
        Plot.line(swept, { fx: 'set', fy: 'data', x: 'percent', y: 'accuracy', stroke: 'set', strokeWidth: 1.8 }),
        Plot.dot(swept, {
          fx: 'set',
          fy: 'data',
          x: 'percent',
          y: 'accuracy',
          fill: 'set',
          r: 3,
          title: (r: SweepRow) =>
            `${r.set}, p = ${r.percent} (${r.neurons} neurons) on ${r.dataset}: ${r.accuracy.toFixed(3)} (Δ ${signed(r.deltaAccuracy)})` +
            (r.controlMeanDelta === null ? '' : `; ${r.controls} random controls: Δ ${signed(r.controlMeanDelta)}${r.controlStdDelta === null ? '' : ` ± 2 sd ${(2 * r.controlStdDelta).toFixed(3)}`}`),
          render: traced(swept, datumOf),
        }),
      ],
    };
  }, [rows]);

  const sizes = SETS.map(({ set }) => {
    const ofSet = rows.filter((r) => r.set === set && r.data === 'helpful data');
    return ofSet.length ? `${set} ${Math.min(...ofSet.map((r) => r.neurons))}–${Math.max(...ofSet.map((r) => r.neurons))}` : '';
  }).filter(Boolean);
  const pairsNote = DATA.map((data) => {
    const r = rows.find((x) => x.data === data);
    return r ? `${r.dataset} (${catalog.datasets.find((d) => d.id === r.dataset)?.heldOutPairs} pairs), unablated ${r.baselineAccuracy.toFixed(3)}` : '';
  }).join('; ');
  return (
    <View
      id="sweep"
      title="p-sweep: held-out accuracy against p per set kind, both objectives"
      states={[state]}
      rows={() => rows}
      note={
        <>
          {study.model} with each set zeroed (the sweep always zero-ablates), p = 2, 4, …, 30 replacing the selections' top {study.topPercent}% (
          {study.method.toLowerCase()} scores). Held-out data: {pairsNote} (dotted line). Neurons per set over p: {sizes.join(', ')}.{' '}
          {controls === 0 ? (
            'No random controls (Controls = 0): no band.'
          ) : (
            <>
              Grey band: unablated + mean Δ ± 2 sd of {controls} random sets matched to each point's set's per-layer counts
              {controls < 2 ? ' (one control: no sd, so no band)' : ''}
              {controls < study.controls ? ` (pSweep allows at most ${MAX_SWEEP_CONTROLS} controls; ${study.controls} asked)` : ''}.
            </>
          )}{' '}
          The API gives no CI per sweep point; the ablations view has paired-bootstrap CIs at the chosen p. Dashed line: ALL ablated (p = 100, no random control).
        </>
      }
    >
      <PlotFigure label="p-sweep" options={options} />
    </View>
  );
}

function datumOf(r: SweepRow): Record<string, unknown> {
  return {
    dataset: r.dataset,
    percent: r.percent,
    kind: r.kind,
    of: r.of,
    accuracy: r.accuracy,
    deltaAccuracy: r.deltaAccuracy,
    neurons: r.neurons,
    controls: r.controls,
    controlMeanDelta: r.controlMeanDelta,
    controlStdDelta: r.controlStdDelta,
  };
}

function signed(x: number): string {
  return `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(x).toFixed(3)}`;
}
