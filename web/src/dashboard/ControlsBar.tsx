/** The dashboard's controls; every change rewrites the URL, so the view can be linked. */
import type { Catalog } from '../shared/studyIds.ts';
import type { Study } from './study.ts';
import { controlsSearch, type Controls } from './urlState.ts';

const METHODS: Controls['method'][] = ['CONTRAST', 'MAGNITUDE', 'PROBABILITY', 'CHANGE'];
const MODES: Controls['mode'][] = ['ZERO', 'MEAN'];

export function ControlsBar({ study, catalog, navigate }: { study: Study; catalog: Catalog; navigate: (path: string) => void }) {
  const set = (patch: Partial<Controls>) => {
    const next: Controls = { ...study, ...patch };
    // A new zoo starts from its own roles.
    if (patch.zoo !== undefined) Object.assign(next, { helpfulModel: '', harmlessModel: '', model: '', helpfulDataset: '', harmlessDataset: '' });
    navigate(`/dashboard${controlsSearch(next)}`);
  };
  const models = catalog.models.filter((m) => m.id.startsWith(`${study.zoo}/`) || !catalog.zoos.some((z) => m.id.startsWith(`${z}/`)));
  const select = (label: string, key: keyof Controls, options: { value: string; label: string }[]) => (
    <label>
      {label}
      <select value={String(study[key])} onChange={(e) => set({ [key]: e.target.value })} name={key}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
  const modelOptions = models.map((m) => ({ value: m.id, label: `${m.id} (${m.objective.toLowerCase()})` }));
  const datasetOptions = (objective: 'HELPFUL' | 'HARMLESS') =>
    catalog.datasets.filter((d) => d.objective === objective).map((d) => ({ value: d.id, label: `${d.id} (${d.heldOutPairs} held out)` }));
  return (
    <form className="controls" onSubmit={(e) => e.preventDefault()} aria-label="study controls">
      {select('Zoo', 'zoo', catalog.zoos.map((z) => ({ value: z, label: z })))}
      {select('Helpful RM', 'helpfulModel', modelOptions)}
      {select('Harmless RM', 'harmlessModel', modelOptions)}
      {select('Ablated RM', 'model', modelOptions)}
      {select('Helpful data', 'helpfulDataset', datasetOptions('HELPFUL'))}
      {select('Harmless data', 'harmlessDataset', datasetOptions('HARMLESS'))}
      {select('Score', 'method', METHODS.map((m) => ({ value: m, label: m.toLowerCase() })))}
      <label>
        Top p%
        <input
          type="number"
          name="topPercent"
          min={0.5}
          max={100}
          step={0.5}
          defaultValue={study.topPercent}
          key={study.topPercent}
          onBlur={(e) => commitNumber(e.currentTarget, (topPercent) => set({ topPercent }))}
          onKeyDown={(e) => e.key === 'Enter' && commitNumber(e.currentTarget, (topPercent) => set({ topPercent }))}
        />
      </label>
      {select('Ablation', 'mode', MODES.map((m) => ({ value: m, label: m.toLowerCase() })))}
      <label>
        Controls
        <input
          type="number"
          name="controls"
          min={0}
          max={100}
          step={1}
          defaultValue={study.controls}
          key={study.controls}
          onBlur={(e) => commitNumber(e.currentTarget, (controls) => set({ controls }))}
          onKeyDown={(e) => e.key === 'Enter' && commitNumber(e.currentTarget, (controls) => set({ controls }))}
        />
      </label>
    </form>
  );
}

/** Number inputs apply on Enter or leaving the field, not per keystroke (each value is a computation). */
function commitNumber(input: HTMLInputElement, apply: (n: number) => void) {
  const n = Number(input.value);
  if (input.value !== '' && Number.isFinite(n)) apply(n);
}
