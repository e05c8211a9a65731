/**
 * The whole study of rmlens.md §1 on one zoo, as one result: the tension table, overlap of the
 * objectives' top neurons (between the single-objective RMs, within each RM across the two
 * datasets, and three-way with the mixed RM's own top set), ablations of TOP/ONLY/SHARED sets
 * and of the mixed RM's TOP set with size-matched random controls in each of the three RMs on
 * both held-out datasets, each set's layer regions and its ablation per region, influence per
 * neuron, the p-sweep, the scaling frontier and neuron correspondence. Every number comes through the cached analysis, so a second run
 * only reads the store. The JSON form of StudyResult is documented in docs/study-json.md.
 */
import type { Analysis } from './analysis.ts';
import { layerRegions } from './layerRegions.ts';
import { FRONTIER_ALPHAS } from './experiments/frontier.ts';
import type { CallOptions } from './cachedRuns.ts';
import { ENGINE_VERSION } from './cacheKeys.ts';
import type { ModelEntry, Zoo } from './modelRegistry.ts';
import type { TensionReport } from './resultTypes.ts';
import {
  STUDY_SCHEMA_VERSION,
  type StudyAblation,
  type StudyCorrespondence,
  type StudyDataset,
  type StudyFrontier,
  type StudyInfluence,
  type StudyLayerRegions,
  type StudyModel,
  type StudyOptions,
  type StudyOverlap,
  type StudyRegionAblation,
  type StudyResult,
  type StudySet,
  type StudySweep,
  type StudyThreeWayOverlap,
} from './studyResult.ts';
import type { NeuronSelection, NeuronSetSpec } from './types.ts';


const STUDY_SETS: readonly StudySet[] = ['TOP_HELPFUL', 'TOP_HARMLESS', 'TOP_MIXED', 'ONLY_HELPFUL', 'ONLY_HARMLESS', 'SHARED'];

/** The selections the study sets are built from. */
interface StudySelections {
  helpful: NeuronSelection;
  harmless: NeuronSelection;
  mixed: NeuronSelection;
}

/** Study progress: `done` of `total` steps, `step` names the one starting. */
export type StudyProgress = (done: number, total: number, step: string) => void;

/** Where a study reports: its steps, and the engine computation running within a step. */
export interface StudyCallbacks extends CallOptions {
  onStep?: StudyProgress;
}

/**
 * Runs the study on `zoo` (its models must be registered with the analysis). Needs exactly one
 * HELPFUL, one HARMLESS and one MIXED model; the BASE model, when present, joins the tension
 * table and the correspondence.
 */
export async function runStudy(analysis: Analysis, zoo: Zoo, options: StudyOptions, progress: StudyCallbacks = {}): Promise<StudyResult> {
  // Everything but the step callback goes to each call (a server's request budget passes its engine gate too).
  const { onStep, ...call } = progress;
  const ties = options.ties ?? 'HALF';
  const started = performance.now();
  const before = analysis.counts();
  const role = (objective: ModelEntry['objective']) => {
    const found = zoo.models.filter((m) => m.objective === objective);
    if (found.length !== 1) throw new Error(`the study needs exactly one ${objective} model in ${zoo.dir}, found ${found.length}`);
    return found[0].id;
  };
  const rm = { helpful: role('HELPFUL'), harmless: role('HARMLESS'), mixed: role('MIXED') };
  const rms = [rm.helpful, rm.harmless, rm.mixed];
  const allModels = zoo.models.map((m) => m.id);
  const refs = [options.helpful, options.harmless];
  // Evaluation-only datasets are measured (tension, ablations) but never selected on.
  const measured = [...refs, ...options.evaluation];
  const selection = (model: string, dataset: string): NeuronSelection => ({ model, dataset, method: options.method, topPercent: options.topPercent });
  const helpfulSel = selection(rm.helpful, options.helpful);
  const harmlessSel = selection(rm.harmless, options.harmless);
  // The mixed RM was trained on both objectives' train parts, so its own neurons are scored on both, pooled.
  const mixedSel: NeuronSelection = { ...selection(rm.mixed, options.helpful), pooledWith: [options.harmless] };
  const sels: StudySelections = { helpful: helpfulSel, harmless: harmlessSel, mixed: mixedSel };

  const steps: { name: string; run: () => Promise<void> }[] = [];
  const step = (name: string, run: () => Promise<void>) => steps.push({ name, run });

  const models: StudyModel[] = [];
  const datasets: StudyDataset[] = [];
  step('models and datasets', async () => {
    for (const m of zoo.models) models.push({ id: m.id, role: m.role!, objective: m.objective, sha256: await analysis.modelSha256(m.id) });
    for (const ref of measured) {
      const d = await analysis.dataset(ref);
      datasets.push({ id: ref, objective: d.objective, trainPairs: d.train.length, heldOutPairs: d.heldOut.length });
    }
  });
  let tension: TensionReport = { rows: [], interference: [], baselines: [], transferability: [] };
  step('tension table', async () => {
    const served = await analysis.tension(allModels, measured, call, ties);
    // The study JSON keeps its schema: each row's evaluation without the served provenance.
    const rows = served.rows.map(({ model, dataset, evaluation: { computedAt: _at, engineVersion: _v, cacheKey: _k, ...evaluation }, byLength }) => ({ model, dataset, evaluation, byLength }));
    tension = { ...served, rows };
  });

  let between: StudyOverlap | undefined;
  const within: (StudyOverlap & { model: string })[] = [];
  step('overlap between the helpful and harmless RMs', async () => {
    between = { helpful: helpfulSel, harmless: harmlessSel, ...(await analysis.overlap(helpfulSel, harmlessSel, call)).value };
  });
  for (const model of rms) {
    step(`overlap within ${model}`, async () => {
      const h = selection(model, options.helpful);
      const x = selection(model, options.harmless);
      within.push({ model, helpful: h, harmless: x, ...(await analysis.overlap(h, x, call)).value });
    });
  }
  let threeWay: StudyThreeWayOverlap | undefined;
  step('three-way overlap of the helpful, harmless and mixed RMs', async () => {
    threeWay = { ...sels, ...(await analysis.threeWayOverlap(helpfulSel, harmlessSel, mixedSel, call)).value };
  });

  const ablations: StudyAblation[] = [];
  for (const model of rms) {
    for (const dataset of measured) {
      for (const set of STUDY_SETS) {
        step(`ablate ${set} in ${model} on ${dataset}`, async () => {
          const { value, cached } = await analysis.ablation({ model, set: setSpec(set, sels), dataset, mode: 'ZERO', controls: options.controls, ties }, call);
          ablations.push({ set, model, dataset, ...value, cached });
        });
      }
    }
  }

  // Every zoo RM has the same sites (each ablation checks it), so the regions and each set's shares are the mixed RM's.
  let regions: StudyLayerRegions = { layers: 0, regions: [], sets: [] };
  step('layer regions of every set', async () => {
    const { sites } = await analysis.modelInfo(rm.mixed);
    const sets = [];
    for (const set of STUDY_SETS) {
      const shares = await analysis.regionShares(rm.mixed, setSpec(set, sels), call);
      sets.push({ set, neurons: shares.reduce((n, r) => n + r.neurons, 0), shares });
    }
    regions = { layers: sites.length, regions: layerRegions(sites), sets };
  });
  const regionAblations: StudyRegionAblation[] = [];
  for (const model of rms) {
    for (const dataset of measured) {
      step(`ablate each set per layer region in ${model} on ${dataset}`, async () => {
        for (const { index: region, name } of layerRegions((await analysis.modelInfo(model)).sites)) {
          for (const set of STUDY_SETS) {
            const { value, cached } = await analysis.ablation({ model, set: { ...setSpec(set, sels), region }, dataset, mode: 'ZERO', controls: options.controls, ties }, call);
            regionAblations.push({ set, model, dataset, region, regionName: name, ...value, cached });
          }
        }
      });
    }
  }

  const sweeps: StudySweep[] = [];
  for (const model of rms) {
    for (const dataset of refs) {
      step(`p-sweep in ${model} on ${dataset}`, async () => {
        // No controls (76 more ablations per control), and the study's points keep their documented fields (docs/study-json.md).
        const { value } = await analysis.pSweep(model, helpfulSel, harmlessSel, dataset, 0, call, ties);
        sweeps.push({ model, dataset, points: value.map(({ percent, kind, of, accuracy, deltaAccuracy }) => ({ percent, kind, of, accuracy, deltaAccuracy })) });
      });
    }
  }

  let frontier: StudyFrontier = { model: rm.mixed, set: 'SHARED', points: [] };
  step(`frontier: SHARED scaled in ${rm.mixed}`, async () => {
    const points = (await analysis.frontier(rm.mixed, setSpec('SHARED', sels), options.helpful, options.harmless, FRONTIER_ALPHAS, call, ties)).value;
    frontier = { model: rm.mixed, set: 'SHARED', points };
  });

  const correspondence: StudyCorrespondence[] = [];
  for (let i = 0; i < allModels.length; i++) {
    for (let j = i + 1; j < allModels.length; j++) {
      for (const dataset of refs) {
        const [a, b] = [allModels[i], allModels[j]];
        step(`correspondence ${a} vs ${b} on ${dataset}`, async () => {
          correspondence.push({ a, b, dataset, ...(await analysis.correspondence(a, b, dataset, call)).value });
        });
      }
    }
  }

  for (const [i, s] of steps.entries()) {
    onStep?.(i, steps.length, s.name);
    await s.run();
  }
  onStep?.(steps.length, steps.length, 'done');

  const after = analysis.counts();
  return {
    schemaVersion: STUDY_SCHEMA_VERSION,
    engineVersion: ENGINE_VERSION,
    zoo: { dir: zoo.dir, data: zoo.data },
    options: { ...options, ties },
    models,
    datasets,
    tension,
    overlap: { between: between!, within, threeWay: threeWay! },
    ablations,
    layerRegions: regions,
    regionAblations,
    influence: influenceOf(ablations),
    sweeps,
    frontier,
    correspondence,
    counts: { computed: after.computed - before.computed, read: after.read - before.read },
    seconds: (performance.now() - started) / 1000,
  };
}

/** The set request of a study set. */
function setSpec(set: StudySet, { helpful, harmless, mixed }: StudySelections): NeuronSetSpec {
  switch (set) {
    case 'TOP_HELPFUL':
      return { kind: 'TOP', of: 'HELPFUL', helpful };
    case 'TOP_HARMLESS':
      return { kind: 'TOP', of: 'HARMLESS', harmless };
    case 'TOP_MIXED':
      return { kind: 'TOP', of: 'MIXED', mixed };
    case 'ONLY_HELPFUL':
      return { kind: 'ONLY', of: 'HELPFUL', helpful, harmless };
    case 'ONLY_HARMLESS':
      return { kind: 'ONLY', of: 'HARMLESS', helpful, harmless };
    case 'SHARED':
      return { kind: 'SHARED', helpful, harmless };
  }
}

/** Influence: SHARED and both ONLY sets, per neuron, against their matched random controls. */
function influenceOf(ablations: readonly StudyAblation[]): StudyInfluence[] {
  return ablations
    .filter((a) => a.set === 'SHARED' || a.set === 'ONLY_HELPFUL' || a.set === 'ONLY_HARMLESS')
    .map((a) => ({
      model: a.model,
      dataset: a.dataset,
      set: a.set,
      neurons: a.neurons,
      deltaPerNeuron: a.deltaPerNeuron,
      controlDeltaPerNeuron: a.controlMeanDelta === null || a.neurons === 0 ? null : a.controlMeanDelta / a.neurons,
    }));
}
