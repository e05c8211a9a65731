/**
 * Apollo plugins and limits: query armor (depth, cost, aliases, directives; the token limit is
 * graphql-js' own), the mutation token rule, and logging of masked errors under the request id.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';
import type { ServerContext } from './context.ts';
import { publicCode, QueryTooComplexError } from './errors.ts';

/**
 * Query limits. Depth 8 fits the deepest useful query (`models { neuronsConnection { edges {
 * node { neuron { layer } } } } }` is 6); cost 5000 is armor's default; 2000 tokens is several
 * times the README's largest example.
 */
export const QUERY_LIMITS = { depth: 8, cost: 5000, aliases: 20, directives: 20, tokens: 2000 } as const;

/**
 * Armor's validation rules, each reporting a QUERY_TOO_COMPLEX error instead of throwing: a
 * rule that throws escapes graphql-js' validate() and Apollo answers an opaque internal error.
 * Armor's token rule is off: it parses every document a second time inside a plugin hook whose
 * throw Apollo also turns into an internal error; `parseOptions.maxTokens` limits the one parse.
 */
export function queryArmor(): { plugins: ApolloServerPlugin<ServerContext>[]; validationRules: ValidationRule[] } {
  const onReject = [
    (context: ValidationContext | null, error: GraphQLError) => {
      const message = error.message.replace(/^Syntax Error: /, '');
      context?.reportError(new GraphQLError(message, { originalError: new QueryTooComplexError(message) }));
    },
  ];
  const rejecting = { onReject, propagateOnRejection: false, exposeLimits: true };
  const { plugins, validationRules } = new ApolloArmor({
    maxDepth: { n: QUERY_LIMITS.depth, ...rejecting },
    costLimit: { maxCost: QUERY_LIMITS.cost, ...rejecting },
    maxAliases: { n: QUERY_LIMITS.aliases, ...rejecting },
    maxDirectives: { n: QUERY_LIMITS.directives, ...rejecting },
    maxTokens: { enabled: false },
  }).protect();
  return { plugins: plugins as ApolloServerPlugin<ServerContext>[], validationRules };
}

/** Refuses mutations from unauthorized requests (the context decides, from RMLENS_TOKEN and the header). */
export function mutationsNeedToken(): ApolloServerPlugin<ServerContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation === 'mutation' && !contextValue.authorized) {
            throw new GraphQLError('mutations need an `Authorization: Bearer <token>` header with the server\'s RMLENS_TOKEN', {
              extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
            });
          }
        },
      };
    },
  };
}

/** Logs every error formatError will mask, with its stack, and adds the request id to the masked ones. */
export function unexpectedErrorLog(log: (line: string) => void): ApolloServerPlugin<ServerContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            if (publicCode(error) !== null) continue;
            const real = error.originalError ?? error;
            log(`rmlens serve: request ${contextValue.requestId}: ${real.stack ?? real.message}`);
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          response.body.singleResult.errors = response.body.singleResult.errors.map((e) =>
            e.extensions?.code === 'INTERNAL_SERVER_ERROR' ? { ...e, extensions: { ...e.extensions, requestId: contextValue.requestId } } : e,
          );
        },
      };
    },
  };
}
