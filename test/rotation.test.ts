// Issue 14 on a real server: rotateApiToken gives a token a new secret (same id,
// name, scopes, history), shown once; the old secret works until the end of the
// overlap (0 = not at all) and is refused on the next request after it, on every
// instance, and counted as used after revocation; its last use during the overlap
// is shown. Two rotations at once: one succeeds. The clock is the server's
// injectable one (server/src/clock.ts), so no test waits for time to pass.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute } from '../server/src/admin/commands.js';
import { commandServicesOf } from '../server/src/runtime.js';
import { openDatabase, type Database } from '../server/src/db/database.js';
import { graphql } from './generated/gql.js';
import { testDatabaseKind } from './support/env.js';
import { errorCode, expectData, expectTypename, globalId, type GraphQLResponse } from './support/graphql.js';
import { REVOKE_TOKEN, VIEWER_EMAIL } from './support/operations.js';
import {
  createUserWithToken,
  startTestServer,
  useTestServer,
  type Fixture,
  type TestServer,
} from './support/server.js';
import { answerAfterChange } from './support/other-instance.js';
import { sessionOf } from './support/session.js';

let nowMs = Date.now();
const clock = () => new Date(nowMs);
const KEY = `k1:${randomBytes(32).toString('base64')}`;
const ctx = useTestServer({ clock, env: { TOKEN_ENCRYPTION_KEY: KEY } });

const ROTATE = graphql(`
  mutation RotateToken($input: RotateApiTokenInput!) {
    rotateApiToken(input: $input) {
      __typename
      ... on RotateApiTokenSuccess {
        token
        httpHeader
        curlExample
        previousSecretExpiresAt
        apiToken {
          id
          name
          hint
          scopes
          createdAt
          expiresAt
          rotatedAt
          previousSecretExpiresAt
          previousSecretLastUsedAt
        }
      }
      ... on Error {
        message
      }
      ... on ValidationError {
        field
      }
    }
  }
`);
const ROTATION_DETAIL = graphql(`
  query RotationDetail($id: ID!) {
    apiToken(id: $id) {
      id
      name
      hint
      lastUsedAt
      expiresAt
      rotatedAt
      previousSecretExpiresAt
      previousSecretLastUsedAt
      revealable
      owner {
        email
      }
    }
  }
`);
const ROTATED_HISTORY = graphql(`
  query RotatedHistory {
    revokedApiTokens(first: 20) {
      totalCount
      edges {
        node {
          name
          hint
          reason
          revokedAt
          revokedBy
          lastUsedAt
          usedAfterRevocationCount
        }
      }
    }
  }
`);
const ROTATION_AUDIT = graphql(`
  query RotationAudit {
    auditEvents(first: 5) {
      edges {
        node {
          action
          apiTokenId
          details
        }
      }
    }
  }
`);
const REVEAL_ROTATED = graphql(`
  mutation RevealRotated($id: ID!) {
    revealApiToken(input: { id: $id }) {
      __typename
      ... on RevealApiTokenSuccess {
        token
      }
      ... on Error {
        message
      }
    }
  }
`);

type Request = { token?: string; headers?: Record<string, string> };

const tokenId = (fixture: Fixture) => globalId('ApiToken', fixture.tokenId);
const status = async (token: string, server: TestServer = ctx.server) =>
  (await server.execute(VIEWER_EMAIL, { token })).status;

async function rotate(
  as: Request,
  id: string,
  input: { overlapSeconds?: number; expiresAt?: string } = {},
  server: TestServer = ctx.server,
) {
  return expectData(await server.execute(ROTATE, { ...as, variables: { input: { id, ...input } } })).rotateApiToken;
}

async function rotated(as: Request, id: string, input: { overlapSeconds?: number; expiresAt?: string } = {}) {
  const result = await rotate(as, id, input);
  expectTypename(result, 'RotateApiTokenSuccess');
  return result;
}

async function detail(as: Request, id: string) {
  return expectData(await ctx.server.execute(ROTATION_DETAIL, { ...as, variables: { id } })).apiToken;
}

async function history(fixture: Fixture) {
  const session = await sessionOf(ctx.server, fixture.userId);
  return expectData(await ctx.server.execute(ROTATED_HISTORY, session)).revokedApiTokens;
}

/** Writes the throttled last-use and used-after-revocation counts now. */
async function flush(server: TestServer = ctx.server) {
  await server.started.app.lastUsed.flush();
  await server.started.app.revokedUses.flush();
}

/** Moves the clock past the minimum interval between two rotations of one token. */
const laterThanInterval = () => {
  nowMs += 61_000;
};

describe('rotateApiToken', () => {
  it('gives the same token a new secret, shown once; with no overlap the old one is refused at once, and counted', async () => {
    laterThanInterval();
    const fixture = await createUserWithToken(ctx.server, { auditLogs: true });
    const before = await detail({ token: fixture.token }, tokenId(fixture));
    await flush();
    const result = await rotated({ token: fixture.token }, tokenId(fixture));

    expect(result.apiToken).toMatchObject({
      id: tokenId(fixture),
      name: 'fixture token',
      createdAt: expect.any(String),
      rotatedAt: new Date(nowMs).toISOString(),
      previousSecretExpiresAt: null,
      scopes: ['TOKENS_READ', 'TOKENS_WRITE', 'AUDIT_READ', 'WORKSPACE_ADMIN'],
    });
    expect(result.previousSecretExpiresAt).toBeNull();
    expect(result.token).toMatch(/^pat_/);
    expect(result.token).not.toBe(fixture.token);
    expect(result.httpHeader).toBe(`Authorization: Bearer ${result.token}`);
    expect(result.curlExample).toContain(`Bearer ${result.token}`);
    expect(result.apiToken.hint).toBe(`pat_…${result.token.slice(-4)}`);
    expect(result.apiToken.hint).not.toBe(before?.hint);

    // The old secret: refused on the very next request, as a revoked token (401, reason revoked).
    const old = await ctx.server.execute(VIEWER_EMAIL, { token: fixture.token });
    expect(old.status).toBe(401);
    expect(old.body.errors?.[0]?.extensions?.reason).toBe('revoked');
    expect(await status(result.token)).toBe(200);

    // The value is in no other answer: the detail knows only the hint.
    const after = await ctx.server.execute(ROTATION_DETAIL, {
      token: result.token,
      variables: { id: tokenId(fixture) },
    });
    expect(after.text).not.toContain(result.token);
    expect(after.body.data?.apiToken).toMatchObject({ id: tokenId(fixture), owner: { email: fixture.email } });

    // Counted like a use of a revoked token, on the old secret's record.
    await flush();
    const records = await history(fixture);
    expect(records.edges.map((edge) => edge.node)).toEqual([
      {
        name: 'fixture token',
        hint: before?.hint,
        reason: 'ROTATED',
        revokedAt: new Date(nowMs).toISOString(),
        revokedBy: fixture.email,
        lastUsedAt: expect.any(String),
        usedAfterRevocationCount: 1,
      },
    ]);

    const audit = expectData(await ctx.server.execute(ROTATION_AUDIT, { token: result.token })).auditEvents;
    expect(audit.edges[0]?.node).toEqual({
      action: 'API_TOKEN_ROTATED',
      apiTokenId: tokenId(fixture),
      details:
        'New secret; the previous one stopped working at once (overlap 0 s). Scopes: TOKENS_READ, TOKENS_WRITE, AUDIT_READ, WORKSPACE_ADMIN.',
    });
    expect(JSON.stringify(audit)).not.toContain(result.token.slice(4));
  });

  it('with an overlap: the old secret works until it ends, its last use is shown, and the next request after is refused', async () => {
    laterThanInterval();
    const fixture = await createUserWithToken(ctx.server, { auditLogs: true });
    const result = await rotated({ token: fixture.token }, tokenId(fixture), { overlapSeconds: 3600 });
    const end = new Date(nowMs + 3_600_000).toISOString();
    expect(result.previousSecretExpiresAt).toBe(end);
    expect(result.apiToken).toMatchObject({ previousSecretExpiresAt: end, previousSecretLastUsedAt: null });

    // Both secrets work during the overlap; the old one's use is recorded apart.
    nowMs += 120_000;
    expect(await status(fixture.token)).toBe(200);
    expect(await status(result.token)).toBe(200);
    await flush();
    const during = await detail({ token: result.token }, tokenId(fixture));
    expect(during).toMatchObject({
      previousSecretExpiresAt: end,
      previousSecretLastUsedAt: new Date(nowMs).toISOString(),
    });
    // Not history yet: the old secret still works.
    expect((await history(fixture)).totalCount).toBe(0);

    nowMs = Date.parse(end) - 1;
    expect(await status(fixture.token)).toBe(200);
    nowMs = Date.parse(end);
    const refused = await ctx.server.execute(VIEWER_EMAIL, { token: fixture.token });
    expect([refused.status, refused.body.errors?.[0]?.extensions?.reason]).toEqual([401, 'revoked']);
    expect(await status(result.token)).toBe(200);

    await flush();
    const after = await detail({ token: result.token }, tokenId(fixture));
    expect(after).toMatchObject({ previousSecretExpiresAt: null, previousSecretLastUsedAt: null });
    const records = await history(fixture);
    expect(records.edges.map((edge) => edge.node)).toEqual([
      expect.objectContaining({
        reason: 'ROTATED',
        revokedAt: end,
        lastUsedAt: new Date(Date.parse(end) - 1).toISOString(),
        usedAfterRevocationCount: 1,
      }),
    ]);
    const audit = expectData(await ctx.server.execute(ROTATION_AUDIT, { token: result.token })).auditEvents;
    expect(audit.edges[0]?.node.details).toBe(
      `New secret; the previous one works until ${end} (overlap 3600 s). Scopes: TOKENS_READ, TOKENS_WRITE, AUDIT_READ, WORKSPACE_ADMIN.`,
    );
  });

  it('says when the credential in use stops working (Api-Token-Expires-At): the overlap end, or the token expiry if sooner', async () => {
    laterThanInterval();
    const never = await createUserWithToken(ctx.server);
    expect(
      (await ctx.server.execute(VIEWER_EMAIL, { token: never.token })).headers.get('api-token-expires-at'),
    ).toBeNull();
    const overlapped = await rotated({ token: never.token }, tokenId(never), { overlapSeconds: 600 });
    const oldAnswer = await ctx.server.execute(VIEWER_EMAIL, { token: never.token });
    expect(oldAnswer.headers.get('api-token-expires-at')).toBe(new Date(nowMs + 600_000).toISOString());
    const newAnswer = await ctx.server.execute(VIEWER_EMAIL, { token: overlapped.token });
    expect(newAnswer.headers.get('api-token-expires-at')).toBeNull();
    // A browser on another origin may read it (CORS).
    const crossOrigin = await ctx.server.execute(VIEWER_EMAIL, {
      token: never.token,
      headers: { origin: 'https://app.example.test' },
    });
    expect(crossOrigin.headers.get('access-control-expose-headers')).toBe('Api-Token-Expires-At');

    const expiresAt = new Date(nowMs + 300_000);
    const soon = await createUserWithToken(ctx.server, { expiresAt });
    const rotatedSoon = await rotated({ token: soon.token }, tokenId(soon), { overlapSeconds: 3600 });
    expect(rotatedSoon.apiToken.expiresAt).toBe(expiresAt.toISOString());
    for (const token of [soon.token, rotatedSoon.token]) {
      expect((await ctx.server.execute(VIEWER_EMAIL, { token })).headers.get('api-token-expires-at')).toBe(
        expiresAt.toISOString(),
      );
    }
    // The token's expiry ends the overlap too.
    nowMs = expiresAt.getTime();
    expect(await status(soon.token)).toBe(401);
    expect(await status(rotatedSoon.token)).toBe(401);
  });

  it('sets a new expiry when asked, keeps the old one otherwise', async () => {
    laterThanInterval();
    const first = new Date(nowMs + 86_400_000);
    const fixture = await createUserWithToken(ctx.server, { expiresAt: first });
    const kept = await rotated({ token: fixture.token }, tokenId(fixture));
    expect(kept.apiToken.expiresAt).toBe(first.toISOString());
    laterThanInterval();
    const later = new Date(nowMs + 30 * 86_400_000).toISOString();
    const moved = await rotated({ token: kept.token }, tokenId(fixture), { expiresAt: later });
    expect(moved.apiToken.expiresAt).toBe(later);
    expect((await ctx.server.execute(VIEWER_EMAIL, { token: moved.token })).headers.get('api-token-expires-at')).toBe(
      later,
    );
  });

  it('a second rotation during an overlap ends the earlier old secret at once; only one old secret overlaps', async () => {
    laterThanInterval();
    const fixture = await createUserWithToken(ctx.server);
    const second = await rotated({ token: fixture.token }, tokenId(fixture), { overlapSeconds: 3600 });
    laterThanInterval();
    const third = await rotated({ token: second.token }, tokenId(fixture), { overlapSeconds: 3600 });
    expect(await status(fixture.token)).toBe(401);
    expect(await status(second.token)).toBe(200);
    expect(await status(third.token)).toBe(200);
    const records = (await history(fixture)).edges.map((edge) => edge.node);
    expect(records).toEqual([expect.objectContaining({ reason: 'ROTATED', revokedAt: new Date(nowMs).toISOString() })]);
  });

  it('revoking a token during an overlap stops both secrets', async () => {
    laterThanInterval();
    const fixture = await createUserWithToken(ctx.server);
    const result = await rotated({ token: fixture.token }, tokenId(fixture), { overlapSeconds: 3600 });
    const session = await sessionOf(ctx.server, fixture.userId);
    const revoked = expectData(
      await ctx.server.execute(REVOKE_TOKEN, { ...session, variables: { id: tokenId(fixture) } }),
    ).revokeApiToken;
    expectTypename(revoked, 'RevokeApiTokenSuccess');
    expect(await status(fixture.token)).toBe(401);
    expect(await status(result.token)).toBe(401);
    const records = (await history(fixture)).edges.map((edge) => edge.node);
    expect(records.map((record) => [record.reason, record.revokedAt])).toEqual([
      ['ROTATED', new Date(nowMs).toISOString()],
      ['OWNER', new Date(nowMs).toISOString()],
    ]);
  });

  it('a leak report of the old secret during its overlap stops it at once; the token keeps its new secret', async () => {
    laterThanInterval();
    const fixture = await createUserWithToken(ctx.server, { auditLogs: true });
    const result = await rotated({ token: fixture.token }, tokenId(fixture), { overlapSeconds: 3600 });
    const leak = { url: 'https://example.test/paste', source: 'content' };
    const meta = { ip: null, userAgent: 'secret scanning test' };
    const tokens = ctx.server.started.app.tokens;
    expect(await tokens.revokeLeaked([{ token: fixture.token, ...leak }], meta)).toEqual(['revoked']);
    expect(await status(fixture.token)).toBe(401);
    expect(await status(result.token)).toBe(200);
    const records = (await history(fixture)).edges.map((edge) => edge.node);
    expect(records).toEqual([
      expect.objectContaining({
        reason: 'LEAKED',
        revokedBy: 'secret scanning',
        revokedAt: new Date(nowMs).toISOString(),
      }),
    ]);
    expect(await detail({ token: result.token }, tokenId(fixture))).toMatchObject({ previousSecretExpiresAt: null });
    // A replay changes nothing.
    expect(await tokens.revokeLeaked([{ token: fixture.token, ...leak }], meta)).toEqual(['already_revoked']);
    // The new secret reported: revoked like any live token.
    expect(await tokens.revokeLeaked([{ token: result.token, ...leak }], meta)).toEqual(['revoked']);
    expect(await status(result.token)).toBe(401);
  });

  it('two rotations at once: one succeeds, the other is a ValidationError, and only one new secret works', async () => {
    // By the page (a session), and by the token itself with an overlap (with none, the
    // loser may instead be refused 401 for presenting the secret the winner just replaced).
    for (const [overlapSeconds, by] of [
      [0, 'session'],
      [3600, 'session'],
      [3600, 'token'],
    ] as const) {
      laterThanInterval();
      const fixture = await createUserWithToken(ctx.server);
      const as = by === 'token' ? { token: fixture.token } : await sessionOf(ctx.server, fixture.userId);
      const results = await Promise.all([
        rotate(as, tokenId(fixture), { overlapSeconds }),
        rotate(as, tokenId(fixture), { overlapSeconds }),
      ]);
      const wins = results.filter((result) => result.__typename === 'RotateApiTokenSuccess');
      const losses = results.filter((result) => result.__typename === 'ValidationError');
      expect(wins).toHaveLength(1);
      expect(losses).toHaveLength(1);
      expect(losses[0]).toMatchObject({ field: 'id', message: expect.stringContaining('rotated again from') });
      const winner = wins[0];
      expectTypename(winner, 'RotateApiTokenSuccess');
      expect(await status(winner.token)).toBe(200);
      expect(await status(fixture.token)).toBe(overlapSeconds > 0 ? 200 : 401);
      // One ROTATED record: the loser changed nothing.
      const rows = await ctx.server.started.db.prisma.revokedApiToken.count({
        where: { ownerId: fixture.userId, reason: 'ROTATED' },
      });
      expect(rows).toBe(1);
    }
  });

  it('keeps a kept value in step: the new secret is what reveal shows', async () => {
    laterThanInterval();
    const fixture = await createUserWithToken(ctx.server, { auditLogs: true });
    await ctx.server.started.db.prisma.workspace.update({
      where: { id: fixture.workspaceId },
      data: { tokensRevealable: true },
    });
    const session = await sessionOf(ctx.server, fixture.userId);
    const created = await ctx.server.started.app.tokens.create(
      {
        userId: fixture.userId,
        email: fixture.email,
        role: 'ADMIN',
        workspaceId: fixture.workspaceId,
        auditLogsEnabled: true,
      },
      { name: 'kept' },
      { ip: null, userAgent: null },
    );
    const id = globalId('ApiToken', created.apiToken.id);
    const result = await rotated(session, id);
    const shown = expectData(
      await ctx.server.execute(REVEAL_ROTATED, { ...session, variables: { id } }),
    ).revealApiToken;
    expectTypename(shown, 'RevealApiTokenSuccess');
    expect(shown.token).toBe(result.token);
  });

  it('refuses bad input with a typed error and changes nothing', async () => {
    laterThanInterval();
    const fixture = await createUserWithToken(ctx.server);
    const as = { token: fixture.token };
    const cases: [{ overlapSeconds?: number; expiresAt?: string }, string][] = [
      [{ overlapSeconds: -1 }, 'overlapSeconds'],
      [{ overlapSeconds: 604_801 }, 'overlapSeconds'],
      [{ expiresAt: new Date(nowMs - 1).toISOString() }, 'expiresAt'],
    ];
    for (const [input, field] of cases) {
      const result = await rotate(as, tokenId(fixture), input);
      expectTypename(result, 'ValidationError');
      expect(result.field).toBe(field);
    }
    expect(await status(fixture.token)).toBe(200);
    const row = await ctx.server.started.db.prisma.apiToken.findUniqueOrThrow({ where: { id: fixture.tokenId } });
    expect(row.rotatedAt).toBeNull();

    // The largest overlap is allowed.
    const longest = await rotate(as, tokenId(fixture), { overlapSeconds: 604_800 });
    expectTypename(longest, 'RotateApiTokenSuccess');

    // An expired token cannot be brought back by rotating it.
    const expiring = await createUserWithToken(ctx.server, { expiresAt: new Date(nowMs + 1000) });
    const session = await sessionOf(ctx.server, expiring.userId);
    nowMs += 2000;
    const expired = await rotate(session, tokenId(expiring));
    expectTypename(expired, 'ValidationError');
    expect(expired.message).toContain('expired');
  });

  it('authorization: own tokens only (another workspace, another member, a missing or malformed id: NotFoundError)', async () => {
    laterThanInterval();
    const admin = await createUserWithToken(ctx.server);
    const member = await createUserWithToken(ctx.server, { role: 'MEMBER', workspaceId: admin.workspaceId });
    const stranger = await createUserWithToken(ctx.server);
    for (const [as, id] of [
      [member, tokenId(admin)],
      [admin, tokenId(member)],
      [stranger, tokenId(admin)],
      [admin, globalId('ApiToken', '00000000-0000-7000-8000-000000000000')],
      [admin, 'not-an-id'],
      [admin, globalId('User', admin.userId)],
    ] as const) {
      const result = await rotate({ token: as.token }, id);
      expectTypename(result, 'NotFoundError');
      expect(result.message).toBe('No API token with this id exists.');
    }
    expect(await status(admin.token)).toBe(200);
    expect(await status(member.token)).toBe(200);

    // A member rotates their own token (by session too).
    const own = await rotate({ token: member.token }, tokenId(member));
    expectTypename(own, 'RotateApiTokenSuccess');
    expect(own.apiToken.scopes).toEqual(['TOKENS_READ', 'TOKENS_WRITE']);
    laterThanInterval();
    const bySession = await rotate(await sessionOf(ctx.server, member.userId), tokenId(member));
    expectTypename(bySession, 'RotateApiTokenSuccess');
  });

  it('authorization: watch-only (typed refusal by session, 403 by token), Team plan (403), no credential (401)', async () => {
    laterThanInterval();
    const watcher = await createUserWithToken(ctx.server, { role: 'WATCH_ONLY' });
    const bySession = await rotate(await sessionOf(ctx.server, watcher.userId), tokenId(watcher));
    expectTypename(bySession, 'ForbiddenError');
    expect(bySession.message).toBe('Watch-only users cannot rotate API tokens.');
    const byToken = await ctx.server.execute(ROTATE, {
      token: watcher.token,
      variables: { input: { id: tokenId(watcher) } },
    });
    expect([byToken.status, errorCode(byToken)]).toEqual([403, 'FORBIDDEN']);

    const team = await createUserWithToken(ctx.server, { plan: 'TEAM' });
    const teamAnswer: GraphQLResponse<unknown> = await ctx.server.execute(ROTATE, {
      token: team.token,
      variables: { input: { id: tokenId(team) } },
    });
    expect([teamAnswer.status, teamAnswer.body.errors?.[0]?.message]).toEqual([
      403,
      'API access requires the Enterprise plan.',
    ]);
    const teamSession = await ctx.server.execute(ROTATE, {
      ...(await sessionOf(ctx.server, team.userId)),
      variables: { input: { id: tokenId(team) } },
    });
    expect(teamSession.status).toBe(403);

    const anonymous = await ctx.server.execute(ROTATE, { variables: { input: { id: tokenId(team) } } });
    expect([anonymous.status, errorCode(anonymous)]).toEqual([401, 'UNAUTHENTICATED']);
    for (const fixture of [watcher, team]) {
      const row = await ctx.server.started.db.prisma.apiToken.findUniqueOrThrow({ where: { id: fixture.tokenId } });
      expect(row.rotatedAt).toBeNull();
    }
  });

  it('the CLI rotates any token as the operator (audited as the operator, the new secret printed once)', async () => {
    laterThanInterval();
    const fixture = await createUserWithToken(ctx.server, { auditLogs: true });
    const services = commandServicesOf(ctx.server.started.app, ctx.server.started.db, 90);
    const printed = (await execute('token.rotate', { id: tokenId(fixture), overlapSeconds: '60' }, services)) as {
      id: string;
      token: string;
      previousSecretExpiresAt: string;
    };
    expect(printed.id).toBe(tokenId(fixture));
    expect(printed.previousSecretExpiresAt).toBe(new Date(nowMs + 60_000).toISOString());
    expect(await status(printed.token)).toBe(200);
    expect(await status(fixture.token)).toBe(200);
    const event = await ctx.server.started.db.prisma.auditEvent.findFirstOrThrow({
      where: { apiTokenId: fixture.tokenId, action: 'API_TOKEN_ROTATED' },
    });
    expect([event.actorEmail, event.userAgent]).toEqual(['operator (cli)', 'api-tokens cli']);
    await expect(execute('token.rotate', { id: tokenId(fixture), overlapSeconds: 'x' }, services)).rejects.toThrow(
      '--overlap-seconds must be a whole number.',
    );
  });
});

describe('rotation on two instances sharing one database', () => {
  let other: { db: Database; server: TestServer; close(): Promise<void> };
  beforeAll(async () => {
    // PostgreSQL: a second pool, as another process would have; PGlite: the one database.
    const db =
      testDatabaseKind === 'postgres'
        ? await openDatabase({ databaseUrl: ctx.database.databaseUrl! })
        : ctx.server.started.db;
    const server = await startTestServer({ db }, { clock, env: { TOKEN_ENCRYPTION_KEY: KEY } });
    other = { db, server, close: async () => (db === ctx.server.started.db ? undefined : db.close()) };
  });
  afterAll(async () => {
    await other?.server.stop();
    await other?.close();
  });

  /** Counts the authentication lookups instance B sends. */
  function countLookups(db: Database): { readonly count: number; stop(): void } {
    const query = db.sql.query;
    const state = {
      count: 0,
      stop: () => {
        db.sql.query = query;
      },
    };
    db.sql.query = ((text: string, params?: unknown[], name?: string) => {
      if (name?.startsWith('auth_token_lookup')) state.count += 1;
      return query(text, params, name);
    }) as typeof query;
    return state;
  }

  it('no overlap: once the rotation answers, neither instance accepts the old secret (both had it cached; the other once the notification reaches it)', async () => {
    laterThanInterval();
    const fixture = await createUserWithToken(ctx.server);
    expect(await status(fixture.token, ctx.server)).toBe(200);
    expect(await status(fixture.token, other.server)).toBe(200);
    const result = await rotated({ token: fixture.token }, tokenId(fixture));
    expect(await answerAfterChange(() => status(fixture.token, other.server), 401)).toBe(401);
    expect(await status(fixture.token, ctx.server)).toBe(401);
    expect(await status(result.token, other.server)).toBe(200);
  });

  it('with an overlap: both accept the old secret until its end, and both refuse it on the next request after, cached or not', async () => {
    laterThanInterval();
    const fixture = await createUserWithToken(ctx.server);
    for (const server of [ctx.server, other.server]) expect(await status(fixture.token, server)).toBe(200);
    const result = await rotated({ token: fixture.token }, tokenId(fixture), { overlapSeconds: 30 });
    const end = nowMs + 30_000;
    // Each instance learns the end of the overlap (its cache entry carries it).
    for (const server of [ctx.server, other.server]) {
      expect(await status(fixture.token, server)).toBe(200);
      expect(await status(result.token, server)).toBe(200);
    }
    nowMs = end - 1;
    const lookups = countLookups(other.db);
    try {
      expect(await status(fixture.token, other.server)).toBe(200);
      // Within the cache's time to live, the verification came from memory...
      expect(lookups.count).toBe(0);
      nowMs = end;
      // ...and the entry's own end refuses it without waiting for the TTL.
      expect(await status(fixture.token, other.server)).toBe(401);
      expect(await status(fixture.token, ctx.server)).toBe(401);
      expect(lookups.count).toBeGreaterThan(0);
    } finally {
      lookups.stop();
    }
    expect(await status(result.token, other.server)).toBe(200);
  });
});
