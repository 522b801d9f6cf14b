// Whatever removes the rows — the API, raw SQL, TRUNCATE — the verified-token
// cache hears of it and `totalCount` stays exact: both are kept by triggers
// (migration 20261201090000), not by the application. This file TRUNCATEs, so
// it has its database to itself.
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../server/src/db/database.js';
import { migrate, MIGRATIONS_DIR } from '../server/src/db/migrate.js';
import { createEmptyTestDatabase } from './support/database.js';
import { expectData } from './support/graphql.js';
import { createToken, revokeToken, TOKEN_PAGE, VIEWER_EMAIL } from './support/operations.js';
import { createUserWithToken, useTestServer, type Fixture } from './support/server.js';
import { testDatabaseKind } from './support/env.js';
import { storedTokenCount } from './support/token-count.js';

const ctx = useTestServer();

async function eventually(check: () => Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const status = async (token: string) => (await ctx.server.execute(VIEWER_EMAIL, { token })).status;

/** totalCount as the API reports it, next to the rows actually listed. */
async function counted(fixture: Fixture): Promise<{ totalCount: number; rows: number }> {
  const page = expectData(
    await ctx.server.execute(TOKEN_PAGE, { token: fixture.token, variables: { first: 100 } }),
  ).apiTokens;
  return { totalCount: page.totalCount, rows: page.edges.length };
}

const storedCount = (userId: string) => storedTokenCount(ctx.server.started.db.prisma, userId);

/** A cached token, then `truncate`: refused on a request soon after, long before the cache's TTL (60 s). */
async function expectTruncateInvalidates(truncate: string): Promise<void> {
  const cache = ctx.server.started.app.authCache;
  const user = await createUserWithToken(ctx.server);
  expect(await status(user.token)).toBe(200);
  expect(cache.size).toBeGreaterThan(0);
  await ctx.server.started.db.sql.exec(truncate);
  await eventually(async () => cache.size === 0);
  expect(await status(user.token)).toBe(401);
}

describe('token count kept by triggers', () => {
  it('API creates and revokes keep it (the application no longer counts)', async () => {
    const user = await createUserWithToken(ctx.server);
    const created = [];
    for (const name of ['a', 'b', 'c']) created.push((await createToken(ctx.server, user.token, name)).id);
    expect(await counted(user)).toEqual({ totalCount: 4, rows: 4 });
    expect(await revokeToken(ctx.server, user.token, created[0]!)).toBe('RevokeApiTokenSuccess');
    expect(await counted(user)).toEqual({ totalCount: 3, rows: 3 });
  });

  it('stays exact under concurrent creates and revokes, spread over shards on PostgreSQL (one per connection)', async () => {
    const user = await createUserWithToken(ctx.server);
    const created = await Promise.all(
      Array.from({ length: 24 }, (_, i) => createToken(ctx.server, user.token, `c${i}`).then((token) => token.id)),
    );
    const revoked = await Promise.all(created.slice(0, 10).map((id) => revokeToken(ctx.server, user.token, id)));
    expect(new Set(revoked)).toEqual(new Set(['RevokeApiTokenSuccess']));
    expect(await counted(user)).toEqual({ totalCount: 15, rows: 15 });
    const [shards] = await ctx.server.started.db.sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM api_token_counts WHERE user_id = $1',
      [user.userId],
    );
    // PGlite has one connection, so one shard; PostgreSQL's pool spreads the writes.
    if (testDatabaseKind === 'postgres') expect(shards!.n).toBeGreaterThan(1);
    else expect(shards!.n).toBe(1);
  });

  it('raw SQL inserts, deletes and owner changes keep it, one statement touching many rows included', async () => {
    const { sql } = ctx.server.started.db;
    const user = await createUserWithToken(ctx.server);
    const other = await createUserWithToken(ctx.server);
    for (const name of ['a', 'b', 'c']) await createToken(ctx.server, user.token, name);
    // One INSERT of three rows (copies with fresh ids and digests).
    await sql.query(
      `INSERT INTO api_tokens (id, name, digest, hint, owner_id)
       SELECT gen_random_uuid(), name || ' copy', sha256(digest), hint, owner_id FROM api_tokens WHERE owner_id = $1 AND name <> 'fixture token'`,
      [user.userId],
    );
    expect(await counted(user)).toEqual({ totalCount: 7, rows: 7 });
    // One DELETE of several rows, as an operator cleaning up would.
    await sql.query(`DELETE FROM api_tokens WHERE owner_id = $1 AND name LIKE '% copy'`, [user.userId]);
    expect(await counted(user)).toEqual({ totalCount: 4, rows: 4 });
    // A token handed to another user moves one unit of count.
    await sql.query(`UPDATE api_tokens SET owner_id = $2 WHERE owner_id = $1 AND name = 'a'`, [
      user.userId,
      other.userId,
    ]);
    expect(await counted(user)).toEqual({ totalCount: 3, rows: 3 });
    expect(await counted(other)).toEqual({ totalCount: 2, rows: 2 });
    // lastUsedAt writes leave it alone.
    await sql.query('UPDATE api_tokens SET last_used_at = now() WHERE owner_id = $1', [user.userId]);
    expect(await storedCount(user.userId)).toBe(3);
  });

  it('deleting a user or a workspace cascades to the tokens without disturbing anyone else’s count', async () => {
    const { prisma } = ctx.server.started.db;
    const keeper = await createUserWithToken(ctx.server);
    const leaving = await createUserWithToken(ctx.server, { workspaceId: keeper.workspaceId });
    const gone = await createUserWithToken(ctx.server);
    await createToken(ctx.server, leaving.token, 'extra');
    await prisma.user.delete({ where: { id: leaving.userId } });
    await prisma.workspace.delete({ where: { id: gone.workspaceId } });
    expect(await counted(keeper)).toEqual({ totalCount: 1, rows: 1 });
    expect(await prisma.apiToken.count({ where: { ownerId: { in: [leaving.userId, gone.userId] } } })).toBe(0);
  });

  it('TRUNCATE api_tokens (CASCADE) resets every count and invalidates every cached token', async () => {
    const before = await createUserWithToken(ctx.server);
    await createToken(ctx.server, before.token, 'second');
    // CASCADE: canary_trips (issue 15) references the tokens, and goes with them.
    await expectTruncateInvalidates('TRUNCATE api_tokens CASCADE');
    const left = await ctx.server.started.db.sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM api_token_counts',
    );
    expect(left[0]!.n).toBe(0);
    // The count starts again from zero: one new token, totalCount 1.
    const user = await createUserWithToken(ctx.server, { workspaceId: before.workspaceId });
    expect(await counted(user)).toEqual({ totalCount: 1, rows: 1 });
  });

  it('TRUNCATE users (CASCADE) invalidates every cached token', async () => {
    await expectTruncateInvalidates('TRUNCATE users CASCADE');
  });

  it('TRUNCATE workspaces (CASCADE) invalidates every cached token', async () => {
    await expectTruncateInvalidates('TRUNCATE workspaces CASCADE');
  });
});

describe('the migration', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  /** An empty database of the kind under test. */
  async function emptyDatabase(): Promise<Database> {
    const database = await createEmptyTestDatabase();
    cleanups.push(() => database.drop());
    return database.db;
  }

  /** A copy of the migrations directory holding only those before `name`, and `name` itself when `including`. */
  function migrationsBefore(name: string, including = false): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'api-tokens-migrations-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    for (const each of readdirSync(MIGRATIONS_DIR).filter((each) => each < name || (including && each === name))) {
      cpSync(path.join(MIGRATIONS_DIR, each), path.join(dir, each), { recursive: true });
    }
    return dir;
  }

  it('20261201090000 backfills the counts that were wrong before it (e.g. after a raw DELETE)', async () => {
    const db = await emptyDatabase();
    const name = '20261201090000_truncate_announced_token_count_by_trigger';
    await migrate(db.sql, { dir: migrationsBefore(name) });
    await db.sql.exec(`
      INSERT INTO workspaces (id, name) VALUES ('00000000-0000-7000-8000-000000000001', 'w');
      INSERT INTO users (id, email, name, workspace_id, api_token_count) VALUES
        ('00000000-0000-7000-8000-000000000011', 'wrong-high@example.test', 'a', '00000000-0000-7000-8000-000000000001', 89),
        ('00000000-0000-7000-8000-000000000012', 'wrong-low@example.test', 'b', '00000000-0000-7000-8000-000000000001', 0),
        ('00000000-0000-7000-8000-000000000013', 'right@example.test', 'c', '00000000-0000-7000-8000-000000000001', 1);
      INSERT INTO api_tokens (id, name, digest, hint, owner_id) VALUES
        ('00000000-0000-7000-8000-000000000101', 't1', '\\x01', 'pat_…0001', '00000000-0000-7000-8000-000000000012'),
        ('00000000-0000-7000-8000-000000000102', 't2', '\\x02', 'pat_…0002', '00000000-0000-7000-8000-000000000012'),
        ('00000000-0000-7000-8000-000000000103', 't3', '\\x03', 'pat_…0003', '00000000-0000-7000-8000-000000000013');
    `);
    const result = await migrate(db.sql, { dir: migrationsBefore(name, true) });
    expect(result.applied).toEqual([name]);
    const counts = await db.sql.query<{ email: string; api_token_count: number }>(
      'SELECT email, api_token_count FROM users ORDER BY email',
    );
    expect(counts).toEqual([
      { email: 'right@example.test', api_token_count: 1 },
      { email: 'wrong-high@example.test', api_token_count: 0 },
      { email: 'wrong-low@example.test', api_token_count: 2 },
    ]);
  });

  it('20261204100000 moves every count into shards, recounted from the rows, and drops the column', async () => {
    const db = await emptyDatabase();
    const name = '20261204100000_token_count_shards';
    await migrate(db.sql, { dir: migrationsBefore(name) });
    await db.sql.exec(`
      INSERT INTO workspaces (id, name) VALUES ('00000000-0000-7000-8000-000000000001', 'w');
      INSERT INTO users (id, email, name, workspace_id) VALUES
        ('00000000-0000-7000-8000-000000000011', 'none@example.test', 'a', '00000000-0000-7000-8000-000000000001'),
        ('00000000-0000-7000-8000-000000000012', 'two@example.test', 'b', '00000000-0000-7000-8000-000000000001'),
        ('00000000-0000-7000-8000-000000000013', 'one@example.test', 'c', '00000000-0000-7000-8000-000000000001');
      INSERT INTO api_tokens (id, name, digest, hint, owner_id) VALUES
        ('00000000-0000-7000-8000-000000000101', 't1', '\\x01', 'pat_…0001', '00000000-0000-7000-8000-000000000012'),
        ('00000000-0000-7000-8000-000000000102', 't2', '\\x02', 'pat_…0002', '00000000-0000-7000-8000-000000000012'),
        ('00000000-0000-7000-8000-000000000103', 't3', '\\x03', 'pat_…0003', '00000000-0000-7000-8000-000000000013');
      -- A stored count gone wrong (hand-written SQL): the migration recounts.
      UPDATE users SET api_token_count = 40 WHERE email = 'one@example.test';
    `);
    const result = await migrate(db.sql, { dir: migrationsBefore(name, true) });
    expect(result.applied).toEqual([name]);
    const sums = () =>
      db.sql.query<{ email: string; n: number }>(
        `SELECT u.email, COALESCE(sum(c.count), 0)::int AS n
           FROM users u LEFT JOIN api_token_counts c ON c.user_id = u.id GROUP BY u.email ORDER BY u.email`,
      );
    expect(await sums()).toEqual([
      { email: 'none@example.test', n: 0 },
      { email: 'one@example.test', n: 1 },
      { email: 'two@example.test', n: 2 },
    ]);
    const columns = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'api_token_count'`,
    );
    expect(columns[0]!.n).toBe(0);
    // The triggers now keep the shards: a move, a delete and an insert later, still exact.
    await db.sql.exec(`
      UPDATE api_tokens SET owner_id = '00000000-0000-7000-8000-000000000011' WHERE name = 't1';
      DELETE FROM api_tokens WHERE name = 't3';
      INSERT INTO api_tokens (id, name, digest, hint, owner_id) VALUES
        ('00000000-0000-7000-8000-000000000104', 't4', '\\x04', 'pat_…0004', '00000000-0000-7000-8000-000000000012');
    `);
    expect(await sums()).toEqual([
      { email: 'none@example.test', n: 1 },
      { email: 'one@example.test', n: 0 },
      { email: 'two@example.test', n: 2 },
    ]);
  });
});
