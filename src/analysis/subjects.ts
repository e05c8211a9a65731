/**
 * Subjects: a model id or a dataset reference resolved once per call into what every later
 * step needs — the model's registry entry and file sha256, a dataset part's pairs and content
 * hashes. Resolving once means one file-hash lookup per model per request, and that the cache
 * key and the computation read the same subject.
 *
 * Parts (rmlens.md §2): scores, selections and MEAN fills read the `train` part; evaluations,
 * ablations and correspondence read the evaluation part — the held-out 20%, or every pair of
 * an evaluation-only dataset (part `all`), which never feeds the train side.
 */
import type { Dataset, Part, PreferencePair } from '../data/types.ts';
import { BadUserInputError } from '../errors.ts';
import type { ModelEntry, ModelRegistry } from './modelRegistry.ts';

/** Finds a dataset by reference (`default/helpful`, `hh-rlhf/harmless-base`, a file, a registered id). */
export type DatasetResolver = (ref: string) => Promise<Dataset> | Dataset;

/** A model as a request uses it: its entry and the sha256 its results are keyed by. */
export interface ModelSubject {
  id: string;
  entry: ModelEntry;
  sha256: string;
}

/** Which pairs of a dataset a part holds. */
export type PartName = 'train' | 'heldOut' | 'all';

/** Cache-key form of a dataset part: the dataset's content hash, the part and that part's hash. */
export interface PartKey {
  dataset: string;
  part: PartName;
  pairs: string;
}

/** A dataset part as a request uses it. */
export interface PartSubject {
  ref: string;
  dataset: Dataset;
  pairs: readonly PreferencePair[];
  key: PartKey;
}

/** Resolves model ids and dataset references into subjects. */
export class Subjects {
  constructor(
    private readonly models: ModelRegistry,
    private readonly resolveDataset: DatasetResolver,
  ) {}

  /** The model `id` with its file's current sha256 (NotFoundError for an unknown id). */
  async model(id: string): Promise<ModelSubject> {
    const entry = this.models.get(id);
    return { id: entry.id, entry, sha256: await this.models.sha256(entry.id) };
  }

  /** The base `model` was fine-tuned from; BadUserInputError when it has none (CHANGE needs one). */
  async baseOf(model: ModelSubject): Promise<ModelSubject> {
    if (model.entry.baseId === null) throw new BadUserInputError(`model '${model.id}' has no base model, so CHANGE scores cannot be computed`);
    return this.model(model.entry.baseId);
  }

  /** A dataset by reference. */
  async dataset(ref: string): Promise<Dataset> {
    return this.resolveDataset(ref);
  }

  /** The train part of `ref`: BadUserInputError for an evaluation-only dataset or an empty part. */
  async trainPart(ref: string): Promise<PartSubject> {
    const dataset = await this.dataset(ref);
    if (dataset.evaluationOnly) {
      throw new BadUserInputError(`dataset '${ref}' is evaluation-only: it never feeds scores, selections or MEAN fills (use a dataset with a train part)`);
    }
    return part(ref, dataset, 'train', dataset.train, dataset.partHashes.train);
  }

  /** The part evaluations and ablations read: held-out, or every pair of an evaluation-only dataset. */
  async evaluationPart(ref: string): Promise<PartSubject> {
    const dataset = await this.dataset(ref);
    return part(ref, dataset, dataset.evaluationOnly ? 'all' : 'heldOut', dataset.heldOut, dataset.partHashes.heldOut);
  }

  /** The part a caller names: `train` as trainPart, `heldOut` as evaluationPart (all pairs of an evaluation-only dataset). */
  async namedPart(ref: string, which: Part): Promise<PartSubject> {
    return which === 'train' ? this.trainPart(ref) : this.evaluationPart(ref);
  }
}

function part(ref: string, dataset: Dataset, name: PartName, pairs: readonly PreferencePair[], hash: string): PartSubject {
  if (pairs.length === 0) throw new BadUserInputError(`dataset '${ref}' has no ${name === 'train' ? 'train' : 'held-out'} pairs`);
  return { ref, dataset, pairs, key: { dataset: dataset.contentHash, part: name, pairs: hash } };
}
