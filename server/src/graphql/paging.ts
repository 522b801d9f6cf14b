import type { GraphQLError } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

function badInput(message: string, argument: string): GraphQLError {
  return createGraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argument } });
}

/** Page sizes are bounded (1–100) with an error, never silently clamped. */
export function assertPageArgs(args: PageArgs): void {
  for (const name of ['first', 'last'] as const) {
    const value = args[name];
    if (value !== null && value !== undefined && (value < 1 || value > MAX_PAGE_SIZE)) {
      throw badInput(`"${name}" must be between 1 and ${MAX_PAGE_SIZE} (got ${value}).`, name);
    }
  }
  if (args.first != null && args.last != null) {
    throw badInput('Pass either "first" or "last", not both.', 'last');
  }
  if (args.after != null && args.before != null) {
    throw badInput('Pass either "after" or "before", not both.', 'before');
  }
}
