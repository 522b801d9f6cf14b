// One page of a user's API tokens as a single keyset statement on the driver,
// newest first, with the user's token count read by the same statement; and one
// page of a whole workspace's tokens, filtered (the admins' inventory).
import type { SqlRunner } from '../db/database.js';
import type { Role } from '../generated/prisma/client.js';
import { LIFETIME_LEEWAY_MS } from './policy.js';
import { API_TOKEN_SCOPES, type ApiTokenScope } from './scopes.js';
import type { ApiTokenStatus } from './status.js';

/** An API token as every reader sees it: never the digest. */
export interface TokenRow {
  id: string;
  name: string;
  hint: string;
  ownerId: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  /** Where the last use came from (recorded with lastUsedAt). */
  lastUsedIp: string | null;
  lastUsedUserAgent: string | null;
  /** Which key sealed a kept value (null: none kept); the value itself is never read here. */
  encryptionKeyId: string | null;
  /** What the token may do (tokens/scopes.ts). */
  scopes: ApiTokenScope[];
  /** When the current secret was issued by a rotation; null: at creation. */
  rotatedAt: Date | null;
  /** When the secret the last rotation replaced stops (or stopped) working; null: none overlaps. */
  previousSecretExpiresAt: Date | null;
  /** That secret's last use during its overlap. */
  previousSecretLastUsedAt: Date | null;
  /** A canary: never authenticates; every use is a recorded trip. */
  canary: boolean;
  /** Trips of a canary recorded so far (0 for any other token). */
  canaryTripCount: number;
}

/**
 * A page in keyset terms, already checked (graphql/paging.ts checks the GraphQL
 * arguments): `limit` rows after (forward) or before (backward) the row `cursor`.
 */
export interface PageRequest {
  limit: number;
  direction: 'forward' | 'backward';
  /** The id of the row the page starts after (forward) or ends before (backward). */
  cursor: string | null;
}

export interface TokenPage {
  /** Newest first, whatever the direction. */
  rows: TokenRow[];
  /** The owner's number of tokens, read with the page. */
  totalCount: number;
}

/** What the driver returns for `tokenColumns`: timestamps as ISO 8601 text (see COLUMNS). */
export interface PageRecord {
  id: string;
  name: string;
  hint: string;
  ownerId: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  lastUsedIp: string | null;
  lastUsedUserAgent: string | null;
  encryptionKeyId: string | null;
  scopes: string[];
  rotatedAt: string | null;
  previousSecretExpiresAt: string | null;
  previousSecretLastUsedAt: string | null;
  canary: boolean;
  canaryTripCount: number;
  totalCount?: number | string;
}

// The user's token count: the sum of its shards (migration 20261204100000), kept by
// triggers in the same transaction as every insert and delete.
const OWNER_COUNT_SUM = 'COALESCE(sum(count), 0)::int';

const COUNT = {
  name: 'api_tokens_count_v2',
  text: `SELECT ${OWNER_COUNT_SUM} AS "totalCount" FROM api_token_counts WHERE user_id = $1`,
} as const;

// Timestamps leave the database as ISO 8601 text and become Dates with one cheap
// `new Date(text)` each: the driver's own timestamp parsing costs several times more.
const ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/** A TokenRow's columns, of the table named `t` when given (a join), else unqualified. */
export const tokenColumns = (t = '') =>
  `${t}id, ${t}name, ${t}hint, ${t}owner_id AS "ownerId", ${ISO(`${t}created_at`)} AS "createdAt", ${ISO(`${t}last_used_at`)} AS "lastUsedAt",
       ${ISO(`${t}expires_at`)} AS "expiresAt", ${t}last_used_ip AS "lastUsedIp", ${t}last_used_user_agent AS "lastUsedUserAgent",
       ${t}encryption_key_id AS "encryptionKeyId", ${t}canary, ${t}canary_trip_count AS "canaryTripCount",
       ${t}scopes::text[] AS scopes, ${ISO(`${t}rotated_at`)} AS "rotatedAt",
       ${ISO(`${t}previous_secret_expires_at`)} AS "previousSecretExpiresAt",
       ${ISO(`${t}previous_secret_last_used_at`)} AS "previousSecretLastUsedAt"`;
const ROW_COLUMNS = tokenColumns();

// A page travels as one row: the owner's count, and the page's tokens as one JSON
// array of arrays (positions as PageTuple). The driver then parses one JSON text
// instead of 18 typed columns per token: the page statement's client CPU went from
// ~61 to ~41 µs on PostgreSQL and from ~750 to ~430 µs on PGlite (issue 16,
// bench/README.md), and an empty page still says the count.
/** One token of a page, as `tokenTuple` builds it: TokenRow's fields in this order, timestamps as ISO 8601 text. */
type PageTuple = [
  id: string,
  name: string,
  hint: string,
  ownerId: string,
  createdAt: string,
  lastUsedAt: string | null,
  expiresAt: string | null,
  lastUsedIp: string | null,
  lastUsedUserAgent: string | null,
  encryptionKeyId: string | null,
  scopes: string[],
  rotatedAt: string | null,
  previousSecretExpiresAt: string | null,
  previousSecretLastUsedAt: string | null,
  canary: boolean,
  canaryTripCount: number,
];
const tokenTuple = (t: string) =>
  `json_build_array(${t}id, ${t}name, ${t}hint, ${t}owner_id, ${ISO(`${t}created_at`)}, ${ISO(`${t}last_used_at`)},
       ${ISO(`${t}expires_at`)}, ${t}last_used_ip, ${t}last_used_user_agent, ${t}encryption_key_id, ${t}scopes::text[],
       ${ISO(`${t}rotated_at`)}, ${ISO(`${t}previous_secret_expires_at`)}, ${ISO(`${t}previous_secret_last_used_at`)},
       ${t}canary, ${t}canary_trip_count)`;

interface PageOfTuples {
  totalCount: number | string;
  rows: PageTuple[];
}

/** The page's one row: `count` (an expression), and the tokens `where` selects in keyset `order`, newest first. */
const pageStatement = (count: string, where: string, order: 'owner_id, id DESC' | 'owner_id DESC, id ASC') =>
  `SELECT ${count} AS "totalCount",
          COALESCE((SELECT json_agg(${tokenTuple('p.')} ORDER BY p.id DESC)
                      FROM (SELECT * FROM api_tokens WHERE ${where} ORDER BY ${order} LIMIT $2) p), '[]') AS rows`;

// The count rides in the page's own statement: a page and its totalCount are one snapshot.
const OWNER_COUNT = `(SELECT ${OWNER_COUNT_SUM} FROM api_token_counts WHERE user_id = $1)`;

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
  first: { name: 'api_tokens_page_first_v8', text: pageStatement(OWNER_COUNT, RANGE, 'owner_id, id DESC') },
  after: {
    name: 'api_tokens_page_after_v8',
    text: pageStatement(OWNER_COUNT, `${RANGE} AND id < $3`, 'owner_id, id DESC'),
  },
  last: { name: 'api_tokens_page_last_v8', text: pageStatement(OWNER_COUNT, RANGE, 'owner_id DESC, id ASC') },
  before: {
    name: 'api_tokens_page_before_v8',
    text: pageStatement(OWNER_COUNT, `${RANGE} AND id > $3`, 'owner_id DESC, id ASC'),
  },
} as const;

// Search by name (case-insensitive substring): the same keyset pages over the
// user's rows that match, and the number of matches, which is counted (a search
// has no kept counter; it reads only that user's rows, through the same index).
const SEARCH = {
  first: {
    name: 'api_tokens_search_first_v3',
    text: `SELECT ${ROW_COLUMNS} FROM api_tokens WHERE ${RANGE} AND name ILIKE $3 ORDER BY owner_id, id DESC LIMIT $2`,
  },
  after: {
    name: 'api_tokens_search_after_v3',
    text: `SELECT ${ROW_COLUMNS} FROM api_tokens WHERE ${RANGE} AND id < $3 AND name ILIKE $4 ORDER BY owner_id, id DESC LIMIT $2`,
  },
  last: {
    name: 'api_tokens_search_last_v3',
    text: `SELECT ${ROW_COLUMNS} FROM api_tokens WHERE ${RANGE} AND name ILIKE $3 ORDER BY owner_id DESC, id ASC LIMIT $2`,
  },
  before: {
    name: 'api_tokens_search_before_v3',
    text: `SELECT ${ROW_COLUMNS} FROM api_tokens WHERE ${RANGE} AND id > $3 AND name ILIKE $4 ORDER BY owner_id DESC, id ASC LIMIT $2`,
  },
  count: {
    name: 'api_tokens_search_count_v1',
    text: `SELECT count(*)::int AS "totalCount" FROM api_tokens WHERE ${RANGE} AND name ILIKE $2`,
  },
} as const;

/** A LIKE pattern matching `text` anywhere, with LIKE's own characters taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const toDate = (text: string | null): Date | null => (text === null ? null : new Date(text));

/** The stored scopes as the enum (the column holds nothing else). */
export const toScopes = (stored: readonly string[]): ApiTokenScope[] =>
  API_TOKEN_SCOPES.filter((scope) => stored.includes(scope));

/** A TokenRow from what `tokenColumns` selected. */
export function toRow(record: PageRecord): TokenRow {
  return {
    id: record.id,
    name: record.name,
    hint: record.hint,
    ownerId: record.ownerId,
    createdAt: new Date(record.createdAt),
    lastUsedAt: toDate(record.lastUsedAt),
    expiresAt: toDate(record.expiresAt),
    lastUsedIp: record.lastUsedIp,
    lastUsedUserAgent: record.lastUsedUserAgent,
    encryptionKeyId: record.encryptionKeyId,
    scopes: toScopes(record.scopes),
    rotatedAt: toDate(record.rotatedAt),
    previousSecretExpiresAt: toDate(record.previousSecretExpiresAt),
    previousSecretLastUsedAt: toDate(record.previousSecretLastUsedAt),
    canary: record.canary,
    canaryTripCount: record.canaryTripCount,
  };
}

/** A TokenRow from a page's tuple. */
function tupleToRow(tuple: PageTuple): TokenRow {
  const [
    id,
    name,
    hint,
    ownerId,
    createdAt,
    lastUsedAt,
    expiresAt,
    lastUsedIp,
    lastUsedUserAgent,
    encryptionKeyId,
    scopes,
    rotatedAt,
    previousSecretExpiresAt,
    previousSecretLastUsedAt,
    canary,
    canaryTripCount,
  ] = tuple;
  return {
    id,
    name,
    hint,
    ownerId,
    createdAt: new Date(createdAt),
    lastUsedAt: toDate(lastUsedAt),
    expiresAt: toDate(expiresAt),
    lastUsedIp,
    lastUsedUserAgent,
    encryptionKeyId,
    scopes: toScopes(scopes),
    rotatedAt: toDate(rotatedAt),
    previousSecretExpiresAt: toDate(previousSecretExpiresAt),
    previousSecretLastUsedAt: toDate(previousSecretLastUsedAt),
    canary,
    canaryTripCount,
  };
}

/** The user's token count on its own (when no page row carried it). */
export async function countTokens(sql: Pick<SqlRunner, 'query'>, ownerId: string): Promise<number> {
  const rows = await sql.query<{ totalCount: number | string }>(COUNT.text, [ownerId], COUNT.name);
  return Number(rows[0]?.totalCount ?? 0);
}

/** The user's tokens whose name contains `nameContains`, case-insensitively, newest first, and how many match. */
async function readSearchPage(
  sql: Pick<SqlRunner, 'query'>,
  ownerId: string,
  page: PageRequest,
  nameContains: string,
): Promise<TokenPage> {
  const backward = page.direction === 'backward';
  const { cursor } = page;
  const pattern = containsPattern(nameContains);
  const statement = backward
    ? cursor === null
      ? SEARCH.last
      : SEARCH.before
    : cursor === null
      ? SEARCH.first
      : SEARCH.after;
  const params: unknown[] = cursor === null ? [ownerId, page.limit, pattern] : [ownerId, page.limit, cursor, pattern];
  const records = await sql.query<PageRecord>(statement.text, params, statement.name);
  const counted = await sql.query<{ totalCount: number | string }>(
    SEARCH.count.text,
    [ownerId, pattern],
    SEARCH.count.name,
  );
  const rows = records.map(toRow);
  return { rows: backward ? rows.reverse() : rows, totalCount: Number(counted[0]?.totalCount ?? 0) };
}

export async function readTokenPage(
  sql: Pick<SqlRunner, 'query'>,
  ownerId: string,
  page: PageRequest,
  nameContains?: string | null,
): Promise<TokenPage> {
  if (nameContains) return readSearchPage(sql, ownerId, page, nameContains);
  const backward = page.direction === 'backward';
  const { cursor } = page;
  const statement = backward
    ? cursor === null
      ? STATEMENTS.last
      : STATEMENTS.before
    : cursor === null
      ? STATEMENTS.first
      : STATEMENTS.after;
  const params: unknown[] = cursor === null ? [ownerId, page.limit] : [ownerId, page.limit, cursor];
  const [result] = await sql.query<PageOfTuples>(statement.text, params, statement.name);
  // Newest first in either direction (the JSON array is ordered so).
  return { rows: (result?.rows ?? []).map(tupleToRow), totalCount: Number(result?.totalCount ?? 0) };
}

/** A token of the workspace's inventory, with its owner's role (its status depends on it). */
export interface WorkspaceTokenRow extends TokenRow {
  ownerRole: Role;
}

export interface WorkspaceTokenPage {
  rows: WorkspaceTokenRow[];
  /** Every token that matches the filter (all of the workspace's without one). */
  totalCount: number;
}

/** The inventory's filter, already checked (graphql/types/workspace-tokens.ts). Absent fields filter nothing. */
export interface WorkspaceTokenFilter {
  /** A user's id (UUID). */
  ownerId?: string | null | undefined;
  status?: ApiTokenStatus | null | undefined;
  /** Not used in the last N days; a token never used counts from its creation. */
  unusedForDays?: number | null | undefined;
  nameContains?: string | null | undefined;
  /** Longer-lived than the workspace's maxLifetimeDays allows today (true), or within it (false). */
  exceedsMaxLifetime?: boolean | null | undefined;
}

interface WorkspacePageRecord extends PageRecord {
  ownerRole: Role;
}

const WORKSPACE_FROM = `api_tokens t JOIN users u ON u.id = t.owner_id JOIN workspaces w ON w.id = u.workspace_id`;
// The workspace's kept counters: its number of tokens without counting rows.
const WORKSPACE_COUNT = {
  name: 'workspace_tokens_count_v2',
  text: `SELECT ${OWNER_COUNT_SUM} AS "totalCount"
           FROM api_token_counts WHERE user_id IN (SELECT id FROM users WHERE workspace_id = $1)`,
} as const;
const DAY_MS = 86_400_000;

/**
 * The WHERE clause of the inventory and its parameters ($1 is the workspace). The
 * status conditions mirror tokens/status.ts: EXPIRED first, then SUSPENDED (owner
 * watch-only, or the workspace not on Enterprise), else ACTIVE.
 */
function workspaceWhere(
  workspaceId: string,
  filter: WorkspaceTokenFilter,
  now: Date,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [workspaceId];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const conditions = ['u.workspace_id = $1'];
  if (filter.ownerId) conditions.push(`t.owner_id = ${param(filter.ownerId)}::uuid`);
  if (filter.nameContains) conditions.push(`t.name ILIKE ${param(containsPattern(filter.nameContains))}`);
  if (filter.unusedForDays != null) {
    const cutoff = new Date(now.getTime() - filter.unusedForDays * DAY_MS);
    conditions.push(`COALESCE(t.last_used_at, t.created_at) < ${param(cutoff)}::timestamptz`);
  }
  if (filter.status) {
    const at = `${param(now)}::timestamptz`;
    const expired = `(t.expires_at IS NOT NULL AND t.expires_at <= ${at})`;
    const suspended = `(u.role = 'WATCH_ONLY' OR w.plan <> 'ENTERPRISE')`;
    conditions.push(
      filter.status === 'EXPIRED'
        ? expired
        : filter.status === 'SUSPENDED'
          ? `NOT ${expired} AND ${suspended}`
          : `NOT ${expired} AND NOT ${suspended}`,
    );
  }
  if (filter.exceedsMaxLifetime != null) {
    // As exceedsMaxLifetime (policy.ts) decides it, leeway included.
    const leeway = `make_interval(days => w.max_lifetime_days, secs => ${param(LIFETIME_LEEWAY_MS / 1000)}::float8)`;
    const exceeds = `(w.max_lifetime_days IS NOT NULL AND NOT t.canary AND (t.expires_at IS NULL OR t.expires_at > t.created_at + ${leeway}))`;
    conditions.push(filter.exceedsMaxLifetime ? exceeds : `NOT ${exceeds}`);
  }
  return { sql: conditions.join(' AND '), params };
}

const hasFilter = (filter: WorkspaceTokenFilter) =>
  Boolean(filter.ownerId || filter.nameContains || filter.status) ||
  filter.unusedForDays != null ||
  filter.exceedsMaxLifetime != null;

function toWorkspaceRow(record: WorkspacePageRecord): WorkspaceTokenRow {
  return { ...toRow(record), ownerRole: record.ownerRole };
}

/**
 * One page of every token in the workspace, newest first (forward keyset on the
 * UUIDv7 id), each with its owner's role, and the number of matches: read from the
 * owners' kept counters without a filter, counted with one.
 */
export async function readWorkspaceTokenPage(
  sql: Pick<SqlRunner, 'query'>,
  workspaceId: string,
  page: Pick<PageRequest, 'limit' | 'cursor'>,
  filter: WorkspaceTokenFilter,
  now: Date,
): Promise<WorkspaceTokenPage> {
  const where = workspaceWhere(workspaceId, filter, now);
  const params = [...where.params, page.limit];
  let keyset = '';
  if (page.cursor !== null) {
    params.push(page.cursor);
    keyset = ` AND t.id < $${params.length}::uuid`;
  }
  // Unnamed: its text depends on the filter, and a custom plan suits an admin's occasional search.
  const records = await sql.query<WorkspacePageRecord>(
    `SELECT ${tokenColumns('t.')}, u.role::text AS "ownerRole" FROM ${WORKSPACE_FROM}
      WHERE ${where.sql}${keyset} ORDER BY t.id DESC LIMIT $${where.params.length + 1}`,
    params,
  );
  const counted = hasFilter(filter)
    ? await sql.query<{ totalCount: number | string }>(
        `SELECT count(*)::int AS "totalCount" FROM ${WORKSPACE_FROM} WHERE ${where.sql}`,
        where.params,
      )
    : await sql.query<{ totalCount: number | string }>(WORKSPACE_COUNT.text, [workspaceId], WORKSPACE_COUNT.name);
  return { rows: records.map(toWorkspaceRow), totalCount: Number(counted[0]?.totalCount ?? 0) };
}
