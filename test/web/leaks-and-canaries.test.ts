// Leaked and canary tokens as their owner sees them, in Chromium against a real
// server: a token reported by secret scanning shows in the revoked history as
// "found in public at <url> and revoked" (a link only for http(s) URLs), and a
// canary is created from the dialog (checkbox with its help), carries its badge in
// the list, and its page lists every use with time, address and client.
import { describe, expect, it } from 'vitest';
import { postReport, publicKeysEnv, reportBody, scanningKeyPair } from '../support/secret-scanning.js';
import { usePageHarness } from './support/page-harness.js';
import { createToken, useToken } from './support/tokens.js';

const github = scanningKeyPair('github-key-1');
const h = usePageHarness({ SECRET_SCANNING_PUBLIC_KEYS: publicKeysEnv(github) });

describe('leaked tokens', () => {
  it('show where they were found, and that they were revoked, in the revoked history', async () => {
    const owner = await h.user();
    const leaked = await createToken(h.server, owner, 'Laptop script');
    const odd = await createToken(h.server, owner, 'Odd place');
    const url = 'https://github.com/octocat/dotfiles/blob/main/.env';
    const answer = await postReport(
      h.server.url,
      reportBody([
        { token: leaked.token, url, source: 'commit' },
        { token: odd.token, url: 'javascript:alert(1)', source: 'gist_content' },
      ]),
      github,
    );
    expect(answer.body.map((a: { label: string }) => a.label)).toEqual(['true_positive', 'true_positive']);

    const page = await h.open();
    await h.signIn(page, owner.email);
    const history = page.getByRole('region', { name: /Recently revoked/ });
    const row = history.getByTestId('revoked-row').filter({ hasText: 'Laptop script' });
    await row.waitFor();
    const note = row.getByTestId('leaked');
    expect(await note.textContent()).toBe(
      `Found in public at ${url} and revoked at once (commit). Make sure whatever used it has a new token, and remove it from there.`,
    );
    const link = note.getByRole('link', { name: url });
    expect(await link.getAttribute('href')).toBe(url);
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    // A URL that is not http(s) is shown, never linked.
    const oddNote = history.getByTestId('revoked-row').filter({ hasText: 'Odd place' }).getByTestId('leaked');
    expect(await oddNote.textContent()).toContain('Found in public at javascript:alert(1) and revoked');
    expect(await oddNote.getByRole('link').count()).toBe(0);
    // The token is gone from the list.
    expect(await page.getByTestId('token-row').filter({ hasText: 'Laptop script' }).count()).toBe(0);
    expect(await page.content()).not.toContain(leaked.token);
    expect(h.consoleErrors).toEqual([]);
  }, 60_000);
});

describe('canary tokens', () => {
  it('are created from the dialog, marked in the list, and list every use on their page', async () => {
    const owner = await h.user();
    const page = await h.open();
    await h.signIn(page, owner.email);
    await page.getByRole('button', { name: 'Create API token' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Token name' }).fill('Bait in backups');
    const box = dialog.getByRole('checkbox', { name: 'Canary token' });
    expect(await box.isChecked()).toBe(false);
    expect(await box.getAttribute('aria-describedby')).toBeTruthy();
    await dialog.getByText('A trap: it looks like any token but never works').waitFor();
    await box.check();
    await dialog.getByRole('button', { name: 'Create token' }).click();
    await dialog.getByText('Canary Bait in backups is ready.').waitFor();
    await dialog.getByTestId('new-canary-note').waitFor();
    // No examples of calling the API with it: it would never work.
    expect(await dialog.getByTestId('new-token-curl').count()).toBe(0);
    const secret = (await dialog.getByTestId('new-token').textContent()) ?? '';
    expect(secret).toMatch(/^pat_[0-9A-Za-z]{38}$/);
    const stored = await h.server.started.db.prisma.apiToken.findFirstOrThrow({
      where: { ownerId: owner.userId, name: 'Bait in backups' },
    });
    expect(stored.canary).toBe(true);
    await dialog.getByRole('button', { name: 'Copy token' }).click();
    await dialog.getByRole('button', { name: "Done, I've copied it" }).click();

    const row = page.getByTestId('token-row').filter({ hasText: 'Bait in backups' });
    await row.waitFor();
    expect(await row.getByTestId('token-status').textContent()).toBe('CanaryNot used yet');

    // Someone finds it and tries it: refused like any unknown token, recorded.
    expect(await useToken(h.server, secret, 'python-requests/2.32')).toBe(401);
    expect(await useToken(h.server, secret, 'curl/8.5.0')).toBe(401);
    await h.server.started.app.canaryTrips.flush();

    await row.getByRole('link', { name: 'Bait in backups' }).click();
    await page.getByRole('heading', { name: 'Bait in backups', level: 1 }).waitFor();
    const detail = page.getByTestId('token-detail');
    expect(await detail.getByTestId('token-status').textContent()).toBe(
      'CanaryUsed 2 times — each use refused and recorded',
    );
    const trips = page.getByTestId('canary-trips');
    await trips.getByRole('heading', { name: 'Uses of this canary (2)' }).waitFor();
    await trips.getByText('Someone has used this canary 2 times.').waitFor();
    const tripRows = trips.getByTestId('trip-row');
    await expect.poll(() => tripRows.count()).toBe(2);
    // Both uses, each with its time, address and client (two uses within the same
    // moment may list in either order).
    const rowTexts = await tripRows.allTextContents();
    expect(rowTexts).toHaveLength(2);
    expect(rowTexts).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\d{1,2} \w{3} \d{4}, \d{2}:\d{2}(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)curl\/8\.5\.0$/),
        expect.stringMatching(
          /^\d{1,2} \w{3} \d{4}, \d{2}:\d{2}(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)python-requests\/2\.32$/,
        ),
      ]),
    );
    // No "use this token" examples on a canary's page.
    expect(await page.getByRole('heading', { name: 'Use this token' }).count()).toBe(0);
    expect(h.consoleErrors).toEqual([]);
  }, 60_000);
});
