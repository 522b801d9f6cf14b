// The token API over HTTP: listing with cursor paging, creating, revoking and
// node lookups, on a real server and database.
import { beforeAll, describe, expect, it } from 'vitest';
import type { GraphQLResponse } from './support/server.js';
import { createUserWithToken, useTestServer, type Fixture } from './support/server.js';


const ctx = useTestServer();

const CREATE = `mutation Create($input: CreateApiTokenInput!) {
  createApiToken(input: $input) {
    __typename
    ... on CreateApiTokenSuccess { token httpHeader curlExample apiToken { id name hint createdAt lastUsedAt expiresAt } }
    ... on Error { message }
    ... on ValidationError { field }
  }
}`;
const REVOKE = `mutation Revoke($id: ID!) {
  revokeApiToken(input: { id: $id }) {
    __typename
    ... on RevokeApiTokenSuccess { revokedApiTokenId }
    ... on Error { message }
  }
}`;
const PAGE = `query Page($first: Int, $after: String, $last: Int, $before: String) {
  apiTokens(first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id name } }
  }
}`;

interface TokenPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: { cursor: string; node: { id: string; name: string } }[];
}

async function create(fixture: Fixture, input: Record<string, unknown>) {
  const response = await ctx.server.gql(CREATE, { input }, fixture.token);
  expect(response.status).toBe(200);
  return response.body.data.createApiToken;
}

describe('createApiToken', () => {
  it('returns the plaintext once, with a ready header and cURL example', async () => {
    const fixture = await createUserWithToken(ctx.server);
    const result = await create(fixture, { name: '  CI deploys  ' });
    expect(result.__typename).toBe('CreateApiTokenSuccess');
    expect(result.token).toMatch(/^pat_[0-9A-Za-z]{38}$/);
    expect(result.httpHeader).toBe(`Authorization: Bearer ${result.token}`);
    expect(result.curlExample).toContain('https://api.example.test/graphql');
    expect(result.curlExample).toContain(`Authorization: Bearer ${result.token}`);
    expect(result.apiToken).toMatchObject({ name: 'CI deploys', lastUsedAt: null, expiresAt: null });
    expect(result.apiToken.hint).toBe(`pat_…${result.token.slice(-4)}`);

    // The new token works, and nothing that lists tokens ever shows the value again.
    const listed = await ctx.server.gql(`{ apiTokens(first: 100) { edges { node { id name hint } } } viewer { email } }`, {}, result.token);
    expect(listed.status).toBe(200);
    expect(listed.text).not.toContain(result.token);
    const node = await ctx.server.gql(`query($id: ID!) { node(id: $id) { id ... on ApiToken { name } } }`, { id: result.apiToken.id }, fixture.token);
    expect(node.body.data.node.name).toBe('CI deploys');
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
    expect(result).toMatchObject({ __typename: 'ValidationError', field });
    expect(result.message).toMatch(message);
    expect(await ctx.server.started.db.prisma.apiToken.count({ where: { ownerId: fixture.userId } })).toBe(1);
  });

  it('accepts a 100-character name and a future expiry', async () => {
    const fixture = await createUserWithToken(ctx.server);
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const result = await create(fixture, { name: 'é'.repeat(100), expiresAt });
    expect(result.__typename).toBe('CreateApiTokenSuccess');
    expect(result.apiToken.expiresAt).toBe(expiresAt);
  });

  it('rejects an unparseable expiry as a GraphQL input error', async () => {
    const fixture = await createUserWithToken(ctx.server);
    const response = await ctx.server.gql(CREATE, { input: { name: 'x', expiresAt: 'tomorrow' } }, fixture.token);
    expect(response.body.errors?.[0]?.message).toMatch(/ISO 8601/);
    expect(await ctx.server.started.db.prisma.apiToken.count({ where: { ownerId: fixture.userId } })).toBe(1);
  });
});

describe('revokeApiToken', () => {
  it('deletes the token and the very next request with it gets 401', async () => {
    const fixture = await createUserWithToken(ctx.server);
    const created = await create(fixture, { name: 'short-lived' });
    expect((await ctx.server.gql('{ viewer { email } }', {}, created.token)).status).toBe(200);
    const revoked = await ctx.server.gql(REVOKE, { id: created.apiToken.id }, fixture.token);
    expect(revoked.body.data.revokeApiToken).toEqual({ __typename: 'RevokeApiTokenSuccess', revokedApiTokenId: created.apiToken.id });
    const after = await ctx.server.gql('{ viewer { email } }', {}, created.token);
    expect(after.status).toBe(401);
    expect(after.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await ctx.server.started.db.prisma.apiToken.findUnique({ where: { id: fixture.tokenId } })).not.toBeNull();
  });

  it('lets a token revoke itself', async () => {
    const fixture = await createUserWithToken(ctx.server);
    const own = await ctx.server.gql('{ apiTokens(first: 1) { edges { node { id } } } }', {}, fixture.token);
    const id = own.body.data.apiTokens.edges[0].node.id;
    const revoked = await ctx.server.gql(REVOKE, { id }, fixture.token);
    expect(revoked.body.data.revokeApiToken.__typename).toBe('RevokeApiTokenSuccess');
    expect((await ctx.server.gql('{ viewer { email } }', {}, fixture.token)).status).toBe(401);
  });

  it("answers another user's token exactly like a missing one, and changes nothing", async () => {
    const owner = await createUserWithToken(ctx.server, { auditLogs: true });
    const stranger = await createUserWithToken(ctx.server, { workspaceId: owner.workspaceId });
    const target = await create(owner, { name: 'not yours' });
    const auditBefore = await ctx.server.started.db.prisma.auditEvent.count({ where: { workspaceId: owner.workspaceId } });

    const foreign = await ctx.server.gql(REVOKE, { id: target.apiToken.id }, stranger.token);
    const missingId = Buffer.from('ApiToken:01890000-0000-7000-8000-000000000000').toString('base64');
    const missing = await ctx.server.gql(REVOKE, { id: missingId }, stranger.token);
    const garbage = await ctx.server.gql(REVOKE, { id: 'not-a-global-id' }, stranger.token);
    for (const response of [foreign, missing, garbage]) {
      expect(response.body.data.revokeApiToken).toEqual({ __typename: 'NotFoundError', message: 'No API token with this id exists.' });
    }
    expect((await ctx.server.gql('{ viewer { email } }', {}, target.token)).status).toBe(200);
    expect(await ctx.server.started.db.prisma.auditEvent.count({ where: { workspaceId: owner.workspaceId } })).toBe(auditBefore);
    const count = await ctx.server.gql('{ apiTokens { totalCount } }', {}, owner.token);
    expect(count.body.data.apiTokens.totalCount).toBe(2);
  });
});

describe('node(id)', () => {
  it("never reveals another user's token", async () => {
    const owner = await createUserWithToken(ctx.server);
    const stranger = await createUserWithToken(ctx.server);
    const target = await create(owner, { name: 'private' });
    const query = `query($id: ID!) { node(id: $id) { id ... on ApiToken { name } } }`;
    expect((await ctx.server.gql(query, { id: target.apiToken.id }, owner.token)).body.data.node.name).toBe('private');
    const response = await ctx.server.gql(query, { id: target.apiToken.id }, stranger.token);
    expect(response.body.data.node).toBeNull();
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
      names.push(result.apiToken.name);
    }
  });

  it('pages forward across several pages, newest first, with no duplicate and no gap', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const response: GraphQLResponse<{ apiTokens: TokenPage }> = await ctx.server.gql(PAGE, { first: 7, after }, fixture.token);
      const page = response.body.data!.apiTokens;
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
      const response: GraphQLResponse<{ apiTokens: TokenPage }> = await ctx.server.gql(PAGE, { last: 6, before }, fixture.token);
      const page = response.body.data!.apiTokens;
      seen.unshift(...page.edges.map((edge) => edge.node.name));
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor;
    }
    expect(seen).toEqual([...names].reverse());
  });

  it('defaults to 20 per page', async () => {
    const response = await ctx.server.gql(PAGE, {}, fixture.token);
    expect(response.body.data.apiTokens.edges).toHaveLength(20);
    expect(response.body.data.apiTokens.pageInfo.hasNextPage).toBe(true);
  });

  it.each([
    [{ first: 0 }, /"first" must be between 1 and 100/],
    [{ first: 101 }, /"first" must be between 1 and 100/],
    [{ last: -1 }, /"last" must be (between 1 and 100|a non-negative integer)/],
    [{ first: 2, last: 2 }, /either "first" or "last"/],
  ])('rejects %j with a clear error', async (args, message) => {
    const response = await ctx.server.gql(PAGE, args, fixture.token);
    expect(response.body.errors?.[0]?.message).toMatch(message);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const countOnly = await ctx.server.gql('query($first: Int) { apiTokens(first: $first) { totalCount } }', { first: 500 }, fixture.token);
    expect(countOnly.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('accepts the bounds 1 and 100', async () => {
    expect((await ctx.server.gql(PAGE, { first: 1 }, fixture.token)).body.data.apiTokens.edges).toHaveLength(1);
    expect((await ctx.server.gql(PAGE, { first: 100 }, fixture.token)).body.data.apiTokens.edges).toHaveLength(25);
  });

  it('lists only the viewer’s own tokens', async () => {
    const other = await createUserWithToken(ctx.server);
    const response = await ctx.server.gql(PAGE, { first: 100 }, other.token);
    expect(response.body.data.apiTokens.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['fixture token']);
    expect(response.body.data.apiTokens.totalCount).toBe(1);
  });
});
