// Observability: one structured log line per request (request id, operation,
// status, duration, user and token ids), Prometheus metrics, and the plaintext
// token found nowhere — logs, database, audit table, other responses — but the
// response that created it.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/src/logger.js';
import { graphql } from '../generated/gql.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { expectData, expectTypename } from '../support/graphql.js';
import { CREATE_TOKEN, REVOKE_TOKEN, VIEWER_EMAIL } from '../support/operations.js';
import { createUserWithToken, startTestServer, type TestServer } from '../support/server.js';

let database: TestDatabase;
let server: TestServer;
let protectedServer: TestServer;
let production: TestServer;
const lines: string[] = [];
const METRICS_TOKEN = 'metrics-secret-0123456789';

beforeAll(async () => {
  database = await createTestDatabase();
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  server = await startTestServer(database, {
    env: { RATE_LIMIT_TOKEN_REQUESTS: '50' },
    logger: createLogger('trace', sink),
  });
  protectedServer = await startTestServer(database, { env: { METRICS_TOKEN } });
  production = await startTestServer(database, { env: { NODE_ENV: 'production' } });
});
afterAll(async () => {
  await Promise.all([server?.stop(), protectedServer?.stop(), production?.stop()]);
  await database?.drop();
});

/** The operation the logs and metrics are checked for, by name. */
const OBSERVED = graphql(`
  query ObservedViewer {
    viewer {
      email
    }
  }
`);

const USE_TOKEN = graphql(`
  query ObservedUse {
    viewer {
      email
    }
    apiTokens(first: 5) {
      edges {
        node {
          id
          name
          hint
          lastUsedAt
        }
      }
    }
  }
`);

const TYPENAME = graphql(`
  query ObservedTypename {
    __typename
  }
`);

const parsed = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('request logs', () => {
  it('one JSON line per request with request id, operation, status, duration, user and token ids', async () => {
    const fixture = await createUserWithToken(server);
    const response = await server.execute(OBSERVED, {
      token: fixture.token,
      headers: { 'x-request-id': 'req-abc-123' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('req-abc-123');
    const line = parsed().find((l) => l.requestId === 'req-abc-123');
    expect(line).toMatchObject({
      msg: 'request',
      method: 'POST',
      path: '/graphql',
      operation: 'ObservedViewer',
      status: 200,
      userId: fixture.userId,
      tokenId: fixture.tokenId,
    });
    expect(typeof line!.durationMs).toBe('number');
    expect(line!.level).toBe(30);

    const failed = await server.execute(VIEWER_EMAIL, { headers: { authorization: 'Bearer nope' } });
    const id = failed.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(parsed().find((l) => l.requestId === id)).toMatchObject({ status: 401, authFailure: 'malformed_token' });
  });

  it('a full create / use / revoke cycle leaves the plaintext only in the create response', async () => {
    const admin = await createUserWithToken(server, { auditLogs: true });
    const responses: string[] = [];
    const created = await server.execute(CREATE_TOKEN, {
      token: admin.token,
      variables: { input: { name: 'secret hunt' } },
    });
    const result = expectData(created).createApiToken;
    expectTypename(result, 'CreateApiTokenSuccess');
    const { token, apiToken } = result;
    expect(created.text).toContain(token);
    for (let i = 0; i < 3; i += 1) responses.push((await server.execute(USE_TOKEN, { token })).text);
    responses.push((await server.execute(VIEWER_EMAIL, { token: `${token.slice(0, -1)}x` })).text); // a near miss
    const revoked = await server.execute(REVOKE_TOKEN, { token: admin.token, variables: { id: apiToken.id } });
    expect(expectData(revoked).revokeApiToken.__typename).toBe('RevokeApiTokenSuccess');
    responses.push(revoked.text, (await server.execute(VIEWER_EMAIL, { token })).text);
    await server.started.app.lastUsed.flush();

    const { createDigester } = await import('../../server/src/tokens/digest.js');
    const digest = createDigester(undefined)(token);
    const secret = token.split('_')[1]!;
    for (const text of [...responses, ...lines]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(digest);
    }
    // Every row of every table, as text.
    const tables = await database.db.sql.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
    );
    for (const { tablename } of tables) {
      const rows = await database.db.sql.query(`SELECT row_to_json(t)::text AS row FROM "${tablename}" t`);
      for (const row of rows) expect(String(row.row)).not.toContain(secret);
    }
    const audit = await database.db.prisma.auditEvent.findMany({ where: { workspaceId: admin.workspaceId } });
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['API_TOKEN_CREATED', 'API_TOKEN_REVOKED']));
    expect(JSON.stringify(audit)).not.toContain(secret);
  });
});

describe('metrics', () => {
  it('counts requests by operation and status, auth failures by reason, and rate-limit rejections', async () => {
    const fixture = await createUserWithToken(server);
    await server.execute(OBSERVED, { token: fixture.token });
    await server.execute(VIEWER_EMAIL, { headers: { authorization: 'Basic x' } });
    const limited = await startTestServer(database, { env: { RATE_LIMIT_TOKEN_REQUESTS: '1' } });
    try {
      const other = await createUserWithToken(limited);
      await limited.execute(TYPENAME, { token: other.token });
      expect((await limited.execute(TYPENAME, { token: other.token })).status).toBe(429);
      const text = await (await fetch(`${limited.url}/metrics`)).text();
      expect(text).toMatch(/rate_limit_rejections_total\{limiter="token_requests"\} 1/);
    } finally {
      await limited.stop();
    }
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/graphql_requests_total\{operation="ObservedViewer",status="200"\} \d+/);
    expect(text).toMatch(/graphql_request_duration_seconds_bucket\{le="[\d.]+",operation="ObservedViewer"\}/);
    expect(text).toMatch(/auth_failures_total\{reason="malformed_header"\} \d+/);
    expect(text).toContain('process_cpu_seconds_total');
  });

  it('is protected by METRICS_TOKEN when set, and off in production by default', async () => {
    expect((await fetch(`${protectedServer.url}/metrics`)).status).toBe(401);
    expect(
      (await fetch(`${protectedServer.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-wrong-token' } }))
        .status,
    ).toBe(401);
    const allowed = await fetch(`${protectedServer.url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain('graphql_requests_total');
    const off = await fetch(`${production.url}/metrics`);
    expect(off.status).toBe(404);
  });
});
