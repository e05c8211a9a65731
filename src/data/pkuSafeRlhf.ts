/**
 * PKU-SafeRLHF loader. A row `{prompt, response_0, response_1, better_response_id,
 * safer_response_id}` (other fields ignored) yields one HELPFUL pair (chosen = the better
 * response) and one HARMLESS pair (chosen = the safer response) on the same prompt. The bare
 * prompt becomes an HH-style "\n\nHuman: <prompt>\n\nAssistant:" string and each response gets
 * one leading space, the shape HH-RLHF pairs have, so every source tokenises alike.
 */
import { z } from 'zod';
import { readJsonl } from './jsonl.ts';
import { PairCollector, parseRow, type LoadedPairs } from './pairs.ts';
import type { DataObjective } from '../vocabulary.ts';

const ResponseId = z.union([z.literal(0), z.literal(1)], { message: 'must be 0 or 1' });

const PkuRow = z.object({
  prompt: z.string(),
  response_0: z.string(),
  response_1: z.string(),
  better_response_id: ResponseId,
  safer_response_id: ResponseId,
});

/** Formats a bare user prompt as a one-turn HH-style prompt. */
export function hhPrompt(userText: string): string {
  return `\n\nHuman: ${userText.trim()}\n\nAssistant:`;
}

/** Formats a bare response as it follows an HH-style prompt (one leading space). */
export function hhResponse(text: string): string {
  return ` ${text.trim()}`;
}

/** Loads a PKU-SafeRLHF `.jsonl(.gz)` file into its HELPFUL and HARMLESS pair sets (same prompts, same order). */
export async function loadPkuSafeRlhf(file: string): Promise<Record<DataObjective, LoadedPairs>> {
  const helpful = new PairCollector();
  const harmless = new PairCollector();
  for await (const record of readJsonl(file)) {
    const row = parseRow(PkuRow, record, file);
    const prompt = hhPrompt(row.prompt);
    const responses = [hhResponse(row.response_0), hhResponse(row.response_1)];
    const pairBy = (id: 0 | 1) => ({ prompt, chosen: responses[id], rejected: responses[1 - id] });
    helpful.add(pairBy(row.better_response_id));
    harmless.add(pairBy(row.safer_response_id));
  }
  return { HELPFUL: helpful.result(), HARMLESS: harmless.result() };
}
