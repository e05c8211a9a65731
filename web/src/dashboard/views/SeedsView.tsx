/**
 * Over seeds: when the server has loaded one zoo per seed of the study's zoo (`default`,
 * `default-seed2`, …), the whole study runs within each seed and every figure comes back per
 * seed, as mean ± sd, with the seeds its claim holds in (`Query.seedSummary`). The plot shows the
 * interference and the ablated RM's whole-set ablations seed by seed; the table lists every
 * figure of the chosen kind. A whole study per seed is minutes of work, so it runs on request.
 */
import * as Plot from '@observablehq/plot';
import { useMemo, useState } from 'react';
import type * as Api from '../../shared/schema.generated.ts';
import type { Catalog } from '../../shared/studyIds.ts';
import { COLOURS } from '../palette.ts';
import { PlotFigure, traced } from '../PlotFigure.tsx';
import type { ViewContext } from '../study.ts';
import { useApi } from '../useApi.ts';
import { View } from '../View.tsx';

const QUERY = /* GraphQL */ `
  query DashboardSeeds($zoos: [ID!]!, $helpful: ID!, $harmless: ID!, $method: ScoreMethod!, $topPercent: Float!, $controls: Int!) {
    seedSummary(zoos: $zoos, helpful: $helpful, harmless: $harmless, method: $method, topPercent: $topPercent, controls: $controls) {
      zoos
      findings {
        kind label role dataset set comparison region objective alpha claim sign holds holdsIn controlsHoldIn seeds low high
        stats { measure values mean sd n }
      }
    }
  }
`;

/** The API's types (generated from schema.graphql), as the query selects them. */
type SeedStat = Omit<Api.SeedStat, '__typename'>;
type SeedFinding = Omit<Api.SeedFinding, '__typename' | 'stats'> & { stats: SeedStat[] };

interface SeedsData {
  seedSummary: { zoos: string[]; findings: SeedFinding[] };
}

/** One seed's headline value of a plotted finding: a dot. */
interface SeedDot {
  label: string;
  zoo: string;
  value: number;
  holds: boolean | null;
}

/** The loaded zoos that are seeds of `zoo`'s data, in seed order: `default` (seed 1), `default-seed2`, … (as `zoo build --seeds` names them). */
function seedZoos(catalog: Catalog, zoo: string): string[] {
  const base = zoo.replace(/-seed\d+$/, '');
  const seedOf = (name: string): number | null => {
    if (name === base) return 1;
    const match = /^(.*)-seed(\d+)$/.exec(name);
    return match && match[1] === base ? Number(match[2]) : null;
  };
  return catalog.zoos.filter((name) => seedOf(name) !== null).sort((a, b) => seedOf(a)! - seedOf(b)!);
}

const KINDS = ['claims', 'ACCURACY', 'LENGTH_RULE', 'INTERFERENCE', 'TRANSFER', 'OVERLAP', 'THREE_WAY', 'REGION', 'ABLATION', 'FRONTIER'] as const;

export function SeedsView({ study, catalog }: ViewContext) {
  const zoos = seedZoos(catalog, study.zoo);
  const question = { zoos, helpful: study.helpfulDataset, harmless: study.harmlessDataset, method: study.method, topPercent: study.topPercent, controls: study.controls };
  // Asked for one question only: new controls would start a whole study per seed again, so they wait for the button too.
  const [askedFor, setAskedFor] = useState<string | null>(null);
  const asked = askedFor === JSON.stringify(question);
  const [kind, setKind] = useState<(typeof KINDS)[number]>('claims');
  const state = useApi<SeedsData>(QUERY, asked && zoos.length >= 2 ? question : null);
  const findings = state.status === 'ready' ? state.data.seedSummary.findings : [];
  const names = state.status === 'ready' ? state.data.seedSummary.zoos : zoos;
  const ablatedRole = catalog.models.find((m) => m.id === study.model)?.objective.toLowerCase();
  const plotted = useMemo(
    () => findings.filter((f) => f.kind === 'INTERFERENCE' || (f.kind === 'ABLATION' && f.region == null && f.role === ablatedRole)),
    [findings, ablatedRole],
  );
  const dots = useMemo<SeedDot[]>(
    () => plotted.flatMap((f) => f.stats[0].values.flatMap((value, i) => (value == null ? [] : [{ label: f.label, zoo: names[i], value, holds: f.holds?.[i] ?? null }]))),
    [plotted, names],
  );
  const listed = findings.filter((f) => (kind === 'claims' ? f.claim != null : f.kind === kind));

  const options = useMemo<Plot.PlotOptions>(
    () => ({
      width: 900,
      height: 40 + 22 * plotted.length,
      marginLeft: 330,
      grid: true,
      x: { label: 'per seed: interference (single − mixed) or ablation Δ accuracy; filled where the claim holds →' },
      y: { label: null, domain: plotted.map((f) => f.label) },
      marks: [
        Plot.ruleX([0], { stroke: COLOURS.control }),
        Plot.tickX(plotted, { x: (f: SeedFinding) => f.stats[0].mean, y: 'label', stroke: COLOURS.all, strokeWidth: 2 }),
        Plot.dot(dots, {
          x: 'value',
          y: 'label',
          r: 4.5,
          stroke: COLOURS.mixed,
          fill: (d: SeedDot) => (d.holds ? COLOURS.mixed : 'white'),
          title: (d: SeedDot) => `${d.label}, ${d.zoo}: ${signed(d.value)}${d.holds === null ? '' : d.holds ? ' (holds)' : ' (does not hold)'}`,
          render: traced(dots, (d) => ({ ...d })),
        }),
      ],
    }),
    [plotted, dots],
  );

  if (zoos.length < 2) {
    return (
      <section className="view" id="seeds" data-view="seeds" data-state="absent" aria-labelledby="seeds-title">
        <header>
          <h2 id="seeds-title">Over seeds</h2>
        </header>
        <p className="note">
          Only one seed of zoo <code>{study.zoo}</code> is loaded. Build more with <code>rmlens zoo build --seeds 1,2,3</code> and serve them together (
          <code>rmlens serve --zoo zoo/default --zoo zoo/default-seed2 --zoo zoo/default-seed3</code>) to see which findings hold in every seed.
        </p>
      </section>
    );
  }
  return (
    <View
      id="seeds"
      title={`Over seeds: the study in each of ${zoos.length} zoos (${zoos.join(', ')})`}
      states={asked ? [state] : []}
      rows={() => listed.map((f) => ({ kind: f.kind, label: f.label, ...Object.fromEntries(names.map((z, i) => [z, f.stats[0].values[i]])), mean: f.stats[0].mean, sd: f.stats[0].sd, holdsIn: f.holdsIn, zBeyond2: f.controlsHoldIn, seeds: f.seeds }))}
      controls={
        <>
          {!asked && (
            <button type="button" onClick={() => setAskedFor(JSON.stringify(question))}>
              Run the study in each seed
            </button>
          )}
          <label>
            figures{' '}
            <select name="figures" value={kind} onChange={(e) => setKind(e.target.value as (typeof KINDS)[number])}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {k === 'claims' ? 'every claim' : k.toLowerCase().replace('_', ' ')}
                </option>
              ))}
            </select>
          </label>
        </>
      }
      note={
        <>
          Each seed's study runs within that seed (neuron sets are never compared across seeds); its CIs resample prompt clusters. A claim holds in a seed when the figure has the
          claimed sign and its 95% CI excludes the null value (overlaps: more shared than expected, p &lt; 0.05); "z beyond 2" counts the seeds where the set moves accuracy more
          than its {study.controls} matched random sets. Mean ± sample sd over the seeds with a value. The plot: interference, and every set ablated in each seed's{' '}
          {ablatedRole ?? ''} RM (the ablated RM above).
        </>
      }
    >
      {!asked && <p className="progress">A whole study in each seed takes minutes on a cold store (seconds once stored): it runs when asked.</p>}
      {asked && plotted.length > 0 && <PlotFigure options={options} label="interference and whole-set ablations, seed by seed" />}
      {asked && (
        <table className="data" aria-label="figures over seeds">
          <thead>
            <tr>
              <th>figure</th>
              {names.map((z) => (
                <th key={z}>{z}</th>
              ))}
              <th>mean ± sd</th>
              <th>holds in</th>
              <th>z beyond 2</th>
            </tr>
          </thead>
          <tbody>
            {listed.map((f) => (
              <tr key={`${f.kind} ${f.label}`} data-finding={JSON.stringify({ kind: f.kind, label: f.label, holdsIn: f.holdsIn, mean: f.stats[0].mean })}>
                <th scope="row">{f.label}</th>
                {f.stats[0].values.map((v, i) => (
                  <td key={names[i]} className={f.holds?.[i] ? 'holds' : undefined}>
                    {format(v)}
                  </td>
                ))}
                <td>
                  {format(f.stats[0].mean)}
                  {f.stats[0].sd == null ? '' : ` ± ${f.stats[0].sd.toFixed(3)}`}
                </td>
                <td>{f.holdsIn == null ? '—' : `${f.holdsIn} of ${f.seeds}`}</td>
                <td>{f.controlsHoldIn == null ? '—' : `${f.controlsHoldIn} of ${f.seeds}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </View>
  );
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(3)}`;
}

function format(value: number | null | undefined): string {
  if (value == null) return '—';
  return Number.isInteger(value) ? String(value) : value.toFixed(3);
}
