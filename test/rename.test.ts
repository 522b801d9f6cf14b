// renameApiToken on a real server: the owner renames, the audit log records the old
// and new name, invalid names change nothing, and the authorization matrix; and the
// CLI's `token rename`, the same service acting as the operator.
import { describe, expect, it } from 'vitest';
import { execute } from '../server/src/admin/commands.js';
import { commandServicesOf } from '../server/src/runtime.js';
import { graphql } from './generated/gql.js';
import { errorCode, expectData, expectTypename, globalId } from './support/graphql.js';
import { CREATE_TOKEN } from './support/operations.js';
import { createUserWithToken, useTestServer, type Fixture } from './support/server.js';
import { sessionOf } from './support/session.js';

const ctx = useTestServer();

const RENAME = graphql(`
  mutation RenameToken($input: RenameApiTokenInput!) {
    renameApiToken(input: $input) {
      __typename
      ... on RenameApiTokenSuccess {
        apiToken {
          id
          name
          status
        }
      }
      ... on Error {
        message
      }
      ... on ValidationError {
        field
      }
    }
  }
`);

const id = (fixture: Fixture) => globalId('ApiToken', fixture.tokenId);
const nameOf = async (fixture: Fixture) =>
  (await ctx.server.started.db.prisma.apiToken.findUniqueOrThrow({ where: { id: fixture.tokenId } })).name;
const audited = (workspaceId: string) =>
  ctx.server.started.db.prisma.auditEvent.findMany({
    where: { workspaceId, action: 'API_TOKEN_RENAMED' },
    orderBy: { id: 'asc' },
  });

describe('renameApiToken', () => {
  it('renames the owner’s token and audits the old and new name', async () => {
    const fixture = await createUserWithToken(ctx.server, { auditLogs: true });
    const result = expectData(
      await ctx.server.execute(RENAME, {
        token: fixture.token,
        variables: { input: { id: id(fixture), name: '  Deploy bot  ' } },
      }),
    ).renameApiToken;
    expectTypename(result, 'RenameApiTokenSuccess');
    expect(result.apiToken).toEqual({ id: id(fixture), name: 'Deploy bot', status: 'ACTIVE' });
    expect(await nameOf(fixture)).toBe('Deploy bot');
    const [event, ...more] = await audited(fixture.workspaceId);
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      apiTokenId: fixture.tokenId,
      apiTokenName: 'Deploy bot',
      details: 'Renamed from "fixture token" to "Deploy bot"',
      actorEmail: fixture.email,
    });
    // The same name again changes nothing and audits nothing.
    expectTypename(
      expectData(
        await ctx.server.execute(RENAME, {
          token: fixture.token,
          variables: { input: { id: id(fixture), name: 'Deploy bot' } },
        }),
      ).renameApiToken,
      'RenameApiTokenSuccess',
    );
    expect(await audited(fixture.workspaceId)).toHaveLength(1);
  });

  it.each([
    ['empty', '  '],
    ['zero-width characters only', '\u200b\u200c\u200d\u2060\ufeff'],
    ['a right-to-left override', 'invoice\u202egpj.exe'],
    ['an isolate', 'a\u2066b'],
    ['101 characters', 'x'.repeat(101)],
    ['a control character', 'a\nb'],
  ])('refuses a name of %s with ValidationError on "name", changing nothing', async (_label, name) => {
    const fixture = await createUserWithToken(ctx.server, { auditLogs: true });
    const result = expectData(
      await ctx.server.execute(RENAME, { token: fixture.token, variables: { input: { id: id(fixture), name } } }),
    ).renameApiToken;
    expectTypename(result, 'ValidationError');
    expect(result.field).toBe('name');
    expect(await nameOf(fixture)).toBe('fixture token');
    expect(await audited(fixture.workspaceId)).toEqual([]);
  });

  it('applies the same name rules to createApiToken', async () => {
    const fixture = await createUserWithToken(ctx.server);
    for (const name of ['\u200b\u200b', 'invoice\u202egpj.exe']) {
      const result = expectData(
        await ctx.server.execute(CREATE_TOKEN, { token: fixture.token, variables: { input: { name } } }),
      ).createApiToken;
      expectTypename(result, 'ValidationError');
      expect(result.field).toBe('name');
    }
    expect(await ctx.server.started.db.prisma.apiToken.count({ where: { ownerId: fixture.userId } })).toBe(1);
  });

  it('answers NotFoundError for another user’s token (same or other workspace), a missing one and a malformed id', async () => {
    const owner = await createUserWithToken(ctx.server, { auditLogs: true });
    const colleague = await createUserWithToken(ctx.server, { workspaceId: owner.workspaceId });
    const stranger = await createUserWithToken(ctx.server);
    for (const [caller, target] of [
      [colleague, id(owner)],
      [stranger, id(owner)],
      [owner, globalId('ApiToken', '0190a5b2-0000-7000-8000-000000000000')],
      [owner, 'garbage'],
    ] as const) {
      const result = expectData(
        await ctx.server.execute(RENAME, {
          token: caller.token,
          variables: { input: { id: target, name: 'taken over' } },
        }),
      ).renameApiToken;
      expectTypename(result, 'NotFoundError');
    }
    expect(await nameOf(owner)).toBe('fixture token');
    expect(await audited(owner.workspaceId)).toEqual([]);
  });

  describe('authorization matrix', () => {
    const rename = (fixture: Fixture, request: { token?: string; headers?: Record<string, string> }) =>
      ctx.server.execute(RENAME, { ...request, variables: { input: { id: id(fixture), name: 'renamed' } } });

    it.each(['ADMIN', 'MEMBER'] as const)(
      'lets a %s rename their own token, with a token or a session',
      async (role) => {
        const fixture = await createUserWithToken(ctx.server, { role });
        expectTypename(
          expectData(await rename(fixture, { token: fixture.token })).renameApiToken,
          'RenameApiTokenSuccess',
        );
        expectTypename(
          expectData(await rename(fixture, await sessionOf(ctx.server, fixture.userId))).renameApiToken,
          'RenameApiTokenSuccess',
        );
      },
    );

    it('refuses a watch-only user: their token is refused (403), their session gets ForbiddenError', async () => {
      const fixture = await createUserWithToken(ctx.server, { role: 'WATCH_ONLY' });
      const byToken = await rename(fixture, { token: fixture.token });
      expect(byToken.status).toBe(403);
      expect(byToken.body.errors?.[0]?.extensions?.reason).toBe('watch_only');
      expectTypename(
        expectData(await rename(fixture, await sessionOf(ctx.server, fixture.userId))).renameApiToken,
        'ForbiddenError',
      );
      expect(await nameOf(fixture)).toBe('fixture token');
    });

    it('refuses a workspace on the Team plan with 403, token or session', async () => {
      const fixture = await createUserWithToken(ctx.server, { plan: 'TEAM' });
      for (const request of [{ token: fixture.token }, await sessionOf(ctx.server, fixture.userId)]) {
        const response = await rename(fixture, request);
        expect(response.status).toBe(403);
        expect(response.body.errors?.[0]?.message).toBe('API access requires the Enterprise plan.');
      }
      expect(await nameOf(fixture)).toBe('fixture token');
    });

    it('refuses a request without a credential with 401', async () => {
      const fixture = await createUserWithToken(ctx.server);
      const response = await rename(fixture, {});
      expect(response.status).toBe(401);
      expect(errorCode(response)).toBe('UNAUTHENTICATED');
      expect(await nameOf(fixture)).toBe('fixture token');
    });
  });

  it('serialises concurrent renames: each audit row names the name it replaced', async () => {
    const fixture = await createUserWithToken(ctx.server, { auditLogs: true });
    const names = ['one', 'two', 'three', 'four'];
    const results = await Promise.all(
      names.map((name) =>
        ctx.server.execute(RENAME, { token: fixture.token, variables: { input: { id: id(fixture), name } } }),
      ),
    );
    for (const response of results) expectTypename(expectData(response).renameApiToken, 'RenameApiTokenSuccess');
    const events = await audited(fixture.workspaceId);
    expect(events).toHaveLength(4);
    // A chain: each rename starts from the previous one's result, ending at the stored name.
    let current = 'fixture token';
    for (const event of events) {
      const match = /^Renamed from "(.*)" to "(.*)"$/.exec(event.details ?? '');
      expect(match?.[1]).toBe(current);
      current = match![2]!;
    }
    expect(await nameOf(fixture)).toBe(current);
  });

  it('the CLI renames any token as the operator (audited as the operator); a bad name or id changes nothing', async () => {
    const fixture = await createUserWithToken(ctx.server, { auditLogs: true });
    const services = commandServicesOf(ctx.server.started.app, ctx.server.started.db, 90);
    // By global ID or raw UUID, the name trimmed like the API's.
    expect(await execute('token.rename', { id: id(fixture), name: '  ci deploy ' }, services)).toEqual({
      id: id(fixture),
      name: 'ci deploy',
    });
    expect(await execute('token.rename', { id: fixture.tokenId, name: 'ci deploy (prod)' }, services)).toEqual({
      id: id(fixture),
      name: 'ci deploy (prod)',
    });
    expect((await audited(fixture.workspaceId)).map((e) => [e.details, e.actorEmail, e.userAgent])).toEqual([
      ['Renamed from "fixture token" to "ci deploy"', 'operator (cli)', 'api-tokens cli'],
      ['Renamed from "ci deploy" to "ci deploy (prod)"', 'operator (cli)', 'api-tokens cli'],
    ]);
    // The token still works: a rename touches neither its secret nor its scopes.
    expect(
      (
        await ctx.server.execute(RENAME, {
          token: fixture.token,
          variables: { input: { id: id(fixture), name: 'ci deploy (prod)' } },
        })
      ).status,
    ).toBe(200);

    await expect(execute('token.rename', { id: id(fixture), name: 'a\u202eb' }, services)).rejects.toMatchObject({
      field: 'name',
    });
    await expect(
      execute(
        'token.rename',
        { id: globalId('ApiToken', '0190a5b2-0000-7000-8000-000000000000'), name: 'x' },
        services,
      ),
    ).rejects.toThrow(/^No API token with id /);
    await expect(execute('token.rename', { id: 'garbage', name: 'x' }, services)).rejects.toMatchObject({
      field: 'id',
    });
    await expect(execute('token.rename', { id: id(fixture) }, services)).rejects.toThrow('name is required.');
    expect(await nameOf(fixture)).toBe('ci deploy (prod)');
    expect(await audited(fixture.workspaceId)).toHaveLength(2);
  });
});
