/**
 * Generic preference JSONL: one `{prompt, chosen, rejected}` object a line (extra fields are
 * ignored); the objective is the caller's. Texts are kept verbatim: the file's author decides
 * the prompt format (HH-style "\n\nHuman: …\n\nAssistant:" prompts with responses starting
 * with a space match the other sources best).
 */
import { z } from 'zod';
import { readJsonl } from './jsonl.ts';
import { PairCollector, parseRow, type LoadedPairs } from './pairs.ts';

const GenericRow = z.object({ prompt: z.string(), chosen: z.string(), rejected: z.string() });

/** Loads a generic `{prompt, chosen, rejected}` `.jsonl(.gz)` file; pairs with chosen == rejected are dropped. */
export async function loadGenericJsonl(file: string): Promise<LoadedPairs> {
  const collector = new PairCollector();
  for await (const record of readJsonl(file)) {
    const row = parseRow(GenericRow, record, file);
    collector.add({ prompt: row.prompt, chosen: row.chosen, rejected: row.rejected });
  }
  return collector.result();
}
