/**
 * The study a dashboard URL describes: its controls with every empty id filled from the zoo's
 * roles, and the selections the views ask the API about.
 */
import { studyIds, type Catalog } from '../shared/studyIds.ts';
import type { Controls } from './urlState.ts';

export interface Study extends Controls {
  helpful: Selection;
  harmless: Selection;
  /** The mixed RM's own selection: scored on both objectives' train parts, pooled, as it was trained. */
  mixed: Selection;
}

export interface Selection {
  model: string;
  dataset: string;
  method: Controls['method'];
  topPercent: number;
  pooledWith?: string[];
}

/** The controls with their defaults resolved; null when the zoo lacks a role (e.g. no models loaded). */
export function resolveStudy(controls: Controls, catalog: Catalog): Study | null {
  const ids = studyIds(catalog, controls.zoo || catalog.zoos[0]);
  const resolved = {
    ...controls,
    zoo: ids.zoo ?? '',
    helpfulModel: controls.helpfulModel || ids.helpfulModel || '',
    harmlessModel: controls.harmlessModel || ids.harmlessModel || '',
    model: controls.model || ids.mixedModel || '',
    helpfulDataset: controls.helpfulDataset || ids.helpfulDataset || '',
    harmlessDataset: controls.harmlessDataset || ids.harmlessDataset || '',
  };
  if (!resolved.helpfulModel || !resolved.harmlessModel || !resolved.model || !resolved.helpfulDataset || !resolved.harmlessDataset) return null;
  const selection = (model: string, dataset: string): Selection => ({ model, dataset, method: controls.method, topPercent: controls.topPercent });
  return {
    ...resolved,
    helpful: selection(resolved.helpfulModel, resolved.helpfulDataset),
    harmless: selection(resolved.harmlessModel, resolved.harmlessDataset),
    // The zoo's mixed RM; the ablated RM stands in where the zoo names none (models loaded alone).
    mixed: { ...selection(ids.mixedModel ?? resolved.model, resolved.helpfulDataset), pooledWith: [resolved.harmlessDataset] },
  };
}

/** Props every study view gets. */
export interface ViewContext {
  study: Study;
  catalog: Catalog;
  /** Opens another dashboard path (the neuron page). */
  navigate: (path: string) => void;
}
