// Turns urql's CombinedError (network error or GraphQL errors, plus the raw
// Response) into one of the SDK's typed errors, keeping the server's message,
// code and reason.
import type { CombinedError } from '@urql/core';
import {
  ForbiddenError,
  GraphQLRequestError,
  NetworkError,
  RateLimitedError,
  ServerError,
  UnauthenticatedError,
  type ApiTokensError,
} from './errors.js';
import type { ApiTokenScope } from './generated/graphql.js';

const SCOPES: readonly ApiTokenScope[] = ['TOKENS_READ', 'TOKENS_WRITE', 'AUDIT_READ', 'WORKSPACE_ADMIN'];

export function retryAfterSeconds(header: string | null | undefined): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

export function toApiTokensError(error: CombinedError): ApiTokensError {
  // urql keeps the fetch Response on the error; absent when fetch itself threw.
  const response = error.response as Response | undefined;
  const status = response?.status;
  const first = error.graphQLErrors[0];
  const extensions = (first?.extensions ?? {}) as { code?: unknown; reason?: unknown; requiredScope?: unknown };
  const serverCode = typeof extensions.code === 'string' ? extensions.code : undefined;
  const reason = typeof extensions.reason === 'string' ? extensions.reason : undefined;
  const message = first?.message ?? error.networkError?.message ?? error.message;
  const details = {
    status,
    reason,
    cause: error,
    retryAfterSeconds: retryAfterSeconds(response?.headers?.get('retry-after')),
  };

  if (status === 429 || serverCode === 'RATE_LIMITED') {
    return new RateLimitedError(first?.message ?? 'Too many requests: slow down and retry later.', {
      ...details,
      code: serverCode ?? 'RATE_LIMITED',
    });
  }
  if (status === 401 || serverCode === 'UNAUTHENTICATED') {
    return new UnauthenticatedError(message, { ...details, code: serverCode ?? 'UNAUTHENTICATED' });
  }
  if (status === 403 || serverCode === 'FORBIDDEN') {
    const requiredScope = SCOPES.find((scope) => scope === extensions.requiredScope);
    return new ForbiddenError(message, { ...details, code: serverCode ?? 'FORBIDDEN', requiredScope });
  }
  if (!response) {
    const cause = error.networkError?.cause;
    const detail = cause instanceof Error && cause.message ? ` (${cause.message})` : '';
    return new NetworkError(`Could not reach the API: ${message}${detail}`, { ...details, code: 'NETWORK_ERROR' });
  }
  if (
    (status !== undefined && status >= 500) ||
    error.networkError ||
    serverCode === 'INTERNAL_SERVER_ERROR' ||
    !first
  ) {
    const text =
      first?.message ??
      `The server answered with HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''}.`;
    return new ServerError(text, { ...details, code: serverCode ?? 'SERVER_ERROR' });
  }
  return new GraphQLRequestError(message, { ...details, code: serverCode ?? 'GRAPHQL_ERROR' });
}
