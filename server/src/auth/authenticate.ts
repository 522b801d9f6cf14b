// Turns a well-formed token into a Principal with one indexed query that folds
// token → owner → workspace, then applies the product's rules in order.
// The lookup runs on every request, so it goes straight to the driver (a named
// prepared statement on PostgreSQL) rather than through Prisma's raw-query path;
// there is no cache, so a revoked token fails on the very next request.
import type { Clock } from '../clock.js';
import type { SqlRunner } from '../db/database.js';
import type { TokenDigester } from '../tokens/digest.js';
import { authFailure, type AuthFailure } from './failures.js';
import type { ApiTokenPrincipal } from './principal.js';
import { principalFields, USER_WORKSPACE_COLUMNS, type UserWorkspaceRow } from './user-row.js';

interface TokenOwnerRow extends UserWorkspaceRow {
  token_id: string;
  expires_at: Date | string | null;
  last_used_at: Date | string | null;
}

export interface Authenticated {
  principal: ApiTokenPrincipal;
  lastUsedAt: Date | null;
}

const LOOKUP_NAME = 'auth_token_lookup_v1';
const LOOKUP_SQL = `SELECT t.id AS token_id, t.expires_at, t.last_used_at,
       ${USER_WORKSPACE_COLUMNS}
  FROM api_tokens t
  JOIN users u ON u.id = t.owner_id
  JOIN workspaces w ON w.id = u.workspace_id
 WHERE t.digest = $1`;

export async function authenticateToken(
  sql: Pick<SqlRunner, 'query'>,
  digest: TokenDigester,
  clock: Clock,
  token: string,
): Promise<Authenticated | AuthFailure> {
  const rows = await sql.query<TokenOwnerRow>(LOOKUP_SQL, [digest(token)], LOOKUP_NAME);
  const row = rows[0];
  if (!row) return authFailure('unknown');
  if (row.expires_at !== null && new Date(row.expires_at).getTime() <= clock().getTime()) {
    return authFailure('expired');
  }
  if (row.role === 'WATCH_ONLY') return authFailure('watch_only');
  if (row.plan !== 'ENTERPRISE') return authFailure('plan');
  return {
    principal: { kind: 'apiToken', tokenId: row.token_id, ...principalFields(row) },
    lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at),
  };
}
