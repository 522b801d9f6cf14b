// What the page does when things go wrong or get in the way, in Chromium
// against a real server: distinct messages for a server fault, overload and no
// connection (the browser's requests are failed with Playwright's routing; the
// server itself is real), a session that ends mid-typing, Escape on the
// show-once view, the audit log past one page, and dark mode.
import { describe, expect, it } from 'vitest';
import { hasFocus, usePageHarness } from './support/page-harness.js';
import { createToken, revokeToken } from './support/tokens.js';

const h = usePageHarness();

describe('the page when things go wrong', () => {
  const failures = [
    {
      what: 'a server fault (5xx)',
      fail: { status: 500, contentType: 'text/plain', body: 'Internal Server Error' },
      message:
        'The server had a problem (HTTP 500). Try again in a moment; if it keeps happening, tell your administrator.',
    },
    {
      what: 'too many requests (429 with Retry-After)',
      fail: {
        status: 429,
        headers: { 'retry-after': '17' },
        contentType: 'application/json',
        body: JSON.stringify({ errors: [{ message: 'Too many requests.', extensions: { code: 'RATE_LIMITED' } }] }),
      },
      message: 'Too many requests. Try again in 17 s.',
    },
    {
      what: 'no connection',
      fail: 'abort' as const,
      message: 'Could not reach the server. Check your connection and try again.',
    },
  ];
  for (const { what, fail, message } of failures) {
    it(`says what happened for ${what}, and recovers with Try again`, async () => {
      const owner = await h.user();
      const page = await h.open();
      await h.signIn(page, owner.email);
      await page.getByRole('link', { name: 'fixture token' }).waitFor();
      await page.route('**/graphql', (route) =>
        fail === 'abort' ? route.abort('connectionrefused') : route.fulfill(fail),
      );
      // A new search asks the server again, and fails.
      await page.getByRole('searchbox', { name: 'Search by name' }).fill('fixture');
      const alert = page.getByRole('alert').filter({ hasText: 'Could not load your tokens' });
      await alert.waitFor();
      expect(await alert.locator('p').textContent()).toBe(`Could not load your tokens: ${message}`);
      await page.unroute('**/graphql');
      await alert.getByRole('button', { name: 'Try again' }).click();
      await alert.waitFor({ state: 'detached' });
      await page.getByRole('link', { name: 'fixture token' }).waitFor();
    }, 60_000);
  }

  it('says a lost session ended and keeps what was typed in the create form', async () => {
    const owner = await h.user();
    const page = await h.open();
    await h.signIn(page, owner.email);
    await page.getByRole('button', { name: 'Create API token' }).click();
    await page.getByLabel('Token name').fill('Nightly export');
    await page.getByLabel('Expires').selectOption({ label: 'In 30 days' });
    // The session ends (expired, signed out elsewhere): the next request is a 401.
    await page.context().clearCookies();
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.getByTestId('session-ended').textContent()).toContain('Your session ended — sign in again.');
    // Kept in this tab only, and only what was typed.
    const kept = await page.evaluate(() => Object.entries(sessionStorage));
    expect(kept).toEqual([['api-tokens.create-draft', JSON.stringify({ name: 'Nightly export', expiry: '2' })]]);

    await h.signIn(page, owner.email);
    const dialog = page.getByRole('dialog', { name: 'Create API token' });
    await dialog.waitFor();
    await dialog.getByText('We kept what you typed before your session ended.').waitFor();
    expect(await page.getByLabel('Token name').inputValue()).toBe('Nightly export');
    expect(await page.getByLabel('Expires').inputValue()).toBe('2');
    await dialog.getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('dialog', { name: 'Copy your new token' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    const created = await h.server.started.db.prisma.apiToken.findFirstOrThrow({
      where: { ownerId: owner.userId, name: 'Nightly export' },
    });
    const days = (created.expiresAt!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    expect(h.consoleErrors).toEqual([]);
  }, 60_000);

  it('asks before Escape or Done discards a new token that was not copied; the view has the SDK snippet', async () => {
    const owner = await h.user();
    const page = await h.open();
    await h.signIn(page, owner.email);
    await page.getByRole('button', { name: 'Create API token' }).click();
    await page.getByLabel('Token name').fill('Escape test');
    await page.getByRole('button', { name: 'Create token' }).click();
    const shown = page.getByRole('dialog', { name: 'Copy your new token' });
    await shown.waitFor();
    const token = (await page.getByTestId('new-token').textContent())!;
    const sdk = await page.getByTestId('new-token-sdk').textContent();
    expect(sdk).toContain("import { createClient } from '@api-tokens/sdk';");
    expect(sdk).toContain('await api.viewer()');
    expect(sdk).not.toContain(token); // a secret belongs in the environment, not in code
    // The same address as the server's cURL example (PUBLIC_URL).
    expect(sdk).toContain("createClient({ url: 'http://127.0.0.1:4000/graphql', token: process.env.API_TOKEN! })");

    await page.keyboard.press('Escape');
    const asking = page.getByRole('dialog', { name: 'Close without the token?' });
    await asking.waitFor();
    await expect.poll(() => hasFocus(page.getByRole('button', { name: 'Go back to the token' }))).toBe(true);
    // Escape again keeps the token (twice in a row must not close the dialog).
    await page.keyboard.press('Escape');
    await shown.waitFor();
    expect(await page.getByTestId('new-token').textContent()).toBe(token);
    await page.keyboard.press('Escape');
    await asking.waitFor();
    await page.getByRole('button', { name: 'Go back to the token' }).click();
    // Done without copying asks too; then discarding closes and returns focus.
    await page.getByRole('button', { name: /Done/ }).click();
    await asking.waitFor();
    await page.getByRole('button', { name: 'Close without copying' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await expect.poll(() => hasFocus(page.getByRole('button', { name: 'Create API token' }))).toBe(true);
    expect(await page.getByTestId('new-token').count()).toBe(0);
    expect(h.consoleErrors).toEqual([]);
  }, 60_000);

  it('pages through the audit log, which shows each change’s client', async () => {
    const owner = await h.user({ auditLogs: true });
    for (let i = 1; i <= 55; i++) await createToken(h.server, owner, `Audit ${i}`);
    const page = await h.open();
    await h.signIn(page, owner.email);
    await page.getByRole('button', { name: 'Show audit log' }).click();
    const audit = page.getByRole('region', { name: 'Audit log' });
    const rows = audit.getByTestId('audit-row');
    await expect.poll(() => rows.count()).toBe(50);
    expect(await audit.getByRole('columnheader', { name: 'Client' }).count()).toBe(1);
    expect(await rows.first().getByRole('cell').last().textContent()).toBe('page test setup');
    await audit.getByRole('button', { name: 'Load more events' }).click();
    await expect.poll(() => rows.count()).toBe(56);
    expect(await audit.getByRole('button', { name: 'Load more events' }).count()).toBe(0);
    expect(await rows.last().getByRole('cell').nth(2).textContent()).toBe('fixture token');
    // Keyboard users continue at the first new row, and a screen reader hears how many are shown.
    await expect.poll(() => hasFocus(rows.nth(50).getByRole('cell').first())).toBe(true);
    expect(await audit.getByRole('status').textContent()).toBe('Showing 56 of 56 events.');

    // Reopened while the server fails: a clear error, and Try again reads it again.
    await audit.getByRole('button', { name: 'Hide audit log' }).click();
    await page.route('**/graphql', (route) => route.fulfill({ status: 500, body: 'boom' }));
    await audit.getByRole('button', { name: 'Show audit log' }).click();
    const alert = audit.getByRole('alert');
    await alert.waitFor();
    expect(await alert.locator('p').textContent()).toMatch(/^Could not load the audit log: The server had a problem/);
    await page.unroute('**/graphql');
    await alert.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => rows.count()).toBe(50);
    expect(h.consoleErrors.filter((e) => !e.includes('500'))).toEqual([]);
  }, 60_000);

  it('pages through recently revoked tokens', async () => {
    const owner = await h.user();
    for (let i = 1; i <= 22; i++) {
      const made = await createToken(h.server, owner, `Gone ${i}`);
      await revokeToken(h.server, owner, made.rowId);
    }
    const page = await h.open();
    await h.signIn(page, owner.email);
    const section = page.getByRole('region', { name: /Recently revoked/ });
    const rows = section.getByTestId('revoked-row');
    await expect.poll(() => rows.count()).toBe(20);
    expect(await section.getByRole('heading').textContent()).toBe('Recently revoked (22)');
    expect(await section.getByText('Showing 20 of 22').count()).toBe(1);
    await section.getByRole('button', { name: 'Load more revoked tokens' }).click();
    await expect.poll(() => rows.count()).toBe(22);
    expect(await section.getByRole('button', { name: 'Load more revoked tokens' }).count()).toBe(0);
    // Newest first: the first one revoked comes last.
    expect(await rows.last().locator('.token-name').textContent()).toBe('Gone 1');
    expect(h.consoleErrors).toEqual([]);
  }, 60_000);

  it('follows the system’s dark mode', async () => {
    const owner = await h.user();
    const background = async (colorScheme: 'light' | 'dark') => {
      const page = await h.open({ colorScheme });
      await h.signIn(page, owner.email);
      await page.getByRole('link', { name: 'fixture token' }).waitFor();
      const colors = await page.evaluate(() => {
        const root = getComputedStyle(document.documentElement);
        const table = getComputedStyle(document.querySelector('table.tokens')!);
        return { page: root.backgroundColor, text: root.color, table: table.backgroundColor };
      });
      await page.close();
      return colors;
    };
    expect(await background('light')).toEqual({
      page: 'rgb(246, 247, 249)',
      text: 'rgb(29, 35, 48)',
      table: 'rgb(255, 255, 255)',
    });
    expect(await background('dark')).toEqual({
      page: 'rgb(20, 23, 29)',
      text: 'rgb(230, 233, 239)',
      table: 'rgb(29, 33, 41)',
    });
  }, 60_000);
});
