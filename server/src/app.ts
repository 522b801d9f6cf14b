// Builds the GraphQL application without listening, so that the HTTP server,
// tests and benchmarks share it. Wiring only: each part lives in its own module.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { Directory } from './admin/directory.js';
import { createTokenAuthenticator } from './auth/authenticate.js';
import { createCanaryTripRecorder, type CanaryTripRecorder } from './auth/canary-trips.js';
import { createServerAuthCache, listenForAuthChanges } from './auth/change-listener.js';
import { createLastUsedRecorder, type LastUsedRecorder } from './auth/last-used.js';
import { createRevokedUseRecorder, type RevokedUseRecorder } from './auth/revoked-use.js';
import { authPlugin, EXPIRES_AT_HEADER } from './auth/plugin.js';
import { lookUpSession } from './auth/session-lookup.js';
import { createSessions, SESSION_COOKIE, type Sessions } from './auth/sessions.js';
import type { VerificationCache } from './auth/verification-cache.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { RequestContext } from './graphql/context.js';
import { jitPlugins } from './graphql/jit.js';
import { schema } from './graphql/schema.js';
import { bodyLimitPlugin } from './hardening/body-limit.js';
import { csrfPrevention } from './hardening/csrf.js';
import { documentLimitPlugins } from './hardening/document-limits.js';
import { maskedErrors } from './hardening/mask-errors.js';
import { createMetrics, type Metrics } from './hardening/metrics.js';
import { createRateLimiter, type RateLimiter } from './hardening/rate-limits.js';
import { requestLogPlugin } from './hardening/request-log.js';
import { trustedDocumentsPlugins } from './hardening/trusted-documents.js';
import { requestMeta } from './http/client-meta.js';
import { createGraphiQL, type GraphiQL } from './http/graphiql.js';
import { createDevAccess, type DevAccess } from './http/loopback.js';
import { createSecretScanningRoute, type SecretScanningRoute } from './http/secret-scanning.js';
import { yogaLogging, type Logger } from './logger.js';
import { createDigester } from './tokens/digest.js';
import { createInactivitySweep, type InactivitySweep } from './tokens/inactivity-sweep.js';
import { createTokenPolicyService, type TokenPolicyService } from './tokens/policy.js';
import { createExpiringEvents, type ExpiringEvents } from './tokens/expiring.js';
import { createTokenService, type Fence, type TokenService } from './tokens/service.js';
import { createSecretStore } from './webhooks/secrets.js';
import { WebhookService } from './webhooks/service.js';
import type { Resolver } from './webhooks/targets.js';
import { createWebhookWorker, listenForDeliveries, type WebhookWorker } from './webhooks/worker.js';

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
  /** Webhook delivery's jitter (tests pin it); Math.random by default. */
  random?: () => number;
  /** Resolves webhook hosts (tests); the system resolver by default. */
  resolve?: Resolver;
}

export interface App {
  yoga: YogaServerInstance<ServerContext, RequestContext>;
  tokens: TokenService;
  tokenPolicy: TokenPolicyService;
  /** Revokes tokens unused past their workspace's limit (runtime.ts schedules it; the CLI's sweep-inactive runs it). */
  inactivitySweep: InactivitySweep;
  /** Uses of revoked tokens, counted on their revoked-history records (flushed at stop). */
  revokedUses: RevokedUseRecorder;
  /** Uses of canary tokens, recorded as trips off the response path (flushed at stop). */
  canaryTrips: CanaryTripRecorder;
  /** Workspaces and users (the sign-in routes, the CLI's commands). */
  directory: Directory;
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
  /** POST /secret-scanning: leak reports (http/secret-scanning.ts). */
  secretScanning: SecretScanningRoute;
  /** Webhook endpoints (webhooks/service.ts). */
  webhooks: WebhookService;
  /** Sends the outbox (webhooks/worker.ts); started by runtime.ts once the server listens. */
  webhookWorker: WebhookWorker;
  /** `api_token.expiring` events, a round at a time on one instance (runtime.ts schedules it). */
  expiringEvents: ExpiringEvents;
  /** Starts listening for authentication changes (the cache stays off until it does). */
  start(): Promise<void>;
  /** Stops listening (the cache turns off). */
  stop(): Promise<void>;
}

export function createApp(options: AppOptions): App {
  const { config, db, logger } = options;
  const clock = options.clock ?? systemClock;
  const authCache = createServerAuthCache(config, logger);
  const fence: Fence = (key, write, changed, onlyToken) => authCache.fence(key, write, changed, onlyToken);
  // Set below: a change that wrote webhook events wakes this instance's worker.
  let webhookWorker: WebhookWorker | undefined;
  const eventsWritten = () => webhookWorker?.kick();
  const tokens = createTokenService(config, db, { fence, clock, eventsWritten });
  const tokenPolicy = createTokenPolicyService(config, db, { fence, clock });
  const inactivitySweep = createInactivitySweep({ db, tokens, logger });
  const sessions = config.session.secret
    ? createSessions({ ...config.session, secret: config.session.secret, publicUrl: config.publicUrl, clock })
    : null;
  if (!sessions) logger.warn('SESSION_SECRET is not set: web page sessions are disabled (API tokens work as usual)');
  const metrics = createMetrics(config.hardening, { statements: db.statementCount });
  const rateLimiter = createRateLimiter(config.hardening, logger, {
    onReject: (limiter) => metrics.rateLimited(limiter),
    secretScanningPerMinute: config.secretScanning.requestLimit,
  });
  const lastUsed = createLastUsedRecorder({
    sql: db.sql,
    clock,
    throttleSeconds: config.lastUsedThrottleSeconds,
    flushMs: config.lastUsedFlushMs,
    onError: (error) => logger.warn({ err: error }, 'could not record lastUsedAt'),
  });
  const revokedUses = createRevokedUseRecorder({
    sql: db.sql,
    clock,
    throttleSeconds: config.lastUsedThrottleSeconds,
    onError: (error) => logger.warn({ err: error }, 'could not count a use of a revoked token'),
    eventsWritten,
  });
  const webhookSecrets = createSecretStore(config.webhooks.secretKeys);
  const webhooks = new WebhookService({
    db,
    clock,
    allowPrivateTargets: config.webhooks.allowPrivateTargets,
    secrets: webhookSecrets,
    resolve: options.resolve,
    eventsWritten,
  });
  const expiringEvents = createExpiringEvents({ db, clock, logger });
  webhookWorker = createWebhookWorker({
    sql: db.sql,
    clock,
    logger,
    listen: listenForDeliveries(db),
    timeoutMs: config.webhooks.timeoutMs,
    disableAfterMs: config.webhooks.disableAfterHours * 3_600_000,
    allowPrivateTargets: config.webhooks.allowPrivateTargets,
    secrets: webhookSecrets,
    userAgent: 'api-tokens-webhooks/1.0',
    ...(options.random && { random: options.random }),
    ...(options.resolve && { resolve: options.resolve }),
  });
  const canaryTrips = createCanaryTripRecorder({
    clock,
    write: (tokenId, trip, at) => tokens.recordCanaryTrip(tokenId, trip, at),
    onError: (error) => logger.warn({ err: error }, 'could not record a use of a canary token'),
    onDropped: () => logger.warn('too many canary-token uses at once: one was not recorded'),
  });
  const secretScanning = createSecretScanningRoute({
    config: config.secretScanning,
    tokenPrefix: config.tokenPrefix,
    maxBodyBytes: config.hardening.maxBodyBytes,
    trustProxy: config.trustProxy,
    tokens,
    rateLimiter,
    logger,
  });
  const devAccess = createDevAccess(config.host);
  const graphiql = createGraphiQL({
    enabled: config.graphiql,
    demoAuthorization: options.graphiqlAuthorization ?? (() => undefined),
    devAccess,
  });
  const auth = authPlugin({
    tokenPrefix: config.tokenPrefix,
    graphiql: config.graphiql,
    sessions,
    authenticateToken: createTokenAuthenticator({
      sql: db.sql,
      digest: createDigester(config.tokenPepper),
      clock,
      cache: authCache,
      revokedRetentionDays: config.revokedRetentionDays,
    }),
    lookUpSession: (claims) => lookUpSession(db.sql, claims),
    rateLimiter,
    lastUsed,
    revokedUses,
    canaryTrips,
    metrics,
    clientIp: (request, serverContext: ServerContext) => requestMeta(request, serverContext.req, config.trustProxy).ip,
  });

  const yoga = createYoga<ServerContext, RequestContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // Browsers elsewhere may call with API tokens, never with this site's cookie, and may read when the token expires.
    cors: { credentials: false, exposedHeaders: [EXPIRES_AT_HEADER] },
    batching: false,
    // bodyLimitPlugin already refuses a body over the limit by its Content-Length (and
    // bodies without one), and Node's parser never reads past Content-Length; Yoga's own
    // check would pipe every body through a second stream to count the same bytes.
    maxRequestBodySize: false,
    logging: yogaLogging(logger),
    maskedErrors: maskedErrors(config.nodeEnv === 'development'),
    ...graphiql.yogaOptions,
    plugins: [
      requestLogPlugin(logger),
      metrics.plugin,
      bodyLimitPlugin(config.hardening.maxBodyBytes),
      csrfPrevention(SESSION_COOKIE),
      ...documentLimitPlugins(config.hardening, config.nodeEnv === 'production'),
      ...trustedDocumentsPlugins(config.hardening.trustedDocuments, schema),
      auth,
      ...jitPlugins(logger),
      graphiql.plugin,
    ],
    // The viewer is already in the context (the auth plugin); the rest is the same for every request.
    context: ({ request, req }) => ({
      prisma: db.prisma,
      meta: requestMeta(request, req, config.trustProxy),
      tokens,
      tokenPolicy,
      webhooks,
      tokenRevealEnabled: config.tokenEncryptionKeys.length > 0,
      publicUrl: config.publicUrl,
      clock,
    }),
  });

  let stopListening: (() => Promise<void>) | undefined;
  const start = async () => {
    if (config.authCacheTtlSeconds === 0 || stopListening) return;
    stopListening = await listenForAuthChanges(db, authCache, { heartbeatMs: config.authCacheHeartbeatMs, logger });
  };
  const stop = async () => {
    await stopListening?.();
    stopListening = undefined;
  };
  return {
    yoga,
    tokens,
    tokenPolicy,
    inactivitySweep,
    revokedUses,
    canaryTrips,
    directory: new Directory(db.prisma),
    fence,
    lastUsed,
    metrics,
    rateLimiter,
    sessions,
    authCache,
    graphiql,
    devAccess,
    secretScanning,
    webhooks,
    webhookWorker,
    expiringEvents,
    start,
    stop,
  };
}
