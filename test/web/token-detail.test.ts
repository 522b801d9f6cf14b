// The token's own page and the list around it, in Chromium against a real
// server: real URLs (/tokens/<id>) that survive reload and back/forward, the
// specification's flow (open it from the list, click Revoke) with focus where a
// keyboard user expects it, every token reachable past 100, and the facts a
// person needs (last use, expiry with time and warning, how to call the API).
import { describe, expect, it } from 'vitest';
import { hasFocus, usePageHarness } from './support/page-harness.js';
import { createToken, globalId, useToken } from './support/tokens.js';

const h = usePageHarness();

describe('the token page at /tokens/<id>', () => {
  it('opens from the list, survives reload, and Back and Forward move between the two', async () => {
    const owner = await h.user();
    const soon = new Date(Date.now() + 3 * 24 * 3600 * 1000 + 3600 * 1000);
    const deploy = await createToken(h.server, owner, 'CI deploys', { expiresAt: soon });
    expect(await useToken(h.server, deploy.token, 'deploy-bot/2.1')).toBe(200);
    await h.server.started.app.lastUsed.flush();

    const page = await h.open();
    await h.signIn(page, owner.email);
    const row = page.getByTestId('token-row').filter({ hasText: 'CI deploys' });
    await row.waitFor();
    // The list's expiry column carries the time and marks "within a week".
    expect(await row.getByTestId('token-status').textContent()).toBe('Active');
    const expiresCell = row.getByRole('cell').nth(2);
    expect(await expiresCell.textContent()).toMatch(/^\d{1,2} \w{3} \d{4}, \d{2}:\d{2} \(in 3 days\)$/);
    expect(await expiresCell.locator('.expiry-soon').count()).toBe(1);

    await row.getByRole('link', { name: 'CI deploys' }).click();
    const heading = page.getByRole('heading', { name: 'CI deploys', level: 1 });
    await heading.waitFor();
    expect(new URL(page.url()).pathname).toBe(`/tokens/${encodeURIComponent(deploy.id)}`);
    await expect.poll(() => hasFocus(heading)).toBe(true);
    expect(await page.title()).toBe('CI deploys · API tokens');

    // The facts: hint, last use (relative and exact), expiry with time and a warning.
    expect(await page.getByTestId('token-hint').textContent()).toMatch(/^pat_…[0-9A-Za-z]{4}$/);
    expect(await page.getByTestId('last-used').textContent()).toMatch(/^just now · \d{1,2} \w{3} \d{4}, \d{2}:\d{2}/);
    expect(await page.getByTestId('last-used-from').textContent()).toMatch(
      /^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1) · deploy-bot\/2\.1$/,
    );
    expect(await page.getByTestId('token-detail').getByTestId('token-status').textContent()).toBe('Active');
    expect(await page.getByTestId('expires').textContent()).toMatch(/^\d{1,2} \w{3} \d{4}, \d{2}:\d{2} \(in 3 days\)$/);
    await page.getByTestId('expiry-warning').getByText('This token expires in 3 days.').waitFor();

    // How to use it: a placeholder where the value would be, and why; cURL and the typed SDK.
    expect(await page.getByTestId('token-header').textContent()).toBe('Authorization: Bearer <your token>');
    expect(await page.getByTestId('token-curl').textContent()).toContain(`curl -X POST ${h.server.url}/graphql`);
    const sdk = await page.getByTestId('token-sdk').textContent();
    expect(sdk).toContain("import { createClient } from '@api-tokens/sdk';");
    expect(sdk).toContain(`createClient({ url: '${h.server.url}/graphql', token: process.env.API_TOKEN! })`);
    expect(sdk).toContain('await api.viewer()');
    await page.getByText('keeps only a fingerprint of it').waitFor();
    expect(await page.content()).not.toContain(deploy.token);

    // Reload: the server answers the token's URL with the page, which shows the same token.
    await page.reload();
    await heading.waitFor();
    await page.goBack();
    await page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/');
    await page.goForward();
    await heading.waitFor();
    // Back from a page opened by link returns focus to that link.
    await page.getByRole('link', { name: '← All tokens' }).click();
    await page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();
    expect(h.consoleErrors).toEqual([]);
  }, 60_000);

  it('answers an unknown or foreign token id with "not found", not an error', async () => {
    const owner = await h.user();
    const other = await h.user();
    const foreign = await createToken(h.server, other, 'Not yours');
    const page = await h.open();
    await h.signIn(page, owner.email, `/tokens/${encodeURIComponent(foreign.id)}`);
    await page.getByRole('heading', { name: 'Token not found', level: 1 }).waitFor();
    expect(await page.getByText('Not yours').count()).toBe(0);
    await page.goto(`${h.server.url}/tokens/${encodeURIComponent(globalId('0190c4d6-0000-7000-8000-000000000000'))}`);
    await page.getByRole('heading', { name: 'Token not found', level: 1 }).waitFor();
    // The server answers a token's URL with the page itself (same headers as `/`); a missing file is never the page.
    const direct = await fetch(`${h.server.url}/tokens/${encodeURIComponent(foreign.id)}`);
    expect(direct.status).toBe(200);
    expect(direct.headers.get('content-type')).toMatch(/^text\/html; ?charset=utf-8$/);
    expect(direct.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await direct.text()).toContain('<div id="root"></div>');
    expect((await fetch(`${h.server.url}/tokens/x/missing.js`)).status).toBe(404);
  }, 60_000);

  it('revokes from the token page: confirmation, back to the list, focus on the next row, a status message', async () => {
    const owner = await h.user();
    await createToken(h.server, owner, 'Oldest');
    await createToken(h.server, owner, 'Middle');
    await createToken(h.server, owner, 'Newest');
    const page = await h.open();
    await h.signIn(page, owner.email);
    const rows = page.getByTestId('token-row');
    await rows.filter({ hasText: 'Middle' }).waitFor();
    expect(await rows.allTextContents()).toHaveLength(4); // with the fixture's own token

    // Keyboard only: focus the link, Enter opens the page, Revoke, confirm.
    await page.getByRole('link', { name: 'Middle' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Middle', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Revoke token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke “Middle”?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Revoke token' }).click();

    await page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();
    await rows.filter({ hasText: 'Middle' }).waitFor({ state: 'detached' });
    await expect.poll(() => hasFocus(page.getByRole('link', { name: 'Oldest' }))).toBe(true);
    expect(await page.getByTestId('list-status').textContent()).toBe('Token Middle revoked.');
    expect(await page.getByRole('heading', { name: /Your tokens/ }).textContent()).toBe('Your tokens (3)');
    // Back does not lead to the page of a token that no longer exists.
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await h.server.started.db.prisma.apiToken.count({ where: { ownerId: owner.userId } })).toBe(3);

    // The last row revoked: focus falls back to the row before it, and with no row left, the heading.
    await page.getByRole('link', { name: 'fixture token' }).click();
    await page.getByRole('button', { name: 'Revoke token' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click();
    await page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();
    await expect.poll(() => hasFocus(page.getByRole('link', { name: 'Oldest' }))).toBe(true);
    expect(h.consoleErrors).toEqual([]);
  }, 60_000);

  it('reaches every token past 100 with "Load more"', async () => {
    const owner = await h.user();
    for (let i = 1; i <= 120; i++) await createToken(h.server, owner, `Bulk ${String(i).padStart(3, '0')}`);
    const page = await h.open();
    await h.signIn(page, owner.email);
    const rows = page.getByTestId('token-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(50);
    expect(await page.getByTestId('list-count').textContent()).toBe('Showing 50 of 121');
    await page.getByRole('button', { name: 'Load more tokens' }).click();
    await expect.poll(() => rows.count()).toBe(100);
    // Focus moves to the first new row, so a keyboard user continues there.
    await expect.poll(() => hasFocus(page.getByRole('link', { name: 'Bulk 070' }))).toBe(true);
    await page.getByRole('button', { name: 'Load more tokens' }).click();
    await expect.poll(() => rows.count()).toBe(121);
    expect(await page.getByRole('button', { name: 'Load more tokens' }).count()).toBe(0);
    const oldest = page.getByRole('link', { name: 'fixture token' });
    await oldest.waitFor();
    // The oldest opens, and Back finds the list as it was left, all rows loaded.
    await page.getByRole('link', { name: 'Bulk 001' }).click();
    await page.getByRole('heading', { name: 'Bulk 001', level: 1 }).waitFor();
    await page.goBack();
    await page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();
    expect(await rows.count()).toBe(121);
    await expect.poll(() => hasFocus(page.getByRole('link', { name: 'Bulk 001' }))).toBe(true);
    expect(h.consoleErrors).toEqual([]);
  }, 120_000);
});
