/**
 * The playground at `/`: GraphiQL 5 on the rmlens schema, its Monaco workers from this bundle,
 * with an Examples panel of saved queries, a token field when the server wants one, and a link
 * to the dashboard.
 */
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './playground.css';
import { useGraphiQL, useGraphiQLActions, type GraphiQLPlugin } from '@graphiql/react';
import type { FetcherOpts, FetcherParams } from '@graphiql/toolkit';
import type { ExecutionResult } from 'graphql';
import { GraphiQL, HISTORY_PLUGIN } from 'graphiql';
import { StrictMode, useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { jobOf, post, request, sleep } from '../shared/graphql.ts';
import { loadCatalog, studyIds } from '../shared/studyIds.ts';
import { readToken, writeToken } from '../shared/token.ts';
import { examples, type Example } from './examples.ts';

/**
 * GraphiQL's fetcher: the same POST the dashboard makes, the token header included. A
 * COMPUTE_PENDING answer is shown as it is, then followed: the job's progress appears under
 * `extensions.job` while it runs, and the same operation is asked again once it is DONE.
 */
async function* fetcher(params: FetcherParams, options?: FetcherOpts): AsyncGenerator<ExecutionResult> {
  const ask = () => post(params.query, params.variables ?? {}, undefined, options?.headers as Record<string, string> | undefined);
  for (let body = await ask(); ; body = await ask()) {
    const jobId = body.errors?.find((e) => e.extensions?.code === 'COMPUTE_PENDING')?.extensions?.jobId;
    yield body as ExecutionResult;
    if (jobId === undefined) return;
    let job = await jobOf(jobId);
    yield { ...body, extensions: { job } } as ExecutionResult;
    while (job.state === 'QUEUED' || job.state === 'RUNNING') {
      await sleep(JOB_POLL_MS);
      job = await jobOf(jobId);
      yield { ...body, extensions: { job } } as ExecutionResult;
    }
    if (job.state !== 'DONE') return;
  }
}

const JOB_POLL_MS = 500;

function ExamplesPanel({ items }: { items: Example[] }) {
  const { addTab } = useGraphiQLActions();
  const queryEditor = useGraphiQL((state) => state.queryEditor);
  const variableEditor = useGraphiQL((state) => state.variableEditor);
  const open = (example: Example) => {
    // addTab switches the editors to the new, empty tab at once; then it gets the example.
    addTab();
    queryEditor?.setValue(example.query);
    variableEditor?.setValue(JSON.stringify(example.variables, null, 2));
  };
  return (
    <div className="rm-examples">
      <div className="graphiql-doc-explorer-title">Examples</div>
      <ul>
        {items.map((example) => (
          <li key={example.title}>
            <button type="button" onClick={() => open(example)} data-example={example.title}>
              {example.title}
            </button>
            <p>{example.description}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}

function TokenField() {
  const [token, setToken] = useState(readToken);
  return (
    <label className="rm-token">
      Token
      <input
        type="password"
        autoComplete="off"
        placeholder="RMLENS_TOKEN, for mutations"
        value={token}
        onChange={(event) => {
          setToken(event.target.value);
          writeToken(event.target.value);
        }}
      />
    </label>
  );
}

function Playground() {
  // Until the catalog answers, GraphiQL waits: its examples and first tab name the loaded zoo.
  const [items, setItems] = useState<Example[] | null>(null);
  const [needsToken, setNeedsToken] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    loadCatalog()
      .then((catalog) => setItems(examples(studyIds(catalog))))
      .catch((error: Error) => {
        setProblem(`examples unavailable: ${error.message}`);
        setItems([]);
      });
    request<{ serverInfo: { mutationsNeedToken: boolean } }>('{ serverInfo { mutationsNeedToken } }')
      .then((data) => setNeedsToken(data.serverInfo.mutationsNeedToken))
      .catch(() => {});
  }, []);
  const examplesPlugin = useMemo<GraphiQLPlugin>(
    () => ({ title: 'Examples', icon: () => <span aria-hidden="true">★</span>, content: () => <ExamplesPanel items={items ?? []} /> }),
    [items],
  );
  const first = items?.[0];
  return (
    <div className="rm-page">
      <header className="rm-bar">
        <strong>rmlens</strong> playground
        <a href="/dashboard">Dashboard →</a>
        {needsToken && <TokenField />}
        {problem && <span role="alert">{problem}</span>}
      </header>
      {items && (
        <GraphiQL
          fetcher={fetcher}
          plugins={[examplesPlugin, HISTORY_PLUGIN]}
          visiblePlugin={items.length > 0 ? examplesPlugin : undefined}
          defaultQuery={first?.query}
          initialVariables={first ? JSON.stringify(first.variables, null, 2) : undefined}
        />
      )}
    </div>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Playground />
  </StrictMode>,
);
