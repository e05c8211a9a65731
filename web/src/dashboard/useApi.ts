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
  const key = variables === null ? null : `${query}\n${JSON.stringify(variables)}`;
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
    request<T>(query, variables!, { signal: abort.signal, onJob: (job) => set({ status: 'loading', job }) })
      .then((data) => set({ status: 'ready', data }))
      .catch((error: unknown) => set({ status: 'error', error: error instanceof ApiError ? error : new ApiError(String((error as Error)?.message ?? error), 'NETWORK_ERROR') }));
    return () => abort.abort();
    // `key` stands for query and variables.
  }, [key]);
  if (answered.key !== key) return key === null ? { status: 'idle' } : { status: 'loading' };
  return answered.state;
}
