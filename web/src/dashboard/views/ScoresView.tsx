/**
 * Neuron scores: every neuron site's helpful score (the helpful RM on the helpful dataset's TRAIN
 * part) against its harmless score (the harmless RM on the harmless dataset's), coloured by its
 * place between the two top-p% selections the overlap view counts. A dot opens the neuron page.
 *
 * Every neuron's score comes from `neuronsConnection(topPercent: 100)`: one stored scores row per
 * model, read in pages of 1000 (one page per model for the zoos' 512 neurons). Its ranks are the
 * global rank order the top-p% selection cuts, so a neuron is in a selection exactly when its rank
 * is within the selection's size (`totalCount` at p): no per-neuron membership lookups.
 */
import * as Plot from '@observablehq/plot';
import { useMemo, type CSSProperties, type MouseEvent } from 'react';
import { ApiError, request, type RequestOptions } from '../../shared/graphql.ts';
import { MEMBERSHIP_COLOURS } from '../palette.ts';
import { PlotFigure, traced } from '../PlotFigure.tsx';
import type { Study, ViewContext } from '../study.ts';
import { useLoad } from '../useApi.ts';
import { controlsSearch, neuronPath } from '../urlState.ts';
import { View } from '../View.tsx';

const SCORE_PAGE = /* GraphQL */ `
  fragment DashboardScorePage on NeuronScoreConnection {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { neuron { layer index } score rank } }
  }
`;

// `first` is a variable: the page size is the API's maximum, and the server's query-cost
// estimate multiplies literal page sizes only.
const QUERY = /* GraphQL */ `
  query DashboardScores($helpfulModel: ID!, $harmlessModel: ID!, $helpfulDataset: ID!, $harmlessDataset: ID!, $method: ScoreMethod!, $topPercent: Float!, $layer: Int, $pageSize: Int!) {
    helpful: model(id: $helpfulModel) {
      all: neuronsConnection(dataset: $helpfulDataset, method: $method, topPercent: 100, first: $pageSize, layer: $layer) { ...DashboardScorePage }
      selected: neuronsConnection(dataset: $helpfulDataset, method: $method, topPercent: $topPercent, first: 0) { totalCount }
    }
    harmless: model(id: $harmlessModel) {
      all: neuronsConnection(dataset: $harmlessDataset, method: $method, topPercent: 100, first: $pageSize, layer: $layer) { ...DashboardScorePage }
      selected: neuronsConnection(dataset: $harmlessDataset, method: $method, topPercent: $topPercent, first: 0) { totalCount }
    }
  }
  ${SCORE_PAGE}
`;

const PAGE_QUERY = /* GraphQL */ `
  query DashboardScoresPage($model: ID!, $dataset: ID!, $method: ScoreMethod!, $layer: Int, $pageSize: Int!, $after: String!) {
    model(id: $model) {
      neuronsConnection(dataset: $dataset, method: $method, topPercent: 100, first: $pageSize, after: $after, layer: $layer) { ...DashboardScorePage }
    }
  }
  ${SCORE_PAGE}
`;

/** The API's largest page. */
const PAGE_SIZE = 1000;
/** Neurons of each set listed as links under the plot. */
const LISTED = 10;

interface ScoreNode {
  neuron: { layer: number; index: number };
  score: number;
  rank: number;
}
interface ScorePage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: ScoreNode }[];
}
interface ModelScores {
  all: ScorePage;
  selected: { totalCount: number };
}

interface Variables extends Record<string, unknown> {
  helpfulModel: string;
  harmlessModel: string;
  helpfulDataset: string;
  harmlessDataset: string;
  method: Study['method'];
  topPercent: number;
  layer: number | null;
  pageSize: number;
}

/** Each model's scores over every page, and its selection's size. */
interface Scores {
  helpful: { scores: ScoreNode[]; selected: number };
  harmless: { scores: ScoreNode[]; selected: number };
}

async function loadScores(variables: Variables, options: RequestOptions): Promise<Scores> {
  const first = await request<{ helpful: ModelScores | null; harmless: ModelScores | null }>(QUERY, variables, options);
  const side = async (answer: ModelScores | null, model: string, dataset: string) => {
    if (!answer) throw new ApiError(`model ${model} is unknown`, 'NOT_FOUND');
    const scores = answer.all.edges.map((e) => e.node);
    for (let page = answer.all.pageInfo; page.hasNextPage && page.endCursor !== null; ) {
      const next = await request<{ model: { neuronsConnection: ScorePage } | null }>(
        PAGE_QUERY,
        { model, dataset, method: variables.method, layer: variables.layer, pageSize: variables.pageSize, after: page.endCursor },
        options,
      );
      if (!next.model) throw new ApiError(`model ${model} is unknown`, 'NOT_FOUND');
      scores.push(...next.model.neuronsConnection.edges.map((e) => e.node));
      page = next.model.neuronsConnection.pageInfo;
    }
    return { scores, selected: answer.selected.totalCount };
  };
  return {
    helpful: await side(first.helpful, variables.helpfulModel, variables.helpfulDataset),
    harmless: await side(first.harmless, variables.harmlessModel, variables.harmlessDataset),
  };
}

type Membership = 'HELPFUL_ONLY' | 'HARMLESS_ONLY' | 'SHARED' | 'NEITHER';

// A type, not an interface: rows for the CSV export are records.
export type ScorePoint = {
  layer: number;
  index: number;
  helpfulScore: number;
  helpfulRank: number;
  harmlessScore: number;
  harmlessRank: number;
  membership: Membership;
};

const MEMBERSHIP_LABELS: Record<Membership, string> = {
  HELPFUL_ONLY: 'helpful only',
  HARMLESS_ONLY: 'harmless only',
  SHARED: 'shared',
  NEITHER: 'neither',
};
const LIST_STYLE: CSSProperties = { minWidth: '22rem', fontSize: '12.5px' };

/** Shapes as well as colours, so membership reads without colour too. */
const MEMBERSHIP_SYMBOLS = ['triangle', 'square', 'diamond', 'circle'];

/** One point per neuron position scored by both models; membership from the ranks. */
export function scorePoints({ helpful, harmless }: Scores): ScorePoint[] {
  const key = (n: ScoreNode) => `${n.neuron.layer}:${n.neuron.index}`;
  const harmlessOf = new Map(harmless.scores.map((n) => [key(n), n]));
  const points: ScorePoint[] = [];
  for (const h of helpful.scores) {
    const r = harmlessOf.get(key(h));
    if (!r) continue;
    const inHelpful = h.rank <= helpful.selected;
    const inHarmless = r.rank <= harmless.selected;
    const membership: Membership = inHelpful && inHarmless ? 'SHARED' : inHelpful ? 'HELPFUL_ONLY' : inHarmless ? 'HARMLESS_ONLY' : 'NEITHER';
    points.push({ layer: h.neuron.layer, index: h.neuron.index, helpfulScore: h.score, helpfulRank: h.rank, harmlessScore: r.score, harmlessRank: r.rank, membership });
  }
  // Set members drawn last, over the grey crowd.
  const order: Record<Membership, number> = { NEITHER: 0, HELPFUL_ONLY: 1, HARMLESS_ONLY: 1, SHARED: 2 };
  return points.sort((a, b) => order[a.membership] - order[b.membership] || a.layer - b.layer || a.index - b.index);
}

export function ScoresView({ study, catalog, navigate }: ViewContext) {
  const layer = study.layer >= 0 ? study.layer : null;
  const state = useLoad(loadScores, {
    helpfulModel: study.helpfulModel,
    harmlessModel: study.harmlessModel,
    helpfulDataset: study.helpfulDataset,
    harmlessDataset: study.harmlessDataset,
    method: study.method,
    topPercent: study.topPercent,
    layer,
    pageSize: PAGE_SIZE,
  });
  const points = useMemo(() => (state.status === 'ready' ? scorePoints(state.data) : []), [state]);
  const model = study.helpfulModel;
  const layers = catalog.models.find((m) => m.id === study.helpfulModel)?.layers ?? 0;
  const neuronCount = catalog.models.find((m) => m.id === study.helpfulModel)?.neuronCount;
  const dataset = (id: string) => catalog.datasets.find((d) => d.id === id);
  const method = study.method.toLowerCase();
  const search = controlsSearch(study);
  const pageOf = (layer: number, index: number, of: string) => `${neuronPath({ model: of, layer, index })}${search}`;
  const open = (path: string) => (event: MouseEvent) => {
    event.preventDefault();
    navigate(path);
  };

  const options = useMemo<Plot.PlotOptions>(
    () => ({
      width: 760,
      height: 500,
      marginLeft: 60,
      marginBottom: 45,
      inset: 8,
      grid: true,
      x: { label: `helpful score (${study.helpfulModel} on ${study.helpfulDataset}, ${method}) →`, nice: true },
      y: { label: `↑ harmless score (${study.harmlessModel} on ${study.harmlessDataset}, ${method})`, nice: true },
      color: { domain: MEMBERSHIP_COLOURS.domain, range: MEMBERSHIP_COLOURS.range, tickFormat: (k: Membership) => MEMBERSHIP_LABELS[k] },
      // Bound to the same field as colour: one legend of coloured shapes.
      symbol: { domain: MEMBERSHIP_COLOURS.domain, range: MEMBERSHIP_SYMBOLS, legend: true, tickFormat: (k: Membership) => MEMBERSHIP_LABELS[k] },
      marks: [
        study.method === 'CONTRAST' || study.method === 'MAGNITUDE' ? [Plot.ruleX([0], { stroke: '#888' }), Plot.ruleY([0], { stroke: '#888' })] : [],
        Plot.dot(points, {
          x: 'helpfulScore',
          y: 'harmlessScore',
          fill: 'membership',
          symbol: 'membership',
          r: (p: ScorePoint) => (p.membership === 'NEITHER' ? 2.5 : 4.5),
          stroke: 'white',
          strokeWidth: 0.5,
          title: (p: ScorePoint) =>
            `layer ${p.layer}, neuron ${p.index} (${MEMBERSHIP_LABELS[p.membership]})\nhelpful ${p.helpfulScore.toFixed(4)} (rank ${p.helpfulRank})\nharmless ${p.harmlessScore.toFixed(4)} (rank ${p.harmlessRank})`,
          render: traced(points, (p) => ({ model, layer: p.layer, index: p.index, helpfulScore: p.helpfulScore, harmlessScore: p.harmlessScore, membership: p.membership })),
          style: { cursor: 'pointer' },
        } as Plot.DotOptions),
      ],
    }),
    [points, model, study.helpfulModel, study.harmlessModel, study.helpfulDataset, study.harmlessDataset, study.method, method],
  );

  const data = state.status === 'ready' ? state.data : null;
  const count = (m: Membership) => points.filter((p) => p.membership === m).length;
  const byRank = (rank: (p: ScorePoint) => number, selected: number) =>
    points
      .filter((p) => rank(p) <= selected)
      .sort((a, b) => rank(a) - rank(b))
      .slice(0, LISTED);
  const list = (title: string, of: string, top: ScorePoint[], rank: (p: ScorePoint) => number, score: (p: ScorePoint) => number) => (
    <div style={LIST_STYLE}>
      <h3 style={{ fontSize: '0.95rem', margin: '0.4rem 0' }}>{title}</h3>
      {top.length === 0 ? (
        <p>None in this layer.</p>
      ) : (
        <ol>
          {top.map((p) => {
            const path = pageOf(p.layer, p.index, of);
            return (
              <li key={`${p.layer}:${p.index}`} value={rank(p)}>
                <a href={path} onClick={open(path)}>
                  layer {p.layer}, neuron {p.index}
                </a>{' '}
                <span style={{ color: '#555' }}>
                  {score(p).toFixed(3)} · {MEMBERSHIP_LABELS[p.membership]}
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );

  return (
    <View
      id="scores"
      title="Neuron scores: helpful vs harmless score per neuron"
      states={[state]}
      rows={() => points}
      controls={
        <label>
          Layer
          <select name="layer" value={String(study.layer)} onChange={(e) => navigate(`/dashboard${controlsSearch({ ...study, layer: Number(e.target.value) })}`)}>
            <option value="-1">all layers</option>
            {Array.from({ length: layers }, (_, l) => (
              <option key={l} value={l}>
                layer {l}
              </option>
            ))}
          </select>
        </label>
      }
      note={
        data && (
          <>
            {points.length} neurons{layer === null ? ` (all ${layers} layers${neuronCount !== undefined ? `, ${neuronCount} in all` : ''})` : ` of layer ${layer}`}: {count('SHARED')} shared,{' '}
            {count('HELPFUL_ONLY')} helpful only, {count('HARMLESS_ONLY')} harmless only, {count('NEITHER')} in neither. The sets are each model's top {study.topPercent}% by{' '}
            {method} score over all layers: {data.helpful.selected} neurons of {study.helpfulModel} scored on {dataset(study.helpfulDataset)?.trainPairs ?? '?'} train pairs of{' '}
            {study.helpfulDataset}, and {data.harmless.selected} of {study.harmlessModel} on {dataset(study.harmlessDataset)?.trainPairs ?? '?'} of {study.harmlessDataset}; the same neuron
            sites, so a neuron is a position (layer, index).{' '}
            {study.method === 'CONTRAST'
              ? 'Contrast is mean / sd over pairs of the chosen − rejected activation, ranked by |score|; scores are point estimates (no CI), with a standard error of about 1/√pairs.'
              : 'Scores are point estimates over the train pairs (no CI).'}{' '}
            A dot opens that neuron of {study.helpfulModel}; the lists link each set's best-ranked neurons{layer === null ? '' : ' in this layer'}.
          </>
        )
      }
    >
      <PlotFigure
        label="helpful vs harmless neuron scores"
        options={options}
        onDatumClick={(d) => navigate(pageOf(d.layer as number, d.index as number, d.model as string))}
      />
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0 2rem' }}>
        {data && list(`Top of the helpful set (${study.helpfulModel})`, study.helpfulModel, byRank((p) => p.helpfulRank, data.helpful.selected), (p) => p.helpfulRank, (p) => p.helpfulScore)}
        {data && list(`Top of the harmless set (${study.harmlessModel})`, study.harmlessModel, byRank((p) => p.harmlessRank, data.harmless.selected), (p) => p.harmlessRank, (p) => p.harmlessScore)}
      </div>
    </View>
  );
}
