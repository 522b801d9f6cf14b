// Webhook targets and SSRF on a server that keeps the default (no private targets):
// loopback, private, link-local and IPv4-mapped addresses are refused when an
// endpoint is registered, and checked again when each delivery is sent — an
// endpoint whose URL now points inside (its name answers differently, or its row
// was changed) gets nothing sent; the receiver never hears a request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { expectData, expectTypename } from './support/graphql.js';
import { createToken } from './support/operations.js';
import { createUserWithToken, useTestServer } from './support/server.js';
import { startReceiver, type Receiver } from './support/webhook-receiver.js';
import { CREATE_WEBHOOK } from './support/webhooks.js';

const ctx = useTestServer();
let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
});

describe('SSRF', () => {
  it('refuses loopback, private, link-local and mapped addresses when an endpoint is registered', async () => {
    const admin = await createUserWithToken(ctx.server);
    const port = new URL(receiver.url).port;
    for (const url of [
      `http://127.0.0.1:${port}/hook`,
      `http://localhost:${port}/hook`,
      `http://[::1]:${port}/hook`,
      `http://[::ffff:127.0.0.1]:${port}/hook`,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.1.2.3/hook',
      'http://172.16.0.5/hook',
      'http://192.168.1.20/hook',
      'http://100.64.0.1/hook',
      'http://0.0.0.0/hook',
      'http://[fd00::1]/hook',
      'http://[fe80::1]/hook',
    ]) {
      const result = expectData(
        await ctx.server.execute(CREATE_WEBHOOK, {
          token: admin.token,
          variables: { input: { url, events: ['API_TOKEN_CREATED'] } },
        }),
      ).createWebhookEndpoint;
      expectTypename(result, 'ValidationError');
      expect(result.field, url).toBe('url');
      expect(result.message, url).toMatch(/loopback, private or link-local address.*WEBHOOK_ALLOW_PRIVATE_TARGETS/);
    }
    expect(receiver.received).toHaveLength(0);
  });

  it('checks the address again at every send: an endpoint that now points inside gets nothing', async () => {
    const admin = await createUserWithToken(ctx.server);
    const prisma = ctx.server.started.db.prisma;
    // As if its name had answered with a public address when it was registered and now answers 127.0.0.1.
    const endpointId = randomUUID();
    await prisma.webhookEndpoint.create({
      data: {
        id: endpointId,
        workspaceId: admin.workspaceId,
        url: `${receiver.url}/inside`,
        description: '',
        events: ['api_token.created'],
        secret: `whsec_${Buffer.alloc(32, 3).toString('base64')}`,
        createdAt: new Date(),
        createdBy: admin.email,
      },
    });
    await createToken(ctx.server, admin.token, 'no leak through webhooks');
    await ctx.server.started.app.webhookWorker.drain();
    const delivery = await prisma.webhookDelivery.findFirstOrThrow({ where: { endpointId } });
    expect(delivery).toMatchObject({ status: 'PENDING', attempts: 1, lastStatusCode: null });
    expect(delivery.lastError).toMatch(/^Refused: 127\.0\.0\.1 resolves to 127\.0\.0\.1, a loopback/);
    expect(receiver.received).toHaveLength(0);
  });
});
