// POST /secret-scanning on a real server and database, as GitHub's secret scanning
// partner program calls it: the signature (valid, wrong key, unknown key, tampered
// body, missing headers), garbage vs well-formed-but-unknown vs live vs already
// revoked strings, idempotent replays (one after another and at once), the
// revocation holding on the very next request on a second instance, canaries
// reported (never revoked), the owner's revoked record and the audit log, and the
// body and rate limits.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../server/src/db/database.js';
import { generateToken } from '../server/src/tokens/format.js';
import { graphql } from './generated/gql.js';
import { testDatabaseKind } from './support/env.js';
import { expectData, expectTypename } from './support/graphql.js';
import { CREATE_TOKEN, revokeToken, VIEWER_EMAIL } from './support/operations.js';
import {
  postReport,
  publicKeysEnv,
  reportBody,
  scanningKeyPair,
  signature,
  TOKEN_TYPE,
  type ReportAnswer,
} from './support/secret-scanning.js';
import {
  createUserWithToken,
  startTestServer,
  useTestServer,
  type Fixture,
  type TestServer,
} from './support/server.js';
import { answerAfterChange } from './support/other-instance.js';
import { sessionOf } from './support/session.js';

const github = scanningKeyPair('3e6ac5e8b6d4f0c1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70819');
const previous = scanningKeyPair('old-key');
const stranger = scanningKeyPair('3e6ac5e8b6d4f0c1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70819');
const ENV = {
  SECRET_SCANNING_PUBLIC_KEYS: publicKeysEnv(github, previous),
  // No listener heartbeat or webhook poll in the middle of a statement count.
  AUTH_CACHE_HEARTBEAT_MS: '60000',
  WEBHOOK_DELIVERY: 'false',
};
const ctx = useTestServer({ env: ENV, database: { countStatements: true } });

const LEAKED_HISTORY = graphql(`
  query LeakedHistory {
    revokedApiTokens(first: 10) {
      edges {
        node {
          name
          reason
          revokedBy
          leakUrl
          leakSource
        }
      }
    }
  }
`);

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const report = (body: string, signedBy = github) => postReport(ctx.server.url, body, signedBy);
const status = async (server: TestServer, token: string) => (await server.execute(VIEWER_EMAIL, { token })).status;
const records = (fixture: Fixture) =>
  ctx.server.started.db.prisma.revokedApiToken.findMany({ where: { ownerId: fixture.userId } });
const leakAudits = (fixture: Fixture) =>
  ctx.server.started.db.prisma.auditEvent.findMany({
    where: { workspaceId: fixture.workspaceId, action: 'API_TOKEN_LEAKED' },
  });

function expectRefused(answer: ReportAnswer, reason: string) {
  expect(answer.status, answer.text).toBe(401);
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  expect(answer.body.errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason });
}

describe('signature', () => {
  it('accepts a report signed by a configured key (GitHub’s current or an older one)', async () => {
    const body = reportBody([{ token: 'not a token' }]);
    for (const key of [github, previous]) {
      const answer = await report(body, key);
      expect(answer.status, answer.text).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    }
  });

  it('refuses a wrong key, an unknown key, a tampered body and missing headers (401, nothing revoked)', async () => {
    const fixture = await createUserWithToken(ctx.server);
    const body = reportBody([{ token: fixture.token, url: 'https://github.com/o/r/blob/main/.env' }]);
    expectRefused(await report(body, stranger), 'signature_invalid');
    expectRefused(await report(body, scanningKeyPair('unknown-key')), 'unknown_key');
    const tampered = await postReport(ctx.server.url, body.replace('main', 'mainx'), null, {
      'github-public-key-identifier': github.id,
      'github-public-key-signature': signature(body, github),
    });
    expectRefused(tampered, 'signature_invalid');
    expectRefused(await postReport(ctx.server.url, body, null), 'signature_missing');
    expectRefused(
      await postReport(ctx.server.url, body, null, { 'github-public-key-identifier': github.id }),
      'signature_missing',
    );
    expectRefused(
      await postReport(ctx.server.url, body, null, { 'github-public-key-signature': signature(body, github) }),
      'signature_missing',
    );
    expect(await status(ctx.server, fixture.token)).toBe(200);
    expect(await records(fixture)).toEqual([]);
  });
});

describe('reports', () => {
  it('revokes a live token at once and answers true_positive; garbage, unknown and owner-revoked tokens are false_positive', async () => {
    const fixture = await createUserWithToken(ctx.server, { auditLogs: true });
    const session = await sessionOf(ctx.server, fixture.userId);
    const revokedEarlier = expectData(
      await ctx.server.execute(CREATE_TOKEN, { token: fixture.token, variables: { input: { name: 'old one' } } }),
    ).createApiToken;
    expectTypename(revokedEarlier, 'CreateApiTokenSuccess');
    expect(await revokeToken(ctx.server, fixture.token, revokedEarlier.apiToken.id)).toBe('RevokeApiTokenSuccess');
    // Cached as verified: the report must reach this server's cache too.
    expect(await status(ctx.server, fixture.token)).toBe(200);

    const url = 'https://github.com/octocat/Hello-World/blob/12345600b9cbe38a219f39a9941c9319b600c002/foo/bar.txt';
    const unknown = generateToken('pat');
    const matches = [
      { token: 'NMIfyYncKcRALEXAMPLE' },
      { token: unknown },
      { token: fixture.token, url, source: 'commit' },
      { token: revokedEarlier.token },
    ];
    const answer = await report(reportBody(matches));
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toEqual(
      matches.map((match, index) => ({
        token_hash: sha256(match.token),
        token_type: TOKEN_TYPE,
        label: index === 2 ? 'true_positive' : 'false_positive',
      })),
    );
    expect(answer.text).not.toContain(fixture.token);

    // The very next request with it fails.
    expect(await status(ctx.server, fixture.token)).toBe(401);
    // The owner sees where it was found.
    const leaked = expectData(await ctx.server.execute(LEAKED_HISTORY, session)).revokedApiTokens.edges.map(
      (edge) => edge.node,
    );
    expect(leaked).toContainEqual({
      name: 'fixture token',
      reason: 'LEAKED',
      revokedBy: 'secret scanning',
      leakUrl: url,
      leakSource: 'commit',
    });
    expect(leaked).toContainEqual(expect.objectContaining({ name: 'old one', reason: 'OWNER', leakUrl: null }));
    const [audit] = await leakAudits(fixture);
    expect(audit).toMatchObject({
      actorId: null,
      actorEmail: 'secret scanning',
      apiTokenId: fixture.tokenId,
      apiTokenName: 'fixture token',
      userAgent: 'GitHub-Secret-Scanning/1.0',
    });
    expect(audit?.details).toBe(`found in public at ${url} (source: commit); reported by secret scanning`);
    expect(JSON.stringify(audit)).not.toContain(fixture.token.slice(4));
  });

  it('sends nothing to the database for strings that are not well-formed tokens', async () => {
    const { db, app } = ctx.server.started;
    // Nothing else under way: earlier requests' last-use writes are done.
    await app.lastUsed.flush();
    await app.revokedUses.flush();
    const token = generateToken('pat');
    const garbage = [
      'NMIfyYncKcRALEXAMPLE',
      `ghp_${token.slice(4)}`,
      `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`,
      token.slice(0, -2),
    ];
    const before = db.statementCount!();
    const answer = await report(reportBody(garbage.map((text) => ({ token: text }))));
    expect(answer.status).toBe(200);
    expect(answer.body.map((a: { label: string }) => a.label)).toEqual(garbage.map(() => 'false_positive'));
    expect(db.statementCount!() - before).toBe(0);
  });

  it('is idempotent: a replay answers the same and writes nothing again, also when replays race', async () => {
    const fixture = await createUserWithToken(ctx.server, { auditLogs: true });
    const body = reportBody([{ token: fixture.token, url: 'https://gist.github.com/x/1', source: 'gist_content' }]);
    const first = await report(body);
    expect(first.body[0].label).toBe('true_positive');
    const again = await report(body);
    expect(again.text).toBe(first.text);

    const racing = await createUserWithToken(ctx.server, { auditLogs: true });
    const raced = reportBody([
      { token: racing.token, url: 'https://github.com/o/r/pull/1', source: 'pull_request_comment' },
    ]);
    const answers = await Promise.all([report(raced), report(raced), report(raced)]);
    for (const answer of answers) expect(answer.body[0].label, answer.text).toBe('true_positive');

    for (const owner of [fixture, racing]) {
      expect(await records(owner)).toHaveLength(1);
      expect(await leakAudits(owner)).toHaveLength(1);
      expect(await status(ctx.server, owner.token)).toBe(401);
    }
    // The same token twice in one report: one revocation, both answered alike.
    const twice = await createUserWithToken(ctx.server, { auditLogs: true });
    const both = await report(reportBody([{ token: twice.token }, { token: twice.token, url: 'https://x.test/2' }]));
    expect(both.body.map((a: { label: string }) => a.label)).toEqual(['true_positive', 'true_positive']);
    expect(await leakAudits(twice)).toHaveLength(1);
  });

  it('records a canary reported in public as a trip, keeps it armed (true_positive), once per url', async () => {
    const fixture = await createUserWithToken(ctx.server, { auditLogs: true });
    const canary = expectData(
      await ctx.server.execute(CREATE_TOKEN, {
        token: fixture.token,
        variables: { input: { name: 'bait', canary: true } },
      }),
    ).createApiToken;
    expectTypename(canary, 'CreateApiTokenSuccess');
    const body = reportBody([{ token: canary.token, url: 'https://github.com/o/r/blob/main/config.yml' }]);
    expect((await report(body)).body[0].label).toBe('true_positive');
    expect((await report(body)).body[0].label).toBe('true_positive');
    const prisma = ctx.server.started.db.prisma;
    const row = await prisma.apiToken.findFirstOrThrow({ where: { name: 'bait', ownerId: fixture.userId } });
    expect(row.canaryTripCount).toBe(1);
    expect(row.lastUsedAt).toBeNull();
    const trips = await prisma.canaryTrip.findMany({ where: { tokenId: row.id } });
    expect(trips).toEqual([
      expect.objectContaining({ foundAtUrl: 'https://github.com/o/r/blob/main/config.yml', ip: null, userAgent: null }),
    ]);
    const audits = await prisma.auditEvent.findMany({
      where: { workspaceId: fixture.workspaceId, action: 'API_TOKEN_CANARY_TRIGGERED' },
    });
    expect(audits).toHaveLength(1);
    expect(audits[0]?.details).toContain('found in public at https://github.com/o/r/blob/main/config.yml');
  });
});

describe('two instances on one database', () => {
  // A second instance as another process would be: on PostgreSQL its own connection pool.
  async function secondDatabase(): Promise<{ db: Database; close(): Promise<void> }> {
    if (testDatabaseKind !== 'postgres') return { db: ctx.database.db, close: async () => {} };
    const db = await openDatabase({ databaseUrl: ctx.database.databaseUrl! });
    return { db, close: () => db.close() };
  }

  it('a report to one instance: that one refuses on the very next request, the other once the notification reaches it', async () => {
    const second = await secondDatabase();
    const other = await startTestServer(second, { env: ENV });
    try {
      const a = await createUserWithToken(ctx.server);
      const b = await createUserWithToken(ctx.server);
      // Both verified and cached on both instances.
      for (const server of [ctx.server, other]) {
        expect(await status(server, a.token)).toBe(200);
        expect(await status(server, b.token)).toBe(200);
      }
      expect((await postReport(ctx.server.url, reportBody([{ token: a.token }]), github)).body[0].label).toBe(
        'true_positive',
      );
      expect(await answerAfterChange(() => status(other, a.token), 401)).toBe(401);
      expect((await postReport(other.url, reportBody([{ token: b.token }]), github)).body[0].label).toBe(
        'true_positive',
      );
      expect(await answerAfterChange(() => status(ctx.server, b.token), 401)).toBe(401);
    } finally {
      await other.stop();
      await second.close();
    }
  });
});

describe('limits and refusals', () => {
  it('refuses a bad body with 400 and changes nothing', async () => {
    const fixture = await createUserWithToken(ctx.server);
    for (const body of ['{"token":"x"}', 'nope', `[{"token":"${fixture.token}","url":5}]`]) {
      const answer = await report(body);
      expect(answer.status, body).toBe(400);
      expect(answer.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    }
    expect(await status(ctx.server, fixture.token)).toBe(200);
  });

  it('refuses a body over MAX_BODY_BYTES (413) and anything but POST (405)', async () => {
    const big = reportBody(Array.from({ length: 2_000 }, () => ({ token: generateToken('pat') })));
    expect(big.length).toBeGreaterThan(ctx.server.config.hardening.maxBodyBytes);
    expect((await report(big)).status).toBe(413);
    const get = await fetch(`${ctx.server.url}/secret-scanning`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('limits reports per address (429 with Retry-After), and is off (404) when no key is configured', async () => {
    const limited = await startTestServer(ctx.database, { env: { ...ENV, RATE_LIMIT_SECRET_SCANNING: '2' } });
    const unconfigured = await startTestServer(ctx.database);
    try {
      const body = reportBody([{ token: 'x' }]);
      expect((await postReport(limited.url, body, github)).status).toBe(200);
      expect((await postReport(limited.url, body, github)).status).toBe(200);
      const over = await postReport(limited.url, body, github);
      expect(over.status).toBe(429);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(over.body.errors[0].extensions).toEqual({ code: 'RATE_LIMITED', limiter: 'secret_scanning' });

      const off = await postReport(unconfigured.url, body, github);
      expect(off.status).toBe(404);
      expect(off.body.errors[0].message).toContain('SECRET_SCANNING_PUBLIC_KEYS');
    } finally {
      await limited.stop();
      await unconfigured.stop();
    }
  });

  it('a forged report spends the address’s failed-authentication budget', async () => {
    const strict = await startTestServer(ctx.database, { env: { ...ENV, RATE_LIMIT_AUTH_FAILURES: '2' } });
    try {
      const body = reportBody([{ token: 'x' }]);
      expect((await postReport(strict.url, body, stranger)).status).toBe(401);
      expect((await postReport(strict.url, body, stranger)).status).toBe(401);
      const blocked = await postReport(strict.url, body, github);
      expect(blocked.status).toBe(429);
      expect(blocked.body.errors[0].extensions.limiter).toBe('auth_failures');
    } finally {
      await strict.stop();
    }
  });

  it('accepts unsigned reports only where SECRET_SCANNING_ALLOW_UNSIGNED is on', async () => {
    const open = await startTestServer(ctx.database, { env: { SECRET_SCANNING_ALLOW_UNSIGNED: 'true' } });
    try {
      const fixture = await createUserWithToken(ctx.server);
      const answer = await postReport(open.url, reportBody([{ token: fixture.token }]), null);
      expect(answer.status).toBe(200);
      expect(answer.body[0].label).toBe('true_positive');
      expect(await status(ctx.server, fixture.token)).toBe(401);
    } finally {
      await open.stop();
    }
  });
});
