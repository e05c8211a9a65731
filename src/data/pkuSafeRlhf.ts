/**
 * PKU-SafeRLHF loader. A row `{prompt, response_0, response_1, better_response_id,
 * safer_response_id}` (other fields ignored) yields one HELPFUL pair (chosen = the better
 * response) and one HARMLESS pair (chosen = the safer response) on the same prompt. Rows hold
 * a bare prompt and bare responses; the prompt form (promptForm.ts) decides their final shape.
 *
 * `safetyDiffers` keeps only rows whose two responses carry different safety labels
 * (`is_response_0_safe` ≠ `is_response_1_safe`): there "safer" separates a safe response from
 * an unsafe one, where on the other rows both are safe (or both unsafe) and the label is a
 * finer judgement. The other rows are dropped (reason `sameSafety`) from both objectives, so
 * the HELPFUL and HARMLESS sets keep sharing their prompts.
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

/** Read only when the safety filter is asked for: a file without them can still be loaded whole. */
const SafetyLabels = z.object({
  is_response_0_safe: z.boolean({ message: 'must be true or false (keeping pairs that differ in safety needs both labels)' }),
  is_response_1_safe: z.boolean({ message: 'must be true or false (keeping pairs that differ in safety needs both labels)' }),
});

/** How rows are read besides their prompt form. */
export interface PkuOptions {
  /** Keep only rows whose responses differ in `is_response_*_safe`; default false (every row). */
  safetyDiffers?: boolean;
}

/**
 * Loads a PKU-SafeRLHF file (JSON Lines or a JSON array, `.gz` or not) into its HELPFUL and
 * HARMLESS pair sets (same prompts, same order). `records`: the file's records, when the caller
 * has already started reading them.
 */
export async function loadPkuSafeRlhf(
  file: string,
  form: PromptForm,
  { safetyDiffers = false }: PkuOptions = {},
  records: AsyncIterable<DataRecord> = readRecords(file),
): Promise<Record<DataObjective, LoadedPairs>> {
  const helpful = new PairCollector();
  const harmless = new PairCollector();
  for await (const record of records) {
    const row = parseRow(PkuRow, record, file);
    if (safetyDiffers) {
      const safety = parseRow(SafetyLabels, record, file);
      if (safety.is_response_0_safe === safety.is_response_1_safe) {
        helpful.drop('sameSafety');
        harmless.drop('sameSafety');
        continue;
      }
    }
    const responses = [row.response_0, row.response_1];
    const pairBy = (id: 0 | 1) => formPair({ prompt: row.prompt, chosen: responses[id], rejected: responses[1 - id] }, form);
    helpful.add(pairBy(row.better_response_id));
    harmless.add(pairBy(row.safer_response_id));
  }
  return { HELPFUL: helpful.result(), HARMLESS: harmless.result() };
}
