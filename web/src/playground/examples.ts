/**
 * The playground's saved example queries, one per thing the study asks. Their variables name
 * the loaded zoo's models and datasets (see shared/studyIds.ts), so each runs as it stands.
 */
import type { studyIds } from '../shared/studyIds.ts';

export interface Example {
  title: string;
  description: string;
  query: string;
  variables: Record<string, unknown>;
}

type Ids = ReturnType<typeof studyIds>;

const selection = (model: string | undefined, dataset: string | undefined, topPercent = 5) => ({ model, dataset, method: 'CONTRAST', topPercent });

export function examples(ids: Ids): Example[] {
  const helpful = selection(ids.helpfulModel, ids.helpfulDataset);
  const harmless = selection(ids.harmlessModel, ids.harmlessDataset);
  return [
    {
      title: 'Tension table',
      description: 'Every model on every held-out dataset, with 95% CIs, and the interference of mixing.',
      query: `query Tension($zoo: ID) {
  tension(zoo: $zoo) {
    rows {
      model { id objective }
      dataset { id objective }
      evaluation { accuracy accuracyLow accuracyHigh meanMargin pairs }
    }
    interference { objective single { id } mixed { id } delta deltaLow deltaHigh pairs }
  }
}`,
      variables: { zoo: ids.zoo },
    },
    {
      title: 'Top neurons',
      description: "The helpful RM's top 5% neurons by CONTRAST score on the helpful train part, first page.",
      query: `query TopNeurons($model: ID!, $dataset: ID!) {
  model(id: $model) {
    id
    neuronsConnection(dataset: $dataset, method: CONTRAST, topPercent: 5, first: 20) {
      totalCount
      edges { node { rank score neuron { layer index site } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`,
      variables: { model: ids.helpfulModel, dataset: ids.helpfulDataset },
    },
    {
      title: 'Overlap',
      description: 'Helpful vs harmless top sets: sizes, Jaccard, the shared count expected by chance and its p-value.',
      query: `query Overlap($helpful: NeuronSelectionInput!, $harmless: NeuronSelectionInput!) {
  overlap(helpful: $helpful, harmless: $harmless) {
    helpfulOnly harmlessOnly shared total jaccard
    sharedShareOfHelpful sharedShareOfHarmless expectedShared pValue
    sharedNeurons(first: 10) { layer index }
  }
}`,
      variables: { helpful, harmless },
    },
    {
      title: 'Ablation with controls',
      description: 'Zero-ablate the SHARED set in the mixed RM on the harmless held-out part, against 10 size-matched random sets.',
      query: `query Ablation($model: ID!, $dataset: ID!, $helpful: NeuronSelectionInput!, $harmless: NeuronSelectionInput!) {
  ablation(model: $model, dataset: $dataset, set: { kind: SHARED, helpful: $helpful, harmless: $harmless }, mode: ZERO, controls: 10) {
    neurons pairs baselineAccuracy accuracy deltaAccuracy deltaLow deltaHigh
    controls controlMeanDelta controlStdDelta zScore cached
  }
}`,
      variables: { model: ids.mixedModel, dataset: ids.harmlessDataset, helpful, harmless },
    },
    {
      title: 'p-sweep',
      description: 'TOP, ONLY and SHARED zero-ablated at p = 2 … 30% (and ALL) in the mixed RM, on the helpful held-out part.',
      query: `query Sweep($model: ID!, $dataset: ID!, $helpful: NeuronSelectionInput!, $harmless: NeuronSelectionInput!) {
  pSweep(model: $model, dataset: $dataset, helpful: $helpful, harmless: $harmless) {
    percent kind of accuracy deltaAccuracy
  }
}`,
      variables: { model: ids.mixedModel, dataset: ids.helpfulDataset, helpful, harmless },
    },
    {
      title: 'Frontier',
      description: 'Scale the SHARED neurons of the mixed RM by α: helpful vs harmless accuracy.',
      query: `query Frontier($model: ID!, $helpfulData: ID!, $harmlessData: ID!, $helpful: NeuronSelectionInput!, $harmless: NeuronSelectionInput!) {
  frontier(model: $model, helpful: $helpfulData, harmless: $harmlessData,
           set: { kind: SHARED, helpful: $helpful, harmless: $harmless }) {
    alpha helpfulAccuracy harmlessAccuracy helpfulDelta harmlessDelta
  }
}`,
      variables: { model: ids.mixedModel, helpfulData: ids.helpfulDataset, harmlessData: ids.harmlessDataset, helpful, harmless },
    },
    {
      title: "A neuron's top examples",
      description: 'The texts that excite neuron (0, 0) of the helpful RM most, with per-token activations.',
      query: `query NeuronExamples($model: ID!, $dataset: ID!) {
  neuron(model: $model, layer: 0, index: 0) {
    site
    topExamples(dataset: $dataset, first: 3) {
      totalCount
      edges { node { rank value side prompt response tokens { text activation response } } }
    }
    histogram(dataset: $dataset, bins: 16) { lo hi texts counts }
  }
}`,
      variables: { model: ids.helpfulModel, dataset: ids.helpfulDataset },
    },
    {
      title: 'Job poll',
      description: 'A slow request answers COMPUTE_PENDING with extensions.jobId: poll that job here (recent jobs listed first).',
      query: `query Jobs($id: ID!) {
  job(id: $id) { id kind state progress message error createdAt startedAt finishedAt }
  jobs { id kind state progress }
}`,
      variables: { id: 'paste-a-job-id' },
    },
  ];
}
