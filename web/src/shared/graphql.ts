/**
 * The pages' GraphQL client: one POST to `/graphql`, and the server's job protocol. A request
 * that outlives the server's request budget answers COMPUTE_PENDING with `extensions.jobId`;
 * the client then polls `job(id)` (reporting its progress) and asks again once it is DONE, when
 * the answer comes from the store.
 */
import { authHeaders } from './token.ts';

/** A GraphQL error as the server sent it: its message and `extensions.code`. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** A running job, as the pages show it. */
export interface JobProgress {
  id: string;
  state: string;
  progress: number;
  message: string | null;
}

export interface RequestOptions {
  onJob?: (job: JobProgress) => void;
  signal?: AbortSignal;
}

export interface GraphqlResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; jobId?: string } }[];
}

const POLL_MS = 400;

/** One operation, without the job protocol: the response body as the server sent it. */
export async function post<T>(query: string, variables: Record<string, unknown> = {}, signal?: AbortSignal, headers: Record<string, string> = {}): Promise<GraphqlResponse<T>> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json', ...authHeaders() },
    body: JSON.stringify({ query, variables }),
    signal,
  });
  const body = (await response.json()) as GraphqlResponse<T>;
  if (!body.errors?.length && !response.ok) throw new ApiError(`HTTP ${response.status}`, 'HTTP_ERROR');
  return body;
}

/** Runs `query` until it answers: waits on the jobs COMPUTE_PENDING names, throws any other error. */
export async function request<T>(query: string, variables: Record<string, unknown> = {}, options: RequestOptions = {}): Promise<T> {
  for (;;) {
    const body = await post<T>(query, variables, options.signal);
    const error = body.errors?.[0];
    if (!error) return body.data as T;
    const code = error.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
    const jobId = error.extensions?.jobId;
    if (code !== 'COMPUTE_PENDING' || jobId === undefined) throw new ApiError(error.message, code);
    await waitForJob(jobId, options);
  }
}

const JOB_QUERY = /* GraphQL */ `
  query Job($id: ID!) {
    job(id: $id) { id state progress message error }
  }
`;

/** The job COMPUTE_PENDING named, once: its state and progress; ApiError when it is unknown. */
export async function jobOf(id: string, signal?: AbortSignal): Promise<JobProgress & { error: string | null }> {
  const body = await post<{ job: (JobProgress & { error: string | null }) | null }>(JOB_QUERY, { id }, signal);
  const job = body.data?.job;
  if (body.errors?.length || !job) throw new ApiError(body.errors?.[0]?.message ?? `job ${id} is unknown`, body.errors?.[0]?.extensions?.code ?? 'NOT_FOUND');
  return job;
}

/** Whether a job has stopped for good short of DONE. */
function jobEnded(job: JobProgress): boolean {
  return job.state !== 'QUEUED' && job.state !== 'RUNNING' && job.state !== 'DONE';
}

async function waitForJob(id: string, options: RequestOptions): Promise<void> {
  for (;;) {
    const job = await jobOf(id, options.signal);
    options.onJob?.(job);
    if (job.state === 'DONE') return;
    if (jobEnded(job)) throw new ApiError(`job ${id} ${job.state}${job.error ? `: ${job.error}` : ''}`, 'COMPUTE_FAILED');
    await sleep(POLL_MS, options.signal);
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}
