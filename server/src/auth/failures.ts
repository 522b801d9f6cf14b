// Every way authentication can fail, with the status, code and message a person
// sees, and the one way a failure is rendered: one table and one renderer, so the
// early header check, the credential lookup, the access scopes and the HTTP
// routes all answer alike.
import type { GraphQLError } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';
import type { ApiTokenScope } from '../generated/prisma/client.js';

export type AuthFailureReason =
  | 'missing'
  | 'malformed_header'
  | 'malformed_token'
  | 'unknown'
  | 'revoked'
  | 'expired'
  | 'watch_only'
  | 'plan'
  | 'scope'
  | 'session_invalid'
  | 'csrf';

export interface AuthFailure {
  reason: AuthFailureReason;
  status: 401 | 403;
  code: 'UNAUTHENTICATED' | 'FORBIDDEN';
  message: string;
  /** `scope`: the scope the API token lacks (also in `extensions.requiredScope`). */
  requiredScope?: ApiTokenScope;
}

export function isAuthFailureReason(value: unknown): value is AuthFailureReason {
  return typeof value === 'string' && Object.hasOwn(FAILURES, value);
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
  // The generic words; scopeFailure() names the scope and the field.
  scope: { status: 403, code: 'FORBIDDEN', message: 'The API token lacks the scope this operation requires.' },
  session_invalid: {
    status: 401,
    code: 'UNAUTHENTICATED',
    message: 'Your session has expired or is invalid: sign in again.',
  },
  csrf: {
    status: 403,
    code: 'FORBIDDEN',
    message:
      'Requests signed in with the session cookie must come from this site and send the X-GraphQL-Yoga-CSRF header.',
  },
};

export function authFailure(reason: AuthFailureReason): AuthFailure {
  return { reason, ...FAILURES[reason] };
}

/** An API token used outside its scopes: `field` (e.g. "createApiToken") needs `scope`. */
export function scopeFailure(scope: ApiTokenScope, field: string): AuthFailure {
  return {
    ...authFailure('scope'),
    message: `This API token lacks the ${scope} scope, which ${field} requires. Create a token with that scope.`,
    requiredScope: scope,
  };
}

export function wwwAuthenticate(failure: AuthFailure): string {
  if (failure.reason === 'missing') return 'Bearer realm="api"';
  // RFC 6750 §3: the scope needed, where one is missing.
  if (failure.requiredScope) return `Bearer realm="api", error="insufficient_scope", scope="${failure.requiredScope}"`;
  if (failure.status === 403) return `Bearer realm="api", error="insufficient_scope"`;
  return `Bearer realm="api", error="invalid_token", error_description="${failure.message.replace(/"/g, "'")}"`;
}

/** The JSON body of a failed authentication, shaped like any GraphQL error response. */
export function authFailureBody(failure: AuthFailure): string {
  return JSON.stringify({ errors: [{ message: failure.message, extensions: failureExtensions(failure) }] });
}

function failureExtensions(failure: AuthFailure): { code: string; reason: string; requiredScope?: ApiTokenScope } {
  const { code, reason, requiredScope } = failure;
  return requiredScope ? { code, reason, requiredScope } : { code, reason };
}

/** Status and headers of a failed authentication's response. */
export function authFailureInit(failure: AuthFailure): { status: number; headers: Record<string, string> } {
  return {
    status: failure.status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'www-authenticate': wwwAuthenticate(failure) },
  };
}

/** The failure as a whole response (before any GraphQL work). */
export function authFailureResponse(failure: AuthFailure, fetchAPI: { Response: typeof Response }): Response {
  return new fetchAPI.Response(authFailureBody(failure), authFailureInit(failure));
}

/**
 * Builds an error without capturing a stack trace. A refusal is an answer, not a
 * fault: nothing reads its stack, and capturing one (GraphQLError does, through
 * Error.captureStackTrace) cost ~10–15 µs per error, two per refused request
 * (bench/README.md, issue 16: 12 % of W4's profile was GraphQLError).
 */
export function withoutStackTrace<T>(build: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return build();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** The failure as a GraphQL error: Yoga answers it with the same status, header and body. */
export function authFailureError(failure: AuthFailure): GraphQLError {
  return withoutStackTrace(() =>
    createGraphQLError(failure.message, {
      extensions: {
        ...failureExtensions(failure),
        http: { status: failure.status, headers: { 'WWW-Authenticate': wwwAuthenticate(failure) } },
      },
    }),
  );
}
