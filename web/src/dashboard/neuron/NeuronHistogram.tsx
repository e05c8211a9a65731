/** Histogram of the neuron's per-text max activation (response tokens) on the study's two datasets, and the examples' dataset when it is another. */
import * as Plot from '@observablehq/plot';
import { useMemo } from 'react';
import { COLOURS } from '../palette.ts';
import { PlotFigure, traced } from '../PlotFigure.tsx';
import { View } from '../View.tsx';
import { fmt, useNeuron, type NeuronSectionProps } from './common.ts';

export interface HistogramData {
  binCount: number;
  lo: number;
  hi: number;
  texts: number;
  bins: { low: number; high: number; count: number }[];
}

const BIN_CHOICES = [8, 16, 32, 64, 128];

/** One aliased `histogram` per dataset (h0, h1, …), so one request draws every facet. */
function histogramQuery(count: number): string {
  const vars = Array.from({ length: count }, (_, i) => `$d${i}: ID!`).join(', ');
  const fields = Array.from({ length: count }, (_, i) => `h${i}: histogram(dataset: $d${i}, part: $part, bins: $bins) { binCount lo hi texts bins { low high count } }`).join('\n      ');
  return `query NeuronHistogram($model: ID!, $layer: Int!, $index: Int!, $part: DataPart!, $bins: Int!, ${vars}) {
    neuron(model: $model, layer: $layer, index: $index) {
      ${fields}
    }
  }`;
}

export function NeuronHistogramSection({ neuron, study, options, setOptions }: NeuronSectionProps) {
  const datasets = [...new Set([study.helpfulDataset, study.harmlessDataset, options.examples || study.helpfulDataset])];
  const query = useMemo(() => histogramQuery(datasets.length), [datasets.length]);
  const state = useNeuron<Record<string, HistogramData>>(query, neuron, { part: options.part, bins: options.bins, ...Object.fromEntries(datasets.map((d, i) => [`d${i}`, d])) });
  const key = datasets.join('\n');
  const histograms = useMemo(() => (state.status === 'ready' ? datasets.map((dataset, i) => ({ dataset, ...state.data[`h${i}`] })) : []), [state, key]);
  const rows = useMemo(() => histograms.flatMap((h) => h.bins.map((b) => ({ dataset: h.dataset, low: b.low, high: b.high, count: b.count }))), [histograms]);
  const colourOf = (dataset: string) => (dataset === study.helpfulDataset ? COLOURS.helpful : dataset === study.harmlessDataset ? COLOURS.harmless : COLOURS.mixed);
  const plotOptions = useMemo<Plot.PlotOptions>(
    () => ({
      width: 900,
      height: 40 + 150 * histograms.length,
      marginLeft: 60,
      marginRight: 170,
      x: { label: 'per-text max activation over response tokens' },
      y: { label: 'texts', grid: true },
      fy: { label: null, domain: histograms.map((h) => h.dataset), tickFormat: (d: string) => (d.length > 26 ? `…${d.slice(-25)}` : d) },
      marks: [
        Plot.rectY(rows, {
          x1: 'low',
          x2: 'high',
          y: 'count',
          fy: 'dataset',
          fill: (r: (typeof rows)[number]) => colourOf(r.dataset),
          insetLeft: 0.5,
          insetRight: 0.5,
          render: traced(rows, (r) => ({ ...r })),
          title: (r: (typeof rows)[number]) => `[${fmt(r.low)}, ${fmt(r.high)}): ${r.count} texts`,
        }),
        Plot.ruleY([0]),
      ],
    }),
    [rows, histograms],
  );
  return (
    <View
      id="neuron-histogram"
      title="Histogram of the per-text max activation"
      states={[state]}
      rows={() => rows}
      controls={
        <label>
          Bins
          <select name="bins" value={options.bins} onChange={(e) => setOptions({ bins: Number(e.target.value) })}>
            {[...new Set([...BIN_CHOICES, options.bins])].map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </select>
        </label>
      }
      note={
        <>
          Each response of each pair of the {options.part === 'TRAIN' ? 'TRAIN' : 'HELD-OUT'} part counts once, at the largest activation over its response tokens; equal-width bins
          from the smallest to the largest such max.{' '}
          {histograms.map((h) => (
            <span key={h.dataset}>
              {h.dataset}: {h.texts} texts in {h.binCount} bins over [{fmt(h.lo)}, {fmt(h.hi)}].{' '}
            </span>
          ))}
          Counts are exact (no sampling).
        </>
      }
    >
      <PlotFigure label="activation histogram" options={plotOptions} />
    </View>
  );
}
