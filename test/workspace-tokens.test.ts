// Issue 14: the admins' inventory, workspaceApiTokens — who may read it (admins of
// an Enterprise workspace, with a token or a session), that it shows their own
// workspace only, every filter, paging with totalCount, owners and statuses as an
// admin reads them, and the bad inputs it refuses.
import { describe, expect, it } from 'vitest';
import { SUSPENDED_WATCH_ONLY_OWNER } from '../server/src/tokens/status.js';
import { graphql } from './generated/gql.js';
import type { InventoryQueryVariables, WorkspaceApiTokenFilter } from './generated/graphql.js';
import { errorCode, expectData, expectTypename, globalId, type RequestOptions } from './support/graphql.js';
import { createUserWithToken, useTestServer, type Fixture, type TestServer } from './support/server.js';
import { createWorkspaceTeam } from './support/workspace-team.js';

const DAY = 86_400_000;
let nowMs = Date.now();
const ctx = useTestServer({ clock: () => new Date(nowMs) });

const INVENTORY = graphql(`
  query Inventory($first: Int, $after: String, $filter: WorkspaceApiTokenFilter) {
    workspaceApiTokens(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          name
          status
          suspendedReason
          expiresAt
          lastUsedAt
          exceedsMaxLifetime
          inactivityRevokeAt
          owner {
            id
            email
            name
            role
            workspace {
              id
              name
            }
          }
        }
      }
    }
  }
`);
const WORKSPACE_OF_VIEWER = graphql(`
  query InventoryViewerWorkspace {
    viewer {
      workspace {
        id
        name
      }
    }
  }
`);
const SET_POLICY = graphql(`
  mutation InventoryPolicy($input: UpdateWorkspaceTokenPolicyInput!) {
    updateWorkspaceTokenPolicy(input: $input) {
      __typename
    }
  }
`);

type Filter = WorkspaceApiTokenFilter;

function inventory(server: TestServer, as: RequestOptions, variables: InventoryQueryVariables = {}) {
  return server.execute(INVENTORY, { ...as, variables });
}

/** The inventory as `admin` sees it through `filter`: names, newest first, and totalCount. */
async function names(admin: Fixture, filter?: Filter) {
  const data = expectData(
    await ctx.server.execute(INVENTORY, { token: admin.token, variables: { first: 100, filter } }),
  ).workspaceApiTokens;
  expect(data.totalCount).toBe(data.edges.length);
  return data.edges.map((edge) => edge.node.name);
}

/** A token for `owner` through the service (the clock's now), named `name`. */
async function addToken(owner: Fixture, name: string, expiresAt: Date | null = null) {
  const user = await ctx.server.started.db.prisma.user.findUniqueOrThrow({ where: { id: owner.userId } });
  const { apiToken } = await ctx.server.started.app.tokens.create(
    { userId: user.id, email: user.email, role: 'MEMBER', workspaceId: user.workspaceId, auditLogsEnabled: false },
    { name, expiresAt },
    { ip: null, userAgent: 'test' },
  );
  return apiToken.id;
}

describe('workspaceApiTokens: who may read it', () => {
  it('answers admins (token and session) with every token of their workspace, and no one else', async () => {
    const team = await createWorkspaceTeam(ctx.server);
    const expected = [team.watcher.email, team.member.email, team.admin.email];
    for (const as of [team.admin.viaToken, team.admin.viaSession]) {
      const data = expectData(await inventory(ctx.server, as)).workspaceApiTokens;
      expect(data.totalCount).toBe(3);
      expect(data.edges.map((edge) => edge.node.owner.email)).toEqual(expected);
    }
    // Members and watch-only users: FORBIDDEN (a watch-only user's token is refused before any field).
    for (const as of [team.member.viaToken, team.member.viaSession, team.watcher.viaSession]) {
      const response = await inventory(ctx.server, as);
      expect(errorCode(response), response.text).toBe('FORBIDDEN');
      expect(response.body.data ?? null).toBeNull();
      expect(response.body.errors?.[0]?.message).toBe("Only workspace admins can list the workspace's tokens.");
    }
    const watcherToken = await inventory(ctx.server, team.watcher.viaToken);
    expect([watcherToken.status, errorCode(watcherToken)]).toEqual([403, 'FORBIDDEN']);
    // Another workspace's admin sees their own workspace only.
    const other = expectData(await inventory(ctx.server, team.otherAdmin.viaToken)).workspaceApiTokens;
    expect(other.edges.map((edge) => edge.node.owner.email)).toEqual([team.otherAdmin.email]);
    expect(other.totalCount).toBe(1);
    // Team plan: no API access at all, with a token or a session.
    for (const as of [team.teamAdmin.viaToken, team.teamAdmin.viaSession]) {
      const response = await inventory(ctx.server, as);
      expect([response.status, errorCode(response)]).toEqual([403, 'FORBIDDEN']);
      expect(response.body.errors?.[0]?.message).toBe('API access requires the Enterprise plan.');
    }
    const anonymous = await inventory(ctx.server, {});
    expect([anonymous.status, errorCode(anonymous)]).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('shows owners and statuses as an admin reads them', async () => {
    const team = await createWorkspaceTeam(ctx.server);
    const edges = expectData(await inventory(ctx.server, team.admin.viaToken)).workspaceApiTokens.edges;
    const byOwner = new Map(edges.map((edge) => [edge.node.owner.email, edge.node]));
    expect(byOwner.get(team.watcher.email)).toMatchObject({
      status: 'SUSPENDED',
      suspendedReason: SUSPENDED_WATCH_ONLY_OWNER,
      owner: { id: globalId('User', team.watcher.userId), role: 'WATCH_ONLY' },
    });
    expect(byOwner.get(team.member.email)).toMatchObject({
      id: globalId('ApiToken', team.member.tokenId),
      status: 'ACTIVE',
      suspendedReason: null,
      owner: { role: 'MEMBER', name: expect.stringMatching(/^User /) },
      // No policy: nothing to report.
      exceedsMaxLifetime: false,
      inactivityRevokeAt: null,
    });
    // Another member's workspace is the admin's own (the only one an admin sees into).
    const viewer = expectData(await ctx.server.execute(WORKSPACE_OF_VIEWER, team.admin.viaToken)).viewer;
    for (const edge of edges) expect(edge.node.owner.workspace).toEqual(viewer.workspace);
  });
});

describe('workspaceApiTokens: filters', () => {
  it('filters by owner, status, unused for N days, name and lifetime; all given filters must match', async () => {
    const admin = await createUserWithToken(ctx.server);
    const dev = await createUserWithToken(ctx.server, { workspaceId: admin.workspaceId, role: 'MEMBER' });
    const watcher = await createUserWithToken(ctx.server, { workspaceId: admin.workspaceId, role: 'WATCH_ONLY' });
    const { prisma } = ctx.server.started.db;
    await addToken(dev, 'CI deploy');
    const oldScript = await addToken(dev, 'old script');
    await prisma.apiToken.update({ where: { id: oldScript }, data: { lastUsedAt: new Date(nowMs - 100 * DAY) } });
    const neverUsed = await addToken(dev, 'never used, made long ago');
    await prisma.apiToken.update({ where: { id: neverUsed }, data: { createdAt: new Date(nowMs - 40 * DAY) } });
    await addToken(admin, 'deploy 100%', new Date(nowMs + 7 * DAY));
    await addToken(admin, 'soon expired', new Date(nowMs + 3_600_000));
    nowMs += 2 * 3_600_000;

    expect(await names(admin, { ownerId: globalId('User', dev.userId) })).toEqual([
      'never used, made long ago',
      'old script',
      'CI deploy',
      'fixture token',
    ]);
    expect(await names(admin, { status: 'EXPIRED' })).toEqual(['soon expired']);
    expect(await names(admin, { status: 'SUSPENDED' })).toEqual(['fixture token']);
    expect(await names(admin, { status: 'SUSPENDED', ownerId: globalId('User', watcher.userId) })).toEqual([
      'fixture token',
    ]);
    expect(await names(admin, { status: 'ACTIVE' })).toEqual([
      'deploy 100%',
      'never used, made long ago',
      'old script',
      'CI deploy',
      'fixture token',
      'fixture token',
    ]);
    // Never used counts from creation: a token made 2 hours ago is not "unused for 30 days".
    expect(await names(admin, { unusedForDays: 30 })).toEqual(['never used, made long ago', 'old script']);
    expect(await names(admin, { unusedForDays: 60 })).toEqual(['old script']);
    // Case-insensitive, and LIKE's own characters are literal.
    expect(await names(admin, { nameContains: 'DEPLOY' })).toEqual(['deploy 100%', 'CI deploy']);
    expect(await names(admin, { nameContains: '100%' })).toEqual(['deploy 100%']);
    expect(await names(admin, { nameContains: 'deploy', ownerId: globalId('User', dev.userId) })).toEqual([
      'CI deploy',
    ]);
    // Without a lifetime policy no token exceeds it.
    expect(await names(admin, { exceedsMaxLifetime: true })).toEqual([]);
    expectTypename(
      expectData(
        await ctx.server.execute(SET_POLICY, { token: admin.token, variables: { input: { maxLifetimeDays: 30 } } }),
      ).updateWorkspaceTokenPolicy,
      'UpdateWorkspaceTokenPolicySuccess',
    );
    // Every token without an expiry exceeds 30 days; the two with a short one do not.
    expect(await names(admin, { exceedsMaxLifetime: false })).toEqual(['soon expired', 'deploy 100%']);
    expect(await names(admin, { exceedsMaxLifetime: true, ownerId: globalId('User', admin.userId) })).toEqual([
      'fixture token',
    ]);
    const flagged = expectData(
      await ctx.server.execute(INVENTORY, {
        token: admin.token,
        variables: { filter: { nameContains: 'old script' } },
      }),
    ).workspaceApiTokens.edges[0]!.node;
    expect(flagged.exceedsMaxLifetime).toBe(true);
  });

  it('finds nothing for a user of another workspace, and refuses malformed filters', async () => {
    const admin = await createUserWithToken(ctx.server);
    const stranger = await createUserWithToken(ctx.server);
    expect(await names(admin, { ownerId: globalId('User', stranger.userId) })).toEqual([]);
    const bad: [Filter, RegExp][] = [
      [{ unusedForDays: 0 }, /unusedForDays must be between 1 and 3650/],
      [{ unusedForDays: 3651 }, /unusedForDays must be between 1 and 3650/],
      [{ ownerId: 'not-an-id' }, /ownerId must be a User ID/],
      [{ ownerId: globalId('ApiToken', admin.tokenId) }, /ownerId must be a User ID/],
    ];
    for (const [filter, message] of bad) {
      const response = await ctx.server.execute(INVENTORY, { token: admin.token, variables: { filter } });
      expect(errorCode(response), response.text).toBe('BAD_USER_INPUT');
      expect(response.body.errors?.[0]?.message).toMatch(message);
    }
  });
});

describe('workspaceApiTokens: paging', () => {
  it('pages newest first with first/after, totalCount over every match, and refuses bad page arguments', async () => {
    const admin = await createUserWithToken(ctx.server);
    const dev = await createUserWithToken(ctx.server, { workspaceId: admin.workspaceId, role: 'MEMBER' });
    for (const name of ['t1', 't2', 't3']) await addToken(name === 't2' ? admin : dev, name);
    const seen: string[] = [];
    let after: string | undefined;
    for (const expected of [
      { names: ['t3', 't2'], more: true },
      { names: ['t1', 'fixture token'], more: true },
      { names: ['fixture token'], more: false },
    ]) {
      const page = expectData(
        await ctx.server.execute(INVENTORY, { token: admin.token, variables: { first: 2, after } }),
      ).workspaceApiTokens;
      expect(page.totalCount).toBe(5);
      expect(page.edges.map((edge) => edge.node.name)).toEqual(expected.names);
      expect(page.pageInfo.hasNextPage).toBe(expected.more);
      seen.push(...page.edges.map((edge) => edge.node.id));
      after = page.pageInfo.endCursor ?? undefined;
    }
    expect(new Set(seen).size).toBe(5);
    // With a filter, totalCount counts the matches, whatever the page size.
    const filtered = expectData(
      await ctx.server.execute(INVENTORY, {
        token: admin.token,
        variables: { first: 1, filter: { ownerId: globalId('User', dev.userId) } },
      }),
    ).workspaceApiTokens;
    expect([filtered.totalCount, filtered.edges.length, filtered.pageInfo.hasNextPage]).toEqual([3, 1, true]);
    for (const variables of [{ first: 0 }, { first: 101 }, { after: 'garbage' }]) {
      const response = await ctx.server.execute(INVENTORY, { token: admin.token, variables });
      expect(errorCode(response), response.text).toBe('BAD_USER_INPUT');
    }
  });
});
