// Bearer authentication in the context factory: every failure mode, with its
// status, code, message and WWW-Authenticate header, over a real HTTP ctx.server.
import { describe, expect, it } from 'vitest';
import { checksum, generateToken } from '../server/src/tokens/format.js';
import { graphql } from './generated/gql.js';
import { errorCode, expectData } from './support/graphql.js';
import { VIEWER_EMAIL } from './support/operations.js';
import { createUserWithToken, useTestServer } from './support/server.js';

const QUERY_TYPE = graphql(`
  query IntrospectQueryType {
    __schema {
      queryType {
        name
      }
    }
  }
`);

const ctx = useTestServer();

describe('authentication', () => {
  it('accepts a valid token and resolves the viewer', async () => {
    const fixture = await createUserWithToken(ctx.server);
    const response = await ctx.server.execute(VIEWER_EMAIL, { token: fixture.token });
    expect(expectData(response).viewer.email).toBe(fixture.email);
  });

  it('rejects a request without Authorization with 401 and a Bearer challenge', async () => {
    const response = await ctx.server.execute(VIEWER_EMAIL);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(errorCode(response)).toBe('UNAUTHENTICATED');
    expect(response.body.errors?.[0]?.message).toMatch(/Authorization: Bearer/);
  });

  it.each([
    ['a non-Bearer scheme', 'Basic dXNlcjpwYXNz'],
    ['an empty bearer', 'Bearer '],
    ['a wrong prefix', `Bearer ${generateToken('xyz')}`],
    ['a bad checksum', 'Bearer pat_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa000000'],
    ['a truncated token', 'Bearer pat_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'],
    [
      'a non-base62 character',
      `Bearer pat_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-${checksum('pat_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-')}`,
    ],
  ])('rejects %s with 401 invalid_token', async (_label, header) => {
    const response = await ctx.server.execute(VIEWER_EMAIL, { headers: { authorization: header } });
    expect(response.status).toBe(401);
    expect(errorCode(response)).toBe('UNAUTHENTICATED');
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('rejects a well-formed but unknown token with 401', async () => {
    const response = await ctx.server.execute(VIEWER_EMAIL, { token: generateToken('pat') });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(response.body.errors?.[0]?.message).toBe('The API token is invalid or has been revoked.');
  });

  it('requires a credential for introspection too', async () => {
    const response = await ctx.server.execute(QUERY_TYPE);
    expect(response.status).toBe(401);
    const fixture = await createUserWithToken(ctx.server);
    const allowed = await ctx.server.execute(QUERY_TYPE, { token: fixture.token });
    expect(expectData(allowed).__schema.queryType.name).toBe('Query');
  });

  it('rejects a watch-only user with 403 and says why', async () => {
    const fixture = await createUserWithToken(ctx.server, { role: 'WATCH_ONLY' });
    const response = await ctx.server.execute(VIEWER_EMAIL, { token: fixture.token });
    expect(response.status).toBe(403);
    expect(errorCode(response)).toBe('FORBIDDEN');
    expect(response.body.errors?.[0]?.message).toBe('Watch-only users cannot use API tokens.');
    expect(response.body.data).toBeUndefined();
  });

  it.each(['FREE', 'TEAM'] as const)(
    'rejects a workspace on the %s plan with 403 and the plan message',
    async (plan) => {
      const fixture = await createUserWithToken(ctx.server, { plan });
      const response = await ctx.server.execute(VIEWER_EMAIL, { token: fixture.token });
      expect(response.status).toBe(403);
      expect(errorCode(response)).toBe('FORBIDDEN');
      expect(response.body.errors?.[0]?.message).toBe('API access requires the Enterprise plan.');
    },
  );

  it('stops accepting a token as soon as the workspace leaves Enterprise', async () => {
    const fixture = await createUserWithToken(ctx.server);
    const viewer = () => ctx.server.execute(VIEWER_EMAIL, { token: fixture.token });
    expect((await viewer()).status).toBe(200);
    // Through the cache's fence, as the CLI's `workspace update` does: it returns only
    // once the change's notification is back, so the very next request sees it. (A
    // bare UPDATE reaches the cache a moment later; test/auth-cache.test.ts covers that.)
    const { app, db } = ctx.server.started;
    await app.authCache.fence(
      `w:${fixture.workspaceId}`,
      () => db.prisma.workspace.update({ where: { id: fixture.workspaceId }, data: { plan: 'TEAM' } }),
      () => true,
    );
    expect((await viewer()).status).toBe(403);
  });

  it('rejects an expired token with 401', async () => {
    const fixture = await createUserWithToken(ctx.server);
    await ctx.server.started.db.prisma.apiToken.update({
      where: { id: fixture.tokenId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const response = await ctx.server.execute(VIEWER_EMAIL, { token: fixture.token });
    expect(response.status).toBe(401);
    expect(response.body.errors?.[0]?.message).toBe('The API token has expired.');
  });

  it('serves health and readiness without a credential', async () => {
    expect((await fetch(`${ctx.server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${ctx.server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });
});
