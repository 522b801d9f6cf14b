// Issue 14: a workspace admin revokes any token of their workspace through
// revokeApiToken — reason ADMIN, the admin as revoker in the owner's revoked history
// and as actor in the audit log, refused on the very next request — while members,
// watch-only users, Team-plan admins and admins of other workspaces get the same
// NotFoundError as for a missing id, with nothing changed.
import { describe, expect, it } from 'vitest';
import { graphql } from './generated/gql.js';
import { errorCode, expectData, globalId, type RequestOptions } from './support/graphql.js';
import { REVOKE_TOKEN, VIEWER_EMAIL } from './support/operations.js';
import { useTestServer, type Fixture } from './support/server.js';
import { createWorkspaceTeam, type Caller } from './support/workspace-team.js';

const ctx = useTestServer();

const HISTORY = graphql(`
  query AdminRevokedHistory {
    revokedApiTokens(first: 10) {
      edges {
        node {
          id
          name
          reason
          revokedBy
          revokedAt
        }
      }
    }
  }
`);

const revoke = async (as: RequestOptions, tokenId: string) =>
  expectData(await ctx.server.execute(REVOKE_TOKEN, { ...as, variables: { id: globalId('ApiToken', tokenId) } }))
    .revokeApiToken;

/** What a refused revoke must leave as it was: the token works (or not) as before, no record, no audit row. */
async function untouched(target: Fixture) {
  const { prisma } = ctx.server.started.db;
  expect(await prisma.apiToken.count({ where: { id: target.tokenId } })).toBe(1);
  expect(await prisma.revokedApiToken.count({ where: { id: target.tokenId } })).toBe(0);
  expect(await prisma.auditEvent.count({ where: { apiTokenId: target.tokenId, action: 'API_TOKEN_REVOKED' } })).toBe(0);
}

describe('revokeApiToken by a workspace admin', () => {
  it("revokes a member's token (token or session): reason ADMIN, who and when in the owner's history, audited, refused at once", async () => {
    for (const via of ['viaToken', 'viaSession'] as const) {
      const team = await createWorkspaceTeam(ctx.server, { auditLogs: true });
      expect((await ctx.server.execute(VIEWER_EMAIL, { token: team.member.token })).status).toBe(200);
      const before = Date.now();
      expect(await revoke(team.admin[via], team.member.tokenId)).toEqual({
        __typename: 'RevokeApiTokenSuccess',
        revokedApiTokenId: globalId('ApiToken', team.member.tokenId),
      });
      // The very next request with it fails (the fence).
      const next = await ctx.server.execute(VIEWER_EMAIL, { token: team.member.token });
      expect([next.status, errorCode(next)]).toEqual([401, 'UNAUTHENTICATED']);
      const history = expectData(await ctx.server.execute(HISTORY, team.member.viaSession)).revokedApiTokens.edges;
      expect(history).toHaveLength(1);
      expect(history[0]!.node).toMatchObject({
        id: expect.any(String),
        name: 'fixture token',
        reason: 'ADMIN',
        revokedBy: team.admin.email,
      });
      expect(new Date(history[0]!.node.revokedAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
      const audit = await ctx.server.started.db.prisma.auditEvent.findMany({
        where: { workspaceId: team.admin.workspaceId, action: 'API_TOKEN_REVOKED' },
      });
      expect(audit.map((event) => [event.actorId, event.actorEmail, event.apiTokenId])).toEqual([
        [team.admin.userId, team.admin.email, team.member.tokenId],
      ]);
      // The admin's own revoked history stays empty: the record is the owner's.
      expect(expectData(await ctx.server.execute(HISTORY, team.admin.viaSession)).revokedApiTokens.edges).toEqual([]);
    }
  });

  it("revokes a watch-only user's (suspended) token and another admin's", async () => {
    const team = await createWorkspaceTeam(ctx.server);
    expect((await revoke(team.admin.viaToken, team.watcher.tokenId)).__typename).toBe('RevokeApiTokenSuccess');
    const { prisma } = ctx.server.started.db;
    expect(await prisma.revokedApiToken.findUniqueOrThrow({ where: { id: team.watcher.tokenId } })).toMatchObject({
      reason: 'ADMIN',
      revokedBy: team.admin.email,
    });
    // Revoking one's own token stays reason OWNER.
    expect((await revoke(team.admin.viaSession, team.admin.tokenId)).__typename).toBe('RevokeApiTokenSuccess');
    expect(await prisma.revokedApiToken.findUniqueOrThrow({ where: { id: team.admin.tokenId } })).toMatchObject({
      reason: 'OWNER',
      revokedBy: team.admin.email,
    });
  });

  it('is NotFoundError for everyone else, exactly like a missing id, and changes nothing', async () => {
    const team = await createWorkspaceTeam(ctx.server, { auditLogs: true });
    const missing = await revoke(team.otherAdmin.viaToken, '01890000-0000-7000-8000-000000000000');
    expect(missing).toEqual({ __typename: 'NotFoundError', message: 'No API token with this id exists.' });
    const refusals: [string, Caller, Fixture][] = [
      ["another workspace's admin (token)", team.otherAdmin, team.member],
      ['a member, for a colleague', team.member, team.admin],
      ['a watch-only user (session), for a colleague', team.watcher, team.member],
    ];
    for (const [label, caller, target] of refusals) {
      const as = label.includes('session') ? caller.viaSession : caller.viaToken;
      expect(await revoke(as, target.tokenId), label).toEqual(missing);
      expect(await revoke(caller.viaSession, target.tokenId), label).toEqual(missing);
      await untouched(target);
    }
    expect((await ctx.server.execute(VIEWER_EMAIL, { token: team.member.token })).status).toBe(200);
  });

  it('is refused to a Team-plan admin (their token: 403; their session: NotFoundError for a member of theirs) and to no credential', async () => {
    const team = await createWorkspaceTeam(ctx.server);
    const { prisma } = ctx.server.started.db;
    const colleague = await prisma.user.create({
      data: { email: `colleague-${Date.now()}@team.test`, name: 'Colleague', workspaceId: team.teamAdmin.workspaceId },
    });
    const { apiToken } = await ctx.server.started.app.tokens.create(
      {
        userId: colleague.id,
        email: colleague.email,
        role: 'MEMBER',
        workspaceId: team.teamAdmin.workspaceId,
        auditLogsEnabled: false,
      },
      { name: 'team colleague' },
      { ip: null, userAgent: 'test' },
    );
    const viaToken = await ctx.server.execute(REVOKE_TOKEN, {
      token: team.teamAdmin.token,
      variables: { id: globalId('ApiToken', apiToken.id) },
    });
    expect([viaToken.status, errorCode(viaToken)]).toEqual([403, 'FORBIDDEN']);
    // A session may clean up its own tokens on any plan, but administering needs API access.
    expect((await revoke(team.teamAdmin.viaSession, apiToken.id)).__typename).toBe('NotFoundError');
    expect(await prisma.apiToken.count({ where: { id: apiToken.id } })).toBe(1);
    const anonymous = await ctx.server.execute(REVOKE_TOKEN, { variables: { id: globalId('ApiToken', apiToken.id) } });
    expect([anonymous.status, errorCode(anonymous)]).toEqual([401, 'UNAUTHENTICATED']);
    expect(await prisma.apiToken.count({ where: { id: apiToken.id } })).toBe(1);
  });

  it("needs the WORKSPACE_ADMIN scope on an admin's API token: without it, another's token is not found", async () => {
    const team = await createWorkspaceTeam(ctx.server, { auditLogs: true });
    const { apiToken, token } = await ctx.server.started.app.tokens.create(
      {
        userId: team.admin.userId,
        email: team.admin.email,
        role: 'ADMIN',
        workspaceId: team.admin.workspaceId,
        auditLogsEnabled: true,
      },
      { name: 'tokens only', scopes: ['TOKENS_READ', 'TOKENS_WRITE'] },
      { ip: null, userAgent: 'test' },
    );
    expect(await revoke({ token }, team.member.tokenId)).toEqual({
      __typename: 'NotFoundError',
      message: 'No API token with this id exists.',
    });
    await untouched(team.member);
    // Its own tokens it still revokes; with the scope, the member's too.
    expect((await revoke({ token }, apiToken.id)).__typename).toBe('RevokeApiTokenSuccess');
    expect((await revoke(team.admin.viaToken, team.member.tokenId)).__typename).toBe('RevokeApiTokenSuccess');
  });

  it('gives one success when an admin and the owner revoke the same token at once', async () => {
    const team = await createWorkspaceTeam(ctx.server, { auditLogs: true });
    const results = await Promise.all([
      revoke(team.admin.viaToken, team.member.tokenId),
      revoke(team.member.viaSession, team.member.tokenId),
    ]);
    expect(results.map((result) => result.__typename).sort()).toEqual(['NotFoundError', 'RevokeApiTokenSuccess']);
    const { prisma } = ctx.server.started.db;
    expect(await prisma.revokedApiToken.count({ where: { id: team.member.tokenId } })).toBe(1);
    expect(
      await prisma.auditEvent.count({ where: { apiTokenId: team.member.tokenId, action: 'API_TOKEN_REVOKED' } }),
    ).toBe(1);
  });
});
