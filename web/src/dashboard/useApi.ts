/**
 * A view's data: re-asked whenever its question (query and variables) changes, earlier answers
 * abandoned. While the server computes as a job, `job` carries its progress; an error keeps its
 * code. `useApi` asks one operation; `useLoad` runs any loader (e.g. the pages of a connection).
 */
import { useEffect, useRef, useState } from 'react';
import { ApiError, request, type JobProgress, type RequestOptions } from '../shared/graphql.ts';

export type ApiState<T> =
  | { status: 'loading'; job?: JobProgress }
  | { status: 'ready'; data: T }
  | { status: 'error'; error: ApiError }
  | { status: 'idle' };

/** One operation. `variables` null: not asked yet (a control it needs is unknown). */
export function useApi<T>(query: string, variables: Record<string, unknown> | null): ApiState<T> {
  return useLoad((v, options) => request<T>(query, v, options), variables, query);
}

/**
 * `load(variables)` through the job protocol. The loader may be a new closure each render: only
 * `variables` and `question` (what else the loader depends on) decide when to ask again.
 */
export function useLoad<T, V extends Record<string, unknown>>(load: (variables: V, options: RequestOptions) => Promise<T>, variables: V | null, question = ''): ApiState<T> {
  const key = variables === null ? null : `${question}\n${JSON.stringify(variables)}`;
  const loader = useRef(load);
  loader.current = load;
  // Each state remembers the question it answers: the effect below asks a new question only
  // after the render that changed it, and that render must not show the old answer.
  const [answered, setAnswered] = useState<{ key: string | null; state: ApiState<T> }>({ key, state: { status: key === null ? 'idle' : 'loading' } });
  useEffect(() => {
    if (key === null) {
      setAnswered({ key, state: { status: 'idle' } });
      return;
    }
    const abort = new AbortController();
    const set = (state: ApiState<T>) => !abort.signal.aborted && setAnswered({ key, state });
    set({ status: 'loading' });
    loader
      .current(variables!, { signal: abort.signal, onJob: (job) => set({ status: 'loading', job }) })
      .then((data) => set({ status: 'ready', data }))
      .catch((error: unknown) => set({ status: 'error', error: error instanceof ApiError ? error : new ApiError(String((error as Error)?.message ?? error), 'NETWORK_ERROR') }));
    return () => abort.abort();
  }, [key]);
  if (answered.key !== key) return key === null ? { status: 'idle' } : { status: 'loading' };
  return answered.state;
}
