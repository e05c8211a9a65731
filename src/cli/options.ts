/** Option parsers shared by the command groups: one rule and one message per kind of value. */
import { BadUserInputError } from '../errors.ts';
import { isOneOf, SCORE_METHODS, type ScoreMethod } from '../vocabulary.ts';

/** `--method`: a score method, any case. */
export function parseMethod(value: string): ScoreMethod {
  const method = value.toUpperCase();
  if (!isOneOf(SCORE_METHODS, method)) throw new BadUserInputError(`--method must be one of ${SCORE_METHODS.join(', ')}, got "${value}"`);
  return method;
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
