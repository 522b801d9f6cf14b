// Issue 14: the inactivity sweep, on a server with an injected clock — it revokes
// exactly the tokens unused past their workspace's inactivityRevokeDays (never used:
// from creation), with reason INACTIVE, no revoker and the system as audit actor,
// through the revocation fence; it is idempotent, works in batches, stops when told,
// runs on one instance at a time (PostgreSQL's advisory lock), and two instances on
// one database revoke each token once. Also the CLI's sweep-inactive.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../server/src/db/database.js';
import { createInactivitySweep, SWEEP_LOCK_KEY } from '../server/src/tokens/inactivity-sweep.js';
import { SWEEP_ACTOR_EMAIL } from '../server/src/tokens/service.js';
import { graphql } from './generated/gql.js';
import { runCliJson } from './support/cli.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { testDatabaseKind } from './support/env.js';
import { errorCode, expectData } from './support/graphql.js';
import { VIEWER_EMAIL } from './support/operations.js';
import { createUserWithToken, startTestServer, type Fixture, type TestServer } from './support/server.js';
import { sessionOf } from './support/session.js';

const DAY = 86_400_000;
let nowMs = Date.now();
const clock = () => new Date(nowMs);

let database: TestDatabase;
/** The sweep only when asked (interval 0), so each test decides when it runs. */
let server: TestServer;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startTestServer(database, { clock, env: { INACTIVITY_SWEEP_INTERVAL_SECONDS: '0' } });
});
afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

const HISTORY = graphql(`
  query SweptHistory {
    revokedApiTokens(first: 50) {
      edges {
        node {
          name
          reason
          revokedBy
        }
      }
    }
  }
`);
const FLAGS = graphql(`
  query InactivityFlags {
    apiTokens(first: 50) {
      edges {
        node {
          name
          inactivityRevokeAt
        }
      }
    }
  }
`);

/** A token for `owner` named `name`, created `createdDaysAgo` and last used `usedDaysAgo` (null: never). */
async function token(owner: Fixture, name: string, createdDaysAgo: number, usedDaysAgo: number | null = null) {
  const { prisma } = server.started.db;
  const user = await prisma.user.findUniqueOrThrow({ where: { id: owner.userId }, include: { workspace: true } });
  const created = await server.started.app.tokens.create(
    {
      userId: user.id,
      email: user.email,
      role: user.role,
      workspaceId: user.workspaceId,
      auditLogsEnabled: user.workspace.auditLogsEnabled,
    },
    { name },
    { ip: null, userAgent: 'test' },
  );
  await prisma.apiToken.update({
    where: { id: created.apiToken.id },
    data: {
      createdAt: new Date(nowMs - createdDaysAgo * DAY),
      lastUsedAt: usedDaysAgo === null ? null : new Date(nowMs - usedDaysAgo * DAY),
    },
  });
  return { id: created.apiToken.id, token: created.token };
}

/** A workspace (audit logs on) with an admin whose fixture token is used for requests, under `days` of inactivity. */
async function workspaceWithPolicy(days: number | null) {
  const admin = await createUserWithToken(server, { auditLogs: true });
  await server.started.db.prisma.workspace.update({
    where: { id: admin.workspaceId },
    data: { inactivityRevokeDays: days },
  });
  return admin;
}

const remaining = async (workspaceId: string) =>
  (
    await server.started.db.prisma.apiToken.findMany({
      where: { owner: { workspaceId } },
      select: { name: true },
      orderBy: { name: 'asc' },
    })
  ).map((row) => row.name);

const sweepAudit = (workspaceId: string) =>
  server.started.db.prisma.auditEvent.findMany({
    where: { workspaceId, action: 'API_TOKEN_REVOKED' },
    select: { actorId: true, actorEmail: true, apiTokenName: true, userAgent: true },
    orderBy: { apiTokenName: 'asc' },
  });

describe('the inactivity sweep', () => {
  it('revokes exactly the tokens unused past the limit (never used: from creation), and nothing on a rerun', async () => {
    const admin = await workspaceWithPolicy(30);
    const member = await createUserWithToken(server, { workspaceId: admin.workspaceId, role: 'MEMBER' });
    const stale = await token(member, 'used 40 days ago', 100, 40);
    await token(member, 'never used, 31 days old', 31);
    await token(member, 'used 5 days ago', 100, 5);
    await token(member, 'never used, 1 day old', 1);
    await token(member, 'used yesterday', 365, 1);
    const canary = await token(member, 'canary, never used, a year old', 365);
    await server.started.db.prisma.apiToken.update({ where: { id: canary.id }, data: { canary: true } });
    const elsewhere = await workspaceWithPolicy(null);
    await token(elsewhere, 'no policy, never used, a year old', 365);
    const { prisma } = server.started.db;
    // The member's fixture token was made "now" by the clock and is never used: it stays.
    expect(await server.started.app.inactivitySweep.run()).toEqual({ skipped: false, revoked: 2 });
    expect(await remaining(admin.workspaceId)).toEqual([
      'canary, never used, a year old',
      'fixture token',
      'fixture token',
      'never used, 1 day old',
      'used 5 days ago',
      'used yesterday',
    ]);
    expect(await remaining(elsewhere.workspaceId)).toEqual(['fixture token', 'no policy, never used, a year old']);
    // The next request with a swept token fails.
    const refused = await server.execute(VIEWER_EMAIL, { token: stale.token });
    expect([refused.status, errorCode(refused)]).toEqual([401, 'UNAUTHENTICATED']);
    // Its owner sees why, and that no person did it; the audit log names the system.
    const history = expectData(await server.execute(HISTORY, await sessionOf(server, member.userId))).revokedApiTokens
      .edges;
    expect(history.map((edge) => edge.node).sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'never used, 31 days old', reason: 'INACTIVE', revokedBy: null },
      { name: 'used 40 days ago', reason: 'INACTIVE', revokedBy: null },
    ]);
    const system = { actorId: null, actorEmail: SWEEP_ACTOR_EMAIL, userAgent: 'api-tokens inactivity sweep' };
    expect(await sweepAudit(admin.workspaceId)).toEqual([
      { ...system, apiTokenName: 'never used, 31 days old' },
      { ...system, apiTokenName: 'used 40 days ago' },
    ]);

    // Idempotent: nothing more is due.
    expect(await server.started.app.inactivitySweep.run()).toEqual({ skipped: false, revoked: 0 });
    expect(await prisma.revokedApiToken.count({ where: { ownerId: member.userId } })).toBe(2);
    expect(await sweepAudit(admin.workspaceId)).toHaveLength(2);

    // 26 days on, the token used 5 days ago is 31 days unused; the 1-day-old one is 27.
    nowMs += 26 * DAY;
    try {
      const flags = expectData(await server.execute(FLAGS, { token: admin.token })).apiTokens.edges;
      expect(flags[0]!.node.inactivityRevokeAt).not.toBeNull();
      expect(await server.started.app.inactivitySweep.run()).toEqual({ skipped: false, revoked: 1 });
      expect(await remaining(admin.workspaceId)).toEqual([
        'canary, never used, a year old',
        'fixture token',
        'fixture token',
        'never used, 1 day old',
        'used yesterday',
      ]);
    } finally {
      nowMs -= 26 * DAY;
    }
  });

  it('flags a token on its owner’s list with the instant it will be revoked', async () => {
    const admin = await workspaceWithPolicy(10);
    await token(admin, 'quiet', 20, 8);
    const edges = expectData(await server.execute(FLAGS, { token: admin.token })).apiTokens.edges;
    const quiet = edges.find((edge) => edge.node.name === 'quiet')!.node;
    expect(new Date(quiet.inactivityRevokeAt!).getTime()).toBe(nowMs - 8 * DAY + 10 * DAY);
  });

  it('leaves a token used (or a policy changed) after it was found', async () => {
    const admin = await workspaceWithPolicy(30);
    const found = await token(admin, 'found, then used', 60, 45);
    const batch = (await server.started.app.tokens.inactiveTokens(null, 1000)).filter((row) => row.id === found.id);
    expect(batch).toHaveLength(1);
    await server.started.db.prisma.apiToken.update({ where: { id: found.id }, data: { lastUsedAt: new Date(nowMs) } });
    expect(await server.started.app.tokens.revokeInactive(batch[0]!, { ip: null, userAgent: 'test' })).toBeNull();
    const other = await token(admin, 'found, then the policy changed', 60, 45);
    const [again] = (await server.started.app.tokens.inactiveTokens(null, 1000)).filter((row) => row.id === other.id);
    await server.started.db.prisma.workspace.update({
      where: { id: admin.workspaceId },
      data: { inactivityRevokeDays: 90 },
    });
    expect(await server.started.app.tokens.revokeInactive(again!, { ip: null, userAgent: 'test' })).toBeNull();
    expect(await remaining(admin.workspaceId)).toEqual([
      'fixture token',
      'found, then the policy changed',
      'found, then used',
    ]);
  });

  it('works through many tokens in batches, and does nothing once stopped', async () => {
    const admin = await workspaceWithPolicy(7);
    for (let i = 0; i < 7; i++) await token(admin, `stale ${i}`, 30);
    const { db, app } = server.started;
    const small = createInactivitySweep({ db, tokens: app.tokens, batchSize: 2 });
    expect(await small.run()).toEqual({ skipped: false, revoked: 7 });
    await token(admin, 'stale again', 30);
    await small.stop();
    expect(await small.run()).toEqual({ skipped: true, revoked: 0 });
    expect(await remaining(admin.workspaceId)).toEqual(['fixture token', 'stale again']);
    // The server's own sweep is another instance, still running.
    expect(await app.inactivitySweep.run()).toEqual({ skipped: false, revoked: 1 });
  });

  it('runs on one instance at a time', async () => {
    const admin = await workspaceWithPolicy(7);
    await token(admin, 'stale', 30);
    const sweep = server.started.app.inactivitySweep;
    if (testDatabaseKind === 'postgres') {
      // Another instance holds the lock: this one skips its round and changes nothing.
      const holder = new pg.Client({ connectionString: database.databaseUrl });
      await holder.connect();
      try {
        await holder.query('SELECT pg_advisory_lock($1)', [SWEEP_LOCK_KEY]);
        expect(await sweep.run()).toEqual({ skipped: true, revoked: 0 });
        expect(await remaining(admin.workspaceId)).toEqual(['fixture token', 'stale']);
        await holder.query('SELECT pg_advisory_unlock($1)', [SWEEP_LOCK_KEY]);
      } finally {
        await holder.end();
      }
      expect(await sweep.run()).toEqual({ skipped: false, revoked: 1 });
    } else {
      // PGlite: the server owns the directory; in it, runs queue behind each other.
      const results = await Promise.all([sweep.run(), sweep.run()]);
      expect(results).toEqual([
        { skipped: false, revoked: 1 },
        { skipped: false, revoked: 0 },
      ]);
    }
    expect(await remaining(admin.workspaceId)).toEqual(['fixture token']);
  });

  it('is run once by the CLI (sweep-inactive)', async () => {
    const admin = await workspaceWithPolicy(7);
    await token(admin, 'stale for the CLI', 30);
    const env: Record<string, string> = database.databaseUrl
      ? { DATABASE_URL: database.databaseUrl }
      : { DATA_DIR: database.dataDir! };
    // The CLI's clock is the real one, like this file's (which only moved back and forth).
    expect(await runCliJson(['sweep-inactive'], env)).toEqual({ skipped: false, revoked: 1 });
    expect(await runCliJson(['sweep-inactive'], env)).toEqual({ skipped: false, revoked: 0 });
    expect(await remaining(admin.workspaceId)).toEqual(['fixture token']);
  });
});

describe('two instances on one database', () => {
  let second: Database | undefined;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    // Both sweep every second by themselves.
    const env = { INACTIVITY_SWEEP_INTERVAL_SECONDS: '1' };
    a = await startTestServer(database, { clock, env });
    // PostgreSQL: a second instance with its own pool; PGlite: its single owner serves both.
    second = database.databaseUrl ? await openDatabase({ databaseUrl: database.databaseUrl }) : undefined;
    b = await startTestServer(second ? { db: second } : database, { clock, env });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await second?.close();
  });

  it('revoke each inactive token once, whether scheduled or run at the same moment', async () => {
    const admin = await workspaceWithPolicy(7);
    const { prisma } = server.started.db;
    for (let i = 0; i < 6; i++) await token(admin, `scheduled ${i}`, 30);
    const deadline = Date.now() + 30_000;
    while ((await remaining(admin.workspaceId)).length > 1 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await remaining(admin.workspaceId)).toEqual(['fixture token']);
    // Both have swept again since (1 s apart): still one record and one audit row per token.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await prisma.revokedApiToken.count({ where: { ownerId: admin.userId, reason: 'INACTIVE' } })).toBe(6);
    expect(await sweepAudit(admin.workspaceId)).toHaveLength(6);

    for (let i = 0; i < 6; i++) await token(admin, `at once ${i}`, 30);
    const results = await Promise.all([a.started.app.inactivitySweep.run(), b.started.app.inactivitySweep.run()]);
    // The scheduled runs may have taken some: never more than once in all.
    expect(results.reduce((sum, result) => sum + result.revoked, 0)).toBeLessThanOrEqual(6);
    expect(await remaining(admin.workspaceId)).toEqual(['fixture token']);
    expect(await prisma.revokedApiToken.count({ where: { ownerId: admin.userId, reason: 'INACTIVE' } })).toBe(12);
    expect(await sweepAudit(admin.workspaceId)).toHaveLength(12);
  });
});
