/**
 * The model store (RMLENS_MODEL_STORE): a folder every machine mounts (NFS, a shared volume),
 * holding each model file once under its content hash, `<sha256>.onnx`. A server puts every model
 * it sends work for; a worker opens models only from here, by the hash the call names, after
 * checking that the file holds that content. So a worker never follows a path another machine
 * wrote, and a damaged or foreign file is refused (ModelChangedError), never computed on.
 */
import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { BadUserInputError, ModelChangedError, NotFoundError } from '../errors.ts';
import { sha256File } from '../util/hash.ts';

const SHA256 = /^[0-9a-f]{64}$/;

export class ModelStore {
  /** Absolute path of the folder. */
  readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  /** Where the model with this content lies (whether or not it has been put yet). */
  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new BadUserInputError(`not a sha256: '${sha256}'`);
    return join(this.dir, `${sha256}.onnx`);
  }

  /**
   * Puts the file at `path`, whose content hash the caller computed, under that hash. A file
   * already there is kept when it holds that content and replaced when it does not (a damaged
   * copy). The copy is written beside its final name and renamed, so a worker never sees half a model.
   */
  async put(path: string, sha256: string): Promise<string> {
    const target = this.pathOf(sha256);
    if (await this.holds(target, sha256)) return target;
    await mkdir(this.dir, { recursive: true });
    const partial = `${target}.${randomUUID()}.partial`;
    try {
      await copyFile(path, partial);
      await rename(partial, target);
    } finally {
      await rm(partial, { force: true });
    }
    return target;
  }

  /**
   * The path of the model with this content, for a worker: NotFoundError when it is missing (the
   * folder is not the one the servers write), ModelChangedError when the file holds other bytes.
   * Checked once per version (size, mtime) of the file per process.
   */
  async verified(sha256: string): Promise<string> {
    const target = this.pathOf(sha256);
    if (!(await exists(target))) {
      throw new NotFoundError(`model ${sha256} is not in the model store ${this.dir}: RMLENS_MODEL_STORE must be the folder the servers write`);
    }
    if (!(await this.holds(target, sha256))) {
      throw new ModelChangedError(`model store file ${target} does not hold the model it is named after; a server asking for it again replaces it`);
    }
    return target;
  }

  /** File versions known to hold their hash, by `path:size:mtime`. */
  private readonly checked = new Set<string>();

  private async holds(target: string, sha256: string): Promise<boolean> {
    let version: string;
    try {
      const s = await stat(target);
      version = `${target}:${s.size}:${s.mtimeMs}`;
    } catch {
      return false;
    }
    if (this.checked.has(version)) return true;
    if ((await sha256File(target)) !== sha256) return false;
    this.checked.add(version);
    return true;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
