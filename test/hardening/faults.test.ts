// Faults against real PostgreSQL (its own database, whatever TEST_DB says): an
// outage through a TCP proxy the test cuts and restores, failing audit and
// last-used writes, and concurrent revokes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, executeOperation, expectData, globalId, type GraphQLResponse } from '../support/graphql.js';
import {
  CREATE_TOKEN,
  createToken,
  REVOKE_TOKEN,
  revokeToken,
  TOKEN_PAGE,
  VIEWER_EMAIL,
} from '../support/operations.js';
import { answerAfterChange } from '../support/other-instance.js';
import { spawnServer } from '../support/process.js';
import { createUserWithToken, startTestServer, type TestServer } from '../support/server.js';
import { createPostgresDatabase, startTcpProxy, type PostgresTestDatabase, type TcpProxy } from './postgres.js';
import { storedTokenCount } from '../support/token-count.js';

const viewer = (on: TestServer, token: string) => on.execute(VIEWER_EMAIL, { token });
// A read that reaches the database: `viewer` may be answered from the verified-token
// cache alone (it costs no query), so an outage and its end are observed with this.
const tokenPage = (on: TestServer, token: string) => on.execute(TOKEN_PAGE, { token, variables: { first: 1 } });
const create = (on: TestServer, token: string, name: string) =>
  on.execute(CREATE_TOKEN, { token, variables: { input: { name } } });
const revoke = (on: TestServer, token: string, id: string) => on.execute(REVOKE_TOKEN, { token, variables: { id } });

let proxy: TcpProxy;
let database: PostgresTestDatabase;
let server: TestServer;

beforeAll(async () => {
  proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
  database = await createPostgresDatabase({ viaPort: proxy.port, queryTimeoutMs: 1_000 });
  server = await startTestServer(database, { env: { REQUEST_TIMEOUT_MS: '4000' } });
});
afterAll(async () => {
  await server?.stop();
  await proxy?.close();
  await database?.drop();
});

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('condition not met in time');
}

describe('database outage', () => {
  it.each(['refuse', 'hang'] as const)(
    '%s: 503 with a clear message, readiness fails, then recovers by itself',
    async (mode) => {
      const fixture = await createUserWithToken(server);
      expect((await tokenPage(server, fixture.token)).status).toBe(200);

      proxy.set(mode);
      const { value: down, ms } = await timed(() => tokenPage(server, fixture.token));
      expect(down.status).toBe(503);
      expect(errorCode(down)).toBe('SERVICE_UNAVAILABLE');
      expect(down.body.errors?.[0]?.message).toMatch(/temporarily unavailable/);
      expect(down.headers.get('retry-after')).toBeTruthy();
      expect(down.text).not.toMatch(/ECONN|timeout exceeded|prisma|at .*\.ts/i);
      expect(ms).toBeLessThan(5_000); // no hung request
      // A token that must be looked up is not called unknown when the lookup fails: 503, as above
      // (the gate keeps the lookup's fault for Yoga to answer, auth/plugin.ts).
      const { generateToken } = await import('../../server/src/tokens/format.js');
      const unverified = await tokenPage(server, generateToken('pat'));
      expect(unverified.status).toBe(503);
      expect(errorCode(unverified)).toBe('SERVICE_UNAVAILABLE');
      expect(unverified.headers.get('retry-after')).toBeTruthy();
      // Mutations fail the same way, and change nothing.
      const created = await create(server, fixture.token, 'during outage');
      expect(created.status).toBe(503);
      expect(errorCode(created)).toBe('SERVICE_UNAVAILABLE');
      const revoked = await revoke(server, fixture.token, globalId('ApiToken', fixture.tokenId));
      expect(revoked.status).toBe(503);
      expect(errorCode(revoked)).toBe('SERVICE_UNAVAILABLE');
      expect(revoked.headers.get('retry-after')).toBeTruthy();
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(503);
      expect((await ready.json()).reason).toBe('database unreachable');
      // The process is still serving.
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

      proxy.set('up');
      await eventually(async () => (await tokenPage(server, fixture.token)).status === 200);
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      const tokens = await database.db.prisma.apiToken.count({ where: { ownerId: fixture.userId } });
      expect(tokens).toBe(1);
    },
  );
});

// With the production defaults (DB_QUERY_TIMEOUT_MS 5 s) a stalled connection
// makes Prisma give up on starting the transaction first (its maxWait, 2 s:
// P2028 "Unable to start a transaction in the given time"): still a 503.
describe('writes on stalled connections, production timeouts', () => {
  let slow: PostgresTestDatabase;
  let slowServer: TestServer;
  beforeAll(async () => {
    slow = await createPostgresDatabase({ viaPort: proxy.port, queryTimeoutMs: 5_000 });
    slowServer = await startTestServer(slow);
  });
  afterAll(async () => {
    proxy.set('up');
    await slowServer?.stop();
    await slow?.drop();
  });

  it('createApiToken and revokeApiToken answer 503 SERVICE_UNAVAILABLE with Retry-After, then work again', {
    timeout: 60_000,
  }, async () => {
    const fixture = await createUserWithToken(slowServer, { auditLogs: true });
    const victim = (await createToken(slowServer, fixture.token, 'victim')).id;
    expect((await viewer(slowServer, fixture.token)).status).toBe(200);
    const audit = await slow.db.prisma.auditEvent.count({ where: { workspaceId: fixture.workspaceId } });

    proxy.set('hang');
    try {
      const writes: (() => Promise<GraphQLResponse<unknown>>)[] = [
        () => create(slowServer, fixture.token, 'stalled'),
        () => revoke(slowServer, fixture.token, victim),
      ];
      for (const write of writes) {
        const { value: response, ms } = await timed(write);
        expect(response.status).toBe(503);
        expect(errorCode(response)).toBe('SERVICE_UNAVAILABLE');
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(response.text).not.toMatch(/transaction|prisma|P20\d\d/i);
        expect(ms).toBeLessThan(10_000);
      }
    } finally {
      proxy.set('up');
    }
    await eventually(async () => (await tokenPage(slowServer, fixture.token)).status === 200, 30_000);
    // Nothing the stalled writes attempted happened.
    const names = (await slow.db.prisma.apiToken.findMany({ where: { ownerId: fixture.userId } }))
      .map((t) => t.name)
      .sort();
    expect(names).toEqual(['fixture token', 'victim']);
    expect(await slow.db.prisma.auditEvent.count({ where: { workspaceId: fixture.workspaceId } })).toBe(audit);
    expect(await revokeToken(slowServer, fixture.token, victim)).toBe('RevokeApiTokenSuccess');
  });
});

describe('transactions', () => {
  it('an audit row that cannot be written undoes the create and the revoke', async () => {
    const admin = await createUserWithToken(server, { auditLogs: true });
    const prisma = database.db.prisma;
    const existing = await prisma.apiToken.findFirstOrThrow({ where: { ownerId: admin.userId } });
    await database.db.sql.exec(`
      CREATE FUNCTION fail_audit() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'audit storage is broken'; END $$ LANGUAGE plpgsql;
      CREATE TRIGGER fail_audit BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION fail_audit();`);
    try {
      const countBefore = await storedTokenCount(prisma, admin.userId);
      const auditBefore = await prisma.auditEvent.count({ where: { workspaceId: admin.workspaceId } });
      const created = await create(server, admin.token, 'never');
      expect(created.body.errors?.[0]?.message).toBe('Unexpected error.');
      expect(created.text).not.toContain('audit storage is broken');
      expect(await prisma.apiToken.count({ where: { ownerId: admin.userId } })).toBe(1);
      const revokeId = expectData(await server.execute(TOKEN_PAGE, { token: admin.token, variables: { first: 1 } }))
        .apiTokens.edges[0]!.node.id;
      const revoked = await revoke(server, admin.token, revokeId);
      expect(revoked.body.errors?.[0]?.message).toBe('Unexpected error.');
      expect(await prisma.apiToken.findUnique({ where: { id: existing.id } })).not.toBeNull();
      expect(await storedTokenCount(prisma, admin.userId)).toBe(countBefore);
      expect(await prisma.auditEvent.count({ where: { workspaceId: admin.workspaceId } })).toBe(auditBefore);
      expect((await viewer(server, admin.token)).status).toBe(200);
    } finally {
      await database.db.sql.exec('DROP TRIGGER fail_audit ON audit_events; DROP FUNCTION fail_audit();');
    }
  });

  it('failing to record lastUsedAt never fails the request', async () => {
    const fixture = await createUserWithToken(server);
    await database.db.sql.exec(`
      CREATE FUNCTION fail_last_used() RETURNS trigger AS $$ BEGIN
        IF NEW.last_used_at IS DISTINCT FROM OLD.last_used_at THEN RAISE EXCEPTION 'last used is broken'; END IF;
        RETURN NEW; END $$ LANGUAGE plpgsql;
      CREATE TRIGGER fail_last_used BEFORE UPDATE ON api_tokens FOR EACH ROW EXECUTE FUNCTION fail_last_used();`);
    try {
      for (let i = 0; i < 3; i += 1) {
        const response = await viewer(server, fixture.token);
        expect(expectData(response).viewer.email).toBe(fixture.email);
        await server.started.app.lastUsed.flush();
      }
      const row = await database.db.prisma.apiToken.findUniqueOrThrow({ where: { id: fixture.tokenId } });
      expect(row.lastUsedAt).toBeNull(); // the write was attempted and failed
    } finally {
      await database.db.sql.exec('DROP TRIGGER fail_last_used ON api_tokens; DROP FUNCTION fail_last_used();');
    }
  });
});

describe('races', () => {
  it('many concurrent revokes of one token: exactly one success, the rest not found, one audit row', async () => {
    const admin = await createUserWithToken(server, { auditLogs: true });
    const { id } = await createToken(server, admin.token, 'contended');
    const results = await Promise.all(Array.from({ length: 20 }, () => revoke(server, admin.token, id)));
    const kinds = results.map((r) => r.body.data?.revokeApiToken?.__typename);
    expect(kinds.filter((k) => k === 'RevokeApiTokenSuccess')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'NotFoundError')).toHaveLength(19);
    const events = await database.db.prisma.auditEvent.findMany({
      where: { workspaceId: admin.workspaceId, action: 'API_TOKEN_REVOKED' },
    });
    expect(events).toHaveLength(1);
    expect(await storedTokenCount(database.db.prisma, admin.userId)).toBe(1); // the fixture token is left
  });
});

describe('revocation across instances', () => {
  it('once revokeApiToken has returned, the revoking server refuses the token, and a second server process from the moment its listener has the notification', {
    timeout: 90_000,
  }, async () => {
    const child = await spawnServer({ DATABASE_URL: database.databaseUrl });
    try {
      const second = child.url;
      const call = async (url: string, token: string) => (await executeOperation(url, VIEWER_EMAIL, { token })).status;

      const admin = await createUserWithToken(server, { auditLogs: true });
      const { token, id: tokenId } = await createToken(server, admin.token, 'shared');
      expect(await call(second, token)).toBe(200);
      expect(await call(server.url, token)).toBe(200);

      // Keep both instances busy with the token while it is revoked.
      let stop = false;
      const hammer = (url: string) =>
        (async () => {
          while (!stop) await call(url, token);
        })();
      const load = [hammer(second), hammer(server.url), hammer(second)];
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await revokeToken(server, admin.token, tokenId)).toBe('RevokeApiTokenSuccess');
      // The revoking instance refuses on the very next request; the other process once
      // its listener has read the commit's notification (support/other-instance.ts).
      expect(await call(server.url, token)).toBe(401);
      expect(await answerAfterChange(() => call(second, token), 401)).toBe(401);
      const afterwards = await Promise.all(
        Array.from({ length: 20 }, (_, i) => call(i % 2 ? second : server.url, token)),
      );
      stop = true;
      await Promise.all(load);
      expect(new Set(afterwards)).toEqual(new Set([401]));
    } finally {
      child.child.kill('SIGTERM');
      await child.exited;
    }
  });
});
