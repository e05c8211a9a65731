/**
 * useApi for answers that take more than one request (a paged connection): `load` runs the
 * requests through the job protocol and is re-run whenever `variables` change, earlier runs
 * abandoned. Same states as useApi, so the view frame treats both alike.
 */
import { useEffect, useRef, useState } from 'react';
import { ApiError, type RequestOptions } from '../shared/graphql.ts';
import type { ApiState } from './useApi.ts';

/** `variables` null: not asked yet (a control it needs is unknown). */
export function useLoad<T, V extends Record<string, unknown>>(load: (variables: V, options: RequestOptions) => Promise<T>, variables: V | null): ApiState<T> {
  const [state, setState] = useState<ApiState<T>>({ status: variables ? 'loading' : 'idle' });
  const key = variables === null ? null : JSON.stringify(variables);
  // The loader may be a new closure each render; only the variables decide when to ask again.
  const loader = useRef(load);
  loader.current = load;
  useEffect(() => {
    if (key === null) {
      setState({ status: 'idle' });
      return;
    }
    const abort = new AbortController();
    setState({ status: 'loading' });
    loader
      .current(JSON.parse(key) as V, { signal: abort.signal, onJob: (job) => !abort.signal.aborted && setState({ status: 'loading', job }) })
      .then((data) => !abort.signal.aborted && setState({ status: 'ready', data }))
      .catch((error: unknown) => {
        if (abort.signal.aborted) return;
        setState({ status: 'error', error: error instanceof ApiError ? error : new ApiError(String((error as Error)?.message ?? error), 'NETWORK_ERROR') });
      });
    return () => abort.abort();
  }, [key]);
  return state;
}
