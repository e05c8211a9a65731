/**
 * How bare prompts and responses (generic and PKU-SafeRLHF files) become model inputs. HH-RLHF
 * transcripts — and so the reference zoo — use "\n\nHuman: …\n\nAssistant:" prompts followed by
 * responses that start with a space; texts in that shape tokenise as every other source does.
 * `hh` (the default) puts texts in that shape; `verbatim` keeps them as the file has them.
 */
import type { PreferencePair } from './types.ts';
import type { PromptForm } from '../vocabulary.ts';


/** The opening of an HH-style prompt; a prompt that starts with it is already in HH form. */
const HUMAN_MARKER = '\n\nHuman:';

/** Formats a bare user prompt as a one-turn HH-style prompt. */
export function hhPrompt(userText: string): string {
  return `${HUMAN_MARKER} ${userText.trim()}\n\nAssistant:`;
}

/** Formats a bare response as it follows an HH-style prompt (trimmed, one leading space). */
export function hhResponse(text: string): string {
  return ` ${text.trim()}`;
}

/**
 * Puts a pair in the given form. `hh` wraps the prompt with hhPrompt unless it already starts
 * with "\n\nHuman:" (a whole conversation must not be wrapped again) and formats both
 * responses with hhResponse; `verbatim` returns the pair unchanged.
 */
export function formPair(pair: PreferencePair, form: PromptForm): PreferencePair {
  if (form === 'verbatim') return pair;
  return {
    prompt: pair.prompt.startsWith(HUMAN_MARKER) ? pair.prompt : hhPrompt(pair.prompt),
    chosen: hhResponse(pair.chosen),
    rejected: hhResponse(pair.rejected),
  };
}
