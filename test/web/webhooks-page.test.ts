// The admin's webhook section of the token page, in Chromium against a real server
// and a local receiver: only admins see it; an endpoint is added with its events,
// its signing secret shown once; a test event arrives signed (verified with
// `standardwebhooks`) and its delivery shows with its status code; an endpoint
// disabled after a day of failures says why and is re-enabled; delete asks first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../support/webhook-receiver.js';
import { usePageHarness } from './support/page-harness.js';

const h = usePageHarness({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' });
let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
});

describe('webhooks on the token page', () => {
  it('lets an admin add an endpoint, see its secret once, send a test event and see it delivered', async () => {
    const admin = await h.user({ role: 'ADMIN' });
    const member = await h.user({ role: 'MEMBER', workspaceId: admin.workspaceId });

    const asMember = await h.open();
    await h.signIn(asMember, member.email);
    await asMember.getByRole('heading', { name: /Your tokens/ }).waitFor();
    expect(await asMember.getByRole('heading', { name: 'Webhooks' }).count()).toBe(0);
    await asMember.close();

    const page = await h.open();
    await h.signIn(page, admin.email);
    const section = page.getByTestId('webhooks');
    await section.getByText('No webhook endpoints yet.').waitFor();
    await section.getByRole('button', { name: 'Add endpoint' }).click();
    const form = section.getByRole('form', { name: 'Add a webhook endpoint' });
    // A URL the server refuses: the reason at the field.
    await form.getByRole('textbox', { name: 'Endpoint URL' }).fill('ftp://example.com/hook');
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    await form.getByText('Webhook URLs must use https (or http).').waitFor();
    await form.getByRole('textbox', { name: 'Endpoint URL' }).fill(`${receiver.url}/page`);
    await form.getByRole('checkbox', { name: /^api_token\.created/ }).check();
    await form.getByRole('textbox', { name: 'Description (optional)' }).fill('Security team');
    await form.getByRole('button', { name: 'Add endpoint' }).click();

    const secretNotice = section.getByTestId('webhook-secret');
    await secretNotice.waitFor();
    const secret = (await secretNotice.getByTestId('new-secret').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    await secretNotice.getByRole('button', { name: "Done, I've stored it" }).click();
    expect(await page.content()).not.toContain(secret);

    const card = section.getByTestId('webhook-endpoint');
    await card.waitFor();
    expect(await card.getByTestId('webhook-state').textContent()).toBe('Enabled');
    await card.getByText('Security team').waitFor();
    expect(await card.textContent()).toContain(
      'Events: api_token.created, api_token.leaked, api_token.canary_triggered',
    );

    await card.getByRole('button', { name: 'Send test event' }).click();
    await card.getByTestId('webhook-delivery').waitFor();
    await h.server.started.app.webhookWorker.drain();
    const [request] = receiver.received.filter((r) => r.path === '/page');
    expect(receiver.verify(request!, secret)).toMatchObject({ type: 'webhook.test' });
    // Shown again: delivered, with the receiver's status code.
    await card.getByRole('button', { name: 'Hide deliveries' }).click();
    await card.getByRole('button', { name: 'Show deliveries' }).click();
    await expect
      .poll(() => card.getByTestId('webhook-delivery').first().textContent())
      .toMatch(/^webhook\.test.*Delivered · HTTP 200/);
    expect(h.consoleErrors).toEqual([]);
  }, 60_000);

  it('shows why an endpoint was disabled, re-enables it, and deletes one only when asked twice', async () => {
    const admin = await h.user({ role: 'ADMIN' });
    const created = await h.server.started.app.webhooks.create(
      { userId: admin.userId, email: admin.email, workspaceId: admin.workspaceId, auditLogsEnabled: true },
      { url: `${receiver.url}/down`, events: ['api_token.created'] },
      { ip: null, userAgent: 'page test setup' },
    );
    const reason =
      'Every delivery failed for 24 hours (last: HTTP 500: receiver says no). Re-enable it once the receiver works.';
    await h.server.started.db.prisma.webhookEndpoint.update({
      where: { id: created.endpoint.id },
      data: { enabled: false, disabledAt: new Date(), disabledReason: reason },
    });

    const page = await h.open();
    await h.signIn(page, admin.email);
    const card = page.getByTestId('webhook-endpoint');
    await card.waitFor();
    expect(await card.getByTestId('webhook-state').textContent()).toBe('Disabled');
    expect(await card.getByTestId('webhook-disabled-reason').textContent()).toBe(reason);
    expect(await card.getByRole('button', { name: 'Send test event' }).count()).toBe(0);
    await card.getByRole('button', { name: 'Re-enable' }).click();
    await expect.poll(() => card.getByTestId('webhook-state').textContent()).toBe('Enabled');
    await expect
      .poll(() => page.getByTestId('webhooks-status').textContent())
      .toBe(`Endpoint ${receiver.url}/down re-enabled.`);
    expect(
      (await h.server.started.db.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: created.endpoint.id } }))
        .enabled,
    ).toBe(true);

    await card.getByRole('button', { name: 'Delete' }).click();
    await card.getByRole('button', { name: 'Keep it' }).click();
    await card.getByRole('button', { name: 'Delete' }).click();
    await card.getByRole('button', { name: 'Delete for good' }).click();
    await page.getByText('No webhook endpoints yet.').waitFor();
    expect(await h.server.started.db.prisma.webhookEndpoint.count({ where: { workspaceId: admin.workspaceId } })).toBe(
      0,
    );
    expect(h.consoleErrors).toEqual([]);
  }, 60_000);
});
