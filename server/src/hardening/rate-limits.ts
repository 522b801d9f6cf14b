// Two limits against brute force and abuse:
// - failed authentications per client IP: once RATE_LIMIT_AUTH_FAILURES 401s have
//   come from one address in the window, every request from it gets 429 (before
//   any database lookup) until the window ends;
// - requests per API token: RATE_LIMIT_TOKEN_REQUESTS per window, then 429.
// Both answer with Retry-After. If the store fails (Redis down) the request is
// let through and the failure logged: an outage of Redis is not an outage of the API.
import { createGraphQLError } from 'graphql-yoga';
import type { GraphQLError } from 'graphql';
import type { HardeningConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { createMemoryStore, createRedisStore, type RateLimitStore } from './rate-limit-store.js';

export type LimiterName = 'auth_failures' | 'token_requests';

export interface RateLimitRejection {
  limiter: LimiterName;
  retryAfterSeconds: number;
  message: string;
}

export interface RateLimiter {
  readonly store: RateLimitStore;
  /** Null when the client may go on; a rejection once it has failed authentication too often. */
  checkClient(ip: string | null): Promise<RateLimitRejection | null>;
  recordAuthFailure(ip: string | null): Promise<void>;
  /** Counts one request for the token; a rejection when over budget. */
  consumeToken(tokenId: string): Promise<RateLimitRejection | null>;
  close(): Promise<void>;
}

export function createRateLimiter(
  config: HardeningConfig,
  logger: Logger,
  options: { store?: RateLimitStore; onReject?: (limiter: LimiterName) => void } = {},
): RateLimiter {
  const store = options.store ?? (config.redisUrl ? createRedisStore(config.redisUrl, config.redisKeyPrefix) : createMemoryStore());
  const failureWindowMs = config.authFailureWindowSeconds * 1000;
  const tokenWindowMs = config.tokenRequestWindowSeconds * 1000;

  async function safely<T>(fallback: T, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      logger.warn({ err: error, store: store.kind }, 'rate-limit store unavailable; request allowed');
      return fallback;
    }
  }
  function reject(limiter: LimiterName, resetMs: number, message: string): RateLimitRejection {
    options.onReject?.(limiter);
    return { limiter, retryAfterSeconds: Math.max(1, Math.ceil(resetMs / 1000)), message };
  }

  return {
    store,
    checkClient: (ip) =>
      safely(null, async () => {
        const { count, resetMs } = await store.peek(`authfail:${ip ?? 'unknown'}`);
        if (count < config.authFailureLimit) return null;
        return reject('auth_failures', resetMs, 'Too many failed authentication attempts from this address; try again later.');
      }),
    recordAuthFailure: (ip) =>
      safely(undefined, async () => {
        await store.hit(`authfail:${ip ?? 'unknown'}`, failureWindowMs);
      }),
    consumeToken: (tokenId) =>
      safely(null, async () => {
        if (config.tokenRequestLimit === 0) return null;
        const { count, resetMs } = await store.hit(`token:${tokenId}`, tokenWindowMs);
        if (count <= config.tokenRequestLimit) return null;
        return reject('token_requests', resetMs, 'This API token has exceeded its request budget; try again later.');
      }),
    close: () => store.close(),
  };
}

/** A 429 as a GraphQL error (thrown from the context factory). */
export function rateLimitError(rejection: RateLimitRejection): GraphQLError {
  return createGraphQLError(rejection.message, {
    extensions: {
      code: 'RATE_LIMITED',
      limiter: rejection.limiter,
      http: { status: 429, headers: { 'Retry-After': String(rejection.retryAfterSeconds) } },
    },
  });
}

/** A 429 as a complete response (ended from onRequest, before any GraphQL work). */
export function rateLimitResponse(rejection: RateLimitRejection, fetchAPI: { Response: typeof Response }): Response {
  return new fetchAPI.Response(
    JSON.stringify({ errors: [{ message: rejection.message, extensions: { code: 'RATE_LIMITED', limiter: rejection.limiter } }] }),
    {
      status: 429,
      headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': String(rejection.retryAfterSeconds) },
    },
  );
}
