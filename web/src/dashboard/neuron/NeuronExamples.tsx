/**
 * The texts that excite the neuron most, each token shaded by its activation there on a
 * diverging colour-blind-safe scale (orange below 0, purple above); prompt tokens are set apart
 * from response tokens. Dataset text is rendered as React text nodes, never as markup.
 */
import * as Plot from '@observablehq/plot';
import { useEffect, useMemo, useRef } from 'react';
import type { DatasetInfo } from '../../shared/studyIds.ts';
import { View } from '../View.tsx';
import { fmt, useNeuron, type NeuronSectionProps } from './common.ts';

const EXAMPLES_QUERY = /* GraphQL */ `
  query NeuronExamples($model: ID!, $layer: Int!, $index: Int!, $dataset: ID!, $part: DataPart!, $by: ExampleRanking!, $first: Int!) {
    neuron(model: $model, layer: $layer, index: $index) {
      topExamples(dataset: $dataset, part: $part, by: $by, first: $first) {
        totalCount
        edges { node { rank pairId side prompt response value tokens { text activation response } } }
      }
    }
  }
`;

export interface ExampleNode {
  rank: number;
  pairId: string;
  side: 'CHOSEN' | 'REJECTED';
  prompt: string;
  response: string;
  value: number;
  tokens: { text: string; activation: number; response: boolean }[] | null;
}

interface ExamplesData {
  topExamples: { totalCount: number; edges: { node: ExampleNode }[] };
}

const SCHEME = 'PuOr';
const COUNTS = [5, 10, 20];

export function NeuronExamplesSection({ neuron, study, options, setOptions, datasets }: NeuronSectionProps & { datasets: DatasetInfo[] }) {
  const dataset = options.examples || study.helpfulDataset;
  const first = Math.min(20, Math.max(1, options.first));
  const state = useNeuron<ExamplesData>(EXAMPLES_QUERY, neuron, { dataset, part: options.part, by: options.by, first });
  const examples = useMemo(() => (state.status === 'ready' ? state.data.topExamples.edges.map((e) => e.node) : []), [state]);
  // One symmetric scale for every token shown, so shades compare across examples.
  const extent = useMemo(() => Math.max(1e-9, ...examples.flatMap((e) => (e.tokens ?? []).map((t) => Math.abs(t.activation)))), [examples]);
  const colour = useMemo(() => Plot.scale({ color: { type: 'diverging', scheme: SCHEME, domain: [-extent, extent], pivot: 0 } }), [extent]);
  const rows = () => examples.map((e) => ({ rank: e.rank, pairId: e.pairId, side: e.side, value: e.value, prompt: e.prompt, response: e.response }));
  const known = datasets.some((d) => d.id === dataset);
  const total = state.status === 'ready' ? state.data.topExamples.totalCount : 0;
  return (
    <View
      id="neuron-examples"
      title="Top examples"
      states={[state]}
      rows={rows}
      controls={
        <>
          <label>
            Dataset
            <select name="examples" value={dataset} onChange={(e) => setOptions({ examples: e.target.value === study.helpfulDataset ? '' : e.target.value })}>
              {!known && <option value={dataset}>{dataset} (unknown)</option>}
              {datasets.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name === d.id ? d.id : `${d.name} (${d.id})`} · {d.objective.toLowerCase()}
                </option>
              ))}
            </select>
          </label>
          <label>
            Part
            <select name="part" value={options.part} onChange={(e) => setOptions({ part: e.target.value as 'TRAIN' | 'HELD_OUT' })}>
              <option value="TRAIN">train</option>
              <option value="HELD_OUT">held out</option>
            </select>
          </label>
          <label>
            Ranked by
            <select name="by" value={options.by} onChange={(e) => setOptions({ by: e.target.value as 'MAX' | 'MEAN' })}>
              <option value="MAX">max over response tokens</option>
              <option value="MEAN">mean over response tokens</option>
            </select>
          </label>
          <label>
            Show
            <select name="first" value={first} onChange={(e) => setOptions({ first: Number(e.target.value) })}>
              {[...new Set([...COUNTS, first])].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        </>
      }
      note={
        <>
          The {examples.length} best of the {total} texts kept (at most 20 per neuron), ranked by the {options.by === 'MAX' ? 'largest' : 'mean'} activation over response
          tokens, from the {options.part === 'TRAIN' ? 'TRAIN' : 'HELD-OUT'} part of {dataset}. Each text is one response of a pair, after the prompt; models see at most the
          last 64 prompt tokens and the first 128 response tokens. Shading: the neuron's activation at each token, one scale for all examples shown.
        </>
      }
    >
      <div className="token-legend">
        <ColourLegend extent={extent} />
        <span className="token-key">
          <span className="tok prompt">prompt tokens</span> are set in italics with a dashed underline; <span className="tok">response tokens</span> in upright type.
        </span>
      </div>
      {examples.length === 0 ? (
        <p className="empty">No texts on this part of the dataset.</p>
      ) : (
        <ol className="examples">
          {examples.map((e) => (
            <li key={`${e.rank} ${e.pairId} ${e.side}`} className="example" data-datum={JSON.stringify({ rank: e.rank, pairId: e.pairId, side: e.side, value: e.value })}>
              <div className="example-meta">
                <strong>#{e.rank}</strong> · {e.side.toLowerCase()} response · {options.by.toLowerCase()} activation <strong>{fmt(e.value)}</strong> · pair <code>{e.pairId}</code>
              </div>
              {e.tokens ? (
                <ExampleTokens tokens={e.tokens} colour={(v) => colour.apply(v) as string} extent={extent} />
              ) : (
                <div className="tokens">
                  <span className="segment prompt-text">{e.prompt}</span>
                  <span className="segment response-text">{e.response}</span>
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
    </View>
  );
}

function ExampleTokens({ tokens, colour, extent }: { tokens: NonNullable<ExampleNode['tokens']>; colour: (v: number) => string; extent: number }) {
  const prompt = tokens.filter((t) => !t.response);
  const response = tokens.filter((t) => t.response);
  const span = (t: (typeof tokens)[number], i: number) => (
    <span
      key={i}
      className={`${t.response ? 'tok' : 'tok prompt'}${t.text.includes('\n') ? ' nl' : ''}`}
      style={{ background: colour(t.activation), color: Math.abs(t.activation) / extent > 0.6 ? '#fff' : '#111' }}
      title={`${t.response ? 'response' : 'prompt'} token ${JSON.stringify(t.text)}: activation ${t.activation}`}
      data-activation={t.activation}
    >
      {t.text}
    </span>
  );
  return (
    <div className="tokens">
      {prompt.length > 0 && (
        <div className="segment prompt-tokens">
          <span className="segment-label">prompt</span>
          {prompt.map(span)}
        </div>
      )}
      <div className="segment response-tokens">
        <span className="segment-label">response</span>
        {response.map(span)}
      </div>
    </div>
  );
}

/** The shading's legend, drawn by Plot from the same scale options. */
function ColourLegend({ extent }: { extent: number }) {
  const holder = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const legend = Plot.legend({ color: { type: 'diverging', scheme: SCHEME, domain: [-extent, extent], pivot: 0, label: 'activation at the token' }, width: 260 });
    holder.current!.replaceChildren(legend);
    return () => legend.remove();
  }, [extent]);
  return <div ref={holder} className="legend" />;
}
