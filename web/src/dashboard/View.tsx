/**
 * The frame of every view: title, what the numbers rest on, its state for the user (progress of
 * the job computing it, or the API's error next to it) and for tests (`data-state`), and exports.
 */
import { useRef, type ReactNode } from 'react';
import type { ApiState } from './useApi.ts';
import { download, svgOf, toCsv } from './exportData.ts';

export interface ViewProps {
  id: string;
  title: string;
  /** Counts and uncertainty: what a reader needs to trust the plot. */
  note?: ReactNode;
  /** The states of the requests the view draws from; the view is ready when all are. */
  states: readonly ApiState<unknown>[];
  /** The rows the plot draws, for the CSV export. */
  rows: () => readonly Record<string, unknown>[];
  /** The view's own controls, if any. */
  controls?: ReactNode;
  children?: ReactNode;
}

export function View({ id, title, note, states, rows, controls, children }: ViewProps) {
  const section = useRef<HTMLElement>(null);
  const error = states.find((s) => s.status === 'error');
  const loading = states.filter((s) => s.status === 'loading');
  const idle = states.some((s) => s.status === 'idle');
  const status = error ? 'error' : loading.length > 0 ? 'loading' : idle ? 'idle' : 'ready';
  const job = loading.map((s) => (s.status === 'loading' ? s.job : undefined)).find((j) => j !== undefined);
  return (
    <section ref={section} className="view" id={id} data-view={id} data-state={status} aria-labelledby={`${id}-title`} aria-busy={status === 'loading'}>
      <header>
        <h2 id={`${id}-title`}>{title}</h2>
        <div className="exports">
          <button type="button" disabled={status !== 'ready'} onClick={() => download(`${id}.csv`, 'text/csv', toCsv(rows()))}>
            CSV
          </button>
          <button
            type="button"
            disabled={status !== 'ready'}
            onClick={() => {
              const svg = svgOf(section.current!);
              if (svg) download(`${id}.svg`, 'image/svg+xml', svg);
            }}
          >
            SVG
          </button>
        </div>
      </header>
      {controls && <div className="view-controls">{controls}</div>}
      {error?.status === 'error' && (
        <p className="error" role="alert" data-error-code={error.error.code}>
          {error.error.code}: {error.error.message}
        </p>
      )}
      {status === 'loading' && (
        <p className="progress" role="status">
          {job ? (
            <>
              Computing as job <code>{job.id}</code> ({job.state.toLowerCase()}
              {job.message ? `: ${job.message}` : ''}) <progress max={1} value={job.progress} /> {Math.round(job.progress * 100)}%
            </>
          ) : (
            'Loading…'
          )}
        </p>
      )}
      {status === 'idle' && <p className="progress">Choose the models and datasets above.</p>}
      {status === 'ready' && children}
      {status === 'ready' && note && <p className="note">{note}</p>}
    </section>
  );
}
