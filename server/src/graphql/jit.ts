// Executes operations with graphql-jit: each document is compiled once into a
// specialised function (Yoga's parse cache hands back the same document object for
// the same query text, so the compiled form is found by identity). Measured in
// bench/README.md ("Optimisations").
//
// graphql-jit coerces variables itself, with its own wording ("Expected type
// DateTime."). The API promises graphql-js's messages (e.g. the DateTime scalar's
// ISO 8601 explanation), so variables are coerced by graphql-js first and a bad one
// is answered exactly as graphql-js would answer it, before the compiled query runs.
import { useGraphQlJit } from '@envelop/graphql-jit';
import { getOperationAST, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { getVariableValues } from 'graphql/execution/values.js';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../logger.js';

function checkVariables(): Plugin {
  const operations = new WeakMap<object, OperationDefinitionNode | null>();
  return {
    onExecute({ args, setResultAndStopExecution }) {
      let operation = operations.get(args.document);
      if (operation === undefined) {
        operation = getOperationAST(args.document, args.operationName) ?? null;
        operations.set(args.document, operation);
      }
      const definitions = operation?.variableDefinitions;
      if (!definitions || definitions.length === 0) return;
      const coerced = getVariableValues(
        args.schema as GraphQLSchema,
        definitions,
        (args.variableValues ?? {}) as Record<string, unknown>,
      );
      if (coerced.errors) setResultAndStopExecution({ errors: coerced.errors });
    },
  };
}

export function jitPlugins(logger: Logger): Plugin[] {
  return [
    checkVariables(),
    useGraphQlJit(
      // (customJSONSerializer, a fast-json-stringify serializer per document, was
      // tried: it fails on this schema's responses with an internal error.)
      {},
      {
        // A document graphql-jit cannot compile is answered with its error, as
        // graphql-js would (validation has already passed, so this is rare).
        onError: (result) =>
          logger.warn({ errors: result.errors?.map((e) => e.message) }, 'graphql-jit could not compile a document'),
      },
    ) as Plugin,
  ];
}
