// The one place where connection arguments (first/after, last/before) are checked
// and turned into a page: sizes are bounded (1–100) with a typed error, never
// silently clamped, and cursors are Pothos' own prisma cursors (so every
// connection's cursors look alike to clients).
import type { GraphQLError } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';
import { formatPrismaCursor, parsePrismaCursor } from '@pothos/plugin-prisma';
import { isUuid } from '../ids.js';
import type { PageRequest } from '../tokens/pages.js';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface PageArgs {
  first?: number | null | undefined;
  last?: number | null | undefined;
  after?: string | null | undefined;
  before?: string | null | undefined;
}

function badInput(message: string, argument: string): GraphQLError {
  return createGraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argument } });
}

/** Page sizes are bounded (1–100) with an error, never silently clamped. */
export function assertPageArgs(args: PageArgs): void {
  for (const name of ['first', 'last'] as const) {
    const value = args[name];
    if (value !== null && value !== undefined && (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE)) {
      throw badInput(`"${name}" must be between 1 and ${MAX_PAGE_SIZE} (got ${value}).`, name);
    }
  }
  if (args.first != null && args.last != null) {
    throw badInput('Pass either "first" or "last", not both.', 'last');
  }
  if (args.after != null && args.before != null) {
    throw badInput('Pass either "after" or "before", not both.', 'before');
  }
  if (args.before != null && args.first != null)
    throw badInput('Page backward with "last" and "before", not "first".', 'first');
  if (args.after != null && args.last != null)
    throw badInput('Page forward with "first" and "after", not "last".', 'last');
}

/** The cursor of a row keyed by its id. */
export function idCursor(id: string): string {
  return formatPrismaCursor({ id }, 'id');
}

function idFromCursor(cursor: string, argument: string): string {
  let id: unknown;
  try {
    id = parsePrismaCursor(cursor);
  } catch {
    throw badInput('Invalid cursor.', argument);
  }
  if (!isUuid(id)) throw badInput('Invalid cursor.', argument);
  return id;
}

/**
 * A checked page of `size` rows plus one: the extra row, when it comes back,
 * says there is another page (see `connectionFrom`).
 */
export function pageRequestFrom(args: PageArgs): PageRequest & { size: number } {
  assertPageArgs(args);
  const backward = args.last != null || args.before != null;
  const size = (backward ? args.last : args.first) ?? DEFAULT_PAGE_SIZE;
  const cursor = backward ? args.before : args.after;
  return {
    size,
    limit: size + 1,
    direction: backward ? 'backward' : 'forward',
    cursor: cursor == null ? null : idFromCursor(cursor, backward ? 'before' : 'after'),
  };
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/** A Relay connection from rows read newest first with `pageRequestFrom`'s extra row. */
export function connectionFrom<T extends { id: string }>(
  request: PageRequest & { size: number },
  rows: readonly T[],
): Connection<T> {
  const more = rows.length > request.size;
  const forward = request.direction === 'forward';
  // The extra row is the oldest of a forward page and the newest of a backward one.
  const page = more ? (forward ? rows.slice(0, request.size) : rows.slice(1)) : rows;
  const edges = page.map((node) => ({ cursor: idCursor(node.id), node }));
  // As Pothos' own connections answer: coming from a cursor, there is a page on that side.
  const fromCursor = request.cursor !== null;
  return {
    edges,
    pageInfo: {
      hasNextPage: forward ? more : fromCursor,
      hasPreviousPage: forward ? fromCursor : more,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
