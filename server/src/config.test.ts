import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const ecPublicKey = (namedCurve: string) =>
  generateKeyPairSync('ec', { namedCurve }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
const p256 = ecPublicKey('prime256v1');

describe('configuration', () => {
  it('reads TOKEN_ENCRYPTION_KEY as key id and 32-byte key pairs, the first one encrypting', () => {
    const a = Buffer.alloc(32, 7);
    const b = Buffer.alloc(32, 9);
    const config = loadConfig({ TOKEN_ENCRYPTION_KEY: `new:${a.toString('base64')}, old:${b.toString('base64')}` });
    expect(config.tokenEncryptionKeys.map((k) => k.id)).toEqual(['new', 'old']);
    expect(config.tokenEncryptionKeys[1]!.key.equals(b)).toBe(true);
    expect(loadConfig({}).tokenEncryptionKeys).toEqual([]);
    expect(loadConfig({}).revokedRetentionDays).toBe(90);
    expect(loadConfig({}).inactivitySweepIntervalSeconds).toBe(3600);
    expect(loadConfig({ INACTIVITY_SWEEP_INTERVAL_SECONDS: '0' }).inactivitySweepIntervalSeconds).toBe(0);
  });

  it('has defaults that start the embedded database on localhost:4000', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 4000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      tokenPrefix: 'pat',
      nodeEnv: 'development',
    });
    expect(config.publicUrl).toBe('http://127.0.0.1:4000');
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['DATABASE_URL', 'not a url'],
    ['PUBLIC_URL', 'ftp://example.com'],
    ['TOKEN_PREFIX', 'Has_Underscore'],
    ['LOG_LEVEL', 'loud'],
    ['NODE_ENV', 'staging'],
    ['TOKEN_PEPPER', 'short'],
    ['GRAPHIQL', 'maybe'],
    ['HEAP_GROWING_PERCENT', '-1'],
    ['HEAP_GROWING_PERCENT', '5000'],
    ['AUTH_CACHE_HEARTBEAT_MS', '10'],
    ['INACTIVITY_SWEEP_INTERVAL_SECONDS', '-1'],
    ['INACTIVITY_SWEEP_INTERVAL_SECONDS', 'hourly'],
    ['AUTH_CACHE_HEARTBEAT_MS', 'often'],
    ['TOKEN_ENCRYPTION_KEY', 'no-colon'],
    ['TOKEN_ENCRYPTION_KEY', `k1:${Buffer.alloc(16).toString('base64')}`],
    ['TOKEN_ENCRYPTION_KEY', 'k1:not base64!'],
    ['TOKEN_ENCRYPTION_KEY', `k1:${Buffer.alloc(32).toString('base64')},k1:${Buffer.alloc(32, 1).toString('base64')}`],
    ['REVOKED_RETENTION_DAYS', '0'],
    ['SECRET_SCANNING_PUBLIC_KEYS', 'not json'],
    ['SECRET_SCANNING_PUBLIC_KEYS', '{"public_keys":[]}'],
    ['SECRET_SCANNING_PUBLIC_KEYS', JSON.stringify([{ key_identifier: 'k', key: 'not a key' }])],
    ['SECRET_SCANNING_PUBLIC_KEYS', JSON.stringify([{ key_identifier: 'k', key: ecPublicKey('secp384r1') }])],
    ['SECRET_SCANNING_PUBLIC_KEYS', JSON.stringify([{ key: p256 }])],
    [
      'SECRET_SCANNING_PUBLIC_KEYS',
      JSON.stringify([
        { key_identifier: 'k', key: p256 },
        { key_identifier: 'k', key: p256 },
      ]),
    ],
    ['SECRET_SCANNING_ALLOW_UNSIGNED', 'perhaps'],
    ['RATE_LIMIT_SECRET_SCANNING', '-1'],
    ['WEBHOOK_ALLOW_PRIVATE_TARGETS', 'sometimes'],
    ['WEBHOOK_TIMEOUT_MS', '10'],
    ['WEBHOOK_DISABLE_AFTER_HOURS', '0'],
    ['WEBHOOK_DELIVERY', 'maybe'],
    ['WEBHOOK_RETENTION_DAYS', '0'],
  ])('rejects %s=%s with a message naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  it('tunes the heap by default, and leaves V8 alone with HEAP_GROWING_PERCENT=0', () => {
    expect(loadConfig({}).heapGrowingPercent).toBe(100);
    expect(loadConfig({ HEAP_GROWING_PERCENT: '0' }).heapGrowingPercent).toBe(0);
  });

  it('lets a rate-limit command wait on Redis 500 ms unless told otherwise', () => {
    expect(loadConfig({}).hardening.redisCommandTimeoutMs).toBe(500);
    expect(loadConfig({ REDIS_COMMAND_TIMEOUT_MS: '2000' }).hardening.redisCommandTimeoutMs).toBe(2000);
    expect(() => loadConfig({ REDIS_COMMAND_TIMEOUT_MS: '0' })).toThrow(ConfigError);
  });

  it('has the listener prove itself every second unless told otherwise', () => {
    expect(loadConfig({}).authCacheHeartbeatMs).toBe(1_000);
    expect(loadConfig({ AUTH_CACHE_HEARTBEAT_MS: '250' }).authCacheHeartbeatMs).toBe(250);
  });

  it('turns GraphiQL off in production unless asked', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).graphiql).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', GRAPHIQL: 'true' }).graphiql).toBe(true);
  });

  it('reads SECRET_SCANNING_PUBLIC_KEYS as GitHub publishes them, or as the bare array', () => {
    const published = {
      public_keys: [
        { key_identifier: 'abc123', key: p256, is_current: true },
        { key_identifier: 'old', key: ecPublicKey('prime256v1'), is_current: false },
      ],
    };
    const config = loadConfig({ SECRET_SCANNING_PUBLIC_KEYS: JSON.stringify(published) });
    expect(config.secretScanning.publicKeys.map((key) => key.id)).toEqual(['abc123', 'old']);
    const bare = loadConfig({ SECRET_SCANNING_PUBLIC_KEYS: JSON.stringify(published.public_keys) });
    expect(bare.secretScanning.publicKeys).toHaveLength(2);
    expect(loadConfig({}).secretScanning).toEqual({ publicKeys: [], allowUnsigned: false, requestLimit: 60 });
  });

  it('refuses unsigned leak reports in production', () => {
    expect(loadConfig({ NODE_ENV: 'test', SECRET_SCANNING_ALLOW_UNSIGNED: 'true' }).secretScanning.allowUnsigned).toBe(
      true,
    );
    expect(() => loadConfig({ NODE_ENV: 'production', SECRET_SCANNING_ALLOW_UNSIGNED: 'true' })).toThrow(
      /SECRET_SCANNING_ALLOW_UNSIGNED cannot be enabled when NODE_ENV=production/,
    );
  });

  it('delivers webhooks by default, to public addresses only, giving up on an endpoint after a day', () => {
    expect(loadConfig({}).webhooks).toEqual({
      allowPrivateTargets: false,
      timeoutMs: 10_000,
      disableAfterHours: 24,
      deliver: true,
      retentionDays: 30,
      secretKeys: [],
    });
  });

  it('reads WEBHOOK_SECRET_KEY like TOKEN_ENCRYPTION_KEY, and refuses a malformed one', () => {
    const key = randomBytes(32);
    expect(loadConfig({ WEBHOOK_SECRET_KEY: `w1:${key.toString('base64')}` }).webhooks.secretKeys).toEqual([
      { id: 'w1', key },
    ]);
    expect(() => loadConfig({ WEBHOOK_SECRET_KEY: `w1:${Buffer.alloc(16).toString('base64')}` })).toThrow(
      /WEBHOOK_SECRET_KEY/,
    );
  });
});
