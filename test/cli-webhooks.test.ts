// The operator's webhook commands against a real database and a running server (on
// PGlite the server runs them over its admin channel; on PostgreSQL the CLI runs them
// itself and the server's worker picks the delivery up): register (the secret printed
// once), list, send a test event the receiver verifies, see the delivery, disable,
// re-enable, delete; bad input is refused with a clear message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from './support/cli.js';
import { useExternalDatabase } from './support/process.js';
import { startTestServer } from './support/server.js';
import { startReceiver, type Receiver } from './support/webhook-receiver.js';

const external = useExternalDatabase();
const ENV = { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' };
const cli = (args: string[]) => runCliCaptured(args, { ...external.env, ...ENV });
async function json<T = any>(args: string[]): Promise<T> {
  const result = await cli([...args, '--json']);
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
});
