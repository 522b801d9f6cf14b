// GraphQL document limits, checked while parsing and validating — before the
// context factory, so an abusive document never costs a database query:
// depth, aliases, directives, tokens and cost (GraphQL Armor), introspection off
// and field suggestions hidden in production. A rejected document is a 400 for
// `Accept: application/graphql-response+json` clients and, as the GraphQL over
// HTTP spec wants for legacy `application/json` clients, a 200 with errors and no data.
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import type { ASTVisitor, GraphQLError, ValidationContext } from 'graphql';
// The rule's type checks are `instanceof`, so it must come from the graphql build the
// schema was made with. graphql 16 ships CommonJS (`main`) and ESM (`module`): Node
// loads the CommonJS one for everything (Pothos, Yoga, this file), but bundler-style
// resolvers such as vitest's would hand this file the ESM one, and the rule would
// then throw on the schema's own types. Naming the CommonJS entry keeps one build.
import { NoSchemaIntrospectionCustomRule } from 'graphql/index.js';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { HardeningConfig } from '../config.js';

const INTROSPECTION_DISABLED = 'Introspection is disabled on this server.';

/**
 * graphql-js's own rule decides what counts as introspection (any field whose
 * type is an introspection type; `__typename` stays allowed); only its report is
 * reworded, so clients keep the message and code they already know.
 */
function noIntrospectionRule(context: ValidationContext): ASTVisitor {
  const reworded: ValidationContext = Object.create(context, {
    reportError: {
      value: (error: GraphQLError) =>
        context.reportError(
          createGraphQLError(INTROSPECTION_DISABLED, {
            nodes: error.nodes,
            extensions: { code: 'INTROSPECTION_DISABLED' },
          }),
        ),
    },
  });
  return NoSchemaIntrospectionCustomRule(reworded);
}

function asBadRequest(error: GraphQLError, hideSuggestions: boolean): GraphQLError {
  const message = hideSuggestions ? error.message.replace(/\s*Did you mean .*\?$/s, '') : error.message;
  return createGraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: {
      code: 'GRAPHQL_VALIDATION_FAILED',
      ...error.extensions,
      // What Yoga marks its own validation errors with (GraphQL Armor's come from
      // graphql's CommonJS build, which Yoga does not recognise as its own).
      http: { spec: true, status: 400 },
    },
  });
}

export function documentLimitPlugins(limits: HardeningConfig, production: boolean): Plugin[] {
  const validationStatus: Plugin = {
    onValidate({ addValidationRule }) {
      if (!limits.introspection) addValidationRule(noIntrospectionRule);
      return ({ result, setResult }) => {
        if (result.length > 0) setResult(result.map((error) => asBadRequest(error, production)));
      };
    },
    onParse() {
      return ({ result, replaceParseResult }) => {
        // Syntax errors (including the token limit) are the caller's: 400.
        if (result instanceof Error) replaceParseResult(asBadRequest(result as GraphQLError, production));
      };
    },
  };
  // Armor throws from inside validation by default, which skips the hook above:
  // report the rejection as a validation error instead.
  const report = {
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) => context?.reportError(asBadRequest(error, false)),
    ],
  };
  return [
    maxTokensPlugin({ n: limits.maxTokens }),
    maxDepthPlugin({ n: limits.maxDepth, ignoreIntrospection: true, ...report }),
    maxAliasesPlugin({ n: limits.maxAliases, ...report }),
    maxDirectivesPlugin({ n: limits.maxDirectives, ...report }),
    costLimitPlugin({ maxCost: limits.maxCost, ignoreIntrospection: true, ...report }),
    validationStatus,
  ] as Plugin[];
}
