// The revoked history: what stays of a revoked token (never its value) for
// REVOKED_RETENTION_DAYS. The record is written by the revoking statement
// (revoke-statement.ts, with the values this module decides); the token row itself
// is deleted for good, so it can never authenticate again. The digest is kept only
// so authentication can recognise (and count) a request made with a revoked token
// (auth/authenticate.ts reads both tables in one statement). A rotation leaves a
// record too (reason ROTATED, rotate-statements.ts): the secret it replaced, whose
// revokedAt is the end of its overlap, so a request made with it afterwards is
// refused and counted like one with a revoked token, while the token lives on.
import type { SqlRunner } from '../db/database.js';
import type { RevocationReason } from '../generated/prisma/client.js';

export interface Revoker {
  /** Null: the operator CLI. */
  userId: string | null;
  email: string;
}

export const OPERATOR_DISPLAY = 'operator (CLI)';

/** Where a leaked token was found, as the secret-scanning report said (never the token). */
export interface LeakLocation {
  url: string | null;
  source: string | null;
}

/** OWNER when the owner revoked it, ADMIN when anyone else did (another user or the operator). */
export function revocationReason(token: { ownerId: string }, actor: Revoker): RevocationReason {
  return actor.userId === token.ownerId ? 'OWNER' : 'ADMIN';
}

/** What a revocation records besides the token: why, and for a leak, where it was found. */
export interface RevocationNote {
  /** Default: OWNER or ADMIN by who revoked it (revocationReason). */
  reason?: RevocationReason;
  /** Reason LEAKED: the report's url and source. */
  leak?: LeakLocation | null;
  /** Who revoked it, for display, when no user did (default "operator (CLI)"; null: the system, e.g. the inactivity sweep). */
  revokedBy?: string | null;
}

/** Who the record says revoked it: the user's email, else the note's system actor (default the operator). */
export function revokedByDisplay(actor: Revoker, note: RevocationNote): string | null {
  if (actor.userId !== null) return actor.email;
  return note.revokedBy === undefined ? OPERATOR_DISPLAY : note.revokedBy;
}

// One statement on the driver (index on revoked_at): cheap enough to run before a
// server reports itself started, without loading Prisma's query machinery.
const PURGE = {
  name: 'revoked_api_tokens_purge_v1',
  text: 'WITH purged AS (DELETE FROM revoked_api_tokens WHERE revoked_at < $1 RETURNING 1) SELECT count(*)::int AS "count" FROM purged',
} as const;

/** Deletes records revoked more than `retentionDays` ago; returns how many. */
export async function purgeRevokedTokens(
  sql: Pick<SqlRunner, 'query'>,
  retentionDays: number,
  now: Date,
): Promise<number> {
  const rows = await sql.query<{ count: number | string }>(
    PURGE.text,
    [retentionCutoff(retentionDays, now)],
    PURGE.name,
  );
  return Number(rows[0]?.count ?? 0);
}

/** The cutoff as authentication applies it: a record older than this no longer counts uses. */
export function retentionCutoff(retentionDays: number, now: Date): Date {
  return new Date(now.getTime() - retentionDays * 86_400_000);
}
