/**
 * Confining user-given paths to allowed folders ("roots"). The check runs on real paths
 * (symlinks resolved) on both sides, so neither `..`, nor a symlink inside a root that points
 * outside it, nor a root reached through a symlink can fool it; and it compares whole path
 * components, so `/data-evil` is not inside `/data`.
 */
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { BadUserInputError, NotFoundError } from '../errors.ts';

/** Whether `path` is `root` or lies below it (both absolute and normalised). */
function isWithin(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

/**
 * realpath errors that mean "no file is there": the path (or a folder on the way) does not
 * exist, a name on it is longer than the file system allows, or its symlinks loop. A path comes
 * from a client (a dataset reference is any string), so each of these must be a NOT_FOUND
 * answer, not an unexpected error: the server would mask it as INTERNAL_SERVER_ERROR.
 */
const NO_FILE_CODES = new Set(['ENOENT', 'ENOTDIR', 'ENAMETOOLONG', 'ELOOP']);

/** The real path of an existing path; null when no file is there (NO_FILE_CODES). */
function realOrNull(path: string): string | null {
  try {
    return realpathSync(path);
  } catch (err) {
    if (NO_FILE_CODES.has((err as NodeJS.ErrnoException).code ?? '')) return null;
    throw err;
  }
}

/**
 * Resolves a user-given `path` (relative to `base`, default the current directory) and returns
 * its real path when that lies inside one of `roots` (a root that does not exist holds
 * nothing). A path that does not exist is a NotFoundError naming it; one outside every root, or
 * one holding a NUL byte, is a BadUserInputError naming the path (and the roots).
 */
export function confinePath(path: string, roots: readonly string[], base: string = process.cwd()): string {
  // No file name holds a NUL byte, and Node throws a TypeError for one before the file system is
  // asked; a client sends it to cut a path short, so it is refused as the bad input it is.
  if (path.includes('\0')) throw new BadUserInputError(`${JSON.stringify(path)} holds a NUL byte, which no file name can`);
  const absolute = resolve(base, path);
  const real = realOrNull(absolute);
  if (real === null) throw new NotFoundError(`no such file: ${absolute}`);
  const realRoots = roots.map((root) => realOrNull(resolve(root))).filter((root) => root !== null);
  if (!realRoots.some((root) => isWithin(real, root))) {
    const shown = real === path ? path : `${path} (really ${real})`;
    throw new BadUserInputError(`${shown} is outside the allowed folders: ${roots.join(', ') || '(none)'}`);
  }
  return real;
}
