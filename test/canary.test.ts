// Canary tokens on a real server: a canary never authenticates anything and its
// refusal cannot be told from that of a token that does not exist (status, headers,
// body), whatever else is true of it (expired, owner watch-only, workspace not on
// Enterprise); every use is recorded as a trip (time, address, client), counted,
// kept (the latest 100) and audited; and who may create one and read its trips.
import { describe, expect, it } from 'vitest';
import { generateToken } from '../server/src/tokens/format.js';
import { graphql } from './generated/gql.js';
import { errorCode, expectData, expectTypename, globalId, type GraphQLResponse } from './support/graphql.js';
import { VIEWER_EMAIL } from './support/operations.js';
import { createUserWithToken, useTestServer, type Fixture, type TestServer } from './support/server.js';
import { sessionOf } from './support/session.js';

let nowMs = Date.now();
const ctx = useTestServer({ clock: () => new Date(nowMs) });

const CREATE_CANARY = graphql(`
  mutation CreateCanary($input: CreateApiTokenInput!) {
    createApiToken(input: $input) {
      __typename
      ... on CreateApiTokenSuccess {
        token
        apiToken {
          id
          canary
          canaryTripCount
        }
      }
      ... on Error {
        message
      }
    }
  }
`);
const TRIPS = graphql(`
  query CanaryTripsOf($id: ID!, $first: Int) {
    apiToken(id: $id) {
      canary
      canaryTripCount
      lastUsedAt
      lastUsedUserAgent
      canaryTrips(first: $first) {
        occurredAt
        ip
        userAgent
        foundAtUrl
      }
    }
  }
`);
const LIST_CANARIES = graphql(`
  query ListCanaries {
    apiTokens(first: 10) {
      edges {
        node {
          name
          canary
          canaryTripCount
        }
      }
    }
  }
`);

type Request = { token?: string; headers?: Record<string, string> };

/** The database id inside a global id (`ApiToken:<uuid>` in base64). */
const databaseId = (id: string) => Buffer.from(id, 'base64').toString().split(':')[1]!;

async function createCanary(as: Request, name = 'bait', expiresAt?: string) {
  const result = expectData(
    await ctx.server.execute(CREATE_CANARY, { ...as, variables: { input: { name, canary: true, expiresAt } } }),
  ).createApiToken;
  expectTypename(result, 'CreateApiTokenSuccess');
  return { token: result.token, id: result.apiToken.id, apiToken: result.apiToken };
}

const use = (server: TestServer, token: string, userAgent = 'curl/8.5.0') =>
  server.execute(VIEWER_EMAIL, { token, headers: { 'user-agent': userAgent } });

/** Everything a client can observe of a refusal, but what differs per response anyway (date, request id). */
function observable(response: GraphQLResponse<unknown>) {
  const headers = [...response.headers.entries()].filter(([name]) => !['date', 'x-request-id'].includes(name));
  return { status: response.status, headers, text: response.text };
}

async function trips(as: Request, id: string, first = 20) {
  const token = expectData(await ctx.server.execute(TRIPS, { ...as, variables: { id, first } })).apiToken;
  return token;
}

describe('a canary never authenticates', () => {
  it('is refused exactly like a token that does not exist: status, headers and body', async () => {
    const fixture = await createUserWithToken(ctx.server);
    const canary = await createCanary({ token: fixture.token });
    expect(canary.apiToken).toMatchObject({ canary: true, canaryTripCount: 0 });
    expect(canary.token).toMatch(/^pat_[0-9A-Za-z]{38}$/);
    const unknown = await use(ctx.server, generateToken('pat'));
    expect(unknown.status).toBe(401);
    for (let i = 0; i < 2; i += 1) {
      // Twice: a canary is never remembered as verified either.
      expect(observable(await use(ctx.server, canary.token))).toEqual(observable(unknown));
    }
    expect(unknown.body.errors?.[0]?.extensions?.reason).toBe('unknown');
  });

  it('stays indistinguishable when it has expired, its owner is watch-only, or the workspace is not on Enterprise', async () => {
    const unknown = observable(await use(ctx.server, generateToken('pat')));
    const expiring = await createUserWithToken(ctx.server);
    const soon = await createCanary({ token: expiring.token }, 'expires', new Date(nowMs + 60_000).toISOString());
    nowMs += 120_000;
    expect(observable(await use(ctx.server, soon.token))).toEqual(unknown);

    const demoted = await createUserWithToken(ctx.server, { role: 'MEMBER' });
    const ofDemoted = await createCanary({ token: demoted.token });
    await ctx.server.started.db.prisma.user.update({ where: { id: demoted.userId }, data: { role: 'WATCH_ONLY' } });
    expect(observable(await use(ctx.server, ofDemoted.token))).toEqual(unknown);

    const downgraded = await createUserWithToken(ctx.server);
    const ofDowngraded = await createCanary({ token: downgraded.token });
    await ctx.server.started.db.prisma.workspace.update({
      where: { id: downgraded.workspaceId },
      data: { plan: 'TEAM' },
    });
    expect(observable(await use(ctx.server, ofDowngraded.token))).toEqual(unknown);
  });
});

describe('every use is recorded', () => {
  it('as a trip with time, address and client; counted, shown as last use, audited', async () => {
    const fixture = await createUserWithToken(ctx.server, { auditLogs: true });
    const canary = await createCanary({ token: fixture.token });
    const at = nowMs;
    await use(ctx.server, canary.token, 'thief/1');
    nowMs += 1_000;
    await use(ctx.server, canary.token, 'thief/2');
    await ctx.server.started.app.canaryTrips.flush();
    const seen = await trips({ token: fixture.token }, canary.id);
    expect(seen).toMatchObject({
      canary: true,
      canaryTripCount: 2,
      lastUsedAt: new Date(at + 1_000).toISOString(),
      lastUsedUserAgent: 'thief/2',
    });
    expect(seen?.canaryTrips.map((trip) => [trip.occurredAt, trip.userAgent, trip.foundAtUrl])).toEqual([
      [new Date(at + 1_000).toISOString(), 'thief/2', null],
      [new Date(at).toISOString(), 'thief/1', null],
    ]);
    for (const trip of seen?.canaryTrips ?? []) expect(trip.ip).toMatch(/127\.0\.0\.1|::1/);
    const audits = await ctx.server.started.db.prisma.auditEvent.findMany({
      where: { workspaceId: fixture.workspaceId, action: 'API_TOKEN_CANARY_TRIGGERED' },
      orderBy: { id: 'asc' },
    });
    expect(audits.map((event) => [event.userAgent, event.apiTokenName, event.actorId])).toEqual([
      ['thief/1', 'bait', null],
      ['thief/2', 'bait', null],
    ]);
    expect(audits[0]?.details).toContain('canary token');
    const listed = expectData(await ctx.server.execute(LIST_CANARIES, { token: fixture.token })).apiTokens.edges;
    expect(listed.map((edge) => edge.node)).toContainEqual({ name: 'bait', canary: true, canaryTripCount: 2 });
  });

  it('writes no audit row in a workspace without audit logs', async () => {
    const fixture = await createUserWithToken(ctx.server, { auditLogs: false });
    const canary = await createCanary({ token: fixture.token });
    await use(ctx.server, canary.token);
    await ctx.server.started.app.canaryTrips.flush();
    expect((await trips({ token: fixture.token }, canary.id))?.canaryTripCount).toBe(1);
    expect(await ctx.server.started.db.prisma.auditEvent.count({ where: { workspaceId: fixture.workspaceId } })).toBe(
      0,
    );
  });

  it('keeps the latest 100 trips and counts them all', async () => {
    const fixture = await createUserWithToken(ctx.server);
    const canary = await createCanary({ token: fixture.token });
    const tokenId = databaseId(canary.id);
    expect(globalId('ApiToken', tokenId)).toBe(canary.id);
    for (let i = 0; i < 105; i += 1)
      await ctx.server.started.app.tokens.recordCanaryTrip(
        tokenId,
        { ip: '198.51.100.7', userAgent: `probe ${i}` },
        new Date(nowMs + i),
      );
    const seen = await trips({ token: fixture.token }, canary.id, 100);
    expect(seen?.canaryTripCount).toBe(105);
    expect(seen?.canaryTrips).toHaveLength(100);
    expect(seen?.canaryTrips[0]?.userAgent).toBe('probe 104');
    expect(seen?.canaryTrips.at(-1)?.userAgent).toBe('probe 5');
    expect(await ctx.server.started.db.prisma.canaryTrip.count({ where: { tokenId } })).toBe(100);
    // An ordinary token is no canary: nothing to record.
    expect(
      await ctx.server.started.app.tokens.recordCanaryTrip(fixture.tokenId, { ip: null, userAgent: null }, new Date()),
    ).toBe(false);
  });
});

describe('authorization', () => {
  it('creating a canary: admins and members may; watch-only users, Team plans and anonymous callers may not', async () => {
    const admin = await createUserWithToken(ctx.server, { role: 'ADMIN' });
    const member = await createUserWithToken(ctx.server, { role: 'MEMBER' });
    for (const who of [admin, member]) await createCanary({ token: who.token });

    const watcher = await createUserWithToken(ctx.server, { role: 'WATCH_ONLY' });
    const asWatcher = expectData(
      await ctx.server.execute(CREATE_CANARY, {
        ...(await sessionOf(ctx.server, watcher.userId)),
        variables: { input: { name: 'x', canary: true } },
      }),
    ).createApiToken;
    expectTypename(asWatcher, 'ForbiddenError');

    const team = await createUserWithToken(ctx.server, { plan: 'TEAM' });
    const asTeam = await ctx.server.execute(CREATE_CANARY, {
      token: team.token,
      variables: { input: { name: 'x', canary: true } },
    });
    expect([asTeam.status, errorCode(asTeam)]).toEqual([403, 'FORBIDDEN']);

    const anonymous = await ctx.server.execute(CREATE_CANARY, { variables: { input: { name: 'x', canary: true } } });
    expect([anonymous.status, errorCode(anonymous)]).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('reading trips: only the owner (also a suspended owner’s session); anyone else gets null', async () => {
    const owner = await createUserWithToken(ctx.server, { role: 'MEMBER' });
    const canary = await createCanary({ token: owner.token });
    await use(ctx.server, canary.token);
    await ctx.server.started.app.canaryTrips.flush();

    const admin = await createUserWithToken(ctx.server, { role: 'ADMIN', workspaceId: owner.workspaceId });
    const colleague = await createUserWithToken(ctx.server, { role: 'MEMBER', workspaceId: owner.workspaceId });
    const elsewhere = await createUserWithToken(ctx.server, { role: 'ADMIN' });
    for (const other of [admin, colleague, elsewhere] as Fixture[]) {
      expect(await trips({ token: other.token }, canary.id)).toBeNull();
    }
    expect((await trips({ token: owner.token }, canary.id))?.canaryTrips).toHaveLength(1);
    await ctx.server.started.db.prisma.user.update({ where: { id: owner.userId }, data: { role: 'WATCH_ONLY' } });
    expect((await trips(await sessionOf(ctx.server, owner.userId), canary.id))?.canaryTrips).toHaveLength(1);

    const anonymous = await ctx.server.execute(TRIPS, { variables: { id: canary.id } });
    expect([anonymous.status, errorCode(anonymous)]).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('rejects a trip list size outside 1–100', async () => {
    const fixture = await createUserWithToken(ctx.server);
    const canary = await createCanary({ token: fixture.token });
    const response = await ctx.server.execute(TRIPS, {
      token: fixture.token,
      variables: { id: canary.id, first: 500 },
    });
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
  });
});
