// What an API token may do: the scopes it was created with, never changed
// afterwards. The schema checks them per operation (graphql/builder.ts: the
// `tokenScope` auth scope; a request outside them is refused with 403, reason
// "scope"); this module holds the rules of who may grant which scope.
//   - A role caps what its holder's tokens may carry: admins all four, members the
//     token scopes, watch-only users nothing (they cannot have tokens).
//   - No escalation: a request made with an API token can hand out (create or
//     rotate) only a token whose scopes the calling token holds itself. A session
//     (the page) and the operator (CLI) are capped by the role only.
// The role still decides at every request (auth/access.ts, the schema's scopes): a
// demoted admin's AUDIT_READ token reads no audit log.
import { ForbiddenError, ValidationError } from '../errors.js';
import type { ApiTokenScope, Role } from '../generated/prisma/client.js';

export type { ApiTokenScope } from '../generated/prisma/client.js';

/** Every scope, in the order they are shown and stored. */
export const API_TOKEN_SCOPES: readonly ApiTokenScope[] = [
  'TOKENS_READ',
  'TOKENS_WRITE',
  'AUDIT_READ',
  'WORKSPACE_ADMIN',
];

export function isApiTokenScope(value: unknown): value is ApiTokenScope {
  return typeof value === 'string' && (API_TOKEN_SCOPES as readonly string[]).includes(value);
}

const ROLE_SCOPES: Record<Role, readonly ApiTokenScope[]> = {
  ADMIN: API_TOKEN_SCOPES,
  MEMBER: ['TOKENS_READ', 'TOKENS_WRITE'],
  WATCH_ONLY: [],
};

/** The scopes a role's tokens may carry. */
export function scopesForRole(role: Role): readonly ApiTokenScope[] {
  return ROLE_SCOPES[role];
}

/** Who hands out a token: their role, and the scopes of the API token they call with (null: a session or the operator). */
export interface Grantor {
  role: Role;
  grantorScopes?: readonly ApiTokenScope[] | null | undefined;
}

/** The scopes a grantor may give: the role's, narrowed to the calling token's own. */
export function grantableScopes(grantor: Grantor): ApiTokenScope[] {
  const own = grantor.grantorScopes;
  return scopesForRole(grantor.role).filter((scope) => !own || own.includes(scope));
}

/** Why `grantor` may not hand out a token carrying `scope`, or null when it may. */
function refusal(scope: ApiTokenScope, grantor: Grantor, action: 'grant' | 'rotate'): ForbiddenError | null {
  if (!scopesForRole(grantor.role).includes(scope)) {
    return new ForbiddenError(
      action === 'grant'
        ? `Your role (${grantor.role}) cannot grant ${scope}: only workspace admins can.`
        : `This token holds ${scope}, which your role (${grantor.role}) may not hold: create a new token with the scopes you may grant instead.`,
    );
  }
  if (grantor.grantorScopes && !grantor.grantorScopes.includes(scope)) {
    return new ForbiddenError(
      action === 'grant'
        ? `The API token you called with does not hold ${scope}, so it cannot grant it (a token never hands out more than it holds).`
        : `This token holds ${scope}, which the API token you called with does not: only a credential holding all of a token's scopes may rotate it.`,
    );
  }
  return null;
}

/**
 * The scopes of a new token: those asked for (in canonical order, without
 * repeats), or when none are named every scope the grantor may give. An empty
 * list is a ValidationError; a scope beyond the grantor's a ForbiddenError naming it.
 */
export function scopesToGrant(
  requested: readonly ApiTokenScope[] | null | undefined,
  grantor: Grantor,
): ApiTokenScope[] {
  if (requested === null || requested === undefined) return grantableScopes(grantor);
  if (requested.length === 0) throw new ValidationError('Choose at least one scope.', 'scopes');
  for (const scope of requested) {
    if (!API_TOKEN_SCOPES.includes(scope)) throw new ValidationError(`Unknown scope ${String(scope)}.`, 'scopes');
    const refused = refusal(scope, grantor, 'grant');
    if (refused) throw refused;
  }
  return API_TOKEN_SCOPES.filter((scope) => requested.includes(scope));
}

/** Refuses (ForbiddenError) a rotation that would hand the grantor a token with a scope it may not grant. */
export function assertMayRotate(scopes: readonly ApiTokenScope[], grantor: Grantor): void {
  for (const scope of scopes) {
    const refused = refusal(scope, grantor, 'rotate');
    if (refused) throw refused;
  }
}

/** Scopes in words for the audit log: "TOKENS_READ, TOKENS_WRITE". */
export function describeScopes(scopes: readonly ApiTokenScope[]): string {
  return scopes.join(', ');
}
