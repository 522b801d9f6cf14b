// An N+1 guard: the number of statements each SDK operation (and each node
// lookup) sends to the database on a warm server, written down here with what
// each statement is. Lists are measured with 1 and with 50 items in the answer,
// so a statement per row (per edge, per node, per id) changes the number and
// fails. A change that adds or removes a statement on purpose updates the number
// and its comment. Counted as /metrics counts (server/src/db/statement-count.ts):
// every driver call and Prisma statement, a transaction as BEGIN + COMMIT. Both
// databases send the same statements.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiTokensDocument,
  AuditEventsDocument,
  CreateApiTokenDocument,
  RevokeApiTokenDocument,
  RotateApiTokenDocument,
  ViewerDocument,
  WorkspaceApiTokensDocument,
} from '../sdk/src/generated/graphql.js';
import { graphql } from './generated/gql.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { expectData, globalId, type GraphQLResponse } from './support/graphql.js';
import { createToken, VIEWER_EMAIL } from './support/operations.js';
import { createUserWithToken, startTestServer, type Fixture, type TestServer } from './support/server.js';
import { logStatements, type StatementLog } from './support/statement-log.js';

const NODE = graphql(`
  query StatementsNode($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on ApiToken {
        name
        hint
        createdAt
        lastUsedAt
        expiresAt
      }
      ... on User {
        email
        role
        workspace {
          name
          plan
        }
      }
      ... on AuditEvent {
        action
        apiTokenName
      }
    }
  }
`);

const NODES = graphql(`
  query StatementsNodes($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      id
      ... on ApiToken {
        name
        hint
      }
    }
  }
`);

const OWNERS = graphql(`
  query StatementsOwners($first: Int) {
    apiTokens(first: $first) {
      edges {
        node {
          id
          owner {
            email
          }
        }
      }
    }
  }
`);

const MANY = 50;
let database: TestDatabase;
let log: StatementLog;
let server: TestServer;
/** One token, one audit event. */
let one: Fixture;
/** Two tokens: a page after the first cursor holds one. */
let two: Fixture;
/** Fifty tokens, fifty audit events. */
let many: Fixture;

beforeAll(async () => {
  database = await createTestDatabase({ countStatements: true });
  log = logStatements(database.db);
  // The longest heartbeat allowed (60 s): no listener traffic in the middle of a
  // measurement. Time stands still: a last use recorded by a warm-up stays recent
  // (no last-used write) however slow the machine.
  const now = new Date();
  // No webhook delivery here (its poll is a statement of its own, at any moment).
  server = await startTestServer(database, {
    env: { AUTH_CACHE_HEARTBEAT_MS: '60000', WEBHOOK_DELIVERY: 'false' },
    clock: () => new Date(now),
  });
  one = await createUserWithToken(server, { auditLogs: true });
  two = await createUserWithToken(server);
  many = await createUserWithToken(server, { auditLogs: true });
  await addTokens(two, 1);
  await addTokens(many, MANY - 1);
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

/** More tokens (and audit events) for `fixture`, through the service as the fixtures are. */
async function addTokens(fixture: Fixture, count: number): Promise<void> {
  const owner = await database.db.prisma.user.findUniqueOrThrow({
    where: { id: fixture.userId },
    include: { workspace: true },
  });
  const actor = {
    userId: owner.id,
    email: owner.email,
    role: owner.role,
    workspaceId: owner.workspaceId,
    auditLogsEnabled: owner.workspace.auditLogsEnabled,
  };
  for (let i = 0; i < count; i += 1)
    await server.started.app.tokens.create(actor, { name: `token ${i}` }, { ip: null, userAgent: 'test fixture' });
}

interface Measured<T> {
  statements: number;
  data: T;
  /** What was sent, one line per statement, for the failure message. */
  sent: string;
}

/** Statements sent while `run` runs and the off-response-path work it started (last-used writes) finishes. */
async function measure<T>(run: () => Promise<GraphQLResponse<T>>): Promise<Measured<T>> {
  const { app, db } = server.started;
  await app.lastUsed.flush();
  const before = db.statementCount!();
  const from = log.length;
  const response = await run();
  await app.lastUsed.flush();
  // Prisma reports a statement once it completes.
  await new Promise((resolve) => setImmediate(resolve));
  return {
    statements: db.statementCount!() - before,
    data: expectData(response),
    sent: ['sent:', ...log.since(from)].join('\n  '),
  };
}

/**
 * The second of two identical runs by `fixture`. The first warms the server: the
 * compiled query, and the token in the verified-token cache, which a revoke or a
 * create of the owner's empties again (its fence), hence a request in between.
 */
async function warm<T>(fixture: Fixture, run: () => Promise<GraphQLResponse<T>>): Promise<Measured<T>> {
  await measure(run);
  expectData(await server.execute(VIEWER_EMAIL, { token: fixture.token }));
  return measure(run);
}

/** `expected` statements for every case; all cases are measured and reported, a failure lists what was sent. */
async function expectStatements<T>(
  expected: number,
  cases: [label: string, fixture: Fixture, run: () => Promise<GraphQLResponse<T>>, check: (data: T) => void][],
): Promise<void> {
  for (const [label, fixture, run, check] of cases) {
    const { statements, data, sent } = await warm(fixture, run);
    check(data);
    expect.soft(statements, `${label}: ${sent}`).toBe(expected);
  }
}

describe('statements per operation on a warm server', () => {
  // No authentication statement anywhere: the token is answered from the
  // verified-token cache, and its last use was recorded by the warm-up run.

  it('Viewer: 0', async () => {
    // None: the user and its workspace are what authentication read (the principal,
    // from the verified-token cache here), graphql/types/viewer-rows.ts.
    const viewer = (fixture: Fixture) => () => server.execute(ViewerDocument, { token: fixture.token });
    await expectStatements(0, [
      ['owner of 1 token', one, viewer(one), (data) => expect(data.viewer.email).toBe(one.email)],
      [`owner of ${MANY} tokens`, many, viewer(many), (data) => expect(data.viewer.email).toBe(many.email)],
    ]);
  });

  describe('ApiTokens', () => {
    const page =
      (fixture: Fixture, variables: { first?: number; after?: string; last?: number; before?: string }) => () =>
        server.execute(ApiTokensDocument, { token: fixture.token, variables });
    const rows = (count: number) => (data: { apiTokens: { edges: readonly unknown[] } }) =>
      expect(data.apiTokens.edges).toHaveLength(count);
    /** The cursor of the owner's newest (`first`) or oldest (`last`) token. */
    const cursorOf = async (fixture: Fixture, end: 'first' | 'last') => {
      const { edges } = expectData(
        await server.execute(ApiTokensDocument, { token: fixture.token, variables: { [end]: 1 } }),
      ).apiTokens;
      return edges[0]!.cursor;
    };

    it('first page: 1, for 1 and for 50 rows', async () => {
      // 1: the keyset page (one row more than asked, for hasNextPage) as one row, with
      //    totalCount: read from the owner's row, kept by triggers, never counted
      await expectStatements(1, [
        ['1 row', one, page(one, { first: MANY }), rows(1)],
        [`${MANY} rows`, many, page(many, { first: MANY }), rows(MANY)],
      ]);
    });

    it('next page (first/after): 1, for 1 and for 49 rows', async () => {
      // 1: the keyset page after the cursor, with totalCount
      const [afterTwo, afterMany] = [await cursorOf(two, 'first'), await cursorOf(many, 'first')];
      await expectStatements(1, [
        ['1 row', two, page(two, { first: MANY, after: afterTwo }), rows(1)],
        [`${MANY - 1} rows`, many, page(many, { first: MANY, after: afterMany }), rows(MANY - 1)],
      ]);
    });

    it('backward (last/before): 1, for 1 and for 49 rows', async () => {
      // 1: the keyset page before the cursor, read in reverse, with totalCount
      const [beforeTwo, beforeMany] = [await cursorOf(two, 'last'), await cursorOf(many, 'last')];
      await expectStatements(1, [
        ['1 row', two, page(two, { last: MANY, before: beforeTwo }), rows(1)],
        [`${MANY - 1} rows`, many, page(many, { last: MANY, before: beforeMany }), rows(MANY - 1)],
      ]);
    });

    it('an empty page after a cursor: 1', async () => {
      // 1: the keyset page, empty, still with totalCount (the page is one row either way)
      const afterOne = await cursorOf(one, 'first');
      const beforeOne = await cursorOf(one, 'last');
      await expectStatements(1, [
        ['first/after', one, page(one, { first: MANY, after: afterOne }), rows(0)],
        ['last/before', one, page(one, { last: MANY, before: beforeOne }), rows(0)],
      ]);
    });
  });

  it('AuditEvents: 2, for 1 and for 50 events', async () => {
    // 1: the page of events (Prisma findMany)
    // 1: totalCount: a COUNT(*) over the workspace's events
    const events = (fixture: Fixture) => () =>
      server.execute(AuditEventsDocument, { token: fixture.token, variables: { first: MANY } });
    const count = (n: number) => (data: { auditEvents: { edges: readonly unknown[] } }) =>
      expect(data.auditEvents.edges).toHaveLength(n);
    await expectStatements(2, [
      ['1 event', one, events(one), count(1)],
      [`${MANY} events`, many, events(many), count(MANY)],
    ]);
  });

  it('CreateApiToken: 1, for an owner of 1 and of 50 tokens', async () => {
    // 1: one statement (tokens/create-statement.ts, issue 16), atomic by itself, no BEGIN/COMMIT:
    //    the workspace's policy FOR SHARE (issue 14: maxLifetimeDays checked under the lock, so
    //    no token outlives a limit set at the same moment; the same row decides whether the sealed
    //    value is kept), the token INSERT (its owner's count follows by trigger), the audit event
    //    (both fixtures' workspaces have audit logs on) and the webhook outbox (issue 15: event and
    //    deliveries, nothing when no endpoint wants `api_token.created`), as data-modifying CTEs.
    //    Was 6: BEGIN, policy, INSERT, audit, outbox, COMMIT.
    let n = 0;
    const create = (fixture: Fixture) => () =>
      server.execute(CreateApiTokenDocument, {
        token: fixture.token,
        variables: { input: { name: `created ${++n}` } },
      });
    const created = (data: { createApiToken: { __typename: string } }) =>
      expect(data.createApiToken.__typename).toBe('CreateApiTokenSuccess');
    await expectStatements(1, [
      ['owner of 1 token', one, create(one), created],
      [`owner of ${MANY} tokens`, many, create(many), created],
    ]);
  });

  it('RevokeApiToken: 1, for an owner of 1 and of 50 tokens', async () => {
    // 1: one statement (tokens/revoke-statement.ts, issue 16), atomic by itself, no BEGIN/COMMIT:
    //    the DELETE, only if the viewer owns it (RETURNING what the record, the audit row and the
    //    events name), the revoked-history record (issue 13: what the page shows of a revoked
    //    token, and the digest that counts uses after revocation), the end of an overlapping
    //    rotated-away secret, the audit event and the webhook outbox (issue 15), as data-modifying
    //    CTEs. Was 6: BEGIN, DELETE, record, audit, outbox, COMMIT.
    const revoke = async (fixture: Fixture) => {
      // Two of the owner's tokens: the warm-up revokes the first.
      const ids = [
        (await createToken(server, fixture.token, 'to revoke')).id,
        (await createToken(server, fixture.token, 'to revoke')).id,
      ];
      return () =>
        server.execute(RevokeApiTokenDocument, { token: fixture.token, variables: { input: { id: ids.shift()! } } });
    };
    const revoked = (data: { revokeApiToken: { __typename: string } }) =>
      expect(data.revokeApiToken.__typename).toBe('RevokeApiTokenSuccess');
    await expectStatements(1, [
      ['owner of 1 token', one, await revoke(one), revoked],
      [`owner of ${MANY} tokens`, many, await revoke(many), revoked],
    ]);
  });

  it('WorkspaceApiTokens: 2, for 1 and for 50 rows, owners included', async () => {
    // 1: the keyset page over the workspace's tokens (each row with its owner's role, for its status)
    // 1: totalCount: the sum of the owners' kept counters (no filter: nothing counted)
    // None for the owners: in these one-person workspaces each is the viewer, answered from the
    // principal (graphql/types/viewer-rows.ts); other members would be one query for every row
    // (ApiToken.owner: Prisma batches them).
    const inventory = (fixture: Fixture, first: number) => () =>
      server.execute(WorkspaceApiTokensDocument, { token: fixture.token, variables: { first } });
    const rows = (count: number) => (data: { workspaceApiTokens: { edges: readonly unknown[] } }) =>
      expect(data.workspaceApiTokens.edges).toHaveLength(count);
    await expectStatements(2, [
      ['1 row', one, inventory(one, 1), rows(1)],
      [`${MANY} rows`, many, inventory(many, MANY), rows(MANY)],
    ]);
  });

  it('RotateApiToken: 4, for an owner of 1 and of 50 tokens', async () => {
    // 2: BEGIN … COMMIT (tokens/rotate-statements.ts, issue 16; was 9)
    // 1: the token, only if the viewer owns it, FOR UPDATE (a second rotation waits, then sees
    //    this one), with what the rotation replaces (digest, hint, scopes, expiry, last rotation),
    //    and the workspace's policy FOR SHARE (issue 14: the new secret's expiry must be within
    //    maxLifetimeDays; the same row says whether the value is kept for re-viewing), in one SELECT
    // 1: every write, once the rules are checked on what was read, as one statement: the token's
    //    new secret (RETURNING the row the `apiToken` field shows), the old secret's revoked-history
    //    record (reason ROTATED), the end of an earlier secret still overlapping, the audit event,
    //    the expiry notices when the expiry changes, and the webhook outbox (`api_token.rotated`)
    const rotate = async (fixture: Fixture) => {
      // Two of the owner's tokens: the warm-up rotates the first.
      const ids = [
        (await createToken(server, fixture.token, 'to rotate')).id,
        (await createToken(server, fixture.token, 'to rotate')).id,
      ];
      return () =>
        server.execute(RotateApiTokenDocument, {
          token: fixture.token,
          variables: { input: { id: ids.shift()!, overlapSeconds: 60 } },
        });
    };
    const rotated = (data: { rotateApiToken: { __typename: string } }) =>
      expect(data.rotateApiToken.__typename).toBe('RotateApiTokenSuccess');
    await expectStatements(4, [
      ['owner of 1 token', one, await rotate(one), rotated],
      [`owner of ${MANY} tokens`, many, await rotate(many), rotated],
    ]);
  });

  it("ApiToken.owner in a list of the viewer's tokens: 1, for 1 and for 50 rows", async () => {
    // 1: the page (tokens/pages.ts)
    // None for the owners: each is the viewer, answered from the principal (graphql/types/viewer-rows.ts);
    // another owner's (workspaceApiTokens) would be one query for every row, Prisma batches them.
    const owners = (count: number) => () => server.execute(OWNERS, { token: many.token, variables: { first: count } });
    const rows = (count: number) => (data: { apiTokens: { edges: readonly unknown[] } }) =>
      expect(data.apiTokens.edges).toHaveLength(count);
    await expectStatements(1, [
      ['1 row', many, owners(1), rows(1)],
      [`${MANY} rows`, many, owners(MANY), rows(MANY)],
    ]);
  });

  it('node(id): 1 for a token and an audit event, none for the viewer', async () => {
    // 1: the object, only if the viewer may see it (owner or workspace in the WHERE clause)
    const event = await database.db.prisma.auditEvent.findFirstOrThrow({ where: { workspaceId: many.workspaceId } });
    const node = (id: string) => () => server.execute(NODE, { token: many.token, variables: { id } });
    const a = (typename: string) => (data: { node: { __typename: string } | null }) =>
      expect(data.node?.__typename).toBe(typename);
    await expectStatements(1, [
      ['ApiToken', many, node(globalId('ApiToken', many.tokenId)), a('ApiToken')],
      ['AuditEvent', many, node(globalId('AuditEvent', event.id)), a('AuditEvent')],
    ]);
    // None: the only user node(id) shows is the viewer, answered from the principal
    // (graphql/types/viewer-rows.ts), its workspace included.
    await expectStatements(0, [
      [
        'User',
        many,
        node(globalId('User', many.userId)),
        (data) =>
          expect(data.node).toMatchObject({ __typename: 'User', email: many.email, workspace: { plan: 'ENTERPRISE' } }),
      ],
    ]);
  });

  it('nodes(ids): 1 for 1 and for 50 token ids', async () => {
    // 1: every token id in one query, only the viewer's
    const tokens = await database.db.prisma.apiToken.findMany({
      where: { ownerId: many.userId },
      take: MANY,
      select: { id: true },
    });
    expect(tokens).toHaveLength(MANY);
    const nodes = (count: number) => () =>
      server.execute(NODES, {
        token: many.token,
        variables: { ids: tokens.slice(0, count).map((token) => globalId('ApiToken', token.id)) },
      });
    const found = (count: number) => (data: { nodes: readonly ({ __typename: string } | null)[] }) =>
      expect(data.nodes.filter((node) => node?.__typename === 'ApiToken')).toHaveLength(count);
    await expectStatements(1, [
      ['1 id', many, nodes(1), found(1)],
      [`${MANY} ids`, many, nodes(MANY), found(MANY)],
    ]);
  });
});
