// The "Profile → API" page in a real Chromium against a real server: sign in
// (development sign-in), create a token, read it from the copy target, use it,
// revoke it in the page, see it rejected; watch-only and non-Enterprise views.
// The server runs in trusted-documents mode with the SDK's manifest: the page
// names the SDK's generated documents by hash, so it works in the strictest mode.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CreateApiTokenDocument, documentHash, ViewerDocument } from '../../sdk/src/index.js';
import { usePageHarness } from './support/page-harness.js';

const h = usePageHarness();
/** Bodies of the page's requests to /graphql. */
let graphqlBodies: string[] = [];

/** A request body naming one SDK operation by hash, as the page and the SDK send them. */
const byHash = (document: Parameters<typeof documentHash>[0], variables?: unknown) => ({
  variables,
  extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(document) } },
});

async function openPage(viewport?: { width: number; height: number }): Promise<Page> {
  const page = await h.open({ viewport });
  graphqlBodies = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/graphql') graphqlBodies.push(request.postData() ?? request.url());
  });
  return page;
}

async function signInAs(page: Page, name: string): Promise<void> {
  await page.goto(h.server.url);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByRole('button', { name: `Sign in as ${name}` }).waitFor();
  await page.getByRole('button', { name: `Sign in as ${name}` }).click();
  await page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();
}

async function bearerFetch(token: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${h.server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(byHash(ViewerDocument)),
  });
  return { status: response.status, body: await response.json() };
}

const isFocused = (page: Page, selector: Parameters<Page['getByRole']>) =>
  page.getByRole(...selector).evaluate((element) => element === document.activeElement);

describe('the token page', () => {
  it('signs in as the demo admin, creates a token, uses it, revokes it', async () => {
    const page = await openPage();
    await signInAs(page, 'Ada Admin');
    await page.getByText('You have no API tokens yet.').waitFor();

    // Create: focus moves into the dialog; an empty name is refused where it is typed.
    const createButton = page.getByRole('button', { name: 'Create API token' });
    await createButton.click();
    const dialog = page.getByRole('dialog', { name: 'Create API token' });
    await dialog.waitFor();
    expect(await isFocused(page, ['textbox', { name: 'Token name' }])).toBe(true);
    await dialog.getByRole('button', { name: 'Create token' }).click();
    await dialog.getByText('Give the token a name').waitFor();
    await page.getByLabel('Token name').fill('CI deploys');
    await dialog.getByRole('button', { name: 'Create token' }).click();

    // Shown once, with copy targets for the token, the header and cURL.
    const created = page.getByRole('dialog', { name: 'Copy your new token' });
    await created.waitFor();
    await created.getByText("you won't see it again").waitFor();
    const token = (await page.getByTestId('new-token').textContent())!.trim();
    expect(token).toMatch(/^pat_[0-9A-Za-z]{30,}$/);
    expect(await page.getByTestId('new-token-header').textContent()).toBe(`Authorization: Bearer ${token}`);
    expect(await page.getByTestId('new-token-curl').textContent()).toContain(`Authorization: Bearer ${token}`);
    await created.getByRole('button', { name: 'Copy token' }).click();
    await created.getByText('Copied', { exact: true }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);

    // No secret in the URL, storage or readable cookies.
    expect(page.url()).not.toContain(token);
    expect(await page.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie])).toEqual([
      0,
      0,
      '',
    ]);

    // The token authenticates a plain request.
    const before = await bearerFetch(token);
    expect(before.body.data.viewer.email).toBe('admin@acme.test');

    // Closing drops the secret and returns focus to the opener.
    await created.getByRole('button', { name: /Done/ }).click();
    await created.waitFor({ state: 'hidden' });
    await expect.poll(() => isFocused(page, ['button', { name: 'Create API token' }])).toBe(true);
    expect(await page.getByTestId('new-token').count()).toBe(0);

    // A second token, made through the API with the first: the list shows names, last use and creation date.
    const second = await fetch(`${h.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(byHash(CreateApiTokenDocument, { input: { name: 'Reporting script' } })),
    });
    expect(second.status).toBe(200);
    await h.server.started.app.lastUsed.flush();
    await page.reload();
    const rows = page.getByTestId('token-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    const ciRow = rows.filter({ hasText: 'CI deploys' });
    expect(await ciRow.getByRole('cell').nth(3).textContent()).toBe('just now');
    expect(await rows.filter({ hasText: 'Reporting script' }).getByRole('cell').nth(3).textContent()).toBe('Never');
    const today = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date());
    // Dates carry their time ("1 Dec 2026, 06:45").
    expect(await ciRow.getByRole('cell').nth(4).textContent()).toMatch(new RegExp(`^${today}, \\d{2}:\\d{2}$`));

    // Admins of a workspace with audit logs see the events.
    await page.getByRole('button', { name: 'Show audit log' }).click();
    const audit = page.getByRole('region', { name: 'Audit log' });
    await audit.getByRole('cell', { name: 'CI deploys' }).first().waitFor();
    expect(await audit.getByRole('cell', { name: 'Created', exact: true }).count()).toBe(2);

    // Revoke is on the token's own page (open it from the list, click Revoke). Escape closes the
    // confirmation and returns focus; then revoke for real.
    await page.getByRole('link', { name: 'CI deploys' }).click();
    await page.getByRole('heading', { name: 'CI deploys', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Revoke token' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke “CI deploys”?' });
    await confirm.waitFor();
    expect(await isFocused(page, ['button', { name: 'Cancel' }])).toBe(true);
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'hidden' });
    await expect.poll(() => isFocused(page, ['button', { name: 'Revoke token' }])).toBe(true);
    await page.getByRole('button', { name: 'Revoke token' }).click();
    await confirm.getByRole('button', { name: 'Revoke token' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await rows.filter({ hasText: 'CI deploys' }).waitFor({ state: 'detached' });
    expect(await rows.count()).toBe(1);
    await page.getByText('Token CI deploys revoked.').waitFor({ state: 'attached' });
    await audit.getByRole('cell', { name: 'Revoked', exact: true }).waitFor();

    // The same request is now refused.
    const after = await bearerFetch(token);
    expect(after.status).toBe(401);
    expect(after.body.errors?.[0]?.message).toBe('The API token is invalid or has been revoked.');

    // Phone width: still readable, nothing wider than the screen.
    await page.setViewportSize({ width: 375, height: 812 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    // Sign out ends the session.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(h.consoleErrors).toEqual([]);
    // Every operation went out by hash, never as text (the server refuses text in this mode).
    expect(graphqlBodies.length).toBeGreaterThan(3);
    for (const body of graphqlBodies) {
      expect(JSON.parse(body)).not.toHaveProperty('query');
      expect(JSON.parse(body).extensions.persistedQuery.sha256Hash).toMatch(/^[0-9a-f]{64}$/);
    }
  }, 90_000);

  it('shows a watch-only user the list read-only, with no way to create', async () => {
    const prisma = h.server.started.db.prisma;
    const watcher = await prisma.user.findUniqueOrThrow({
      where: { email: 'watcher@acme.test' },
      include: { workspace: true },
    });
    // A token from before the user became watch-only.
    await h.server.started.app.tokens.create(
      {
        userId: watcher.id,
        email: watcher.email,
        role: 'MEMBER',
        workspaceId: watcher.workspaceId,
        auditLogsEnabled: false,
      },
      { name: 'Old integration' },
      { ip: null, userAgent: 'test' },
    );
    const page = await openPage();
    await signInAs(page, 'Wanda Watcher');
    await page.getByText('You have watch-only access.').waitFor();
    await page.getByTestId('token-row').filter({ hasText: 'Old integration' }).waitFor();
    expect(await page.getByRole('button', { name: 'Create API token' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Revoke/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Show audit log' }).count()).toBe(0);

    // Even a hand-made request from the page's session is refused by the API.
    const result = await page.evaluate(
      async (body) => {
        const response = await fetch('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-graphql-yoga-csrf': '1' },
          body,
        });
        return response.json();
      },
      JSON.stringify(byHash(CreateApiTokenDocument, { input: { name: 'x' } })),
    );
    expect(result.data.createApiToken).toEqual({
      __typename: 'ForbiddenError',
      message: 'Watch-only users cannot create API tokens.',
    });
    expect(h.consoleErrors).toEqual([]);
  }, 60_000);

  it('tells a non-Enterprise workspace why API access is unavailable', async () => {
    const page = await openPage({ width: 390, height: 844 });
    await signInAs(page, 'Dana Developer');
    await page.getByRole('heading', { name: 'API access is not available on the Team plan' }).waitFor();
    await page.getByText('API tokens require the Enterprise plan.').waitFor();
    expect(await page.getByRole('button', { name: 'Create API token' }).count()).toBe(0);
    expect(await page.getByTestId('token-row').count()).toBe(0);
    expect(h.consoleErrors).toEqual([]);
  }, 60_000);

  it('serves the page with a strict Content-Security-Policy and cacheable assets', async () => {
    const response = await fetch(h.server.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const js = await fetch(`${h.server.url}${asset}`);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${h.server.url}/assets/..%2f..%2fpackage.json`)).status).toBe(404);
  });
});
