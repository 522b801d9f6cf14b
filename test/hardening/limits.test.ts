// Document, body and transport limits: each at N (accepted) and N+1 (rejected
// with the right status and message), plus the production-only protections.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../generated/gql.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { expectData, expectTypename, type GraphQLResponse } from '../support/graphql.js';
import { CREATE_TOKEN } from '../support/operations.js';
import { createUserWithToken, startTestServer, type Fixture, type TestServer } from '../support/server.js';

let database: TestDatabase;
let server: TestServer; // defaults
let tight: TestServer; // small limits, to reach them with short documents
let production: TestServer;
let fixture: Fixture;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startTestServer(database);
  tight = await startTestServer(database, {
    env: {
      GRAPHQL_MAX_DEPTH: '3',
      GRAPHQL_MAX_COST: '20',
      GRAPHQL_MAX_DIRECTIVES: '3',
      GRAPHQL_MAX_ALIASES: '4',
      GRAPHQL_MAX_TOKENS: '40',
      MAX_BODY_BYTES: '2000',
    },
  });
  production = await startTestServer(database, { env: { NODE_ENV: 'production' } });
  fixture = await createUserWithToken(server);
});
afterAll(async () => {
  await Promise.all([server?.stop(), tight?.stop(), production?.stop()]);
  await database?.drop();
});

// Valid documents are typed; the limit probes below are generated text, sent raw.
const WORKSPACE_NAME = graphql(`
  query LimitsWorkspaceName {
    viewer {
      workspace {
        name
      }
    }
  }
`);

const PAGE_SIZE = graphql(`
  query LimitsPageSize($first: Int) {
    apiTokens(first: $first) {
      totalCount
    }
  }
`);

const TYPENAME = graphql(`
  query LimitsTypename {
    __typename
  }
`);

const typenames = (n: number) => `{ ${Array.from({ length: n }, () => '__typename').join(' ')} }`;
// __typename aliases are free (GraphQL Armor's allow-list): alias a real field.
const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: viewer { email }`).join(' ')} }`;
const directives = (n: number) => `{ ${Array.from({ length: n }, () => '__typename @include(if: true)').join(' ')} }`;

// Rejected documents are 400 for GraphQL-over-HTTP clients (and 200 + errors for legacy application/json).
const STRICT = { accept: 'application/graphql-response+json' };
function expectRejected(response: GraphQLResponse<unknown>, message: RegExp) {
  expect(response.status).toBe(400);
  expect(response.body.data).toBeUndefined();
  expect(response.body.errors?.[0]?.message).toMatch(message);
}

describe('GraphQL document limits', () => {
  it('depth: N accepted, N+1 rejected', async () => {
    const ok = await tight.execute(WORKSPACE_NAME, { token: fixture.token });
    expect(expectData(ok).viewer.workspace.name).toBeTruthy();
    expectRejected(
      await tight.rawGql('{ apiTokens(first: 1) { edges { node { id } } } }', {}, fixture.token, STRICT),
      /depth limit of 3 exceeded, found 4/,
    );
  });

  it('aliases: N accepted, N+1 rejected', async () => {
    expect((await tight.rawGql(aliases(4), {}, fixture.token)).status).toBe(200);
    expectRejected(await tight.rawGql(aliases(5), {}, fixture.token, STRICT), /Aliases limit of 4 exceeded/i);
  });

  it('directives: N accepted, N+1 rejected', async () => {
    expect((await tight.rawGql(directives(3), {}, fixture.token)).status).toBe(200);
    expectRejected(await tight.rawGql(directives(4), {}, fixture.token, STRICT), /Directives limit of 3 exceeded/i);
  });

  it('cost: N accepted, N+1 rejected', async () => {
    expect((await tight.rawGql(typenames(20), {}, fixture.token)).status).toBe(200);
    expectRejected(
      await tight.rawGql(typenames(21), {}, fixture.token, STRICT),
      /Cost limit of 20 exceeded, found 21/i,
    );
  });

  it('legacy application/json clients get 200 with errors and no data', async () => {
    const response = await tight.rawGql(typenames(21), {}, fixture.token, { accept: 'application/json' });
    expect(response.status).toBe(200);
    expect(response.body.data).toBeUndefined();
    expect(response.body.errors?.[0]?.message).toMatch(/Cost limit/);
  });

  it('tokens: N accepted, N+1 rejected (default 1,000)', async () => {
    // "{" + k × "__typename" + "}" is k + 2 tokens.
    expect((await server.rawGql(typenames(998), {}, fixture.token)).status).toBe(200);
    expectRejected(await server.rawGql(typenames(999), {}, fixture.token, STRICT), /Token limit of 1000 exceeded/);
  });

  it('a token the lookup refuses is answered before the document is read (no GraphQL work)', async () => {
    // Issue 16: an unknown token's 401 comes from the gate, as a malformed one's does; an
    // over-limit or unparseable document with it is never parsed, so it cannot decide the answer.
    const { generateToken } = await import('../../server/src/tokens/format.js');
    for (const document of [typenames(999), '{ broken']) {
      const response = await server.rawGql(document, {}, generateToken('pat'), STRICT);
      expect(response.status).toBe(401);
      expect(response.body.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'unknown' });
    }
    // With a known token, the same documents are refused by the limits and the parser.
    expectRejected(await server.rawGql(typenames(999), {}, fixture.token, STRICT), /Token limit/);
    expectRejected(await server.rawGql('{ broken', {}, fixture.token, STRICT), /Syntax Error/);
  });

  it('page size: 1 and 100 accepted, 0 and 101 rejected', async () => {
    for (const first of [1, 100]) {
      const response = await server.execute(PAGE_SIZE, { token: fixture.token, variables: { first } });
      expect(response.body.errors).toBeUndefined();
    }
    for (const first of [0, 101]) {
      const response = await server.execute(PAGE_SIZE, { token: fixture.token, variables: { first } });
      expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.body.data).toBeFalsy();
    }
  });
});

describe('HTTP limits', () => {
  const post = (target: TestServer, body: string, headers: Record<string, string> = {}) =>
    fetch(`${target.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${fixture.token}`, ...headers },
      body,
    });

  it('body: N bytes accepted, N+1 rejected with 413', async () => {
    const base = JSON.stringify({ query: '{ __typename }' });
    const exactly = (n: number) => `${base.slice(0, -1)}${' '.repeat(n - base.length)}}`;
    expect(exactly(2000)).toHaveLength(2000);
    const ok = await post(tight, exactly(2000));
    expect(ok.status).toBe(200);
    const tooBig = await post(tight, exactly(2001));
    expect(tooBig.status).toBe(413);
    expect((await tooBig.json()).errors[0].message).toMatch(/larger than the limit of 2000 bytes/);
  });

  it('batching is off', async () => {
    const response = await post(server, JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]));
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });

  it('mutations over GET are rejected with 405', async () => {
    const query = encodeURIComponent('mutation { revokeApiToken(input: { id: "x" }) { __typename } }');
    const response = await fetch(`${server.url}/graphql?query=${query}`, {
      headers: { authorization: `Bearer ${fixture.token}`, 'x-graphql-yoga-csrf': '1', accept: 'application/json' },
    });
    expect(response.status).toBe(405);
  });

  it('CSRF prevention: a simple (non-preflighted) request needs no CSRF header when a bearer token is its only credential', async () => {
    // Cookie requests keep the check: test/urql.test.ts.
    const form = await post(server, 'query={__typename}', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(200);
    const get = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { authorization: `Bearer ${fixture.token}`, accept: 'application/json' },
    });
    expect(get.status).toBe(200);
    const withHeader = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { authorization: `Bearer ${fixture.token}`, accept: 'application/json', 'x-graphql-yoga-csrf': '1' },
    });
    expect(withHeader.status).toBe(200);
  });
});

describe('headers', () => {
  it('security headers on every response, no-store on the one carrying a token', async () => {
    for (const path of ['/healthz', '/readyz', '/graphql']) {
      const response = await fetch(`${server.url}${path}`, { method: path === '/graphql' ? 'POST' : 'GET' });
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    }
    const created = await server.execute(CREATE_TOKEN, { token: fixture.token, variables: { input: { name: 'ci' } } });
    const result = expectData(created).createApiToken;
    expectTypename(result, 'CreateApiTokenSuccess');
    expect(result.token).toBeTruthy();
    expect(created.headers.get('cache-control')).toBe('no-store');
    expect(created.headers.get('strict-transport-security')).toMatch(/max-age=/); // PUBLIC_URL is https in tests
  });
});

describe('production mode', () => {
  let token: string;
  beforeAll(async () => {
    token = (await createUserWithToken(production)).token;
  });

  it('hides field suggestions', async () => {
    const response = await production.rawGql('{ viewr { email } }', {}, token, STRICT);
    expect(response.status).toBe(400);
    expect(response.text).not.toMatch(/Did you mean/);
    const dev = await server.rawGql('{ viewr { email } }', {}, fixture.token);
    expect(dev.text).toMatch(/Did you mean/);
  });

  it('disables introspection unless configured', async () => {
    const response = await production.rawGql('{ __schema { queryType { name } } }', {}, token, STRICT);
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.message).toBe('Introspection is disabled on this server.');
    expect((await production.execute(TYPENAME, { token })).status).toBe(200);
  });

  it('serves no GraphiQL', async () => {
    const response = await fetch(`${production.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.headers.get('content-type') ?? '').not.toContain('text/html');
  });
});
