// The token API over HTTP: listing with cursor paging, creating, revoking and
// node lookups, on a real server and database.
import { beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './generated/gql.js';
import type { CreateApiTokenInput, TokenPageQuery } from './generated/graphql.js';
import { errorCode, expectData, expectTypename } from './support/graphql.js';
import { CREATE_TOKEN, REVOKE_TOKEN, TOKEN_PAGE, VIEWER_EMAIL } from './support/operations.js';
import { createUserWithToken, useTestServer, type Fixture } from './support/server.js';

const ctx = useTestServer();

const LIST_AND_VIEWER = graphql(`
  query ListAndViewer {
    apiTokens(first: 100) {
      edges {
        node {
          id
          name
          hint
        }
      }
    }
    viewer {
      email
    }
  }
`);
const TOKEN_NODE = graphql(`
  query TokenNode($id: ID!) {
    node(id: $id) {
      id
      ... on ApiToken {
        name
      }
    }
  }
`);
const TOKEN_COUNT = graphql(`
  query TokenCount($first: Int) {
    apiTokens(first: $first) {
      totalCount
    }
  }
`);

async function create(fixture: Fixture, input: CreateApiTokenInput) {
  return expectData(await ctx.server.execute(CREATE_TOKEN, { token: fixture.token, variables: { input } }))
    .createApiToken;
}

describe('createApiToken', () => {
  it('returns the plaintext once, with a ready header and cURL example', async () => {
    const fixture = await createUserWithToken(ctx.server);
    const result = await create(fixture, { name: '  CI deploys  ' });
    expectTypename(result, 'CreateApiTokenSuccess');
    expect(result.token).toMatch(/^pat_[0-9A-Za-z]{38}$/);
    expect(result.httpHeader).toBe(`Authorization: Bearer ${result.token}`);
    expect(result.curlExample).toContain('https://api.example.test/graphql');
    expect(result.curlExample).toContain(`Authorization: Bearer ${result.token}`);
    expect(result.apiToken).toMatchObject({ name: 'CI deploys', lastUsedAt: null, expiresAt: null });
    expect(result.apiToken.hint).toBe(`pat_…${result.token.slice(-4)}`);

    // The new token works, and nothing that lists tokens ever shows the value again.
    const listed = await ctx.server.execute(LIST_AND_VIEWER, { token: result.token });
    expect(listed.status).toBe(200);
    expect(listed.text).not.toContain(result.token);
    const node = await ctx.server.execute(TOKEN_NODE, { token: fixture.token, variables: { id: result.apiToken.id } });
    expect(expectData(node).node).toMatchObject({ name: 'CI deploys' });
    expect(node.text).not.toContain(result.token);

    // Only the digest is stored.
    const rows = await ctx.server.started.db.sql.query<{ digest: Uint8Array; name: string; hint: string }>(
      'SELECT digest, name, hint FROM api_tokens',
    );
    const everything = JSON.stringify(rows) + rows.map((r) => Buffer.from(r.digest).toString('utf8')).join('');
    expect(everything).not.toContain(result.token.slice(4, 30));
  });

  it.each([
    [{ name: '' }, 'name', /required/],
    [{ name: '   ' }, 'name', /required/],
    [{ name: 'x'.repeat(101) }, 'name', /at most 100/],
    [{ name: 'tab\there' }, 'name', /control characters/],
    [{ name: 'ok', expiresAt: '2001-01-01T00:00:00Z' }, 'expiresAt', /future/],
  ])('rejects %j with a typed validation error and creates nothing', async (input, field, message) => {
    const fixture = await createUserWithToken(ctx.server);
    const result = await create(fixture, input);
    expectTypename(result, 'ValidationError');
    expect(result.field).toBe(field);
    expect(result.message).toMatch(message);
    expect(await ctx.server.started.db.prisma.apiToken.count({ where: { ownerId: fixture.userId } })).toBe(1);
  });

  it('accepts a 100-character name and a future expiry', async () => {
    const fixture = await createUserWithToken(ctx.server);
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const result = await create(fixture, { name: 'é'.repeat(100), expiresAt });
    expectTypename(result, 'CreateApiTokenSuccess');
    expect(result.apiToken.expiresAt).toBe(expiresAt);
  });

  it('rejects an unparseable expiry as a GraphQL input error', async () => {
    const fixture = await createUserWithToken(ctx.server);
    const response = await ctx.server.execute(CREATE_TOKEN, {
      token: fixture.token,
      variables: { input: { name: 'x', expiresAt: 'tomorrow' } },
    });
    expect(response.body.errors?.[0]?.message).toMatch(/ISO 8601/);
    expect(await ctx.server.started.db.prisma.apiToken.count({ where: { ownerId: fixture.userId } })).toBe(1);
  });
});

describe('revokeApiToken', () => {
  it('deletes the token and the very next request with it gets 401', async () => {
    const fixture = await createUserWithToken(ctx.server);
    const created = await create(fixture, { name: 'short-lived' });
    expectTypename(created, 'CreateApiTokenSuccess');
    expect((await ctx.server.execute(VIEWER_EMAIL, { token: created.token })).status).toBe(200);
    const revoked = await ctx.server.execute(REVOKE_TOKEN, {
      token: fixture.token,
      variables: { id: created.apiToken.id },
    });
    expect(expectData(revoked).revokeApiToken).toEqual({
      __typename: 'RevokeApiTokenSuccess',
      revokedApiTokenId: created.apiToken.id,
    });
    const after = await ctx.server.execute(VIEWER_EMAIL, { token: created.token });
    expect(after.status).toBe(401);
    expect(errorCode(after)).toBe('UNAUTHENTICATED');
    expect(await ctx.server.started.db.prisma.apiToken.findUnique({ where: { id: fixture.tokenId } })).not.toBeNull();
  });

  it('lets a token revoke itself', async () => {
    const fixture = await createUserWithToken(ctx.server);
    const own = expectData(await ctx.server.execute(TOKEN_PAGE, { token: fixture.token, variables: { first: 1 } }));
    const id = own.apiTokens.edges[0]!.node.id;
    const revoked = await ctx.server.execute(REVOKE_TOKEN, { token: fixture.token, variables: { id } });
    expect(expectData(revoked).revokeApiToken.__typename).toBe('RevokeApiTokenSuccess');
    expect((await ctx.server.execute(VIEWER_EMAIL, { token: fixture.token })).status).toBe(401);
  });

  it("answers another user's token exactly like a missing one, and changes nothing", async () => {
    const owner = await createUserWithToken(ctx.server, { auditLogs: true });
    // A member: an admin of the workspace may revoke it (test/admin-revoke.test.ts).
    const stranger = await createUserWithToken(ctx.server, { workspaceId: owner.workspaceId, role: 'MEMBER' });
    const target = await create(owner, { name: 'not yours' });
    expectTypename(target, 'CreateApiTokenSuccess');
    const auditBefore = await ctx.server.started.db.prisma.auditEvent.count({
      where: { workspaceId: owner.workspaceId },
    });

    const revoke = (id: string) => ctx.server.execute(REVOKE_TOKEN, { token: stranger.token, variables: { id } });
    const foreign = await revoke(target.apiToken.id);
    const missing = await revoke(Buffer.from('ApiToken:01890000-0000-7000-8000-000000000000').toString('base64'));
    const garbage = await revoke('not-a-global-id');
    for (const response of [foreign, missing, garbage]) {
      expect(expectData(response).revokeApiToken).toEqual({
        __typename: 'NotFoundError',
        message: 'No API token with this id exists.',
      });
    }
    expect((await ctx.server.execute(VIEWER_EMAIL, { token: target.token })).status).toBe(200);
    expect(await ctx.server.started.db.prisma.auditEvent.count({ where: { workspaceId: owner.workspaceId } })).toBe(
      auditBefore,
    );
    const count = await ctx.server.execute(TOKEN_COUNT, { token: owner.token });
    expect(expectData(count).apiTokens.totalCount).toBe(2);
  });
});

describe('node(id)', () => {
  it("never reveals another user's token", async () => {
    const owner = await createUserWithToken(ctx.server);
    const stranger = await createUserWithToken(ctx.server);
    const target = await create(owner, { name: 'private' });
    expectTypename(target, 'CreateApiTokenSuccess');
    const node = (token: string) => ctx.server.execute(TOKEN_NODE, { token, variables: { id: target.apiToken.id } });
    expect(expectData(await node(owner.token)).node).toMatchObject({ name: 'private' });
    const response = await node(stranger.token);
    expect(expectData(response).node).toBeNull();
    expect(response.text).not.toContain('private');
  });
});

describe('apiTokens paging', () => {
  let fixture: Fixture;
  const names: string[] = [];

  beforeAll(async () => {
    fixture = await createUserWithToken(ctx.server);
    names.push('fixture token');
    for (let i = 0; i < 24; i += 1) {
      const result = await create(fixture, { name: `token ${String(i).padStart(2, '0')}` });
      expectTypename(result, 'CreateApiTokenSuccess');
      names.push(result.apiToken.name);
    }
  });

  it('pages forward across several pages, newest first, with no duplicate and no gap', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page: TokenPageQuery['apiTokens'] = expectData(
        await ctx.server.execute(TOKEN_PAGE, { token: fixture.token, variables: { first: 7, after } }),
      ).apiTokens;
      expect(page.totalCount).toBe(25);
      seen.push(...page.edges.map((edge) => edge.node.name));
      pages += 1;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(4);
    expect(seen).toEqual([...names].reverse());
  });

  it('pages backward from the end with no duplicate and no gap', async () => {
    const seen: string[] = [];
    let before: string | null = null;
    for (;;) {
      const page: TokenPageQuery['apiTokens'] = expectData(
        await ctx.server.execute(TOKEN_PAGE, { token: fixture.token, variables: { last: 6, before } }),
      ).apiTokens;
      seen.unshift(...page.edges.map((edge) => edge.node.name));
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor;
    }
    expect(seen).toEqual([...names].reverse());
  });

  it('an empty page past either end still says how many tokens there are', async () => {
    const ends = expectData(
      await ctx.server.execute(TOKEN_PAGE, { token: fixture.token, variables: { first: 25 } }),
    ).apiTokens;
    expect(ends.edges).toHaveLength(25);
    for (const variables of [
      { first: 7, after: ends.pageInfo.endCursor },
      { last: 7, before: ends.pageInfo.startCursor },
    ]) {
      const page = expectData(await ctx.server.execute(TOKEN_PAGE, { token: fixture.token, variables })).apiTokens;
      expect(page.edges).toHaveLength(0);
      expect(page.totalCount).toBe(25);
    }
  });

  it('defaults to 20 per page', async () => {
    const { apiTokens } = expectData(await ctx.server.execute(TOKEN_PAGE, { token: fixture.token }));
    expect(apiTokens.edges).toHaveLength(20);
    expect(apiTokens.pageInfo.hasNextPage).toBe(true);
  });

  it.each([
    [{ first: 0 }, /"first" must be between 1 and 100/],
    [{ first: 101 }, /"first" must be between 1 and 100/],
    [{ last: -1 }, /"last" must be (between 1 and 100|a non-negative integer)/],
    [{ first: 2, last: 2 }, /either "first" or "last"/],
  ])('rejects %j with a clear error', async (args, message) => {
    const response = await ctx.server.execute(TOKEN_PAGE, { token: fixture.token, variables: args });
    expect(response.body.errors?.[0]?.message).toMatch(message);
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    const countOnly = await ctx.server.execute(TOKEN_COUNT, { token: fixture.token, variables: { first: 500 } });
    expect(errorCode(countOnly)).toBe('BAD_USER_INPUT');
  });

  it('accepts the bounds 1 and 100', async () => {
    const page = async (first: number) =>
      expectData(await ctx.server.execute(TOKEN_PAGE, { token: fixture.token, variables: { first } })).apiTokens;
    expect((await page(1)).edges).toHaveLength(1);
    expect((await page(100)).edges).toHaveLength(25);
  });

  it('lists only the viewer’s own tokens', async () => {
    const other = await createUserWithToken(ctx.server);
    const { apiTokens } = expectData(
      await ctx.server.execute(TOKEN_PAGE, { token: other.token, variables: { first: 100 } }),
    );
    expect(apiTokens.edges.map((e) => e.node.name)).toEqual(['fixture token']);
    expect(apiTokens.totalCount).toBe(1);
  });
});
