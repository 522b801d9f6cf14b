// Every way authentication can fail, with the status, code and message a person
// sees. One table so the early header check and the context factory agree.
export type AuthFailureReason =
  | 'missing'
  | 'malformed_header'
  | 'malformed_token'
  | 'unknown'
  | 'revoked'
  | 'expired'
  | 'watch_only'
  | 'plan'
  | 'session_invalid'
  | 'csrf';

export interface AuthFailure {
  reason: AuthFailureReason;
  status: 401 | 403;
  code: 'UNAUTHENTICATED' | 'FORBIDDEN';
  message: string;
}

const FAILURES: Record<AuthFailureReason, Omit<AuthFailure, 'reason'>> = {
  missing: {
    status: 401,
    code: 'UNAUTHENTICATED',
    message: 'Authentication required: send an API token as "Authorization: Bearer <token>".',
  },
  malformed_header: {
    status: 401,
    code: 'UNAUTHENTICATED',
    message: 'The Authorization header must have the form "Bearer <token>".',
  },
  malformed_token: {
    status: 401,
    code: 'UNAUTHENTICATED',
    message: 'The API token is malformed: check that it was copied whole.',
  },
  unknown: { status: 401, code: 'UNAUTHENTICATED', message: 'The API token is invalid or has been revoked.' },
  // Same words as `unknown` (clients match on them); `reason` tells the two apart.
  revoked: { status: 401, code: 'UNAUTHENTICATED', message: 'The API token is invalid or has been revoked.' },
  expired: { status: 401, code: 'UNAUTHENTICATED', message: 'The API token has expired.' },
  watch_only: { status: 403, code: 'FORBIDDEN', message: 'Watch-only users cannot use API tokens.' },
  plan: { status: 403, code: 'FORBIDDEN', message: 'API access requires the Enterprise plan.' },
  session_invalid: { status: 401, code: 'UNAUTHENTICATED', message: 'Your session has expired or is invalid: sign in again.' },
  csrf: {
    status: 403,
    code: 'FORBIDDEN',
    message: 'Requests signed in with the session cookie must come from this site and send the X-GraphQL-Yoga-CSRF header.',
  },
};

export function authFailure(reason: AuthFailureReason): AuthFailure {
  return { reason, ...FAILURES[reason] };
}

export function wwwAuthenticate(failure: AuthFailure): string {
  if (failure.reason === 'missing') return 'Bearer realm="api"';
  if (failure.status === 403) return `Bearer realm="api", error="insufficient_scope"`;
  return `Bearer realm="api", error="invalid_token", error_description="${failure.message.replace(/"/g, "'")}"`;
}

/** The JSON body of a failed authentication, shaped like any GraphQL error response. */
export function authFailureBody(failure: AuthFailure): string {
  return JSON.stringify({
    errors: [{ message: failure.message, extensions: { code: failure.code, reason: failure.reason } }],
  });
}
