/**
 * The schema's enums must be the shared vocabulary (src/vocabulary.ts), not a copy that can drift: codegen turns them into string unions, and these lines fail
 * to typecheck unless each union equals its vocabulary type exactly (test/server-schema.test.ts
 * checks the order too). The file-reading lists are lower case, GraphQL enums upper case.
 */
import type * as Vocabulary from '../vocabulary.ts';
import type * as Generated from './generated.ts';

/** true when A and B are the same type, false otherwise (invariant in both directions). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Each schema enum, checked against its vocabulary list's type. */
export type EnumsMatchVocabulary = [
  Same<Generated.Objective, Vocabulary.Objective>,
  Same<Generated.ScoreMethod, Vocabulary.ScoreMethod>,
  Same<Generated.AblationMode, Vocabulary.AblationMode>,
  Same<Generated.NeuronSetKind, Vocabulary.NeuronSetKind>,
  Same<Generated.DatasetFormat, Uppercase<Vocabulary.DatasetFormat>>,
  Same<Generated.PromptForm, Uppercase<Vocabulary.PromptForm>>,
  Same<Generated.JobState, Vocabulary.JobState>,
  Same<Generated.NeuronMembershipKind, Vocabulary.NeuronMembershipKind>,
  Same<Generated.ExampleRanking, Vocabulary.ExampleRanking>,
  Same<Generated.PairSide, Vocabulary.PairSide>,
  Same<Generated.DataPart, Vocabulary.DataPart>,
  Same<Generated.BaselineRule, Vocabulary.BaselineRule>,
  Same<Generated.BenchmarkPairing, Uppercase<Vocabulary.BenchmarkPairing>>,
  Same<Generated.BenchmarkScoring, Vocabulary.BenchmarkScoring>,
  Same<Generated.TieRule, Vocabulary.TieRule>,
  Same<Generated.SeedFindingKind, Vocabulary.SeedFindingKind>,
] extends [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true] ? true : never;

// Fails to compile when any enum differs from its vocabulary type.
true satisfies EnumsMatchVocabulary;
