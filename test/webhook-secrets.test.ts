// Webhook signing secrets kept encrypted at rest (WEBHOOK_SECRET_KEY), on a real
// server and database, delivered to a local receiver that verifies each signature:
// a new endpoint's secret is stored sealed and never as it is; a server without the
// key fails the delivery with a clear error and one with the key back sends it; a
// sealed secret copied onto another endpoint does not open; `webhook seal-secrets`
// seals plaintext secrets and reseals those of older keys (key rotation), names the
// ones no listed key opens, changes nothing twice when run twice at once, changes
// nothing at all when a write fails partway, and refuses without a key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute } from '../server/src/admin/commands.js';
import { commandServicesOf } from '../server/src/runtime.js';
import { expectData, expectTypename } from './support/graphql.js';
import { createUserWithToken, startTestServer, useTestServer, type TestServer } from './support/server.js';
import { startReceiver, type Receiver } from './support/webhook-receiver.js';
import { createWebhook, deliveriesOf, SEND_TEST_WEBHOOK } from './support/webhooks.js';

const key = (id: string, fill: number) => `${id}:${Buffer.alloc(32, fill).toString('base64')}`;
const K1 = key('k1', 1);
const K2 = key('k2', 2);
const K3 = key('k3', 3);

let nowMs = Date.now();
const clock = () => new Date(nowMs);
// No server delivers on its own (they would race for each delivery): each test says which one sends.
const BASE_ENV = { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_TIMEOUT_MS: '3000', WEBHOOK_DELIVERY: 'false' };
// The file's server seals with k1.
const ctx = useTestServer({ clock, env: { ...BASE_ENV, WEBHOOK_SECRET_KEY: K1 }, random: () => 0.5 });

let receiver: Receiver;
const others: TestServer[] = [];
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  for (const server of others) await server.stop();
  await receiver?.close();
});

/** Another server on the file's database, with its own WEBHOOK_SECRET_KEY ('' for none). */
async function serverWith(keys: string): Promise<TestServer> {
  const server = await startTestServer(
    { db: ctx.server.started.db },
    { clock, env: { ...BASE_ENV, WEBHOOK_SECRET_KEY: keys }, random: () => 0.5 },
  );
  others.push(server);
  return server;
}

const rawId = (id: string) => Buffer.from(id, 'base64').toString().split(':')[1]!;
const stored = (endpointId: string) =>
  ctx.server.started.db.prisma.webhookEndpoint.findUniqueOrThrow({
    where: { id: rawId(endpointId) },
    select: { secret: true, encryptedSecret: true, secretKeyId: true },
  });
const sealCommand = (server: TestServer) =>
  execute('webhook.seal-secrets', {}, commandServicesOf(server.started.app, server.started.db, 90)) as Promise<{
    sealed: number;
    resealed: number;
    unreadable: string[];
  }>;

/** An admin with one endpoint at /<path>, registered through `server`. */
async function endpointOn(server: TestServer, path: string) {
  const admin = await createUserWithToken(server, { role: 'ADMIN' });
  const endpoint = await createWebhook(server, admin.token, `${receiver.url}/${path}`, ['API_TOKEN_CREATED']);
  return { admin, endpoint, path: `/${path}` };
}

/** Queues a webhook.test event to the endpoint; `server` then sends what is due. */
async function sendTest(server: TestServer, subject: Awaited<ReturnType<typeof endpointOn>>) {
  const queued = expectData(
    await server.execute(SEND_TEST_WEBHOOK, { token: subject.admin.token, variables: { id: subject.endpoint.id } }),
  ).sendTestWebhookEvent;
  expectTypename(queued, 'SendTestWebhookEventSuccess');
  await server.started.app.webhookWorker.drain();
}

/** The receiver's requests at the subject's path, each verified with `secret` (throws if a signature does not match). */
const verifiedAt = (subject: { path: string }, secret: string) =>
  receiver.received.filter((request) => request.path === subject.path).map((r) => receiver.verify(r, secret).type);

describe('webhook signing secrets at rest', () => {
  it('keeps a new endpoint’s secret sealed with the first key, never as it is, and signs with it', async () => {
    const subject = await endpointOn(ctx.server, 'sealed');
    const row = await stored(subject.endpoint.id);
    expect(row.secret).toBeNull();
    expect(row.secretKeyId).toBe('k1');
    const bytes = Buffer.from(row.encryptedSecret!);
    const material = subject.endpoint.secret.slice('whsec_'.length);
    expect(bytes.includes(Buffer.from(subject.endpoint.secret))).toBe(false);
    expect(bytes.includes(Buffer.from(material, 'base64'))).toBe(false);
    expect(bytes.includes(Buffer.from(material))).toBe(false);

    await sendTest(ctx.server, subject);
    expect(verifiedAt(subject, subject.endpoint.secret)).toEqual(['webhook.test']);
  });

  it('a server without the key fails the delivery, saying which key; with the key back it is sent', async () => {
    const subject = await endpointOn(ctx.server, 'keyless');
    const keyless = await serverWith('');
    await sendTest(keyless, subject);
    expect(verifiedAt(subject, subject.endpoint.secret)).toEqual([]);
    const [failed] = (await deliveriesOf(ctx.server, subject.admin.token, subject.endpoint.id)).deliveries;
    expect(failed).toMatchObject({ status: 'PENDING', attempts: 1, lastStatusCode: null });
    expect(failed!.lastError).toMatch(
      /^Not sent: The signing secret is encrypted with key "k1", which WEBHOOK_SECRET_KEY does not list/,
    );

    // The retry falls due 5 s later; a server with k1 (listed after a newer key) sends it.
    nowMs += 6_000;
    await (await serverWith(`${K2},${K1}`)).started.app.webhookWorker.drain();
    expect(verifiedAt(subject, subject.endpoint.secret)).toEqual(['webhook.test']);
    const [sent] = (await deliveriesOf(ctx.server, subject.admin.token, subject.endpoint.id)).deliveries;
    expect(sent).toMatchObject({ status: 'SUCCEEDED', attempts: 2 });
  });

  it('does not open a sealed secret copied onto another endpoint', async () => {
    const victim = await endpointOn(ctx.server, 'victim');
    const attacker = await endpointOn(ctx.server, 'copied-onto');
    const victimRow = await stored(victim.endpoint.id);
    // Someone with write access to the table (not to the key) moves the victim's secret onto their endpoint.
    await ctx.server.started.db.prisma.webhookEndpoint.update({
      where: { id: rawId(attacker.endpoint.id) },
      data: { encryptedSecret: victimRow.encryptedSecret, secretKeyId: victimRow.secretKeyId },
    });
    await sendTest(ctx.server, attacker);
    expect(receiver.received.filter((request) => request.path === attacker.path)).toEqual([]);
    const [failed] = (await deliveriesOf(ctx.server, attacker.admin.token, attacker.endpoint.id)).deliveries;
    expect(failed!.lastError).toMatch(/^Not sent: The signing secret does not decrypt with key "k1"/);
    // Gone, so the seal-secrets tests below count only what they made.
    await ctx.server.started.db.prisma.webhookEndpoint.delete({ where: { id: rawId(attacker.endpoint.id) } });
  });

  it('refuses a row holding its secret both ways, or neither', async () => {
    const subject = await endpointOn(ctx.server, 'both-ways');
    const prisma = ctx.server.started.db.prisma;
    const id = rawId(subject.endpoint.id);
    await expect(prisma.webhookEndpoint.update({ where: { id }, data: { secret: 'whsec_x' } })).rejects.toThrow(
      /webhook_endpoints_secret_stored_once/,
    );
    await expect(
      prisma.webhookEndpoint.update({ where: { id }, data: { encryptedSecret: null, secretKeyId: null } }),
    ).rejects.toThrow(/webhook_endpoints_secret_stored_once/);
    expect((await stored(subject.endpoint.id)).secretKeyId).toBe('k1');
  });
});

describe('webhook seal-secrets', () => {
  it('changes nothing when a write fails partway (one transaction)', async () => {
    const keyless = await serverWith('');
    const first = await endpointOn(keyless, 'atomic-1');
    const second = await endpointOn(keyless, 'atomic-2');
    const { sql } = ctx.server.started.db;
    // The database refuses the second endpoint's rewrite, as a crash or a lost connection would end it.
    await sql.exec(`
      CREATE FUNCTION refuse_seal() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused for the test'; END $$;
      CREATE TRIGGER refuse_seal BEFORE UPDATE ON webhook_endpoints FOR EACH ROW
        WHEN (NEW.id = '${rawId(second.endpoint.id)}'::uuid) EXECUTE FUNCTION refuse_seal();`);
    try {
      await expect(sealCommand(await serverWith(K1))).rejects.toThrow(/refused for the test/);
    } finally {
      await sql.exec('DROP TRIGGER refuse_seal ON webhook_endpoints; DROP FUNCTION refuse_seal();');
    }
    for (const subject of [first, second]) {
      expect((await stored(subject.endpoint.id)).secret).toBe(subject.endpoint.secret);
    }
    // Sealed later, so the next test counts only its own plaintext.
    await sealCommand(await serverWith(`${K2},${K1}`));
  });

  it('refuses without a key, changing nothing', async () => {
    const keyless = await serverWith('');
    const subject = await endpointOn(keyless, 'plain-refused');
    await expect(sealCommand(keyless)).rejects.toThrow(/WEBHOOK_SECRET_KEY is not set/);
    expect((await stored(subject.endpoint.id)).secret).toBe(subject.endpoint.secret);
  });

  it('seals plaintext secrets, reseals older keys, names what no key opens, and runs once when run twice at once', async () => {
    const keyless = await serverWith('');
    const plain = await endpointOn(keyless, 'plain');
    expect(await stored(plain.endpoint.id)).toEqual({
      secret: plain.endpoint.secret,
      encryptedSecret: null,
      secretKeyId: null,
    });
    const older = await endpointOn(ctx.server, 'older-key');
    const lost = await endpointOn(await serverWith(K3), 'lost-key');

    // What there is to do, across the file's endpoints so far.
    const before = await ctx.server.started.db.prisma.webhookEndpoint.findMany({
      select: { id: true, secret: true, secretKeyId: true },
    });
    const plaintext = before.filter((row) => row.secret !== null).length;
    const underK1 = before.filter((row) => row.secretKeyId === 'k1').length;
    expect(plaintext).toBeGreaterThanOrEqual(1);
    expect(underK1).toBeGreaterThanOrEqual(1);

    // Rotation: k2 first, k1 still listed; k3 is not. Two operators run it at once.
    const rotated = await serverWith(`${K2},${K1}`);
    const [first, second] = await Promise.all([sealCommand(rotated), sealCommand(rotated)]);
    const unreadable = before.filter((row) => row.secretKeyId === 'k3').map((row) => row.id);
    for (const result of [first, second]) {
      expect(result.unreadable.map(rawId).sort()).toEqual(unreadable.sort());
    }
    expect(first!.sealed + second!.sealed).toBe(plaintext);
    expect(first!.resealed + second!.resealed).toBe(underK1);
    expect(await sealCommand(rotated)).toEqual({ sealed: 0, resealed: 0, unreadable: first!.unreadable });

    for (const subject of [plain, older]) {
      const row = await stored(subject.endpoint.id);
      expect([row.secret, row.secretKeyId]).toEqual([null, 'k2']);
    }
    expect((await stored(lost.endpoint.id)).secretKeyId).toBe('k3');

    // k1 can go now: a server with k2 alone signs with the secrets handed out at registration.
    const k2Only = await serverWith(K2);
    await sendTest(k2Only, plain);
    await sendTest(k2Only, older);
    expect(verifiedAt(plain, plain.endpoint.secret)).toEqual(['webhook.test']);
    expect(verifiedAt(older, older.endpoint.secret)).toEqual(['webhook.test']);
  });
});
