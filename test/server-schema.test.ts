/**
 * schema.graphql as a contract: its enums are the shared vocabulary (same values, same order),
 * every type, field and argument is documented, and every example query of the README passes
 * the query limits and validates against the schema.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  buildSchema, GraphQLEnumType, GraphQLInputObjectType, GraphQLObjectType, isIntrospectionType, parse, specifiedRules, validate,
} from 'graphql';
import { REPO_ROOT } from '../src/config.ts';
import { QUERY_LIMITS, queryArmor } from '../src/server/plugins.ts';
import { rmlensSchema } from '../src/server/app.ts';
import { BENCHMARK_PAIRINGS, DATASET_FORMATS, PROMPT_FORMS, SEED_FINDING_KINDS } from '../src/vocabulary.ts';
import {
  ABLATION_MODES, BASELINE_RULES, BENCHMARK_SCORINGS, DATA_PARTS, EXAMPLE_RANKINGS, NEURON_MEMBERSHIP_KINDS, NEURON_SET_KINDS, OBJECTIVES, PAIR_SIDES, SCORE_METHODS, TIE_RULES,
} from '../src/vocabulary.ts';

const schema = buildSchema(rmlensSchema().typeDefs);

test('the schema enums are the vocabulary lists', () => {
  const values = (name: string) => (schema.getType(name) as GraphQLEnumType).getValues().map((v) => v.name);
  assert.deepEqual(values('Objective'), [...OBJECTIVES]);
  assert.deepEqual(values('ScoreMethod'), [...SCORE_METHODS]);
  assert.deepEqual(values('AblationMode'), [...ABLATION_MODES]);
  assert.deepEqual(values('NeuronSetKind'), [...NEURON_SET_KINDS]);
  assert.deepEqual(values('NeuronMembershipKind'), [...NEURON_MEMBERSHIP_KINDS]);
  assert.deepEqual(values('ExampleRanking'), [...EXAMPLE_RANKINGS]);
  assert.deepEqual(values('PairSide'), [...PAIR_SIDES]);
  assert.deepEqual(values('DataPart'), [...DATA_PARTS]);
  assert.deepEqual(values('BaselineRule'), [...BASELINE_RULES]);
  assert.deepEqual(values('BenchmarkScoring'), [...BENCHMARK_SCORINGS]);
  assert.deepEqual(values('TieRule'), [...TIE_RULES]);
  assert.deepEqual(values('SeedFindingKind'), [...SEED_FINDING_KINDS]);
  // The file-reading lists are lower case; GraphQL enums are upper case.
  assert.deepEqual(values('DatasetFormat'), DATASET_FORMATS.map((f) => f.toUpperCase()));
  assert.deepEqual(values('PromptForm'), PROMPT_FORMS.map((p) => p.toUpperCase()));
  assert.deepEqual(values('BenchmarkPairing'), BENCHMARK_PAIRINGS.map((p) => p.toUpperCase()));
});

test('every type, field and input field has a doc string', () => {
  const undocumented: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
    if (!type.description) undocumented.push(type.name);
    if (type instanceof GraphQLObjectType || type instanceof GraphQLInputObjectType) {
      for (const field of Object.values(type.getFields())) if (!field.description) undocumented.push(`${type.name}.${field.name}`);
    }
  }
  assert.deepEqual(undocumented, []);
});

test('every README example query validates and passes the armor limits', () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const payloads = [...readme.matchAll(/--data '(\{.*\})'/g)].map((m) => JSON.parse(m[1]) as { query: string });
  assert.ok(payloads.length >= 3, 'the README shows at least three example queries');
  const rules = [...specifiedRules, ...queryArmor().validationRules];
  for (const { query } of payloads) {
    const document = parse(query, { maxTokens: QUERY_LIMITS.tokens });
    assert.deepEqual(validate(schema, document, rules).map((e) => e.message), [], query);
  }
});
