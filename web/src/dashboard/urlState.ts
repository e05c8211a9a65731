/**
 * The dashboard's state lives in the URL, so a link reproduces the view: the controls are query
 * parameters (defaults omitted), and the neuron page is the path
 * `/dashboard/neuron/<model, URL-encoded>/<layer>/<index>`.
 */
import { useCallback, useEffect, useState } from 'react';

/** Every control of the dashboard; empty strings mean "the zoo's default". */
export interface Controls {
  zoo: string;
  helpfulModel: string;
  harmlessModel: string;
  /** The model the ablation views, the p-sweep and the frontier look inside. */
  model: string;
  helpfulDataset: string;
  harmlessDataset: string;
  method: 'CONTRAST' | 'MAGNITUDE' | 'PROBABILITY' | 'CHANGE';
  topPercent: number;
  mode: 'ZERO' | 'MEAN';
  controls: number;
  /** Neuron-scores view: one layer only, or every layer (-1). */
  layer: number;
}

export const DEFAULT_CONTROLS: Controls = {
  zoo: '',
  helpfulModel: '',
  harmlessModel: '',
  model: '',
  helpfulDataset: '',
  harmlessDataset: '',
  method: 'CONTRAST',
  topPercent: 5,
  mode: 'ZERO',
  controls: 10,
  layer: -1,
};

/** The neuron a page shows; model '' opens the default zoo's helpful RM. */
export interface NeuronRoute {
  model: string;
  layer: number;
  index: number;
}

export type Route = { page: 'study' } | ({ page: 'neuron' } & NeuronRoute);

export function parseRoute(pathname: string): Route {
  const match = /^\/dashboard\/neuron(?:\/([^/]*)\/(\d+)\/(\d+)|\/?)$/.exec(pathname);
  if (!match) return { page: 'study' };
  if (match[1] === undefined) return { page: 'neuron', model: '', layer: 0, index: 0 };
  return { page: 'neuron', model: decodeURIComponent(match[1]), layer: Number(match[2]), index: Number(match[3]) };
}

export function neuronPath({ model, layer, index }: NeuronRoute): string {
  return `/dashboard/neuron/${encodeURIComponent(model)}/${layer}/${index}`;
}

export function parseControls(search: string): Controls {
  const params = new URLSearchParams(search);
  const controls: Controls = { ...DEFAULT_CONTROLS };
  for (const key of Object.keys(DEFAULT_CONTROLS) as (keyof Controls)[]) {
    const raw = params.get(key);
    if (raw === null) continue;
    const fallback = DEFAULT_CONTROLS[key];
    if (typeof fallback === 'number') {
      const n = Number(raw);
      if (Number.isFinite(n)) (controls[key] as number) = n;
    } else (controls[key] as string) = raw;
  }
  return controls;
}

export function controlsSearch(controls: Controls): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(DEFAULT_CONTROLS) as (keyof Controls)[]) {
    if (controls[key] !== DEFAULT_CONTROLS[key]) params.set(key, String(controls[key]));
  }
  const search = params.toString();
  return search === '' ? '' : `?${search}`;
}

/** The current location as state; `navigate` pushes a new entry (back/forward work). */
export function useLocation(): [{ route: Route; controls: Controls }, (path: string) => void] {
  const read = () => ({ route: parseRoute(location.pathname), controls: parseControls(location.search) });
  const [state, setState] = useState(read);
  useEffect(() => {
    const onPop = () => setState(read());
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((path: string) => {
    history.pushState(null, '', path);
    setState(read());
  }, []);
  return [state, navigate];
}

/**
 * The neuron page's own state, query parameters beside the controls (defaults omitted): the
 * dataset, part, ranking and count of its top examples, and its histogram's bins.
 */
export interface NeuronOptions {
  /** Dataset of the top examples; '' = the study's helpful dataset. */
  examples: string;
  part: 'TRAIN' | 'HELD_OUT';
  by: 'MAX' | 'MEAN';
  first: number;
  bins: number;
}

export const DEFAULT_NEURON_OPTIONS: NeuronOptions = { examples: '', part: 'TRAIN', by: 'MAX', first: 5, bins: 32 };

export function parseNeuronOptions(search: string): NeuronOptions {
  const params = new URLSearchParams(search);
  const options = { ...DEFAULT_NEURON_OPTIONS };
  options.examples = params.get('examples') ?? options.examples;
  if (params.get('part') === 'HELD_OUT') options.part = 'HELD_OUT';
  if (params.get('by') === 'MEAN') options.by = 'MEAN';
  for (const key of ['first', 'bins'] as const) {
    const n = Number(params.get(key) ?? NaN);
    if (Number.isInteger(n) && n > 0) options[key] = n;
  }
  return options;
}

/** The query of a neuron page: the study's controls, then the page's own options. */
export function neuronSearch(controls: Controls, options: NeuronOptions): string {
  const params = new URLSearchParams(controlsSearch(controls));
  for (const key of Object.keys(DEFAULT_NEURON_OPTIONS) as (keyof NeuronOptions)[]) {
    if (options[key] !== DEFAULT_NEURON_OPTIONS[key]) params.set(key, String(options[key]));
  }
  const search = params.toString();
  return search === '' ? '' : `?${search}`;
}
