// Leak reports, as TokenService sees them: well-formed token strings (the HTTP route
// checked prefix and checksum offline: garbage never gets here) with where a
// secret-scanning program found them. What each one turned out to be decides the
// answer the program gets (true or false positive); the revocation itself is the
// service's, through the same fence as any revoke.
import type { LeakLocation } from './revoked-history.js';

/** Who revokes a leaked token: no user, so the audit log and the revoked record name the program. */
export const SECRET_SCANNING_ACTOR = 'secret scanning';

export interface LeakReport extends LeakLocation {
  /** A well-formed token (prefix and checksum already checked). */
  token: string;
}

/**
 * - `revoked`: a live token, revoked now (reason LEAKED).
 * - `already_revoked`: revoked as leaked by an earlier report (a replay): nothing done again.
 * - `canary`: a canary token; never revoked (it authenticates nothing), the report is a trip.
 * - `not_live`: no live token (unknown, expired records purged, or revoked for another reason).
 */
export type LeakOutcome = 'revoked' | 'already_revoked' | 'canary' | 'not_live';

/** Whether the program should hear "true positive": the string is, or was until a leak report, a live token of ours. */
export function isTruePositive(outcome: LeakOutcome): boolean {
  return outcome !== 'not_live';
}

/** The audit row's words: where it was found; never the token. */
export function leakDetails(leak: LeakLocation): string {
  const where = leak.url ? `found in public at ${leak.url}` : 'found in public';
  return `${where}${leak.source ? ` (source: ${leak.source})` : ''}; reported by secret scanning`;
}
