// The verified-token cache against a real server and database: it saves the
// lookup, and every change that matters reaches it through the database's
// notifications (triggers), whoever makes the change.
import { describe, expect, it } from 'vitest';
import { ViewerDocument } from '../sdk/src/generated/graphql.js';
import { LISTENER_APPLICATION_NAME } from '../server/src/db/notifications.js';
import { adminQuery } from './support/database.js';
import { testDatabaseKind } from './support/env.js';
import { expectData } from './support/graphql.js';
import { createToken, revokeToken, TOKEN_PAGE, VIEWER_ACCESS } from './support/operations.js';
import { createUserWithToken, useTestServer } from './support/server.js';

const ctx = useTestServer();
/** The HTTP status of a request authenticated with `token`. */
const status = async (token: string) => (await ctx.server.execute(VIEWER_ACCESS, { token })).status;

/** Counts the authentication lookups the server sends to the database. */
function countLookups(): { readonly count: number } {
  const sql = ctx.server.started.db.sql;
  const state = { count: 0 };
  const query = sql.query;
  sql.query = ((text: string, params?: unknown[], name?: string) => {
    if (name?.startsWith('auth_token_lookup')) state.count += 1;
    return query(text, params, name);
  }) as typeof query;
  return state;
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('verified-token cache', () => {
  it('looks a token up once, then answers from memory', async () => {
    const lookups = countLookups();
    const user = await createUserWithToken(ctx.server);
    for (let i = 0; i < 5; i++) expect(await status(user.token)).toBe(200);
    expect(lookups.count).toBe(1);
    expect(ctx.server.started.app.authCache.active).toBe(true);
  });

  it('keeps totalCount exact through creates and revokes while the token is cached', async () => {
    const user = await createUserWithToken(ctx.server);
    const count = async () =>
      expectData(await ctx.server.execute(TOKEN_PAGE, { token: user.token, variables: { first: 5 } })).apiTokens
        .totalCount;
    expect(await count()).toBe(1);
    const created = await createToken(ctx.server, user.token, 'second');
    expect(await count()).toBe(2);
    expect(await revokeToken(ctx.server, user.token, created.id)).toBe('RevokeApiTokenSuccess');
    expect(await count()).toBe(1);
  });

  it('revoking through the API: the very next request with the token fails', async () => {
    const user = await createUserWithToken(ctx.server);
    const { token, id } = await createToken(ctx.server, user.token, 'doomed');
    expect(await status(token)).toBe(200);
    expect(await revokeToken(ctx.server, user.token, id)).toBe('RevokeApiTokenSuccess');
    expect(await status(token)).toBe(401);
  });

  it("revoking one of the owner's tokens drops only that one: the caller's own and the others stay cached", async () => {
    const user = await createUserWithToken(ctx.server);
    const doomed = await createToken(ctx.server, user.token, 'doomed');
    const sibling = await createToken(ctx.server, user.token, 'sibling');
    for (const token of [user.token, doomed.token, sibling.token]) expect(await status(token)).toBe(200);
    const lookups = countLookups();
    expect(await revokeToken(ctx.server, user.token, doomed.id)).toBe('RevokeApiTokenSuccess');
    expect(await status(doomed.token)).toBe(401);
    expect(await status(user.token)).toBe(200);
    expect(await status(sibling.token)).toBe(200);
    // Only the revoked token was looked up again (the owner's whole set used to go: 3).
    expect(lookups.count).toBe(1);
    // Any other change of the owner's still drops them all.
    await ctx.server.started.db.prisma.user.update({ where: { id: user.userId }, data: { name: 'Renamed' } });
    await eventually(async () => {
      const before = lookups.count;
      return (await status(sibling.token)) === 200 && lookups.count === before + 1;
    });
  });

  it('a change made straight in the database (as the CLI or an operator would) reaches the cache', async () => {
    const prisma = ctx.server.started.db.prisma;
    const cache = ctx.server.started.app.authCache;
    const demoted = await createUserWithToken(ctx.server);
    const downgraded = await createUserWithToken(ctx.server);
    const deleted = await createUserWithToken(ctx.server);
    const expired = await createUserWithToken(ctx.server);
    for (const user of [demoted, downgraded, deleted, expired]) expect(await status(user.token)).toBe(200);

    const before = cache.size;
    await prisma.user.update({ where: { id: demoted.userId }, data: { role: 'WATCH_ONLY' } });
    await eventually(async () => cache.size === before - 1);
    expect(await status(demoted.token)).toBe(403);

    await prisma.workspace.update({ where: { id: downgraded.workspaceId }, data: { plan: 'TEAM' } });
    await eventually(async () => cache.size === before - 2);
    expect(await status(downgraded.token)).toBe(403);

    await prisma.apiToken.deleteMany({ where: { ownerId: deleted.userId } });
    await eventually(async () => cache.size === before - 3);
    expect(await status(deleted.token)).toBe(401);

    // A token row updated in place (here its expiry moved into the past).
    await prisma.apiToken.update({ where: { id: expired.tokenId }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    await eventually(async () => cache.size === before - 4);
    expect(await status(expired.token)).toBe(401);
  });

  it('viewer is answered from the cache, and a rename made straight in SQL reaches its next request', async () => {
    const user = await createUserWithToken(ctx.server, { auditLogs: true });
    const viewer = async () => expectData(await ctx.server.execute(ViewerDocument, { token: user.token })).viewer;
    const first = await viewer();
    expect(first.workspace.tokenPolicy.tokensRevealable).toBe(false);
    const lookups = countLookups();
    const sql = ctx.server.started.db.sql;
    await sql.query(`UPDATE users SET name = 'Renamed user' WHERE id = $1::uuid`, [user.userId]);
    await eventually(async () => (await viewer()).name === 'Renamed user');
    await sql.query(`UPDATE workspaces SET name = 'Renamed workspace' WHERE id = $1::uuid`, [user.workspaceId]);
    await eventually(async () => (await viewer()).workspace.name === 'Renamed workspace');
    // Not watched before issue 16: only `viewer` reads it from the cache.
    await sql.query(`UPDATE workspaces SET tokens_revealable = true WHERE id = $1::uuid`, [user.workspaceId]);
    await eventually(async () => (await viewer()).workspace.tokenPolicy.tokensRevealable);
    // Each change dropped the cached verification once, and nothing else was looked up again.
    expect(lookups.count).toBe(3);
    expect(await viewer()).toMatchObject({ email: first.email, createdAt: first.createdAt, role: first.role });
  });

  it('a lastUsedAt write does not empty the cache (it changes nothing about authentication)', async () => {
    const user = await createUserWithToken(ctx.server);
    expect(await status(user.token)).toBe(200);
    await ctx.server.started.app.lastUsed.flush();
    const lookups = countLookups();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await status(user.token)).toBe(200);
    expect(lookups.count).toBe(0);
  });

  it('is off while not listening: every request is looked up, and nothing stale survives', async () => {
    const app = ctx.server.started.app;
    const user = await createUserWithToken(ctx.server);
    expect(await status(user.token)).toBe(200);
    await app.stop();
    try {
      expect([app.authCache.active, app.authCache.size]).toEqual([false, 0]);
      const lookups = countLookups();
      for (let i = 0; i < 3; i++) expect(await status(user.token)).toBe(200);
      expect(lookups.count).toBe(3);
      // A change nobody hears about while not listening...
      await ctx.server.started.db.prisma.user.update({ where: { id: user.userId }, data: { role: 'WATCH_ONLY' } });
      expect(await status(user.token)).toBe(403);
    } finally {
      await app.start();
    }
    // ...is still seen once listening again: the cache started empty.
    expect(app.authCache.active).toBe(true);
    expect(await status(user.token)).toBe(403);
  });

  it.runIf(testDatabaseKind === 'postgres')(
    'PostgreSQL: turns itself off when the listening connection drops, and back on when it returns',
    async () => {
      const cache = ctx.server.started.app.authCache;
      const user = await createUserWithToken(ctx.server);
      expect(await status(user.token)).toBe(200);
      const database = new URL(ctx.database.databaseUrl!).pathname.slice(1);
      await adminQuery(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '${LISTENER_APPLICATION_NAME}' AND datname = '${database}'`,
      );
      await eventually(async () => !cache.active);
      // Requests keep working meanwhile (looked up every time).
      expect(await status(user.token)).toBe(200);
      await eventually(async () => cache.active, 10_000);
      expect(cache.size).toBe(0);
      expect(await status(user.token)).toBe(200);
      expect(cache.size).toBe(1);
    },
  );
});
