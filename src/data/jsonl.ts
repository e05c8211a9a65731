/**
 * Record reading for data files, plain or gzip (by the `.gz` suffix). Two containers are
 * read, told apart by the first non-whitespace character of the (decompressed) text:
 *
 * - `[` — one JSON array; every element is a record. The file is read whole, then each
 *   element is parsed on its own so an error names the element and the line it starts on.
 * - anything else — JSON Lines, streamed; every line is a record.
 *
 * A line or element that is empty or not valid JSON is an error naming the file and line,
 * never skipped, so a damaged file cannot quietly shrink a dataset.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { BadUserInputError } from '../errors.ts';

/**
 * A problem in a data file, located by file and (when known) 1-based line number. It is the
 * user's file that is wrong, so it is a BAD_USER_INPUT error.
 */
export class DataFileError extends BadUserInputError {
  constructor(
    readonly file: string,
    readonly line: number | null,
    detail: string,
  ) {
    super(`${file}${line === null ? '' : `:${line}`}: ${detail}`);
  }
}

/** One record of a data file. */
export interface DataRecord {
  /** 1-based line number in the (decompressed) file: the record's line, or the line an array element starts on. */
  line: number;
  /** 0-based index of the element, when the file is a JSON array. */
  element?: number;
  value: unknown;
}

/** An error about one record, located by file, line and (in a JSON array) element index. */
export function recordError(file: string, record: Pick<DataRecord, 'line' | 'element'>, detail: string): DataFileError {
  return new DataFileError(file, record.line, record.element === undefined ? detail : `element [${record.element}]: ${detail}`);
}

/** Streams the records of a JSON Lines or JSON array file (`.gz` for gzip) in file order. */
export async function* readRecords(file: string): AsyncGenerator<DataRecord> {
  const raw = createReadStream(file);
  let source: Readable = raw;
  if (file.endsWith('.gz')) {
    const gunzip = createGunzip();
    // A read error on the file must reach the consumer, which only listens to the gunzip stream.
    raw.on('error', (err) => gunzip.destroy(err));
    source = raw.pipe(gunzip);
  }
  // Decoding to strings here keeps multi-byte characters whole across chunk boundaries.
  const chunks = source.setEncoding('utf8')[Symbol.asyncIterator]() as AsyncIterator<string>;
  let line = 0;
  try {
    let text = '';
    // Read until the first non-whitespace character (a BOM counts as whitespace) decides the container.
    while (!/\S/.test(text)) {
      const next = await chunks.next();
      if (next.done) break;
      text += next.value;
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.trimStart().startsWith('[')) {
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) text += next.value;
      yield* arrayRecords(file, text);
      return;
    }
    // JSON Lines: `text` holds the unfinished last line of what has been read so far.
    for (;;) {
      let start = 0;
      for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
        line++;
        yield { line, value: parseLine(file, line, text.slice(start, end)) };
        start = end + 1;
      }
      text = text.slice(start);
      const next = await chunks.next();
      if (next.done) break;
      text += next.value;
    }
    // A last line without a newline is still a record.
    if (text !== '') {
      line++;
      yield { line, value: parseLine(file, line, text) };
    }
  } catch (err) {
    if (err instanceof DataFileError) throw err;
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') throw new DataFileError(file, null, 'file not found');
    throw new DataFileError(file, null, `cannot read${line > 0 ? ` past line ${line}` : ''} (${e.message})`);
  } finally {
    source.destroy();
    raw.destroy();
  }
}

/** Parses one JSON Lines line (a trailing `\r` of a CRLF file is not part of it). */
function parseLine(file: string, line: number, text: string): unknown {
  if (text.endsWith('\r')) text = text.slice(0, -1);
  if (text.trim() === '') throw new DataFileError(file, line, 'empty line (every line of a JSONL file must be one JSON record)');
  return parseJson(file, { line }, text);
}

function parseJson(file: string, at: Pick<DataRecord, 'line' | 'element'>, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw recordError(file, at, `malformed JSON (${(err as Error).message})`);
  }
}

const newlines = (text: string) => text.split('\n').length - 1;

/**
 * The records of a JSON array file. A scan that tracks strings and nesting finds where each
 * top-level element starts and ends (and on which line), then each element is parsed alone:
 * `JSON.parse` of the whole text would report neither the element nor the line at fault.
 */
function* arrayRecords(file: string, text: string): Generator<DataRecord> {
  let i = text.indexOf('['); // Only whitespace precedes it: the caller checked.
  let line = 1 + newlines(text.slice(0, i));
  let element = 0;
  let start = -1; // Offset where the current element starts; -1 between elements.
  let startLine = line;
  let depth = 0; // Nesting depth inside the current element.
  let inString = false;
  for (i++; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (inString) {
      if (c === '"') inString = false;
      else if (c === '\\' && text[++i] === '\n') line++; // Skip the escaped character.
      continue;
    }
    if (depth === 0 && (c === ',' || c === ']')) {
      const emptyArray = c === ']' && start < 0 && element === 0;
      if (!emptyArray) {
        if (start < 0) throw recordError(file, { line, element }, 'empty element (a stray or trailing comma?)');
        yield { line: startLine, element, value: parseJson(file, { line: startLine, element }, text.slice(start, i)) };
        element++;
        start = -1;
      }
      if (c === ']') {
        const rest = text.slice(i + 1);
        const extra = rest.search(/\S/);
        if (extra >= 0) throw new DataFileError(file, line + newlines(rest.slice(0, extra)), 'text after the closing `]` of the JSON array');
        return;
      }
      continue;
    }
    if (/\s/.test(c)) continue;
    if (start < 0) {
      start = i;
      startLine = line;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (depth === 0) throw recordError(file, { line, element }, `unmatched \`${c}\``);
      depth--;
    }
  }
  throw new DataFileError(file, line, 'the JSON array is not closed by a `]` before the end of the file');
}
