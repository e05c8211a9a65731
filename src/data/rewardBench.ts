/**
 * Reward-benchmark files: rows that each name a subset, read as evaluation-only datasets.
 *
 * - `rewardbench` (RewardBench): `{prompt, chosen, rejected, subset}`, one pair per row.
 * - `rmbench` (RM-Bench): `{prompt, chosen: [..], rejected: [..], domain}` (or `subset`); the
 *   pairs of a row are every chosen × rejected pairing (`all`, the default: RM-Bench's own
 *   average over its 3 × 3 accuracy matrix), or chosen[i] with rejected[i] (`diagonal`: what
 *   the reference study scores, one pair per response style).
 * - `rewardbench2` (RewardBench 2, best-of-n): `{prompt, chosen: [..], rejected: [..], subset}`;
 *   the pairs of a row are every chosen × rejected pairing, and the row is right only when
 *   every chosen response outscores every rejected one (min chosen > max rejected, as the
 *   reference scores it). Rows with several chosen responses (the Ties subset) are read the same way.
 *
 * A file mixes objectives: each subset names one (SUBSETS below), and the rows of each objective
 * become one dataset, so `FILE#HELPFUL` holds the helpful subsets and a bare FILE both. A subset
 * missing from the table is an error naming it and the known ones, never a guess. Pairs are
 * formed as every other bare-text file's are (promptForm.ts); a pair whose two texts are
 * identical is dropped and counted, as everywhere, so a row keeps only its other pairs.
 */
import { z } from 'zod';
import { sha256Json } from '../util/hash.ts';
import { recordError, type DataRecord } from './jsonl.ts';
import { PairCollector, parseRow, type LoadedPairs } from './pairs.ts';
import { formPair } from './promptForm.ts';
import type { BenchmarkLayout, BenchmarkRow, PreferencePair } from './types.ts';
import type { BenchmarkFormat, BenchmarkPairing, DataObjective, PromptForm } from '../vocabulary.ts';

/** A subset's section of its benchmark and the objective its preferences teach. */
export interface SubsetInfo {
  category: string;
  objective: DataObjective;
}

/** Sections with their objective and subsets; a section's own name is a subset too (files that carry only sections). */
type Sections = Record<string, { objective: DataObjective; subsets: readonly string[] }>;

/**
 * RewardBench's four sections and their subsets, as the benchmark and the reference study group
 * them (xstest-should-respond, which rewards answering, is in Safety there, so HARMLESS here too).
 */
const REWARDBENCH: Sections = {
  chat: { objective: 'HELPFUL', subsets: ['alpacaeval-easy', 'alpacaeval-length', 'alpacaeval-hard', 'mt-bench-easy', 'mt-bench-med'] },
  'chat-hard': {
    objective: 'HELPFUL',
    subsets: ['mt-bench-hard', 'llmbar-natural', 'llmbar-adver-neighbor', 'llmbar-adver-GPTInst', 'llmbar-adver-GPTOut', 'llmbar-adver-manual'],
  },
  safety: { objective: 'HARMLESS', subsets: ['refusals-dangerous', 'refusals-offensive', 'xstest-should-refuse', 'xstest-should-respond', 'donotanswer'] },
  reasoning: { objective: 'HELPFUL', subsets: ['math-prm', 'hep-cpp', 'hep-go', 'hep-java', 'hep-js', 'hep-python', 'hep-rust'] },
};

/** RM-Bench's domains: its two safety domains form one section, as the benchmark reports them. */
const RMBENCH: Sections = {
  chat: { objective: 'HELPFUL', subsets: [] },
  math: { objective: 'HELPFUL', subsets: [] },
  code: { objective: 'HELPFUL', subsets: [] },
  safety: { objective: 'HARMLESS', subsets: ['safety-refuse', 'safety-response'] },
};

/** RewardBench 2's subsets, each its own section, spelt as the benchmark spells them. */
const REWARDBENCH2: Sections = {
  Factuality: { objective: 'HELPFUL', subsets: [] },
  'Precise IF': { objective: 'HELPFUL', subsets: [] },
  Math: { objective: 'HELPFUL', subsets: [] },
  Safety: { objective: 'HARMLESS', subsets: [] },
  Focus: { objective: 'HELPFUL', subsets: [] },
  Ties: { objective: 'HELPFUL', subsets: [] },
};

/** A subset name as it is looked up: case, spaces and underscores do not matter (`Precise IF` = `precise-if`). */
export function subsetKey(subset: string): string {
  return subset.trim().toLowerCase().replace(/[\s_]+/g, '-');
}

function subsetTable(sections: Sections): Map<string, SubsetInfo> {
  const table = new Map<string, SubsetInfo>();
  for (const [category, { objective, subsets }] of Object.entries(sections)) {
    for (const name of [category, ...subsets]) table.set(subsetKey(name), { category, objective });
  }
  return table;
}

const SECTIONS: Readonly<Record<BenchmarkFormat, Sections>> = { rewardbench: REWARDBENCH, rmbench: RMBENCH, rewardbench2: REWARDBENCH2 };

/** Every format's subsets, by subsetKey. */
export const SUBSETS: Readonly<Record<BenchmarkFormat, ReadonlyMap<string, SubsetInfo>>> = {
  rewardbench: subsetTable(REWARDBENCH),
  rmbench: subsetTable(RMBENCH),
  rewardbench2: subsetTable(REWARDBENCH2),
};

/** A format's subset names as the table spells them, for messages. */
function knownSubsets(format: BenchmarkFormat): string {
  return Object.entries(SECTIONS[format]).flatMap(([section, { subsets }]) => [section, ...subsets]).join(', ');
}

/** The benchmarks' own names, for messages. */
export const BENCHMARK_NAMES: Readonly<Record<BenchmarkFormat, string>> = { rewardbench: 'RewardBench', rmbench: 'RM-Bench', rewardbench2: 'RewardBench 2' };

const Responses = z.array(z.string()).min(1, { message: 'must list at least one response' });

const RewardBenchRow = z.object({ prompt: z.string(), chosen: z.string(), rejected: z.string(), subset: z.string() });
const RmBenchRow = z
  .object({ prompt: z.string(), chosen: Responses, rejected: Responses, subset: z.string().optional(), domain: z.string().optional() })
  .refine((row) => row.subset !== undefined || row.domain !== undefined, { message: 'needs a `domain` (or `subset`) naming its subset' });
const RewardBench2Row = z.object({ prompt: z.string(), chosen: Responses, rejected: Responses, subset: z.string() });

/** One row as read: its subset and its responses (bare texts). */
interface Row {
  prompt: string;
  subset: string;
  chosen: readonly string[];
  rejected: readonly string[];
}

function readRow(format: BenchmarkFormat, record: DataRecord, file: string): Row {
  switch (format) {
    case 'rewardbench': {
      const row = parseRow(RewardBenchRow, record, file);
      return { prompt: row.prompt, subset: row.subset, chosen: [row.chosen], rejected: [row.rejected] };
    }
    case 'rmbench': {
      const row = parseRow(RmBenchRow, record, file);
      return { prompt: row.prompt, subset: (row.subset ?? row.domain)!, chosen: row.chosen, rejected: row.rejected };
    }
    case 'rewardbench2': {
      const row = parseRow(RewardBench2Row, record, file);
      return { prompt: row.prompt, subset: row.subset, chosen: row.chosen, rejected: row.rejected };
    }
  }
}

/** The (chosen, rejected) index pairs of a row, chosen-major. */
function pairings(row: Row, pairing: BenchmarkPairing, record: DataRecord, file: string): [number, number][] {
  if (pairing === 'diagonal') {
    if (row.chosen.length !== row.rejected.length) {
      throw recordError(file, record, `the diagonal pairing needs as many chosen as rejected responses, got ${row.chosen.length} and ${row.rejected.length}`);
    }
    return row.chosen.map((_, i) => [i, i]);
  }
  return row.chosen.flatMap((_, i) => row.rejected.map((_, j): [number, number] => [i, j]));
}

/** What a benchmark file gives for one objective: its pairs and the rows they group into. */
export interface BenchmarkPart {
  loaded: LoadedPairs;
  layout: BenchmarkLayout;
}

/**
 * Reads a reward-benchmark file's records into one part per objective its subsets name (absent
 * objectives are absent keys). `pairing` applies to RM-Bench; the other formats pair every
 * chosen with every rejected response.
 */
export async function loadRewardBenchmark(
  file: string,
  format: BenchmarkFormat,
  form: PromptForm,
  pairing: BenchmarkPairing,
  records: AsyncIterable<DataRecord>,
): Promise<Partial<Record<DataObjective, BenchmarkPart>>> {
  const subsets = SUBSETS[format];
  const used: BenchmarkPairing = format === 'rmbench' ? pairing : 'all';
  const scoring = format === 'rewardbench2' ? 'BEST_OF_N' : 'PAIRS';
  const parts = new Map<DataObjective, { collector: PairCollector; rows: BenchmarkRow[] }>();
  for await (const record of records) {
    const row = readRow(format, record, file);
    const info = subsets.get(subsetKey(row.subset));
    if (!info) {
      throw recordError(file, record, `unknown ${BENCHMARK_NAMES[format]} subset '${row.subset}' (known: ${knownSubsets(format)}); its objective cannot be told`);
    }
    let part = parts.get(info.objective);
    if (!part) parts.set(info.objective, (part = { collector: new PairCollector(), rows: [] }));
    const before = part.collector.kept;
    for (const [i, j] of pairings(row, used, record, file)) {
      const pair: PreferencePair = { prompt: row.prompt, chosen: row.chosen[i], rejected: row.rejected[j] };
      part.collector.add(formPair(pair, form));
    }
    const kept = part.collector.kept - before;
    // A row all of whose pairs were dropped has nothing to score: its drops are counted, the row is not.
    if (kept > 0) part.rows.push({ subset: row.subset, category: info.category, pairs: kept });
  }
  const out: Partial<Record<DataObjective, BenchmarkPart>> = {};
  for (const [objective, { collector, rows }] of parts) {
    const hash = sha256Json({ format, scoring, pairing: used, rows: rows.map((r) => [r.subset, r.category, r.pairs]) });
    out[objective] = { loaded: collector.result(), layout: { format, scoring, pairing: used, rows, hash } };
  }
  return out;
}
