/** The neuron alone ablated (ZERO and MEAN) on both HELD-OUT parts: Δ accuracy with its CI, against random single-neuron controls. */
import * as Plot from '@observablehq/plot';
import { useMemo } from 'react';
import { COLOURS } from '../palette.ts';
import { PlotFigure, traced } from '../PlotFigure.tsx';
import { View } from '../View.tsx';
import { fmt, signed, useNeuron, type NeuronSectionProps } from './common.ts';
import { ABLATION_EFFECT_FIELDS, type AblationEffect } from '../../shared/ablationEffect.ts';

const ABLATION_QUERY = /* GraphQL */ `
  query NeuronAblation($model: ID!, $layer: Int!, $index: Int!, $helpful: ID!, $harmless: ID!, $controls: Int!) {
    neuron(model: $model, layer: $layer, index: $index) {
      ablation(helpful: $helpful, harmless: $harmless, controls: $controls) {
        mode
        dataset
        objective
        ablation { ${ABLATION_EFFECT_FIELDS} }
      }
    }
  }
`;

export interface NeuronAblationEffect {
  mode: string;
  dataset: string;
  objective: string;
  ablation: AblationEffect;
}

type Row = ReturnType<typeof flatten>;
const flatten = (e: NeuronAblationEffect) => ({ mode: e.mode, dataset: e.dataset, objective: e.objective, ...e.ablation, label: `${e.objective.toLowerCase()} · ${e.mode.toLowerCase()}` });

export function NeuronAblationSection({ neuron, study, onControls }: NeuronSectionProps & { onControls: (n: number) => void }) {
  const state = useNeuron<{ ablation: NeuronAblationEffect[] }>(ABLATION_QUERY, neuron, { helpful: study.helpfulDataset, harmless: study.harmlessDataset, controls: study.controls });
  const rows = useMemo(() => (state.status === 'ready' ? state.data.ablation.map(flatten) : []), [state]);
  const bands = rows.filter((r) => r.controlMeanDelta !== null && r.controlStdDelta !== null);
  const options = useMemo<Plot.PlotOptions>(
    () => ({
      width: 900,
      height: 60 + 42 * rows.length,
      marginLeft: 140,
      marginRight: 40,
      x: { label: 'Δ preference accuracy on the HELD-OUT part (ablated − baseline)', grid: true },
      y: { label: null, domain: rows.map((r) => r.label) },
      color: { domain: ['HELPFUL', 'HARMLESS'], range: [COLOURS.helpful, COLOURS.harmless], legend: true, label: 'dataset objective' },
      symbol: { domain: ['ZERO', 'MEAN'], range: ['circle', 'diamond'] },
      marks: [
        // The random controls' band: mean ± 2 sd of single random neurons ablated the same way.
        Plot.barX(bands, { y: 'label', x1: (r: Row) => r.controlMeanDelta! - 2 * r.controlStdDelta!, x2: (r: Row) => r.controlMeanDelta! + 2 * r.controlStdDelta!, fill: COLOURS.control, fillOpacity: 0.3, insetTop: 8, insetBottom: 8 }),
        Plot.tickX(bands, { y: 'label', x: 'controlMeanDelta', stroke: COLOURS.control, strokeWidth: 2 }),
        Plot.ruleX([0], { stroke: '#444' }),
        Plot.ruleY(rows, { y: 'label', x1: 'deltaLow', x2: 'deltaHigh', stroke: 'objective', strokeWidth: 2 }),
        Plot.dot(rows, {
          y: 'label',
          x: 'deltaAccuracy',
          fill: 'objective',
          symbol: 'mode',
          r: 6,
          render: traced(rows, (r) => ({ mode: r.mode, dataset: r.dataset, objective: r.objective, deltaAccuracy: r.deltaAccuracy, deltaLow: r.deltaLow, deltaHigh: r.deltaHigh })),
          title: (r: Row) => `${r.label}: Δ ${signed(r.deltaAccuracy)} [${signed(r.deltaLow)}, ${signed(r.deltaHigh)}]`,
        }),
      ],
    }),
    [rows],
  );
  const pairs = [...new Map(rows.map((r) => [r.dataset, r.pairs])).entries()];
  return (
    <View
      id="neuron-ablation"
      title="Single-neuron ablation"
      states={[state]}
      rows={() => rows.map(({ label: _label, ...r }) => r)}
      controls={
        <label>
          Random controls
          <input
            type="number"
            name="controls"
            min={0}
            max={1000}
            step={1}
            defaultValue={study.controls}
            key={study.controls}
            onBlur={(e) => commit(e.currentTarget, study.controls, onControls)}
            onKeyDown={(e) => e.key === 'Enter' && commit(e.currentTarget, study.controls, onControls)}
          />
        </label>
      }
      note={
        <>
          The neuron alone replaced by 0 (ZERO) or by its TRAIN-part mean (MEAN), measured on the HELD-OUT pairs ({pairs.map(([d, n]) => `${n} of ${d}`).join(', ')}). Lines: 95%
          paired-bootstrap CI of Δ accuracy. Grey band: mean ± 2 sd of Δ over {study.controls} random single neurons ablated the same way (a tick at their mean)
          {study.controls < 2 && ' (needs at least 2 controls)'}.
        </>
      }
    >
      <PlotFigure label="single-neuron ablation effect" options={options} />
      <table className="data neuron-ablation-table">
        <thead>
          <tr>
            <th>held-out part</th>
            <th>mode</th>
            <th>baseline</th>
            <th>ablated</th>
            <th>Δ accuracy [95% CI]</th>
            <th>controls: mean Δ ± sd</th>
            <th>z</th>
            <th>pairs</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <td>{r.dataset}</td>
              <td>{r.mode.toLowerCase()}</td>
              <td>{fmt(r.baselineAccuracy)}</td>
              <td>{fmt(r.accuracy)}</td>
              <td>
                {signed(r.deltaAccuracy)} [{signed(r.deltaLow)}, {signed(r.deltaHigh)}]
              </td>
              <td>
                {r.controls === 0 ? '—' : `${signed(r.controlMeanDelta)} ± ${fmt(r.controlStdDelta)} (${r.controls})`}
              </td>
              <td>{fmt(r.zScore, 2)}</td>
              <td>{r.pairs}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </View>
  );
}

/** Applies on Enter or leaving the field (each value is a computation), and only a new value. */
function commit(input: HTMLInputElement, current: number, apply: (n: number) => void) {
  const n = Number(input.value);
  if (input.value !== '' && Number.isInteger(n) && n >= 0 && n <= 1000 && n !== current) apply(n);
}
