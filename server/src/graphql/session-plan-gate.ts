// Sessions of a workspace without the Enterprise plan may load `viewer` (so the
// page can say why API access is unavailable) and nothing else.
import { Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { authFailure, authFailureError } from '../auth/failures.js';
import type { GraphQLContext } from './context.js';

/** Root fields a session of a workspace without API access may ask for. */
const PLAN_FREE_FIELDS = new Set(['viewer', '__typename']);

function rootFieldNames(document: DocumentNode, operationName: string | null | undefined): string[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation =
    operations.length === 1 ? operations[0] : operations.find((o) => o.name?.value === operationName);
  const names: string[] = [];
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) names.push(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  if (operation) walk(operation.selectionSet);
  return names;
}

/**
 * Sessions of a workspace without the Enterprise plan may load `viewer` (so the
 * page can say why API access is unavailable) and nothing else.
 */
export const sessionPlanGate: Plugin<GraphQLContext> = {
  onExecute({ args, setResultAndStopExecution }) {
    const viewer = args.contextValue.viewer;
    if (viewer.kind !== 'session' || viewer.plan === 'ENTERPRISE') return;
    const names = rootFieldNames(args.document, args.operationName);
    if (names.every((name) => PLAN_FREE_FIELDS.has(name))) return;
    setResultAndStopExecution({ errors: [authFailureError(authFailure('plan'))] });
  },
};
