import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('has defaults that start the embedded database on localhost:4000', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 4000, host: '127.0.0.1', databaseUrl: undefined, tokenPrefix: 'pat', nodeEnv: 'development' });
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
    ['AUTH_CACHE_HEARTBEAT_MS', 'often'],
  ])('rejects %s=%s with a message naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  it('tunes the heap by default, and leaves V8 alone with HEAP_GROWING_PERCENT=0', () => {
    expect(loadConfig({}).heapGrowingPercent).toBe(100);
    expect(loadConfig({ HEAP_GROWING_PERCENT: '0' }).heapGrowingPercent).toBe(0);
  });

  it('has the listener prove itself every second unless told otherwise', () => {
    expect(loadConfig({}).authCacheHeartbeatMs).toBe(1_000);
    expect(loadConfig({ AUTH_CACHE_HEARTBEAT_MS: '250' }).authCacheHeartbeatMs).toBe(250);
  });

  it('turns GraphiQL off in production unless asked', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).graphiql).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', GRAPHIQL: 'true' }).graphiql).toBe(true);
  });
});
