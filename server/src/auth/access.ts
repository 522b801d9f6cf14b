// Who may use the API, as one rule for every credential. The schema applies it as
// scope-auth scopes (graphql/builder.ts: `apiAccess` on every root field,
// `usableCredential` on `viewer`); the token lookup applies it too (authenticate.ts),
// so a token that can do nothing at all is refused before any GraphQL work and is
// never cached.
//   - API access exists only for workspaces on the Enterprise plan.
//   - Watch-only users cannot use API tokens at all.
//   - A browser session may always load `viewer`, so the page can say why the rest
//     is unavailable; watch-only users may look but not change (the `tokenManager` scope).
import { authFailure, type AuthFailure } from './failures.js';
import type { Principal } from './principal.js';

type Caller = Pick<Principal, 'kind' | 'role' | 'plan'>;

/** Why the caller may not use the API beyond `viewer`; null when it may. */
export function apiAccessFailure(caller: Caller): AuthFailure | null {
  if (caller.kind === 'apiToken' && caller.role === 'WATCH_ONLY') return authFailure('watch_only');
  if (caller.plan !== 'ENTERPRISE') return authFailure('plan');
  return null;
}

/** Why the credential may not be used at all (not even for `viewer`); null when it may. */
export function credentialFailure(caller: Caller): AuthFailure | null {
  return caller.kind === 'apiToken' ? apiAccessFailure(caller) : null;
}
