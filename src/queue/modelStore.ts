/**
 * The model store (RMLENS_MODEL_STORE): a folder every machine mounts (NFS, a shared volume),
 * holding each model file once under its content hash, `<sha256>.onnx`. A server puts every model
 * it sends work for; a worker opens models only from here, by the hash the call names, and the
 * engine checks the bytes it read against that hash (ModelChangedError otherwise). So a worker
 * never follows a path another machine wrote, and two servers with different checkouts cannot
 * make a worker compute on the wrong model.
 */
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { BadUserInputError } from '../errors.ts';

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
   * already there is kept (same hash, same bytes; the worker's check catches anything else). The
   * copy is written beside its final name and renamed, so a worker never sees half a model.
   */
  async put(path: string, sha256: string): Promise<string> {
    const target = this.pathOf(sha256);
    if (await exists(target)) return target;
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
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
