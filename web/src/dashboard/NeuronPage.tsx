/**
 * One neuron up close (`/dashboard/neuron/<model>/<layer>/<index>`; `/dashboard/neuron` opens
 * neuron (0, 0) of the zoo's helpful RM): everything `Query.neuron` answers, one section per
 * request, so each shows its own job progress and errors. The study's controls stay in the query
 * (the link back keeps them); the page's own options (examples' dataset, part, ranking, count;
 * histogram bins) are query parameters beside them.
 */
import './neuron/neuron.css';
import { useState } from 'react';
import { NeuronAblationSection } from './neuron/NeuronAblation.tsx';
import { NeuronExamplesSection } from './neuron/NeuronExamples.tsx';
import { NeuronHistogramSection } from './neuron/NeuronHistogram.tsx';
import { NeuronMarginSection, NeuronMembershipSection, NeuronScoresSection } from './neuron/NeuronScores.tsx';
import { useNeuron, type NeuronSectionProps } from './neuron/common.ts';
import type { ViewContext } from './study.ts';
import { controlsSearch, neuronPath, neuronSearch, parseControls, parseNeuronOptions, type Controls, type NeuronOptions, type NeuronRoute } from './urlState.ts';

const HEADER_QUERY = /* GraphQL */ `
  query NeuronHeader($model: ID!, $layer: Int!, $index: Int!) {
    neuron(model: $model, layer: $layer, index: $index) {
      layer
      index
      site
      model { id name objective layers neuronCount base { id } }
    }
  }
`;

interface HeaderData {
  layer: number;
  index: number;
  site: string;
  model: { id: string; name: string; objective: string; layers: number; neuronCount: number; base: { id: string } | null };
}

export function NeuronPage({ route, study, catalog, navigate }: ViewContext & { route: NeuronRoute }) {
  // The URL is the state: read here on every render (App re-renders on each navigation).
  const controls = parseControls(location.search);
  const options = parseNeuronOptions(location.search);
  const neuron: NeuronRoute = { model: route.model || study.helpfulModel, layer: route.layer, index: route.index };
  const go = (next: NeuronRoute, nextOptions: NeuronOptions = options, nextControls: Controls = controls) => navigate(neuronPath(next) + neuronSearch(nextControls, nextOptions));
  const sectionProps: NeuronSectionProps = {
    neuron,
    study,
    options,
    setOptions: (patch) => go(neuron, { ...options, ...patch }),
  };
  const studyHref = `/dashboard${controlsSearch(controls)}`;
  const header = useNeuron<HeaderData>(HEADER_QUERY, neuron);
  const models = catalog.models;
  const layers = models.find((m) => m.id === neuron.model)?.layers;

  return (
    <main className="neuron-page" aria-labelledby="neuron-title">
      <p className="back">
        <a href={studyHref} onClick={(e) => (e.preventDefault(), navigate(studyHref))}>
          ← Back to the study
        </a>
      </p>
      <h2 id="neuron-title" className="neuron-title">
        Neuron {neuron.layer}:{neuron.index} of <code>{neuron.model}</code>
      </h2>
      <p className="neuron-about" data-state={header.status}>
        {header.status === 'ready' && (
          <>
            Site <code>{header.data.site}</code> (layer {header.data.layer} of {header.data.model.layers}) in {header.data.model.name}, a{' '}
            {header.data.model.objective.toLowerCase()} RM with {header.data.model.neuronCount} neurons
            {header.data.model.base ? (
              <>
                {' '}
                fine-tuned from <code>{header.data.model.base.id}</code>
              </>
            ) : null}
            . Scores, membership and the histogram read TRAIN parts; the margin correlation and ablations read HELD-OUT parts.
          </>
        )}
        {header.status === 'loading' && 'Loading…'}
      </p>
      {header.status === 'error' && (
        <p className="error" role="alert" data-error-code={header.error.code}>
          {header.error.code}: {header.error.message}
        </p>
      )}
      <NeuronNavigator neuron={neuron} models={models} layers={layers} onGo={(next) => go(next)} />
      <NeuronScoresSection {...sectionProps} />
      <NeuronMembershipSection {...sectionProps} />
      <NeuronHistogramSection {...sectionProps} />
      <NeuronExamplesSection {...sectionProps} datasets={catalog.datasets} />
      <NeuronAblationSection {...sectionProps} onControls={(n) => go(neuron, options, { ...controls, controls: n })} />
      <NeuronMarginSection {...sectionProps} />
    </main>
  );
}

/** Model, layer and index of the neuron to open: a form (Enter or the button opens it), and steps along the index. */
function NeuronNavigator({ neuron, models, layers, onGo }: { neuron: NeuronRoute; models: ViewContext['catalog']['models']; layers: number | undefined; onGo: (next: NeuronRoute) => void }) {
  const [draft, setDraft] = useState({ key: '', layer: String(neuron.layer), index: String(neuron.index) });
  // A navigation elsewhere resets the fields to the URL's neuron.
  const key = `${neuron.model} ${neuron.layer} ${neuron.index}`;
  const fields = draft.key === key ? draft : { key, layer: String(neuron.layer), index: String(neuron.index) };
  const parsed = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text) : null);
  const layer = parsed(fields.layer);
  const index = parsed(fields.index);
  return (
    <form
      className="controls neuron-nav"
      aria-label="open another neuron"
      onSubmit={(e) => {
        e.preventDefault();
        if (layer !== null && index !== null) onGo({ model: neuron.model, layer, index });
      }}
    >
      <label>
        Model
        <select name="model" value={neuron.model} onChange={(e) => onGo({ ...neuron, model: e.target.value })}>
          {!models.some((m) => m.id === neuron.model) && <option value={neuron.model}>{neuron.model} (unknown)</option>}
          {models.map((m) => (
            <option key={m.id} value={m.id}>
              {m.id} ({m.objective.toLowerCase()})
            </option>
          ))}
        </select>
      </label>
      <label>
        Layer
        <input type="number" name="layer" min={0} max={layers === undefined ? undefined : layers - 1} step={1} value={fields.layer} onChange={(e) => setDraft({ ...fields, layer: e.target.value })} />
      </label>
      <label>
        Index
        <input type="number" name="index" min={0} step={1} value={fields.index} onChange={(e) => setDraft({ ...fields, index: e.target.value })} />
      </label>
      <div className="nav-buttons">
        <button type="submit" disabled={layer === null || index === null}>
          Open neuron
        </button>
        <button type="button" disabled={neuron.index === 0} onClick={() => onGo({ ...neuron, index: neuron.index - 1 })} aria-label={`previous neuron ${neuron.layer}:${Math.max(0, neuron.index - 1)}`}>
          ← {neuron.layer}:{Math.max(0, neuron.index - 1)}
        </button>
        <button type="button" onClick={() => onGo({ ...neuron, index: neuron.index + 1 })} aria-label={`next neuron ${neuron.layer}:${neuron.index + 1}`}>
          {neuron.layer}:{neuron.index + 1} →
        </button>
      </div>
    </form>
  );
}
