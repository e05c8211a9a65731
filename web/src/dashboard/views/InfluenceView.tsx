/**
 * Influence per neuron: the SHARED, ONLY-helpful and ONLY-harmless sets ablated in the ablated RM
 * on both held-out datasets, each set's Δ accuracy divided by its size, beside the same per-neuron
 * figure for its size-matched random controls (mean ± 2 sd). A set whose neurons matter more than
 * random ones of the same layers sits outside the grey band.
 */
import * as Plot from '@observablehq/plot';
import { useMemo } from 'react';
import { COLOURS } from '../palette.ts';
import { PlotFigure, traced } from '../PlotFigure.tsx';
import type { ViewContext } from '../study.ts';
import { useApi } from '../useApi.ts';
import { View } from '../View.tsx';

const QUERY = /* GraphQL */ `
  query DashboardInfluence($model: ID!, $helpful: NeuronSelectionInput!, $harmless: NeuronSelectionInput!, $helpfulData: ID!, $harmlessData: ID!, $mode: AblationMode!, $controls: Int!) {
    sharedOnHelpful: ablation(model: $model, set: { kind: SHARED, helpful: $helpful, harmless: $harmless }, dataset: $helpfulData, mode: $mode, controls: $controls) { ...DashboardInfluenceAblation }
    sharedOnHarmless: ablation(model: $model, set: { kind: SHARED, helpful: $helpful, harmless: $harmless }, dataset: $harmlessData, mode: $mode, controls: $controls) { ...DashboardInfluenceAblation }
    onlyHelpfulOnHelpful: ablation(model: $model, set: { kind: ONLY, of: HELPFUL, helpful: $helpful, harmless: $harmless }, dataset: $helpfulData, mode: $mode, controls: $controls) { ...DashboardInfluenceAblation }
    onlyHelpfulOnHarmless: ablation(model: $model, set: { kind: ONLY, of: HELPFUL, helpful: $helpful, harmless: $harmless }, dataset: $harmlessData, mode: $mode, controls: $controls) { ...DashboardInfluenceAblation }
    onlyHarmlessOnHelpful: ablation(model: $model, set: { kind: ONLY, of: HARMLESS, helpful: $helpful, harmless: $harmless }, dataset: $helpfulData, mode: $mode, controls: $controls) { ...DashboardInfluenceAblation }
    onlyHarmlessOnHarmless: ablation(model: $model, set: { kind: ONLY, of: HARMLESS, helpful: $helpful, harmless: $harmless }, dataset: $harmlessData, mode: $mode, controls: $controls) { ...DashboardInfluenceAblation }
  }
  fragment DashboardInfluenceAblation on Ablation {
    neurons pairs baselineAccuracy deltaAccuracy deltaLow deltaHigh deltaPerNeuron controls controlMeanDelta controlStdDelta zScore
  }
`;

export interface AblationRow {
  neurons: number;
  pairs: number;
  baselineAccuracy: number;
  deltaAccuracy: number;
  deltaLow: number;
  deltaHigh: number;
  deltaPerNeuron: number;
  controls: number;
  controlMeanDelta: number | null;
  controlStdDelta: number | null;
  zScore: number | null;
}

/** The query's aliases: set × held-out dataset. */
export const INFLUENCE_CELLS = [
  { alias: 'sharedOnHelpful', set: 'shared', on: 'helpful data' },
  { alias: 'sharedOnHarmless', set: 'shared', on: 'harmless data' },
  { alias: 'onlyHelpfulOnHelpful', set: 'only helpful', on: 'helpful data' },
  { alias: 'onlyHelpfulOnHarmless', set: 'only helpful', on: 'harmless data' },
  { alias: 'onlyHarmlessOnHelpful', set: 'only harmless', on: 'helpful data' },
  { alias: 'onlyHarmlessOnHarmless', set: 'only harmless', on: 'harmless data' },
] as const;

const SETS = ['shared', 'only helpful', 'only harmless'];
const SET_COLOURS = { domain: SETS, range: [COLOURS.shared, COLOURS.helpful, COLOURS.harmless] };

/** One row per set and dataset, every figure per neuron. Empty sets have no per-neuron figure: they are left out (and named in the note). */
export function influenceRows(data: Record<string, AblationRow>) {
  return INFLUENCE_CELLS.filter((c) => data[c.alias].neurons > 0).map(({ alias, set, on }) => {
    const a = data[alias];
    const n = a.neurons;
    const controlMean = a.controlMeanDelta === null ? null : a.controlMeanDelta / n;
    const controlSd = a.controlStdDelta === null ? null : a.controlStdDelta / n;
    return {
      set,
      on,
      neurons: n,
      pairs: a.pairs,
      deltaAccuracy: a.deltaAccuracy,
      deltaPerNeuron: a.deltaPerNeuron,
      lowPerNeuron: a.deltaLow / n,
      highPerNeuron: a.deltaHigh / n,
      controls: a.controls,
      controlMeanPerNeuron: controlMean,
      controlSdPerNeuron: controlSd,
      controlLowPerNeuron: controlMean === null || controlSd === null ? null : controlMean - 2 * controlSd,
      controlHighPerNeuron: controlMean === null || controlSd === null ? null : controlMean + 2 * controlSd,
      zScore: a.zScore,
    };
  });
}
export type InfluenceRow = ReturnType<typeof influenceRows>[number];

export function InfluenceView({ study }: ViewContext) {
  const state = useApi<Record<string, AblationRow>>(QUERY, {
    model: study.model,
    helpful: study.helpful,
    harmless: study.harmless,
    helpfulData: study.helpfulDataset,
    harmlessData: study.harmlessDataset,
    mode: study.mode,
    controls: study.controls,
  });
  const data = state.status === 'ready' ? state.data : null;
  const rows = useMemo(() => (data ? influenceRows(data) : []), [data]);
  const band = rows.filter((r) => r.controlLowPerNeuron !== null);
  const means = rows.filter((r) => r.controlMeanPerNeuron !== null);

  const options = useMemo<Plot.PlotOptions>(
    () => ({
      width: 760,
      height: 380,
      marginLeft: 80,
      marginBottom: 35,
      fx: { label: null, domain: ['helpful data', 'harmless data'], tickFormat: (on: string) => `on held-out ${on}` },
      x: { label: null, domain: SETS, padding: 0.2 },
      y: { label: 'Δ accuracy per ablated neuron', labelAnchor: 'center', grid: true, nice: true, tickFormat: (v: number) => (v === 0 ? '0' : v.toExponential(1)) },
      color: { ...SET_COLOURS, legend: true },
      marks: [
        Plot.ruleY([0], { stroke: '#666' }),
        // Controls: mean ± 2 sd of the matched random sets, per neuron, to the right of each set.
        Plot.ruleX(band, {
          fx: 'on',
          x: 'set',
          y1: 'controlLowPerNeuron',
          y2: 'controlHighPerNeuron',
          dx: 12,
          stroke: COLOURS.control,
          strokeWidth: 9,
          strokeOpacity: 0.45,
          title: (r: InfluenceRow) => `${r.controls} random matched sets: mean ± 2 sd per neuron [${r.controlLowPerNeuron!.toExponential(2)}, ${r.controlHighPerNeuron!.toExponential(2)}]`,
          render: traced(band, (r) => ({ kind: 'controlBand', set: r.set, on: r.on, low: r.controlLowPerNeuron, high: r.controlHighPerNeuron })),
        }),
        Plot.dot(means, {
          fx: 'on',
          x: 'set',
          y: 'controlMeanPerNeuron',
          dx: 12,
          symbol: 'diamond',
          r: 4,
          fill: COLOURS.control,
          stroke: 'black',
          strokeWidth: 0.5,
          title: (r: InfluenceRow) => `random control mean per neuron ${r.controlMeanPerNeuron!.toExponential(2)} (${r.controls} controls)`,
          render: traced(means, (r) => ({ kind: 'controlMean', set: r.set, on: r.on, controlMeanPerNeuron: r.controlMeanPerNeuron })),
        }),
        // The set: its 95% CI per neuron and its Δ per neuron, to the left.
        Plot.ruleX(rows, {
          fx: 'on',
          x: 'set',
          y1: 'lowPerNeuron',
          y2: 'highPerNeuron',
          dx: -8,
          stroke: 'set',
          strokeWidth: 2,
          render: traced(rows, (r) => ({ kind: 'setCi', set: r.set, on: r.on, low: r.lowPerNeuron, high: r.highPerNeuron })),
        }),
        Plot.dot(rows, {
          fx: 'on',
          x: 'set',
          y: 'deltaPerNeuron',
          dx: -8,
          fill: 'set',
          r: 5,
          stroke: 'black',
          strokeWidth: 0.5,
          title: (r: InfluenceRow) =>
            `${r.set} (${r.neurons} neurons) on ${r.on}: Δ ${r.deltaAccuracy.toFixed(4)} = ${r.deltaPerNeuron.toExponential(2)} per neuron, CI [${r.lowPerNeuron.toExponential(2)}, ${r.highPerNeuron.toExponential(2)}]`,
          render: traced(rows, (r) => ({ kind: 'set', set: r.set, on: r.on, neurons: r.neurons, deltaPerNeuron: r.deltaPerNeuron })),
        }),
      ],
    }),
    [rows, band, means],
  );

  const empty = data ? INFLUENCE_CELLS.filter((c) => data[c.alias].neurons === 0) : [];
  const emptySets = [...new Set(empty.map((c) => c.set))];
  const pairs = (on: string) => rows.find((r) => r.on === on)?.pairs;
  const sizes = (set: string) => rows.find((r) => r.set === set)?.neurons ?? 0;
  return (
    <View
      id="influence"
      title="Influence per neuron: shared vs exclusive vs random"
      states={[state]}
      rows={() => rows}
      note={
        data && (
          <>
            {study.mode.toLowerCase()}-ablation of each set in {study.model}: Δ accuracy on the held-out pairs ({pairs('helpful data') ?? '?'} of {study.helpfulDataset},{' '}
            {pairs('harmless data') ?? '?'} of {study.harmlessDataset}) divided by the set's size — shared {sizes('shared')}, only helpful {sizes('only helpful')}, only harmless{' '}
            {sizes('only harmless')} neurons (top {study.topPercent}% by {study.method.toLowerCase()}). Bars: the set's 95% paired-bootstrap CI per neuron. Grey band and diamond:{' '}
            {study.controls} random sets with the set's per-layer counts, mean ± 2 sd per neuron{study.controls < 2 ? ' (needs at least 2 controls for a band)' : ''}.
            {emptySets.length > 0 && ` ${emptySets.join(' and ')}: empty at this p, nothing to divide (not drawn).`}
          </>
        )
      }
    >
      <PlotFigure label="Δ accuracy per ablated neuron, sets against random controls" options={options} />
    </View>
  );
}
