// The revoked history on a real server: revoking still deletes the token for good,
// and leaves a non-secret record (reason, who, when) for REVOKED_RETENTION_DAYS; a
// request made with the revoked token is still refused (401) and counted exactly,
// with throttled writes; records past retention are purged (at start, hourly, and
// by `api-tokens purge-revoked`) and no longer count.
import { describe, expect, it } from 'vitest';
import { execute } from '../server/src/admin/commands.js';
import { commandServicesOf } from '../server/src/runtime.js';
import { graphql } from './generated/gql.js';
import { errorCode, expectData, expectTypename, globalId } from './support/graphql.js';
import { REVOKE_TOKEN, VIEWER_EMAIL } from './support/operations.js';
import { createUserWithToken, useTestServer, type Fixture, type TestServer } from './support/server.js';
import { sessionOf } from './support/session.js';

let nowMs = Date.now();
const DAY = 86_400_000;
const ctx = useTestServer({ clock: () => new Date(nowMs), env: { REVOKED_RETENTION_DAYS: '30' } });

const REVOKED = graphql(`
  query RevokedHistory($first: Int, $after: String) {
    revokedApiTokens(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          hint
          createdAt
          lastUsedAt
          revokedAt
          revokedBy
          reason
          usedAfterRevocationCount
          lastUsedAfterRevocationAt
          lastUsedAfterRevocationIp
        }
      }
    }
  }
`);
const REVOKED_NODE = graphql(`
  query RevokedNode($id: ID!) {
    node(id: $id) {
      id
      ... on RevokedApiToken {
        name
      }
    }
  }
`);

const history = async (server: TestServer, request: { token?: string; headers?: Record<string, string> }, first = 10) =>
  expectData(await server.execute(REVOKED, { ...request, variables: { first } })).revokedApiTokens;

const services = (server: TestServer) => commandServicesOf(server.started.app, server.started.db, 30);

async function revokeOwn(fixture: Fixture, tokenId = fixture.tokenId) {
  const session = await sessionOf(ctx.server, fixture.userId);
  expectTypename(
    expectData(await ctx.server.execute(REVOKE_TOKEN, { ...session, variables: { id: globalId('ApiToken', tokenId) } }))
      .revokeApiToken,
    'RevokeApiTokenSuccess',
  );
}

describe('revoking leaves a record', () => {
  it('deletes the token for good and records name, hint, dates, who and why (OWNER), never the secret', async () => {
    const fixture = await createUserWithToken(ctx.server);
    await ctx.server.execute(VIEWER_EMAIL, { token: fixture.token });
    await ctx.server.started.app.lastUsed.flush();
    const before = await ctx.server.started.db.prisma.apiToken.findUniqueOrThrow({ where: { id: fixture.tokenId } });
    await revokeOwn(fixture);
    expect(await ctx.server.started.db.prisma.apiToken.findUnique({ where: { id: fixture.tokenId } })).toBeNull();
    const session = await sessionOf(ctx.server, fixture.userId);
    const listed = await history(ctx.server, session);
    expect(listed.totalCount).toBe(1);
    const record = listed.edges[0]!.node;
    expect(record).toEqual({
      id: globalId('RevokedApiToken', fixture.tokenId),
      name: 'fixture token',
      hint: `pat_…${fixture.token.slice(-4)}`,
      createdAt: before.createdAt.toISOString(),
      lastUsedAt: before.lastUsedAt!.toISOString(),
      revokedAt: new Date(nowMs).toISOString(),
      revokedBy: fixture.email,
      reason: 'OWNER',
      usedAfterRevocationCount: 0,
      lastUsedAfterRevocationAt: null,
      lastUsedAfterRevocationIp: null,
    });
    const response = await ctx.server.execute(REVOKED, { ...session, variables: { first: 10 } });
    expect(response.text).not.toContain(fixture.token.slice(4, -4));
  });

  it('says ADMIN and "operator (CLI)" when the operator revoked it', async () => {
    const fixture = await createUserWithToken(ctx.server);
    const revoked = (await execute('token.revoke', { id: fixture.tokenId }, services(ctx.server))) as { name: string };
    expect(revoked.name).toBe('fixture token');
    const record = (await history(ctx.server, await sessionOf(ctx.server, fixture.userId))).edges[0]!.node;
    expect(record).toMatchObject({ reason: 'ADMIN', revokedBy: 'operator (CLI)' });
  });

  it('writes nothing when the revoke finds nothing (another user’s token, revoked by a member)', async () => {
    const owner = await createUserWithToken(ctx.server);
    const other = await createUserWithToken(ctx.server, { workspaceId: owner.workspaceId, role: 'MEMBER' });
    const result = expectData(
      await ctx.server.execute(REVOKE_TOKEN, {
        token: other.token,
        variables: { id: globalId('ApiToken', owner.tokenId) },
      }),
    ).revokeApiToken;
    expectTypename(result, 'NotFoundError');
    expect(await ctx.server.started.db.prisma.revokedApiToken.count({ where: { id: owner.tokenId } })).toBe(0);
  });

  it('shows each user only their own records (list and node), newest revocation first, paged', async () => {
    const fixture = await createUserWithToken(ctx.server);
    const extra = await ctx.server.started.app.tokens.create(
      {
        userId: fixture.userId,
        email: fixture.email,
        role: 'ADMIN',
        workspaceId: fixture.workspaceId,
        auditLogsEnabled: false,
      },
      { name: 'second' },
      { ip: null, userAgent: null },
    );
    await revokeOwn(fixture);
    nowMs += 1_000;
    await revokeOwn(fixture, extra.apiToken.id);
    const session = await sessionOf(ctx.server, fixture.userId);
    const first = await history(ctx.server, session, 1);
    expect(first.totalCount).toBe(2);
    expect(first.edges.map((e) => e.node.name)).toEqual(['second']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = expectData(
      await ctx.server.execute(REVOKED, { ...session, variables: { first: 1, after: first.pageInfo.endCursor } }),
    ).revokedApiTokens;
    expect(next.edges.map((e) => e.node.name)).toEqual(['fixture token']);

    const stranger = await createUserWithToken(ctx.server, { workspaceId: fixture.workspaceId });
    expect((await history(ctx.server, { token: stranger.token })).totalCount).toBe(0);
    const node = expectData(
      await ctx.server.execute(REVOKED_NODE, {
        token: stranger.token,
        variables: { id: globalId('RevokedApiToken', fixture.tokenId) },
      }),
    );
    expect(node.node).toBeNull();
    const own = expectData(
      await ctx.server.execute(REVOKED_NODE, {
        ...session,
        variables: { id: globalId('RevokedApiToken', fixture.tokenId) },
      }),
    );
    expect(own.node).toMatchObject({ name: 'fixture token' });
    const anonymous = await ctx.server.execute(REVOKED, { variables: { first: 1 } });
    expect(anonymous.status).toBe(401);
    expect(errorCode(anonymous)).toBe('UNAUTHENTICATED');
  });
});

describe('used after revocation', () => {
  it('refuses every request with 401 (reason "revoked") and counts each one exactly across throttled writes', async () => {
    const fixture = await createUserWithToken(ctx.server);
    await revokeOwn(fixture);
    const stored = () =>
      ctx.server.started.db.prisma.revokedApiToken.findUniqueOrThrow({ where: { id: fixture.tokenId } });
    for (let i = 0; i < 5; i += 1) {
      const response = await ctx.server.execute(VIEWER_EMAIL, {
        token: fixture.token,
        headers: { 'user-agent': 'old-cron/1' },
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('invalid_token');
      expect(response.body.errors?.[0]?.extensions?.reason).toBe('revoked');
    }
    // The first use is written at once; the next four wait for the throttle window (60 s).
    await expect.poll(async () => (await stored()).usedAfterRevocationCount).toBe(1);
    await ctx.server.started.app.revokedUses.flush();
    const record = await stored();
    expect(record.usedAfterRevocationCount).toBe(5);
    expect(record.lastUsedAfterRevocationAt?.getTime()).toBe(nowMs);
    expect(record.lastUsedAfterRevocationIp).toMatch(/127\.0\.0\.1|::1/);
    const shown = (await history(ctx.server, await sessionOf(ctx.server, fixture.userId))).edges[0]!.node;
    expect(shown.usedAfterRevocationCount).toBe(5);
    // Further uses after a flush add to the stored count (never overwrite it).
    await ctx.server.execute(VIEWER_EMAIL, { token: fixture.token });
    await ctx.server.started.app.revokedUses.flush();
    expect((await stored()).usedAfterRevocationCount).toBe(6);
  });

  it('leaves an unknown token as it was: 401 "unknown", nothing counted', async () => {
    const fixture = await createUserWithToken(ctx.server);
    const response = await ctx.server.execute(VIEWER_EMAIL, {
      token: `${fixture.token.slice(0, -10)}AAAA${fixture.token.slice(-6)}`,
    });
    expect(response.status).toBe(401);
    const garbled = await ctx.server.execute(VIEWER_EMAIL, {
      token: (await import('../server/src/tokens/format.js')).generateToken('pat'),
    });
    expect(garbled.body.errors?.[0]?.extensions?.reason).toBe('unknown');
  });
});

describe('retention', () => {
  it('purges records past REVOKED_RETENTION_DAYS (CLI purge-revoked); an old record no longer counts uses', async () => {
    const old = await createUserWithToken(ctx.server);
    await revokeOwn(old);
    nowMs += 31 * DAY;
    const recent = await createUserWithToken(ctx.server);
    await revokeOwn(recent);

    // Past retention but not purged yet: refused as unknown, not counted.
    const response = await ctx.server.execute(VIEWER_EMAIL, { token: old.token });
    expect(response.status).toBe(401);
    expect(response.body.errors?.[0]?.extensions?.reason).toBe('unknown');
    await ctx.server.started.app.revokedUses.flush();
    expect(
      (await ctx.server.started.db.prisma.revokedApiToken.findUniqueOrThrow({ where: { id: old.tokenId } }))
        .usedAfterRevocationCount,
    ).toBe(0);

    // The CLI command purges by the wall clock; move the record's revokedAt back to match.
    await ctx.server.started.db.prisma.revokedApiToken.update({
      where: { id: old.tokenId },
      data: { revokedAt: new Date(Date.now() - 31 * DAY) },
    });
    const purged = (await execute('purge-revoked', {}, services(ctx.server))) as {
      purged: number;
      retentionDays: number;
    };
    expect(purged.retentionDays).toBe(30);
    expect(purged.purged).toBeGreaterThanOrEqual(1);
    expect(await ctx.server.started.db.prisma.revokedApiToken.findUnique({ where: { id: old.tokenId } })).toBeNull();
    expect(
      await ctx.server.started.db.prisma.revokedApiToken.findUnique({ where: { id: recent.tokenId } }),
    ).not.toBeNull();
    expect((await history(ctx.server, await sessionOf(ctx.server, old.userId))).totalCount).toBe(0);
  });
});

describe('CLI: workspace update --tokens-revealable', () => {
  it('goes through the policy service: refused without audit logs, allowed with them in the same command', async () => {
    const fixture = await createUserWithToken(ctx.server);
    const refused = execute(
      'workspace.update',
      { workspace: fixture.workspaceId, tokensRevealable: true },
      services(ctx.server),
    );
    await expect(refused).rejects.toThrow(/audit logs/);
    // This server has no TOKEN_ENCRYPTION_KEY: with audit logs on, the key is what is missing.
    const keyless = execute(
      'workspace.update',
      { workspace: fixture.workspaceId, auditLogs: true, tokensRevealable: true },
      services(ctx.server),
    );
    await expect(keyless).rejects.toThrow(/TOKEN_ENCRYPTION_KEY/);
    const off = (await execute(
      'workspace.update',
      { workspace: fixture.workspaceId, tokensRevealable: false },
      services(ctx.server),
    )) as { tokensRevealable: boolean };
    expect(off.tokensRevealable).toBe(false);
  });
});
