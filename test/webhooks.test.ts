// Webhooks on a real server and database, delivered to a local receiver that
// verifies every signature with the `standardwebhooks` package: the events and
// their bodies (never a secret), retries after 500s and time-outs with exponential
// backoff (an injected clock; jitter pinned), one delivery at a time per endpoint in
// event order, nothing for a rolled-back change, a restart in the middle of the
// retries (and a server that died mid-send), an endpoint disabled after a day of
// failures and re-enabled by an admin, test events, expiring-token events raised
// once, and who may manage endpoints.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RotateApiTokenDocument } from '../sdk/src/generated/graphql.js';
import { enqueueEvent, prismaWriter } from '../server/src/events/outbox.js';
import { createTokenService } from '../server/src/tokens/service.js';
import { retryDelayMs } from '../server/src/webhooks/worker.js';
import { createTestDatabase } from './support/database.js';
import { expectData, errorCode, expectTypename, globalId } from './support/graphql.js';
import { CREATE_TOKEN, createToken, revokeToken, VIEWER_EMAIL } from './support/operations.js';
import { createUserWithToken, startTestServer, useTestServer, type TestServer } from './support/server.js';
import { sessionOf } from './support/session.js';
import { startReceiver, type Receiver } from './support/webhook-receiver.js';
import {
  CREATE_WEBHOOK,
  createWebhook,
  DELETE_WEBHOOK,
  deliveriesOf,
  SEND_TEST_WEBHOOK,
  UPDATE_WEBHOOK,
  WEBHOOK_ENDPOINTS,
} from './support/webhooks.js';

let nowMs = Date.now();
const clock = () => new Date(nowMs);
const HOUR = 3_600_000;
const ENV = {
  WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
  // So the token policy can be changed (a token_policy.updated event).
  TOKEN_ENCRYPTION_KEY: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  // Generous: a receiver in this process, on a busy machine, may take a while; the time-out case waits for it.
  WEBHOOK_TIMEOUT_MS: '3000',
};
// Jitter pinned to its middle: every delay is exactly 5 s × 4ⁿ⁻¹.
const ctx = useTestServer({ clock, env: ENV, random: () => 0.5 });
let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
});

const drain = (server: TestServer = ctx.server) => server.started.app.webhookWorker.drain();
/** The database id inside a global id (`<Type>:<uuid>` in base64). */
const rawId = (id: string) => Buffer.from(id, 'base64').toString().split(':')[1]!;
const since = (from: number) => receiver.received.slice(from);
const hook = (path: string) => `${receiver.url}/${path}`;

describe('delivery', () => {
  it('sends each event it subscribed to, signed per Standard Webhooks, with no secret in the body', async () => {
    const admin = await createUserWithToken(ctx.server, { auditLogs: true });
    const endpoint = await createWebhook(ctx.server, admin.token, hook('basic'), [
      'API_TOKEN_CREATED',
      'API_TOKEN_REVOKED',
    ]);
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const from = receiver.received.length;
    const created = await createToken(ctx.server, admin.token, 'deploys');
    await drain();
    expect(await revokeToken(ctx.server, admin.token, created.id)).toBe('RevokeApiTokenSuccess');
    await drain();

    const got = since(from).filter((request) => request.path === '/basic');
    expect(got).toHaveLength(2);
    const [first, second] = got.map((request) => receiver.verify(request, endpoint.secret));
    expect(first).toMatchObject({
      type: 'api_token.created',
      data: {
        api_token: {
          id: created.id,
          name: 'deploys',
          owner: { id: globalId('User', admin.userId), email: admin.email },
        },
        actor: { id: globalId('User', admin.userId), email: admin.email },
      },
    });
    expect(second).toMatchObject({
      type: 'api_token.revoked',
      data: { api_token: { id: created.id }, reason: 'OWNER' },
    });
    for (const request of got) {
      expect(request.headers['webhook-id']).toMatch(/^msg_[0-9a-f-]{36}$/);
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.body).not.toContain(created.token);
      expect(request.body).not.toContain(created.token.slice(4, 20));
      expect(request.body).not.toContain(endpoint.secret);
    }
    // Another key does not verify it.
    expect(() => receiver.verify(got[0]!, `whsec_${Buffer.alloc(32, 1).toString('base64')}`)).toThrow();

    // Admins see each delivery with its status code; the secret is never shown again.
    const seen = await deliveriesOf(ctx.server, admin.token, endpoint.id);
    expect(seen.deliveries.map((d) => [d.eventType, d.status, d.lastStatusCode, d.attempts])).toEqual([
      ['api_token.revoked', 'SUCCEEDED', 200, 1],
      ['api_token.created', 'SUCCEEDED', 200, 1],
    ]);
    const listed = await ctx.server.execute(WEBHOOK_ENDPOINTS, { token: admin.token });
    expect(listed.text).not.toContain(endpoint.secret);
  });

  it('sends the leak, canary, used-after-revocation and policy events to those who want them', async () => {
    const admin = await createUserWithToken(ctx.server, { auditLogs: true });
    const endpoint = await createWebhook(ctx.server, admin.token, hook('all'), [
      'API_TOKEN_LEAKED',
      'API_TOKEN_CANARY_TRIGGERED',
      'API_TOKEN_USED_AFTER_REVOCATION',
      'TOKEN_POLICY_UPDATED',
    ]);
    const from = receiver.received.length;
    const { app } = ctx.server.started;
    // Leaked: a report through the service (POST /secret-scanning is tested on its own).
    const leaked = await createToken(ctx.server, admin.token, 'leaky');
    await app.tokens.revokeLeaked(
      [{ token: leaked.token, url: 'https://github.com/o/r/blob/x/.env', source: 'commit' }],
      {
        ip: null,
        userAgent: 'test',
      },
    );
    // Used after revocation.
    expect((await ctx.server.execute(VIEWER_EMAIL, { token: leaked.token })).status).toBe(401);
    await app.revokedUses.flush();
    // A canary's use.
    const canary = expectData(
      await ctx.server.execute(CREATE_TOKEN, {
        token: admin.token,
        variables: { input: { name: 'bait', canary: true } },
      }),
    ).createApiToken;
    expectTypename(canary, 'CreateApiTokenSuccess');
    expect(
      (await ctx.server.execute(VIEWER_EMAIL, { token: canary.token, headers: { 'user-agent': 'thief/1' } })).status,
    ).toBe(401);
    await app.canaryTrips.flush();
    // The policy: a change raises it; a "change" to what it already is raises nothing.
    const policyActor = { userId: admin.userId, email: admin.email, workspaceId: admin.workspaceId };
    const meta = { ip: null, userAgent: 'test' };
    await app.tokenPolicy.update(policyActor, { tokensRevealable: true }, meta);
    await app.tokenPolicy.update(policyActor, { tokensRevealable: true }, meta);
    await drain();
    const got = since(from)
      .filter((request) => request.path === '/all')
      .map((request) => receiver.verify(request, endpoint.secret));
    expect(got.map((event) => event.type)).toEqual([
      'api_token.leaked',
      'api_token.used_after_revocation',
      'api_token.canary_triggered',
      'token_policy.updated',
    ]);
    expect(got[0]!.data).toMatchObject({
      leak: { url: 'https://github.com/o/r/blob/x/.env', source: 'commit' },
      revoked: true,
    });
    expect(got[1]!.data).toMatchObject({ api_token: { id: leaked.id }, uses: 1, total_uses: 1 });
    expect(got[2]!.data).toMatchObject({ api_token: { name: 'bait', canary: true }, trip: { user_agent: 'thief/1' } });
    expect(got[3]!.data).toMatchObject({
      policy: { tokens_revealable: true },
      actor: { id: globalId('User', admin.userId), email: admin.email },
    });
  });

  it('sends api_token.rotated, and api_token.leaked (token kept) when a rotated-away secret is reported', async () => {
    const admin = await createUserWithToken(ctx.server);
    const endpoint = await createWebhook(ctx.server, admin.token, hook('rotated'), [
      'API_TOKEN_ROTATED',
      'API_TOKEN_LEAKED',
      'API_TOKEN_REVOKED',
    ]);
    const from = receiver.received.length;
    const old = await createToken(ctx.server, admin.token, 'to rotate');
    const rotated = expectData(
      await ctx.server.execute(RotateApiTokenDocument, {
        token: admin.token,
        variables: { input: { id: old.id, overlapSeconds: 3600 } },
      }),
    ).rotateApiToken;
    expectTypename(rotated, 'RotateApiTokenSuccess');
    await ctx.server.started.app.tokens.revokeLeaked(
      [{ token: old.token, url: 'https://x.test/old', source: 'commit' }],
      {
        ip: null,
        userAgent: 'test',
      },
    );
    await drain();
    const got = since(from)
      .filter((request) => request.path === '/rotated')
      .map((request) => receiver.verify(request, endpoint.secret));
    expect(got.map((event) => event.type)).toEqual(['api_token.rotated', 'api_token.leaked']);
    expect(got[0]!.data).toMatchObject({
      api_token: { id: old.id, name: 'to rotate' },
      previous_secret_expires_at: rotated.previousSecretExpiresAt,
    });
    expect(got[1]!.data).toMatchObject({
      api_token: { id: old.id },
      leak: { url: 'https://x.test/old', source: 'commit' },
      revoked: false,
      previous_secret_ended: true,
    });
    for (const request of since(from)) {
      expect(request.body).not.toContain(rotated.token);
      expect(request.body).not.toContain(old.token);
    }
  });

  it('retries after a 500 and a time-out with exponential backoff, the same webhook-id each time', async () => {
    const admin = await createUserWithToken(ctx.server);
    const endpoint = await createWebhook(ctx.server, admin.token, hook('retry'), ['API_TOKEN_CREATED']);
    const from = receiver.received.length;
    receiver.respond('/retry', 500, 'hang');
    const start = nowMs;
    await createToken(ctx.server, admin.token, 'retried');
    await drain();
    let delivery = (await deliveriesOf(ctx.server, admin.token, endpoint.id)).deliveries[0]!;
    expect(delivery).toMatchObject({ status: 'PENDING', attempts: 1, lastStatusCode: 500 });
    expect(delivery.lastError).toBe('HTTP 500: receiver says no');
    expect(delivery.nextAttemptAt).toBe(new Date(start + retryDelayMs(1, () => 0.5)).toISOString());
    expect(retryDelayMs(1, () => 0.5)).toBe(5_000);

    // Not due yet: nothing is sent.
    nowMs = start + 4_999;
    await drain();
    expect(since(from)).toHaveLength(1);
    nowMs = start + 5_000;
    await drain();
    delivery = (await deliveriesOf(ctx.server, admin.token, endpoint.id)).deliveries[0]!;
    expect(delivery).toMatchObject({ status: 'PENDING', attempts: 2, lastStatusCode: null });
    expect(delivery.lastError).toBe('No answer within 3000 ms.');
    expect(delivery.nextAttemptAt).toBe(new Date(nowMs + 20_000).toISOString());

    nowMs += 20_000;
    await drain();
    delivery = (await deliveriesOf(ctx.server, admin.token, endpoint.id)).deliveries[0]!;
    expect(delivery).toMatchObject({ status: 'SUCCEEDED', attempts: 3, lastStatusCode: 200, lastError: null });
    const attempts = since(from).filter((request) => request.path === '/retry');
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map((request) => request.headers['webhook-id'])).size).toBe(1);
    for (const request of attempts) expect(receiver.verify(request, endpoint.secret).type).toBe('api_token.created');
    // Jitter: the delay is spread over 0.5–1.5 times its base, and grows by 4 each time up to 8 hours.
    expect([retryDelayMs(1, () => 0), retryDelayMs(1, () => 0.999_999)]).toEqual([2_500, 7_500]);
    expect([2, 3, 4, 9, 12].map((n) => retryDelayMs(n, () => 0.5))).toEqual([
      20_000,
      80_000,
      320_000,
      8 * HOUR,
      8 * HOUR,
    ]);
  });

  it('sends one delivery at a time per endpoint, in event order, a failure holding back the rest', async () => {
    const admin = await createUserWithToken(ctx.server);
    const endpoint = await createWebhook(ctx.server, admin.token, hook('ordered'), ['API_TOKEN_CREATED']);
    const from = receiver.received.length;
    receiver.respond('/ordered', 503);
    for (const name of ['one', 'two', 'three']) await createToken(ctx.server, admin.token, name);
    await drain();
    // Only the first was tried: the others wait behind it.
    expect(since(from).filter((request) => request.path === '/ordered')).toHaveLength(1);
    nowMs += 5_000;
    await drain();
    const got = since(from)
      .filter((request) => request.path === '/ordered')
      .map((request) => receiver.verify(request, endpoint.secret).data.api_token.name);
    expect(got).toEqual(['one', 'one', 'two', 'three']);
    expect(receiver.maxInFlight('/ordered')).toBe(1);
  });

  it('writes no event for a change that is rolled back', async () => {
    const admin = await createUserWithToken(ctx.server);
    await createWebhook(ctx.server, admin.token, hook('rollback'), [
      'API_TOKEN_REVOKED',
      'API_TOKEN_LEAKED',
      'API_TOKEN_CREATED',
    ]);
    const { prisma, sql } = ctx.server.started.db;
    const events = () => prisma.webhookEvent.count({ where: { workspaceId: admin.workspaceId } });
    const before = await events();
    // A leak revokes and writes two events, `revoked` then `leaked`: refuse the second, so the
    // change fails after its first event was written.
    await sql.exec(`
      CREATE FUNCTION refuse_leaked() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.type = 'api_token.leaked' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER refuse_leaked BEFORE INSERT ON webhook_events FOR EACH ROW EXECUTE FUNCTION refuse_leaked();`);
    try {
      await expect(
        ctx.server.started.app.tokens.revokeLeaked([{ token: admin.token, url: null, source: null }], {
          ip: null,
          userAgent: 'test',
        }),
      ).rejects.toThrow(/refused/);
      // And straight through the outbox: a transaction that throws leaves nothing.
      await expect(
        prisma.$transaction(async (tx) => {
          await enqueueEvent(
            prismaWriter(tx),
            { workspaceId: admin.workspaceId, type: 'api_token.created', data: {} },
            clock(),
          );
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
    } finally {
      await sql.exec('DROP TRIGGER refuse_leaked ON webhook_events; DROP FUNCTION refuse_leaked();');
    }
    const from = receiver.received.length;
    await drain();
    expect(await events()).toBe(before);
    expect(since(from).filter((request) => request.path === '/rollback')).toHaveLength(0);
    // The change itself is undone too: the token still works.
    expect((await ctx.server.execute(VIEWER_EMAIL, { token: admin.token })).status).toBe(200);
  });

  it('disables an endpoint after a day of failures, and delivers again once an admin re-enables it', async () => {
    const admin = await createUserWithToken(ctx.server, { auditLogs: true });
    const endpoint = await createWebhook(ctx.server, admin.token, hook('down'), ['API_TOKEN_CREATED']);
    receiver.setFallback('/down', 500);
    try {
      const start = nowMs;
      await createToken(ctx.server, admin.token, 'first');
      await drain();
      let attempts = 1;
      // Follow the schedule: each retry when it is due, until the endpoint gives up.
      for (;;) {
        const state = await deliveriesOf(ctx.server, admin.token, endpoint.id);
        if (!state.enabled) break;
        const next = state.deliveries[0]!.nextAttemptAt!;
        expect(Date.parse(next)).toBeLessThanOrEqual(start + 24 * HOUR);
        nowMs = Date.parse(next);
        await drain();
        attempts += 1;
        expect(attempts).toBeLessThan(20);
      }
      const state = await deliveriesOf(ctx.server, admin.token, endpoint.id);
      expect(nowMs).toBe(start + 24 * HOUR);
      expect(state.enabled).toBe(false);
      expect(state.disabledReason).toMatch(/^Every delivery failed for 24 hours \(last: HTTP 500/);
      expect(state.deliveries[0]).toMatchObject({ status: 'FAILED', attempts });
      expect(attempts).toBeGreaterThanOrEqual(8);

      // While disabled, new events are not queued for it.
      await createToken(ctx.server, admin.token, 'while disabled');
      expect((await deliveriesOf(ctx.server, admin.token, endpoint.id)).deliveries).toHaveLength(1);
      const testWhileDisabled = expectData(
        await ctx.server.execute(SEND_TEST_WEBHOOK, { token: admin.token, variables: { id: endpoint.id } }),
      ).sendTestWebhookEvent;
      expectTypename(testWhileDisabled, 'ValidationError');
    } finally {
      receiver.setFallback('/down', 200);
    }
    const enabled = expectData(
      await ctx.server.execute(UPDATE_WEBHOOK, {
        token: admin.token,
        variables: { input: { id: endpoint.id, enabled: true } },
      }),
    ).updateWebhookEndpoint;
    expectTypename(enabled, 'UpdateWebhookEndpointSuccess');
    expect(enabled.webhookEndpoint).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
    const from = receiver.received.length;
    await createToken(ctx.server, admin.token, 'after');
    await drain();
    const got = since(from).filter((request) => request.path === '/down');
    expect(got.map((request) => receiver.verify(request, endpoint.secret).data.api_token.name)).toEqual(['after']);
    const audit = await ctx.server.started.db.prisma.auditEvent.findMany({
      where: { workspaceId: admin.workspaceId, action: 'WEBHOOK_ENDPOINT_UPDATED' },
    });
    expect(audit.map((event) => event.details)).toEqual([`${hook('down')}: re-enabled`]);
  });

  it('sends a test event to one endpoint on request', async () => {
    const admin = await createUserWithToken(ctx.server);
    const endpoint = await createWebhook(ctx.server, admin.token, hook('test-event'), ['API_TOKEN_REVOKED']);
    const from = receiver.received.length;
    const sent = expectData(
      await ctx.server.execute(SEND_TEST_WEBHOOK, { token: admin.token, variables: { id: endpoint.id } }),
    ).sendTestWebhookEvent;
    expectTypename(sent, 'SendTestWebhookEventSuccess');
    expect(sent.delivery).toMatchObject({ eventType: 'webhook.test', status: 'PENDING' });
    await drain();
    const [request] = since(from).filter((r) => r.path === '/test-event');
    const event = receiver.verify(request!, endpoint.secret);
    expect(event).toMatchObject({ type: 'webhook.test', data: { endpoint_id: endpoint.id } });
    expect(request!.headers['webhook-id']).toBe(sent.delivery.webhookId);
    const seen = await deliveriesOf(ctx.server, admin.token, endpoint.id);
    expect(seen.deliveries[0]).toMatchObject({ eventType: 'webhook.test', status: 'SUCCEEDED', lastStatusCode: 200 });
  });
});

describe('restarts', () => {
  it('a server restarted in the middle of the retries carries on; a send cut off by a crash is made again', async () => {
    // A database of its own: no other instance to deliver in its place.
    const database = await createTestDatabase();
    let first: TestServer | undefined = await startTestServer(database, { clock, env: ENV, random: () => 0.5 });
    let second: TestServer | undefined;
    try {
      const admin = await createUserWithToken(first);
      const endpoint = await createWebhook(first, admin.token, hook('restart'), ['API_TOKEN_CREATED']);
      const from = receiver.received.length;
      receiver.respond('/restart', 500);
      await createToken(first, admin.token, 'survivor');
      await drain(first);
      await first.stop();
      first = undefined;

      // Meanwhile (while no server runs: the CLI, say), a second event queues behind the failed one.
      const prisma = database.db.prisma;
      const owner = await prisma.user.findUniqueOrThrow({ where: { id: admin.userId } });
      await createTokenService(ctx.server.config, database.db, { fence: (_key, write) => write() }).create(
        {
          userId: owner.id,
          email: owner.email,
          role: owner.role,
          workspaceId: owner.workspaceId,
          auditLogsEnabled: false,
        },
        { name: 'queued' },
        { ip: null, userAgent: 'test' },
      );
      const endpointId = rawId(endpoint.id);
      const queued = await prisma.webhookDelivery.findFirstOrThrow({
        where: { endpointId, status: 'PENDING' },
        orderBy: { id: 'desc' },
      });

      second = await startTestServer(database, { clock, env: ENV, random: () => 0.5 });
      nowMs += 5_000;
      await drain(second);
      // The new server retried the first where the old one left off, then sent the queued one, in order.
      const names = since(from)
        .filter((request) => request.path === '/restart')
        .map((request) => receiver.verify(request, endpoint.secret).data.api_token.name);
      expect(names).toEqual(['survivor', 'survivor', 'queued']);
      expect((await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: queued.id } })).status).toBe('SUCCEEDED');

      // A lease left by an instance that died mid-send: the delivery is taken again once the lease runs out.
      await createToken(second, admin.token, 'cut off');
      await drain(second);
      const cutOff = await prisma.webhookDelivery.findFirstOrThrow({ where: { endpointId }, orderBy: { id: 'desc' } });
      await prisma.webhookDelivery.update({
        where: { id: cutOff.id },
        data: { status: 'PENDING', leasedUntil: new Date(nowMs + 60_000), attempts: cutOff.attempts + 1 },
      });
      const before = receiver.received.length;
      await drain(second);
      expect(receiver.received.length).toBe(before);
      nowMs += 60_000;
      await drain(second);
      expect(since(before).map((request) => receiver.verify(request, endpoint.secret).data.api_token.name)).toEqual([
        'cut off',
      ]);
    } finally {
      await first?.stop();
      await second?.stop();
      await database.drop();
    }
  });
});

describe('expiring tokens', () => {
  it('raises api_token.expiring 7 days and 1 day before, each once, on one instance at a time', async () => {
    const admin = await createUserWithToken(ctx.server);
    const endpoint = await createWebhook(ctx.server, admin.token, hook('expiring'), ['API_TOKEN_EXPIRING']);
    const created = expectData(
      await ctx.server.execute(CREATE_TOKEN, {
        token: admin.token,
        variables: { input: { name: 'short-lived', expiresAt: new Date(nowMs + 10 * 24 * HOUR).toISOString() } },
      }),
    ).createApiToken;
    expectTypename(created, 'CreateApiTokenSuccess');
    const from = receiver.received.length;
    const expiring = () =>
      since(from)
        .filter((request) => request.path === '/expiring')
        .map((request) => receiver.verify(request, endpoint.secret).data);
    const expiringEvents = ctx.server.started.app.expiringEvents;
    await expiringEvents.run();
    await drain();
    expect(expiring()).toEqual([]);

    nowMs += 3 * 24 * HOUR + 1_000; // 7 days minus a second before expiry
    // Two instances at the same moment: one raises it.
    const other = await startTestServer(ctx.database, { clock, env: ENV });
    try {
      await Promise.all([expiringEvents.run(), other.started.app.expiringEvents.run()]);
    } finally {
      await other.stop();
    }
    await expiringEvents.run();
    await drain();
    expect(expiring().map((data) => [data.api_token.name, data.days_before])).toEqual([['short-lived', 7]]);

    nowMs += 6 * 24 * HOUR; // under a day left
    await expiringEvents.run();
    await expiringEvents.run();
    await drain();
    expect(expiring().map((data) => data.days_before)).toEqual([7, 1]);
    expect(expiring()[1]).toMatchObject({
      api_token: { id: created.apiToken.id },
      expires_at: created.apiToken.expiresAt,
    });
  });
});

describe('who may manage endpoints', () => {
  const input = (url: string) => ({ url, events: ['API_TOKEN_CREATED' as const] });

  it('admins only: members and watch-only users get ForbiddenError, Team plans 403, anonymous 401', async () => {
    const admin = await createUserWithToken(ctx.server, { role: 'ADMIN' });
    const member = await createUserWithToken(ctx.server, { role: 'MEMBER', workspaceId: admin.workspaceId });
    const watcher = await createUserWithToken(ctx.server, { role: 'WATCH_ONLY', workspaceId: admin.workspaceId });
    const endpoint = await createWebhook(ctx.server, admin.token, hook('authz'), ['API_TOKEN_CREATED']);

    const asMember = { token: member.token };
    const asWatcher = await sessionOf(ctx.server, watcher.userId);
    for (const who of [asMember, asWatcher]) {
      const created = expectData(
        await ctx.server.execute(CREATE_WEBHOOK, { ...who, variables: { input: input(hook('x')) } }),
      ).createWebhookEndpoint;
      expectTypename(created, 'ForbiddenError');
      expect(created.message).toBe('Only workspace admins can manage webhooks.');
      for (const [document, variables] of [
        [UPDATE_WEBHOOK, { input: { id: endpoint.id, enabled: false } }],
        [DELETE_WEBHOOK, { id: endpoint.id }],
        [SEND_TEST_WEBHOOK, { id: endpoint.id }],
      ] as const) {
        const response = await ctx.server.execute(document as typeof DELETE_WEBHOOK, {
          ...who,
          variables: variables as { id: string },
        });
        const result = Object.values(expectData(response))[0] as { __typename: string };
        expect(result.__typename).toBe('ForbiddenError');
      }
      const listed = await ctx.server.execute(WEBHOOK_ENDPOINTS, who);
      expect(listed.body.errors?.[0]).toMatchObject({
        message: 'Only workspace admins can manage webhooks.',
        extensions: { code: 'FORBIDDEN' },
      });
    }

    const team = await createUserWithToken(ctx.server, { plan: 'TEAM' });
    const asTeam = await ctx.server.execute(CREATE_WEBHOOK, {
      token: team.token,
      variables: { input: input(hook('x')) },
    });
    expect([asTeam.status, errorCode(asTeam)]).toEqual([403, 'FORBIDDEN']);
    const anonymous = await ctx.server.execute(WEBHOOK_ENDPOINTS, {});
    expect([anonymous.status, errorCode(anonymous)]).toEqual([401, 'UNAUTHENTICATED']);
    // Nothing changed.
    expect((await deliveriesOf(ctx.server, admin.token, endpoint.id)).enabled).toBe(true);
  });

  it('another workspace’s endpoint does not exist for an admin elsewhere', async () => {
    const owner = await createUserWithToken(ctx.server);
    const stranger = await createUserWithToken(ctx.server);
    const endpoint = await createWebhook(ctx.server, owner.token, hook('theirs'), ['API_TOKEN_CREATED']);
    for (const [document, variables] of [
      [UPDATE_WEBHOOK, { input: { id: endpoint.id, enabled: false } }],
      [DELETE_WEBHOOK, { id: endpoint.id }],
      [SEND_TEST_WEBHOOK, { id: endpoint.id }],
    ] as const) {
      const response = await ctx.server.execute(document as typeof DELETE_WEBHOOK, {
        token: stranger.token,
        variables: variables as { id: string },
      });
      const result = Object.values(expectData(response))[0] as { __typename: string; message: string };
      expect(result).toEqual({ __typename: 'NotFoundError', message: 'No webhook endpoint with this id exists.' });
    }
    expect(expectData(await ctx.server.execute(WEBHOOK_ENDPOINTS, { token: stranger.token })).webhookEndpoints).toEqual(
      [],
    );
    expect((await deliveriesOf(ctx.server, owner.token, endpoint.id)).enabled).toBe(true);
  });

  it('refuses bad input with ValidationError, and more than 10 endpoints even when registered at once', async () => {
    const admin = await createUserWithToken(ctx.server);
    const refused = async (variables: {
      url: string;
      events: ('API_TOKEN_CREATED' | 'API_TOKEN_LEAKED')[];
      description?: string;
    }) => {
      const result = expectData(
        await ctx.server.execute(CREATE_WEBHOOK, { token: admin.token, variables: { input: variables } }),
      ).createWebhookEndpoint;
      expectTypename(result, 'ValidationError');
      return result.field;
    };
    expect(await refused({ url: 'ftp://example.com/hook', events: ['API_TOKEN_CREATED'] })).toBe('url');
    expect(await refused({ url: 'not a url', events: ['API_TOKEN_CREATED'] })).toBe('url');
    expect(await refused({ url: 'http://user:secret@127.0.0.1/', events: ['API_TOKEN_CREATED'] })).toBe('url');
    expect(await refused({ url: hook('x'), events: [] })).toBe('events');
    expect(await refused({ url: hook('x'), events: ['API_TOKEN_CREATED'], description: 'x'.repeat(201) })).toBe(
      'description',
    );
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        ctx.server.execute(CREATE_WEBHOOK, {
          token: admin.token,
          variables: { input: { url: hook(`many/${i}`), events: ['API_TOKEN_CREATED'] } },
        }),
      ),
    );
    const typenames = results.map((response) => expectData(response).createWebhookEndpoint.__typename);
    expect(typenames.filter((name) => name === 'CreateWebhookEndpointSuccess')).toHaveLength(10);
    expect(typenames.filter((name) => name === 'ValidationError')).toHaveLength(2);
    expect(
      await ctx.server.started.db.prisma.webhookEndpoint.count({ where: { workspaceId: admin.workspaceId } }),
    ).toBe(10);
  });

  it('deletes an endpoint with its deliveries (audited)', async () => {
    const admin = await createUserWithToken(ctx.server, { auditLogs: true });
    const endpoint = await createWebhook(ctx.server, admin.token, hook('gone'), ['API_TOKEN_CREATED']);
    await createToken(ctx.server, admin.token, 'x');
    await drain();
    const deleted = expectData(
      await ctx.server.execute(DELETE_WEBHOOK, { token: admin.token, variables: { id: endpoint.id } }),
    ).deleteWebhookEndpoint;
    expect(deleted.__typename).toBe('DeleteWebhookEndpointSuccess');
    expect(expectData(await ctx.server.execute(WEBHOOK_ENDPOINTS, { token: admin.token })).webhookEndpoints).toEqual(
      [],
    );
    const actions = await ctx.server.started.db.prisma.auditEvent.findMany({
      where: {
        workspaceId: admin.workspaceId,
        action: { in: ['WEBHOOK_ENDPOINT_CREATED', 'WEBHOOK_ENDPOINT_DELETED'] },
      },
      orderBy: { id: 'asc' },
    });
    expect(actions.map((event) => [event.action, event.details])).toEqual([
      ['WEBHOOK_ENDPOINT_CREATED', `${hook('gone')} (api_token.created)`],
      ['WEBHOOK_ENDPOINT_DELETED', hook('gone')],
    ]);
  });
});
