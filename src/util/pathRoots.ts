/**
 * Confining user-given paths to allowed folders ("roots"). The check runs on real paths
 * (symlinks resolved) on both sides, so neither `..`, nor a symlink inside a root that points
 * outside it, nor a root reached through a symlink can fool it; and it compares whole path
 * components, so `/data-evil` is not inside `/data`.
 */
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { BadUserInputError, NotFoundError } from '../errors.ts';

/** Whether `path` is `root` or lies below it (both absolute and normalised). */
function isWithin(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

/** The real path of an existing path; null when it (or a folder on the way) does not exist. */
function realOrNull(path: string): string | null {
  try {
    return realpathSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw err;
  }
}

/**
 * Resolves a user-given `path` (relative to `base`, default the current directory) and returns
 * its real path when that lies inside one of `roots` (a root that does not exist holds
 * nothing). A path outside every root is a BadUserInputError naming the path and the roots; a
 * path that does not exist is a NotFoundError naming it — but only when it would lie inside a
 * root, so the error cannot be used to probe which files exist elsewhere.
 */
export function confinePath(path: string, roots: readonly string[], base: string = process.cwd()): string {
  const absolute = resolve(base, path);
  const realRoots = roots.map((root) => realOrNull(resolve(root))).filter((root) => root !== null);
  const inRoots = (real: string) => realRoots.some((root) => isWithin(real, root));
  const real = realOrNull(absolute);
  if (real !== null && inRoots(real)) return real;
  if (real === null) {
    // A missing path would lie where its nearest existing ancestor really is ('/' always exists).
    let ancestor = dirname(absolute);
    let realAncestor = realOrNull(ancestor);
    while (realAncestor === null) realAncestor = realOrNull((ancestor = dirname(ancestor)));
    if (inRoots(realAncestor)) throw new NotFoundError(`no such file: ${absolute}`);
  }
  throw new BadUserInputError(`${path} (${real ?? absolute}) is outside the allowed folders: ${roots.join(', ') || '(none)'}`);
}
