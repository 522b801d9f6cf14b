// A token's status as a person should read it. It mirrors the refusals of
// authentication (auth/authenticate.ts) in the same order: an expired token is
// EXPIRED even if its owner is also suspended, because it will not come back.
// SUSPENDED tokens are not changed in the database: they work again by themselves
// when the role or plan is restored.
import type { Plan, Role } from '../generated/prisma/client.js';

export type ApiTokenStatus = 'ACTIVE' | 'EXPIRED' | 'SUSPENDED';

export interface TokenStatus {
  status: ApiTokenStatus;
  /** Why a SUSPENDED token is refused, in words for its owner; null otherwise. */
  suspendedReason: string | null;
}

export const SUSPENDED_WATCH_ONLY =
  'Your role is watch-only, so your tokens are refused for now. They work again if an admin gives you back a role that may use API tokens.';
export const SUSPENDED_PLAN =
  'API access requires the Enterprise plan, so your tokens are refused for now. They work again when the workspace is on the Enterprise plan.';
/** The same reason as a workspace admin reads it about someone else's token (the inventory). */
export const SUSPENDED_WATCH_ONLY_OWNER =
  "Its owner's role is watch-only, so it is refused for now. It works again if the owner gets back a role that may use API tokens.";

/** `owner.role` is the token owner's; `reader` says whether its owner or someone else (an admin) reads the reason. */
export function tokenStatus(
  token: { expiresAt: Date | string | null },
  owner: { role: Role; plan: Plan },
  now: Date,
  reader: 'owner' | 'admin' = 'owner',
): TokenStatus {
  if (token.expiresAt !== null && new Date(token.expiresAt).getTime() <= now.getTime()) {
    return { status: 'EXPIRED', suspendedReason: null };
  }
  if (owner.role === 'WATCH_ONLY')
    return {
      status: 'SUSPENDED',
      suspendedReason: reader === 'owner' ? SUSPENDED_WATCH_ONLY : SUSPENDED_WATCH_ONLY_OWNER,
    };
  if (owner.plan !== 'ENTERPRISE') return { status: 'SUSPENDED', suspendedReason: SUSPENDED_PLAN };
  return { status: 'ACTIVE', suspendedReason: null };
}
