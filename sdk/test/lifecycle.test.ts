// The integrator's whole story against the real server: create → list → use the
// new token from a second client → revoke → that client is refused, typed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, UnauthenticatedError } from '../src/index.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';
import { globalId } from './support/ids.js';
import { createUserWithToken, startTestServer, type TestServer } from '../../test/support/server.js';

let database: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startTestServer(database);
});
afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

describe('token lifecycle through the SDK', () => {
  it('creates, lists, authenticates with, revokes, then refuses a token', async () => {
    const fixture = await createUserWithToken(server);
    const admin = createClient({ url: `${server.url}/graphql`, token: fixture.token });

    const created = await admin.createApiToken({ name: 'CI deploys' });
    if (created.__typename !== 'CreateApiTokenSuccess') throw new Error(`expected success, got ${created.__typename}`);
    expect(created.token).toMatch(/^pat_[0-9A-Za-z]{38}$/);
    expect(created.httpHeader).toBe(`Authorization: Bearer ${created.token}`);
    expect(created.apiToken).toMatchObject({ name: 'CI deploys', lastUsedAt: null, expiresAt: null });

    const page = await admin.listApiTokens({ first: 10 });
    expect(page.totalCount).toBe(2);
    // Newest first: the new token, then the fixture's (relay global IDs).
    expect(page.nodes.map((token) => token.id)).toEqual([created.apiToken.id, globalId('ApiToken', fixture.tokenId)]);
    expect(page.nodes[0]).toEqual(created.apiToken);

    const second = createClient({ url: `${server.url}/graphql`, token: created.token });
    expect((await second.viewer()).email).toBe(fixture.email);

    const revoked = await admin.revokeApiToken(created.apiToken.id);
    expect(revoked).toEqual({ __typename: 'RevokeApiTokenSuccess', revokedApiTokenId: created.apiToken.id });
    expect((await admin.listApiTokens()).nodes.map((token) => token.id)).not.toContain(created.apiToken.id);

    const error = await second.viewer().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnauthenticatedError);
    expect(error).toMatchObject({
      kind: 'unauthenticated',
      code: 'UNAUTHENTICATED',
      status: 401,
      // A revoked token (still in the revoked history) says so in `reason`.
      reason: 'revoked',
      message: 'The API token is invalid or has been revoked.',
    });
  });
});
