/** What the neuron page's sections share: the neuron asked about, and reading `Query.neuron`'s answer. */
import { useMemo } from 'react';
import { ApiError } from '../../shared/graphql.ts';
import type { Study } from '../study.ts';
import { useApi, type ApiState } from '../useApi.ts';
import type { NeuronOptions, NeuronRoute } from '../urlState.ts';

/** Props of every section of the neuron page. */
export interface NeuronSectionProps {
  /** The neuron (its model resolved: never ''). */
  neuron: NeuronRoute;
  study: Study;
  options: NeuronOptions;
  /** Rewrites the page's options in the URL. */
  setOptions: (patch: Partial<NeuronOptions>) => void;
}

/**
 * `Query.neuron` with `variables` beside the neuron's position; the answer is the NeuronDetail,
 * or a NOT_FOUND error when the API answers null (the model is unknown).
 */
export function useNeuron<T>(query: string, neuron: NeuronRoute, variables: Record<string, unknown> = {}): ApiState<T> {
  const all = { model: neuron.model, layer: neuron.layer, index: neuron.index, ...variables };
  const state = useApi<{ neuron: T | null }>(query, all);
  return useMemo(() => {
    if (state.status !== 'ready') return state;
    if (state.data.neuron === null) return { status: 'error', error: new ApiError(`no model "${neuron.model}" is loaded`, 'NOT_FOUND') };
    return { status: 'ready', data: state.data.neuron };
  }, [state]);
}

/** A number for reading: `digits` decimals, a real minus sign. */
export function fmt(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return x.toFixed(digits).replace(/^-/, '−');
}

/** Signed: `+0.012`, `−0.034`. */
export function signed(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return `${x > 0 ? '+' : ''}${fmt(x, digits)}`;
}
