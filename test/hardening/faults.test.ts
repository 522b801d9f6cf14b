// Faults against real PostgreSQL (its own database, whatever TEST_DB says): an
// outage through a TCP proxy the test cuts and restores, failing audit and
// last-used writes, and concurrent revokes.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserWithToken, startTestServer, type TestServer } from '../support/server.js';
import { createPostgresDatabase, startTcpProxy, type PostgresTestDatabase, type TcpProxy } from './postgres.js';

const VIEWER = '{ viewer { email } }';
const CREATE = `mutation($name: String!) { createApiToken(input: { name: $name }) { __typename ... on CreateApiTokenSuccess { token apiToken { id } } } }`;
const REVOKE = `mutation($id: ID!) { revokeApiToken(input: { id: $id }) { __typename } }`;

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
  it.each(['refuse', 'hang'] as const)('%s: 503 with a clear message, readiness fails, then recovers by itself', async (mode) => {
    const fixture = await createUserWithToken(server);
    expect((await server.gql(VIEWER, {}, fixture.token)).status).toBe(200);

    proxy.set(mode);
    const { value: down, ms } = await timed(() => server.gql(VIEWER, {}, fixture.token));
    expect(down.status).toBe(503);
    expect(down.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(down.body.errors?.[0]?.message).toMatch(/temporarily unavailable/);
    expect(down.headers.get('retry-after')).toBeTruthy();
    expect(down.text).not.toMatch(/ECONN|timeout exceeded|prisma|at .*\.ts/i);
    expect(ms).toBeLessThan(5_000); // no hung request
    // Mutations fail the same way, and change nothing.
    const create = await server.gql(CREATE, { name: 'during outage' }, fixture.token);
    expect(create.status).toBe(503);
    expect(create.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    const revoke = await server.gql(REVOKE, { id: Buffer.from(`ApiToken:${fixture.tokenId}`).toString('base64') }, fixture.token);
    expect(revoke.status).toBe(503);
    expect(revoke.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(revoke.headers.get('retry-after')).toBeTruthy();
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect((await ready.json()).reason).toBe('database unreachable');
    // The process is still serving.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    proxy.set('up');
    await eventually(async () => (await server.gql(VIEWER, {}, fixture.token)).status === 200);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    const tokens = await database.db.prisma.apiToken.count({ where: { ownerId: fixture.userId } });
    expect(tokens).toBe(1);
  });
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

  it('createApiToken and revokeApiToken answer 503 SERVICE_UNAVAILABLE with Retry-After, then work again', { timeout: 60_000 }, async () => {
    const fixture = await createUserWithToken(slowServer, { auditLogs: true });
    const victim = (await slowServer.gql(CREATE, { name: 'victim' }, fixture.token)).body.data.createApiToken.apiToken.id;
    expect((await slowServer.gql(VIEWER, {}, fixture.token)).status).toBe(200);
    const audit = await slow.db.prisma.auditEvent.count({ where: { workspaceId: fixture.workspaceId } });

    proxy.set('hang');
    try {
      for (const [query, variables] of [[CREATE, { name: 'stalled' }], [REVOKE, { id: victim }]] as const) {
        const { value: response, ms } = await timed(() => slowServer.gql(query, variables, fixture.token));
        expect(response.status).toBe(503);
        expect(response.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(response.text).not.toMatch(/transaction|prisma|P20\d\d/i);
        expect(ms).toBeLessThan(10_000);
      }
    } finally {
      proxy.set('up');
    }
    await eventually(async () => (await slowServer.gql(VIEWER, {}, fixture.token)).status === 200, 30_000);
    // Nothing the stalled writes attempted happened.
    const names = (await slow.db.prisma.apiToken.findMany({ where: { ownerId: fixture.userId } })).map((t) => t.name).sort();
    expect(names).toEqual(['fixture token', 'victim']);
    expect(await slow.db.prisma.auditEvent.count({ where: { workspaceId: fixture.workspaceId } })).toBe(audit);
    const revoked = await slowServer.gql(REVOKE, { id: victim }, fixture.token);
    expect(revoked.body.data.revokeApiToken.__typename).toBe('RevokeApiTokenSuccess');
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
      const userBefore = await prisma.user.findUniqueOrThrow({ where: { id: admin.userId } });
      const auditBefore = await prisma.auditEvent.count({ where: { workspaceId: admin.workspaceId } });
      const created = await server.gql(CREATE, { name: 'never' }, admin.token);
      expect(created.body.errors?.[0]?.message).toBe('Unexpected error.');
      expect(created.text).not.toContain('audit storage is broken');
      expect(await prisma.apiToken.count({ where: { ownerId: admin.userId } })).toBe(1);
      const revokeId = (await server.gql('{ apiTokens(first: 1) { edges { node { id } } } }', {}, admin.token)).body.data.apiTokens.edges[0].node.id;
      const revoked = await server.gql(REVOKE, { id: revokeId }, admin.token);
      expect(revoked.body.errors?.[0]?.message).toBe('Unexpected error.');
      expect(await prisma.apiToken.findUnique({ where: { id: existing.id } })).not.toBeNull();
      expect((await prisma.user.findUniqueOrThrow({ where: { id: admin.userId } })).apiTokenCount).toBe(userBefore.apiTokenCount);
      expect(await prisma.auditEvent.count({ where: { workspaceId: admin.workspaceId } })).toBe(auditBefore);
      expect((await server.gql(VIEWER, {}, admin.token)).status).toBe(200);
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
        const response = await server.gql(VIEWER, {}, fixture.token);
        expect(response.status).toBe(200);
        expect(response.body.data.viewer.email).toBe(fixture.email);
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
    const created = await server.gql(CREATE, { name: 'contended' }, admin.token);
    const { id } = created.body.data.createApiToken.apiToken;
    const results = await Promise.all(Array.from({ length: 20 }, () => server.gql(REVOKE, { id }, admin.token)));
    const kinds = results.map((r) => r.body.data?.revokeApiToken?.__typename);
    expect(kinds.filter((k) => k === 'RevokeApiTokenSuccess')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'NotFoundError')).toHaveLength(19);
    const events = await database.db.prisma.auditEvent.findMany({ where: { workspaceId: admin.workspaceId, action: 'API_TOKEN_REVOKED' } });
    expect(events).toHaveLength(1);
    const user = await database.db.prisma.user.findUniqueOrThrow({ where: { id: admin.userId } });
    expect(user.apiTokenCount).toBe(1); // the fixture token is left
  });
});

describe('revocation across instances', () => {
  it('once revokeApiToken has returned, no request with the token succeeds on a second server process', { timeout: 90_000 }, async () => {
    const child = spawn(process.execPath, [path.resolve('server/bin/api-tokens.js'), 'serve'], {
      env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info', PORT: '0', DATABASE_URL: database.databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    try {
      await eventually(async () => /"url":"http/.test(output), 60_000);
      const second = /"url":"(http:\/\/[^"]+)"/.exec(output)![1]!;
      const call = (url: string, token: string) =>
        fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: VIEWER }),
        }).then((r) => r.status);

      const admin = await createUserWithToken(server, { auditLogs: true });
      const created = await server.gql(CREATE, { name: 'shared' }, admin.token);
      const { token, apiToken } = created.body.data.createApiToken;
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
      const revoked = await server.gql(REVOKE, { id: apiToken.id }, admin.token);
      expect(revoked.body.data.revokeApiToken.__typename).toBe('RevokeApiTokenSuccess');
      const afterwards = await Promise.all(Array.from({ length: 20 }, (_, i) => call(i % 2 ? second : server.url, token)));
      stop = true;
      await Promise.all(load);
      expect(new Set(afterwards)).toEqual(new Set([401]));
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });
});
