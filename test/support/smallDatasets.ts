/**
 * Built-in datasets cut to their first pairs, as datasets of their own (their own content and
 * part hashes): tests that run real ONNX models over many conditions stay fast on two cores.
 */
import { pairsHash } from '../../src/data/dataset.ts';
import { resolveDataset } from '../../src/data/registry.ts';
import type { Dataset } from '../../src/data/types.ts';

/** A dataset resolver that keeps the first `trainPairs` and `heldOutPairs` of each built-in dataset. */
export function smallDatasets(trainPairs: number, heldOutPairs: number): (ref: string) => Promise<Dataset> {
  return async (ref) => {
    const full = await resolveDataset(ref);
    const train = full.train.slice(0, trainPairs);
    const heldOut = full.heldOut.slice(0, heldOutPairs);
    return { ...full, train, heldOut, evaluationOnly: false, contentHash: pairsHash([...train, ...heldOut]), partHashes: { train: pairsHash(train), heldOut: pairsHash(heldOut) } };
  };
}
