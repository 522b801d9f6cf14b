// Two limits against brute force and abuse, counted by rate-limiter-flexible in
// Redis when REDIS_URL is set (shared by every instance), in process otherwise:
// - failed authentications per client IP: RATE_LIMIT_AUTH_FAILURES per window.
//   Counted atomically, before the answer is known: a credential that needs
//   checking (a database lookup, or one already rejected offline) first takes a
//   point from the address's budget, and a credential that turns out good gives
//   it back. So parallel guesses cannot all get past a check that has not yet
//   seen the others fail: at most the budget's worth reach the database. Once the
//   budget is spent, every request from the address gets 429 until the window ends.
// - requests per API token: RATE_LIMIT_TOKEN_REQUESTS per window, then 429.
// - leak reports (POST /secret-scanning) per client IP: RATE_LIMIT_SECRET_SCANNING a
//   minute; a report whose signature fails also spends the failed-authentication budget.
// Both answer with Retry-After. If Redis fails the request is let through and the
// failure logged: an outage of Redis is not an outage of the API.
import type { GraphQLError } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { HardeningConfig } from '../config.js';
import type { Logger } from '../logger.js';

export type LimiterName = 'auth_failures' | 'token_requests' | 'secret_scanning';

export interface RateLimitRejection {
  limiter: LimiterName;
  retryAfterSeconds: number;
  message: string;
}

export interface RateLimiter {
  readonly kind: 'redis' | 'memory';
  /** A rejection when the address has spent its failed-authentication budget; counts nothing. */
  checkClient(ip: string | null): Promise<RateLimitRejection | null>;
  /**
   * Takes one point of the address's failed-authentication budget before a
   * credential is checked (or for one already rejected offline): a rejection when
   * none was left, and then the credential must not be checked.
   */
  takeAuthAttempt(ip: string | null): Promise<RateLimitRejection | null>;
  /** Gives the point back: the credential was good, or the failure was not a guess (403, outage). */
  returnAuthAttempt(ip: string | null): Promise<void>;
  /** Counts one request for the token; a rejection when over budget. */
  consumeToken(tokenId: string): Promise<RateLimitRejection | null>;
  /** Counts one leak report from the address (POST /secret-scanning); a rejection when over budget. */
  consumeSecretScanning(ip: string | null): Promise<RateLimitRejection | null>;
  close(): Promise<void>;
}

const MESSAGES: Record<LimiterName, string> = {
  auth_failures: 'Too many failed authentication attempts from this address; try again later.',
  token_requests: 'This API token has exceeded its request budget; try again later.',
  secret_scanning: 'Too many leak reports from this address; try again later.',
};

function connectRedis(url: string, commandTimeoutMs: number): Redis {
  const redis = new Redis(url, {
    // Never let a slow or absent Redis hold a request for long: a command waits
    // (queued while connecting) at most REDIS_COMMAND_TIMEOUT_MS (500 ms), then the limiter fails open.
    commandTimeout: commandTimeoutMs,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 1,
  });
  redis.on('error', () => {});
  return redis;
}

export function createRateLimiter(
  config: HardeningConfig,
  logger: Logger,
  options: { onReject?: (limiter: LimiterName) => void; secretScanningPerMinute?: number } = {},
): RateLimiter {
  const redis = config.redisUrl ? connectRedis(config.redisUrl, config.redisCommandTimeoutMs) : undefined;
  const kind = redis ? 'redis' : 'memory';
  // Keys: <REDIS_KEY_PREFIX>authfail:<ip>, <REDIS_KEY_PREFIX>token:<token id>, <REDIS_KEY_PREFIX>leakreport:<ip>.
  const limiter = (name: string, points: number, duration: number): RateLimiterAbstract =>
    redis
      ? new RateLimiterRedis({
          storeClient: redis,
          keyPrefix: `${config.redisKeyPrefix}${name}`,
          points,
          duration,
        })
      : new RateLimiterMemory({ keyPrefix: name, points, duration });
  const failures = limiter('authfail', config.authFailureLimit, config.authFailureWindowSeconds);
  const tokens =
    config.tokenRequestLimit > 0 ? limiter('token', config.tokenRequestLimit, config.tokenRequestWindowSeconds) : null;
  const reportsPerMinute = options.secretScanningPerMinute ?? 0;
  const reports = reportsPerMinute > 0 ? limiter('leakreport', reportsPerMinute, 60) : null;
  const clientKey = (ip: string | null) => ip ?? 'unknown';

  function reject(name: LimiterName, msBeforeNext: number): RateLimitRejection {
    options.onReject?.(name);
    return { limiter: name, retryAfterSeconds: Math.max(1, Math.ceil(msBeforeNext / 1000)), message: MESSAGES[name] };
  }
  // A Redis that has lost its connection answers nothing until it is back: skip
  // it at once rather than wait out each command's timeout. (While connecting,
  // commands queue, for at most the command timeout.)
  const lost = () =>
    redis !== undefined && (redis.status === 'close' || redis.status === 'reconnecting' || redis.status === 'end');
  /** Runs one store operation: its result, `over` for the library's rejection, or null when the store failed (fail open). */
  async function attempt<T>(operation: () => Promise<T>): Promise<{ done: T } | { over: RateLimiterRes } | null> {
    try {
      if (lost()) throw new Error('Redis connection lost');
      return { done: await operation() };
    } catch (error) {
      if (error instanceof RateLimiterRes) return { over: error };
      logger.warn({ err: error, store: kind }, 'rate-limit store unavailable; request allowed');
      return null;
    }
  }
  /** Takes a point: null when allowed, a rejection when none was left. */
  async function consume(
    name: LimiterName,
    from: RateLimiterAbstract,
    key: string,
  ): Promise<RateLimitRejection | null> {
    const result = await attempt(() => from.consume(key));
    return result && 'over' in result ? reject(name, result.over.msBeforeNext) : null;
  }

  return {
    kind,
    async checkClient(ip) {
      const result = await attempt(() => failures.get(clientKey(ip)));
      const spent = result && 'done' in result ? result.done : null;
      return spent && spent.consumedPoints >= config.authFailureLimit
        ? reject('auth_failures', spent.msBeforeNext)
        : null;
    },
    takeAuthAttempt: (ip) => consume('auth_failures', failures, clientKey(ip)),
    async returnAuthAttempt(ip) {
      await attempt(() => failures.reward(clientKey(ip)));
    },
    consumeToken: async (tokenId) => (tokens ? consume('token_requests', tokens, tokenId) : null),
    consumeSecretScanning: async (ip) => (reports ? consume('secret_scanning', reports, clientKey(ip)) : null),
    close: async () => {
      redis?.disconnect();
    },
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
    JSON.stringify({
      errors: [{ message: rejection.message, extensions: { code: 'RATE_LIMITED', limiter: rejection.limiter } }],
    }),
    {
      status: 429,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'retry-after': String(rejection.retryAfterSeconds),
      },
    },
  );
}
