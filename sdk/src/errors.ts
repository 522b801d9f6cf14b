// Failures that stop a request from producing a result are thrown as these
// classes; business outcomes (ValidationError, NotFoundError, …) are returned as
// union members instead. `kind` discriminates; `code` is the server's own code
// when it sent one.
import type { ApiTokenScope } from './generated/graphql.js';
import type { TokenProblem } from './token.js';

export type ApiTokensErrorKind =
  | 'invalid_token'
  | 'unauthenticated'
  | 'forbidden'
  | 'rate_limited'
  | 'network'
  | 'server'
  | 'graphql'
  | 'timeout'
  | 'aborted';

export interface ApiTokensErrorDetails {
  code: string;
  /** HTTP status of the response, when there was one. */
  status?: number | undefined;
  /** The server's machine-readable reason (e.g. "expired", "plan"), when it sent one. */
  reason?: string | undefined;
  /** Seconds the server asked to wait (Retry-After), when it said. */
  retryAfterSeconds?: number | undefined;
  /** The scope the API token lacks (`reason: "scope"`), when the server named one. */
  requiredScope?: ApiTokenScope | undefined;
  cause?: unknown;
}

/** Base class of every error the SDK throws. */
export abstract class ApiTokensError extends Error {
  abstract readonly kind: ApiTokensErrorKind;
  readonly code: string;
  readonly status: number | undefined;
  readonly reason: string | undefined;
  /** Seconds the server asked to wait before trying again (Retry-After on 429 and 503). */
  readonly retryAfterSeconds: number | undefined;

  constructor(message: string, details: ApiTokensErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = details.code;
    this.status = details.status;
    this.reason = details.reason;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

/** The token was refused by `createClient` before any request: wrong prefix, length, characters or checksum. */
export class InvalidTokenError extends ApiTokensError {
  override readonly name = 'InvalidTokenError';
  readonly kind = 'invalid_token';
  declare readonly reason: TokenProblem;
  constructor(message: string, reason: TokenProblem) {
    super(message, { code: 'INVALID_TOKEN', reason });
  }
}

/** HTTP 401: the token is unknown, revoked, expired or malformed. A new token is needed. */
export class UnauthenticatedError extends ApiTokensError {
  override readonly name = 'UnauthenticatedError';
  readonly kind = 'unauthenticated';
}

/**
 * HTTP 403 (or a FORBIDDEN GraphQL error): the token is valid but not allowed to do
 * this. With `reason: "scope"` the token lacks a scope, named by `requiredScope`.
 */
export class ForbiddenError extends ApiTokensError {
  override readonly name = 'ForbiddenError';
  readonly kind = 'forbidden';
  readonly requiredScope: ApiTokenScope | undefined;
  constructor(message: string, details: ApiTokensErrorDetails) {
    super(message, details);
    this.requiredScope = details.requiredScope;
  }
}

/** HTTP 429: too many requests. `retryAfterSeconds` comes from the Retry-After header. */
export class RateLimitedError extends ApiTokensError {
  override readonly name = 'RateLimitedError';
  readonly kind = 'rate_limited';
}

/** The server could not be reached (DNS, refused connection, TLS, aborted request). */
export class NetworkError extends ApiTokensError {
  override readonly name = 'NetworkError';
  readonly kind = 'network';
}

/** The server answered with a 5xx (503: `retryAfterSeconds` when it said) or with something that is not a GraphQL response. */
export class ServerError extends ApiTokensError {
  override readonly name = 'ServerError';
  readonly kind = 'server';
}

/** The server rejected the operation itself (e.g. BAD_USER_INPUT for a page size out of range). */
export class GraphQLRequestError extends ApiTokensError {
  override readonly name = 'GraphQLRequestError';
  readonly kind = 'graphql';
}

/** The call did not settle within its `timeoutMs` (retries and their waits included); the request was cancelled. */
export class TimeoutError extends ApiTokensError {
  override readonly name = 'TimeoutError';
  readonly kind = 'timeout';
}

/** The caller's `signal` aborted the call; `cause` is the signal's reason. */
export class AbortedError extends ApiTokensError {
  override readonly name = 'AbortedError';
  readonly kind = 'aborted';
}

export function isApiTokensError(value: unknown): value is ApiTokensError {
  return value instanceof ApiTokensError;
}
