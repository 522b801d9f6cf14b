// Issue 16: createApiToken and revokeApiToken are one statement each
// (tokens/create-statement.ts, tokens/revoke-statement.ts). A statement is atomic by
// itself: a failure anywhere inside it (the audit row, the outbox) leaves no token,
// no change of the owner's count, no record, no audit row and no outbox row, and
// answers as before. The outbox bodies are byte for byte what enqueueEvent writes
// (the revoke's name and hint are put in by PostgreSQL's to_json), and the lifetime
// limit is decided inside the statement exactly where checkLifetime draws it.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { eventBody } from '../server/src/events/outbox.js';
import { LIFETIME_LEEWAY_MS } from '../server/src/tokens/policy.js';
import { expectData, expectTypename, globalId } from './support/graphql.js';
import { CREATE_TOKEN, createToken, REVOKE_TOKEN, revokeToken, VIEWER_EMAIL } from './support/operations.js';
import { createUserWithToken, useTestServer, type Fixture } from './support/server.js';
import { storedTokenCount } from './support/token-count.js';

const DAY = 86_400_000;
// Time stands still: the statement's times and the expected bodies agree to the millisecond.
const now = new Date();
const ctx = useTestServer({ clock: () => new Date(now), env: { WEBHOOK_DELIVERY: 'false' } });

/** An enabled endpoint of the fixture's workspace that wants every token event. */
async function subscribe(fixture: Fixture): Promise<string> {
  const id = randomUUID();
  await ctx.server.started.db.prisma.webhookEndpoint.create({
    data: {
      id,
      workspaceId: fixture.workspaceId,
      url: `https://hooks.example.test/${id}`,
      description: 'one statement',
      events: ['api_token.created', 'api_token.revoked', 'api_token.leaked'],
      secret: `whsec_${Buffer.alloc(32, 3).toString('base64')}`,
      createdAt: now,
      createdBy: fixture.email,
    },
  });
  return id;
}

/** Everything a create or revoke of the fixture's writes, counted. */
async function footprint(fixture: Fixture) {
  const { prisma } = ctx.server.started.db;
  const workspaceId = fixture.workspaceId;
  return {
    tokens: await prisma.apiToken.count({ where: { ownerId: fixture.userId } }),
    counter: await storedTokenCount(prisma, fixture.userId),
    records: await prisma.revokedApiToken.count({ where: { ownerId: fixture.userId } }),
    audit: await prisma.auditEvent.count({ where: { workspaceId } }),
    events: await prisma.webhookEvent.count({ where: { workspaceId } }),
    deliveries: await prisma.webhookDelivery.count({ where: { event: { workspaceId } } }),
  };
}

/** Runs `check` with a trigger that makes every insert into `table` fail; the trigger is gone afterwards. */
async function withFailingInserts(table: string, check: () => Promise<void>): Promise<void> {
  const { sql } = ctx.server.started.db;
  await sql.exec(`CREATE FUNCTION fail_insert() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'storage is broken'; END $$ LANGUAGE plpgsql;
    CREATE TRIGGER fail_insert BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION fail_insert();`);
  try {
    await check();
  } finally {
    await sql.exec(`DROP TRIGGER fail_insert ON ${table}; DROP FUNCTION fail_insert();`);
  }
}

describe('a failure inside the one statement changes nothing', () => {
  it.each([
    ['the audit row', 'audit_events'],
    ['the outbox event', 'webhook_events'],
    ['a delivery', 'webhook_deliveries'],
  ])('%s cannot be written: the create and the revoke leave no trace, and answer as before', async (_, table) => {
    const fixture = await createUserWithToken(ctx.server, { auditLogs: true });
    await subscribe(fixture);
    const before = await footprint(fixture);
    await withFailingInserts(table, async () => {
      const created = await ctx.server.execute(CREATE_TOKEN, {
        token: fixture.token,
        variables: { input: { name: 'must not exist' } },
      });
      expect(created.body.errors?.[0]?.message).toBe('Unexpected error.');
      expect(created.body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(created.text).not.toContain('storage is broken');
      const revoked = await ctx.server.execute(REVOKE_TOKEN, {
        token: fixture.token,
        variables: { id: globalId('ApiToken', fixture.tokenId) },
      });
      expect(revoked.body.errors?.[0]?.message).toBe('Unexpected error.');
      expect(revoked.body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    });
    expect(await footprint(fixture)).toEqual(before);
    // The token the failed revoke named still works.
    expect((await ctx.server.execute(VIEWER_EMAIL, { token: fixture.token })).status).toBe(200);
    // And once the table takes rows again, both work (the failed statements left no lock or state behind).
    const created = await createToken(ctx.server, fixture.token, 'afterwards');
    expect(await revokeToken(ctx.server, fixture.token, created.id)).toBe('RevokeApiTokenSuccess');
    expect(await footprint(fixture)).toEqual({
      ...before,
      records: before.records + 1,
      audit: before.audit + 2,
      events: before.events + 2,
      deliveries: before.deliveries + 2,
    });
  });
});

describe('the outbox rows', () => {
  it('are what enqueueEvent writes, byte for byte, for any name (the revoke puts it in with to_json)', async () => {
    const fixture = await createUserWithToken(ctx.server, { auditLogs: true });
    const endpoints = [await subscribe(fixture), await subscribe(fixture)].sort();
    const name = 'quote " backslash \\ slash / ü ’ 🚀 <tag> &amp; \u00a0 end';
    const created = await createToken(ctx.server, fixture.token, name);
    const tokenId = Buffer.from(created.id, 'base64').toString().split(':')[1]!;
    expect(await revokeToken(ctx.server, fixture.token, created.id)).toBe('RevokeApiTokenSuccess');
    const leaked = await createToken(ctx.server, fixture.token, `${name} (leaked)`);
    expect(
      await ctx.server.started.app.tokens.revokeLeaked(
        [{ token: leaked.token, url: 'https://gist.example.test/x', source: 'gist' }],
        {
          ip: null,
          userAgent: 'secret scanning',
        },
      ),
    ).toEqual(['revoked']);

    const { prisma } = ctx.server.started.db;
    const events = await prisma.webhookEvent.findMany({
      where: { workspaceId: fixture.workspaceId },
      orderBy: { id: 'asc' },
      include: { deliveries: { orderBy: { id: 'asc' } } },
    });
    const owner = { id: globalId('User', fixture.userId) };
    const actor = { id: globalId('User', fixture.userId), email: fixture.email };
    const scanner = { id: null, email: 'secret scanning' };
    const token = (t: { id: string; apiToken: { name: string; hint: string } }) => ({
      id: t.id,
      name: t.apiToken.name,
      hint: t.apiToken.hint,
      owner,
    });
    const body = (
      type: 'api_token.created' | 'api_token.revoked' | 'api_token.leaked',
      data: Record<string, unknown>,
    ) => eventBody({ workspaceId: fixture.workspaceId, type, data }, now);
    expect(events.map((event) => [event.type, event.payload])).toEqual([
      [
        'api_token.created',
        body('api_token.created', {
          api_token: { ...token(created), owner: { ...owner, email: fixture.email }, expires_at: null, canary: false },
          actor,
        }),
      ],
      ['api_token.revoked', body('api_token.revoked', { api_token: token(created), actor, reason: 'OWNER' })],
      [
        'api_token.created',
        body('api_token.created', {
          api_token: { ...token(leaked), owner: { ...owner, email: fixture.email }, expires_at: null, canary: false },
          actor,
        }),
      ],
      ['api_token.revoked', body('api_token.revoked', { api_token: token(leaked), actor: scanner, reason: 'LEAKED' })],
      [
        'api_token.leaked',
        body('api_token.leaked', {
          api_token: token(leaked),
          leak: { url: 'https://gist.example.test/x', source: 'gist' },
          revoked: true,
        }),
      ],
    ]);
    expect(events[1]!.payload).toContain(JSON.stringify(name));
    for (const event of events) {
      expect(event.createdAt).toEqual(now);
      // One delivery per endpoint, in endpoint order, due now.
      expect(event.deliveries.map((d) => [d.endpointId, d.status, d.nextAttemptAt, d.createdAt])).toEqual(
        endpoints.map((id) => [id, 'PENDING', now, now]),
      );
    }
    // The revoked record and the audit rows name the token as the API did.
    const record = await prisma.revokedApiToken.findUniqueOrThrow({ where: { id: tokenId } });
    expect(record).toMatchObject({ name, hint: created.apiToken.hint, reason: 'OWNER', revokedBy: fixture.email });
    expect(record.revokedAt).toEqual(now);
    const audit = await prisma.auditEvent.findMany({ where: { apiTokenId: tokenId }, orderBy: { id: 'asc' } });
    expect(audit.map((row) => [row.action, row.apiTokenName, row.actorEmail, row.occurredAt])).toEqual([
      ['API_TOKEN_CREATED', name, fixture.email, now],
      ['API_TOKEN_REVOKED', name, fixture.email, now],
    ]);
  });
});

describe('the lifetime limit, decided inside the statement', () => {
  it('accepts an expiry exactly at the limit and its leeway, refuses one a millisecond later with the typed error, writing nothing', async () => {
    const fixture = await createUserWithToken(ctx.server, { auditLogs: true });
    await subscribe(fixture);
    await ctx.server.started.db.prisma.workspace.update({
      where: { id: fixture.workspaceId },
      data: { maxLifetimeDays: 7 },
    });
    const create = (name: string, expiresAt: Date | null) =>
      ctx.server.execute(CREATE_TOKEN, {
        token: fixture.token,
        variables: { input: { name, expiresAt: expiresAt?.toISOString() ?? null } },
      });
    const edge = new Date(now.getTime() + 7 * DAY + LIFETIME_LEEWAY_MS);
    const latest = new Date(now.getTime() + 7 * DAY).toISOString();
    const before = await footprint(fixture);
    for (const [expiresAt, message] of [
      [
        new Date(edge.getTime() + 1),
        `Your workspace allows tokens to live at most 7 days: choose an expiry on or before ${latest}.`,
      ],
      [null, `Your workspace requires tokens to expire within 7 days: choose an expiry on or before ${latest}.`],
    ] as const) {
      const refused = expectData(await create('too long', expiresAt)).createApiToken;
      expectTypename(refused, 'ValidationError');
      expect(refused.field).toBe('expiresAt');
      expect(refused.message).toBe(message);
    }
    expect(await footprint(fixture)).toEqual(before);
    const accepted = expectData(await create('at the edge', edge)).createApiToken;
    expectTypename(accepted, 'CreateApiTokenSuccess');
    expect(accepted.apiToken.expiresAt).toBe(edge.toISOString());
  });
});

describe("the workspace's policy, read under the statement's lock", () => {
  it('a create sent while a policy change is uncommitted waits for it, then obeys it', async () => {
    const fixture = await createUserWithToken(ctx.server);
    // The token verified and cached: the request's only statement is the create.
    expect((await ctx.server.execute(VIEWER_EMAIL, { token: fixture.token })).status).toBe(200);
    const { db } = ctx.server.started;
    let settled = false;
    const { pending } = await db.sql.transaction(async (tx) => {
      await tx.query('UPDATE workspaces SET max_lifetime_days = 7 WHERE id = $1::uuid', [fixture.workspaceId]);
      const pending = ctx.server
        .execute(CREATE_TOKEN, { token: fixture.token, variables: { input: { name: 'no expiry' } } })
        .finally(() => {
          settled = true;
        });
      if (db.kind === 'postgresql') {
        // Until the create's statement waits for this transaction's row lock.
        const deadline = Date.now() + 20_000;
        const waiting = async () =>
          (
            await db.sql.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'WITH policy AS%'`,
            )
          )[0]!.n;
        // (A create that does not wait answers meanwhile: `settled` below fails the test.)
        while (!settled && (await waiting()) === 0) {
          if (Date.now() > deadline) throw new Error('the create never waited for the policy change');
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      } else {
        // PGlite runs one statement at a time: the create waits for this transaction whatever it sends.
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(settled).toBe(false);
      return { pending };
    });
    const refused = expectData(await pending).createApiToken;
    expectTypename(refused, 'ValidationError');
    expect(refused.field).toBe('expiresAt');
    expect(await ctx.server.started.db.prisma.apiToken.count({ where: { ownerId: fixture.userId } })).toBe(1);
  });
});
