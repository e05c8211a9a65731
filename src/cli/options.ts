/** Option parsers shared by the command groups: one rule and one message per kind of value. */
import { Option, type Command } from 'commander';
import { BadUserInputError } from '../errors.ts';
import {
  BENCHMARK_PAIRINGS,
  DATASET_FORMATS,
  isOneOf,
  PROMPT_FORMS,
  SCORE_METHODS,
  TIE_RULES,
  type BenchmarkPairing,
  type DatasetFormat,
  type PromptForm,
  type ScoreMethod,
  type TieRule,
} from '../vocabulary.ts';

/** How dataset files are read: what `withFileOptions` adds to a command. */
export interface FileOptions {
  format: DatasetFormat;
  prompt: PromptForm;
  pairing: BenchmarkPairing;
  safetyDiffers?: boolean;
}

/** Adds `--format`, `--prompt`, `--pairing` and `--safety-differs` (how dataset files are read) to a command. */
export function withFileOptions(command: Command): Command {
  return command
    .addOption(new Option('--format <format>', 'format of dataset files').choices(DATASET_FORMATS).default('auto'))
    .addOption(new Option('--prompt <form>', 'generic, PKU and benchmark files: hh wraps bare prompts as "\\n\\nHuman: …\\n\\nAssistant:", verbatim keeps them').choices(PROMPT_FORMS).default('hh'))
    .addOption(new Option('--pairing <pairing>', 'RM-Bench files: all (every chosen × rejected pairing) or diagonal (chosen[i] with rejected[i], as the reference study)').choices(BENCHMARK_PAIRINGS).default('all'))
    .option('--safety-differs', 'PKU-SafeRLHF files: keep only the pairs whose two responses differ in their safety labels (one file: PATH#HARMLESS+safety-differs)');
}

/** `--method`: a score method, any case. */
export function parseMethod(value: string): ScoreMethod {
  const method = value.toUpperCase();
  if (!isOneOf(SCORE_METHODS, method)) throw new BadUserInputError(`--method must be one of ${SCORE_METHODS.join(', ')}, got "${value}"`);
  return method;
}

/** `--ties`: `half` (a tie counts half, the default) or `strict` (a tie counts as wrong, the reference's rule), any case. */
export function parseTies(value: string): TieRule {
  const rule = value.toUpperCase();
  if (!isOneOf(TIE_RULES, rule)) throw new BadUserInputError(`--ties must be one of ${TIE_RULES.map((r) => r.toLowerCase()).join(', ')}, got "${value}"`);
  return rule;
}

/** `--top`: a percent in (0, 100]. */
export function parsePercent(value: string): number {
  const p = Number(value);
  if (!Number.isFinite(p) || p <= 0 || p > 100) throw new BadUserInputError(`--top must be a percent in (0, 100], got "${value}"`);
  return p;
}

/** `--seed`: a non-negative integer. */
export function parseSeed(value: string): number {
  const seed = Number(value);
  if (!Number.isInteger(seed) || seed < 0) throw new BadUserInputError(`--seed must be a non-negative integer, got "${value}"`);
  return seed;
}

/** `--seeds`: a comma list of distinct seeds (each as `--seed`), e.g. `1,2,3`. */
export function parseSeeds(value: string): number[] {
  const seeds = value.split(',').map((part) => {
    const seed = Number(part.trim());
    if (part.trim() === '' || !Number.isInteger(seed) || seed < 0) throw new BadUserInputError(`--seeds must be a comma list of non-negative integers, e.g. 1,2,3; got "${value}"`);
    return seed;
  });
  if (new Set(seeds).size !== seeds.length) throw new BadUserInputError(`--seeds lists a seed twice: "${value}"`);
  return seeds;
}

/** Help text of `--ties`, the same on every command that prints accuracies. */
export const TIES_HELP = 'what a tie (chosen reward = rejected reward) counts: half (default) or strict (wrong, the reference\'s `>`)';
