// Every client method against the real server, including the business errors
// that come back as typed union members.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { gql } from '@urql/core';
import { describe, expect, it } from 'vitest';
import {
  createClient,
  GraphQLRequestError,
  SDK_USER_AGENT,
  SDK_VERSION,
  ViewerDocument,
  type ApiToken,
  type AuditEvent,
  type CreateApiTokenSuccess,
  type Page,
} from '../src/index.js';
import { globalId } from './support/ids.js';
import { createUserWithToken } from '../../test/support/server.js';
import { useLiveServer, userClient } from './support/setup.js';

const live = useLiveServer();

/** The first `count` items of an iterator (stopping it there). */
async function take<T>(source: AsyncIterable<T>, count: number): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) {
    out.push(item);
    if (out.length === count) break;
  }
  return out;
}

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
    expect(pages.map((page) => page.nodes.map((token) => token.name))).toEqual([
      ['d', 'c'],
      ['b', 'a'],
      ['fixture token'],
    ]);
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
    expect(error).toMatchObject({
      kind: 'graphql',
      code: 'BAD_USER_INPUT',
      message: '"first" must be between 1 and 100 (got 500).',
    });
  });
});

describe('tokens', () => {
  it('iterates over every token, newest first, a page at a time', async () => {
    const requested: string[] = [];
    const { client } = await userClient(live, {}, { onRequest: (event) => requested.push(event.operationName) });
    for (const name of ['a', 'b', 'c']) await createNamed(client, name);
    requested.length = 0;
    const names: string[] = [];
    for await (const token of client.tokens({ pageSize: 2 })) names.push(token.name);
    expect(names).toEqual(['c', 'b', 'a', 'fixture token']);
    expect(requested).toEqual(['ApiTokens', 'ApiTokens']);
    // Stopping early fetches no further pages.
    requested.length = 0;
    expect((await take(client.tokens({ pageSize: 1 }), 2)).map((token) => token.name)).toEqual(['c', 'b']);
    expect(requested).toEqual(['ApiTokens', 'ApiTokens']);
  });
});

describe('getApiToken', () => {
  it("returns one of the viewer's tokens, and null for what is not theirs or not there", async () => {
    const { fixture, client } = await userClient(live);
    const other = await userClient(live);
    const created = await createNamed(client, 'wanted');
    expect(await client.getApiToken(created.apiToken.id)).toEqual(created.apiToken);
    expect(await client.getApiToken(globalId('ApiToken', other.fixture.tokenId))).toBeNull();
    expect(await client.getApiToken(globalId('ApiToken', '00000000-0000-7000-8000-000000000000'))).toBeNull();
    // An ID of another type is not a token.
    expect(await client.getApiToken(globalId('User', fixture.userId))).toBeNull();
    await client.revokeApiToken(created.apiToken.id);
    expect(await client.getApiToken(created.apiToken.id)).toBeNull();
  });
});

describe('canary tokens and getCanaryTrips', () => {
  it('creates a canary that never authenticates, and lists its trips, newest first', async () => {
    const { client } = await userClient(live);
    const created = await client.createApiToken({ name: 'bait', canary: true });
    if (created.__typename !== 'CreateApiTokenSuccess') throw new Error(created.__typename);
    expect(created.apiToken).toMatchObject({ canary: true, canaryTripCount: 0 });
    const bait = createClient({ url: live.endpoint, token: created.token, userAgent: 'thief/1' });
    await expect(bait.viewer()).rejects.toMatchObject({ name: 'UnauthenticatedError', reason: 'unknown' });
    await live.server.started.app.canaryTrips.flush();
    const trips = await client.getCanaryTrips(created.apiToken.id, { first: 5 });
    expect(trips?.canaryTripCount).toBe(1);
    expect(trips?.trips).toEqual([
      expect.objectContaining({ userAgent: `thief/1 ${SDK_USER_AGENT}`, foundAtUrl: null }),
    ]);
    // An ordinary token has none; someone else's is not found.
    const own = await client.listApiTokens({ first: 5 });
    const ordinary = own.nodes.find((token) => !token.canary)!;
    expect(await client.getCanaryTrips(ordinary.id)).toEqual({ canaryTripCount: 0, trips: [] });
    const other = await userClient(live);
    expect(await other.client.getCanaryTrips(created.apiToken.id)).toBeNull();
  });
});

describe('webhook endpoints', () => {
  it('registers (the secret once), lists, changes, tests, shows deliveries and deletes; admins only', async () => {
    const { client } = await userClient(live, { role: 'ADMIN' });
    // A public address (nothing is sent to it here: no event it wants happens, and it is disabled before a test event).
    const created = await client.createWebhookEndpoint({
      url: 'https://140.82.112.3/hooks',
      events: ['TOKEN_POLICY_UPDATED'],
      description: 'audit sink',
    });
    if (created.__typename !== 'CreateWebhookEndpointSuccess') throw new Error(created.__typename);
    expect(created.secret).toMatch(/^whsec_/);
    const id = created.webhookEndpoint.id;
    expect(await client.listWebhookEndpoints()).toEqual([created.webhookEndpoint]);
    expect(JSON.stringify(await client.listWebhookEndpoints())).not.toContain(created.secret);

    const refused = await client.createWebhookEndpoint({ url: 'http://127.0.0.1/x', events: ['API_TOKEN_CREATED'] });
    expect(refused).toMatchObject({ __typename: 'ValidationError', field: 'url' });

    const disabled = await client.updateWebhookEndpoint({ id, enabled: false, events: ['API_TOKEN_LEAKED'] });
    expect(disabled).toMatchObject({
      __typename: 'UpdateWebhookEndpointSuccess',
      webhookEndpoint: { enabled: false, events: ['API_TOKEN_LEAKED'] },
    });
    expect(await client.sendTestWebhookEvent(id)).toMatchObject({ __typename: 'ValidationError' });
    expect(await client.listWebhookDeliveries(id)).toEqual([]);

    const member = await userClient(live, { role: 'MEMBER' });
    expect(
      await member.client.createWebhookEndpoint({ url: 'https://140.82.112.3/x', events: ['API_TOKEN_CREATED'] }),
    ).toMatchObject({
      __typename: 'ForbiddenError',
    });
    expect(await member.client.listWebhookDeliveries(id)).toBeNull();
    expect(await member.client.deleteWebhookEndpoint(id)).toMatchObject({ __typename: 'ForbiddenError' });

    expect(await client.deleteWebhookEndpoint(id)).toMatchObject({ __typename: 'DeleteWebhookEndpointSuccess' });
    expect(await client.listWebhookEndpoints()).toEqual([]);
    expect(await client.deleteWebhookEndpoint(id)).toMatchObject({ __typename: 'NotFoundError' });
  });
});

describe('request', () => {
  it('runs an operation of your own, typed by its document, with the client’s token', async () => {
    const { fixture, client } = await userClient(live);
    // What codegen would generate for an integrator's own operation (see the README's recipe).
    const TokenNames: TypedDocumentNode<
      { nodes: ({ __typename: 'ApiToken'; name: string } | { __typename: string } | null)[] },
      { ids: string[] }
    > = gql`
      query TokenNames($ids: [ID!]!) {
        nodes(ids: $ids) {
          __typename
          ... on ApiToken {
            name
          }
        }
      }
    `;
    const data = await client.request(TokenNames, { ids: [globalId('ApiToken', fixture.tokenId), 'nope'] });
    expect(data.nodes).toEqual([{ __typename: 'ApiToken', name: 'fixture token' }, null]);
    // The SDK's own documents work too; variables may be left out when none are required.
    expect((await client.request(ViewerDocument)).viewer.email).toBe(fixture.email);
  });

  it('runs mutations, and refuses subscriptions and documents with several operations', async () => {
    const { client } = await userClient(live);
    const Rename = gql<{ createApiToken: { __typename: string } }, { name: string }>`
      mutation Make($name: String!) {
        createApiToken(input: { name: $name }) {
          __typename
        }
      }
    `;
    expect((await client.request(Rename, { name: 'by request' })).createApiToken.__typename).toBe(
      'CreateApiTokenSuccess',
    );
    expect((await client.listApiTokens()).nodes.map((token) => token.name)).toContain('by request');
    await expect(client.request(gql`subscription S { viewer { id } }`)).rejects.toThrow(/not subscriptions/);
    await expect(client.request(gql`query A { viewer { id } } query B { viewer { id } }`)).rejects.toThrow(
      /exactly one operation/,
    );
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
    expect(result).toEqual({
      __typename: 'RevokeApiTokenSuccess',
      revokedApiTokenId: globalId('ApiToken', fixture.tokenId),
    });
    await expect(client.viewer()).rejects.toMatchObject({ kind: 'unauthenticated' });
  });
});

describe('auditEvents and allAuditEvents', () => {
  it('iterate over events and over pages, newest first', async () => {
    const { client } = await userClient(live, { role: 'ADMIN', auditLogs: true });
    const created = await createNamed(client, 'logged');
    await client.revokeApiToken(created.apiToken.id);
    const events: AuditEvent[] = [];
    for await (const event of client.auditEvents({ pageSize: 2 })) events.push(event);
    expect(events.map((event) => [event.action, event.apiTokenName])).toEqual([
      ['API_TOKEN_REVOKED', 'logged'],
      ['API_TOKEN_CREATED', 'logged'],
      ['API_TOKEN_CREATED', 'fixture token'],
    ]);
    const pages: Page<AuditEvent>[] = [];
    for await (const page of client.allAuditEvents({ pageSize: 2 })) pages.push(page);
    expect(pages.map((page) => page.nodes.length)).toEqual([2, 1]);
    expect(pages.flatMap((page) => page.nodes)).toEqual(events);
  });
});

describe('listAuditEvents', () => {
  it('pages through the workspace log for an admin, newest first', async () => {
    const { fixture, client } = await userClient(live, { role: 'ADMIN', auditLogs: true });
    const created = await createNamed(client, 'audited');
    await client.revokeApiToken(created.apiToken.id);

    const first = await client.listAuditEvents({ first: 1 });
    // The fixture's own token was created (and audited) first.
    expect(first.totalCount).toBe(3);
    expect(first.nodes[0]).toMatchObject({
      action: 'API_TOKEN_REVOKED',
      actorEmail: fixture.email,
      apiTokenId: created.apiToken.id,
      apiTokenName: 'audited',
    });
    const second = await client.listAuditEvents({ first: 1, after: first.pageInfo.endCursor });
    expect(second.nodes[0]).toMatchObject({ action: 'API_TOKEN_CREATED', apiTokenId: created.apiToken.id });
    const rest = await client.listAuditEvents({ first: 100, after: second.pageInfo.endCursor });
    expect(rest.nodes.map((event) => [event.action, event.apiTokenName])).toEqual([
      ['API_TOKEN_CREATED', 'fixture token'],
    ]);
    expect(rest.pageInfo.hasNextPage).toBe(false);
  });

  it('identifies itself in the User-Agent, after the application named with userAgent (the log shows it)', async () => {
    const { client } = await userClient(live, { auditLogs: true }, { userAgent: 'sdk-test/1.0' });
    await createNamed(client, 'with agent');
    const [event] = await take(client.auditEvents(), 1);
    expect(event?.userAgent).toBe(`sdk-test/1.0 @api-tokens/sdk/${SDK_VERSION}`);
    expect(SDK_USER_AGENT).toBe(`@api-tokens/sdk/${SDK_VERSION}`);
  });

  it('a User-Agent given in headers is a prefix too; without one the SDK names only itself', async () => {
    const { client } = await userClient(live, { auditLogs: true }, { headers: { 'User-Agent': 'legacy/2' } });
    await createNamed(client, 'with header');
    expect((await client.listAuditEvents({ first: 1 })).nodes[0]?.userAgent).toBe(`legacy/2 ${SDK_USER_AGENT}`);
    const { client: plain } = await userClient(live, { auditLogs: true });
    await createNamed(plain, 'plain');
    expect((await plain.listAuditEvents({ first: 1 })).nodes[0]?.userAgent).toBe(SDK_USER_AGENT);
  });
});

describe('issue 13: rename, search, revoked history, token policy', () => {
  it('renames a token (typed ValidationError for an invisible name) and finds it by name', async () => {
    const { client } = await userClient(live);
    const created = await createNamed(client, 'CI deploys');
    const renamed = await client.renameApiToken(created.apiToken.id, 'CI deploys (prod)');
    if (renamed.__typename !== 'RenameApiTokenSuccess') throw new Error(renamed.__typename);
    expect(renamed.apiToken).toMatchObject({ name: 'CI deploys (prod)', status: 'ACTIVE', revealable: false });
    const invisible = await client.renameApiToken(created.apiToken.id, '\u200b');
    expect(invisible).toMatchObject({ __typename: 'ValidationError', field: 'name' });
    const found = await client.listApiTokens({ first: 10, filter: { nameContains: 'PROD' } });
    expect(found.totalCount).toBe(1);
    expect(found.nodes.map((token) => token.id)).toEqual([created.apiToken.id]);
    expect((await client.getApiToken(created.apiToken.id))?.name).toBe('CI deploys (prod)');
  });

  it('lists revoked tokens with their use after revocation', async () => {
    const { client } = await userClient(live);
    const created = await createNamed(client, 'to revoke');
    await client.revokeApiToken(created.apiToken.id);
    const gone = await take(client.revokedApiTokens(), 10);
    expect(gone).toHaveLength(1);
    expect(gone[0]).toMatchObject({
      __typename: 'RevokedApiToken',
      name: 'to revoke',
      reason: 'OWNER',
      usedAfterRevocationCount: 0,
    });
    expect((await client.listRevokedApiTokens({ first: 1 })).totalCount).toBe(1);
  });

  it('changes the token policy as an admin, and explains a refusal as a typed error', async () => {
    const { client } = await userClient(live, { auditLogs: false });
    const result = await client.updateWorkspaceTokenPolicy({ tokensRevealable: true });
    expect(result).toMatchObject({ __typename: 'ValidationError', field: 'tokensRevealable' });
    const off = await client.updateWorkspaceTokenPolicy({ tokensRevealable: false });
    expect(off).toMatchObject({ __typename: 'UpdateWorkspaceTokenPolicySuccess', destroyedValues: 0 });
    expect((await client.viewer()).workspace.tokenPolicy).toEqual({
      __typename: 'WorkspaceTokenPolicy',
      tokensRevealable: false,
      revealSupported: false,
      maxLifetimeDays: null,
      inactivityRevokeDays: null,
    });
  });
});

describe('issue 14: the workspace inventory and its policies', () => {
  it('lists every token of the workspace with owners, filtered and paged, for an admin', async () => {
    const { fixture, client } = await userClient(live);
    const member = await createUserWithToken(live.server, { workspaceId: fixture.workspaceId, role: 'MEMBER' });
    const memberClient = createClient({ url: live.endpoint, token: member.token });
    await createNamed(memberClient, 'member deploy');
    const page = await client.listWorkspaceApiTokens({ first: 2 });
    expect(page.totalCount).toBe(3);
    expect(page.nodes.map((token) => [token.name, token.owner.email])).toEqual([
      ['member deploy', member.email],
      ['fixture token', member.email],
    ]);
    const all = await take(client.workspaceApiTokens({ nameContains: 'fixture' }, { pageSize: 1 }), 10);
    expect(all.map((token) => token.owner.email).sort()).toEqual([fixture.email, member.email].sort());
    // A member is refused: a typed GraphQL error with the server's code.
    await expect(memberClient.listWorkspaceApiTokens()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('sets and clears the day limits; a create beyond the limit is a ValidationError on expiresAt', async () => {
    const { client } = await userClient(live);
    const set = await client.updateWorkspaceTokenPolicy({ maxLifetimeDays: 30, inactivityRevokeDays: 90 });
    expect(set).toMatchObject({
      __typename: 'UpdateWorkspaceTokenPolicySuccess',
      tokenPolicy: { maxLifetimeDays: 30, inactivityRevokeDays: 90 },
    });
    const refused = await client.createApiToken({ name: 'forever' });
    expect(refused).toMatchObject({ __typename: 'ValidationError', field: 'expiresAt' });
    const ok = await client.createApiToken({ name: 'a week', expiresAt: new Date(Date.now() + 7 * 86_400_000) });
    expect(ok.__typename).toBe('CreateApiTokenSuccess');
    const cleared = await client.updateWorkspaceTokenPolicy({ maxLifetimeDays: null });
    expect(cleared).toMatchObject({ tokenPolicy: { maxLifetimeDays: null, inactivityRevokeDays: 90 } });
  });
});
