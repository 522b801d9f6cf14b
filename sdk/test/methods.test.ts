// Every client method against the real server, including the business errors
// that come back as typed union members.
import { describe, expect, it } from 'vitest';
import { createClient, GraphQLRequestError, type ApiToken, type CreateApiTokenSuccess, type Page } from '../src/index.js';
import { globalId } from './support/ids.js';
import { useLiveServer, userClient } from './support/setup.js';

const live = useLiveServer();

async function createNamed(client: ReturnType<typeof createClient>, name: string): Promise<CreateApiTokenSuccess> {
  const result = await client.createApiToken({ name });
  if (result.__typename !== 'CreateApiTokenSuccess') throw new Error(`${result.__typename}: ${result.message}`);
  return result;
}

describe('viewer', () => {
  it('returns the token owner and their workspace', async () => {
    const { fixture, client } = await userClient(live, { role: 'MEMBER', auditLogs: true });
    const viewer = await client.viewer();
    expect(viewer).toMatchObject({ id: globalId('User', fixture.userId), email: fixture.email, role: 'MEMBER' });
    expect(viewer.workspace).toMatchObject({ plan: 'ENTERPRISE', auditLogsEnabled: true });
    expect(Date.parse(viewer.createdAt)).not.toBeNaN();
  });
});

describe('listApiTokens and allApiTokens', () => {
  it('pages forward and backward with cursors, newest first', async () => {
    const { client } = await userClient(live);
    for (const name of ['one', 'two', 'three', 'four']) await createNamed(client, name);
    const names = ['four', 'three', 'two', 'one', 'fixture token'];

    const first = await client.listApiTokens({ first: 2 });
    expect(first.totalCount).toBe(5);
    expect(first.nodes.map((token) => token.name)).toEqual(names.slice(0, 2));
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(first.edges.map((edge) => edge.node)).toEqual(first.nodes);

    const second = await client.listApiTokens({ first: 2, after: first.pageInfo.endCursor });
    expect(second.nodes.map((token) => token.name)).toEqual(names.slice(2, 4));

    const back = await client.listApiTokens({ last: 2, before: second.pageInfo.startCursor });
    expect(back.nodes.map((token) => token.name)).toEqual(names.slice(0, 2));

    expect((await client.listApiTokens()).nodes.map((token) => token.name)).toEqual(names);
  });

  it('iterates over every page lazily', async () => {
    const { client } = await userClient(live);
    for (const name of ['a', 'b', 'c', 'd']) await createNamed(client, name);
    const pages: Page<ApiToken>[] = [];
    for await (const page of client.allApiTokens({ pageSize: 2 })) pages.push(page);
    expect(pages.map((page) => page.nodes.map((token) => token.name))).toEqual([['d', 'c'], ['b', 'a'], ['fixture token']]);
    expect(pages.every((page) => page.totalCount === 5)).toBe(true);

    // Stopping early fetches no further pages.
    for await (const page of client.allApiTokens({ pageSize: 1 })) {
      expect(page.nodes).toHaveLength(1);
      break;
    }
  });

  it('rejects a page size out of range with a typed GraphQL error', async () => {
    const { client } = await userClient(live);
    const error = await client.listApiTokens({ first: 500 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GraphQLRequestError);
    expect(error).toMatchObject({ kind: 'graphql', code: 'BAD_USER_INPUT', message: '"first" must be between 1 and 100 (got 500).' });
  });
});

describe('createApiToken', () => {
  it('accepts an expiry as a Date or an ISO string', async () => {
    const { client } = await userClient(live);
    const expiry = new Date(Date.now() + 86_400_000);
    const fromDate = await client.createApiToken({ name: 'dated', expiresAt: expiry });
    const fromString = await client.createApiToken({ name: 'stringly', expiresAt: expiry.toISOString() });
    for (const result of [fromDate, fromString]) {
      expect(result.__typename).toBe('CreateApiTokenSuccess');
      if (result.__typename === 'CreateApiTokenSuccess') expect(result.apiToken.expiresAt).toBe(expiry.toISOString());
    }
  });

  it('returns a ValidationError naming the field, never throws', async () => {
    const { client } = await userClient(live);
    const blank = await client.createApiToken({ name: '   ' });
    expect(blank).toMatchObject({ __typename: 'ValidationError', field: 'name' });
    const past = await client.createApiToken({ name: 'late', expiresAt: new Date(Date.now() - 60_000) });
    expect(past).toMatchObject({ __typename: 'ValidationError', field: 'expiresAt' });
    if (past.__typename === 'ValidationError') expect(past.message).toMatch(/future/i);
  });
});

describe('revokeApiToken', () => {
  it('returns NotFoundError for an unknown ID and for another user’s token', async () => {
    const { client } = await userClient(live);
    const other = await userClient(live);
    const unknown = await client.revokeApiToken(globalId('ApiToken', '00000000-0000-7000-8000-000000000000'));
    expect(unknown).toMatchObject({ __typename: 'NotFoundError' });
    const foreign = await client.revokeApiToken(globalId('ApiToken', other.fixture.tokenId));
    expect(foreign).toMatchObject({ __typename: 'NotFoundError' });
    // The other user's token still works.
    expect((await other.client.viewer()).email).toBe(other.fixture.email);
  });

  it('can revoke the token making the request', async () => {
    const { fixture, client } = await userClient(live);
    const result = await client.revokeApiToken(globalId('ApiToken', fixture.tokenId));
    expect(result).toEqual({ __typename: 'RevokeApiTokenSuccess', revokedApiTokenId: globalId('ApiToken', fixture.tokenId) });
    await expect(client.viewer()).rejects.toMatchObject({ kind: 'unauthenticated' });
  });
});

describe('auditEvents', () => {
  it('pages through the workspace log for an admin, newest first', async () => {
    const { fixture, client } = await userClient(live, { role: 'ADMIN', auditLogs: true });
    const created = await createNamed(client, 'audited');
    await client.revokeApiToken(created.apiToken.id);

    const first = await client.auditEvents({ first: 1 });
    // The fixture's own token was created (and audited) first.
    expect(first.totalCount).toBe(3);
    expect(first.nodes[0]).toMatchObject({
      action: 'API_TOKEN_REVOKED',
      actorEmail: fixture.email,
      apiTokenId: created.apiToken.id,
      apiTokenName: 'audited',
    });
    const second = await client.auditEvents({ first: 1, after: first.pageInfo.endCursor });
    expect(second.nodes[0]).toMatchObject({ action: 'API_TOKEN_CREATED', apiTokenId: created.apiToken.id });
    const rest = await client.auditEvents({ first: 100, after: second.pageInfo.endCursor });
    expect(rest.nodes.map((event) => [event.action, event.apiTokenName])).toEqual([['API_TOKEN_CREATED', 'fixture token']]);
    expect(rest.pageInfo.hasNextPage).toBe(false);
  });

  it('sends the configured headers (the log records the User-Agent)', async () => {
    const { client } = await userClient(live, { auditLogs: true }, { headers: { 'user-agent': 'sdk-test/1.0' } });
    await createNamed(client, 'with agent');
    expect((await client.auditEvents()).nodes[0]?.userAgent).toBe('sdk-test/1.0');
  });
});
