/** The neuron's scores and ranks (TRAIN parts), its membership in the study's two top sets, and its margin correlation (HELD-OUT parts). */
import * as Plot from '@observablehq/plot';
import { useMemo } from 'react';
import { COLOURS, MEMBERSHIP_COLOURS } from '../palette.ts';
import { PlotFigure, traced } from '../PlotFigure.tsx';
import { View } from '../View.tsx';
import { fmt, signed, useNeuron, type NeuronSectionProps } from './common.ts';

const SCORES_QUERY = /* GraphQL */ `
  query NeuronScores($model: ID!, $layer: Int!, $index: Int!, $helpful: ID!, $harmless: ID!) {
    neuron(model: $model, layer: $layer, index: $index) {
      scores(helpful: $helpful, harmless: $harmless) { dataset objective method score rank percentile neurons }
    }
  }
`;

export type ScoreRow = {
  dataset: string;
  objective: string;
  method: string;
  score: number;
  rank: number;
  percentile: number;
  neurons: number;
};

const objectiveColour = { domain: ['HELPFUL', 'HARMLESS'], range: [COLOURS.helpful, COLOURS.harmless] };

export function NeuronScoresSection({ neuron, study }: NeuronSectionProps) {
  const state = useNeuron<{ scores: ScoreRow[] }>(SCORES_QUERY, neuron, { helpful: study.helpfulDataset, harmless: study.harmlessDataset });
  const rows = useMemo(() => (state.status === 'ready' ? state.data.scores : []), [state]);
  const options = useMemo<Plot.PlotOptions>(
    () => ({
      width: 900,
      height: 60 + 36 * new Set(rows.map((r) => r.method)).size * 2,
      marginLeft: 110,
      marginRight: 140,
      x: { label: 'percentile among the model’s neurons (100 = ranked first)', domain: [0, 100], grid: true },
      y: { label: null },
      fy: { label: 'TRAIN part of', domain: [...new Set(rows.map((r) => r.dataset))] },
      color: { ...objectiveColour, legend: true, label: 'dataset objective' },
      marks: [
        Plot.ruleX([100 - study.topPercent], { stroke: COLOURS.control, strokeDasharray: '4 3' }),
        Plot.text([100 - study.topPercent], { x: (d: number) => d, frameAnchor: 'top', dy: -4, text: () => `top ${study.topPercent}%`, fill: '#444', facetAnchor: 'top' }),
        Plot.ruleY(rows, { y: 'method', fy: 'dataset', x1: 0, x2: 'percentile', stroke: 'objective', strokeOpacity: 0.35, strokeWidth: 2 }),
        Plot.dot(rows, {
          x: 'percentile',
          y: 'method',
          fy: 'dataset',
          fill: 'objective',
          symbol: 'objective',
          r: 6,
          render: traced(rows, (r) => ({ ...r })),
          title: (r: ScoreRow) => `${r.method} on ${r.dataset}: score ${r.score}, rank ${r.rank} of ${r.neurons}, percentile ${r.percentile}`,
        }),
        Plot.text(rows, { x: 'percentile', y: 'method', fy: 'dataset', text: (r: ScoreRow) => `rank ${r.rank} / ${r.neurons} · score ${fmt(r.score)}`, textAnchor: 'start', dx: 10, fill: '#333' }),
      ],
      symbol: { domain: ['HELPFUL', 'HARMLESS'], range: ['circle', 'square'] },
    }),
    [rows, study.topPercent],
  );
  const neurons = rows[0]?.neurons;
  return (
    <View
      id="neuron-scores"
      title="Scores and ranks under every method"
      states={[state]}
      rows={() => rows}
      note={
        <>
          Each method scores all {neurons ?? '…'} neurons of the model on a dataset's TRAIN part (CONTRAST ranks by |score|; CHANGE only for a model with a base);
          rank 1 = first selected, percentile = share of neurons ranked at or below it. The dashed line is the study's top-{study.topPercent}% cut. Scores are
          point values (no CI): how far from the cut a neuron sits is the measure of confidence in its membership.
        </>
      }
    >
      <PlotFigure label="neuron scores by method" options={options} />
      <table className="data neuron-scores-table">
        <thead>
          <tr>
            <th>dataset (TRAIN)</th>
            <th>method</th>
            <th>score</th>
            <th>rank</th>
            <th>percentile</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.dataset} ${r.method}`} data-dataset={r.dataset} data-method={r.method}>
              <td>{r.dataset}</td>
              <td>{r.method.toLowerCase()}</td>
              <td>{fmt(r.score, 4)}</td>
              <td>
                {r.rank} / {r.neurons}
              </td>
              <td>{fmt(r.percentile, 1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </View>
  );
}

const MEMBERSHIP_QUERY = /* GraphQL */ `
  query NeuronMembership($model: ID!, $layer: Int!, $index: Int!, $helpful: NeuronSelectionInput!, $harmless: NeuronSelectionInput!) {
    neuron(model: $model, layer: $layer, index: $index) {
      membership(helpful: $helpful, harmless: $harmless) { membership inHelpful inHarmless }
    }
  }
`;

export interface MembershipData {
  membership: 'HELPFUL_ONLY' | 'HARMLESS_ONLY' | 'SHARED' | 'NEITHER';
  inHelpful: boolean;
  inHarmless: boolean;
}

const MEMBERSHIP_LABEL = { HELPFUL_ONLY: 'helpful only', HARMLESS_ONLY: 'harmless only', SHARED: 'shared', NEITHER: 'neither' } as const;

export function NeuronMembershipSection({ neuron, study }: NeuronSectionProps) {
  const state = useNeuron<{ membership: MembershipData }>(MEMBERSHIP_QUERY, neuron, { helpful: study.helpful, harmless: study.harmless });
  const data = state.status === 'ready' ? state.data.membership : null;
  const rows = () => (data ? [{ model: neuron.model, layer: neuron.layer, index: neuron.index, ...data }] : []);
  const colour = data ? MEMBERSHIP_COLOURS.range[MEMBERSHIP_COLOURS.domain.indexOf(data.membership)] : undefined;
  const selection = (s: typeof study.helpful) => (
    <>
      top {s.topPercent}% of <code>{s.model}</code> by {s.method.toLowerCase()} on the TRAIN part of <code>{s.dataset}</code>
    </>
  );
  return (
    <View
      id="neuron-membership"
      title="Membership in the study's top sets"
      states={[state]}
      rows={rows}
      note={
        <>
          The study's selections (from the dashboard's controls): helpful = {selection(study.helpful)}; harmless = {selection(study.harmless)}. Each takes k = ⌈p·N/100⌉
          neurons; positions compare across models only when their neuron sites match.
        </>
      }
    >
      {data && (
        <p className="membership" data-membership={data.membership}>
          <span className="swatch" style={{ background: colour }} aria-hidden="true" /> <strong>{MEMBERSHIP_LABEL[data.membership]}</strong>: {data.inHelpful ? 'in' : 'not in'} the helpful set,{' '}
          {data.inHarmless ? 'in' : 'not in'} the harmless set.
        </p>
      )}
    </View>
  );
}

const MARGIN_QUERY = /* GraphQL */ `
  query NeuronMargin($model: ID!, $layer: Int!, $index: Int!, $helpful: ID!, $harmless: ID!) {
    neuron(model: $model, layer: $layer, index: $index) {
      helpful: marginCorrelation(dataset: $helpful) { r pairs }
      harmless: marginCorrelation(dataset: $harmless) { r pairs }
    }
  }
`;

interface Margin {
  r: number | null;
  pairs: number;
}

export function NeuronMarginSection({ neuron, study }: NeuronSectionProps) {
  const state = useNeuron<{ helpful: Margin; harmless: Margin }>(MARGIN_QUERY, neuron, { helpful: study.helpfulDataset, harmless: study.harmlessDataset });
  const rows = useMemo(
    () =>
      state.status === 'ready'
        ? [
            { dataset: study.helpfulDataset, objective: 'HELPFUL', ...state.data.helpful },
            { dataset: study.harmlessDataset, objective: 'HARMLESS', ...state.data.harmless },
          ]
        : [],
    [state],
  );
  const drawn = rows.filter((r) => r.r !== null);
  const options = useMemo<Plot.PlotOptions>(
    () => ({
      width: 900,
      height: 130,
      marginLeft: 160,
      x: { label: 'Pearson r of its chosen − rejected activation with the reward margin', domain: [-1, 1], grid: true },
      y: { label: null, domain: rows.map((r) => r.dataset) },
      color: objectiveColour,
      symbol: { domain: ['HELPFUL', 'HARMLESS'], range: ['circle', 'square'] },
      marks: [
        Plot.ruleX([0], { stroke: '#666' }),
        Plot.dot(drawn, { x: 'r', y: 'dataset', fill: 'objective', symbol: 'objective', r: 6, render: traced(drawn, (r) => ({ dataset: r.dataset, r: r.r, pairs: r.pairs })) }),
        Plot.text(drawn, { x: 'r', y: 'dataset', text: (r: (typeof rows)[number]) => `r = ${signed(r.r)} (n = ${r.pairs})`, dy: -12, fill: '#333' }),
      ],
    }),
    [rows],
  );
  return (
    <View
      id="neuron-margin"
      title="Margin correlation"
      states={[state]}
      rows={() => rows}
      note={
        <>
          Over each dataset's HELD-OUT pairs ({rows.map((r) => `${r.pairs} on ${r.dataset}`).join(', ')}): how the neuron's chosen − rejected token-mean activation tracks the
          model's reward margin. With n pairs, |r| below about {fmt(2 / Math.sqrt(Math.max(rows[0]?.pairs ?? 4, 4)), 2)} is within noise (≈ 2/√n).
          {rows.some((r) => r.r === null) && ' No r where the activation difference or the margin is constant.'}
        </>
      }
    >
      <PlotFigure label="margin correlation" options={options} />
    </View>
  );
}
