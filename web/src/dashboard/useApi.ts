/**
 * One view's request: re-run whenever its query or variables change, earlier answers abandoned.
 * While the server computes as a job, `job` carries its progress; an error keeps its code.
 */
import { useEffect, useState } from 'react';
import { ApiError, request, type JobProgress } from '../shared/graphql.ts';

export type ApiState<T> =
  | { status: 'loading'; job?: JobProgress }
  | { status: 'ready'; data: T }
  | { status: 'error'; error: ApiError }
  | { status: 'idle' };

/** `variables` null: not asked yet (a control it needs is unknown). */
export function useApi<T>(query: string, variables: Record<string, unknown> | null): ApiState<T> {
  const [state, setState] = useState<ApiState<T>>({ status: variables ? 'loading' : 'idle' });
  const key = variables === null ? null : JSON.stringify(variables);
  useEffect(() => {
    if (key === null) {
      setState({ status: 'idle' });
      return;
    }
    const abort = new AbortController();
    setState({ status: 'loading' });
    request<T>(query, JSON.parse(key), { signal: abort.signal, onJob: (job) => !abort.signal.aborted && setState({ status: 'loading', job }) })
      .then((data) => !abort.signal.aborted && setState({ status: 'ready', data }))
      .catch((error: unknown) => {
        if (abort.signal.aborted) return;
        setState({ status: 'error', error: error instanceof ApiError ? error : new ApiError(String((error as Error)?.message ?? error), 'NETWORK_ERROR') });
      });
    return () => abort.abort();
  }, [query, key]);
  return state;
}
