// Batched last-used writes (server/src/auth/last-used.ts): the due uses of one
// flush interval are one UPDATE however many tokens they name, the latest use of a
// token wins, a shutdown writes what is still waiting, and two instances sharing a
// database agree on the throttle (the UPDATE's own condition).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { VIEWER_EMAIL } from './support/operations.js';
import { createUserWithToken, startTestServer, type TestServer } from './support/server.js';
import { logStatements, type StatementLog } from './support/statement-log.js';

/** Distinct tokens used once each within one flush interval. */
const TOKENS = 100;

let now = new Date('2030-01-01T00:00:00.000Z');
const clock = () => new Date(now);
let database: TestDatabase;
let log: StatementLog;
let server: TestServer;

beforeAll(async () => {
  database = await createTestDatabase({ countStatements: true });
  log = logStatements(database.db);
  // A flush interval no test outlasts: only `flush()` (or the pending bound) writes. No
  // listener heartbeat or webhook poll in the middle of a count.
  server = await startTestServer(database, {
    clock,
    env: { LAST_USED_FLUSH_MS: '60000', AUTH_CACHE_HEARTBEAT_MS: '60000', WEBHOOK_DELIVERY: 'false' },
  });
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

async function lastUsed(tokenIds: readonly string[]): Promise<Map<string, Date | null>> {
  const rows = await database.db.prisma.apiToken.findMany({
    where: { id: { in: [...tokenIds] } },
    select: { id: true, lastUsedAt: true },
  });
  return new Map(rows.map((row) => [row.id, row.lastUsedAt]));
}

describe('batched lastUsedAt writes', () => {
  it(`${TOKENS} distinct tokens used in one interval: one UPDATE, every token written`, async () => {
    const owner = await createUserWithToken(server);
    const actor = { userId: owner.userId, email: owner.email, role: 'ADMIN' as const, workspaceId: owner.workspaceId };
    const tokens = [{ token: owner.token, id: owner.tokenId }];
    for (let i = 1; i < TOKENS; i += 1) {
      const { token, apiToken } = await server.started.app.tokens.create(
        { ...actor, auditLogsEnabled: false },
        { name: `batch ${i}` },
        { ip: null, userAgent: 'test fixture' },
      );
      tokens.push({ token, id: apiToken.id });
    }
    const { app, db } = server.started;
    await app.lastUsed.flush();
    const before = db.statementCount!();
    const from = log.length;
    for (const { token } of tokens) expect((await server.execute(VIEWER_EMAIL, { token })).status).toBe(200);
    const requests = db.statementCount!() - before;
    await app.lastUsed.flush();
    const sent = log.since(from);
    const updates = sent.filter((line) => line.includes('UPDATE api_tokens'));
    expect(updates, sent.join('\n')).toHaveLength(1);
    // One lookup per request (each token's first use), then the one write.
    expect(requests).toBe(TOKENS);
    expect(db.statementCount!() - before).toBe(TOKENS + 1);
    const written = await lastUsed(tokens.map((t) => t.id));
    expect([...written.values()].filter((at) => at?.getTime() === now.getTime())).toHaveLength(TOKENS);
  });

  it('the latest use of a token in a batch wins (throttle 0), and the batch is still one UPDATE', async () => {
    let at = new Date('2030-02-01T00:00:00.000Z');
    const unthrottled = await startTestServer(database, {
      clock: () => new Date(at),
      env: { LAST_USED_FLUSH_MS: '60000', LAST_USED_THROTTLE_SECONDS: '0', WEBHOOK_DELIVERY: 'false' },
    });
    try {
      const a = await createUserWithToken(unthrottled);
      const b = await createUserWithToken(unthrottled);
      const from = log.length;
      for (const seconds of [1, 2, 3]) {
        at = new Date(Date.UTC(2030, 1, 1, 0, 0, seconds));
        for (const fixture of [a, b]) await unthrottled.execute(VIEWER_EMAIL, { token: fixture.token });
      }
      await unthrottled.started.app.lastUsed.flush();
      expect(log.since(from).filter((line) => line.includes('UPDATE api_tokens'))).toHaveLength(1);
      const written = await lastUsed([a.tokenId, b.tokenId]);
      expect([written.get(a.tokenId), written.get(b.tokenId)]).toEqual([at, at]);
    } finally {
      await unthrottled.stop();
    }
  });

  it('stopping the server writes the uses still waiting', async () => {
    const stopping = await startTestServer(database, {
      clock,
      env: { LAST_USED_FLUSH_MS: '60000', WEBHOOK_DELIVERY: 'false' },
    });
    try {
      const fixture = await createUserWithToken(stopping);
      expect((await stopping.execute(VIEWER_EMAIL, { token: fixture.token })).status).toBe(200);
      // Nothing written yet: the interval has not passed.
      expect((await lastUsed([fixture.tokenId])).get(fixture.tokenId)).toBeNull();
      await stopping.stop();
      expect((await lastUsed([fixture.tokenId])).get(fixture.tokenId)).toEqual(now);
    } finally {
      await stopping.stop();
    }
  });

  it('two instances that both saw a first use agree on the throttle: the first write stands', async () => {
    const second = await startTestServer(database, {
      clock,
      env: { LAST_USED_FLUSH_MS: '60000', AUTH_CACHE_HEARTBEAT_MS: '60000', WEBHOOK_DELIVERY: 'false' },
    });
    try {
      const fixture = await createUserWithToken(server);
      const t0 = new Date(now);
      // Both instances look the token up (never used) and each has a write waiting.
      expect((await server.execute(VIEWER_EMAIL, { token: fixture.token })).status).toBe(200);
      now = new Date(t0.getTime() + 10_000);
      expect((await second.execute(VIEWER_EMAIL, { token: fixture.token })).status).toBe(200);
      await server.started.app.lastUsed.flush();
      await second.started.app.lastUsed.flush();
      // The second's use is within the first's throttle window: its UPDATE matches no row.
      expect((await lastUsed([fixture.tokenId])).get(fixture.tokenId)).toEqual(t0);
      // Past the window (of the second's own last write too), either instance writes again.
      now = new Date(t0.getTime() + 71_000);
      expect((await second.execute(VIEWER_EMAIL, { token: fixture.token })).status).toBe(200);
      await second.started.app.lastUsed.flush();
      expect((await lastUsed([fixture.tokenId])).get(fixture.tokenId)).toEqual(now);
    } finally {
      await second.stop();
    }
  });
});
