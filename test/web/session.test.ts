// The web page's session credential over plain HTTP (no browser): development
// sign-in, the cookie, CSRF rules, and the same role/plan rules as API tokens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../server/src/admin/seed.js';
import { ConfigError, loadConfig } from '../../server/src/config.js';
import { graphql } from '../generated/gql.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { expectData, expectTypename, type GraphQLResponse } from '../support/graphql.js';
import { CREATE_TOKEN, TOKEN_PAGE, VIEWER_ACCESS, VIEWER_EMAIL } from '../support/operations.js';
import { rawRequest } from '../support/raw-request.js';
import { startTestServer, type TestServer } from '../support/server.js';

let database: TestDatabase;
let server: TestServer;
const CSRF = { 'x-graphql-yoga-csrf': '1' };

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db.prisma);
  server = await startTestServer(database, { env: { DEV_SIGN_IN: 'true', PUBLIC_URL: 'http://127.0.0.1' } });
});
afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

async function signIn(email: string): Promise<{ cookie: string; setCookie: string }> {
  const response = await fetch(`${server.url}/auth/dev/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...CSRF },
    body: JSON.stringify({ email }),
  });
  expect(response.status).toBe(200);
  const setCookie = response.headers.get('set-cookie') ?? '';
  return { cookie: setCookie.split(';')[0]!, setCookie };
}

/** The page's requests: the session cookie and the CSRF header, plus `headers`. */
const asPage = (cookie: string, headers: Record<string, string> = {}) => ({ headers: { cookie, ...CSRF, ...headers } });
const viewer = (cookie: string, headers?: Record<string, string>) =>
  server.execute(VIEWER_ACCESS, asPage(cookie, headers));
const tokens = (cookie: string) => server.execute(TOKEN_PAGE, { ...asPage(cookie), variables: { first: 5 } });
const create = (name: string, request: { headers: Record<string, string> }) =>
  server.execute(CREATE_TOKEN, { ...request, variables: { input: { name } } });
const VIEWER_AND_TOKEN_COUNT = graphql(`
  query SessionViewerAndTokenCount {
    viewer {
      email
    }
    ...SessionTokenCount
  }
  fragment SessionTokenCount on Query {
    apiTokens {
      totalCount
    }
  }
`);

describe('development sign-in', () => {
  it('lists the users one may sign in as', async () => {
    const response = await fetch(`${server.url}/auth/dev/users`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { users: { email: string }[] };
    expect(body.users.map((u) => u.email)).toEqual(
      expect.arrayContaining(['admin@acme.test', 'member@acme.test', 'watcher@acme.test', 'dev@globex.test']),
    );
  });

  it('sets an HttpOnly, SameSite=Strict session cookie', async () => {
    const { setCookie } = await signIn('admin@acme.test');
    expect(setCookie).toMatch(/^api_tokens_session=[\w-]+\.[\w-]+\.[\w-]+;/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
  });

  it('refuses a sign-in without the CSRF header or from another site', async () => {
    const plain = await fetch(`${server.url}/auth/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@acme.test' }),
    });
    expect(plain.status).toBe(403);
    expect(plain.headers.get('set-cookie')).toBeNull();
    const foreign = await fetch(`${server.url}/auth/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example', ...CSRF },
      body: JSON.stringify({ email: 'admin@acme.test' }),
    });
    expect(foreign.status).toBe(403);
  });

  it('does not exist unless enabled', async () => {
    const other = await startTestServer(database);
    try {
      expect((await fetch(`${other.url}/auth/dev/users`)).status).toBe(404);
      const response = await fetch(`${other.url}/auth/dev/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...CSRF },
        body: JSON.stringify({ email: 'admin@acme.test' }),
      });
      expect(response.status).toBe(404);
    } finally {
      await other.stop();
    }
  });

  describe('answers only the developer’s own machine', () => {
    const port = () => Number(new URL(server.url).port);
    const signInRequest = (headers: Record<string, string>) =>
      rawRequest(`${server.url}/auth/dev/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...CSRF, ...headers },
        body: JSON.stringify({ email: 'admin@acme.test' }),
      });

    it('on loopback names with the server’s port', async () => {
      for (const host of [`localhost:${port()}`, `127.0.0.1:${port()}`, `[::1]:${port()}`]) {
        expect((await rawRequest(`${server.url}/auth/dev/users`, { headers: { host } })).status, host).toBe(200);
        const signedIn = await signInRequest({ host, origin: `http://${host}` });
        expect(signedIn.status, host).toBe(200);
        expect(String(signedIn.headers['set-cookie'])).toMatch(/^api_tokens_session=/);
      }
    });

    it('not to a rebinding name, another port or a proxied request: 404 and no session', async () => {
      const refused: Record<string, string>[] = [
        { host: `evil.example:${port()}`, origin: `http://evil.example:${port()}` },
        { host: `evil.example:${port()}` },
        { host: 'evil.example' },
        { host: `localhost:${port() + 1}` },
        { host: `127.0.0.1:${port()}`, 'x-forwarded-for': '203.0.113.9' },
        { host: `127.0.0.1:${port()}`, forwarded: 'for=203.0.113.9' },
      ];
      for (const headers of refused) {
        const users = await rawRequest(`${server.url}/auth/dev/users`, { headers });
        expect(users.status, JSON.stringify(headers)).toBe(404);
        expect(users.body).not.toContain('admin@acme.test');
        const signedIn = await signInRequest(headers);
        expect(signedIn.status, JSON.stringify(headers)).toBe(404);
        expect(signedIn.headers['set-cookie']).toBeUndefined();
      }
    });

    it('not when the server listens beyond loopback, whatever the Host says', async () => {
      const open = await startTestServer(database, {
        env: { DEV_SIGN_IN: 'true', HOST: '0.0.0.0', PUBLIC_URL: 'http://127.0.0.1' },
      });
      try {
        const url = `http://127.0.0.1:${open.started.http.port}`;
        const host = `localhost:${open.started.http.port}`;
        expect((await rawRequest(`${url}/auth/dev/users`, { headers: { host } })).status).toBe(404);
        const signedIn = await rawRequest(`${url}/auth/dev/sign-in`, {
          method: 'POST',
          headers: { host, 'content-type': 'application/json', ...CSRF },
          body: JSON.stringify({ email: 'admin@acme.test' }),
        });
        expect(signedIn.status).toBe(404);
        expect(signedIn.headers['set-cookie']).toBeUndefined();
        // Sign-out is no convenience: it still works.
        expect((await rawRequest(`${url}/auth/sign-out`, { method: 'POST', headers: { host, ...CSRF } })).status).toBe(
          204,
        );
      } finally {
        await open.stop();
      }
    });
  });

  it('cannot be enabled in production, where a missing SESSION_SECRET disables sessions', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DEV_SIGN_IN: 'true' })).toThrow(ConfigError);
    expect(loadConfig({ NODE_ENV: 'production' }).session).toMatchObject({ secret: undefined, devSignIn: false });
    expect(loadConfig({ NODE_ENV: 'development' }).session).toMatchObject({ secretGenerated: true, devSignIn: true });
    expect(loadConfig({ NODE_ENV: 'development', DATABASE_URL: 'postgres://x/y' }).session.devSignIn).toBe(false);
    expect(() => loadConfig({ SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET/);
  });
});

describe('session requests', () => {
  it('authenticate the viewer, and can create a token that then works as a bearer token', async () => {
    const { cookie } = await signIn('admin@acme.test');
    const response = await viewer(cookie);
    expect(expectData(response).viewer).toMatchObject({ email: 'admin@acme.test', role: 'ADMIN' });
    const created = expectData(await create('from the page', asPage(cookie))).createApiToken;
    expectTypename(created, 'CreateApiTokenSuccess');
    const bearer = await server.execute(VIEWER_EMAIL, { token: created.token });
    expect(expectData(bearer).viewer.email).toBe('admin@acme.test');
    const listed = expectData(await tokens(cookie));
    expect(listed.apiTokens.edges.map((e) => e.node.name)).toContain('from the page');
  });

  it('need the CSRF header and a same-site origin', async () => {
    const { cookie } = await signIn('admin@acme.test');
    const noHeader = await create('csrf', { headers: { cookie } });
    expect(noHeader.status).toBe(403);
    expect(noHeader.body.errors?.[0]?.extensions?.reason).toBe('csrf');
    const crossSite = await create('csrf', asPage(cookie, { 'sec-fetch-site': 'same-site' }));
    expect(crossSite.status).toBe(403);
    const foreign = await create('csrf', asPage(cookie, { origin: 'https://evil.example' }));
    expect(foreign.status).toBe(403);
  });

  it('reject a forged or tampered cookie with 401', async () => {
    const { cookie } = await signIn('admin@acme.test');
    const [name, jwt] = cookie.split('=') as [string, string];
    const [header, payload, signature] = jwt.split('.') as [string, string, string];
    const tampered = `${name}=${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const bad of [tampered, `${name}=garbage`]) {
      const response = await viewer(bad);
      expect(response.status).toBe(401);
      expect(response.body.errors?.[0]?.extensions?.reason).toBe('session_invalid');
    }
  });

  it('ignore the cookie when an Authorization header is present (API-token rules apply)', async () => {
    const { cookie } = await signIn('admin@acme.test');
    const response = await viewer(cookie, { authorization: 'Bearer nope' });
    expect(response.status).toBe(401);
    expect(response.body.errors?.[0]?.extensions?.reason).toBe('malformed_token');
  });

  it('let a watch-only user look but not create', async () => {
    const { cookie } = await signIn('watcher@acme.test');
    expect(expectData(await viewer(cookie)).viewer.role).toBe('WATCH_ONLY');
    const listed = await tokens(cookie);
    expect(listed.status).toBe(200);
    expect(expectData(listed).apiTokens.totalCount).toBe(0);
    const created = await create('nope', asPage(cookie));
    expect(expectData(created).createApiToken).toEqual({
      __typename: 'ForbiddenError',
      message: 'Watch-only users cannot create API tokens.',
    });
  });

  it('let a non-Enterprise workspace load the viewer and its own (suspended) tokens, and not create', async () => {
    const { cookie } = await signIn('dev@globex.test');
    expect(expectData(await viewer(cookie)).viewer.workspace.plan).toBe('TEAM');
    // Issue 13: the page shows suspended tokens with the reason (and lets their owner revoke them).
    expect(expectData(await tokens(cookie)).apiTokens.totalCount).toBe(0);
    expect(expectData(await server.execute(VIEWER_AND_TOKEN_COUNT, asPage(cookie))).viewer.email).toBe(
      'dev@globex.test',
    );
    const requests: (() => Promise<GraphQLResponse<unknown>>)[] = [() => create('x', asPage(cookie))];
    for (const request of requests) {
      const response = await request();
      expect(response.status).toBe(403);
      expect(response.body.errors?.[0]?.message).toBe('API access requires the Enterprise plan.');
    }
  });

  it('end with sign-out, which clears the cookie', async () => {
    const response = await fetch(`${server.url}/auth/sign-out`, { method: 'POST', headers: CSRF });
    expect(response.status).toBe(204);
    expect(response.headers.get('set-cookie')).toMatch(/^api_tokens_session=;.*Max-Age=0/);
  });
});
