// GraphiQL and the demo token over plain HTTP: the page and its assets come from
// this server and hold no secret; the demo token goes only to GraphiQL on the
// developer's own machine (loopback listen address, loopback Host, same-origin
// request); every instance's demo token is its own.
import { get } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TOKEN_LIFETIME_MS, issueDemoToken, LEGACY_DEMO_TOKEN_NAME } from '../server/src/admin/demo-token.js';
import { seedDemo } from '../server/src/admin/seed.js';
import { openDatabase, type Database } from '../server/src/db/database.js';
import { GRAPHIQL_CSP } from '../server/src/hardening/security-headers.js';
import { DEFAULT_QUERY } from '../server/src/http/graphiql.js';
import { Directory } from '../server/src/admin/directory.js';
import { createTokenService } from '../server/src/tokens/service.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { testDatabaseKind } from './support/env.js';
import { VIEWER_EMAIL } from './support/operations.js';
import { rawRequest } from './support/raw-request.js';
import { startTestServer, type TestServer } from './support/server.js';

const DEV = { NODE_ENV: 'development', GRAPHIQL: 'true', PUBLIC_URL: 'http://127.0.0.1' };
const SAME_ORIGIN = { 'x-graphql-yoga-csrf': 'graphiql' };

let database: TestDatabase;
let server: TestServer;
const port = () => server.started.http.port;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db.prisma);
  server = await startTestServer(database, { env: DEV });
});
afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

const viewerEmail = async (target: TestServer, authorization: string) => {
  const response = await target.execute(VIEWER_EMAIL, { headers: { authorization } });
  return response.status === 200 ? response.body.data?.viewer.email : response.status;
};

const graphiqlPage = (url: string, host: string) =>
  rawRequest(`${url}/graphql`, { headers: { host, accept: 'text/html' } });
const pageOptions = (html: string) =>
  JSON.parse(/<script type="application\/json" id="graphiql-options">(.*?)<\/script>/s.exec(html)![1]!);
const demoAuthorization = (url: string, headers: Record<string, string>, method = 'GET') =>
  rawRequest(`${url}/graphiql/demo-authorization`, { method, headers });

describe('GraphiQL page', () => {
  it('holds no token for any Host, and says whether to fetch one', async () => {
    const demo = server.started.demoToken!;
    expect(demo).toMatch(/^pat_/);
    for (const [host, allowed] of [
      [`localhost:${port()}`, true],
      [`127.0.0.1:${port()}`, true],
      [`evil.example:${port()}`, false],
      [`localhost:${port() + 1}`, false],
    ] as const) {
      const page = await graphiqlPage(server.url, host);
      expect(page.status, host).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['content-security-policy']).toBe(GRAPHIQL_CSP);
      expect(page.body).not.toContain(demo);
      expect(page.body).not.toContain('pat_');
      const options = pageOptions(page.body);
      expect(options, host).toMatchObject({
        demoAuthorization: allowed,
        defaultQuery: DEFAULT_QUERY,
        shouldPersistHeaders: false,
      });
    }
  });

  it('loads nothing from elsewhere: every asset is this server’s, cached for good, gzip or not', async () => {
    const page = await graphiqlPage(server.url, `localhost:${port()}`);
    expect(page.body).not.toMatch(/https?:\/\//);
    const referenced = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(referenced).toHaveLength(4);
    const script = await rawRequest(`${server.url}${referenced.find((r) => r.endsWith('/graphiql.js'))}`);
    const workers = [...script.body.slice(0, 2_000).matchAll(/"(\/graphiql\/assets\/[^"]+\.worker\.js)"/g)].map(
      (m) => m[1]!,
    );
    expect(workers).toHaveLength(3);
    for (const asset of [...referenced, ...workers]) {
      expect(asset).toMatch(/^\/graphiql\/assets\/[0-9a-f]{16}\/[a-z.]+$/);
      const plain = await rawRequest(`${server.url}${asset}`);
      expect(plain.status, asset).toBe(200);
      expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(plain.body.length).toBeGreaterThan(100);
      const zipped = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
        get(`${server.url}${asset}`, { headers: { 'accept-encoding': 'gzip, deflate' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
          res.on('error', reject);
        }).on('error', reject);
      });
      expect(zipped.encoding).toBe('gzip');
      expect(gunzipSync(zipped.body).toString('utf8')).toBe(plain.body);
    }
    const stale = referenced[0]!.replace(/\/[0-9a-f]{16}\//, '/0000000000000000/');
    expect((await rawRequest(`${server.url}${stale}`)).status).toBe(404);
    expect((await rawRequest(`${server.url}/graphiql/assets/../../package.json`)).status).toBe(404);
  });

  it('is off with GRAPHIQL=false: no page, no assets, no demo route', async () => {
    const off = await startTestServer(database, { env: { ...DEV, GRAPHIQL: 'false' } });
    try {
      const page = await graphiqlPage(off.url, `localhost:${off.started.http.port}`);
      expect(page.body).not.toContain('graphiql-options');
      expect(
        (await demoAuthorization(off.url, { host: `localhost:${off.started.http.port}`, ...SAME_ORIGIN })).status,
      ).toBe(404);
      expect(off.started.demoToken).toBeUndefined();
    } finally {
      await off.stop();
    }
  });
});

describe('the demo token route', () => {
  it('hands this instance’s token to a same-origin request on loopback, never cached', async () => {
    for (const host of [`localhost:${port()}`, `127.0.0.1:${port()}`, `[::1]:${port()}`]) {
      const response = await demoAuthorization(server.url, {
        host,
        ...SAME_ORIGIN,
        'sec-fetch-site': 'same-origin',
        'sec-fetch-mode': 'cors',
        origin: `http://${host}`,
      });
      expect(response.status, host).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      const { authorization } = JSON.parse(response.body) as { authorization: string };
      expect(authorization).toBe(`Bearer ${server.started.demoToken}`);
      expect(await viewerEmail(server, authorization)).toBe('admin@acme.test');
    }
  });

  it('does not exist for a rebinding name, another port or a proxied request (404)', async () => {
    const refused: Record<string, string>[] = [
      { host: `evil.example:${port()}`, origin: `http://evil.example:${port()}`, 'sec-fetch-site': 'same-origin' },
      { host: 'evil.example' },
      { host: `localhost:${port() + 1}` },
      { host: `localhost:${port()}`, 'x-forwarded-for': '203.0.113.9' },
      { host: `localhost:${port()}`, 'x-forwarded-host': 'evil.example' },
    ];
    for (const headers of refused) {
      const response = await demoAuthorization(server.url, { ...SAME_ORIGIN, ...headers });
      expect(response.status, JSON.stringify(headers)).toBe(404);
      expect(response.body).not.toContain('pat_');
    }
    expect((await demoAuthorization(server.url, { host: `localhost:${port()}`, ...SAME_ORIGIN }, 'POST')).status).toBe(
      404,
    );
  });

  it('refuses cross-site requests and requests without the custom header (403)', async () => {
    const host = `localhost:${port()}`;
    const refused: Record<string, string>[] = [
      {},
      { 'sec-fetch-site': 'same-origin' },
      { ...SAME_ORIGIN, 'sec-fetch-site': 'cross-site' },
      { ...SAME_ORIGIN, 'sec-fetch-site': 'same-site' },
      { ...SAME_ORIGIN, origin: 'https://evil.example' },
      { ...SAME_ORIGIN, origin: `http://localhost:${port() + 1}` },
      { ...SAME_ORIGIN, origin: 'null' },
    ];
    for (const headers of refused) {
      const response = await demoAuthorization(server.url, { host, ...headers });
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(response.body).not.toContain('pat_');
    }
  });

  it('does not exist when the server listens beyond loopback, whatever the request says', async () => {
    const open = await startTestServer(database, { env: { ...DEV, HOST: '0.0.0.0' } });
    try {
      const url = `http://127.0.0.1:${open.started.http.port}`;
      const host = `localhost:${open.started.http.port}`;
      const page = await graphiqlPage(url, host);
      expect(page.status).toBe(200);
      expect(pageOptions(page.body).demoAuthorization).toBe(false);
      expect(page.body).not.toContain('pat_');
      const response = await demoAuthorization(url, { host, ...SAME_ORIGIN, origin: `http://${host}` });
      expect(response.status).toBe(404);
      // The token exists (the banner prints it); only the browser route is closed.
      expect(await viewerEmail(open, `Bearer ${open.started.demoToken}`)).toBe('admin@acme.test');
    } finally {
      await open.stop();
    }
  });
});

describe('demo tokens per instance', () => {
  // A second instance as another process would be: on PostgreSQL its own connection pool.
  async function secondDatabase(): Promise<{ db: Database; close(): Promise<void> }> {
    if (testDatabaseKind !== 'postgres') return { db: database.db, close: async () => {} };
    const db = await openDatabase({ databaseUrl: database.databaseUrl! });
    return { db, close: () => db.close() };
  }

  it('two instances on one database keep both tokens; stopping one revokes only its own', async () => {
    const second = await secondDatabase();
    const other = await startTestServer(second, { env: DEV });
    let otherStopped = false;
    try {
      const mine = `Bearer ${server.started.demoToken}`;
      const theirs = `Bearer ${other.started.demoToken}`;
      expect(theirs).not.toBe(mine);
      expect(await viewerEmail(server, mine)).toBe('admin@acme.test');
      expect(await viewerEmail(server, theirs)).toBe('admin@acme.test');
      expect(await viewerEmail(other, mine)).toBe('admin@acme.test');
      const rows = await database.db.prisma.apiToken.findMany({
        where: { name: { startsWith: 'GraphiQL demo token of ' } },
      });
      expect(rows).toHaveLength(2);
      for (const row of rows) {
        // The expiry is computed from one reading of the clock and createdAt from the
        // next (admin/demo-token.ts, then the token service): a millisecond or two
        // apart on a busy machine, never more than the lifetime.
        const lifetime = row.expiresAt!.getTime() - row.createdAt.getTime();
        expect(lifetime).toBeLessThanOrEqual(DEMO_TOKEN_LIFETIME_MS);
        expect(lifetime).toBeGreaterThan(DEMO_TOKEN_LIFETIME_MS - 1_000);
      }
      await other.stop();
      otherStopped = true;
      expect(await viewerEmail(server, theirs)).toBe(401);
      expect(await viewerEmail(server, mine)).toBe('admin@acme.test');
    } finally {
      if (!otherStopped) await other.stop();
      await second.close();
    }
  });

  it('a start sweeps expired demo tokens and the old shared one, nothing live', async () => {
    const prisma = database.db.prisma;
    // No server of this test's own to tell: the writes need no fence.
    const unfenced = <T>(_key: string, write: () => Promise<T>) => write();
    const tokens = createTokenService(server.config, database.db, { fence: unfenced });
    // An instance killed eight days ago left its token behind (expired since a day).
    const longAgo = () => new Date(Date.now() - DEMO_TOKEN_LIFETIME_MS - 86_400_000);
    const killed = await issueDemoToken(
      new Directory(prisma),
      createTokenService(server.config, database.db, { fence: unfenced, clock: longAgo }),
      {
        clock: longAgo,
        instance: 'killed',
      },
    );
    const admin = await prisma.user.findUniqueOrThrow({ where: { email: 'admin@acme.test' } });
    const owner = {
      userId: admin.id,
      email: admin.email,
      role: admin.role,
      workspaceId: admin.workspaceId,
      auditLogsEnabled: true,
    };
    const legacy = await tokens.create(owner, { name: LEGACY_DEMO_TOKEN_NAME }, { ip: null, userAgent: 'test' });
    const unrelated = await tokens.create(
      owner,
      { name: 'GraphiQL demo notes (mine)' },
      { ip: null, userAgent: 'test' },
    );
    const third = await startTestServer(database, { env: DEV });
    try {
      const left = await prisma.apiToken.findMany({
        where: { id: { in: [killed!.tokenId, legacy.apiToken.id, unrelated.apiToken.id] } },
      });
      expect(left.map((row) => row.id)).toEqual([unrelated.apiToken.id]);
      expect(await viewerEmail(third, `Bearer ${server.started.demoToken}`)).toBe('admin@acme.test');
      expect(await viewerEmail(third, `Bearer ${third.started.demoToken}`)).toBe('admin@acme.test');
    } finally {
      await third.stop();
      await tokens.revoke(owner, unrelated.apiToken.id, { ip: null, userAgent: 'test' });
    }
  });
});
