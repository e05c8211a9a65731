/**
 * The study as tables: one definition per table, written as aligned text for the terminal and
 * as CSV (raw numbers, full precision) for `--csv DIR`, so both always show the same columns.
 */
import { formatTable } from '../util/textTable.ts';
import type { StudyResult } from './studyResult.ts';
import type { NeuronSelection } from './types.ts';

/** How a column's numbers read in the text form; CSV always writes them in full. */
export type ColumnFormat = 'text' | 'count' | 'fraction' | 'decimal' | 'signed' | 'perNeuron' | 'pValue';

/** A table column: its header and how its numbers print. */
export interface StudyColumn {
  header: string;
  format: ColumnFormat;
}

/** A table cell; null prints as a dash (text) or an empty field (CSV). */
export type Cell = string | number | null;

/** One table of the study; `name` is also its CSV file name (`<name>.csv`). */
export interface StudyTable {
  name: string;
  title: string;
  columns: StudyColumn[];
  rows: Cell[][];
}

const col = (header: string, format: ColumnFormat = 'text'): StudyColumn => ({ header, format });

/** Every table of a study, in reading order. */
export function studyTables(study: StudyResult): StudyTable[] {
  const ties = study.options.ties === 'STRICT' ? 'ties count as wrong' : 'ties half';
  const tension: StudyTable = {
    name: 'tension',
    title: `Held-out accuracy (${ties}) with 95% bootstrap CI over prompt clusters`,
    columns: [col('model'), col('dataset'), col('accuracy', 'fraction'), col('low', 'fraction'), col('high', 'fraction'), col('mean margin', 'signed'), col('pairs', 'count')],
    rows: study.tension.rows.map((r) => [r.model, r.dataset, r.evaluation.accuracy, r.evaluation.accuracyLow, r.evaluation.accuracyHigh, r.evaluation.meanMargin, r.evaluation.pairs]),
  };
  const baselines: StudyTable = {
    name: 'baselines',
    title: `Length rule (not a model): the longer response wins, in response tokens as the models read them (${ties}), 95% bootstrap CI over prompt clusters; pairs by which response is longer`,
    columns: [
      col('rule'), col('dataset'), col('accuracy', 'fraction'), col('low', 'fraction'), col('high', 'fraction'), col('pairs', 'count'),
      col('chosen longer', 'count'), col('chosen shorter', 'count'), col('equal', 'count'), col('max tokens', 'count'),
    ],
    rows: study.tension.baselines.map((b) => [b.rule, b.dataset, b.accuracy, b.accuracyLow, b.accuracyHigh, b.pairs, b.chosenLonger, b.chosenShorter, b.equalLength, b.maxResponseTokens]),
  };
  const stratum = (label: string) => [col(label, 'fraction'), col('low', 'fraction'), col('high', 'fraction'), col('pairs', 'count')];
  const length: StudyTable = {
    name: 'length',
    title: `Held-out accuracy by length (${ties}, 95% bootstrap CI over prompt clusters): pairs whose chosen response is longer, shorter, or as long as the rejected one`,
    columns: [col('model'), col('dataset'), ...stratum('chosen longer'), ...stratum('chosen shorter'), ...stratum('equal length')],
    rows: study.tension.rows.map(({ model, dataset, byLength: b }) => [
      model, dataset,
      ...[b.chosenLonger, b.chosenShorter, b.equalLength].flatMap((x) => [x.accuracy, x.accuracyLow, x.accuracyHigh, x.pairs]),
    ]),
  };
  const interference: StudyTable = {
    name: 'interference',
    title: 'Interference: accuracy(single-objective RM) − accuracy(mixed RM) on that objective, paired 95% CI over prompt clusters',
    columns: [col('objective'), col('single'), col('mixed'), col('delta', 'signed'), col('low', 'signed'), col('high', 'signed'), col('pairs', 'count')],
    rows: study.tension.interference.map((i) => [i.objective, i.single, i.mixed, i.delta, i.deltaLow, i.deltaHigh, i.pairs]),
  };
  const transferability: StudyTable = {
    name: 'transferability',
    title: `Transferability: of the held-out pairs \`from\` gets right, the share \`to\` also gets right (${ties}), 95% bootstrap CI over prompt clusters`,
    columns: [col('from'), col('to'), col('dataset'), col('share', 'fraction'), col('low', 'fraction'), col('high', 'fraction'), col('from right', 'count'), col('both right', 'count'), col('pairs', 'count')],
    rows: study.tension.transferability.map((t) => [t.from, t.to, t.dataset, t.share, t.shareLow, t.shareHigh, t.fromCorrect, t.bothCorrect, t.pairs]),
  };
  const overlaps = [
    { label: 'between RMs', o: study.overlap.between },
    ...study.overlap.within.map((o) => ({ label: `within ${o.model}`, o })),
  ];
  const overlap: StudyTable = {
    name: 'overlap',
    title: `Overlap of top-${study.options.topPercent}% ${study.options.method} neurons (helpful selection vs harmless selection)`,
    columns: [
      col('comparison'), col('helpful selection'), col('harmless selection'), col('helpful only', 'count'), col('harmless only', 'count'),
      col('shared', 'count'), col('jaccard', 'fraction'), col('shared/helpful', 'fraction'), col('shared/harmless', 'fraction'),
      col('expected shared', 'decimal'), col('p-value', 'pValue'),
    ],
    rows: overlaps.map(({ label, o }) => [
      label, `${o.helpful.model} on ${o.helpful.dataset}`, `${o.harmless.model} on ${o.harmless.dataset}`, o.helpfulOnly, o.harmlessOnly,
      o.shared, o.jaccard, o.sharedShareOfHelpful, o.sharedShareOfHarmless, o.expectedShared, o.pValue,
    ]),
  };
  const t = study.overlap.threeWay;
  const selectionText = (x: NeuronSelection) => `${x.model} on ${[x.dataset, ...(x.pooledWith ?? [])].join(' + ')}`;
  const pairRow = (label: string, p: typeof t.helpfulMixed): Cell[] => [label, p.firstOnly + p.shared, p.secondOnly + p.shared, null, p.shared, p.jaccard, p.expectedShared, p.pValue, null, null];
  const threeWay: StudyTable = {
    name: 'threeWay',
    title: `Three-way overlap of top-${study.options.topPercent}% ${study.options.method} neurons: helpful (${selectionText(t.helpful)}), harmless (${selectionText(t.harmless)}), mixed (${selectionText(t.mixed)}) of ${t.neuronCount}; p one-sided (pairs: hypergeometric; all three: exact under independent sets, and with helpful ∩ harmless kept)`,
    columns: [
      col('sets'), col('first size', 'count'), col('second size', 'count'), col('third size', 'count'), col('shared', 'count'), col('jaccard', 'fraction'),
      col('expected shared', 'decimal'), col('p-value', 'pValue'), col('expected given helpful∩harmless', 'decimal'), col('p given helpful∩harmless', 'pValue'),
    ],
    rows: [
      pairRow('helpful ∩ harmless', t.helpfulHarmless),
      pairRow('helpful ∩ mixed', t.helpfulMixed),
      pairRow('harmless ∩ mixed', t.harmlessMixed),
      ['helpful ∩ harmless ∩ mixed', t.helpfulSize, t.harmlessSize, t.mixedSize, t.shared, null, t.expectedShared, t.pValue, t.expectedSharedGivenHelpfulHarmless, t.pValueGivenHelpfulHarmless],
    ],
  };
  const regions: StudyTable = {
    name: 'regions',
    title: `Layer regions (${study.layerRegions.layers} layers): each set's neurons per region, against a random set's expected share`,
    columns: [col('set'), col('set size', 'count'), col('region'), col('layers'), col('neurons', 'count'), col('share', 'fraction'), col('expected share', 'fraction')],
    rows: study.layerRegions.sets.flatMap((x) => x.shares.map((r) => [
      x.set, x.neurons, r.region.name, layerRange(r.region), r.neurons, r.share, r.expectedShare,
    ])),
  };
  const regionAblations: StudyTable = {
    name: 'regionAblations',
    title: `Zero ablation of each set's part in one layer region: paired 95% CI over prompt clusters, ${study.options.controls} random controls with the same per-layer counts (so in the same region)`,
    columns: [
      col('model'), col('dataset'), col('set'), col('region'), col('neurons', 'count'), col('before', 'fraction'), col('after', 'fraction'),
      col('delta', 'signed'), col('low', 'signed'), col('high', 'signed'), col('control mean', 'signed'), col('control sd', 'decimal'), col('z', 'signed'), col('pairs', 'count'),
    ],
    rows: study.regionAblations.map((a) => [
      a.model, a.dataset, a.set, a.regionName, a.neurons, a.baselineAccuracy, a.accuracy, a.deltaAccuracy, a.deltaLow, a.deltaHigh,
      a.controlMeanDelta, a.controlStdDelta, a.zScore, a.pairs,
    ]),
  };
  const ablations: StudyTable = {
    name: 'ablations',
    title: `Zero ablation on held-out parts: paired 95% CI (over prompt clusters) of the accuracy change, ${study.options.controls} size-matched random controls`,
    columns: [
      col('model'), col('dataset'), col('set'), col('neurons', 'count'), col('before', 'fraction'), col('after', 'fraction'),
      col('delta', 'signed'), col('low', 'signed'), col('high', 'signed'), col('delta/neuron', 'perNeuron'),
      col('control mean', 'signed'), col('control sd', 'decimal'), col('z', 'signed'), col('pairs', 'count'),
    ],
    rows: study.ablations.map((a) => [
      a.model, a.dataset, a.set, a.neurons, a.baselineAccuracy, a.accuracy, a.deltaAccuracy, a.deltaLow, a.deltaHigh,
      a.deltaPerNeuron, a.controlMeanDelta, a.controlStdDelta, a.zScore, a.pairs,
    ]),
  };
  const influence: StudyTable = {
    name: 'influence',
    title: 'Influence: accuracy change per ablated neuron, against size-matched random neurons',
    columns: [col('model'), col('dataset'), col('set'), col('neurons', 'count'), col('delta/neuron', 'perNeuron'), col('random delta/neuron', 'perNeuron')],
    rows: study.influence.map((i) => [i.model, i.dataset, i.set, i.neurons, i.deltaPerNeuron, i.controlDeltaPerNeuron]),
  };
  const sweep: StudyTable = {
    name: 'sweep',
    title: 'p-sweep: accuracy after zero-ablating each set at top-p% (ALL = every neuron)',
    columns: [col('model'), col('dataset'), col('percent', 'count'), col('kind'), col('of'), col('accuracy', 'fraction'), col('delta', 'signed')],
    rows: study.sweeps.flatMap((s) => s.points.map((p) => [s.model, s.dataset, p.percent, p.kind, p.of, p.accuracy, p.deltaAccuracy])),
  };
  const frontier: StudyTable = {
    name: 'frontier',
    title: `Frontier: ${study.frontier.set} neurons scaled by alpha in ${study.frontier.model}`,
    columns: [col('alpha', 'decimal'), col('helpful accuracy', 'fraction'), col('harmless accuracy', 'fraction'), col('helpful delta', 'signed'), col('harmless delta', 'signed')],
    rows: study.frontier.points.map((p) => [p.alpha, p.helpfulAccuracy, p.harmlessAccuracy, p.helpfulDelta, p.harmlessDelta]),
  };
  const correspondence: StudyTable = {
    name: 'correspondence',
    title: 'Neuron correspondence: per-neuron Pearson r of token-averaged activations on held-out texts',
    columns: [col('a'), col('b'), col('dataset'), col('mean r', 'signed'), col('median r', 'signed'), col('share r>0.5', 'fraction'), col('neurons', 'count')],
    rows: study.correspondence.map((c) => [c.a, c.b, c.dataset, c.meanCorrelation, c.medianCorrelation, c.shareAboveHalf, c.neurons]),
  };
  return [tension, baselines, length, interference, transferability, overlap, threeWay, ablations, regions, regionAblations, influence, sweep, frontier, correspondence];
}

function layerRange(r: { firstLayer: number; lastLayer: number }): string {
  return r.firstLayer === r.lastLayer ? String(r.firstLayer) : `${r.firstLayer}–${r.lastLayer}`;
}

/** The p-sweep in wide form for reading: one row per (model, dataset, percent), one accuracy column per set kind. */
function wideSweep(study: StudyResult): StudyTable {
  const kinds = ['TOP HELPFUL', 'TOP HARMLESS', 'ONLY HELPFUL', 'ONLY HARMLESS', 'SHARED', 'ALL'];
  const rows: Cell[][] = [];
  for (const s of study.sweeps) {
    for (const percent of [...new Set(s.points.map((p) => p.percent))]) {
      const at = (label: string) => s.points.find((p) => p.percent === percent && [p.kind, p.of].filter(Boolean).join(' ') === label)?.accuracy ?? null;
      rows.push([s.model, s.dataset, percent, ...kinds.map(at)]);
    }
  }
  return {
    name: 'sweep',
    title: 'p-sweep: held-out accuracy after zero-ablating each set at top-p% (p = 100: ALL)',
    columns: [col('model'), col('dataset'), col('p', 'count'), ...kinds.map((k) => col(k, 'fraction'))],
    rows,
  };
}

/** The whole study as aligned text tables, with the store's computed/read counts. */
export function formatStudy(study: StudyResult): string {
  const tables = studyTables(study).map((t) => (t.name === 'sweep' ? wideSweep(study) : t));
  const parts = [
    `Study of zoo ${study.zoo.data} (${study.zoo.dir}): helpful data ${study.options.helpful}, harmless data ${study.options.harmless}, ` +
      `${study.options.method} top ${study.options.topPercent}%, ${study.options.controls} controls`,
    ...tables.map((t) => `${t.title}\n${formatText(t)}`),
    `results: ${study.counts.computed} computed, ${study.counts.read} read from the store; ${study.seconds.toFixed(1)} s`,
  ];
  return `${parts.join('\n\n')}\n`;
}

function formatText(table: StudyTable): string {
  const right = new Set(table.columns.flatMap((c, i) => (c.format === 'text' ? [] : [i])));
  return formatTable(table.columns.map((c) => c.header), table.rows.map((row) => row.map((cell, i) => formatCell(cell, table.columns[i].format))), right);
}

function formatCell(cell: Cell, format: ColumnFormat): string {
  if (cell === null) return '—';
  if (typeof cell === 'string') return cell;
  switch (format) {
    case 'count':
      return String(cell);
    case 'fraction':
      return cell.toFixed(3);
    case 'decimal':
      return cell.toFixed(3);
    case 'signed':
      return `${cell >= 0 ? '+' : ''}${cell.toFixed(3)}`;
    case 'perNeuron':
      // Per-neuron changes are tiny (a set's change spread over dozens of neurons): three decimals would print 0.
      return `${cell >= 0 ? '+' : ''}${cell.toExponential(2)}`;
    case 'pValue':
      return cell < 1e-3 ? cell.toExponential(1) : cell.toFixed(3);
    case 'text':
      return String(cell);
  }
}

/** A table as CSV (RFC 4180 quoting; empty cell for null; numbers in full precision). */
export function toCsv(table: StudyTable): string {
  const quote = (cell: Cell) => {
    if (cell === null) return '';
    const text = String(cell);
    return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [table.columns.map((c) => quote(c.header)), ...table.rows.map((r) => r.map(quote))].map((r) => r.join(',')).join('\n') + '\n';
}
