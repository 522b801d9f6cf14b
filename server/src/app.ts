// Builds the GraphQL application (Yoga + schema + authentication) without
// listening, so that the HTTP server, tests and benchmarks share it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GraphQLError } from 'graphql';
import { createGraphQLError, createYoga, maskError, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { shouldRenderGraphiQL } from 'graphql-yoga';
import { createTokenAuthenticator } from './auth/authenticate.js';
import { readBearerToken } from './auth/bearer.js';
import { authFailureBody, wwwAuthenticate, type AuthFailure } from './auth/failures.js';
import { createLastUsedRecorder, type LastUsedRecorder } from './auth/last-used.js';
import { createRevokedUseRecorder, type RevokedUseRecorder } from './auth/revoked-use.js';
import { AUTH_CHANNEL, createVerificationCache, type VerificationCache } from './auth/verification-cache.js';
import { authenticateSession, checkSessionRequest, createSessions, sessionPlanGate, type SessionClaims, type Sessions } from './auth/session.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { Principal } from './auth/principal.js';
import type { GraphQLContext } from './graphql/context.js';
import { jitPlugins } from './graphql/jit.js';
import { schema } from './graphql/schema.js';
import { requestMeta } from './http/client-meta.js';
import { createGraphiQL, type GraphiQL } from './http/graphiql.js';
import { createDevAccess, type DevAccess } from './http/loopback.js';
import type { Logger } from './logger.js';
import { createDigester } from './tokens/digest.js';
import { createTokenService, type Fence, type TokenService } from './tokens/service.js';
import { createTokenPolicyService, type TokenPolicyService } from './tokens/policy.js';
import { csrfPrevention } from './hardening/csrf.js';
import { bodyLimitPlugin } from './hardening/body-limit.js';
import { databaseUnavailableError, isDatabaseUnavailable } from './hardening/db-faults.js';
import { documentLimitPlugins } from './hardening/document-limits.js';
import { createMetrics, type Metrics } from './hardening/metrics.js';
import { createRateLimiter, rateLimitError, rateLimitResponse, type RateLimiter } from './hardening/rate-limits.js';
import { annotateRequest } from './hardening/request-info.js';
import { requestLogPlugin } from './hardening/request-log.js';
import { trustedDocumentsPlugins } from './hardening/trusted-documents.js';

export interface ServerContext {
  req?: IncomingMessage;
  res?: ServerResponse;
}

export interface AppOptions {
  config: Config;
  db: Database;
  logger: Logger;
  clock?: Clock;
  /** `Bearer <demo token>` GraphiQL may pre-fill, on loopback only (development demo). */
  graphiqlAuthorization?: () => string | undefined;
}

export interface App {
  yoga: YogaServerInstance<ServerContext, GraphQLContext>;
  tokens: TokenService;
  tokenPolicy: TokenPolicyService;
  /** Uses of revoked tokens, counted on their revoked-history records (flushed at stop). */
  revokedUses: RevokedUseRecorder;
  /** Writes that change what a credential authenticates as go through it (the cache's fence). */
  fence: Fence;
  lastUsed: LastUsedRecorder;
  /** Browser sessions of the web page; null when disabled (production without SESSION_SECRET). */
  sessions: Sessions | null;
  metrics: Metrics;
  rateLimiter: RateLimiter;
  authCache: VerificationCache;
  /** GraphiQL's page, assets and demo-token route (http/graphiql.ts). */
  graphiql: GraphiQL;
  /** The loopback rule for development conveniences (http/loopback.ts). */
  devAccess: DevAccess;
  /** Starts listening for authentication changes (the cache stays off until it does). */
  start(): Promise<void>;
  /** Stops listening (the cache turns off). */
  stop(): Promise<void>;
}

function authError(failure: AuthFailure): GraphQLError {
  return createGraphQLError(failure.message, {
    extensions: {
      code: failure.code,
      reason: failure.reason,
      http: { status: failure.status, headers: { 'WWW-Authenticate': wwwAuthenticate(failure) } },
    },
  });
}

export function createApp(options: AppOptions): App {
  const { config, db, logger } = options;
  const clock = options.clock ?? systemClock;
  const digest = createDigester(config.tokenPepper);
  const authCache = createVerificationCache({
    ttlMs: config.authCacheTtlSeconds * 1000,
    maxEntries: config.authCacheMaxEntries,
    // One heartbeat may be in flight when the next is due: two intervals without an echo is overdue.
    staleAfterMs: 2 * config.authCacheHeartbeatMs,
    onEchoTimeout: (key) =>
      logger.warn({ key }, 'no notification of an authentication change within 2 s; other instances may accept the old credentials until they hear of it'),
    onActiveChange: (active, reason) =>
      active || reason === 'stopped'
        ? logger.info({ reason }, `verified-token cache ${active ? 'on' : 'off'}`)
        : logger.warn({ reason }, 'verified-token cache off until the listener proves it is receiving again (every request is looked up)'),
  });
  const fence: Fence = (key, write, changed) => authCache.fence(key, write, changed);
  const tokens = createTokenService(config, db, { fence, clock });
  const tokenPolicy = createTokenPolicyService(config, db, { clock });
  const devAccess = createDevAccess(config.host);
  const graphiql = createGraphiQL({ enabled: config.graphiql, demoAuthorization: options.graphiqlAuthorization ?? (() => undefined), devAccess });
  const authenticateToken = createTokenAuthenticator({
    sql: db.sql,
    digest,
    clock,
    cache: authCache,
    revokedRetentionDays: config.revokedRetentionDays,
  });
  let stopListening: (() => Promise<void>) | undefined;
  const lastUsed = createLastUsedRecorder({
    sql: db.sql,
    clock,
    throttleSeconds: config.lastUsedThrottleSeconds,
    onError: (error) => logger.warn({ err: error }, 'could not record lastUsedAt'),
  });
  const revokedUses = createRevokedUseRecorder({
    sql: db.sql,
    clock,
    throttleSeconds: config.lastUsedThrottleSeconds,
    onError: (error) => logger.warn({ err: error }, 'could not count a use of a revoked token'),
  });
  // Well-formed tokens found by the early check, and last-use writes to start
  // once the response is ready: both keyed by the request.
  const bearerTokens = new WeakMap<Request, string>();
  const pendingTouches = new WeakMap<Request, () => void>();
  // Verified session cookies (requests without an Authorization header only).
  const sessionClaims = new WeakMap<Request, SessionClaims>();
  const sessions = config.session.secret
    ? createSessions({ ...config.session, secret: config.session.secret, publicUrl: config.publicUrl, clock })
    : null;
  if (!sessions) logger.warn('SESSION_SECRET is not set: web page sessions are disabled (API tokens work as usual)');
  const metrics = createMetrics(config.hardening, { statements: db.statementCount });
  const rateLimiter = createRateLimiter(config.hardening, logger, { onReject: (limiter) => metrics.rateLimited(limiter) });
  const clientIp = (request: Request, req: IncomingMessage | undefined) => requestMeta(request, req, config.trustProxy).ip;
  // A failed authentication in metrics and the log line (the rate limiter counted it before the check).
  const authFailed = (request: Request, failure: AuthFailure) => {
    metrics.authFailure(failure.reason);
    annotateRequest(request, { authFailure: failure.reason });
  };

  // Rejects requests without a well-formed token before any GraphQL work (and
  // without touching the database): the cheapest possible 401.
  const bearerGate: Plugin = {
    async onRequest({ request, url, endResponse, fetchAPI, serverContext }) {
      if (url.pathname !== '/graphql' || request.method === 'OPTIONS') return;
      if (config.graphiql && shouldRenderGraphiQL(request)) return;
      const ip = clientIp(request, (serverContext as ServerContext | undefined)?.req);
      const session = await checkSessionRequest(sessions, request);
      const result = session ?? readBearerToken(request.headers.get('authorization'), config.tokenPrefix);
      // Past the address's failed-authentication budget, every request gets 429. A
      // credential refused offline (401) takes its point here; one that needs a
      // lookup takes it just before the lookup (context factory).
      const blocked = 'reason' in result && result.status === 401 ? await rateLimiter.takeAuthAttempt(ip) : await rateLimiter.checkClient(ip);
      if (blocked) {
        annotateRequest(request, { rateLimited: blocked.limiter });
        endResponse(rateLimitResponse(blocked, fetchAPI));
        return;
      }
      if ('userId' in result) {
        sessionClaims.set(request, result);
        return;
      }
      if ('reason' in result) {
        authFailed(request, result);
        endResponse(
          new fetchAPI.Response(authFailureBody(result), {
            status: result.status,
            headers: { 'content-type': 'application/json; charset=utf-8', 'www-authenticate': wwwAuthenticate(result) },
          }),
        );
        return;
      }
      bearerTokens.set(request, result.token);
    },
    onResponse({ request }) {
      pendingTouches.get(request)?.();
    },
  };

  const yoga = createYoga<ServerContext, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // Browsers elsewhere may call with API tokens, never with this site's cookie.
    cors: { credentials: false },
    batching: false,
    // bodyLimitPlugin already refuses a body over the limit by its Content-Length (and
    // bodies without one), and Node's parser never reads past Content-Length; Yoga's own
    // check would pipe every body through a second stream to count the same bytes.
    maxRequestBodySize: false,
    logging: {
      debug: (...args) => logger.debug(args.map(String).join(' ')),
      info: (...args) => logger.info(args.map(String).join(' ')),
      warn: (...args) => logger.warn(args.map(String).join(' ')),
      error: (...args) => logger.error(args.map(String).join(' ')),
    },
    maskedErrors: {
      isDev: config.nodeEnv === 'development',
      maskError: (error, message, isDev) => {
        if (isDatabaseUnavailable(error)) return databaseUnavailableError();
        const masked = maskError(error, message, isDev);
        // Pothos rejects impossible arguments (e.g. a negative page size) with a
        // validation error: that is the caller's mistake, so say so.
        const original = (error as { originalError?: Error }).originalError ?? (error as Error);
        if (original?.name === 'PothosValidationError') {
          return createGraphQLError(original.message, {
            extensions: { code: 'BAD_USER_INPUT' },
            path: (error as { path?: readonly (string | number)[] }).path,
          });
        }
        return masked;
      },
    },
    ...graphiql.yogaOptions,
    plugins: [
      requestLogPlugin(logger),
      metrics.plugin,
      bodyLimitPlugin(config.hardening.maxBodyBytes),
      csrfPrevention(),
      ...documentLimitPlugins(config.hardening, config.nodeEnv === 'production'),
      ...trustedDocumentsPlugins(config.hardening.trustedDocuments, schema),
      bearerGate,
      sessionPlanGate,
      ...jitPlugins(logger),
      graphiql.plugin,
    ],
    context: async ({ request, req }) => {
      const contextFor = (viewer: Principal): GraphQLContext => ({
        prisma: db.prisma,
        viewer,
        meta: requestMeta(request, req, config.trustProxy),
        tokens,
        tokenPolicy,
        tokenRevealEnabled: config.tokenEncryptionKeys.length > 0,
        publicUrl: config.publicUrl,
        clock,
      });
      const session = sessionClaims.get(request);
      if (session) {
        const principal = await authenticateSession(db.sql, session).catch((error: unknown) => {
          throw isDatabaseUnavailable(error) ? databaseUnavailableError() : error;
        });
        if ('reason' in principal) throw authError(principal);
        annotateRequest(request, { userId: principal.userId });
        // No token, so no last-use to record and no per-token budget.
        return contextFor(principal);
      }
      const token = bearerTokens.get(request);
      if (token === undefined) throw authError(readBearerToken(null, config.tokenPrefix) as AuthFailure);
      // Consume first, then decide: the lookup of a token not verified yet takes a
      // point of the address's failed-authentication budget (or is refused with 429
      // without touching the database); only a refused token (401) keeps it.
      const ip = clientIp(request, req);
      let tookPoint = false;
      let result: Awaited<ReturnType<typeof authenticateToken>> | undefined;
      try {
        result = await authenticateToken(token, {
          beforeLookup: async () => {
            const blocked = await rateLimiter.takeAuthAttempt(ip);
            if (blocked) {
              annotateRequest(request, { rateLimited: blocked.limiter });
              throw rateLimitError(blocked);
            }
            tookPoint = true;
          },
        });
      } catch (error) {
        throw isDatabaseUnavailable(error) ? databaseUnavailableError() : error;
      } finally {
        // Off the response path (the limiter never throws); the store applies it in order.
        if (tookPoint && !(result && 'reason' in result && result.status === 401)) void rateLimiter.returnAuthAttempt(ip);
      }
      if ('reason' in result) {
        authFailed(request, result);
        // Something still holds a revoked token: counted on its record, off the response path.
        if ('revokedTokenId' in result) revokedUses.record(result.revokedTokenId, ip);
        throw authError(result);
      }
      annotateRequest(request, { userId: result.principal.userId, tokenId: result.principal.tokenId });
      const overBudget = await rateLimiter.consumeToken(result.principal.tokenId);
      if (overBudget) {
        annotateRequest(request, { rateLimited: overBudget.limiter });
        throw rateLimitError(overBudget);
      }
      const context = contextFor(result.principal);
      pendingTouches.set(request, () => lastUsed.record(result.principal.tokenId, result.lastUsedAt, context.meta));
      return context;
    },
  });

  const start = async () => {
    if (config.authCacheTtlSeconds === 0 || stopListening) return;
    stopListening = await db.listen(
      AUTH_CHANNEL,
      {
        onNotify: (payload) => authCache.notified(payload),
        onState: (listening, reason) => {
          authCache.setListening(listening, reason);
          if (reason === 'heartbeat missed') logger.warn('the notification listener missed its heartbeat; reconnecting');
        },
        onHeartbeat: (sentAtMs) => authCache.heartbeat(sentAtMs),
      },
      { heartbeatMs: config.authCacheHeartbeatMs },
    );
  };
  const stop = async () => {
    await stopListening?.();
    stopListening = undefined;
  };
  return { yoga, tokens, tokenPolicy, revokedUses, fence, lastUsed, metrics, rateLimiter, sessions, authCache, graphiql, devAccess, start, stop };
}
