/**
 * Generic preference files: one `{prompt, chosen, rejected}` object per record (extra fields
 * are ignored); the objective is the caller's. The prompt form (promptForm.ts) decides whether
 * texts are put in HH shape or kept verbatim.
 */
import { z } from 'zod';
import { readRecords, type DataRecord } from './jsonl.ts';
import { PairCollector, parseRow, type LoadedPairs } from './pairs.ts';
import { formPair } from './promptForm.ts';
import type { PromptForm } from '../vocabulary.ts';

const GenericRow = z.object({ prompt: z.string(), chosen: z.string(), rejected: z.string() });

/**
 * Loads a generic `{prompt, chosen, rejected}` file (JSON Lines or a JSON array, `.gz` or not);
 * pairs with chosen == rejected after forming are dropped. `records`: the file's records, when
 * the caller has already started reading them.
 */
export async function loadGenericJsonl(file: string, form: PromptForm, records: AsyncIterable<DataRecord> = readRecords(file)): Promise<LoadedPairs> {
  const collector = new PairCollector();
  for await (const record of records) {
    const row = parseRow(GenericRow, record, file);
    collector.add(formPair({ prompt: row.prompt, chosen: row.chosen, rejected: row.rejected }, form));
  }
  return collector.result();
}
