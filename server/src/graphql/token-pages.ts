// One page of a user's API tokens as a single keyset statement on the driver.
// Pothos' prismaConnection hands over the page it wants in Prisma's terms
// ({ take, skip, cursor: { id } }, take negative for last/before); this answers
// it the way Prisma would, newest first, without Prisma's cursor look-up.
import { createGraphQLError } from 'graphql-yoga';
import type { SqlRunner } from '../db/database.js';

export interface ApiTokenPage {
  rows: ApiTokenRow[];
  /** The user's number of tokens, read with the page. */
  totalCount: number;
}

const COUNT = { name: 'api_tokens_count_v1', text: 'SELECT api_token_count AS "totalCount" FROM users WHERE id = $1' } as const;

export interface ApiTokenRow {
  id: string;
  name: string;
  hint: string;
  ownerId: string;
  /** ISO 8601 in UTC, as the API sends it. */
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  lastUsedIp: string | null;
  lastUsedUserAgent: string | null;
  /** Which key sealed a kept value (null: none kept); the value itself is never read here. */
  encryptionKeyId: string | null;
}

export interface PrismaPageQuery {
  take?: number;
  skip?: number;
  cursor?: { id?: unknown };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// The user's token count (kept in the same transaction as create/revoke) rides on
// every row, so a page and its totalCount are one statement and one snapshot.
const ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
// Timestamps leave the database as the ISO 8601 text the API sends (what the
// DateTime scalar would make of a Date), so no Date is built and formatted again
// per row and column.
const ROW_COLUMNS = `id, name, hint, owner_id AS "ownerId", ${ISO('created_at')} AS "createdAt", ${ISO('last_used_at')} AS "lastUsedAt",
       ${ISO('expires_at')} AS "expiresAt", last_used_ip AS "lastUsedIp", last_used_user_agent AS "lastUsedUserAgent",
       encryption_key_id AS "encryptionKeyId"`;
const COLUMNS = `${ROW_COLUMNS}, (SELECT api_token_count FROM users WHERE id = $1) AS "totalCount"`;

// The four shapes, each a named prepared statement on PostgreSQL. `owner_id` is
// matched as the range [$1, $1] and ordered on, on purpose: with a plain
// `owner_id = $1` the planner drops owner_id from the ORDER BY and may walk the
// primary key backwards filtering on owner_id, which for a user whose ids are
// all older than a heavy user's reads that user's every row first (measured:
// 190 ms for a 21-row page at 100,000 tokens next to a 1,000,000-token user, and
// the generic plan of a prepared statement does it for every user). Ordering on
// (owner_id, id) leaves (owner_id, id DESC) as the only index that gives the
// order: under 0.1 ms at every size, custom or generic plan.
const RANGE = 'owner_id >= $1 AND owner_id <= $1';
const STATEMENTS = {
  first: { name: 'api_tokens_page_first_v4', text: `SELECT ${COLUMNS} FROM api_tokens WHERE ${RANGE} ORDER BY owner_id, id DESC LIMIT $2` },
  after: { name: 'api_tokens_page_after_v4', text: `SELECT ${COLUMNS} FROM api_tokens WHERE ${RANGE} AND id < $3 ORDER BY owner_id, id DESC LIMIT $2` },
  last: { name: 'api_tokens_page_last_v4', text: `SELECT ${COLUMNS} FROM api_tokens WHERE ${RANGE} ORDER BY owner_id DESC, id ASC LIMIT $2` },
  before: { name: 'api_tokens_page_before_v4', text: `SELECT ${COLUMNS} FROM api_tokens WHERE ${RANGE} AND id > $3 ORDER BY owner_id DESC, id ASC LIMIT $2` },
} as const;

// Search by name (case-insensitive substring): the same keyset pages over the
// user's rows that match, and the count of matches (which is counted: a search
// has no kept counter; it reads only that user's rows through the same index).
const SEARCH = {
  first: { name: 'api_tokens_search_first_v1', text: `SELECT ${ROW_COLUMNS} FROM api_tokens WHERE ${RANGE} AND name ILIKE $3 ORDER BY owner_id, id DESC LIMIT $2` },
  after: { name: 'api_tokens_search_after_v1', text: `SELECT ${ROW_COLUMNS} FROM api_tokens WHERE ${RANGE} AND id < $3 AND name ILIKE $4 ORDER BY owner_id, id DESC LIMIT $2` },
  last: { name: 'api_tokens_search_last_v1', text: `SELECT ${ROW_COLUMNS} FROM api_tokens WHERE ${RANGE} AND name ILIKE $3 ORDER BY owner_id DESC, id ASC LIMIT $2` },
  before: { name: 'api_tokens_search_before_v1', text: `SELECT ${ROW_COLUMNS} FROM api_tokens WHERE ${RANGE} AND id > $3 AND name ILIKE $4 ORDER BY owner_id DESC, id ASC LIMIT $2` },
  count: { name: 'api_tokens_search_count_v1', text: `SELECT count(*)::int AS "totalCount" FROM api_tokens WHERE ${RANGE} AND name ILIKE $2` },
} as const;

/** A LIKE pattern matching `text` anywhere, with LIKE's own characters taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The number of the user's tokens whose name contains `nameContains` (case-insensitive). */
export async function countMatchingApiTokens(sql: Pick<SqlRunner, 'query'>, ownerId: string, nameContains: string): Promise<number> {
  const rows = await sql.query<{ totalCount: number }>(SEARCH.count.text, [ownerId, containsPattern(nameContains)], SEARCH.count.name);
  return Number(rows[0]?.totalCount ?? 0);
}

/** The user's token count on its own (when no page carried it). */
export async function countApiTokens(sql: Pick<SqlRunner, 'query'>, ownerId: string): Promise<number> {
  const rows = await sql.query<{ totalCount: number }>(COUNT.text, [ownerId], COUNT.name);
  return Number(rows[0]?.totalCount ?? 0);
}

export async function listApiTokens(
  sql: Pick<SqlRunner, 'query'>,
  ownerId: string,
  query: PrismaPageQuery,
  nameContains?: string | null,
): Promise<ApiTokenPage> {
  const take = query.take ?? 0;
  const limit = Math.abs(take);
  const searching = nameContains !== undefined && nameContains !== null && nameContains !== '';
  if (limit === 0) return { rows: [], totalCount: searching ? await countMatchingApiTokens(sql, ownerId, nameContains) : await countApiTokens(sql, ownerId) };
  const backward = take < 0;
  const cursor = query.cursor?.id;
  if (cursor !== undefined && (typeof cursor !== 'string' || !UUID.test(cursor))) {
    throw createGraphQLError('Invalid cursor.', { extensions: { code: 'BAD_USER_INPUT', argument: backward ? 'before' : 'after' } });
  }
  if (searching) {
    const search = backward ? (cursor === undefined ? SEARCH.last : SEARCH.before) : cursor === undefined ? SEARCH.first : SEARCH.after;
    const pattern = containsPattern(nameContains);
    const found = await sql.query<ApiTokenRow>(search.text, cursor === undefined ? [ownerId, limit, pattern] : [ownerId, limit, cursor, pattern], search.name);
    return { rows: backward ? found.reverse() : found, totalCount: await countMatchingApiTokens(sql, ownerId, nameContains) };
  }
  const statement = backward ? (cursor === undefined ? STATEMENTS.last : STATEMENTS.before) : cursor === undefined ? STATEMENTS.first : STATEMENTS.after;
  const params: unknown[] = cursor === undefined ? [ownerId, limit] : [ownerId, limit, cursor];
  const rows = await sql.query<ApiTokenRow & { totalCount?: number }>(statement.text, params, statement.name);
  // An empty page past the last cursor says nothing about the count: ask.
  const totalCount = rows[0] ? Number(rows[0].totalCount) : cursor === undefined ? 0 : await countApiTokens(sql, ownerId);
  // (totalCount stays on the rows: deleting a property would slow every later read of them.)
  // Prisma returns a backward page in the requested order (newest first) too.
  return { rows: backward ? rows.reverse() : rows, totalCount };
}
