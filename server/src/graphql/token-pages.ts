// One page of a user's API tokens as a single keyset statement on the driver.
// Pothos' prismaConnection hands over the page it wants in Prisma's terms
// ({ take, skip, cursor: { id } }, take negative for last/before); this answers
// it the way Prisma would, newest first, without Prisma's cursor look-up.
import { createGraphQLError } from 'graphql-yoga';
import type { SqlRunner } from '../db/database.js';

export interface ApiTokenRow {
  id: string;
  name: string;
  hint: string;
  ownerId: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
}

export interface PrismaPageQuery {
  take?: number;
  skip?: number;
  cursor?: { id?: unknown };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COLUMNS = `id, name, hint, owner_id AS "ownerId", created_at AS "createdAt", last_used_at AS "lastUsedAt", expires_at AS "expiresAt"`;

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
  first: { name: 'api_tokens_page_first_v1', text: `SELECT ${COLUMNS} FROM api_tokens WHERE ${RANGE} ORDER BY owner_id, id DESC LIMIT $2` },
  after: { name: 'api_tokens_page_after_v1', text: `SELECT ${COLUMNS} FROM api_tokens WHERE ${RANGE} AND id < $3 ORDER BY owner_id, id DESC LIMIT $2` },
  last: { name: 'api_tokens_page_last_v1', text: `SELECT ${COLUMNS} FROM api_tokens WHERE ${RANGE} ORDER BY owner_id DESC, id ASC LIMIT $2` },
  before: { name: 'api_tokens_page_before_v1', text: `SELECT ${COLUMNS} FROM api_tokens WHERE ${RANGE} AND id > $3 ORDER BY owner_id DESC, id ASC LIMIT $2` },
} as const;

export async function listApiTokens(sql: Pick<SqlRunner, 'query'>, ownerId: string, query: PrismaPageQuery): Promise<ApiTokenRow[]> {
  const take = query.take ?? 0;
  const limit = Math.abs(take);
  if (limit === 0) return [];
  const backward = take < 0;
  const cursor = query.cursor?.id;
  if (cursor !== undefined && (typeof cursor !== 'string' || !UUID.test(cursor))) {
    throw createGraphQLError('Invalid cursor.', { extensions: { code: 'BAD_USER_INPUT', argument: backward ? 'before' : 'after' } });
  }
  const statement = backward ? (cursor === undefined ? STATEMENTS.last : STATEMENTS.before) : cursor === undefined ? STATEMENTS.first : STATEMENTS.after;
  const params: unknown[] = cursor === undefined ? [ownerId, limit] : [ownerId, limit, cursor];
  const rows = await sql.query<ApiTokenRow>(statement.text, params, statement.name);
  // Prisma returns a backward page in the requested order (newest first) too.
  return backward ? rows.reverse() : rows;
}
