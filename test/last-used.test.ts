// lastUsedAt: set on first use, then at most once per 60 s per token, written
// after the response so it never delays or fails a request. The clock is injected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { createUserWithToken, startTestServer, type TestServer } from './support/server.js';

let database: TestDatabase;
let server: TestServer;
let now = new Date('2030-01-01T00:00:00.000Z');

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startTestServer(database, { clock: () => new Date(now) });
});
afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

async function lastUsedAt(tokenId: string): Promise<Date | null> {
  await server.started.app.lastUsed.flush();
  const row = await server.started.db.prisma.apiToken.findUniqueOrThrow({ where: { id: tokenId } });
  return row.lastUsedAt;
}

describe('lastUsedAt', () => {
  it('is null until first use, then set, and not rewritten within 60 s', async () => {
    const fixture = await createUserWithToken(server);
    expect(await lastUsedAt(fixture.tokenId)).toBeNull();
    const t0 = new Date(now);

    expect((await server.gql('{ viewer { email } }', {}, fixture.token)).status).toBe(200);
    expect(await lastUsedAt(fixture.tokenId)).toEqual(t0);

    now = new Date(t0.getTime() + 30_000);
    await server.gql('{ viewer { email } }', {}, fixture.token);
    now = new Date(t0.getTime() + 59_999);
    await server.gql('{ viewer { email } }', {}, fixture.token);
    expect(await lastUsedAt(fixture.tokenId)).toEqual(t0);

    now = new Date(t0.getTime() + 60_000);
    await server.gql('{ viewer { email } }', {}, fixture.token);
    expect(await lastUsedAt(fixture.tokenId)).toEqual(now);

    const listed = await server.gql('{ apiTokens { edges { node { lastUsedAt } } } }', {}, fixture.token);
    expect(listed.body.data.apiTokens.edges[0].node.lastUsedAt).toBe(now.toISOString());
  });

  it('is not written for failed authentication', async () => {
    const fixture = await createUserWithToken(server, { plan: 'TEAM' });
    expect((await server.gql('{ viewer { email } }', {}, fixture.token)).status).toBe(403);
    expect(await lastUsedAt(fixture.tokenId)).toBeNull();
  });

  it('never fails the request when the write fails', async () => {
    const fixture = await createUserWithToken(server);
    const sql = server.started.db.sql;
    await sql.exec(`CREATE OR REPLACE FUNCTION fail_touch() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$ LANGUAGE plpgsql;
      CREATE TRIGGER fail_touch BEFORE UPDATE ON api_tokens FOR EACH ROW EXECUTE FUNCTION fail_touch();`);
    try {
      now = new Date(now.getTime() + 3_600_000);
      const response = await server.gql('{ viewer { email } }', {}, fixture.token);
      expect(response.status).toBe(200);
      expect(response.body.data.viewer.email).toBe(fixture.email);
      expect(await lastUsedAt(fixture.tokenId)).toBeNull();
    } finally {
      await sql.exec('DROP TRIGGER fail_touch ON api_tokens; DROP FUNCTION fail_touch();');
    }
  });
});
