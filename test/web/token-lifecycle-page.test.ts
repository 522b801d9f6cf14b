// The token's lifecycle as its owner sees it in the page, in Chromium against a
// real server with a TOKEN_ENCRYPTION_KEY: rename with the server's name rules,
// search, status badges (expired; suspended owner on a Team plan or watch-only,
// who still sees and revokes their tokens), re-viewing a value where the
// workspace opted in (and why not elsewhere), and the revoked history with the
// used-after-revoke signal.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hasFocus, usePageHarness } from './support/page-harness.js';
import { createToken, revokeToken, useToken } from './support/tokens.js';

const h = usePageHarness({ TOKEN_ENCRYPTION_KEY: `k1:${randomBytes(32).toString('base64')}` });

describe('the token page through a token’s life', () => {
  it('renames in place: the server’s rules shown at the field, then the new name everywhere', async () => {
    const owner = await h.user();
    const page = await h.open();
    await h.signIn(page, owner.email);
    await page.getByRole('link', { name: 'fixture token' }).click();
    await page.getByRole('heading', { name: 'fixture token', level: 1 }).waitFor();

    await page.getByRole('button', { name: 'Rename' }).click();
    const field = page.getByRole('textbox', { name: 'Token name' });
    expect(await hasFocus(field)).toBe(true);
    // Invisible only: refused by the server, which says why; nothing changes.
    await field.fill('\u200B\u200B');
    await page.getByRole('button', { name: 'Save name' }).click();
    const error = page.getByRole('alert');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/visible/i);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    // A right-to-left override is refused too.
    await field.fill('invoice\u202Egpj.exe');
    await page.getByRole('button', { name: 'Save name' }).click();
    await expect.poll(() => error.textContent()).toMatch(/bidirectional|direction/i);
    // Escape leaves the name as it was.
    await field.press('Escape');
    await page.getByRole('heading', { name: 'fixture token', level: 1 }).waitFor();
    await expect.poll(() => hasFocus(page.getByRole('button', { name: 'Rename' }))).toBe(true);

    await page.getByRole('button', { name: 'Rename' }).click();
    await field.fill('Deploys (production)');
    await field.press('Enter');
    const heading = page.getByRole('heading', { name: 'Deploys (production)', level: 1 });
    await heading.waitFor();
    await expect.poll(() => hasFocus(heading)).toBe(true);
    expect(await page.getByTestId('detail-status').textContent()).toBe('Renamed to Deploys (production).');
    const row = await h.server.started.db.prisma.apiToken.findUniqueOrThrow({ where: { id: owner.tokenId } });
    expect(row.name).toBe('Deploys (production)');

    // Back in the list, the row has the new name; the audit log has the rename.
    await page.getByRole('link', { name: '← All tokens' }).click();
    await page.getByRole('link', { name: 'Deploys (production)' }).waitFor();
    await page.getByRole('button', { name: 'Show audit log' }).click();
    await page.getByRole('region', { name: 'Audit log' }).getByRole('cell', { name: 'Renamed', exact: true }).waitFor();
    expect(h.consoleErrors).toEqual([]);
  }, 60_000);

  it('searches by name', async () => {
    const owner = await h.user();
    for (const name of ['Alpha one', 'Beta two', 'alphabet soup', 'Gamma']) await createToken(h.server, owner, name);
    const page = await h.open();
    await h.signIn(page, owner.email);
    const rows = page.getByTestId('token-row');
    await expect.poll(() => rows.count()).toBe(5);
    await page.getByRole('searchbox', { name: 'Search by name' }).fill('ALPHA');
    await expect
      .poll(() => rows.allTextContents())
      .toEqual([expect.stringContaining('alphabet soup'), expect.stringContaining('Alpha one')]);
    expect(await page.getByTestId('list-count').textContent()).toBe('Showing 2 of 2 matching “ALPHA”');
    await expect.poll(() => page.getByTestId('list-status').textContent()).toBe('2 tokens match “ALPHA”.');
    await page.getByRole('searchbox', { name: 'Search by name' }).fill('nothing like it');
    await page.getByText('No token name contains “nothing like it”.').waitFor();
    await page.getByRole('searchbox', { name: 'Search by name' }).fill('');
    await expect.poll(() => rows.count()).toBe(5);
    expect(h.consoleErrors).toEqual([]);
  }, 60_000);

  it('shows an expired token as Expired, in the list and on its page', async () => {
    const owner = await h.user();
    const old = await createToken(h.server, owner, 'Old report', { expiresAt: new Date(Date.now() + 3600_000) });
    await h.server.started.db.prisma.apiToken.update({
      where: { id: old.rowId },
      data: { expiresAt: new Date(Date.now() - 3600_000) },
    });
    const page = await h.open();
    await h.signIn(page, owner.email);
    const row = page.getByTestId('token-row').filter({ hasText: 'Old report' });
    await row.waitFor();
    expect(await row.getByTestId('token-status').textContent()).toBe('Expired');
    expect(
      await page
        .getByTestId('token-row')
        .filter({ hasText: 'fixture token' })
        .getByTestId('token-status')
        .textContent(),
    ).toBe('Active');
    await row.getByRole('link').click();
    await page.getByTestId('expired-notice').waitFor();
    expect(await page.getByTestId('expiry-warning').count()).toBe(0);
    expect(h.consoleErrors).toEqual([]);
  }, 60_000);

  for (const [who, options, reason] of [
    ['a Team-plan user', { plan: 'TEAM' as const }, /Enterprise/],
    ['a watch-only user', { role: 'WATCH_ONLY' as const }, /watch-only/i],
  ] as const) {
    it(`lets ${who} see their suspended tokens with the reason and revoke them, but not create`, async () => {
      const owner = await h.user(options);
      const page = await h.open();
      await h.signIn(page, owner.email);
      const row = page.getByTestId('token-row').filter({ hasText: 'fixture token' });
      await row.waitFor();
      expect(await row.getByTestId('token-status').locator('.badge').textContent()).toBe('Suspended');
      expect(await row.getByTestId('token-status').textContent()).toMatch(reason);
      // The create button is replaced by the reason.
      expect(await page.getByRole('button', { name: 'Create API token' }).count()).toBe(0);
      expect(await page.getByTestId('create-refusal').textContent()).toMatch(reason);

      await row.getByRole('link').click();
      await page.getByRole('heading', { name: 'fixture token', level: 1 }).waitFor();
      expect(await page.getByTestId('token-detail').getByTestId('token-status').textContent()).toMatch(reason);
      await page.getByRole('button', { name: 'Revoke token' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click();
      await page.getByText('You have no API tokens yet.').waitFor();
      expect(await h.server.started.db.prisma.apiToken.count({ where: { ownerId: owner.userId } })).toBe(0);
      await expect.poll(() => hasFocus(page.getByRole('heading', { name: /Your tokens/ }))).toBe(true);
      expect(h.consoleErrors).toEqual([]);
    }, 60_000);
  }

  it('shows a token again only where the workspace opted in, with the reason elsewhere', async () => {
    const owner = await h.user();
    const before = await createToken(h.server, owner, 'Made before');
    await h.server.started.db.prisma.workspace.update({
      where: { id: owner.workspaceId },
      data: { tokensRevealable: true },
    });
    const kept = await createToken(h.server, owner, 'Kept');
    const page = await h.open();
    await h.signIn(page, owner.email);

    await page.getByRole('link', { name: 'Kept' }).click();
    await page.getByRole('heading', { name: 'Kept', level: 1 }).waitFor();
    expect(await page.getByTestId('not-revealable').count()).toBe(0);
    expect(await page.getByTestId('token-header').textContent()).toBe('Authorization: Bearer <your token>');
    await page.getByRole('button', { name: 'Show token' }).click();
    await page.getByTestId('revealed-token').waitFor();
    expect(await page.getByTestId('revealed-token').textContent()).toBe(kept.token);
    expect(await page.getByTestId('token-header').textContent()).toBe(`Authorization: Bearer ${kept.token}`);
    expect(await page.getByTestId('token-curl').textContent()).toContain(`Authorization: Bearer ${kept.token}`);
    await page.getByRole('button', { name: 'Copy token' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(kept.token);
    // Never kept by the page.
    expect(await page.evaluate(() => [localStorage.length, sessionStorage.length])).toEqual([0, 0]);
    await page.getByRole('button', { name: 'Hide token' }).click();
    expect(await page.getByTestId('revealed-token').count()).toBe(0);
    await expect.poll(() => hasFocus(page.getByRole('button', { name: 'Show token' }))).toBe(true);
    const audit = await h.server.started.db.prisma.auditEvent.count({
      where: { workspaceId: owner.workspaceId, action: 'API_TOKEN_REVEALED' },
    });
    expect(audit).toBe(1);

    // A token made before the workspace opted in: no button, and why.
    await page.getByRole('link', { name: '← All tokens' }).click();
    await page.getByRole('link', { name: 'Made before' }).click();
    await page.getByRole('heading', { name: 'Made before', level: 1 }).waitFor();
    expect(await page.getByRole('button', { name: 'Show token' }).count()).toBe(0);
    expect(await page.getByTestId('not-revealable').textContent()).toContain(
      'was made before your workspace kept token values',
    );
    expect(before.token).not.toBe(kept.token);

    // A workspace that did not opt in says so.
    const other = await h.user();
    await h.signIn(
      page,
      other.email,
      `/tokens/${encodeURIComponent(Buffer.from(`ApiToken:${other.tokenId}`).toString('base64'))}`,
    );
    await page.getByRole('heading', { name: 'fixture token', level: 1 }).waitFor();
    expect(await page.getByTestId('not-revealable').textContent()).toContain(
      'Your workspace does not keep token values',
    );
    expect(h.consoleErrors).toEqual([]);
  }, 60_000);

  it('lists revoked tokens with who, when, why, and how often they were used since', async () => {
    const owner = await h.user();
    const leaked = await createToken(h.server, owner, 'Laptop script');
    await createToken(h.server, owner, 'Quiet one').then((t) => revokeToken(h.server, owner, t.rowId));
    await revokeToken(h.server, owner, leaked.rowId);
    for (let i = 0; i < 3; i++) expect(await useToken(h.server, leaked.token)).toBe(401);
    await h.server.started.app.revokedUses.flush();

    const page = await h.open();
    await h.signIn(page, owner.email);
    const section = page.getByRole('region', { name: /Recently revoked/ });
    await section.getByTestId('revoked-row').first().waitFor();
    expect(await section.getByRole('heading').textContent()).toBe('Recently revoked (2)');
    const laptop = section.getByTestId('revoked-row').filter({ hasText: 'Laptop script' });
    expect(await laptop.getByTestId('used-after').textContent()).toMatch(
      /^Used 3 times since it was revoked — something still has it\.Last \d{1,2} \w{3} \d{4}, \d{2}:\d{2}/,
    );
    expect(await laptop.textContent()).toContain('Revoked by you');
    expect(
      await section.getByTestId('revoked-row').filter({ hasText: 'Quiet one' }).getByTestId('used-after').textContent(),
    ).toBe('Not used since');
    expect(h.consoleErrors).toEqual([]);
  }, 60_000);
});
