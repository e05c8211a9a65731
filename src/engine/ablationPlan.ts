/**
 * Which graph runs each ablation condition, chosen per condition so that none pays for work
 * its numbers do not need (all exact: every number equals that of `X · keep + fill` at every
 * site of the whole model, see the tests in test/engine-ablation.test.ts):
 * - the edit of each site (src/engine/instrument.ts SiteEdit): none where the condition is the
 *   identity, the keep folded into the consuming MatMul's weight for 0/1 keeps with zero fill,
 *   a product without the sum for zero fills, the full `X · keep + fill` otherwise;
 * - the cut: the graph is split at the first site the condition edits (the site whose prefix
 *   is largest among those that compute no edited site), so the prefix runs once per batch for
 *   every condition with that cut and only the suffix runs per condition. A condition that
 *   edits nothing is the plain model.
 */
import type { SiteEdit } from './instrument.ts';
import type { AblationCondition, NeuronSite } from './types.ts';

/** How one condition runs. */
export interface ConditionPlan {
  /** The site index to cut at; -1: the whole model; null: the identity (the plain model's rewards). */
  cut: number | null;
  /** The edit of every site, by layer ('none' for every site the prefix computes). */
  edits: SiteEdit[];
  /** The session variant's key: conditions with the same key run the same graph. */
  key: string;
}

/** What the planner knows of a model's splits: per site, whether a cut there exists, its prefix size and the other sites its prefix computes. */
export interface CutInfo {
  prefixNodes: number;
  prefixSites: readonly number[];
}

/** The edit a condition needs at one site. */
export function siteEdit(condition: AblationCondition, site: NeuronSite, foldable: boolean): SiteEdit {
  const { keep, fill } = condition;
  let identity = true;
  let zeroOne = true;
  let zeroFill = true;
  for (let j = site.offset; j < site.offset + site.width; j++) {
    const k = keep[j];
    if (fill[j] !== 0) zeroFill = false;
    if (k !== 1) identity = false;
    if (k !== 0 && k !== 1) zeroOne = false;
  }
  if (identity && zeroFill) return 'none';
  if (!zeroFill) return 'general';
  return foldable && zeroOne ? 'fold' : 'scale';
}

/** The plan of one condition given the model's sites, which of them fold, and its cuts (null where none). */
export function planCondition(
  condition: AblationCondition,
  sites: readonly NeuronSite[],
  foldable: readonly boolean[],
  cuts: readonly (CutInfo | null)[],
): ConditionPlan {
  const edits = sites.map((site, i) => siteEdit(condition, site, foldable[i]));
  const edited = edits.flatMap((e, i) => (e === 'none' ? [] : [i]));
  if (edited.length === 0) return { cut: null, edits, key: 'identity' };
  let cut = -1;
  let best = -1;
  cuts.forEach((info, at) => {
    if (!info || info.prefixNodes <= best) return;
    if (edited.some((i) => info.prefixSites.includes(i))) return;
    cut = at;
    best = info.prefixNodes;
  });
  return { cut, edits, key: `${cut}|${edits.join(',')}` };
}
