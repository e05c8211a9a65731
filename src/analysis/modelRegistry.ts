/**
 * The models the service knows: entries read from zoo folders (`zoo.json`, docs/contracts.md),
 * identified by file sha256 through the store's (path, size, mtime) table, and opened in the
 * engine only when a computation needs them — a warm request never loads a model.
 */
import { basename, resolve } from 'node:path';
import { BadUserInputError, ComputeFailedError, ModelChangedError, NotFoundError, RmlensError } from '../errors.ts';
import type { PreferencePair } from '../data/types.ts';
import type { ResultStore } from '../db/store.ts';
import type {
  AblationCondition,
  CorrelationStats,
  MarginCorrelation,
  NeuronExamples,
  NeuronSite,
  NeuronStats,
  OnProgress,
  PairRewards,
  TextInput,
  TokenActivations,
} from '../engine/types.ts';
import { readZooManifest, zooName } from '../train/zooManifest.ts';
import { profiledAsync } from '../util/profile.ts';
import type { Objective, ZooRole } from '../vocabulary.ts';

/**
 * What the service asks of a loaded model: the engine's `RewardModel` satisfies it, and tests
 * pass fakes that count calls.
 */
export interface EngineModel {
  readonly sha256: string;
  readonly sites: NeuronSite[];
  readonly neuronCount: number;
  readonly metadata: Record<string, string>;
  rewards(pairs: readonly PreferencePair[], options?: { onProgress?: OnProgress }): Promise<PairRewards>;
  neuronStats(pairs: readonly PreferencePair[], options?: { base?: EngineModel; onProgress?: OnProgress }): Promise<NeuronStats>;
  ablatedRewards(pairs: readonly PreferencePair[], conditions: readonly AblationCondition[], options?: { onProgress?: OnProgress }): Promise<PairRewards[]>;
  correlation(other: EngineModel, pairs: readonly PreferencePair[], options?: { onProgress?: OnProgress }): Promise<CorrelationStats>;
  marginCorrelation(pairs: readonly PreferencePair[], options?: { onProgress?: OnProgress }): Promise<MarginCorrelation>;
  neuronExamples(pairs: readonly PreferencePair[], options: { k: number; onProgress?: OnProgress }): Promise<NeuronExamples>;
  tokenActivations(texts: readonly TextInput[], neurons: readonly number[]): Promise<TokenActivations[]>;
  close(): Promise<void>;
}

/** Opens a model file in the engine. */
export type ModelLoader = (path: string) => Promise<EngineModel>;

/** A model the service can analyse. */
export interface ModelEntry {
  /** `<zoo name>/<role>` for zoo models (e.g. `default/mixed`, `default-seed2/mixed`). */
  id: string;
  name: string;
  objective: Objective;
  /** Its role in a zoo; null for a model registered from a file. */
  role: ZooRole | null;
  path: string;
  /** Id of the model it was fine-tuned from (CHANGE scores compare against it), or null. */
  baseId: string | null;
}

/** What a zoo folder declares: its models and the dataset refs each objective was trained on. */
export interface Zoo {
  dir: string;
  /** The id prefix of its models (`<name>/<role>`): by default zooName(data, seed) (`default`, `default-seed2`, `hh-rlhf`). */
  name: string;
  data: string;
  models: ModelEntry[];
  datasets: { helpful: string[]; harmless: string[] };
}

/**
 * Reads `zoo.json` of a zoo folder into model entries named `<name>/<role>` (`name` defaults to
 * zooName(data, seed)); NotFoundError when the folder holds none.
 */
export function readZoo(dir: string, name?: string): Zoo {
  const absolute = resolve(dir);
  const manifest = readZooManifest(absolute);
  const prefix = name ?? zooName(manifest.data, manifest.seed);
  const idOf = (role: ZooRole) => `${prefix}/${role}`;
  const models = manifest.models.map((m): ModelEntry => ({
    id: idOf(m.role),
    name: `${prefix} ${m.role} (${basename(m.file)})`,
    objective: m.objective,
    role: m.role,
    path: resolve(absolute, m.file),
    baseId: m.base === null ? null : idOf(m.base),
  }));
  return { dir: absolute, name: prefix, data: manifest.data, models, datasets: manifest.datasets };
}

/** The entry of a model file given by path: its id is the real path, so two spellings of one file are one model. */
export function modelFileEntry(realPath: string, { objective, baseId }: { objective: Objective; baseId: string | null }): ModelEntry {
  return { id: realPath, name: basename(realPath), objective, role: null, path: realPath, baseId };
}

/** Model entries by id, their file hashes, and the engine models opened so far. */
export class ModelRegistry {
  private readonly entries = new Map<string, ModelEntry>();
  private readonly opened = new Map<string, { sha256: string; model: Promise<EngineModel> }>();
  /** Folder of each zoo added, by name: two folders must never share one name (their ids would). */
  private readonly zooDirs = new Map<string, string>();

  constructor(
    private readonly store: ResultStore,
    private readonly load: ModelLoader,
  ) {}

  /**
   * Adds every model of a zoo (ids `<name>/<role>`, see readZoo); adding the same folder again
   * replaces its models. BadUserInputError when another folder already holds that name (e.g. two
   * zoos of one data and seed), rather than letting one zoo's models answer for the other's ids.
   */
  addZoo(dir: string, name?: string): Zoo {
    const zoo = readZoo(dir, name);
    const holder = this.zooDirs.get(zoo.name);
    if (holder !== undefined && holder !== zoo.dir) {
      throw new BadUserInputError(`zoos ${holder} and ${zoo.dir} are both named '${zoo.name}' (same data and seed): their model ids would collide`);
    }
    this.zooDirs.set(zoo.name, zoo.dir);
    for (const entry of zoo.models) this.add(entry);
    return zoo;
  }

  /** Adds (or replaces) one model entry. */
  add(entry: ModelEntry): void {
    this.entries.set(entry.id, entry);
  }

  /** Forgets a model and closes its engine model if one is open; false when `id` was unknown. */
  async remove(id: string): Promise<boolean> {
    if (!this.entries.delete(id)) return false;
    const current = this.opened.get(id);
    this.opened.delete(id);
    await (await current?.model.catch(() => null))?.close();
    return true;
  }

  /** Whether `id` is a known model. */
  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** Every known model, in the order added. */
  list(): ModelEntry[] {
    return [...this.entries.values()];
  }

  /** The entry of `id`; throws NotFoundError naming the known ids. */
  get(id: string): ModelEntry {
    const entry = this.entries.get(id);
    if (!entry) throw new NotFoundError(`unknown model '${id}'; known: ${[...this.entries.keys()].join(', ') || 'none'}`);
    return entry;
  }

  /** sha256 of the model's file (from the store's file table when the file is unchanged). */
  sha256(id: string): Promise<string> {
    return this.store.fileSha256(this.get(id).path);
  }

  /**
   * The engine model of `id` whose content is `keyedSha`, the hash the caller built its cache
   * key from. Throws ModelChangedError when the file no longer holds that content (replaced
   * between keying and computing), so a result is never stored under another file's key.
   */
  async open(id: string, keyedSha: string): Promise<EngineModel> {
    const model = await this.openCurrent(id);
    if (model.sha256 !== keyedSha) {
      throw new ModelChangedError(`model '${id}' changed during the request (sha256 ${model.sha256}, keyed as ${keyedSha}); retry`);
    }
    return model;
  }

  /**
   * The engine model of `id`, loaded once per file content: when the file changed since it was
   * opened, the old model is closed and the new file loaded, so a new key never gets old numbers.
   * Throws when the loaded bytes' hash differs from the file hash (the file changed while loading).
   */
  private async openCurrent(id: string): Promise<EngineModel> {
    const entry = this.get(id);
    const expected = await this.sha256(id);
    const current = this.opened.get(id);
    if (current?.sha256 === expected) return current.model;
    if (current) {
      this.opened.delete(id);
      await (await current.model.catch(() => null))?.close();
    }
    const model = (async () => {
      const loaded = await profiledAsync('model load and sessions', () => this.load(entry.path)).catch((error: unknown) => {
        // A file that is not a usable ONNX reward model is the file's problem, not a server bug: say which file and why.
        if (error instanceof RmlensError) throw error;
        throw new ComputeFailedError(`model '${id}' (${entry.path}) could not be loaded: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      });
      if (loaded.sha256 !== expected) {
        await loaded.close();
        throw new ModelChangedError(`model file ${entry.path} changed while loading (sha256 ${loaded.sha256}, expected ${expected})`);
      }
      return loaded;
    })();
    // A failed load is not remembered: the next request tries again.
    model.catch(() => {
      if (this.opened.get(id)?.model === model) this.opened.delete(id);
    });
    this.opened.set(id, { sha256: expected, model });
    return model;
  }

  /** Closes every model opened so far. */
  async closeAll(): Promise<void> {
    const models = [...this.opened.values()];
    this.opened.clear();
    for (const { model } of models) {
      const loaded = await model.catch(() => null);
      await loaded?.close();
    }
  }
}
