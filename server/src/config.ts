// Every setting the server reads, parsed and validated in one place. Invalid
// configuration stops the process at start with a message naming the variable.
import { createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { fileURLToPath } from 'node:url';

export type NodeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  port: number;
  host: string;
  /** PostgreSQL connection string; when unset the embedded PGlite database is used. */
  databaseUrl: string | undefined;
  /** PGlite data directory (ignored when databaseUrl is set). `memory://` keeps it in memory. */
  dataDir: string;
  publicUrl: string;
  tokenPrefix: string;
  /** Optional server secret mixed into token digests (HMAC-SHA-256). */
  tokenPepper: string | undefined;
  /**
   * TOKEN_ENCRYPTION_KEY: keys that encrypt new tokens' values for re-viewing (opt-in
   * per workspace); the first encrypts, all decrypt. Empty: re-viewing is off.
   */
  tokenEncryptionKeys: readonly EncryptionKey[];
  /** Days a revoked token's record (and its used-after-revoke count) is kept. */
  revokedRetentionDays: number;
  /** Seconds between two runs of the inactivity sweep in a server (tokens/inactivity-sweep.ts); 0: never in the server. */
  inactivitySweepIntervalSeconds: number;
  /** Browser sessions of the web page (see server/src/auth/sessions.ts). */
  session: SessionConfig;
  logLevel: LogLevel;
  nodeEnv: NodeEnv;
  /** Seconds between two `lastUsedAt` writes of one token. */
  lastUsedThrottleSeconds: number;
  /** How long due last-used writes wait to be written together in one statement; 0: each at once. */
  lastUsedFlushMs: number;
  /** Verified-token cache (server/src/auth/verification-cache.ts): seconds an entry lives; 0 turns it off. */
  authCacheTtlSeconds: number;
  /** Verified-token cache: most tokens remembered at once. */
  authCacheMaxEntries: number;
  /** Verified-token cache: milliseconds between the listener's heartbeats; the cache is off after two without an echo. */
  authCacheHeartbeatMs: number;
  /** `serve` only: V8's old-generation growing factor, in percent over live data (0 = V8's default). */
  heapGrowingPercent: number;
  /** Take the client IP from X-Forwarded-For (only behind a proxy you run). */
  trustProxy: boolean;
  /** Serve GraphiQL on GET /graphql (default: on outside production). */
  graphiql: boolean;
  /** Hardening: limits, rate limits, timeouts, metrics (see server/src/hardening/). */
  hardening: HardeningConfig;
  /** POST /secret-scanning: leak reports from a secret-scanning program (http/secret-scanning.ts). */
  secretScanning: SecretScanningConfig;
  /** Webhook delivery (webhooks/worker.ts) and its targets. */
  webhooks: WebhookConfig;
}

export interface WebhookConfig {
  /** WEBHOOK_ALLOW_PRIVATE_TARGETS: allow loopback, private and link-local targets (SSRF guard off). */
  allowPrivateTargets: boolean;
  /** WEBHOOK_TIMEOUT_MS: an attempt with no answer within this fails. */
  timeoutMs: number;
  /** WEBHOOK_DISABLE_AFTER_HOURS: an endpoint failing this long is disabled. */
  disableAfterHours: number;
  /** WEBHOOK_DELIVERY: this instance delivers (false: it only writes the outbox; other instances deliver). */
  deliver: boolean;
  /** WEBHOOK_RETENTION_DAYS: events and their deliveries are kept this long. */
  retentionDays: number;
  /**
   * WEBHOOK_SECRET_KEY: keys that encrypt endpoints' signing secrets at rest
   * (webhooks/secrets.ts); the first encrypts, all decrypt. Empty: stored as they are.
   */
  secretKeys: readonly EncryptionKey[];
}

export interface SecretScanningConfig {
  /** SECRET_SCANNING_PUBLIC_KEYS: the program's ECDSA P-256 public keys by identifier. */
  publicKeys: readonly ScanningKey[];
  /** SECRET_SCANNING_ALLOW_UNSIGNED: accept reports without a signature (tests only; refused in production). */
  allowUnsigned: boolean;
  /** RATE_LIMIT_SECRET_SCANNING: reports accepted per client address per minute (0 = unlimited). */
  requestLimit: number;
}

export interface ScanningKey {
  /** The program's key identifier (GitHub: `key_identifier`, sent as Github-Public-Key-Identifier). */
  id: string;
  key: KeyObject;
}

export interface HardeningConfig {
  /** Largest request body in bytes (MAX_BODY_BYTES, default 100000) → 413. */
  maxBodyBytes: number;
  /** GraphQL document limits (GraphQL Armor): depth, aliases, directives, tokens, cost. */
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
  /** Allow introspection queries (default: on outside production). */
  introspection: boolean;
  /** Path of a trusted-documents manifest (codegen `persistedDocuments`: { "<sha256>": "<document>" }); when set, only those run, named by hash. Checked at start (hardening/trusted-documents.ts). */
  trustedDocuments: string | undefined;
  /** Failed authentications allowed per client IP in the window before 429. */
  authFailureLimit: number;
  authFailureWindowSeconds: number;
  /** Requests allowed per API token in the window before 429 (0 = unlimited). */
  tokenRequestLimit: number;
  tokenRequestWindowSeconds: number;
  /** Redis for rate-limit counters shared by every instance; in-process when unset. */
  redisUrl: string | undefined;
  /** Prefix of every Redis key this server writes (several deployments can share one Redis). */
  redisKeyPrefix: string;
  /** REDIS_COMMAND_TIMEOUT_MS: how long a rate-limit command may wait on Redis before the limiter fails open. */
  redisCommandTimeoutMs: number;
  /** Per-query database timeout (PostgreSQL) and whole-request timeout, in milliseconds. */
  dbQueryTimeoutMs: number;
  requestTimeoutMs: number;
  /** Serve Prometheus metrics on /metrics; protected by METRICS_TOKEN when set. */
  metrics: boolean;
  metricsToken: string | undefined;
}

export interface EncryptionKey {
  id: string;
  /** 32 bytes (AES-256). */
  key: Buffer;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Invalid configuration: ${variable} ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const NODE_ENVS: readonly NodeEnv[] = ['development', 'production', 'test'];

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got "${raw}")`);
  }
  return raw as T;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `must be an integer from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `must be true or false (got "${raw}")`);
}

/** `<keyId>:<base64 of 32 bytes>`, comma-separated; ids unique. */
function encryptionKeys(env: Env, name: string): EncryptionKey[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return [];
  const keys: EncryptionKey[] = [];
  for (const entry of raw.split(',')) {
    const colon = entry.indexOf(':');
    const id = entry.slice(0, colon).trim();
    const material = entry.slice(colon + 1).trim();
    if (colon === -1 || !/^[A-Za-z0-9_-]{1,32}$/.test(id)) {
      throw new ConfigError(
        name,
        'must be comma-separated "<keyId>:<base64 of 32 bytes>" entries (key ids: 1-32 letters, digits, - or _)',
      );
    }
    const key = Buffer.from(material, 'base64');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(material) || key.length !== 32) {
      throw new ConfigError(
        name,
        `key "${id}" must be exactly 32 bytes, base64-encoded (e.g. \`openssl rand -base64 32\`)`,
      );
    }
    if (keys.some((k) => k.id === id)) throw new ConfigError(name, `has key id "${id}" twice`);
    keys.push({ id, key });
  }
  return keys;
}

/**
 * SECRET_SCANNING_PUBLIC_KEYS: JSON, either what GitHub publishes at
 * https://api.github.com/meta/public_keys/secret_scanning (`{"public_keys": [...]}`)
 * or the array itself; each entry `{ "key_identifier": "...", "key": "<PEM>" }`,
 * an ECDSA P-256 public key. Keys come from configuration: the server may not reach the internet.
 */
function scanningKeys(env: Env, name: string): ScanningKey[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return [];
  const shape =
    'must be JSON: GitHub\'s {"public_keys":[{"key_identifier":"…","key":"-----BEGIN PUBLIC KEY-----…"}]} or that array';
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError(name, shape);
  }
  const entries = Array.isArray(parsed)
    ? parsed
    : parsed !== null && typeof parsed === 'object' && 'public_keys' in parsed
      ? parsed.public_keys
      : undefined;
  if (!Array.isArray(entries) || entries.length === 0) throw new ConfigError(name, shape);
  const keys: ScanningKey[] = [];
  for (const entry of entries as unknown[]) {
    const { key_identifier: id, key: pem } = (entry ?? {}) as { key_identifier?: unknown; key?: unknown };
    if (typeof id !== 'string' || id === '' || typeof pem !== 'string') throw new ConfigError(name, shape);
    let key: KeyObject;
    try {
      key = createPublicKey(pem);
    } catch {
      throw new ConfigError(name, `key "${id}" is not a PEM public key`);
    }
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
      throw new ConfigError(name, `key "${id}" must be an ECDSA P-256 (prime256v1) public key`);
    }
    if (keys.some((k) => k.id === id)) throw new ConfigError(name, `has key identifier "${id}" twice`);
    keys.push({ id, key });
  }
  return keys;
}

function loadSecretScanningConfig(env: Env, nodeEnv: NodeEnv): SecretScanningConfig {
  const allowUnsigned = boolean(env, 'SECRET_SCANNING_ALLOW_UNSIGNED', false);
  if (allowUnsigned && nodeEnv === 'production') {
    throw new ConfigError(
      'SECRET_SCANNING_ALLOW_UNSIGNED',
      'cannot be enabled when NODE_ENV=production (anyone could file reports, with made-up leak locations)',
    );
  }
  return {
    publicKeys: scanningKeys(env, 'SECRET_SCANNING_PUBLIC_KEYS'),
    allowUnsigned,
    requestLimit: integer(env, 'RATE_LIMIT_SECRET_SCANNING', 60, 0, 1_000_000),
  };
}

function url(env: Env, name: string, protocols: readonly string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, 'must be a URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')} (got "${parsed.protocol}")`);
  }
  return raw;
}

export interface SessionConfig {
  /** HS256 key of session JWTs (SESSION_SECRET); undefined disables sessions (production without a secret). */
  secret: string | undefined;
  /** The secret was generated at start (development/test without SESSION_SECRET): sessions end at restart. */
  secretGenerated: boolean;
  /** Lifetime of a session (SESSION_TTL_SECONDS, default 8 hours). */
  ttlSeconds: number;
  /** The development sign-in screen: pick any user, no password (DEV_SIGN_IN). Never in production. */
  devSignIn: boolean;
}

function loadSessionConfig(env: Env, nodeEnv: NodeEnv): SessionConfig {
  const configured = env.SESSION_SECRET || undefined;
  if (configured !== undefined && configured.length < 32) {
    throw new ConfigError('SESSION_SECRET', 'must be at least 32 characters when set');
  }
  const devSignIn = boolean(env, 'DEV_SIGN_IN', nodeEnv === 'development' && !env.DATABASE_URL);
  if (devSignIn && nodeEnv === 'production') {
    throw new ConfigError(
      'DEV_SIGN_IN',
      'cannot be enabled when NODE_ENV=production (it signs anyone in without a password)',
    );
  }
  const generate = configured === undefined && nodeEnv !== 'production';
  return {
    secret: configured ?? (generate ? randomBytes(32).toString('base64url') : undefined),
    secretGenerated: generate,
    ttlSeconds: integer(env, 'SESSION_TTL_SECONDS', 8 * 3600, 60, 30 * 86_400),
    devSignIn,
  };
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = oneOf(env, 'NODE_ENV', NODE_ENVS, 'development');
  const port = integer(env, 'PORT', 4000, 0, 65535);
  const host = env.HOST || '127.0.0.1';
  const tokenPrefix = env.TOKEN_PREFIX || 'pat';
  if (!/^[a-z][a-z0-9]{1,9}$/.test(tokenPrefix)) {
    throw new ConfigError('TOKEN_PREFIX', 'must be 2-10 lowercase letters or digits, starting with a letter');
  }
  const pepper = env.TOKEN_PEPPER || undefined;
  if (pepper !== undefined && pepper.length < 32) {
    throw new ConfigError('TOKEN_PEPPER', 'must be at least 32 characters when set');
  }
  const publicUrl =
    url(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
  return {
    port,
    host,
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    dataDir: env.DATA_DIR || fileURLToPath(new URL('../../.data', import.meta.url)),
    publicUrl: publicUrl.replace(/\/+$/, ''),
    tokenPrefix,
    tokenPepper: pepper,
    tokenEncryptionKeys: encryptionKeys(env, 'TOKEN_ENCRYPTION_KEY'),
    revokedRetentionDays: integer(env, 'REVOKED_RETENTION_DAYS', 90, 1, 3_650),
    inactivitySweepIntervalSeconds: integer(env, 'INACTIVITY_SWEEP_INTERVAL_SECONDS', 3_600, 0, 604_800),
    session: loadSessionConfig(env, nodeEnv),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info'),
    nodeEnv,
    lastUsedThrottleSeconds: integer(env, 'LAST_USED_THROTTLE_SECONDS', 60, 0, 86_400),
    lastUsedFlushMs: integer(env, 'LAST_USED_FLUSH_MS', 1_000, 0, 60_000),
    authCacheTtlSeconds: integer(env, 'AUTH_CACHE_TTL_SECONDS', 60, 0, 3_600),
    authCacheMaxEntries: integer(env, 'AUTH_CACHE_MAX_ENTRIES', 10_000, 1, 1_000_000),
    authCacheHeartbeatMs: integer(env, 'AUTH_CACHE_HEARTBEAT_MS', 1_000, 50, 60_000),
    heapGrowingPercent: integer(env, 'HEAP_GROWING_PERCENT', 100, 0, 1_000),
    trustProxy: boolean(env, 'TRUST_PROXY', false),
    graphiql: boolean(env, 'GRAPHIQL', nodeEnv !== 'production'),
    hardening: loadHardeningConfig(env, nodeEnv),
    secretScanning: loadSecretScanningConfig(env, nodeEnv),
    webhooks: {
      allowPrivateTargets: boolean(env, 'WEBHOOK_ALLOW_PRIVATE_TARGETS', false),
      timeoutMs: integer(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 100, 60_000),
      disableAfterHours: integer(env, 'WEBHOOK_DISABLE_AFTER_HOURS', 24, 1, 720),
      deliver: boolean(env, 'WEBHOOK_DELIVERY', true),
      retentionDays: integer(env, 'WEBHOOK_RETENTION_DAYS', 30, 1, 3_650),
      secretKeys: encryptionKeys(env, 'WEBHOOK_SECRET_KEY'),
    },
  };
}

function loadHardeningConfig(env: Env, nodeEnv: NodeEnv): HardeningConfig {
  const metricsToken = env.METRICS_TOKEN || undefined;
  if (metricsToken !== undefined && metricsToken.length < 16) {
    throw new ConfigError('METRICS_TOKEN', 'must be at least 16 characters when set');
  }
  return {
    maxBodyBytes: integer(env, 'MAX_BODY_BYTES', 100_000, 1_000, 10_000_000),
    maxDepth: integer(env, 'GRAPHQL_MAX_DEPTH', 8, 1, 100),
    maxAliases: integer(env, 'GRAPHQL_MAX_ALIASES', 15, 0, 1_000),
    maxDirectives: integer(env, 'GRAPHQL_MAX_DIRECTIVES', 10, 0, 1_000),
    maxTokens: integer(env, 'GRAPHQL_MAX_TOKENS', 1_000, 10, 100_000),
    maxCost: integer(env, 'GRAPHQL_MAX_COST', 5_000, 1, 1_000_000),
    introspection: boolean(env, 'GRAPHQL_INTROSPECTION', nodeEnv !== 'production'),
    trustedDocuments: env.TRUSTED_DOCUMENTS || undefined,
    authFailureLimit: integer(env, 'RATE_LIMIT_AUTH_FAILURES', 30, 1, 1_000_000),
    authFailureWindowSeconds: integer(env, 'RATE_LIMIT_AUTH_FAILURES_WINDOW_SECONDS', 180, 1, 86_400),
    tokenRequestLimit: integer(env, 'RATE_LIMIT_TOKEN_REQUESTS', 600, 0, 1_000_000),
    tokenRequestWindowSeconds: integer(env, 'RATE_LIMIT_TOKEN_WINDOW_SECONDS', 60, 1, 86_400),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    redisKeyPrefix: env.REDIS_KEY_PREFIX || 'api-tokens:',
    redisCommandTimeoutMs: integer(env, 'REDIS_COMMAND_TIMEOUT_MS', 500, 10, 60_000),
    dbQueryTimeoutMs: integer(env, 'DB_QUERY_TIMEOUT_MS', 5_000, 100, 600_000),
    requestTimeoutMs: integer(env, 'REQUEST_TIMEOUT_MS', 15_000, 100, 600_000),
    metrics: boolean(env, 'METRICS', nodeEnv !== 'production' || metricsToken !== undefined),
    metricsToken,
  };
}
