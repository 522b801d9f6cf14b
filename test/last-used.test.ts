// lastUsedAt: set on first use, then at most once per 60 s per token, written
// after the response so it never delays or fails a request. The clock is injected.
import { describe, expect, it } from 'vitest';
import { expectData } from './support/graphql.js';
import { TOKEN_PAGE, VIEWER_EMAIL } from './support/operations.js';
import { createUserWithToken, useTestServer } from './support/server.js';

let now = new Date('2030-01-01T00:00:00.000Z');

const ctx = useTestServer({ clock: () => new Date(now) });
const viewer = (token: string) => ctx.server.execute(VIEWER_EMAIL, { token });

async function lastUsedAt(tokenId: string): Promise<Date | null> {
  await ctx.server.started.app.lastUsed.flush();
  const row = await ctx.server.started.db.prisma.apiToken.findUniqueOrThrow({ where: { id: tokenId } });
  return row.lastUsedAt;
}

describe('lastUsedAt', () => {
  it('is null until first use, then set, and not rewritten within 60 s', async () => {
    const fixture = await createUserWithToken(ctx.server);
    expect(await lastUsedAt(fixture.tokenId)).toBeNull();
    const t0 = new Date(now);

    expect((await viewer(fixture.token)).status).toBe(200);
    expect(await lastUsedAt(fixture.tokenId)).toEqual(t0);

    now = new Date(t0.getTime() + 30_000);
    expect((await viewer(fixture.token)).status).toBe(200);
    now = new Date(t0.getTime() + 59_999);
    expect((await viewer(fixture.token)).status).toBe(200);
    expect(await lastUsedAt(fixture.tokenId)).toEqual(t0);

    now = new Date(t0.getTime() + 60_000);
    expect((await viewer(fixture.token)).status).toBe(200);
    expect(await lastUsedAt(fixture.tokenId)).toEqual(now);

    const listed = expectData(await ctx.server.execute(TOKEN_PAGE, { token: fixture.token }));
    expect(listed.apiTokens.edges[0]!.node.lastUsedAt).toBe(now.toISOString());
  });

  it('is not written for failed authentication', async () => {
    const fixture = await createUserWithToken(ctx.server, { plan: 'TEAM' });
    expect((await viewer(fixture.token)).status).toBe(403);
    expect(await lastUsedAt(fixture.tokenId)).toBeNull();
  });

  it('never fails the request when the write fails', async () => {
    const fixture = await createUserWithToken(ctx.server);
    const sql = ctx.server.started.db.sql;
    await sql.exec(`CREATE OR REPLACE FUNCTION fail_touch() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$ LANGUAGE plpgsql;
      CREATE TRIGGER fail_touch BEFORE UPDATE ON api_tokens FOR EACH ROW EXECUTE FUNCTION fail_touch();`);
    try {
      now = new Date(now.getTime() + 3_600_000);
      const response = await viewer(fixture.token);
      expect(expectData(response).viewer.email).toBe(fixture.email);
      expect(await lastUsedAt(fixture.tokenId)).toBeNull();
    } finally {
      await sql.exec('DROP TRIGGER fail_touch ON api_tokens; DROP FUNCTION fail_touch();');
    }
  });
});
