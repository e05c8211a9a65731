/**
 * Tension heatmap: every model of the zoo × every held-out dataset, accuracy with its 95% CI, and
 * the length rule as a row of its own to read them against; interference beside it. Under it,
 * each cell's accuracy by which response is the longer, and the transferability of right answers.
 */
import * as Plot from '@observablehq/plot';
import { useMemo } from 'react';
import type * as Api from '../../shared/schema.generated.ts';
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
        byLength { chosenLonger { ...S } chosenShorter { ...S } equalLength { ...S } }
      }
      interference { objective single { id } mixed { id } delta deltaLow deltaHigh pairs }
      baselines { rule dataset { id } accuracy accuracyLow accuracyHigh pairs chosenLonger chosenShorter equalLength maxResponseTokens }
      transferability { from { id } to { id } dataset { id } share shareLow shareHigh fromCorrect bothCorrect pairs }
    }
  }
  fragment S on LengthStratum { accuracy accuracyLow accuracyHigh pairs }
`;

/** The API's types (generated from schema.graphql), narrowed to what the query selects. */
type LengthStratum = Omit<Api.LengthStratum, '__typename'>;
type LengthStrata = Record<keyof Omit<Api.LengthStrata, '__typename'>, LengthStratum>;
type LengthBaseline = Omit<Api.LengthBaseline, '__typename' | 'dataset'> & { dataset: { id: string } };
type Transferability = Omit<Api.Transferability, '__typename' | 'from' | 'to' | 'dataset'> & { from: { id: string }; to: { id: string }; dataset: { id: string } };

interface TensionData {
  tension: {
    rows: {
      model: { id: string; objective: string };
      dataset: { id: string; objective: string };
      evaluation: { accuracy: number; accuracyLow: number; accuracyHigh: number; meanMargin: number; pairs: number };
      byLength: LengthStrata;
    }[];
    interference: { objective: string; single: { id: string }; mixed: { id: string }; delta: number; deltaLow: number; deltaHigh: number; pairs: number }[];
    baselines: LengthBaseline[];
    transferability: Transferability[];
  };
}

/** The heatmap's label of the length rule's row: a rule scored like a model, not one. */
export const LENGTH_RULE_LABEL = 'length rule (not a model)';

const STRATA = [
  ['chosenLonger', 'chosen longer'],
  ['chosenShorter', 'chosen shorter'],
  ['equalLength', 'equal length'],
] as const;

const f3 = (x: number | null) => (x === null ? '—' : x.toFixed(3));
/** An accuracy with its CI and count; a dash for an empty stratum. */
const withCi = (a: number | null, low: number | null, high: number | null, n: number) => (a === null ? `— (n = ${n})` : `${f3(a)} [${f3(low)}, ${f3(high)}] (n = ${n})`);
/** Half-counted ties make fractional counts (x.5); whole ones print without decimals. */
const count = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

export function TensionView({ study }: ViewContext) {
  const state = useApi<TensionData>(QUERY, { zoo: study.zoo });
  const tension = state.status === 'ready' ? state.data.tension : null;
  const rows = useMemo(
    () => (tension ? tension.rows.map((r) => ({ model: r.model.id, objective: r.model.objective, dataset: r.dataset.id, datasetObjective: r.dataset.objective, ...r.evaluation, byLength: r.byLength })) : []),
    [tension],
  );
  const baselines = tension?.baselines ?? [];
  const transfers = tension?.transferability ?? [];
  const ruleCells = useMemo(() => baselines.map((b) => ({ ...b, model: LENGTH_RULE_LABEL, dataset: b.dataset.id })), [baselines]);
  const interference = tension?.interference ?? [];
  // A cell is marked when its model is a single-objective RM that beats the mixed RM on its own objective by a CI excluding 0.
  const interfering = new Set(interference.filter((i) => i.deltaLow > 0).map((i) => `${i.single.id} ${i.objective}`));
  const options = useMemo<Plot.PlotOptions>(() => {
    const models = [...new Set(rows.map((r) => r.model))];
    const text = { fill: 'black', stroke: 'white', strokeWidth: 3, lineHeight: 1.2 } as const;
    return {
      width: 760,
      // Three text lines per cell (accuracy, CI, n) need the room; the length rule is one row more.
      height: 90 + 64 * (models.length + 1),
      marginLeft: 170,
      marginBottom: 50,
      padding: 0.04,
      x: { label: 'held-out dataset', domain: [...new Set(rows.map((r) => r.dataset))] },
      y: { label: 'reward model', domain: [...models, LENGTH_RULE_LABEL] },
      color: { scheme: ACCURACY_SCHEME, legend: true, label: 'preference accuracy' },
      marks: [
        Plot.cell(rows, {
          x: 'dataset',
          y: 'model',
          fill: 'accuracy',
          title: (r: (typeof rows)[number]) =>
            [`${r.model} on ${r.dataset}: ${withCi(r.accuracy, r.accuracyLow, r.accuracyHigh, r.pairs)}`, ...STRATA.map(([k, label]) => `${label}: ${withCi(r.byLength[k].accuracy, r.byLength[k].accuracyLow, r.byLength[k].accuracyHigh, r.byLength[k].pairs)}`)].join('\n'),
          render: traced(rows, (r) => ({ model: r.model, dataset: r.dataset, accuracy: r.accuracy })),
        }),
        // The rule's cells share the accuracy colours (it is read against the models) but wear a dashed frame: it is no model.
        Plot.cell(ruleCells, {
          x: 'dataset',
          y: 'model',
          fill: 'accuracy',
          stroke: 'black',
          strokeDasharray: '5,3',
          strokeWidth: 1.5,
          inset: 1,
          title: (b: (typeof ruleCells)[number]) => `longer response wins, on ${b.dataset}: ${withCi(b.accuracy, b.accuracyLow, b.accuracyHigh, b.pairs)}; chosen longer in ${b.chosenLonger}, shorter in ${b.chosenShorter}, equal length in ${b.equalLength} pairs`,
          render: traced(ruleCells, (b) => ({ rule: b.rule, dataset: b.dataset, accuracy: b.accuracy })),
        }),
        Plot.text(rows, {
          x: 'dataset',
          y: 'model',
          text: (r) => `${r.accuracy.toFixed(3)}${interfering.has(`${r.model} ${r.datasetObjective}`) ? ' ▲' : ''}\n[${r.accuracyLow.toFixed(3)}, ${r.accuracyHigh.toFixed(3)}]\nn = ${r.pairs}`,
          // Black on a white halo stays readable on every colour of the scheme.
          ...text,
        }),
        Plot.text(ruleCells, { x: 'dataset', y: 'model', text: (b) => `${b.accuracy.toFixed(3)}\n[${b.accuracyLow.toFixed(3)}, ${b.accuracyHigh.toFixed(3)}]\nn = ${b.pairs}`, ...text }),
      ],
    };
  }, [rows, ruleCells, interfering.size]);

  const csvRows = () => [
    ...rows.map(({ byLength, ...r }) => ({
      kind: 'model',
      ...r,
      ...Object.fromEntries(
        STRATA.flatMap(([k]) => [
          [`${k}Accuracy`, byLength[k].accuracy],
          [`${k}Low`, byLength[k].accuracyLow],
          [`${k}High`, byLength[k].accuracyHigh],
          [`${k}Pairs`, byLength[k].pairs],
        ]),
      ),
    })),
    ...baselines.map((b) => ({
      kind: 'length rule',
      model: LENGTH_RULE_LABEL,
      dataset: b.dataset.id,
      accuracy: b.accuracy,
      accuracyLow: b.accuracyLow,
      accuracyHigh: b.accuracyHigh,
      pairs: b.pairs,
      chosenLongerPairs: b.chosenLonger,
      chosenShorterPairs: b.chosenShorter,
      equalLengthPairs: b.equalLength,
    })),
    ...transfers.map((t) => ({ kind: 'transferability', from: t.from.id, to: t.to.id, dataset: t.dataset.id, share: t.share, shareLow: t.shareLow, shareHigh: t.shareHigh, fromCorrect: t.fromCorrect, bothCorrect: t.bothCorrect, pairs: t.pairs })),
  ];

  return (
    <View
      id="tension"
      title="Tension: accuracy of each RM on each held-out dataset"
      states={[state]}
      rows={csvRows}
      note={
        <>
          Cells: preference accuracy on the dataset's held-out pairs, 95% bootstrap CI in brackets, n pairs; hover a cell for its accuracy by length. The dashed row
          is the {LENGTH_RULE_LABEL}: the response with more tokens wins (equal lengths tie; responses cut at {baselines[0]?.maxResponseTokens ?? '?'} tokens, as
          the models read them), a bar a model should clear. ▲ marks a single-objective RM whose lead over the mixed RM on its own objective has a CI above 0
          (interference).
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
      <h3 className="table-title">Accuracy by length: is the pair's chosen response the longer, the shorter, or of equal length?</h3>
      <table className="data by-length" aria-label="accuracy by length of the chosen response">
        <thead>
          <tr>
            <th>rule or reward model</th>
            <th>dataset</th>
            <th>all pairs [95% CI]</th>
            {STRATA.map(([k, label]) => (
              <th key={k}>{label} [95% CI]</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {baselines.map((b) => (
            <tr key={`rule ${b.dataset.id}`} className="rule" data-datum={JSON.stringify({ rule: b.rule, dataset: b.dataset.id, accuracy: b.accuracy, accuracyLow: b.accuracyLow, accuracyHigh: b.accuracyHigh, pairs: b.pairs, chosenLonger: b.chosenLonger, chosenShorter: b.chosenShorter, equalLength: b.equalLength })}>
              <td>{LENGTH_RULE_LABEL}</td>
              <td>{b.dataset.id}</td>
              <td>{withCi(b.accuracy, b.accuracyLow, b.accuracyHigh, b.pairs)}</td>
              <td>n = {b.chosenLonger}</td>
              <td>n = {b.chosenShorter}</td>
              <td>n = {b.equalLength}</td>
            </tr>
          ))}
          {rows.map((r) => (
            <tr key={`${r.model} ${r.dataset}`} data-datum={JSON.stringify({ model: r.model, dataset: r.dataset, byLength: r.byLength })}>
              <td>{r.model}</td>
              <td>{r.dataset}</td>
              <td>{withCi(r.accuracy, r.accuracyLow, r.accuracyHigh, r.pairs)}</td>
              {STRATA.map(([k]) => (
                <td key={k}>{withCi(r.byLength[k].accuracy, r.byLength[k].accuracyLow, r.byLength[k].accuracyHigh, r.byLength[k].pairs)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <h3 className="table-title">Transferability: of the held-out pairs one RM gets right, the share the other also gets right</h3>
      <table className="data transferability" aria-label="transferability of right answers">
        <thead>
          <tr>
            <th>from → to</th>
            <th>dataset</th>
            <th>share [95% CI]</th>
            <th>both right / from right</th>
            <th>pairs</th>
          </tr>
        </thead>
        <tbody>
          {transfers.map((t) => (
            <tr key={`${t.from.id} ${t.to.id} ${t.dataset.id}`} data-datum={JSON.stringify({ from: t.from.id, to: t.to.id, dataset: t.dataset.id, share: t.share, shareLow: t.shareLow, shareHigh: t.shareHigh, fromCorrect: t.fromCorrect, bothCorrect: t.bothCorrect, pairs: t.pairs })}>
              <td>
                {t.from.id} → {t.to.id}
              </td>
              <td>{t.dataset.id}</td>
              <td>{t.share === null ? `— (${t.from.id} gets none right)` : `${f3(t.share)} [${f3(t.shareLow)}, ${f3(t.shareHigh)}]`}</td>
              <td>
                {count(t.bothCorrect)} / {count(t.fromCorrect)}
              </td>
              <td>{t.pairs}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </View>
  );
}
