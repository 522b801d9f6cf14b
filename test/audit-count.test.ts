// `auditEvents { totalCount }` reads the workspace's count kept by triggers on
// audit_events (migration 20261205110000), never a count of the log: exact after API
// writes (one-statement creates and revokes, Prisma-written renames), concurrent ones
// spread over shards, raw SQL inserts, deletes and moves, a workspace's deletion and
// a TRUNCATE; and the migration starts every workspace's count from its rows. This
// file TRUNCATEs, so it has its database to itself.
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { countAuditEvents } from '../server/src/audit/audit.js';
import { migrate, MIGRATIONS_DIR } from '../server/src/db/migrate.js';
import { graphql } from './generated/gql.js';
import { createEmptyTestDatabase } from './support/database.js';
import { testDatabaseKind } from './support/env.js';
import { expectData } from './support/graphql.js';
import { createToken, revokeToken } from './support/operations.js';
import { createUserWithToken, useTestServer, type Fixture } from './support/server.js';

const ctx = useTestServer();

const AUDIT_TOTAL = graphql(`
  query AuditTotal {
    auditEvents(first: 1) {
      totalCount
    }
  }
`);

/** totalCount as the API reports it, next to the rows the log holds. */
async function counted(admin: Fixture): Promise<{ totalCount: number; rows: number }> {
  const { totalCount } = expectData(await ctx.server.execute(AUDIT_TOTAL, { token: admin.token })).auditEvents;
  const rows = await ctx.server.started.db.prisma.auditEvent.count({ where: { workspaceId: admin.workspaceId } });
  return { totalCount, rows };
}

const auditAdmin = () => createUserWithToken(ctx.server, { role: 'ADMIN', auditLogs: true });

describe('audit event count kept by triggers', () => {
  it('API writes keep it: creates and revokes in one statement, and a rename', async () => {
    // The fixture's own token was created through the service, audited: one event.
    const admin = await auditAdmin();
    expect(await counted(admin)).toEqual({ totalCount: 1, rows: 1 });
    const created = await createToken(ctx.server, admin.token, 'deploys');
    await createToken(ctx.server, admin.token, 'ci');
    expect(await revokeToken(ctx.server, admin.token, created.id)).toBe('RevokeApiTokenSuccess');
    await ctx.server.started.app.tokens.rename(
      { userId: admin.userId, email: admin.email, workspaceId: admin.workspaceId, auditLogsEnabled: true },
      (await ctx.server.started.db.prisma.apiToken.findFirstOrThrow({ where: { ownerId: admin.userId, name: 'ci' } }))
        .id,
      'ci (renamed)',
      { ip: null, userAgent: null },
    );
    expect(await counted(admin)).toEqual({ totalCount: 5, rows: 5 });
    // The API reads the shards, not the log: a shard changed by hand shows.
    const { sql } = ctx.server.started.db;
    await sql.query('UPDATE audit_event_counts SET count = count + 100 WHERE workspace_id = $1', [admin.workspaceId]);
    expect(await counted(admin)).toEqual({ totalCount: 105, rows: 5 });
    await sql.query('UPDATE audit_event_counts SET count = count - 100 WHERE workspace_id = $1', [admin.workspaceId]);
  });

  it('a write rolled back leaves the count as it was', async () => {
    const admin = await auditAdmin();
    const { prisma } = ctx.server.started.db;
    await expect(
      prisma.$transaction(async (tx) => {
        await tx.$executeRaw`INSERT INTO audit_events (id, workspace_id, actor_email, action)
          VALUES (gen_random_uuid(), ${admin.workspaceId}::uuid, 'x@example.test', 'API_TOKEN_CREATED')`;
        throw new Error('crash before commit');
      }),
    ).rejects.toThrow('crash before commit');
    expect(await counted(admin)).toEqual({ totalCount: 1, rows: 1 });
  });

  it('counts nothing for a workspace without audit logs (its writes insert no audit row)', async () => {
    const member = await createUserWithToken(ctx.server);
    await createToken(ctx.server, member.token, 'quiet');
    expect(await countAuditEvents(ctx.server.started.db.prisma, member.workspaceId)).toBe(0);
    const shards = await ctx.server.started.db.prisma.auditEventCount.count({
      where: { workspaceId: member.workspaceId },
    });
    expect(shards).toBe(0);
  });

  it('stays exact under concurrent writes, spread over shards on PostgreSQL (one per connection)', async () => {
    const admin = await auditAdmin();
    const created = await Promise.all(
      Array.from({ length: 24 }, (_, i) => createToken(ctx.server, admin.token, `c${i}`).then((token) => token.id)),
    );
    await Promise.all(created.slice(0, 10).map((id) => revokeToken(ctx.server, admin.token, id)));
    expect(await counted(admin)).toEqual({ totalCount: 35, rows: 35 });
    const shards = await ctx.server.started.db.prisma.auditEventCount.count({
      where: { workspaceId: admin.workspaceId },
    });
    // PGlite has one connection, so one shard; PostgreSQL's pool spreads the writes.
    if (testDatabaseKind === 'postgres') expect(shards).toBeGreaterThan(1);
    else expect(shards).toBe(1);
  });

  it('raw SQL inserts, deletes and moves keep it, one statement touching many rows included', async () => {
    const { sql } = ctx.server.started.db;
    const admin = await auditAdmin();
    const other = await auditAdmin();
    for (const name of ['a', 'b', 'c']) await createToken(ctx.server, admin.token, name);
    await sql.query(
      `INSERT INTO audit_events (id, workspace_id, actor_email, action, api_token_name)
       SELECT gen_random_uuid(), workspace_id, actor_email, action, api_token_name || ' copy'
         FROM audit_events WHERE workspace_id = $1`,
      [admin.workspaceId],
    );
    expect(await counted(admin)).toEqual({ totalCount: 8, rows: 8 });
    await sql.query(`DELETE FROM audit_events WHERE workspace_id = $1 AND api_token_name LIKE '% copy'`, [
      admin.workspaceId,
    ]);
    expect(await counted(admin)).toEqual({ totalCount: 4, rows: 4 });
    await sql.query(`UPDATE audit_events SET workspace_id = $2 WHERE workspace_id = $1 AND api_token_name = 'a'`, [
      admin.workspaceId,
      other.workspaceId,
    ]);
    expect(await counted(admin)).toEqual({ totalCount: 3, rows: 3 });
    expect(await counted(other)).toEqual({ totalCount: 2, rows: 2 });
    // Other columns changing leaves it alone.
    await sql.query(`UPDATE audit_events SET details = 'x' WHERE workspace_id = $1`, [admin.workspaceId]);
    expect(await counted(admin)).toEqual({ totalCount: 3, rows: 3 });
  });

  it('a deleted workspace takes its count with it, leaving the others alone', async () => {
    const { prisma } = ctx.server.started.db;
    const keeper = await auditAdmin();
    const gone = await auditAdmin();
    await createToken(ctx.server, keeper.token, 'kept');
    await createToken(ctx.server, gone.token, 'gone');
    await prisma.workspace.delete({ where: { id: gone.workspaceId } });
    expect(await prisma.auditEventCount.count({ where: { workspaceId: gone.workspaceId } })).toBe(0);
    expect(await counted(keeper)).toEqual({ totalCount: 2, rows: 2 });
  });

  it('TRUNCATE audit_events empties every count, and counting starts again', async () => {
    const admin = await auditAdmin();
    await createToken(ctx.server, admin.token, 'before');
    await ctx.server.started.db.sql.exec('TRUNCATE audit_events');
    expect(await ctx.server.started.db.prisma.auditEventCount.count()).toBe(0);
    await createToken(ctx.server, admin.token, 'after');
    expect(await counted(admin)).toEqual({ totalCount: 1, rows: 1 });
  });
});

describe('the migration', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it('20261205110000 starts each workspace’s count from its rows', async () => {
    const database = await createEmptyTestDatabase();
    cleanups.push(() => database.drop());
    const { db } = database;
    const name = '20261205110000_audit_event_counts';
    const dir = mkdtempSync(path.join(os.tmpdir(), 'api-tokens-migrations-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    for (const each of readdirSync(MIGRATIONS_DIR).filter((each) => each < name)) {
      cpSync(path.join(MIGRATIONS_DIR, each), path.join(dir, each), { recursive: true });
    }
    await migrate(db.sql, { dir });
    await db.sql.exec(`
      INSERT INTO workspaces (id, name) VALUES
        ('00000000-0000-7000-8000-000000000001', 'two events'),
        ('00000000-0000-7000-8000-000000000002', 'none');
      INSERT INTO audit_events (id, workspace_id, actor_email, action) VALUES
        ('00000000-0000-7000-8000-000000000101', '00000000-0000-7000-8000-000000000001', 'a@example.test', 'API_TOKEN_CREATED'),
        ('00000000-0000-7000-8000-000000000102', '00000000-0000-7000-8000-000000000001', 'a@example.test', 'API_TOKEN_REVOKED');
    `);
    const result = await migrate(db.sql);
    expect(result.applied[0]).toBe(name);
    expect(await countAuditEvents(db.prisma, '00000000-0000-7000-8000-000000000001')).toBe(2);
    expect(await countAuditEvents(db.prisma, '00000000-0000-7000-8000-000000000002')).toBe(0);
    // The triggers keep it from there.
    await db.sql.exec(`
      INSERT INTO audit_events (id, workspace_id, actor_email, action) VALUES
        ('00000000-0000-7000-8000-000000000103', '00000000-0000-7000-8000-000000000002', 'b@example.test', 'API_TOKEN_CREATED');
      DELETE FROM audit_events WHERE id = '00000000-0000-7000-8000-000000000101';
    `);
    expect(await countAuditEvents(db.prisma, '00000000-0000-7000-8000-000000000001')).toBe(1);
    expect(await countAuditEvents(db.prisma, '00000000-0000-7000-8000-000000000002')).toBe(1);
  });
});
