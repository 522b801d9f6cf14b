// A write that cannot get a database connection or start its transaction in
// time answers 503 SERVICE_UNAVAILABLE with Retry-After, like a read, changes
// nothing, and is not swallowed by the mutation's typed-error union. The test
// holds every connection the server's database has (PostgreSQL: every pooled
// client, idle in a transaction; PGlite: its one connection), so the token is
// still verified (from the verification cache) but the write cannot start.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/src/db/database.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { errorCode, type GraphQLResponse } from '../support/graphql.js';
import { CREATE_TOKEN, createToken, REVOKE_TOKEN, VIEWER_EMAIL } from '../support/operations.js';
import { createUserWithToken, startTestServer, type Fixture, type TestServer } from '../support/server.js';
import { storedTokenCount } from '../support/token-count.js';

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

/**
 * Opens transactions that do nothing until released, until one of them has to
 * wait for a connection: then every connection is held.
 */
async function holdEveryConnection(db: Database): Promise<() => Promise<void>> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const holders: Promise<unknown>[] = [];
  for (let i = 0; i < 100; i += 1) {
    let acquired!: () => void;
    const started = new Promise<boolean>((resolve) => (acquired = () => resolve(true)));
    holders.push(
      db.sql.transaction(async () => {
        acquired();
        await released;
      }),
    );
    const gotOne = await Promise.race([
      started,
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 500)),
    ]);
    if (!gotOne) break;
  }
  return async () => {
    release();
    await Promise.all(holders);
  };
}

function expectUnavailable(response: GraphQLResponse<{ createApiToken?: unknown; revokeApiToken?: unknown }>) {
  expect(response.status).toBe(503);
  expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
  expect(errorCode(response)).toBe('SERVICE_UNAVAILABLE');
  expect(response.body.errors?.[0]?.message).toMatch(/temporarily unavailable/);
  expect(response.body.data?.createApiToken ?? response.body.data?.revokeApiToken ?? null).toBeNull();
  expect(response.text).not.toMatch(/transaction|prisma|P20\d\d|timeout/i);
}

describe('writes when no connection or transaction can be had in time', () => {
  let fixture: Fixture;
  let victimId: string;
  beforeAll(async () => {
    fixture = await createUserWithToken(server, { auditLogs: true });
    victimId = (await createToken(server, fixture.token, 'to revoke')).id;
    // Verified once, so the next requests authenticate from the cache.
    expect((await server.execute(VIEWER_EMAIL, { token: fixture.token })).status).toBe(200);
  });

  const writes: [
    string,
    () => Promise<
      GraphQLResponse<{ createApiToken?: { __typename: string }; revokeApiToken?: { __typename: string } }>
    >,
  ][] = [
    [
      'createApiToken',
      () => server.execute(CREATE_TOKEN, { token: fixture.token, variables: { input: { name: 'during the stall' } } }),
    ],
    ['revokeApiToken', () => server.execute(REVOKE_TOKEN, { token: fixture.token, variables: { id: victimId } })],
  ];
  it.each(writes)('%s answers 503 with Retry-After and changes nothing', { timeout: 60_000 }, async (_label, send) => {
    const prisma = database.db.prisma;
    const before = {
      tokens: await prisma.apiToken.findMany({ where: { ownerId: fixture.userId }, select: { id: true } }),
      count: await storedTokenCount(prisma, fixture.userId),
      audit: await prisma.auditEvent.count({ where: { workspaceId: fixture.workspaceId } }),
    };
    const release = await holdEveryConnection(database.db);
    let response: Awaited<ReturnType<typeof send>>;
    const started = performance.now();
    try {
      response = await send();
    } finally {
      await release();
    }
    expect(performance.now() - started).toBeLessThan(10_000);
    expectUnavailable(response);
    // Nothing changed, and the same write works once connections are free again.
    expect(await prisma.apiToken.findMany({ where: { ownerId: fixture.userId }, select: { id: true } })).toEqual(
      before.tokens,
    );
    expect(await storedTokenCount(prisma, fixture.userId)).toBe(before.count);
    expect(await prisma.auditEvent.count({ where: { workspaceId: fixture.workspaceId } })).toBe(before.audit);
    const again = await send();
    expect(again.status).toBe(200);
    expect(again.body.data).toMatchObject({
      [_label]: { __typename: _label === 'createApiToken' ? 'CreateApiTokenSuccess' : 'RevokeApiTokenSuccess' },
    });
  });
});
