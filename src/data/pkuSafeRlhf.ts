/**
 * PKU-SafeRLHF loader. A row `{prompt, response_0, response_1, better_response_id,
 * safer_response_id}` (other fields ignored) yields one HELPFUL pair (chosen = the better
 * response) and one HARMLESS pair (chosen = the safer response) on the same prompt. Rows hold
 * a bare prompt and bare responses; the prompt form (promptForm.ts) decides their final shape.
 */
import { z } from 'zod';
import { readRecords, type DataRecord } from './jsonl.ts';
import { PairCollector, parseRow, type LoadedPairs } from './pairs.ts';
import { formPair } from './promptForm.ts';
import type { PromptForm } from '../vocabulary.ts';
import type { DataObjective } from '../vocabulary.ts';

const ResponseId = z.union([z.literal(0), z.literal(1)], { message: 'must be 0 or 1' });

const PkuRow = z.object({
  prompt: z.string(),
  response_0: z.string(),
  response_1: z.string(),
  better_response_id: ResponseId,
  safer_response_id: ResponseId,
});

/**
 * Loads a PKU-SafeRLHF file (JSON Lines or a JSON array, `.gz` or not) into its HELPFUL and
 * HARMLESS pair sets (same prompts, same order). `records`: the file's records, when the caller
 * has already started reading them.
 */
export async function loadPkuSafeRlhf(
  file: string,
  form: PromptForm,
  records: AsyncIterable<DataRecord> = readRecords(file),
): Promise<Record<DataObjective, LoadedPairs>> {
  const helpful = new PairCollector();
  const harmless = new PairCollector();
  for await (const record of records) {
    const row = parseRow(PkuRow, record, file);
    const responses = [row.response_0, row.response_1];
    const pairBy = (id: 0 | 1) => formPair({ prompt: row.prompt, chosen: responses[id], rejected: responses[1 - id] }, form);
    helpful.add(pairBy(row.better_response_id));
    harmless.add(pairBy(row.safer_response_id));
  }
  return { HELPFUL: helpful.result(), HARMLESS: harmless.result() };
}
