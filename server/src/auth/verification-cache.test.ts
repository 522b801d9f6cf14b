import { describe, expect, it } from 'vitest';
import type { ApiTokenPrincipal } from './principal.js';
import { createVerificationCache, type CachedVerification } from './verification-cache.js';

function verification(userId: string, workspaceId = 'w1', expiresAtMs: number | null = null): CachedVerification {
  const principal: ApiTokenPrincipal = {
    kind: 'apiToken',
    tokenId: `t-${userId}`,
    userId,
    email: `${userId}@example.com`,
    role: 'MEMBER',
    workspaceId,
    plan: 'ENTERPRISE',
    auditLogsEnabled: false,
  };
  return { principal, expiresAtMs, lastUsedAt: null };
}

function listeningCache(options: Partial<Parameters<typeof createVerificationCache>[0]> = {}) {
  const cache = createVerificationCache({ ttlMs: 60_000, maxEntries: 100, ...options });
  cache.setListening(true);
  return cache;
}

describe('verification cache', () => {
  it('remembers a verification until its TTL is over', () => {
    const cache = listeningCache({ ttlMs: 1_000 });
    cache.set('d1', verification('u1'), cache.generation(), 0);
    expect(cache.get('d1', 999)?.principal.userId).toBe('u1');
    expect(cache.get('d1', 1_000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('drops every token of a user, or of a workspace, that a notification names', () => {
    const cache = listeningCache();
    cache.set('a', verification('u1', 'w1'), cache.generation(), 0);
    cache.set('b', verification('u1', 'w1'), cache.generation(), 0);
    cache.set('c', verification('u2', 'w1'), cache.generation(), 0);
    cache.set('d', verification('u3', 'w2'), cache.generation(), 0);
    cache.notified('u:u1');
    expect([cache.get('a', 1), cache.get('b', 1)]).toEqual([undefined, undefined]);
    expect(cache.get('c', 1)).toBeDefined();
    cache.notified('w:w1');
    expect(cache.get('c', 1)).toBeUndefined();
    expect(cache.get('d', 1)?.principal.userId).toBe('u3');
  });

  it('does not keep a lookup that an invalidation overtook', () => {
    const cache = listeningCache();
    const before = cache.generation();
    // The token's user changed while its lookup was in flight: that answer may be stale.
    cache.notified('u:u1');
    cache.set('a', verification('u1'), before, 0);
    expect(cache.get('a', 1)).toBeUndefined();
  });

  it('is off while not listening, and starts empty when listening starts again', () => {
    const cache = listeningCache();
    cache.set('a', verification('u1'), cache.generation(), 0);
    cache.setListening(false);
    expect(cache.get('a', 1)).toBeUndefined();
    cache.set('b', verification('u2'), cache.generation(), 0);
    cache.setListening(true);
    expect([cache.get('a', 1), cache.get('b', 1), cache.size]).toEqual([undefined, undefined, 0]);
  });

  it('is off with a TTL of 0', () => {
    const cache = listeningCache({ ttlMs: 0 });
    cache.set('a', verification('u1'), cache.generation(), 0);
    expect([cache.listening, cache.size]).toEqual([false, 0]);
  });

  it('holds at most maxEntries, dropping the oldest', () => {
    const cache = listeningCache({ maxEntries: 2 });
    for (const key of ['a', 'b', 'c']) cache.set(key, verification(`u-${key}`), cache.generation(), 0);
    expect([cache.get('a', 1), cache.size]).toEqual([undefined, 2]);
    expect(cache.get('c', 1)?.principal.userId).toBe('u-c');
    // Dropped entries leave nothing behind in the indexes either.
    cache.notified('u:u-a');
    expect(cache.size).toBe(2);
  });

  it('fence: drops local entries at once and returns only after the notification arrives', async () => {
    const cache = listeningCache();
    cache.set('a', verification('u1'), cache.generation(), 0);
    let returned = false;
    const fenced = cache
      .fence('u:u1', async () => 'revoked', () => true)
      .then((value) => {
        returned = true;
        return value;
      });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(cache.get('a', 1)).toBeUndefined();
    expect(returned).toBe(false);
    cache.notified('u:u1');
    expect(await fenced).toBe('revoked');
  });

  it('fence: gives up waiting after the timeout, and does not wait for writes that changed nothing', async () => {
    const timeouts: string[] = [];
    const cache = listeningCache({ echoTimeoutMs: 30, onEchoTimeout: (key) => timeouts.push(key) });
    expect(await cache.fence('u:u1', async () => null, (result) => result !== null)).toBeNull();
    expect(timeouts).toEqual([]);
    expect(await cache.fence('u:u1', async () => 'done', () => true)).toBe('done');
    expect(timeouts).toEqual(['u:u1']);
  });

  it('fence: a failed write is rethrown without waiting', async () => {
    const cache = listeningCache({ echoTimeoutMs: 60_000 });
    await expect(cache.fence('u:u1', async () => Promise.reject(new Error('boom')), () => true)).rejects.toThrow('boom');
  });
});
