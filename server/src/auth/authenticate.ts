// Turns a well-formed token into a Principal with one indexed query that folds
// token → owner → workspace, then applies the product's rules in order (expiry,
// then the access rule of access.ts).
// The lookup goes straight to the driver (a named prepared statement on
// PostgreSQL) rather than through Prisma's raw-query path, and a successful one is
// remembered by the verification cache, which database notifications keep honest
// (see verification-cache.ts: a revoked token fails on the very next request).
import type { Clock } from '../clock.js';
import type { SqlRunner } from '../db/database.js';
import type { TokenDigester } from '../tokens/digest.js';
import { credentialFailure } from './access.js';
import { authFailure, type AuthFailure } from './failures.js';
import type { ApiTokenPrincipal } from './principal.js';
import type { VerificationCache } from './verification-cache.js';
import { principalFields, USER_WORKSPACE_COLUMNS, type UserWorkspaceRow } from './user-row.js';

interface TokenOwnerRow extends UserWorkspaceRow {
  token_id: string;
  expires_at: Date | string | null;
  last_used_at: Date | string | null;
  /** Set on a revoked-history row (second branch), whose user/workspace columns are null. */
  revoked_at: Date | string | null;
  /** A canary token (null on a revoked-history row). */
  canary: boolean | null;
}

/** A request made with a revoked token (still within its record's retention): refused, and counted. */
export interface RevokedFailure extends AuthFailure {
  reason: 'revoked';
  revokedTokenId: string;
}

/**
 * A request made with a canary token: answered exactly as an unknown token (same
 * failure, so the same status, headers and body), and the use recorded.
 */
export interface CanaryFailure extends AuthFailure {
  reason: 'unknown';
  canaryTokenId: string;
}

export interface Authenticated {
  principal: ApiTokenPrincipal;
  lastUsedAt: Date | null;
}

// The revoked history is read by the same statement (UNION ALL on its digest
// index), so a well-formed unknown token still costs one statement; a live token's
// digest is never in both tables (revoking moves it in one transaction).
// v5: the workspace's token policy joins the caller (v4 is issue 14's rotation).
const LOOKUP_NAME = 'auth_token_lookup_v5';
const LOOKUP_SQL = `SELECT t.id AS token_id, t.expires_at, t.last_used_at, NULL::timestamptz AS revoked_at, t.canary,
       ${USER_WORKSPACE_COLUMNS}
  FROM api_tokens t
  JOIN users u ON u.id = t.owner_id
  JOIN workspaces w ON w.id = u.workspace_id
 WHERE t.digest = $1
UNION ALL
SELECT r.id, NULL, NULL, r.revoked_at, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  FROM revoked_api_tokens r
 WHERE r.digest = $1`;

export interface LookupHooks {
  /** Runs just before the database lookup (not for a cached verification); throwing prevents it. */
  beforeLookup?: () => Promise<void>;
}

export type TokenAuthenticator = (
  token: string,
  hooks?: LookupHooks,
) => Promise<Authenticated | AuthFailure | RevokedFailure | CanaryFailure>;

export function createTokenAuthenticator(options: {
  sql: Pick<SqlRunner, 'query'>;
  digest: TokenDigester;
  clock: Clock;
  cache: VerificationCache;
  /** REVOKED_RETENTION_DAYS: an older record (not purged yet) no longer counts uses. */
  revokedRetentionDays: number;
}): TokenAuthenticator {
  const { sql, digest, clock, cache } = options;
  const retentionMs = options.revokedRetentionDays * 86_400_000;
  return async (token, hooks) => {
    const tokenDigest = digest(token);
    const key = Buffer.from(tokenDigest.buffer, tokenDigest.byteOffset, tokenDigest.byteLength).toString('base64');
    const now = clock().getTime();
    const hit = cache.get(key, now);
    // An expired hit falls through: the lookup gives the exact answer.
    if (hit && (hit.expiresAtMs === null || hit.expiresAtMs > now))
      return { principal: hit.principal, lastUsedAt: hit.lastUsedAt };
    await hooks?.beforeLookup?.();
    const generation = cache.generation();
    const rows = await sql.query<TokenOwnerRow>(LOOKUP_SQL, [tokenDigest], LOOKUP_NAME);
    const row = rows[0];
    if (!row) return authFailure('unknown');
    if (row.revoked_at !== null) {
      if (new Date(row.revoked_at).getTime() <= clock().getTime() - retentionMs) return authFailure('unknown');
      return { ...authFailure('revoked'), reason: 'revoked', revokedTokenId: row.token_id };
    }
    // Before every other rule: a canary is never expired, suspended or cached, only unknown.
    if (row.canary) return { ...authFailure('unknown'), reason: 'unknown', canaryTokenId: row.token_id };
    const expiresAtMs = row.expires_at === null ? null : new Date(row.expires_at).getTime();
    if (expiresAtMs !== null && expiresAtMs <= clock().getTime()) return authFailure('expired');
    const principal: ApiTokenPrincipal = { kind: 'apiToken', tokenId: row.token_id, ...principalFields(row) };
    // The access rule (access.ts): a token that may do nothing is refused here, and never cached.
    const refused = credentialFailure(principal);
    if (refused) return refused;
    const lastUsedAt = row.last_used_at === null ? null : new Date(row.last_used_at);
    cache.set(key, { principal, expiresAtMs, lastUsedAt }, generation, now);
    return { principal, lastUsedAt };
  };
}
