// Turns a well-formed token into a Principal with one indexed query that folds
// token → owner → workspace, then applies the product's rules in order (expiry,
// then the access rule of access.ts). A token is found by its secret or, while a
// rotation's overlap lasts, by the secret the rotation replaced.
// The lookup goes straight to the driver (a named prepared statement on
// PostgreSQL) rather than through Prisma's raw-query path, and a successful one is
// remembered by the verification cache, which database notifications keep honest
// (see verification-cache.ts: a revoked token fails on the very next request).
import type { Clock } from '../clock.js';
import type { SqlRunner } from '../db/database.js';
import type { TokenDigester } from '../tokens/digest.js';
import { toScopes } from '../tokens/pages.js';
import { credentialFailure } from './access.js';
import { authFailure, type AuthFailure } from './failures.js';
import type { ApiTokenPrincipal } from './principal.js';
import type { VerificationCache } from './verification-cache.js';
import {
  principalFields,
  USER_WORKSPACE_COLUMN_COUNT,
  USER_WORKSPACE_COLUMNS,
  type UserWorkspaceRow,
} from './user-row.js';

interface TokenOwnerRow extends UserWorkspaceRow {
  /** Which digest matched: the token's secret, the one its last rotation replaced, or a revoked-history record. */
  matched: 'current' | 'previous' | 'revoked';
  token_id: string;
  expires_at: Date | string | null;
  /** The matched secret's last use (for `previous`, during its overlap). */
  last_used_at: Date | string | null;
  scopes: string[] | null;
  /** `previous`: when that secret stops working. */
  previous_until: Date | string | null;
  /** `revoked`: when it was revoked (for a rotated-away secret, the end of its overlap). */
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
  /** The last use of the secret presented (throttles its last-use write). */
  lastUsedAt: Date | null;
  /** The digest of the secret presented, when it is the one a rotation replaced (its last use is kept apart). */
  previousSecret: Uint8Array<ArrayBuffer> | null;
}

// One statement, three branches, each on a unique or plain index of its digest: the
// token's secret, the secret its last rotation replaced (while it overlaps, and
// after), and the revoked history (revoked tokens, and rotated-away secrets whose
// record says from when they stop). A well-formed unknown token still costs one
// statement. A digest is in at most one live branch; a rotated-away secret is in
// `previous` and `revoked` at once, and its record decides once the overlap ends.
// v5: the workspace's token policy (max lifetime, inactivity) joins the caller.
// v6: the user's name and creation, the workspace's name, re-viewing and creation (`viewer` without a query).
const LOOKUP_NAME = 'auth_token_lookup_v6';
const TOKEN_OWNER = `FROM api_tokens t
  JOIN users u ON u.id = t.owner_id
  JOIN workspaces w ON w.id = u.workspace_id`;
const LOOKUP_SQL = `SELECT 'current' AS matched, t.id AS token_id, t.expires_at, t.last_used_at, t.scopes::text[] AS scopes,
       NULL::timestamptz AS previous_until, NULL::timestamptz AS revoked_at, t.canary, ${USER_WORKSPACE_COLUMNS}
  ${TOKEN_OWNER}
 WHERE t.digest = $1
UNION ALL
SELECT 'previous', t.id, t.expires_at, t.previous_secret_last_used_at, t.scopes::text[],
       t.previous_secret_expires_at, NULL, t.canary, ${USER_WORKSPACE_COLUMNS}
  ${TOKEN_OWNER}
 WHERE t.previous_digest = $1
UNION ALL
SELECT 'revoked', r.id, NULL, NULL, NULL, NULL, r.revoked_at, NULL, ${Array(USER_WORKSPACE_COLUMN_COUNT).fill('NULL').join(', ')}
  FROM revoked_api_tokens r
 WHERE r.digest = $1`;

const time = (value: Date | string | null): number | null => (value === null ? null : new Date(value).getTime());

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
      return { principal: hit.principal, lastUsedAt: hit.lastUsedAt, previousSecret: hit.previousSecret };
    await hooks?.beforeLookup?.();
    const generation = cache.generation();
    const rows = await sql.query<TokenOwnerRow>(LOOKUP_SQL, [tokenDigest], LOOKUP_NAME);
    const checkedAt = clock().getTime();
    // The token's own secret; else the secret its last rotation replaced, while it overlaps.
    const row =
      rows.find((r) => r.matched === 'current') ??
      rows.find((r) => r.matched === 'previous' && (time(r.previous_until) ?? 0) > checkedAt);
    if (!row) {
      // Revoked, or a rotated-away secret past its overlap: refused, and counted while the record is kept.
      const revoked = rows.find((r) => r.matched === 'revoked');
      if (!revoked || (time(revoked.revoked_at) ?? 0) <= checkedAt - retentionMs) return authFailure('unknown');
      return { ...authFailure('revoked'), reason: 'revoked', revokedTokenId: revoked.token_id };
    }
    // Before every other rule: a canary is never expired, suspended or cached, only unknown.
    if (row.canary) return { ...authFailure('unknown'), reason: 'unknown', canaryTokenId: row.token_id };
    const tokenExpiresAtMs = time(row.expires_at);
    if (tokenExpiresAtMs !== null && tokenExpiresAtMs <= checkedAt) return authFailure('expired');
    // A replaced secret works until its overlap ends or the token expires, whichever comes first.
    const previousUntilMs = time(row.previous_until);
    const expiresAtMs =
      previousUntilMs === null || (tokenExpiresAtMs !== null && tokenExpiresAtMs < previousUntilMs)
        ? tokenExpiresAtMs
        : previousUntilMs;
    const principal: ApiTokenPrincipal = {
      kind: 'apiToken',
      tokenId: row.token_id,
      ...principalFields(row),
      scopes: toScopes(row.scopes ?? []),
      expiresAt: expiresAtMs === null ? null : new Date(expiresAtMs),
    };
    // The access rule (access.ts): a token that may do nothing is refused here, and never cached.
    const refused = credentialFailure(principal);
    if (refused) return refused;
    const lastUsedAt = row.last_used_at === null ? null : new Date(row.last_used_at);
    const previousSecret = row.matched === 'previous' ? tokenDigest : null;
    // The entry carries the credential's end (the overlap's, for a replaced secret): a hit past it is looked up again.
    cache.set(key, { principal, expiresAtMs, lastUsedAt, previousSecret }, generation, now);
    return { principal, lastUsedAt, previousSecret };
  };
}
