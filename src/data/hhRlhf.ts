/**
 * HH-RLHF loader. A row is `{chosen, rejected}`, two whole transcripts sharing every turn but
 * the last Assistant turn. Each is split at its last "\n\nAssistant:": the prompt is
 * everything up to and including that marker; the response is everything after it, kept
 * verbatim (HH responses start with a space), so `prompt + response` is the original
 * transcript and GPT-2 tokenises the response as the natural continuation of the prompt.
 */
import { z } from 'zod';
import { readRecords, type DataRecord } from './jsonl.ts';
import { PairCollector, parseRow, type LoadedPairs } from './pairs.ts';

/** The marker that opens an assistant turn in HH-style transcripts. */
export const ASSISTANT_MARKER = '\n\nAssistant:';

const HhRow = z.object({ chosen: z.string(), rejected: z.string() });

/** Splits a transcript at its last Assistant marker; null when it has none. */
export function splitTranscript(transcript: string): { prompt: string; response: string } | null {
  const at = transcript.lastIndexOf(ASSISTANT_MARKER);
  if (at < 0) return null;
  const end = at + ASSISTANT_MARKER.length;
  return { prompt: transcript.slice(0, end), response: transcript.slice(end) };
}

/** Adds one HH row to a collector: a pair, or a drop with its reason. */
export function collectHhRow(collector: PairCollector, chosen: string, rejected: string): void {
  if (chosen === rejected) return collector.drop('identical');
  const c = splitTranscript(chosen);
  const r = splitTranscript(rejected);
  if (!c || !r) return collector.drop('noAssistantTurn');
  if (c.prompt !== r.prompt) return collector.drop('promptMismatch');
  collector.add({ prompt: c.prompt, chosen: c.response, rejected: r.response });
}

/**
 * Loads an HH-RLHF file (JSON Lines or a JSON array, `.gz` or not) into pairs, counting what it
 * drops. `records`: the file's records, when the caller has already started reading them.
 */
export async function loadHhRlhf(file: string, records: AsyncIterable<DataRecord> = readRecords(file)): Promise<LoadedPairs> {
  const collector = new PairCollector();
  for await (const record of records) {
    const row = parseRow(HhRow, record, file);
    collectHhRow(collector, row.chosen, row.rejected);
  }
  return collector.result();
}
