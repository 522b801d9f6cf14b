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
    maxLifetimeDays: null,
    inactivityRevokeDays: null,
    name: userId,
    userCreatedAt: new Date(0),
    workspaceName: workspaceId,
    tokensRevealable: false,
    workspaceCreatedAt: new Date(0),
    scopes: ['TOKENS_READ', 'TOKENS_WRITE'],
    expiresAt: expiresAtMs === null ? null : new Date(expiresAtMs),
  };
  return { principal, expiresAtMs, lastUsedAt: null, previousSecret: null };
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
      .fence(
        'u:u1',
        async () => 'revoked',
        () => true,
      )
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
    expect(
      await cache.fence(
        'u:u1',
        async () => null,
        (result) => result !== null,
      ),
    ).toBeNull();
    expect(timeouts).toEqual([]);
    expect(
      await cache.fence(
        'u:u1',
        async () => 'done',
        () => true,
      ),
    ).toBe('done');
    expect(timeouts).toEqual(['u:u1']);
  });

  it('fence: a failed write is rethrown without waiting', async () => {
    const cache = listeningCache({ echoTimeoutMs: 60_000 });
    await expect(
      cache.fence(
        'u:u1',
        async () => Promise.reject(new Error('boom')),
        () => true,
      ),
    ).rejects.toThrow('boom');
  });
});

describe('verification cache with heartbeats', () => {
  /** A cache on a clock the test moves, requiring a heartbeat at most 100 ms old. */
  function heartbeatCache(options: Partial<Parameters<typeof createVerificationCache>[0]> = {}) {
    const clock = { now: 1_000 };
    const changes: string[] = [];
    const cache = createVerificationCache({
      ttlMs: 60_000,
      maxEntries: 100,
      staleAfterMs: 100,
      now: () => clock.now,
      onActiveChange: (active, reason) => changes.push(`${active ? 'on' : 'off'}: ${reason}`),
      ...options,
    });
    return { cache, clock, changes };
  }

  it('listening is not enough: it answers only once a heartbeat has come back', () => {
    const { cache, clock, changes } = heartbeatCache();
    cache.setListening(true);
    cache.set('a', verification('u1'), cache.generation(), 0);
    expect([cache.active, cache.size]).toEqual([false, 0]);
    cache.heartbeat(clock.now);
    cache.set('a', verification('u1'), cache.generation(), 0);
    expect(cache.get('a', 1)?.principal.userId).toBe('u1');
    expect(changes).toEqual(['on: heartbeat returned']);
  });

  it('turns off and empties itself the moment the last echo is too old, and comes back on empty', () => {
    const { cache, clock, changes } = heartbeatCache();
    cache.setListening(true);
    cache.heartbeat(clock.now);
    cache.set('a', verification('u1'), cache.generation(), 0);
    clock.now += 100;
    expect(cache.get('a', 1)).toBeDefined();
    // No timer needed: the next lookup sees that nothing has vouched for the listener lately.
    clock.now += 1;
    expect(cache.get('a', 1)).toBeUndefined();
    expect([cache.active, cache.size]).toEqual([false, 0]);
    cache.set('b', verification('u2'), cache.generation(), 0);
    expect(cache.size).toBe(0);
    // An echo of a heartbeat sent long ago proves nothing about now.
    cache.heartbeat(clock.now - 150);
    expect(cache.active).toBe(false);
    cache.heartbeat(clock.now);
    expect([cache.active, cache.size, cache.get('a', 1)]).toEqual([true, 0, undefined]);
    expect(changes).toEqual(['on: heartbeat returned', 'off: heartbeat overdue', 'on: heartbeat returned']);
  });

  it('a lookup that started while it was off is not kept after it comes back on', () => {
    const { cache, clock } = heartbeatCache();
    cache.setListening(true);
    const startedWhileOff = cache.generation();
    cache.heartbeat(clock.now);
    cache.set('a', verification('u1'), startedWhileOff, 0);
    expect(cache.size).toBe(0);
  });

  it('goes off when the listener says it stopped listening, and needs a new heartbeat after it listens again', () => {
    const { cache, clock, changes } = heartbeatCache();
    cache.setListening(true);
    cache.heartbeat(clock.now);
    cache.set('a', verification('u1'), cache.generation(), 0);
    cache.setListening(false, 'heartbeat missed');
    expect([cache.active, cache.size]).toEqual([false, 0]);
    // A late echo from the lost connection does not count.
    cache.heartbeat(clock.now);
    expect(cache.active).toBe(false);
    cache.setListening(true);
    expect(cache.active).toBe(false);
    cache.heartbeat(clock.now);
    expect(cache.active).toBe(true);
    expect(changes).toEqual(['on: heartbeat returned', 'off: heartbeat missed', 'on: heartbeat returned']);
  });

  it('a fence whose change is not echoed turns it off until a heartbeat sent after the timeout returns', async () => {
    const timeouts: string[] = [];
    const { cache, clock, changes } = heartbeatCache({ echoTimeoutMs: 20, onEchoTimeout: (key) => timeouts.push(key) });
    cache.setListening(true);
    cache.heartbeat(clock.now);
    cache.set('other', verification('u2'), cache.generation(), 0);
    const sentBeforeTimeout = clock.now;
    await cache.fence(
      'u:u1',
      async () => 'revoked',
      () => true,
    );
    expect(timeouts).toEqual(['u:u1']);
    // Everything goes, not only the fenced user's entries: the listener itself is in doubt.
    expect([cache.active, cache.size, cache.get('other', 1)]).toEqual([false, 0, undefined]);
    cache.heartbeat(sentBeforeTimeout);
    expect(cache.active).toBe(false);
    clock.now += 1;
    cache.heartbeat(clock.now);
    expect([cache.active, cache.size]).toEqual([true, 0]);
    expect(changes).toEqual(['on: heartbeat returned', 'off: change not echoed', 'on: heartbeat returned']);
  });

  it("a TRUNCATE's '*' drops every entry", () => {
    const cache = listeningCache();
    cache.set('a', verification('u1', 'w1'), cache.generation(), 0);
    cache.set('b', verification('u2', 'w2'), cache.generation(), 0);
    const before = cache.generation();
    cache.notified('*');
    expect([cache.get('a', 1), cache.get('b', 1), cache.size]).toEqual([undefined, undefined, 0]);
    // A lookup in flight across it is not kept either.
    cache.set('c', verification('u3'), before, 0);
    expect(cache.size).toBe(0);
    expect(cache.active).toBe(true);
  });

  it("a revocation's notice keeps the owner's other tokens: only the 'u:' right after it is narrowed", () => {
    const cache = listeningCache();
    const token = (tokenId: string, userId = 'u1') => {
      const value = verification(userId);
      return { ...value, principal: { ...value.principal, tokenId } };
    };
    cache.set('caller', token('t-caller'), cache.generation(), 0);
    cache.set('revoked', token('t-revoked'), cache.generation(), 0);
    // The same token by the secret its rotation replaced: it goes too.
    cache.set('revoked-previous', token('t-revoked'), cache.generation(), 0);
    cache.set('other-user', token('t-revoked', 'u2'), cache.generation(), 0);
    const inFlight = cache.generation();
    cache.notified('r:u1:t-revoked');
    // The notice alone drops nothing.
    expect(cache.size).toBe(4);
    cache.notified('u:u1');
    expect([cache.get('revoked', 1), cache.get('revoked-previous', 1)]).toEqual([undefined, undefined]);
    expect(cache.get('caller', 1)?.principal.tokenId).toBe('t-caller');
    expect(cache.get('other-user', 1)?.principal.userId).toBe('u2');
    // A lookup in flight across the delete (of the revoked token, perhaps) is not kept.
    cache.set('late', token('t-revoked'), inFlight, 0);
    expect(cache.get('late', 1)).toBeUndefined();
    // The next 'u:' is some other change of the user's: every entry of theirs goes.
    cache.notified('u:u1');
    expect(cache.get('caller', 1)).toBeUndefined();
  });

  it("a notice not followed at once by its owner's 'u:' narrows nothing", () => {
    const cache = listeningCache();
    const token = (tokenId: string, userId: string, workspaceId = 'w1') => {
      const value = verification(userId, workspaceId);
      return { ...value, principal: { ...value.principal, tokenId } };
    };
    cache.set('a', token('t-a', 'u1'), cache.generation(), 0);
    cache.set('b', token('t-b', 'u1'), cache.generation(), 0);
    // Another owner's change comes next: handled in full, and the notice is spent.
    cache.notified('r:u1:t-a');
    cache.notified('w:w2');
    cache.notified('u:u1');
    expect([cache.get('a', 1), cache.get('b', 1)]).toEqual([undefined, undefined]);
    // Nor does a notice survive a lost listener.
    cache.set('a', token('t-a', 'u1'), cache.generation(), 0);
    cache.set('b', token('t-b', 'u1'), cache.generation(), 0);
    cache.notified('r:u1:t-a');
    cache.setListening(false);
    cache.setListening(true);
    cache.set('b', token('t-b', 'u1'), cache.generation(), 0);
    cache.notified('u:u1');
    expect(cache.get('b', 1)).toBeUndefined();
  });

  it('fence with onlyToken: drops only that token locally and still waits for the echo', async () => {
    const cache = listeningCache();
    const token = (tokenId: string) => {
      const value = verification('u1');
      return { ...value, principal: { ...value.principal, tokenId } };
    };
    cache.set('caller', token('t-caller'), cache.generation(), 0);
    cache.set('revoked', token('t-revoked'), cache.generation(), 0);
    let settled = false;
    const fenced = cache
      .fence(
        'u:u1',
        async () => ({ id: 't-revoked' }),
        () => true,
        (result) => result.id,
      )
      .then((result) => {
        settled = true;
        return result;
      });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect([settled, cache.get('revoked', 1), cache.get('caller', 1)?.principal.tokenId]).toEqual([
      false,
      undefined,
      't-caller',
    ]);
    cache.notified('r:u1:t-revoked');
    cache.notified('u:u1');
    expect(await fenced).toEqual({ id: 't-revoked' });
    expect(cache.get('caller', 1)?.principal.tokenId).toBe('t-caller');
  });
});
