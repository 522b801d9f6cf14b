// The server as a process: data survives a restart, SIGTERM lets an in-flight
// request finish before exiting, GraphiQL is served (pre-filled in development),
// and readiness follows the database.
import { describe, expect, it } from 'vitest';
import { seedDemo } from '../server/src/admin/seed.js';
import { graphql } from './generated/gql.js';
import { createTestDatabase } from './support/database.js';
import { executeOperation, expectData, expectTypename } from './support/graphql.js';
import { CREATE_TOKEN } from './support/operations.js';
import { spawnServer as spawnProcess, useExternalDatabase } from './support/process.js';
import { createUserWithToken, startTestServer } from './support/server.js';

const external = useExternalDatabase();
const spawnServer = (extraEnv: Record<string, string> = {}) => spawnProcess({ ...external.env, ...extraEnv });

const VIEWER_AND_TOKEN_NAMES = graphql(`
  query LifecycleViewerAndTokenNames {
    viewer {
      email
    }
    apiTokens {
      edges {
        node {
          name
        }
      }
    }
  }
`);

describe('server process', { timeout: 300_000 }, () => {
  it('keeps data across a restart and finishes in-flight requests on SIGTERM', async () => {
    const seeded = await external.withDb(async (db) => {
      await seedDemo(db.prisma);
      // Make token creation slow so that SIGTERM arrives while it is in flight.
      await db.sql.exec(`CREATE OR REPLACE FUNCTION slow_insert() RETURNS trigger AS $$ BEGIN PERFORM pg_sleep(1.5); RETURN NEW; END $$ LANGUAGE plpgsql;
        CREATE TRIGGER slow_insert BEFORE INSERT ON api_tokens FOR EACH ROW WHEN (NEW.name = 'slow') EXECUTE FUNCTION slow_insert();`);
      const admin = await db.prisma.user.findUniqueOrThrow({ where: { email: 'admin@acme.test' } });
      return admin;
    });
    expect(seeded.email).toBe('admin@acme.test');

    const first = await spawnServer({ NODE_ENV: 'development', GRAPHIQL: 'true' });
    const token = /Bearer (pat_[0-9A-Za-z]+)/.exec(first.output())?.[1];
    expect(token, first.output()).toBeDefined();

    // GraphiQL in development is pre-filled with the demo admin's header, fetched on loopback
    // (never part of the page; see dev-conveniences.test.ts).
    const page = await fetch(`${first.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain(token);
    const demo = await fetch(`${first.url}/graphiql/demo-authorization`, { headers: { 'x-graphql-yoga-csrf': '1' } });
    expect(await demo.json()).toEqual({ authorization: `Bearer ${token}` });

    const inFlight = executeOperation(first.url, CREATE_TOKEN, { token, variables: { input: { name: 'slow' } } });
    await new Promise((resolve) => setTimeout(resolve, 400));
    first.child.kill('SIGTERM');
    const created = expectData(await inFlight).createApiToken;
    expectTypename(created, 'CreateApiTokenSuccess');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('shutting down');

    // A new process on the same data: the token created before the restart still works.
    const second = await spawnServer();
    try {
      const data = expectData(await executeOperation(second.url, VIEWER_AND_TOKEN_NAMES, { token: created.token }));
      expect(data.viewer.email).toBe('admin@acme.test');
      expect(data.apiTokens.edges.map((e) => e.node.name)).toContain('slow');
      // Outside development there is no demo token and GraphiQL is not pre-filled.
      expect(second.output()).not.toMatch(/Bearer pat_/);
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
  });
});

describe('readiness', () => {
  it('reports 503 once the database is gone', async () => {
    const own = await createTestDatabase();
    const server = await startTestServer(own);
    try {
      const fixture = await createUserWithToken(server);
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      await own.db.close();
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'unavailable' });
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect(fixture.token).toMatch(/^pat_/);
    } finally {
      try {
        await server.stop();
      } finally {
        await own.drop();
      }
    }
  });
});
