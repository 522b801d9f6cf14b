// The README's pictures of the page, made from a real server and Chromium: the
// list, a token's page, a value shown again, the revoked history, a rotation's
// overlap, the scopes in the create dialog, dark mode and a phone. Every run checks them (nothing wider than a phone, dark mode applied) and
// writes them to test-artifacts/; `npm run screenshots` also copies them to docs/.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { screenshotPath } from './support/browser.js';
import { usePageHarness } from './support/page-harness.js';
import { createToken, revokeToken, secretRotation, useToken } from './support/tokens.js';
import type { Fixture } from '../support/server.js';

const h = usePageHarness({ TOKEN_ENCRYPTION_KEY: 'demo:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' });
const DOCS = fileURLToPath(new URL('../../docs/', import.meta.url));
let ada: Fixture;
let billingId = '';

/** Saves the shot, checks it is a PNG, and publishes it to docs/ when asked to. */
async function shoot(
  page: Page,
  name: string,
  options: { fullPage?: boolean; element?: ReturnType<Page['locator']> } = {},
) {
  const file = screenshotPath(name);
  if (options.element) await options.element.screenshot({ path: file });
  else await page.screenshot({ path: file, fullPage: options.fullPage ?? true });
  expect(readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
  if (process.env.UPDATE_DOCS_SCREENSHOTS) {
    mkdirSync(DOCS, { recursive: true });
    copyFileSync(file, path.join(DOCS, `${name}.png`));
  }
}

beforeAll(async () => {
  // A workspace that keeps token values for re-viewing, with a few tokens in different states.
  const prisma = h.server.started.db.prisma;
  const workspace = await prisma.workspace.create({
    data: { name: 'Initech', plan: 'ENTERPRISE', auditLogsEnabled: true },
  });
  const user = await prisma.user.create({
    data: { email: 'ada@initech.test', name: 'Ada Lovelace', role: 'ADMIN', workspaceId: workspace.id },
  });
  ada = { workspaceId: workspace.id, userId: user.id, email: user.email, token: '', tokenId: '' };
  const expired = await createToken(h.server, ada, 'Old laptop', { expiresAt: new Date(Date.now() + 60_000) });
  await prisma.apiToken.update({
    where: { id: expired.rowId },
    data: { expiresAt: new Date(Date.now() - 20 * 86_400_000) },
  });
  const leaked = await createToken(h.server, ada, 'Pasted in a gist');
  await createToken(h.server, ada, 'Reporting script', {
    expiresAt: new Date(Date.now() + 5 * 86_400_000),
    scopes: ['TOKENS_READ', 'AUDIT_READ'],
  });
  const ci = await createToken(h.server, ada, 'CI deploys');
  await prisma.workspace.update({ where: { id: workspace.id }, data: { tokensRevealable: true } });
  await createToken(h.server, ada, 'Grafana dashboard', { scopes: ['TOKENS_READ'] });
  expect(await useToken(h.server, ci.token, 'github-actions/2.319 node/20')).toBe(200);
  await h.server.started.app.lastUsed.flush();
  // Rotated a day ago... as far as the page can tell: a day-long overlap, the old secret still in use.
  const billing = await createToken(h.server, ada, 'Billing sync');
  billingId = billing.id;
  await secretRotation(h.server, ada, billing.rowId, 86_400);
  expect(await useToken(h.server, billing.token, 'billing-sync/3.2')).toBe(200);
  await h.server.started.app.lastUsed.flush();
  await revokeToken(h.server, ada, leaked.rowId);
  for (let i = 0; i < 12; i++) await useToken(h.server, leaked.token, 'curl/8.5');
  await h.server.started.app.revokedUses.flush();
});

describe('the README screenshots', () => {
  it('list, token page, shown again, revoked history', async () => {
    const page = await h.open({ viewport: { width: 1100, height: 900 } });
    await h.signIn(page, ada.email);
    await page.getByTestId('revoked-row').first().waitFor();
    await shoot(page, 'token-list');
    await shoot(page, 'revoked-history', { element: page.getByRole('region', { name: /Recently revoked/ }) });

    await page.getByRole('link', { name: 'CI deploys' }).click();
    await page.getByTestId('last-used-from').waitFor();
    await shoot(page, 'token-detail');

    await page.getByRole('link', { name: '← All tokens' }).click();
    await page.getByRole('link', { name: 'Grafana dashboard' }).click();
    await page.getByRole('button', { name: 'Show token' }).click();
    await page.getByTestId('revealed-token').waitFor();
    await shoot(page, 'token-reveal');
    expect(h.consoleErrors).toEqual([]);
  }, 90_000);

  it('a rotation’s overlap on the token page, and the scopes in the create dialog', async () => {
    const page = await h.open({ viewport: { width: 1100, height: 900 } });
    await h.signIn(page, ada.email, `/tokens/${encodeURIComponent(billingId)}`);
    await page.getByTestId('previous-secret-last-used').getByText('last used just now').waitFor();
    await shoot(page, 'token-rotation');

    await page.getByRole('link', { name: '← All tokens' }).click();
    await page.getByRole('button', { name: 'Create API token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create API token' });
    await page.getByLabel('Token name').fill('Audit exporter');
    await dialog.getByRole('checkbox', { name: 'Manage tokens' }).uncheck();
    await dialog.getByRole('checkbox', { name: 'Workspace settings' }).uncheck();
    await shoot(page, 'token-create-scopes', { element: dialog });
    expect(h.consoleErrors).toEqual([]);
  }, 60_000);

  it('workspace tokens (admins): the policy and every token of the workspace; the create dialog under a limit', async () => {
    const prisma = h.server.started.db.prisma;
    // A colleague of Ada's with a few tokens, and a policy: 90 days at most, revoked after 60 unused.
    const grace = await prisma.user.create({
      data: { email: 'grace@initech.test', name: 'Grace Hopper', role: 'MEMBER', workspaceId: ada.workspaceId },
    });
    const colleague = { ...ada, userId: grace.id, email: grace.email };
    const nightly = await createToken(h.server, colleague, 'Nightly export');
    await prisma.apiToken.update({
      where: { id: nightly.rowId },
      data: { lastUsedAt: new Date(Date.now() - 56 * 86_400_000) },
    });
    await createToken(h.server, colleague, 'Invoice export', { expiresAt: new Date(Date.now() + 30 * 86_400_000) });
    await prisma.workspace.update({
      where: { id: ada.workspaceId },
      data: { maxLifetimeDays: 90, inactivityRevokeDays: 60 },
    });
    const page = await h.open({ viewport: { width: 1100, height: 900 } });
    await h.signIn(page, ada.email, '/workspace/tokens');
    await page
      .getByTestId('workspace-token-row')
      .filter({ hasText: 'Nightly export' })
      .getByTestId('inactive-flag')
      .waitFor();
    await shoot(page, 'workspace-tokens');

    await page.getByRole('link', { name: 'Your tokens' }).click();
    await page.getByRole('button', { name: 'Create API token' }).click();
    await page.getByTestId('expiry-limit').waitFor();
    await shoot(page, 'create-under-policy', { element: page.getByRole('dialog') });

    const phone = await h.open({ viewport: { width: 390, height: 844 } });
    await h.signIn(phone, ada.email, '/workspace/tokens');
    await phone.getByTestId('workspace-token-row').first().waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(h.consoleErrors).toEqual([]);
  }, 90_000);

  it('dark mode', async () => {
    const page = await h.open({ viewport: { width: 1100, height: 900 }, colorScheme: 'dark' });
    await h.signIn(page, ada.email);
    await page.getByTestId('revoked-row').first().waitFor();
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe(
      'rgb(20, 23, 29)',
    );
    await shoot(page, 'token-list-dark');
  }, 60_000);

  it('phone width (390 px): nothing wider than the screen', async () => {
    const page = await h.open({ viewport: { width: 390, height: 844 } });
    await h.signIn(page, ada.email);
    await page.getByTestId('revoked-row').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shoot(page, 'token-list-phone');
    await page.getByRole('link', { name: 'CI deploys' }).click();
    await page.getByTestId('last-used-from').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shoot(page, 'token-detail-phone');
  }, 60_000);
});
