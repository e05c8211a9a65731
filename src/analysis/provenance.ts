/**
 * Provenance of a served result (GraphQL `computedAt`, `engineVersion`, `cacheKey`): which row
 * of the store it is, and when and by which engine that row was computed.
 */
import type { Cached } from '../db/resultCache.ts';
import { ENGINE_VERSION } from './cacheKeys.ts';
import type { BenchmarkEvaluation, Correspondence, Evaluation, NeuronHistogram, NeuronMarginCorrelation, OverlapSet, TensionReport, TensionRow, ThreeWayOverlap } from './resultTypes.ts';

/** Where a result came from. */
export interface Provenance {
  /** When its row was written, ISO 8601 UTC. */
  computedAt: string;
  /** Every key is built under the current ENGINE_VERSION, so every row a request can read was computed by it. */
  engineVersion: number;
  /** The row's cache key. */
  cacheKey: string;
}

/** An evaluation as served, with its provenance. */
export type ProvenancedEvaluation = Evaluation & Provenance;
/** A benchmark's accuracies as served, with their provenance. */
export type ProvenancedBenchmarkEvaluation = BenchmarkEvaluation & Provenance;
/** An overlap as served, with its (newer) scores row's provenance. */
export type ProvenancedOverlapSet = OverlapSet & Provenance;
/** A three-way overlap as served, with its newest scores row's provenance. */
export type ProvenancedThreeWayOverlap = ThreeWayOverlap & Provenance;
/** A correspondence as served, with its correlation row's provenance. */
export type ProvenancedCorrespondence = Correspondence & Provenance;

/** A neuron's margin correlation as served, with the model's per-neuron correlation row's provenance. */
export type ProvenancedNeuronMarginCorrelation = NeuronMarginCorrelation & Provenance;
/** A neuron's histogram as served, with its examples row's provenance. */
export type ProvenancedNeuronHistogram = NeuronHistogram & Provenance;

/** A tension row as served: its evaluation with that row's provenance. */
export type ProvenancedTensionRow = Omit<TensionRow, 'evaluation'> & { evaluation: ProvenancedEvaluation };
/** The tension report as served: every row's evaluation carries its provenance (read once, with the report). */
export type ProvenancedTensionReport = Omit<TensionReport, 'rows'> & { rows: ProvenancedTensionRow[] };

/** A cached result's value with its provenance beside its own fields. */
export function withProvenance<T extends object>({ value, key, computedAt }: Cached<T>): T & Provenance {
  return { ...value, computedAt: new Date(computedAt).toISOString(), engineVersion: ENGINE_VERSION, cacheKey: key };
}
