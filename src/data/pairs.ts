/** What every loader returns: the kept pairs in file order, and what was dropped and why. */
import type { z } from 'zod';
import { recordError, type DataRecord } from './jsonl.ts';
import type { PreferencePair } from './types.ts';

/**
 * Why a pair was dropped: `identical` (chosen == rejected: no preference to learn),
 * `promptMismatch` (the two transcripts differ before the last Assistant turn, so the pair
 * does not compare two answers to one prompt), `noAssistantTurn` (no Assistant turn at all),
 * `sameSafety` (PKU-SafeRLHF, when only pairs whose responses differ in safety were asked for).
 */
export type DropReason = 'identical' | 'promptMismatch' | 'noAssistantTurn' | 'sameSafety';

export interface LoadedPairs {
  pairs: PreferencePair[];
  /** Total pairs dropped; the sum of `dropReasons`. */
  dropped: number;
  dropReasons: Partial<Record<DropReason, number>>;
}

/** Accumulates kept pairs and a tally of drops while a loader walks its source. */
export class PairCollector {
  private readonly pairs: PreferencePair[] = [];
  private readonly reasons: Partial<Record<DropReason, number>> = {};
  private dropped = 0;

  /** Pairs kept so far. */
  get kept(): number {
    return this.pairs.length;
  }

  /** Keeps the pair, unless chosen == rejected (then it is dropped as `identical`). */
  add(pair: PreferencePair): void {
    if (pair.chosen === pair.rejected) this.drop('identical');
    else this.pairs.push(pair);
  }

  /** Counts a dropped pair under its reason. */
  drop(reason: DropReason): void {
    this.dropped++;
    this.reasons[reason] = (this.reasons[reason] ?? 0) + 1;
  }

  /** The pairs kept so far and the drop tally. */
  result(): LoadedPairs {
    return { pairs: this.pairs, dropped: this.dropped, dropReasons: { ...this.reasons } };
  }
}

/** Validates one record against a row schema; a mismatch is an error naming file, line (element) and fields. */
export function parseRow<S extends z.ZodType>(schema: S, record: DataRecord, file: string): z.infer<S> {
  const parsed = schema.safeParse(record.value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'record'}: ${i.message}`).join('; ');
  throw recordError(file, record, `unexpected record (${problems})`);
}
