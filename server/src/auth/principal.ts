import type { ApiTokenScope, Plan, Role } from '../generated/prisma/client.js';

/**
 * Who is calling, resolved once per request by the context factory. Readonly by design.
 * `kind` says which credential: an API token (its id is known, so its last use is
 * recorded) or a browser session of the web page (no token, nothing recorded).
 */
export type Principal = ApiTokenPrincipal | SessionPrincipal;
export type ApiTokenPrincipal = PrincipalBase & {
  readonly kind: 'apiToken';
  readonly tokenId: string;
  /** What the token may do (tokens/scopes.ts); a session is limited by its role only. */
  readonly scopes: readonly ApiTokenScope[];
  /**
   * When this credential stops working: the token's expiry, or for the secret a
   * rotation replaced the end of its overlap if that comes first. Null: never.
   */
  readonly expiresAt: Date | null;
};
export type SessionPrincipal = PrincipalBase & { readonly kind: 'session'; readonly tokenId: null };

interface PrincipalBase {
  readonly userId: string;
  readonly email: string;
  readonly role: Role;
  readonly workspaceId: string;
  readonly plan: Plan;
  readonly auditLogsEnabled: boolean;
  /** The workspace's token policy (tokens/policy.ts), read with the caller; null: not set. */
  readonly maxLifetimeDays: number | null;
  readonly inactivityRevokeDays: number | null;
  /**
   * The rest of the caller's user and workspace rows, read by the same lookup, so that
   * `viewer` is answered without a database trip (graphql/types/viewer-rows.ts). Kept
   * honest in the verification cache by the same triggers as the role and plan.
   */
  readonly name: string;
  readonly userCreatedAt: Date;
  readonly workspaceName: string;
  readonly tokensRevealable: boolean;
  readonly workspaceCreatedAt: Date;
}
