/**
 * What the dashboard shows while no zoo can be studied: on a first start the server builds the
 * default zoo as a job, so this follows that job's progress (`jobs`) and asks for the catalog
 * again once no build is live; without a build under way it says no zoo is loaded.
 */
import { useEffect, useState } from 'react';
import { request, sleep, type JobProgress } from '../shared/graphql.ts';

const BUILDS_QUERY = /* GraphQL */ `
  query ZooBuilds {
    jobs { id kind state progress message }
  }
`;

const POLL_MS = 2000;

export function ZooBuildWait({ onBuilt }: { onBuilt: () => void }) {
  const [build, setBuild] = useState<JobProgress | null | undefined>(undefined);
  useEffect(() => {
    const abort = new AbortController();
    (async () => {
      let seen = false;
      for (;;) {
        const { jobs } = await request<{ jobs: (JobProgress & { kind: string })[] }>(BUILDS_QUERY, {}, { signal: abort.signal });
        const live = jobs.find((j) => j.kind === 'zooBuild' && (j.state === 'QUEUED' || j.state === 'RUNNING')) ?? null;
        setBuild(live);
        if (live) seen = true;
        else {
          if (seen) onBuilt();
          return;
        }
        await sleep(POLL_MS, abort.signal);
      }
    })().catch(() => {});
    return () => abort.abort();
  }, [onBuilt]);
  if (build) {
    return (
      <p className="progress" role="status">
        The server is building the default zoo (job <code>{build.id}</code>{build.message ? `: ${build.message}` : ''}){' '}
        <progress max={1} value={build.progress} /> {Math.round(build.progress * 100)}%. The dashboard opens when it is done.
      </p>
    );
  }
  return (
    <p className="error" role="alert">
      {build === null ? 'No zoo with a helpful, a harmless and a mixed RM is loaded: see ' : 'Looking for a zoo build: '}
      <a href="/readyz">/readyz</a>.
    </p>
  );
}
