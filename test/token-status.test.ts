// Issue 13 on a real server: a token's status (ACTIVE, EXPIRED, SUSPENDED with a
// reason), the suspended owner's page (read and revoke, nothing else), where a
// token was last used from, apiToken(id), and search by name.
import { describe, expect, it } from 'vitest';
import { SUSPENDED_PLAN, SUSPENDED_WATCH_ONLY } from '../server/src/tokens/status.js';
import { graphql } from './generated/gql.js';
import { errorCode, expectData, expectTypename, globalId, type GraphQLResponse } from './support/graphql.js';
import { CREATE_TOKEN, REVOKE_TOKEN, VIEWER_EMAIL } from './support/operations.js';
import { createUserWithToken, useTestServer, type Fixture, type TestServer } from './support/server.js';
import { sessionOf } from './support/session.js';

let nowMs = Date.now();
const ctx = useTestServer({ clock: () => new Date(nowMs) });

const TOKEN_DETAIL = graphql(`
  query TokenDetail($id: ID!) {
    apiToken(id: $id) {
      id
      name
      status
      suspendedReason
      lastUsedAt
      lastUsedIp
      lastUsedUserAgent
      expiresAt
      revealable
    }
  }
`);
const TOKEN_STATUSES = graphql(`
  query TokenStatuses($filter: ApiTokenFilter, $first: Int, $after: String) {
    apiTokens(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          status
          suspendedReason
        }
      }
    }
  }
`);
const RENAME_FOR_STATUS = graphql(`
  mutation RenameForStatus($id: ID!, $name: String!) {
    renameApiToken(input: { id: $id, name: $name }) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);

const id = (fixture: Fixture) => globalId('ApiToken', fixture.tokenId);

/** Changes role or plan through the verification cache's fence, as the CLI does: the next request sees it. */
async function change(
  server: TestServer,
  fixture: Fixture,
  data: { role?: 'MEMBER' | 'WATCH_ONLY'; plan?: 'TEAM' | 'ENTERPRISE' },
) {
  const { prisma } = server.started.db;
  const { authCache } = server.started.app;
  if (data.role) {
    await authCache.fence(
      `u:${fixture.userId}`,
      () => prisma.user.update({ where: { id: fixture.userId }, data: { role: data.role } }),
      () => true,
    );
  }
  if (data.plan) {
    await authCache.fence(
      `w:${fixture.workspaceId}`,
      () => prisma.workspace.update({ where: { id: fixture.workspaceId }, data: { plan: data.plan } }),
      () => true,
    );
  }
}

async function statusOf(server: TestServer, fixture: Fixture, tokenId = fixture.tokenId) {
  const session = await sessionOf(server, fixture.userId);
  return expectData(
    await server.execute(TOKEN_DETAIL, { ...session, variables: { id: globalId('ApiToken', tokenId) } }),
  ).apiToken;
}

describe('status', () => {
  it('is ACTIVE, then EXPIRED once expiresAt has passed, as the API refuses the token', async () => {
    const fixture = await createUserWithToken(ctx.server, { role: 'MEMBER' });
    const soon = await ctx.server.started.app.tokens.create(
      {
        userId: fixture.userId,
        email: fixture.email,
        role: 'MEMBER',
        workspaceId: fixture.workspaceId,
        auditLogsEnabled: false,
      },
      { name: 'short-lived', expiresAt: new Date(nowMs + 3_600_000) },
      { ip: null, userAgent: null },
    );
    expect(await statusOf(ctx.server, fixture, soon.apiToken.id)).toMatchObject({
      status: 'ACTIVE',
      suspendedReason: null,
    });
    expect((await ctx.server.execute(VIEWER_EMAIL, { token: soon.token })).status).toBe(200);
    nowMs += 2 * 3_600_000;
    expect(await statusOf(ctx.server, fixture, soon.apiToken.id)).toMatchObject({
      status: 'EXPIRED',
      suspendedReason: null,
    });
    const refused = await ctx.server.execute(VIEWER_EMAIL, { token: soon.token });
    expect(refused.status).toBe(401);
    expect(refused.body.errors?.[0]?.extensions?.reason).toBe('expired');
    // The other token of the same owner is unaffected.
    expect(await statusOf(ctx.server, fixture)).toMatchObject({ status: 'ACTIVE' });
  });

  it('is SUSPENDED while the owner is watch-only, with the reason, and ACTIVE again when the role is restored', async () => {
    const fixture = await createUserWithToken(ctx.server, { role: 'MEMBER' });
    await change(ctx.server, fixture, { role: 'WATCH_ONLY' });
    const refused = await ctx.server.execute(VIEWER_EMAIL, { token: fixture.token });
    expect(refused.status).toBe(403);
    expect(refused.body.errors?.[0]?.extensions?.reason).toBe('watch_only');
    expect(await statusOf(ctx.server, fixture)).toMatchObject({
      status: 'SUSPENDED',
      suspendedReason: SUSPENDED_WATCH_ONLY,
    });
    await change(ctx.server, fixture, { role: 'MEMBER' });
    expect((await ctx.server.execute(VIEWER_EMAIL, { token: fixture.token })).status).toBe(200);
    expect(await statusOf(ctx.server, fixture)).toMatchObject({ status: 'ACTIVE', suspendedReason: null });
  });

  it('is SUSPENDED while the workspace is not on Enterprise, and works again after the upgrade', async () => {
    const fixture = await createUserWithToken(ctx.server, { role: 'MEMBER' });
    await change(ctx.server, fixture, { plan: 'TEAM' });
    const refused = await ctx.server.execute(VIEWER_EMAIL, { token: fixture.token });
    expect(refused.status).toBe(403);
    expect(refused.body.errors?.[0]?.extensions?.reason).toBe('plan');
    expect(await statusOf(ctx.server, fixture)).toMatchObject({ status: 'SUSPENDED', suspendedReason: SUSPENDED_PLAN });
    expect(SUSPENDED_PLAN).toContain('Enterprise plan');
    await change(ctx.server, fixture, { plan: 'ENTERPRISE' });
    expect((await ctx.server.execute(VIEWER_EMAIL, { token: fixture.token })).status).toBe(200);
    expect(await statusOf(ctx.server, fixture)).toMatchObject({ status: 'ACTIVE' });
  });

  it('says EXPIRED rather than SUSPENDED for an expired token of a suspended owner (it will not come back)', async () => {
    const fixture = await createUserWithToken(ctx.server, { role: 'MEMBER' });
    const soon = await ctx.server.started.app.tokens.create(
      {
        userId: fixture.userId,
        email: fixture.email,
        role: 'MEMBER',
        workspaceId: fixture.workspaceId,
        auditLogsEnabled: false,
      },
      { name: 'short-lived', expiresAt: new Date(nowMs + 1_000) },
      { ip: null, userAgent: null },
    );
    await change(ctx.server, fixture, { role: 'WATCH_ONLY' });
    nowMs += 5_000;
    expect(await statusOf(ctx.server, fixture, soon.apiToken.id)).toMatchObject({
      status: 'EXPIRED',
      suspendedReason: null,
    });
  });
});

describe("a suspended owner's page (session)", () => {
  it.each([
    ['watch-only', { role: 'WATCH_ONLY' as const }, SUSPENDED_WATCH_ONLY],
    ['on the Team plan', { plan: 'TEAM' as const }, SUSPENDED_PLAN],
  ])(
    'lists the tokens of an owner %s with the reason, revokes them, and refuses create and rename',
    async (_label, suspension, reason) => {
      const fixture = await createUserWithToken(ctx.server, { role: 'MEMBER' });
      await change(ctx.server, fixture, suspension);
      const session = await sessionOf(ctx.server, fixture.userId);
      const listed = expectData(
        await ctx.server.execute(TOKEN_STATUSES, { ...session, variables: { first: 10 } }),
      ).apiTokens;
      expect(listed.totalCount).toBe(1);
      expect(listed.edges[0]?.node).toMatchObject({ id: id(fixture), status: 'SUSPENDED', suspendedReason: reason });

      const created = await ctx.server.execute(CREATE_TOKEN, { ...session, variables: { input: { name: 'nope' } } });
      const renamed = await ctx.server.execute(RENAME_FOR_STATUS, {
        ...session,
        variables: { id: id(fixture), name: 'nope' },
      });
      for (const response of [created, renamed] as GraphQLResponse<Record<string, unknown>>[]) {
        if ('plan' in suspension) {
          expect(response.status).toBe(403);
          expect(response.body.errors?.[0]?.message).toBe('API access requires the Enterprise plan.');
        } else {
          const result = expectData(response);
          expect(Object.values(result)[0]).toMatchObject({ __typename: 'ForbiddenError' });
        }
      }
      expect(await ctx.server.started.db.prisma.apiToken.count({ where: { ownerId: fixture.userId } })).toBe(1);

      const revoked = expectData(
        await ctx.server.execute(REVOKE_TOKEN, { ...session, variables: { id: id(fixture) } }),
      ).revokeApiToken;
      expectTypename(revoked, 'RevokeApiTokenSuccess');
      expect(await ctx.server.started.db.prisma.apiToken.count({ where: { ownerId: fixture.userId } })).toBe(0);
    },
  );

  it('never lets the suspended token itself read or revoke anything', async () => {
    const fixture = await createUserWithToken(ctx.server, { role: 'MEMBER' });
    await change(ctx.server, fixture, { plan: 'TEAM' });
    const response = await ctx.server.execute(REVOKE_TOKEN, { token: fixture.token, variables: { id: id(fixture) } });
    expect(response.status).toBe(403);
    expect(await ctx.server.started.db.prisma.apiToken.count({ where: { ownerId: fixture.userId } })).toBe(1);
  });
});

describe('last use, with where from', () => {
  it('records the client address and User-Agent with lastUsedAt (X-Forwarded-For ignored without TRUST_PROXY)', async () => {
    const fixture = await createUserWithToken(ctx.server);
    await ctx.server.execute(VIEWER_EMAIL, {
      token: fixture.token,
      headers: { 'user-agent': 'deploy-bot/2.1', 'x-forwarded-for': '203.0.113.9' },
    });
    await ctx.server.started.app.lastUsed.flush();
    const detail = await statusOf(ctx.server, fixture);
    expect(detail?.lastUsedAt).not.toBeNull();
    expect(detail?.lastUsedUserAgent).toBe('deploy-bot/2.1');
    expect(detail?.lastUsedIp).toMatch(/127\.0\.0\.1|::1/);
    // Throttled together: a second use within the window writes neither.
    await ctx.server.execute(VIEWER_EMAIL, { token: fixture.token, headers: { 'user-agent': 'other/1.0' } });
    await ctx.server.started.app.lastUsed.flush();
    expect((await statusOf(ctx.server, fixture))?.lastUsedUserAgent).toBe('deploy-bot/2.1');
  });
});

describe('apiToken(id)', () => {
  it("answers the viewer's own token, and null for another user's, a missing one or a malformed id", async () => {
    const mine = await createUserWithToken(ctx.server);
    const theirs = await createUserWithToken(ctx.server, { workspaceId: mine.workspaceId });
    const ask = (tokenId: string) =>
      ctx.server.execute(TOKEN_DETAIL, { token: mine.token, variables: { id: tokenId } });
    expect(expectData(await ask(id(mine))).apiToken).toMatchObject({
      id: id(mine),
      name: 'fixture token',
      status: 'ACTIVE',
      revealable: false,
    });
    expect(expectData(await ask(id(theirs))).apiToken).toBeNull();
    expect(expectData(await ask(globalId('ApiToken', '0190a5b2-0000-7000-8000-000000000000'))).apiToken).toBeNull();
    expect(expectData(await ask('not-an-id')).apiToken).toBeNull();
    expect(expectData(await ask(globalId('User', mine.userId))).apiToken).toBeNull();
  });

  it('needs a credential', async () => {
    const response = await ctx.server.execute(TOKEN_DETAIL, { variables: { id: 'x' } });
    expect(response.status).toBe(401);
    expect(errorCode(response)).toBe('UNAUTHENTICATED');
  });
});

describe('search by name', () => {
  it('matches case-insensitively, counts only the matches, pages through them, and takes % and _ literally', async () => {
    const fixture = await createUserWithToken(ctx.server);
    for (const name of ['Alpha deploy', 'beta DEPLOY', 'gamma', 'Deployer', '100%_done', '100 x done']) {
      expectTypename(
        expectData(await ctx.server.execute(CREATE_TOKEN, { token: fixture.token, variables: { input: { name } } }))
          .createApiToken,
        'CreateApiTokenSuccess',
      );
    }
    const search = (nameContains: string, first = 10, after?: string) =>
      ctx.server
        .execute(TOKEN_STATUSES, { token: fixture.token, variables: { first, after, filter: { nameContains } } })
        .then((r) => expectData(r).apiTokens);
    const deploy = await search('deploy');
    expect(deploy.totalCount).toBe(3);
    expect(deploy.edges.map((e) => e.node.name)).toEqual(['Deployer', 'beta DEPLOY', 'Alpha deploy']);
    const firstPage = await search('DEPLOY', 2);
    expect(firstPage.edges.map((e) => e.node.name)).toEqual(['Deployer', 'beta DEPLOY']);
    expect(firstPage.pageInfo.hasNextPage).toBe(true);
    const secondPage = await search('DEPLOY', 2, firstPage.pageInfo.endCursor!);
    expect(secondPage.edges.map((e) => e.node.name)).toEqual(['Alpha deploy']);
    expect(secondPage.totalCount).toBe(3);
    expect((await search('%_')).edges.map((e) => e.node.name)).toEqual(['100%_done']);
    expect((await search('nothing like it')).totalCount).toBe(0);
    // Without a filter (or an empty one): every token, counted by the kept counter.
    const all = expectData(
      await ctx.server.execute(TOKEN_STATUSES, {
        token: fixture.token,
        variables: { first: 100, filter: { nameContains: '' } },
      }),
    ).apiTokens;
    expect(all.totalCount).toBe(7);
  });
});
