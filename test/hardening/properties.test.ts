// Property-based tests (fast-check) over what clients control: token names, ids,
// cursors, paging arguments and Authorization headers. Whatever the input: never
// a 500, never an internal detail in the response, and a rejected request
// changes nothing.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../generated/gql.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import type { GraphQLResponse } from '../support/graphql.js';
import { revokeToken, VIEWER_EMAIL } from '../support/operations.js';
import { createUserWithToken, startTestServer, type Fixture, type TestServer } from '../support/server.js';
import { storedTokenCount } from '../support/token-count.js';

let database: TestDatabase;
let server: TestServer;
let fixture: Fixture;
const RUNS = { numRuns: 40 };

beforeAll(async () => {
  database = await createTestDatabase();
  // Properties send many bad credentials and requests on purpose: limits out of the way.
  server = await startTestServer(database, {
    env: { RATE_LIMIT_AUTH_FAILURES: '1000000', RATE_LIMIT_TOKEN_REQUESTS: '0' },
  });
  fixture = await createUserWithToken(server, { auditLogs: true });
});
afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

const INTERNAL =
  /prisma|postgres|pglite|SELECT |INSERT |DELETE |\bstack\b|\.ts:\d+|node_modules|ECONN|TypeError|ReferenceError|Invalid `|digest/i;

function expectSafe(response: GraphQLResponse<unknown>, input: unknown) {
  expect(response.status, JSON.stringify(input)).toBeLessThan(500);
  const errors = response.body.errors ?? [];
  for (const error of errors) {
    expect(error.message, JSON.stringify(input)).not.toMatch(INTERNAL);
    expect(error.message).not.toBe('Unexpected error.');
    expect(JSON.stringify(error.extensions ?? {})).not.toMatch(/stack|originalError/i);
  }
}

async function snapshot() {
  const prisma = database.db.prisma;
  const [tokens, events, count] = await Promise.all([
    prisma.apiToken.findMany({
      where: { ownerId: fixture.userId },
      select: { id: true, name: true },
      orderBy: { id: 'asc' },
    }),
    prisma.auditEvent.count({ where: { workspaceId: fixture.workspaceId } }),
    storedTokenCount(prisma, fixture.userId),
  ]);
  return { tokens, events, count };
}

const CREATE = graphql(`
  mutation PropertyCreate($input: CreateApiTokenInput!) {
    createApiToken(input: $input) {
      __typename
      ... on CreateApiTokenSuccess {
        apiToken {
          id
        }
      }
      ... on ValidationError {
        message
        field
      }
    }
  }
`);
const REVOKE = graphql(`
  mutation PropertyRevoke($id: ID!) {
    revokeApiToken(input: { id: $id }) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);
const PAGE = graphql(`
  query PropertyPage($first: Int, $last: Int, $after: String, $before: String) {
    apiTokens(first: $first, last: $last, after: $after, before: $before) {
      totalCount
      edges {
        cursor
        node {
          id
        }
      }
    }
  }
`);

describe('properties', () => {
  it('token names and expiries: created or a typed ValidationError, and a rejection creates nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 120 }),
          fc.string({ unit: 'grapheme', maxLength: 110 }),
          fc.constantFrom('', ' ', '\u0000', 'a'.repeat(101), '<script>', "'; DROP TABLE api_tokens; --"),
        ),
        fc.option(
          fc.oneof(
            fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
            fc.string({ maxLength: 30 }),
          ),
          { nil: undefined },
        ),
        async (name, expiresAt) => {
          const before = await snapshot();
          const input = { name, ...(expiresAt !== undefined && { expiresAt }) };
          const response = await server.execute(CREATE, { token: fixture.token, variables: { input } });
          expectSafe(response, input);
          const result = response.body.data?.createApiToken;
          const after = await snapshot();
          if (result?.__typename === 'CreateApiTokenSuccess') {
            expect(after.count).toBe(before.count + 1);
            // Keep the user's list small.
            expect(await revokeToken(server, fixture.token, result.apiToken.id)).toBe('RevokeApiTokenSuccess');
          } else {
            expect(after).toEqual(before);
          }
        },
      ),
      RUNS,
    );
  });

  it('ids: revoking an arbitrary id is NotFoundError or a bad-input error, never a change', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 80 }),
          fc.base64String({ maxLength: 80 }),
          fc.uuid().map((u) => Buffer.from(`ApiToken:${u}`).toString('base64')),
          fc.constantFrom(Buffer.from('ApiToken:').toString('base64'), Buffer.from('User:x').toString('base64')),
        ),
        async (id) => {
          const before = await snapshot();
          const response = await server.execute(REVOKE, { token: fixture.token, variables: { id } });
          expectSafe(response, id);
          const kind = response.body.data?.revokeApiToken?.__typename;
          if (kind !== undefined) expect(kind).toBe('NotFoundError');
          expect(await snapshot()).toEqual(before);
        },
      ),
      RUNS,
    );
  });

  it('cursors and paging arguments: a page or a BAD_USER_INPUT error, never a 500', async () => {
    const cursor = fc.option(fc.oneof(fc.string({ maxLength: 60 }), fc.base64String({ maxLength: 60 })), {
      nil: undefined,
    });
    const size = fc.option(fc.oneof(fc.integer({ min: -5, max: 120 }), fc.integer()), { nil: undefined });
    await fc.assert(
      fc.asyncProperty(size, size, cursor, cursor, async (first, last, after, before) => {
        const variables = { first, last, after, before };
        const response = await server.execute(PAGE, { token: fixture.token, variables });
        expectSafe(response, variables);
        if (response.body.errors) {
          expect(response.body.errors[0]?.extensions?.code, JSON.stringify({ variables, body: response.body })).toMatch(
            /BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/,
          );
        } else {
          expect(response.body.data?.apiTokens.edges.length).toBeLessThanOrEqual(100);
        }
      }),
      RUNS,
    );
  });

  it('Authorization header values: 401 or 403 with a Bearer challenge, never a 500 or a leak', async () => {
    const printable = fc.string({
      unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
      maxLength: 120,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          printable,
          printable.map((s) => `Bearer ${s}`),
          printable.map((s) => `Bearer pat_${s}`),
          fc.constantFrom('Bearer', 'bearer  ', `Bearer ${fixture.token}x`, `Bearer ${fixture.token.slice(0, -1)}`),
        ),
        async (header) => {
          const response = await server.execute(VIEWER_EMAIL, { headers: { authorization: header } });
          expectSafe(response, header);
          if (response.body.data?.viewer) return; // only if the header happened to be valid
          expect([401, 403]).toContain(response.status);
          expect(response.headers.get('www-authenticate') ?? '').toMatch(/^Bearer/);
          expect(response.text).not.toContain(fixture.token);
        },
      ),
      { numRuns: 80 },
    );
  });
});
