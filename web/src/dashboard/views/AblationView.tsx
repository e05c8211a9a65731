/**
 * Ablations: Δ accuracy of the ablated RM on both held-out datasets when ONLY-helpful,
 * ONLY-harmless, SHARED or ALL neurons are replaced (ZERO or MEAN), each with its 95%
 * paired-bootstrap CI against the band (mean ± 2 sd) of random sets matched to its per-layer counts.
 */
import * as Plot from '@observablehq/plot';
import { Fragment, useMemo } from 'react';
import { COLOURS } from '../palette.ts';
import { PlotFigure, traced } from '../PlotFigure.tsx';
import type { ViewContext } from '../study.ts';
import { useApi } from '../useApi.ts';
import { View } from '../View.tsx';
import { ABLATION_EFFECT_FIELDS, type AblationEffect } from '../../shared/ablationEffect.ts';

/** The sets, in plot order: the query's alias prefix, the label drawn, the colour. */
export const ABLATION_SETS = [
  { alias: 'onlyHelpful', label: 'ONLY helpful', colour: COLOURS.helpful },
  { alias: 'onlyHarmless', label: 'ONLY harmless', colour: COLOURS.harmless },
  { alias: 'shared', label: 'SHARED', colour: COLOURS.shared },
  { alias: 'all', label: 'ALL', colour: COLOURS.all },
] as const;

// ALL is asked with no controls: a random set as large as every neuron is every neuron, so its
// "controls" would only repeat ALL's own delta with sd 0 and no z-score.
const QUERY = /* GraphQL */ `
  query DashboardAblations(
    $model: ID!
    $helpfulDataset: ID!
    $harmlessDataset: ID!
    $helpful: NeuronSelectionInput!
    $harmless: NeuronSelectionInput!
    $mode: AblationMode!
    $controls: Int!
  ) {
    onlyHelpfulOnHelpful: ablation(model: $model, dataset: $helpfulDataset, mode: $mode, controls: $controls, set: { kind: ONLY, of: HELPFUL, helpful: $helpful, harmless: $harmless }) { ...Effect }
    onlyHelpfulOnHarmless: ablation(model: $model, dataset: $harmlessDataset, mode: $mode, controls: $controls, set: { kind: ONLY, of: HELPFUL, helpful: $helpful, harmless: $harmless }) { ...Effect }
    onlyHarmlessOnHelpful: ablation(model: $model, dataset: $helpfulDataset, mode: $mode, controls: $controls, set: { kind: ONLY, of: HARMLESS, helpful: $helpful, harmless: $harmless }) { ...Effect }
    onlyHarmlessOnHarmless: ablation(model: $model, dataset: $harmlessDataset, mode: $mode, controls: $controls, set: { kind: ONLY, of: HARMLESS, helpful: $helpful, harmless: $harmless }) { ...Effect }
    sharedOnHelpful: ablation(model: $model, dataset: $helpfulDataset, mode: $mode, controls: $controls, set: { kind: SHARED, helpful: $helpful, harmless: $harmless }) { ...Effect }
    sharedOnHarmless: ablation(model: $model, dataset: $harmlessDataset, mode: $mode, controls: $controls, set: { kind: SHARED, helpful: $helpful, harmless: $harmless }) { ...Effect }
    allOnHelpful: ablation(model: $model, dataset: $helpfulDataset, mode: $mode, controls: 0, set: { kind: ALL }) { ...Effect }
    allOnHarmless: ablation(model: $model, dataset: $harmlessDataset, mode: $mode, controls: 0, set: { kind: ALL }) { ...Effect }
  }
  fragment Effect on Ablation { ${ABLATION_EFFECT_FIELDS} }
`;

type AblationData = Record<string, AblationEffect>;

/** One drawn ablation: a set on one objective's held-out data. */
export type AblationRow = AblationEffect & {
  set: (typeof ABLATION_SETS)[number]['label'];
  data: 'helpful data' | 'harmless data';
  dataset: string;
};

const OBJECTIVES = [
  { suffix: 'OnHelpful', data: 'helpful data' },
  { suffix: 'OnHarmless', data: 'harmless data' },
] as const;

export function AblationView({ study }: ViewContext) {
  const state = useApi<AblationData>(QUERY, {
    model: study.model,
    helpfulDataset: study.helpfulDataset,
    harmlessDataset: study.harmlessDataset,
    helpful: study.helpful,
    harmless: study.harmless,
    mode: study.mode,
    controls: study.controls,
  });
  const rows = useMemo<AblationRow[]>(() => {
    if (state.status !== 'ready') return [];
    return OBJECTIVES.flatMap(({ suffix, data }) =>
      ABLATION_SETS.map((s) => ({
        set: s.label,
        data,
        dataset: data === 'helpful data' ? study.helpfulDataset : study.harmlessDataset,
        ...state.data[`${s.alias}${suffix}`],
      })),
    );
  }, [state, study.helpfulDataset, study.harmlessDataset]);

  const options = useMemo<Plot.PlotOptions>(() => {
    const banded = rows.filter((r) => r.controlMeanDelta !== null && r.controlStdDelta !== null);
    const meaned = rows.filter((r) => r.controlMeanDelta !== null);
    const controlDatum = (r: AblationRow) => ({ set: r.set, dataset: r.dataset, controls: r.controls, controlMeanDelta: r.controlMeanDelta, controlStdDelta: r.controlStdDelta });
    return {
      width: 1000,
      height: 420,
      marginLeft: 75,
      marginBottom: 45,
      fx: { label: null, domain: OBJECTIVES.map((o) => o.data), padding: 0.08, tickFormat: (d: string) => `on ${d}` },
      x: { label: 'ablated set', domain: ABLATION_SETS.map((s) => s.label), padding: 0.3 },
      y: { label: `Δ accuracy (${study.mode.toLowerCase()} ablation − unablated)`, grid: true, tickFormat: '+.3f', labelAnchor: 'center' },
      color: { domain: ABLATION_SETS.map((s) => s.label), range: ABLATION_SETS.map((s) => s.colour) },
      marks: [
        Plot.ruleY([0], { stroke: '#666' }),
        // The random-control band: size-matched random sets' mean Δ ± 2 sd.
        Plot.barY(banded, {
          fx: 'data',
          x: 'set',
          y1: (r: AblationRow) => r.controlMeanDelta! - 2 * r.controlStdDelta!,
          y2: (r: AblationRow) => r.controlMeanDelta! + 2 * r.controlStdDelta!,
          fill: COLOURS.control,
          fillOpacity: 0.3,
          title: (r: AblationRow) => `random controls (${r.controls}): mean ${fmt(r.controlMeanDelta)} ± 2 sd ${fmt(2 * r.controlStdDelta!)}`,
          render: traced(banded, controlDatum),
        }),
        Plot.tickY(meaned, { fx: 'data', x: 'set', y: 'controlMeanDelta', stroke: COLOURS.control, strokeWidth: 2, render: traced(meaned, controlDatum) }),
        // The set's own 95% paired-bootstrap CI and Δ.
        Plot.ruleX(rows, {
          fx: 'data',
          x: 'set',
          y1: 'deltaLow',
          y2: 'deltaHigh',
          stroke: 'set',
          strokeWidth: 2.5,
          render: traced(rows, (r) => ({ set: r.set, dataset: r.dataset, deltaLow: r.deltaLow, deltaHigh: r.deltaHigh })),
        }),
        Plot.dot(rows, {
          fx: 'data',
          x: 'set',
          y: 'deltaAccuracy',
          fill: 'set',
          stroke: 'white',
          r: 5.5,
          title: (r: AblationRow) => `${r.set} on ${r.dataset}: Δ ${fmt(r.deltaAccuracy)} [${fmt(r.deltaLow)}, ${fmt(r.deltaHigh)}], ${r.neurons} neurons, ${r.pairs} pairs${r.zScore === null ? '' : `, z ${r.zScore.toFixed(2)}`}`,
          render: traced(rows, (r) => ({ set: r.set, dataset: r.dataset, neurons: r.neurons, pairs: r.pairs, baselineAccuracy: r.baselineAccuracy, accuracy: r.accuracy, deltaAccuracy: r.deltaAccuracy, zScore: r.zScore })),
        }),
      ],
    };
  }, [rows, study.mode]);

  const pairs = (data: AblationRow['data']) => rows.find((r) => r.data === data)?.pairs;
  const baseline = (data: AblationRow['data']) => rows.find((r) => r.data === data)?.baselineAccuracy;
  return (
    <View
      id="ablations"
      title="Ablations: Δ accuracy on both objectives per neuron set"
      states={[state]}
      rows={() => rows}
      note={
        <>
          {study.model} with each set {study.mode === 'ZERO' ? 'zeroed' : "replaced by each neuron's mean on the measured dataset's TRAIN part"}; selections: top {study.topPercent}% by{' '}
          {study.method.toLowerCase()} score. Dots: accuracy after − before on the held-out pairs ({pairs('helpful data')} of {study.helpfulDataset}, unablated{' '}
          {baseline('helpful data')?.toFixed(3)}; {pairs('harmless data')} of {study.harmlessDataset}, unablated {baseline('harmless data')?.toFixed(3)}); lines:
          95% paired-bootstrap CI. Grey band: mean ± 2 sd of Δ over {study.controls} random sets matched to the set's per-layer counts (tick: their mean; no band
          with fewer than 2 controls). ALL has no random control: a random set as large as every neuron is every neuron.
        </>
      }
    >
      <PlotFigure label="ablation effects" options={options} />
      <table className="data" aria-label="ablation effects per set">
        <thead>
          <tr>
            <th>set</th>
            <th>neurons</th>
            {OBJECTIVES.map((o) => (
              <th key={o.data} colSpan={3} style={{ textAlign: 'center' }}>
                on {o.data}
              </th>
            ))}
          </tr>
          <tr>
            <th />
            <th />
            {OBJECTIVES.map((o) => (
              <Fragment key={o.data}>
                <th>Δ [95% CI]</th>
                <th>controls: mean ± 2 sd</th>
                <th>z</th>
              </Fragment>
            ))}
          </tr>
        </thead>
        <tbody>
          {ABLATION_SETS.map((s) => {
            const ofSet = rows.filter((r) => r.set === s.label);
            return (
              <tr key={s.label}>
                <td>{s.label}</td>
                <td>{ofSet[0]?.neurons}</td>
                {OBJECTIVES.map((o) => {
                  const r = ofSet.find((x) => x.data === o.data);
                  if (!r) return null;
                  return [
                    <td key={`${o.data}-d`}>
                      {fmt(r.deltaAccuracy)} [{fmt(r.deltaLow)}, {fmt(r.deltaHigh)}]
                    </td>,
                    <td key={`${o.data}-c`}>{controlText(r)}</td>,
                    <td key={`${o.data}-z`}>{fmt(r.zScore, 2)}</td>,
                  ];
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </View>
  );
}

function controlText(r: AblationRow): string {
  if (r.set === 'ALL') return 'none (every neuron)';
  if (r.controls === 0 || r.controlMeanDelta === null) return 'none asked';
  if (r.controlStdDelta === null) return `${fmt(r.controlMeanDelta)} (n = ${r.controls}, no sd)`;
  return `${fmt(r.controlMeanDelta)} ± ${(2 * r.controlStdDelta).toFixed(3)} (n = ${r.controls})`;
}

/** A signed number with a true minus sign; a dash for null. */
function fmt(x: number | null, digits = 3): string {
  if (x === null) return '—';
  return `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.abs(x).toFixed(digits)}`;
}
