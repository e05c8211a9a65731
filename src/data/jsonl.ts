/**
 * JSON Lines reading, plain or gzip (by the `.gz` suffix), streamed. Every line is a record:
 * a line that is empty or not valid JSON is an error naming the file and the line number,
 * never skipped, so a damaged file cannot quietly shrink a dataset.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** A problem in a data file, located by file and (when known) 1-based line number. */
export class DataFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    detail: string,
  ) {
    super(`${file}${line === null ? '' : `:${line}`}: ${detail}`);
    this.name = 'DataFileError';
  }
}

export interface JsonlRecord {
  /** 1-based line number in the (decompressed) file. */
  line: number;
  value: unknown;
}

/** Streams the records of a `.jsonl` or `.jsonl.gz` file in file order. */
export async function* readJsonl(file: string): AsyncGenerator<JsonlRecord> {
  const raw = createReadStream(file);
  let source: Readable = raw;
  if (file.endsWith('.gz')) {
    const gunzip = createGunzip();
    // A read error on the file must reach the consumer, which only listens to the gunzip stream.
    raw.on('error', (err) => gunzip.destroy(err));
    source = raw.pipe(gunzip);
  }
  const lines = createInterface({ input: source, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (let text of lines) {
      line++;
      if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text.trim() === '') throw new DataFileError(file, line, 'empty line (every line of a JSONL file must be one JSON record)');
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (err) {
        throw new DataFileError(file, line, `malformed JSON (${(err as Error).message})`);
      }
      yield { line, value };
    }
  } catch (err) {
    if (err instanceof DataFileError) throw err;
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') throw new DataFileError(file, null, 'file not found');
    throw new DataFileError(file, null, `cannot read${line > 0 ? ` past line ${line}` : ''} (${e.message})`);
  } finally {
    lines.close();
    source.destroy();
    raw.destroy();
  }
}
