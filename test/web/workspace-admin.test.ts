// Issue 14 in Chromium against a real server: the admins' "Workspace tokens" view —
// every token of the workspace with its owner, filtered, and a member's token
// revoked after a confirmation (the member then reads who did it) — and the token
// policy form, whose limits then shape the create dialog's expiry choices and flag
// tokens in the lists.
import { describe, expect, it } from 'vitest';
import { createUserWithToken } from '../support/server.js';
import { hasFocus, usePageHarness } from './support/page-harness.js';
import { createToken } from './support/tokens.js';

const h = usePageHarness();
const DAY = 86_400_000;

describe('Workspace tokens (admins)', () => {
  it("lists every token with its owner, filters them, and revokes a member's token after asking", async () => {
    const admin = await h.user();
    const member = await createUserWithToken(h.server, { workspaceId: admin.workspaceId, role: 'MEMBER' });
    const { prisma } = h.server.started.db;
    await prisma.user.update({ where: { id: member.userId }, data: { name: 'Mia Member' } });
    const deploy = await createToken(h.server, member, 'Member deploy');
    const sync = await createToken(h.server, member, 'Old sync');
    await prisma.apiToken.update({ where: { id: sync.rowId }, data: { lastUsedAt: new Date(Date.now() - 100 * DAY) } });

    const page = await h.open();
    await h.signIn(page, admin.email);
    await page.getByRole('link', { name: 'Workspace tokens' }).click();
    const heading = page.getByRole('heading', { name: 'Workspace tokens', level: 1 });
    await heading.waitFor();
    await expect.poll(() => hasFocus(heading)).toBe(true);
    expect(new URL(page.url()).pathname).toBe('/workspace/tokens');
    const rows = page.getByTestId('workspace-token-row');
    await expect.poll(() => rows.count()).toBe(4);
    const deployRow = rows.filter({ hasText: 'Member deploy' });
    expect(await deployRow.getByRole('cell').nth(1).textContent()).toContain(member.email);
    expect(await deployRow.getByTestId('token-status').textContent()).toBe('Active');

    // Filters: unused for 90+ days, then one owner and a name.
    await page.getByLabel('Unused for', { exact: true }).selectOption({ label: '90+ days' });
    await expect.poll(() => rows.allTextContents()).toEqual([expect.stringContaining('Old sync')]);
    await page.getByLabel('Unused for', { exact: true }).selectOption({ label: 'Any time' });
    await page.getByLabel('Owner', { exact: true }).selectOption({ label: `Mia Member (${member.email})` });
    await expect.poll(() => rows.count()).toBe(3);
    await page.getByLabel('Name contains').fill('DEPLOY');
    await expect.poll(() => rows.allTextContents()).toEqual([expect.stringContaining('Member deploy')]);
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Expired' });
    await page.getByText('No token matches these filters.').waitFor();
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Any' });

    // Revoke, after a confirmation that names the owner.
    await deployRow.getByRole('button', { name: 'Revoke Member deploy of Mia Member' }).click();
    const dialog = page.getByRole('dialog', { name: '“Member deploy”' });
    await dialog.waitFor();
    expect(await dialog.getByTestId('revoke-owner').textContent()).toContain('Mia Member');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await prisma.apiToken.count({ where: { id: deploy.rowId } })).toBe(1);
    await deployRow.getByRole('button', { name: /^Revoke/ }).click();
    await dialog.getByRole('button', { name: 'Revoke token' }).click();
    await page.getByText('No token matches these filters.').waitFor();
    await expect
      .poll(() => page.getByTestId('inventory-status').textContent())
      .toBe('Token Member deploy of Mia Member revoked.');
    expect(await prisma.apiToken.count({ where: { id: deploy.rowId } })).toBe(0);
    expect(await prisma.revokedApiToken.findUniqueOrThrow({ where: { id: deploy.rowId } })).toMatchObject({
      reason: 'ADMIN',
      revokedBy: admin.email,
    });
    expect(h.consoleErrors).toEqual([]);

    // The member reads who revoked it, and has no workspace view.
    const memberPage = await h.open();
    await h.signIn(memberPage, member.email);
    const revoked = memberPage.getByTestId('revoked-row').filter({ hasText: 'Member deploy' });
    await revoked.waitFor();
    expect(await revoked.getByTestId('revoked-why').textContent()).toBe(`Revoked by admin ${admin.email}`);
    expect(await memberPage.getByRole('link', { name: 'Workspace tokens' }).count()).toBe(0);
    await memberPage.goto(`${h.server.url}/workspace/tokens`);
    await memberPage.getByText('Only workspace admins can see every token of the workspace.').waitFor();
    expect(h.consoleErrors).toEqual([]);
  }, 90_000);

  it('sets the token policy; the create dialog then offers only allowed expiries, and tokens are flagged', async () => {
    const admin = await h.user();
    const { prisma } = h.server.started.db;
    const quiet = await createToken(h.server, admin, 'Quiet script');
    await prisma.apiToken.update({ where: { id: quiet.rowId }, data: { lastUsedAt: new Date(Date.now() - 55 * DAY) } });
    const page = await h.open();
    await h.signIn(page, admin.email, '/workspace/tokens');
    const lifetime = page.getByLabel('Longest lifetime of a new token (days)');
    const inactivity = page.getByLabel('Revoke tokens unused for (days)');
    await lifetime.waitFor();

    // Out of range: said at the field, nothing saved.
    await lifetime.fill('0');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.getByText('Enter whole days from 1 to 3650, or leave it empty.').waitFor();
    expect(await lifetime.getAttribute('aria-invalid')).toBe('true');
    expect(await prisma.workspace.findUniqueOrThrow({ where: { id: admin.workspaceId } })).toMatchObject({
      maxLifetimeDays: null,
    });

    await lifetime.fill('45');
    await inactivity.fill('60');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await expect.poll(() => page.getByTestId('policy-status').textContent()).toBe('Token policy saved.');
    expect(await prisma.workspace.findUniqueOrThrow({ where: { id: admin.workspaceId } })).toMatchObject({
      maxLifetimeDays: 45,
      inactivityRevokeDays: 60,
    });

    // Tokens without an expiry now live longer than the policy allows; the quiet one is 5 days from its cut.
    const rows = page.getByTestId('workspace-token-row');
    await page.getByLabel('Only tokens that live longer than 45 days').check();
    await expect.poll(() => rows.count()).toBe(2);
    const quietRow = rows.filter({ hasText: 'Quiet script' });
    await quietRow.getByTestId('exceeds-lifetime').waitFor();
    expect(await quietRow.getByTestId('inactive-flag').textContent()).toMatch(/^Inactive — will be revoked on /);

    // Your tokens: the same flag, and the create dialog's choices within 45 days.
    await page.getByRole('link', { name: 'Your tokens' }).click();
    const listRow = page.getByTestId('token-row').filter({ hasText: 'Quiet script' });
    await listRow.getByTestId('inactive-flag').waitFor();
    await page.getByRole('button', { name: 'Create API token' }).click();
    const expires = page.getByLabel('Expires');
    expect(await expires.locator('option').allTextContents()).toEqual([
      'In 7 days',
      'In 30 days',
      'In 45 days (the longest allowed)',
    ]);
    expect(await expires.inputValue()).toBe('max');
    expect(await page.getByTestId('expiry-limit').textContent()).toBe(
      'Your workspace requires every token to expire within 45 days.',
    );
    await page.getByLabel('Token name').fill('Within the policy');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByTestId('new-token').waitFor();
    const created = await prisma.apiToken.findFirstOrThrow({ where: { name: 'Within the policy' } });
    const days = (created.expiresAt!.getTime() - created.createdAt.getTime()) / DAY;
    expect(days).toBeGreaterThan(44.9);
    expect(days).toBeLessThanOrEqual(45);
    await page.getByRole('button', { name: 'Copy token' }).click();
    await page.getByRole('button', { name: "Done, I've copied it" }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });

    // The quiet token's own page warns too.
    await listRow.getByRole('link').click();
    const detailFlag = page.getByTestId('token-detail').getByTestId('inactive-flag');
    await detailFlag.waitFor();
    expect(await detailFlag.textContent()).toMatch(/Inactive — will be revoked on/);
    // Rotating it asks for an expiry within the limit too (it has none).
    await page.getByRole('button', { name: 'Rotate token…' }).click();
    await page.getByTestId('rotate-expiry-limit').waitFor();
    const rotateExpiry = page.getByLabel('The new secret expires');
    expect(await rotateExpiry.inputValue()).toBe('max');
    await page.getByRole('dialog').getByRole('button', { name: 'Rotate token' }).click();
    await page.getByTestId('rotated-intro').waitFor();
    const rotated = await prisma.apiToken.findUniqueOrThrow({ where: { id: quiet.rowId } });
    expect((rotated.expiresAt!.getTime() - Date.now()) / DAY).toBeLessThanOrEqual(45);
    expect(h.consoleErrors).toEqual([]);
  }, 90_000);
});
