/** Content hashes: cache keys and provenance are sha256 hex digests. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** sha256 of a string or bytes. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** sha256 of a JSON-serialisable value (key order as given: callers pass canonical objects). */
export function sha256Json(value: unknown): string {
  return sha256(JSON.stringify(value));
}

/** sha256 of a file, streamed. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
