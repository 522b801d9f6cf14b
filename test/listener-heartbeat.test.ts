// Trust only what is being watched: the verified-token cache answers only while
// its listener proves, by heartbeat, that notifications reach it. Here the
// listener is made deaf while its connection stays open — on PostgreSQL by a TCP
// proxy that stops forwarding (the failure once measured: a revoked token accepted
// 118 times in 60 s), on PGlite by an UNLISTEN behind its back — and a token is
// revoked elsewhere: on PostgreSQL through a second server on the same database,
// on PGlite by SQL, as an operator would (PGlite has one session, so no second
// server could hear what this one cannot).
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_CHANNEL } from '../server/src/auth/verification-cache.js';
import { openDatabase, type Database } from '../server/src/db/database.js';
import { listenPostgres } from '../server/src/db/notifications.js';
import { createLogger } from '../server/src/logger.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { postgresAdminUrl, testDatabaseKind } from './support/env.js';
import { createToken, revokeToken, VIEWER_EMAIL } from './support/operations.js';
import { createUserWithToken, startTestServer, type Fixture, type TestServer } from './support/server.js';
import { startStallableProxy, type StallableProxy } from './support/stallable-proxy.js';

const HEARTBEAT_MS = 250;
/** Two intervals without an echo and the cache is off. */
const BOUND_MS = 2 * HEARTBEAT_MS;
/** Timer lag and request latency on a busy two-core machine. */
const SLACK_MS = 600;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

let database: TestDatabase;
let proxy: StallableProxy | undefined;
/** PostgreSQL: a second instance on the same database, listening directly (healthy). */
let other: { db: Database; server: TestServer } | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  if (testDatabaseKind === 'postgres') {
    const target = new URL(postgresAdminUrl);
    proxy = await startStallableProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const db = await openDatabase({ databaseUrl: database.databaseUrl });
    other = { db, server: await startTestServer({ db }) };
  }
});

afterAll(async () => {
  await other?.server.stop();
  await other?.db.close();
  await proxy?.close();
  await database?.drop();
});

interface Watched {
  server: TestServer;
  /** What the server logged (JSON lines). */
  logs: { msg: string; reason?: string }[];
  /** The listener stops receiving; its connection stays open. */
  deafen(): Promise<void>;
  restore(): void;
}

/** A server on the test database whose listener the test can make deaf. */
async function watchedServer(heartbeatMs: number): Promise<Watched> {
  const logs: Watched['logs'] = [];
  const logger = createLogger('info', { write: (line: string) => void logs.push(JSON.parse(line)) });
  // PostgreSQL: queries go straight to the database, only the listener through the proxy.
  const db: Database = proxy
    ? {
        ...database.db,
        listen: (channel, handlers, options) =>
          listenPostgres(proxy!.urlFor(database.databaseUrl!), channel, handlers, options),
      }
    : database.db;
  const server = await startTestServer({ db }, { env: { AUTH_CACHE_HEARTBEAT_MS: String(heartbeatMs) }, logger });
  return {
    server,
    logs,
    deafen: async () => (proxy ? proxy.stall() : database.db.sql.exec(`UNLISTEN "${AUTH_CHANNEL}"`)),
    restore: () => proxy?.resume(),
  };
}

async function status(server: TestServer, token: string): Promise<number> {
  return (await server.execute(VIEWER_EMAIL, { token })).status;
}

/** Revokes a token without this instance taking part. */
async function revokeElsewhere(owner: Fixture, victim: { id: string }, name: string): Promise<void> {
  if (other) {
    expect(await revokeToken(other.server, owner.token, victim.id)).toBe('RevokeApiTokenSuccess');
  } else {
    const deleted = await database.db.sql.query(
      'DELETE FROM api_tokens WHERE owner_id = $1 AND name = $2 RETURNING id',
      [owner.userId, name],
    );
    expect(deleted).toHaveLength(1);
  }
}

/** Counts the authentication lookups sent to the database until `stop`. */
function countLookups(): { readonly count: number; stop(): void } {
  const sql = database.db.sql;
  const query = sql.query;
  const state = {
    count: 0,
    stop: () => {
      sql.query = query;
    },
  };
  sql.query = ((text: string, params?: unknown[], name?: string) => {
    if (name?.startsWith('auth_token_lookup')) state.count += 1;
    return query(text, params, name);
  }) as typeof query;
  return state;
}

/**
 * Until both tokens are answered from the cache. (A first request can block the event
 * loop long enough — GraphQL compilation, PGlite's synchronous engine — for a
 * heartbeat this short to be overdue, which empties the cache: correct, but not
 * what these tests are about.)
 */
async function untilCached(server: TestServer, tokens: string[]): Promise<void> {
  const lookups = countLookups();
  try {
    await eventually(async () => {
      const before = lookups.count;
      for (const token of tokens) expect(await status(server, token)).toBe(200);
      return lookups.count === before && server.started.app.authCache.active;
    }, 10_000);
  } finally {
    lookups.stop();
  }
}

describe('listener heartbeat', () => {
  it('a listener that stops receiving turns the cache off within the heartbeat bound; a token revoked elsewhere is refused from then on; the cache comes back on empty', async () => {
    const { server, logs, deafen, restore } = await watchedServer(HEARTBEAT_MS);
    const cache = server.started.app.authCache;
    try {
      const owner = await createUserWithToken(server);
      const victim = await createToken(server, owner.token, 'victim');
      await untilCached(server, [victim.token, owner.token]);

      await deafen();
      const deafAt = performance.now();
      await revokeElsewhere(owner, victim, 'victim');
      // Accepted from the cache at most until the heartbeat is overdue; refused from then on.
      let accepted = 0;
      while ((await status(server, victim.token)) === 200) {
        accepted += 1;
        if (performance.now() - deafAt > 10_000) throw new Error(`still accepted after 10 s (${accepted} times)`);
        await sleep(20);
      }
      const refusedAfterMs = performance.now() - deafAt;
      expect(refusedAfterMs).toBeLessThanOrEqual(BOUND_MS + SLACK_MS);
      for (let i = 0; i < 3; i++) expect(await status(server, victim.token)).toBe(401);
      expect(logs).toContainEqual(
        expect.objectContaining({
          msg: expect.stringMatching(/^verified-token cache off/),
          reason: expect.stringMatching(/heartbeat/),
        }),
      );

      if (proxy) {
        // Still stalled (reconnecting through the same dead path): every request is looked up.
        expect(cache.active).toBe(false);
        const lookups = countLookups();
        try {
          for (let i = 0; i < 3; i++) expect(await status(server, owner.token)).toBe(200);
          expect([lookups.count, cache.size]).toEqual([3, 0]);
        } finally {
          lookups.stop();
        }
      }

      // PostgreSQL: the path comes back and the listener reconnects; PGlite: it listens again by itself.
      restore();
      await eventually(() => cache.active, 15_000);
      expect(cache.size).toBe(0);
      const offAt = logs.findIndex((line) => line.msg.startsWith('verified-token cache off'));
      expect(logs.slice(offAt)).toContainEqual(
        expect.objectContaining({ msg: 'verified-token cache on', reason: 'heartbeat returned' }),
      );
      await untilCached(server, [owner.token]);
      expect(await status(server, victim.token)).toBe(401);
    } finally {
      restore();
      await server.stop();
    }
  });

  it('a revoke whose notification does not come back turns that instance’s cache off (with no heartbeat due to do it)', async () => {
    // One heartbeat a minute: within this test only the fence can notice.
    const { server, logs, deafen, restore } = await watchedServer(60_000);
    const cache = server.started.app.authCache;
    try {
      const owner = await createUserWithToken(server);
      const victim = await createToken(server, owner.token, 'victim');
      await untilCached(server, [victim.token, owner.token]);

      await deafen();
      const startedAt = performance.now();
      expect(await revokeToken(server, owner.token, victim.id)).toBe('RevokeApiTokenSuccess');
      // It waited for its notification (2 s), then gave up trusting its cache.
      expect(performance.now() - startedAt).toBeGreaterThanOrEqual(1_900);
      expect([cache.active, cache.size]).toEqual([false, 0]);
      expect(logs).toContainEqual(expect.objectContaining({ reason: 'change not echoed' }));

      const lookups = countLookups();
      try {
        for (let i = 0; i < 3; i++) expect(await status(server, owner.token)).toBe(200);
        expect([lookups.count, cache.size]).toEqual([3, 0]);
      } finally {
        lookups.stop();
      }
      expect(await status(server, victim.token)).toBe(401);
      if (other) expect(await status(other.server, victim.token)).toBe(401);
    } finally {
      restore();
      await server.stop();
    }
  });
});
