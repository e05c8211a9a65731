/**
 * The seed summary as tables: one definition per table, written as aligned text for the
 * terminal (`mean ± sd`, `k of n`) and as CSV for `--csv DIR` (mean and sd in their own columns,
 * full precision), so both always show the same figures.
 */
import { formatTable } from '../util/textTable.ts';
import type { SeedFindingKind } from '../vocabulary.ts';
import type { SeedFinding, SeedStat, SeedSummary } from './seedSummary.ts';
import type { Cell, StudyTable } from './studyReport.ts';

type NumberFormat = 'fraction' | 'signed' | 'decimal' | 'count' | 'pValue';

/** A column of a seed table: a label, one value per seed, a measure's mean ± sd, or a count of seeds. */
type SeedColumn =
  | { kind: 'label'; header: string; value: (f: SeedFinding) => string }
  | { kind: 'perSeed'; measure: string; format: NumberFormat }
  | { kind: 'stat'; header: string; measure: string; format: NumberFormat }
  | { kind: 'largest'; header: string; measure: string; format: NumberFormat }
  | { kind: 'seeds'; header: string; value: (f: SeedFinding) => number | null };

interface SeedTableSpec {
  name: string;
  title: string;
  kind: SeedFindingKind;
  /** Which of the kind's findings the table holds; all when absent. */
  only?: (f: SeedFinding) => boolean;
  columns: SeedColumn[];
}

const holds: SeedColumn = { kind: 'seeds', header: 'holds in', value: (f) => f.holdsIn };

/** The columns of an ablation table: what was ablated (with `where`, e.g. its region), then the per-seed deltas, z, and the seed counts. */
function ablationColumns(where: SeedColumn[]): SeedColumn[] {
  return [
    { kind: 'label', header: 'model', value: (f) => `${f.role}` },
    { kind: 'label', header: 'dataset', value: (f) => `${f.dataset}` },
    { kind: 'label', header: 'set', value: (f) => `${f.set}` },
    ...where,
    { kind: 'label', header: 'claim', value: (f) => (f.sign === null ? '' : f.sign > 0 ? 'raises' : 'lowers') },
    { kind: 'perSeed', measure: 'deltaAccuracy', format: 'signed' },
    { kind: 'stat', header: 'delta', measure: 'deltaAccuracy', format: 'signed' },
    { kind: 'stat', header: 'z', measure: 'zScore', format: 'signed' },
    { kind: 'stat', header: 'neurons', measure: 'neurons', format: 'count' },
    holds,
    { kind: 'seeds', header: 'z beyond 2', value: (f) => f.controlsHoldIn },
  ];
}

function specs(summary: SeedSummary): SeedTableSpec[] {
  const { options } = summary;
  return [
    {
      name: 'seeds-accuracy',
      title: `Held-out accuracy (${options.ties === 'STRICT' ? 'ties count as wrong' : 'ties half'}) per seed; holds = CI above 0.5 (an RM on its own objective's data)`,
      kind: 'ACCURACY',
      columns: [
        { kind: 'label', header: 'model', value: (f) => `${f.role}` },
        { kind: 'label', header: 'dataset', value: (f) => `${f.dataset}` },
        { kind: 'perSeed', measure: 'accuracy', format: 'fraction' },
        { kind: 'stat', header: 'accuracy', measure: 'accuracy', format: 'fraction' },
        { kind: 'stat', header: 'pairs', measure: 'pairs', format: 'count' },
        { kind: 'stat', header: 'chosen longer', measure: 'chosenLonger', format: 'fraction' },
        { kind: 'stat', header: 'chosen shorter', measure: 'chosenShorter', format: 'fraction' },
        holds,
      ],
    },
    {
      name: 'seeds-length-rule',
      title: 'The length rule ("longer wins", response tokens as the models read them) on each held-out part: the same data in every seed',
      kind: 'LENGTH_RULE',
      columns: [
        { kind: 'label', header: 'dataset', value: (f) => `${f.dataset}` },
        { kind: 'stat', header: 'accuracy', measure: 'accuracy', format: 'fraction' },
        // The rule's CI is the same in every seed (the data are): seed 1's.
        { kind: 'label', header: '95% CI', value: (f) => (f.low[0] == null || f.high[0] == null ? '—' : `[${f.low[0].toFixed(3)}, ${f.high[0].toFixed(3)}]`) },
        { kind: 'stat', header: 'pairs', measure: 'pairs', format: 'count' },
      ],
    },
    {
      name: 'seeds-interference',
      title: 'Interference: accuracy(single-objective RM) − accuracy(mixed RM) per seed; holds = paired CI above 0',
      kind: 'INTERFERENCE',
      columns: [
        { kind: 'label', header: 'objective', value: (f) => `${f.objective}` },
        { kind: 'perSeed', measure: 'delta', format: 'signed' },
        { kind: 'stat', header: 'delta', measure: 'delta', format: 'signed' },
        holds,
      ],
    },
    {
      name: 'seeds-transfer',
      title: 'Transferability: of the held-out pairs one RM gets right, the share the other also gets right (descriptive)',
      kind: 'TRANSFER',
      columns: [
        { kind: 'label', header: 'from → to', value: (f) => `${f.comparison}` },
        { kind: 'label', header: 'dataset', value: (f) => `${f.dataset}` },
        { kind: 'perSeed', measure: 'share', format: 'fraction' },
        { kind: 'stat', header: 'share', measure: 'share', format: 'fraction' },
        { kind: 'stat', header: 'pairs', measure: 'pairs', format: 'count' },
      ],
    },
    {
      name: 'seeds-overlap',
      title: `Overlap of top-${options.topPercent}% ${options.method} neurons within each seed (Jaccard per seed); holds = more shared than expected, p < 0.05`,
      kind: 'OVERLAP',
      columns: [
        { kind: 'label', header: 'comparison', value: (f) => f.label },
        { kind: 'perSeed', measure: 'jaccard', format: 'fraction' },
        { kind: 'stat', header: 'jaccard', measure: 'jaccard', format: 'fraction' },
        { kind: 'stat', header: 'shared/helpful', measure: 'sharedShareOfHelpful', format: 'fraction' },
        { kind: 'stat', header: 'shared/harmless', measure: 'sharedShareOfHarmless', format: 'fraction' },
        { kind: 'stat', header: 'shared', measure: 'shared', format: 'count' },
        { kind: 'stat', header: 'expected', measure: 'expectedShared', format: 'decimal' },
        { kind: 'largest', header: 'largest p', measure: 'pValue', format: 'pValue' },
        holds,
      ],
    },
    {
      name: 'seeds-mixed-overlap',
      title: `The mixed RM's own top-${options.topPercent}% ${options.method} set (both train parts pooled) against each single-objective RM's; holds = more shared than expected, p < 0.05`,
      kind: 'THREE_WAY',
      only: (f) => f.comparison !== 'all three',
      columns: [
        { kind: 'label', header: 'comparison', value: (f) => f.label },
        { kind: 'perSeed', measure: 'jaccard', format: 'fraction' },
        { kind: 'stat', header: 'jaccard', measure: 'jaccard', format: 'fraction' },
        { kind: 'stat', header: 'shared', measure: 'shared', format: 'count' },
        { kind: 'stat', header: 'expected', measure: 'expectedShared', format: 'decimal' },
        { kind: 'largest', header: 'largest p', measure: 'pValue', format: 'pValue' },
        holds,
      ],
    },
    {
      name: 'seeds-three-way',
      title: 'Neurons in all three top sets; expected for independent uniform sets, and for a uniform mixed set given helpful∩harmless; holds = above the latter, p < 0.05',
      kind: 'THREE_WAY',
      only: (f) => f.comparison === 'all three',
      columns: [
        { kind: 'perSeed', measure: 'shared', format: 'count' },
        { kind: 'stat', header: 'in all three', measure: 'shared', format: 'count' },
        { kind: 'stat', header: 'helpful∩harmless', measure: 'helpfulHarmless', format: 'count' },
        { kind: 'stat', header: 'expected', measure: 'expectedShared', format: 'decimal' },
        { kind: 'largest', header: 'largest p', measure: 'pValue', format: 'pValue' },
        { kind: 'stat', header: 'expected given h∩h', measure: 'expectedSharedGivenHelpfulHarmless', format: 'decimal' },
        { kind: 'largest', header: 'largest p given h∩h', measure: 'pValueGivenHelpfulHarmless', format: 'pValue' },
        holds,
      ],
    },
    {
      name: 'seeds-regions',
      title: "Each set's share of each layer region, beside a uniform set's (the region's share of all neurons); descriptive",
      kind: 'REGION',
      columns: [
        { kind: 'label', header: 'set in region', value: (f) => f.label },
        { kind: 'perSeed', measure: 'share', format: 'fraction' },
        { kind: 'stat', header: 'share', measure: 'share', format: 'fraction' },
        { kind: 'stat', header: 'uniform', measure: 'expectedShare', format: 'fraction' },
        { kind: 'stat', header: 'neurons', measure: 'neurons', format: 'count' },
      ],
    },
    {
      name: 'seeds-ablations',
      title: `Zero ablation (held-out accuracy change per seed; z against ${options.controls} matched random sets); holds = paired CI on the claimed side of 0; z beyond ±2 in the claimed direction`,
      kind: 'ABLATION',
      only: (f) => f.region === null,
      columns: ablationColumns([]),
    },
    {
      name: 'seeds-region-ablations',
      title: `Zero ablation of each set's part in one layer region (z against ${options.controls} random sets of the same per-layer counts); holds as for the whole set`,
      kind: 'ABLATION',
      only: (f) => f.region !== null,
      columns: ablationColumns([{ kind: 'label', header: 'region', value: (f) => `${f.region}` }]),
    },
    {
      name: 'seeds-frontier',
      title: 'Frontier: SHARED neurons of the mixed RM scaled by alpha (accuracy change per objective; descriptive, no CI)',
      kind: 'FRONTIER',
      columns: [
        { kind: 'label', header: 'alpha', value: (f) => `${f.alpha}` },
        { kind: 'stat', header: 'helpful delta', measure: 'helpfulDelta', format: 'signed' },
        { kind: 'stat', header: 'harmless delta', measure: 'harmlessDelta', format: 'signed' },
        { kind: 'perSeed', measure: 'helpfulDelta', format: 'signed' },
      ],
    },
  ];
}

function statOf(f: SeedFinding, measure: string): SeedStat {
  const stat = f.stats.find((s) => s.measure === measure);
  if (!stat) throw new Error(`finding '${f.label}' has no measure '${measure}'`);
  return stat;
}

/** A printed column: its header, whether it holds numbers, its text cell; and the CSV columns it stands for. */
interface Leaf {
  header: string;
  numeric: boolean;
  text: (f: SeedFinding) => string;
  csv: { header: string; value: (f: SeedFinding) => Cell }[];
}

/** A spec column expanded over the zoos: a per-seed column becomes one column per seed. */
function leaves(column: SeedColumn, zoos: readonly string[]): Leaf[] {
  switch (column.kind) {
    case 'label':
      return [{ header: column.header, numeric: false, text: column.value, csv: [{ header: column.header, value: column.value }] }];
    case 'perSeed':
      return zoos.map((zoo, i) => {
        const value = (f: SeedFinding) => statOf(f, column.measure).values[i];
        return { header: zoo, numeric: true, text: (f) => formatNumber(value(f), column.format), csv: [{ header: `${column.measure} ${zoo}`, value }] };
      });
    case 'stat': {
      const stat = (f: SeedFinding) => statOf(f, column.measure);
      // An sd is a spread, never signed.
      const sdFormat = column.format === 'signed' ? 'fraction' : column.format;
      return [{
        header: column.header,
        numeric: true,
        text: (f) => {
          const { mean, sd, n } = stat(f);
          // A count the same in every seed (pairs, set sizes) reads as itself.
          const spread = sd === null || (column.format === 'count' && sd === 0) ? '' : ` ± ${formatNumber(sd, sdFormat)}`;
          // Fewer values than seeds (e.g. z without control spread in a seed) says so.
          return `${formatNumber(mean, column.format)}${spread}${n < f.seeds ? ` (n = ${n})` : ''}`;
        },
        csv: [{ header: `${column.header} mean`, value: (f) => stat(f).mean }, { header: `${column.header} sd`, value: (f) => stat(f).sd }],
      }];
    }
    case 'largest': {
      const value = (f: SeedFinding) => largest(statOf(f, column.measure));
      return [{ header: column.header, numeric: true, text: (f) => formatNumber(value(f), column.format), csv: [{ header: column.header, value }] }];
    }
    case 'seeds':
      return [{
        header: column.header,
        numeric: true,
        text: (f) => {
          const k = column.value(f);
          return k === null ? '—' : `${k} of ${f.seeds}`;
        },
        csv: [{ header: column.header, value: column.value }],
      }];
  }
}

/** The seed summary's tables in CSV form (`name` is the file name): mean and sd in separate columns, seed counts as numbers. */
export function seedTables(summary: SeedSummary): StudyTable[] {
  const zoos = summary.zoos.map((z) => z.name);
  return specs(summary).map((spec) => {
    const csv = spec.columns.flatMap((c) => leaves(c, zoos)).flatMap((leaf) => leaf.csv);
    const findings = findingsOf(summary, spec);
    return {
      name: spec.name,
      title: spec.title,
      columns: csv.map((c) => ({ header: c.header, format: 'text' as const })),
      rows: findings.map((f) => csv.map((c) => c.value(f))),
    };
  });
}

/** The seed summary as aligned text tables. */
export function formatSeedSummary(summary: SeedSummary): string {
  const zoos = summary.zoos.map((z) => z.name);
  const { options } = summary;
  const parts = [
    `Study over ${zoos.length} seeds (zoos ${zoos.join(', ')}): helpful data ${options.helpful}, harmless data ${options.harmless}, ` +
      `${options.method} top ${options.topPercent}%, ${options.controls} controls; mean ± sd over seeds (sample sd), holds in k of ${zoos.length} seeds`,
  ];
  for (const spec of specs(summary)) {
    const columns = spec.columns.flatMap((c) => leaves(c, zoos));
    const findings = findingsOf(summary, spec);
    const right = new Set(columns.flatMap((c, i) => (c.numeric ? [i] : [])));
    const table = formatTable(columns.map((c) => c.header), findings.map((f) => columns.map((c) => c.text(f))), right);
    parts.push(`${spec.title}\n${table}`);
  }
  return `${parts.join('\n\n')}\n`;
}

function findingsOf(summary: SeedSummary, spec: SeedTableSpec): SeedFinding[] {
  return summary.findings.filter((f) => f.kind === spec.kind && (spec.only?.(f) ?? true));
}

function largest(stat: SeedStat): number | null {
  const present = stat.values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : Math.max(...present);
}

function formatNumber(value: number | null, format: NumberFormat): string {
  if (value === null) return '—';
  switch (format) {
    case 'fraction':
    case 'decimal':
      return value.toFixed(3);
    case 'signed':
      return `${value >= 0 ? '+' : ''}${value.toFixed(3)}`;
    case 'count':
      return Number.isInteger(value) ? String(value) : value.toFixed(1);
    case 'pValue':
      return value < 1e-3 ? value.toExponential(1) : value.toFixed(3);
  }
}
