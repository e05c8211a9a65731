/**
 * Frontier: the ablated RM's accuracy on helpful (x) and harmless (y) held-out data as the SHARED
 * neurons are scaled by α (0 = zeroed, 1 = unchanged, 2 = doubled), points joined in α order.
 */
import * as Plot from '@observablehq/plot';
import { useMemo } from 'react';
import { COLOURS } from '../palette.ts';
import { PlotFigure, traced } from '../PlotFigure.tsx';
import type { ViewContext } from '../study.ts';
import { useApi } from '../useApi.ts';
import { View } from '../View.tsx';

const QUERY = /* GraphQL */ `
  query DashboardFrontier($model: ID!, $helpfulDataset: ID!, $harmlessDataset: ID!, $helpful: NeuronSelectionInput!, $harmless: NeuronSelectionInput!) {
    frontier(model: $model, helpful: $helpfulDataset, harmless: $harmlessDataset, set: { kind: SHARED, helpful: $helpful, harmless: $harmless }) {
      alpha
      helpfulAccuracy
      harmlessAccuracy
      helpfulDelta
      harmlessDelta
    }
    overlap(helpful: $helpful, harmless: $harmless) {
      shared
    }
  }
`;

export type FrontierRow = { alpha: number; helpfulAccuracy: number; harmlessAccuracy: number; helpfulDelta: number; harmlessDelta: number };

interface FrontierData {
  frontier: FrontierRow[];
  overlap: { shared: number };
}

export function FrontierView({ study, catalog }: ViewContext) {
  const state = useApi<FrontierData>(QUERY, {
    model: study.model,
    helpfulDataset: study.helpfulDataset,
    harmlessDataset: study.harmlessDataset,
    helpful: study.helpful,
    harmless: study.harmless,
  });
  const rows = useMemo(() => (state.status === 'ready' ? [...state.data.frontier].sort((a, b) => a.alpha - b.alpha) : []), [state]);

  const options = useMemo<Plot.PlotOptions>(() => {
    // Points at the same place (α values that change no pair's preference) share one label.
    const places = new Map<string, { helpfulAccuracy: number; harmlessAccuracy: number; alphas: number[] }>();
    for (const r of rows) {
      const key = `${r.helpfulAccuracy} ${r.harmlessAccuracy}`;
      const place = places.get(key) ?? { helpfulAccuracy: r.helpfulAccuracy, harmlessAccuracy: r.harmlessAccuracy, alphas: [] };
      place.alphas.push(r.alpha);
      places.set(key, place);
    }
    const unscaled = rows.filter((r) => r.alpha === 1);
    return {
      width: 720,
      height: 460,
      marginLeft: 70,
      marginRight: 40,
      marginBottom: 45,
      inset: 24,
      grid: true,
      x: { label: 'accuracy on helpful held-out data →', domain: spanOf(rows.map((r) => r.helpfulAccuracy)) },
      y: { label: '↑ accuracy on harmless held-out data', domain: spanOf(rows.map((r) => r.harmlessAccuracy)) },
      // No colour legend: the labels give each α (and a legend's own svg would be the view's SVG export).
      color: { type: 'linear', scheme: 'cividis', domain: [Math.min(0, ...rows.map((r) => r.alpha)), Math.max(2, ...rows.map((r) => r.alpha))] },
      marks: [
        Plot.line(rows, { x: 'helpfulAccuracy', y: 'harmlessAccuracy', stroke: COLOURS.control, strokeWidth: 1.5, markerEnd: 'arrow' }),
        Plot.dot(unscaled, { x: 'helpfulAccuracy', y: 'harmlessAccuracy', r: 11, stroke: COLOURS.all, strokeWidth: 2 }),
        Plot.dot(rows, {
          x: 'helpfulAccuracy',
          y: 'harmlessAccuracy',
          fill: 'alpha',
          stroke: COLOURS.all,
          strokeWidth: 0.5,
          r: 5,
          title: (r: FrontierRow) => `α ${r.alpha}: helpful ${r.helpfulAccuracy.toFixed(3)} (${signed(r.helpfulDelta)}), harmless ${r.harmlessAccuracy.toFixed(3)} (${signed(r.harmlessDelta)})`,
          render: traced(rows, (r) => ({ ...r })),
        }),
        // Labels alternate above and below the path (in α order), so neighbours do not collide.
        ...[-1, 1].map((side) =>
          Plot.text(
            [...places.values()].filter((_, i) => (i % 2 === 0 ? -1 : 1) === side),
            {
              x: 'helpfulAccuracy',
              y: 'harmlessAccuracy',
              text: (p: { alphas: number[] }) => `α ${p.alphas.join(', ')}${p.alphas.includes(1) ? ' (unablated)' : ''}`,
              dx: 8,
              dy: side * 17,
              textAnchor: 'start',
              stroke: 'white',
              strokeWidth: 3,
              paintOrder: 'stroke',
              fill: '#222',
            },
          ),
        ),
      ],
    };
  }, [rows]);

  const pairs = (id: string) => catalog.datasets.find((d) => d.id === id)?.heldOutPairs;
  const shared = state.status === 'ready' ? state.data.overlap.shared : undefined;
  return (
    <View
      id="frontier"
      title="Frontier: helpful vs harmless accuracy as SHARED neurons are scaled (α)"
      states={[state]}
      rows={() => rows}
      note={
        <>
          {study.model} with its {shared} SHARED neurons (in both top-{study.topPercent}% {study.method.toLowerCase()} selections) multiplied by α; accuracy on the held-out
          pairs of {study.helpfulDataset} ({pairs(study.helpfulDataset)} pairs) and {study.harmlessDataset} ({pairs(study.harmlessDataset)} pairs). The path runs
          from the smallest to the largest α (colour: dark blue at α = 0 to yellow at α = 2); the ring marks α = 1, the unablated RM. Each axis spans at least 0.02. The API gives no CI per α: one pair is 1/{pairs(study.helpfulDataset)} and
          1/{pairs(study.harmlessDataset)} of accuracy; α = 0 zeroes SHARED: the ablations view (mode zero) gives that Δ with its CI and random-control band.
        </>
      }
    >
      <PlotFigure label="helpful–harmless frontier" options={options} />
    </View>
  );
}

/** Axes span at least MIN_SPAN of accuracy, so a step of one or two pairs does not fill the plot. */
const MIN_SPAN = 0.02;

function spanOf(values: number[]): [number, number] | undefined {
  if (values.length === 0) return undefined;
  const low = Math.min(...values);
  const high = Math.max(...values);
  const pad = Math.max(0, (MIN_SPAN - (high - low)) / 2);
  return [low - pad, high + pad];
}

function signed(x: number): string {
  return `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(x).toFixed(3)}`;
}
