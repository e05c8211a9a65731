/**
 * The dashboard: the controls, then one view per question of the study; or, under
 * `/dashboard/neuron/...`, one neuron's page. Everything comes from the public GraphQL API.
 */
import { useCallback, useEffect, useState } from 'react';
import { loadCatalog, type Catalog } from '../shared/studyIds.ts';
import { ControlsBar } from './ControlsBar.tsx';
import { ZooBuildWait } from './ZooBuildWait.tsx';
import { NeuronPage } from './NeuronPage.tsx';
import { resolveStudy } from './study.ts';
import { useLocation } from './urlState.ts';
import { AblationView } from './views/AblationView.tsx';
import { FrontierView } from './views/FrontierView.tsx';
import { InfluenceView } from './views/InfluenceView.tsx';
import { OverlapView } from './views/OverlapView.tsx';
import { ScoresView } from './views/ScoresView.tsx';
import { SeedsView } from './views/SeedsView.tsx';
import { SweepView } from './views/SweepView.tsx';
import { TensionView } from './views/TensionView.tsx';

export function App() {
  const [{ route, controls }, navigate] = useLocation();
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const reloadCatalog = useCallback(() => {
    loadCatalog()
      .then(setCatalog)
      .catch((error: Error) => setProblem(error.message));
  }, []);
  useEffect(reloadCatalog, [reloadCatalog]);

  const header = (
    <header className="top">
      <h1>
        <a href="/dashboard" onClick={(e) => (e.preventDefault(), navigate('/dashboard'))}>
          rmlens
        </a>{' '}
        dashboard
      </h1>
      <nav>
        <a href="/">Playground</a>
      </nav>
    </header>
  );
  if (problem) {
    return (
      <>
        {header}
        <p className="error" role="alert">
          The API did not answer: {problem}
        </p>
      </>
    );
  }
  if (!catalog) return header;
  const study = resolveStudy(controls, catalog);
  if (!study) {
    return (
      <>
        {header}
        <main>
          <ZooBuildWait onBuilt={reloadCatalog} />
        </main>
      </>
    );
  }
  const context = { study, catalog, navigate };
  return (
    <>
      {header}
      {route.page === 'neuron' ? (
        <NeuronPage route={route} {...context} />
      ) : (
        <main>
          <ControlsBar {...context} />
          <TensionView {...context} />
          <ScoresView {...context} />
          <OverlapView {...context} />
          <AblationView {...context} />
          <InfluenceView {...context} />
          <SweepView {...context} />
          <FrontierView {...context} />
          <SeedsView {...context} />
        </main>
      )}
    </>
  );
}
