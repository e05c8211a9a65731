/** `Query.correspondence`: per-neuron Pearson r of two models on the same evaluation texts, summarised. */
import type { Cached } from '../../db/resultCache.ts';
import type { CachedRuns, CallOptions } from '../cachedRuns.ts';
import { summarizeCorrelations } from '../correlationSummary.ts';
import type { Correspondence } from '../resultTypes.ts';
import type { ModelSubject, PartSubject } from '../subjects.ts';
import { sameSites } from './sets.ts';

/** Mean and median r, the share above 0.5, and the neuron count; the models must have the same sites. */
export async function correspondence(runs: CachedRuns, a: ModelSubject, b: ModelSubject, part: PartSubject, call: CallOptions): Promise<Cached<Correspondence>> {
  await sameSites(runs, [a, b], 'correspondence');
  // The summary is cheap, so only the correlation row is stored: its provenance is the result's.
  const { value, ...row } = await runs.correlation(a, b, part, call);
  const s = summarizeCorrelations(value.r);
  return { ...row, value: { meanCorrelation: s.mean, medianCorrelation: s.median, shareAboveHalf: s.shareAboveHalf, neurons: s.neurons } };
}
