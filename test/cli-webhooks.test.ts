// The operator's webhook commands against a real database and a running server (on
// PGlite the server runs them over its admin channel; on PostgreSQL the CLI runs them
// itself and the server's worker picks the delivery up): register (the secret printed
// once), list, send a test event the receiver verifies, see the delivery, disable,
// re-enable, delete; bad input is refused with a clear message; `webhook seal-secrets`
// seals what was stored as it is once WEBHOOK_SECRET_KEY is set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from './support/cli.js';
import { useExternalDatabase } from './support/process.js';
import { startTestServer } from './support/server.js';
import { startReceiver, type Receiver } from './support/webhook-receiver.js';

const external = useExternalDatabase();
const ENV = { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' };
const cli = (args: string[], env: Record<string, string> = {}) =>
  runCliCaptured(args, { ...external.env, ...ENV, ...env });
async function json<T = any>(args: string[], env: Record<string, string> = {}): Promise<T> {
  const result = await cli([...args, '--json'], env);
  expect(result.code, result.stderr || result.stdout).toBe(0);
  return JSON.parse(result.stdout) as T;
}

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
});

describe('CLI: webhook', { timeout: 120_000 }, () => {
  it('registers, tests, lists deliveries, disables, re-enables and deletes an endpoint', async () => {
    // Every command runs next to a server (through it on PGlite): that the CLI opens the
    // directory itself when no server runs is cli.test.ts's, and costs ~1 s of CPU a command.
    await external.withDb(async (db) => {
      const server = await startTestServer({ db }, { env: ENV });
      try {
        await json(['workspace', 'create', '--name', 'Hooks Inc', '--plan', 'ENTERPRISE', '--audit-logs']);
        const bad = await cli(['webhook', 'create', '--workspace', 'Hooks Inc', '--url', 'ftp://x', '--events', 'all']);
        expect(bad.code).toBe(1);
        expect(bad.stderr).toBe('error: Webhook URLs must use https (or http).\n');
        const unknown = await cli([
          'webhook',
          'create',
          '--workspace',
          'Hooks Inc',
          '--url',
          receiver.url,
          '--events',
          'x.y',
        ]);
        expect(unknown.stderr).toMatch(/^error: Unknown event type x\.y/);

        const text = await cli([
          'webhook',
          'create',
          '--workspace',
          'Hooks Inc',
          '--url',
          `${receiver.url}/cli`,
          '--events',
          'api_token.created,api_token.revoked',
        ]);
        expect(text.code, text.stderr).toBe(0);
        const secret = /\n {2}(whsec_\S+)\n/.exec(text.stdout)?.[1];
        expect(secret).toBeDefined();
        const [endpoint] = await json<{ id: string; url: string; events: string[]; secret?: string }[]>([
          'webhook',
          'list',
          '--workspace',
          'Hooks Inc',
        ]);
        expect(endpoint).toMatchObject({
          url: `${receiver.url}/cli`,
          events: ['api_token.created', 'api_token.revoked'],
        });
        expect(endpoint?.secret).toBeUndefined();

        const queued = await json<{ webhookId: string; eventType: string }>(['webhook', 'test', endpoint!.id]);
        expect(queued.eventType).toBe('webhook.test');
        await expect.poll(() => receiver.received.filter((r) => r.path === '/cli').length, { timeout: 10_000 }).toBe(1);
        const [request] = receiver.received.filter((r) => r.path === '/cli');
        expect(receiver.verify(request!, secret!).type).toBe('webhook.test');
        expect(request!.headers['webhook-id']).toBe(queued.webhookId);
        await expect
          .poll(async () => (await json<{ status: string }[]>(['webhook', 'deliveries', endpoint!.id]))[0]?.status)
          .toBe('SUCCEEDED');

        expect((await json<{ enabled: boolean }>(['webhook', 'update', endpoint!.id, '--disable'])).enabled).toBe(
          false,
        );
        const refused = await cli(['webhook', 'test', endpoint!.id]);
        expect(refused.stderr).toBe('error: This endpoint is disabled: re-enable it to send it events.\n');
        expect((await json<{ enabled: boolean }>(['webhook', 'update', endpoint!.id, '--enable'])).enabled).toBe(true);
        expect((await cli(['webhook', 'delete', endpoint!.id])).stdout).toBe(
          `Deleted webhook endpoint ${receiver.url}/cli.\n`,
        );
        expect(await json(['webhook', 'list', '--workspace', 'Hooks Inc'])).toEqual([]);
      } finally {
        await server.stop();
      }
    });
  });

  it('seals stored secrets once WEBHOOK_SECRET_KEY is set (seal-secrets), and refuses without a key', async () => {
    // The server and the CLI share the key (on PGlite the server runs the command with its own).
    const KEY = { WEBHOOK_SECRET_KEY: `w1:${Buffer.alloc(32, 5).toString('base64')}` };
    let secret: string | undefined;
    let id: string | undefined;
    await external.withDb(async (db) => {
      const server = await startTestServer({ db }, { env: ENV });
      try {
        await json(['workspace', 'create', '--name', 'Sealed Inc', '--plan', 'ENTERPRISE']);
        const created = await json<{ id: string; secret: string }>([
          'webhook',
          'create',
          '--workspace',
          'Sealed Inc',
          '--url',
          `${receiver.url}/sealed`,
          '--events',
          'all',
        ]);
        ({ id, secret } = created);
        const refused = await cli(['webhook', 'seal-secrets']);
        expect([refused.code, refused.stderr]).toEqual([
          1,
          'error: WEBHOOK_SECRET_KEY is not set: there is no key to seal secrets with (see README, configuration).\n',
        ]);
      } finally {
        await server.stop();
      }
    });
    await external.withDb(async (db) => {
      const server = await startTestServer({ db }, { env: { ...ENV, ...KEY } });
      try {
        const sealed = await cli(['webhook', 'seal-secrets'], KEY);
        expect(sealed).toMatchObject({
          code: 0,
          stdout: 'Sealed 1 plaintext secret(s); resealed 0 under the current key.\n',
        });
        expect(await json(['webhook', 'seal-secrets'], KEY)).toEqual({ sealed: 0, resealed: 0, unreadable: [] });
        // Delivered with the secret printed at registration.
        await json(['webhook', 'test', id!]);
        await expect
          .poll(() => receiver.received.filter((r) => r.path === '/sealed').length, { timeout: 10_000 })
          .toBe(1);
        const [request] = receiver.received.filter((r) => r.path === '/sealed');
        expect(receiver.verify(request!, secret!).type).toBe('webhook.test');
      } finally {
        await server.stop();
      }
    });
  });
});
