/** Tension heatmap: every model of the zoo × every held-out dataset, accuracy with its 95% CI; interference beside it. */
import * as Plot from '@observablehq/plot';
import { useMemo } from 'react';
import { ACCURACY_SCHEME } from '../palette.ts';
import { PlotFigure, traced } from '../PlotFigure.tsx';
import type { ViewContext } from '../study.ts';
import { useApi } from '../useApi.ts';
import { View } from '../View.tsx';

const QUERY = /* GraphQL */ `
  query DashboardTension($zoo: ID) {
    tension(zoo: $zoo) {
      rows {
        model { id objective }
        dataset { id objective }
        evaluation { accuracy accuracyLow accuracyHigh meanMargin pairs }
      }
      interference { objective single { id } mixed { id } delta deltaLow deltaHigh pairs }
    }
  }
`;

interface TensionData {
  tension: {
    rows: { model: { id: string; objective: string }; dataset: { id: string; objective: string }; evaluation: { accuracy: number; accuracyLow: number; accuracyHigh: number; meanMargin: number; pairs: number } }[];
    interference: { objective: string; single: { id: string }; mixed: { id: string }; delta: number; deltaLow: number; deltaHigh: number; pairs: number }[];
  };
}

export function TensionView({ study }: ViewContext) {
  const state = useApi<TensionData>(QUERY, { zoo: study.zoo });
  const rows = useMemo(
    () =>
      state.status === 'ready'
        ? state.data.tension.rows.map((r) => ({ model: r.model.id, objective: r.model.objective, dataset: r.dataset.id, datasetObjective: r.dataset.objective, ...r.evaluation }))
        : [],
    [state],
  );
  const interference = state.status === 'ready' ? state.data.tension.interference : [];
  // A cell is marked when its model is a single-objective RM that beats the mixed RM on its own objective by a CI excluding 0.
  const interfering = new Set(interference.filter((i) => i.deltaLow > 0).map((i) => `${i.single.id} ${i.objective}`));
  const options = useMemo<Plot.PlotOptions>(
    () => ({
      width: 760,
      // Three text lines per cell (accuracy, CI, n) need the room.
      height: 90 + 64 * new Set(rows.map((r) => r.model)).size,
      marginLeft: 160,
      marginBottom: 50,
      padding: 0.04,
      x: { label: 'held-out dataset', domain: [...new Set(rows.map((r) => r.dataset))] },
      y: { label: 'reward model', domain: [...new Set(rows.map((r) => r.model))] },
      color: { scheme: ACCURACY_SCHEME, legend: true, label: 'preference accuracy' },
      marks: [
        Plot.cell(rows, { x: 'dataset', y: 'model', fill: 'accuracy', render: traced(rows, (r) => ({ model: r.model, dataset: r.dataset, accuracy: r.accuracy })) }),
        Plot.text(rows, {
          x: 'dataset',
          y: 'model',
          text: (r) => `${r.accuracy.toFixed(3)}${interfering.has(`${r.model} ${r.datasetObjective}`) ? ' ▲' : ''}\n[${r.accuracyLow.toFixed(3)}, ${r.accuracyHigh.toFixed(3)}]\nn = ${r.pairs}`,
          // Black on a white halo stays readable on every colour of the scheme.
          fill: 'black',
          stroke: 'white',
          strokeWidth: 3,
          lineHeight: 1.2,
        }),
      ],
    }),
    [rows, interfering.size],
  );
  return (
    <View
      id="tension"
      title="Tension: accuracy of each RM on each held-out dataset"
      states={[state]}
      rows={() => rows}
      note={
        <>
          Cells: preference accuracy on the dataset's held-out pairs, 95% bootstrap CI in brackets, n pairs. ▲ marks a
          single-objective RM whose lead over the mixed RM on its own objective has a CI above 0 (interference).
          {interference.map((i) => (
            <span key={`${i.single.id}-${i.mixed.id}-${i.objective}`} className="interference">
              {' '}
              {i.objective}: {i.single.id} − {i.mixed.id} = {i.delta.toFixed(3)} [{i.deltaLow.toFixed(3)}, {i.deltaHigh.toFixed(3)}] over {i.pairs} pairs.
            </span>
          ))}
        </>
      }
    >
      <PlotFigure label="tension heatmap" options={options} />
    </View>
  );
}
