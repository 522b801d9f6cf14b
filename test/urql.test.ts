// Frontends as they set urql up: the default client (cacheExchange + fetchExchange,
// queries as GET) with a bearer token works with no CSRF ceremony, because a token
// the page chose to send cannot be forged cross-site. A request that carries the
// session cookie, which the browser attaches on its own, keeps every CSRF check.
import { cacheExchange, Client, fetchExchange } from '@urql/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiTokensDocument, CreateApiTokenDocument, RevokeApiTokenDocument, ViewerDocument } from '../sdk/src/index.js';
import { seedDemo } from '../server/src/admin/seed.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { createUserWithToken, startTestServer, type Fixture, type TestServer } from './support/server.js';

let database: TestDatabase;
let server: TestServer;
let fixture: Fixture;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db.prisma);
  server = await startTestServer(database, { env: { DEV_SIGN_IN: 'true', PUBLIC_URL: 'http://127.0.0.1' } });
  fixture = await createUserWithToken(server);
});
afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

/** urql's default client, exactly as its documentation sets one up, recording each request's method. */
function defaultClient(token: string, methods: string[]): Client {
  return new Client({
    url: `${server.url}/graphql`,
    exchanges: [cacheExchange, fetchExchange],
    fetchOptions: { headers: { authorization: `Bearer ${token}` } },
    fetch: async (input, init) => {
      methods.push(init?.method ?? 'GET');
      return fetch(input, init);
    },
  });
}

async function sessionCookie(): Promise<string> {
  const response = await fetch(`${server.url}/auth/dev/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-graphql-yoga-csrf': '1' },
    body: JSON.stringify({ email: 'admin@acme.test' }),
  });
  expect(response.status).toBe(200);
  return (response.headers.get('set-cookie') ?? '').split(';')[0]!;
}

const viewerGet = () => `${server.url}/graphql?query=${encodeURIComponent('query Viewer { viewer { email } }')}`;

describe("urql's default client with a bearer token", () => {
  it('lists (GET), creates and revokes', async () => {
    const methods: string[] = [];
    const urql = defaultClient(fixture.token, methods);

    const listed = await urql.query(ApiTokensDocument, { first: 10 }).toPromise();
    expect(listed.error).toBeUndefined();
    expect(listed.data!.apiTokens.edges.map((edge) => edge.node.name)).toEqual(['fixture token']);

    const created = await urql.mutation(CreateApiTokenDocument, { input: { name: 'from urql' } }).toPromise();
    expect(created.error).toBeUndefined();
    const success = created.data!.createApiToken;
    if (success.__typename !== 'CreateApiTokenSuccess') throw new Error(success.message);

    // The new token works in the same kind of client.
    const second = await defaultClient(success.token, methods).query(ViewerDocument, {}).toPromise();
    expect(second.data!.viewer.email).toBe(fixture.email);

    const revoked = await urql
      .mutation(RevokeApiTokenDocument, { input: { id: success.apiToken.id } }, { additionalTypenames: ['ApiToken'] })
      .toPromise();
    expect(revoked.data!.revokeApiToken.__typename).toBe('RevokeApiTokenSuccess');
    const after = await urql.query(ApiTokensDocument, { first: 10 }).toPromise();
    expect(after.data!.apiTokens.edges.map((edge) => edge.node.name)).toEqual(['fixture token']);

    // Queries went out as GET (the case CSRF prevention used to refuse), mutations as POST.
    expect(methods).toEqual(['GET', 'POST', 'GET', 'POST', 'GET']);
  });

  it('a plain GET with only the bearer token, no CSRF header', async () => {
    const response = await fetch(viewerGet(), {
      headers: { authorization: `Bearer ${fixture.token}`, accept: 'application/json' },
    });
    expect(response.status).toBe(200);
    expect((await response.json()).data.viewer.email).toBe(fixture.email);
  });

  it('a bearer request is still authenticated: a bad token is 401, not let through', async () => {
    const response = await fetch(viewerGet(), {
      headers: { authorization: 'Bearer pat_nope', accept: 'application/json' },
    });
    expect(response.status).toBe(401);
  });
});

describe('requests with the session cookie keep every CSRF check', () => {
  it('the same GET with only the cookie is refused', async () => {
    const cookie = await sessionCookie();
    const response = await fetch(viewerGet(), { headers: { cookie, accept: 'application/json' } });
    expect(response.status).toBe(403);
    // And it passes with the header, as the web page sends it.
    const withHeader = await fetch(viewerGet(), {
      headers: { cookie, accept: 'application/json', 'x-graphql-yoga-csrf': '1' },
    });
    expect(withHeader.status).toBe(200);
  });

  it('a cookie next to a bearer token does not buy the exemption', async () => {
    const cookie = await sessionCookie();
    const response = await fetch(viewerGet(), {
      headers: { cookie, authorization: `Bearer ${fixture.token}`, accept: 'application/json' },
    });
    expect(response.status).toBe(403);
    expect((await response.json()).errors[0].message).toMatch(/CSRF/);
  });

  it('a form post riding on the cookie is refused', async () => {
    const cookie = await sessionCookie();
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: `query=${encodeURIComponent('mutation { createApiToken(input: { name: "forged" }) { __typename } }')}`,
    });
    expect(response.status).toBe(403);
  });
});
