// Issue 14 in Chromium against a real server: rotating a token from its page (the
// overlap picked, the new secret shown once like a new token, focus back where it
// was), the overlap on the token's page (until when the old secret works, and when
// it was last used), and scopes: chosen in the create dialog among those the
// viewer may grant, shown in the list and on the token's page.
import { describe, expect, it } from 'vitest';
import { hasFocus, usePageHarness } from './support/page-harness.js';
import { createToken, useToken } from './support/tokens.js';

const h = usePageHarness();

describe('rotating a token from its page', () => {
  it('with an overlap: the new secret once, both secrets work, the page shows until when and the old one’s last use', async () => {
    const owner = await h.user();
    const deploy = await createToken(h.server, owner, 'CI deploys');
    const page = await h.open();
    await h.signIn(page, owner.email, `/tokens/${encodeURIComponent(deploy.id)}`);
    await page.getByRole('heading', { name: 'CI deploys', level: 1 }).waitFor();
    const hintBefore = await page.getByTestId('token-hint').textContent();
    expect(await page.getByTestId('previous-secret').count()).toBe(0);

    const rotateButton = page.getByRole('button', { name: 'Rotate token…' });
    await rotateButton.click();
    const dialog = page.getByRole('dialog', { name: 'Rotate “CI deploys”?' });
    await dialog.waitFor();
    // One hour is preselected; the choices are now, 1 hour, 1 day, 7 days.
    expect(await dialog.getByRole('radio').count()).toBe(4);
    expect(await dialog.getByRole('radio', { name: 'In 1 hour' }).isChecked()).toBe(true);
    await dialog.getByRole('radio', { name: 'In 1 day' }).check();
    await dialog.getByRole('button', { name: 'Rotate token' }).click();

    const shown = page.getByRole('dialog', { name: 'Copy the new secret' });
    await shown.waitFor();
    await shown.getByText("you won't see it again").waitFor();
    const secret = (await page.getByTestId('new-token').textContent())!.trim();
    expect(secret).toMatch(/^pat_[0-9A-Za-z]{30,}$/);
    expect(await page.getByTestId('new-token-header').textContent()).toBe(`Authorization: Bearer ${secret}`);
    expect(await page.getByTestId('rotated-intro').textContent()).toMatch(
      /^CI deploys has a new secret\. The old one works until \d{1,2} \w{3} \d{4}, \d{2}:\d{2} \((tomorrow|in 23 hours)\): replace it everywhere before then\.$/,
    );
    // Both secrets work during the overlap.
    expect(await useToken(h.server, secret)).toBe(200);
    expect(await useToken(h.server, deploy.token, 'old-deploy-bot/1.0')).toBe(200);
    await h.server.started.app.lastUsed.flush();

    // Leaving without copying asks first, then drops the secret and returns focus to Rotate.
    await shown.getByRole('button', { name: /Done/ }).click();
    const confirm = page.getByRole('dialog', { name: 'Close without the new secret?' });
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Close without copying' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await expect.poll(() => hasFocus(rotateButton)).toBe(true);
    expect(await page.getByTestId('new-token').count()).toBe(0);
    expect(await page.content()).not.toContain(secret);
    expect(page.url()).not.toContain(secret);

    // The page shows the overlap at once, and the new hint.
    const notice = page.getByTestId('previous-secret');
    await notice.waitFor();
    expect(await notice.locator('strong').textContent()).toMatch(
      /^The previous secret works until \d{1,2} \w{3} \d{4}, \d{2}:\d{2} \((tomorrow|in 23 hours)\)$/,
    );
    expect(await page.getByTestId('token-hint').textContent()).toBe(`pat_…${secret.slice(-4)}`);
    expect(await page.getByTestId('token-hint').textContent()).not.toBe(hintBefore);
    expect(await page.getByTestId('rotated-at').textContent()).toMatch(/\(just now\)$/);

    // After a reload, the old secret's last use.
    await page.reload();
    await notice.waitFor();
    expect(await page.getByTestId('previous-secret-last-used').textContent()).toMatch(
      /^last used just now \(\d{1,2} \w{3} \d{4}, \d{2}:\d{2}\)$/,
    );
    expect(h.consoleErrors).toEqual([]);
  }, 60_000);

  it('now: the old secret stops at once, and the page shows no overlap; a second rotation at once is explained', async () => {
    const owner = await h.user();
    const script = await createToken(h.server, owner, 'Reporting script');
    const page = await h.open();
    await h.signIn(page, owner.email, `/tokens/${encodeURIComponent(script.id)}`);
    await page.getByRole('heading', { name: 'Reporting script', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Rotate token…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rotate “Reporting script”?' });
    await dialog.getByRole('radio', { name: /^Now/ }).check();
    await dialog.getByRole('button', { name: 'Rotate token' }).click();
    const shown = page.getByRole('dialog', { name: 'Copy the new secret' });
    await shown.waitFor();
    expect(await page.getByTestId('rotated-intro').textContent()).toBe(
      'Reporting script has a new secret. The old one no longer works.',
    );
    const secret = (await page.getByTestId('new-token').textContent())!.trim();
    expect(await useToken(h.server, script.token)).toBe(401);
    expect(await useToken(h.server, secret)).toBe(200);
    await shown.getByRole('button', { name: 'Copy token' }).click();
    await shown.getByText('Copied', { exact: true }).waitFor();
    await shown.getByRole('button', { name: /Done/ }).click();
    await shown.waitFor({ state: 'hidden' });
    expect(await page.getByTestId('previous-secret').count()).toBe(0);

    // Rotating again straight away: the server's reason, in the dialog.
    await page.getByRole('button', { name: 'Rotate token…' }).click();
    const again = page.getByRole('dialog', { name: 'Rotate “Reporting script”?' });
    await again.getByRole('button', { name: 'Rotate token' }).click();
    await again.getByRole('alert').getByText('This token was just rotated').waitFor();
    expect(await useToken(h.server, secret)).toBe(200);
    expect(h.consoleErrors).toEqual([]);
  }, 60_000);
});

describe('scopes', () => {
  it('the create dialog offers what the role may grant, all ticked; the choice is shown in the list and on the page', async () => {
    const admin = await h.user();
    const member = await h.user({ role: 'MEMBER', workspaceId: admin.workspaceId });

    const memberPage = await h.open();
    await h.signIn(memberPage, member.email);
    await memberPage.getByRole('button', { name: 'Create API token' }).click();
    const memberDialog = memberPage.getByRole('dialog', { name: 'Create API token' });
    const memberChoices = memberDialog.getByRole('group', { name: 'What may it do?' }).getByRole('checkbox');
    expect(await memberChoices.count()).toBe(2);
    expect(await memberChoices.evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).checked))).toEqual([
      true,
      true,
    ]);

    const page = await h.open();
    await h.signIn(page, admin.email);
    await page.getByRole('button', { name: 'Create API token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create API token' });
    const group = dialog.getByRole('group', { name: 'What may it do?' });
    expect(await group.getByRole('checkbox').count()).toBe(4);
    await page.getByLabel('Token name').fill('Audit exporter');
    // Nothing ticked is refused in the form.
    for (const name of ['Read tokens', 'Manage tokens', 'Read the audit log', 'Workspace settings'])
      await group.getByRole('checkbox', { name }).uncheck();
    await dialog.getByRole('button', { name: 'Create token' }).click();
    await dialog.getByText('Choose at least one thing the token may do.').waitFor();
    for (const name of ['Read tokens', 'Read the audit log']) await group.getByRole('checkbox', { name }).check();
    await dialog.getByRole('button', { name: 'Create token' }).click();
    const created = page.getByRole('dialog', { name: 'Copy your new token' });
    await created.waitFor();
    const token = (await page.getByTestId('new-token').textContent())!.trim();
    await created.getByRole('button', { name: 'Copy token' }).click();
    await created.getByRole('button', { name: /Done/ }).click();
    await created.waitFor({ state: 'hidden' });

    const row = page.getByTestId('token-row').filter({ hasText: 'Audit exporter' });
    await row.waitFor();
    expect(await row.getByTestId('token-scopes').getByRole('listitem').allTextContents()).toEqual(['read', 'audit']);
    const fixtureRow = page.getByTestId('token-row').filter({ hasText: 'fixture token' });
    expect(await fixtureRow.getByTestId('token-scopes').getByRole('listitem').allTextContents()).toEqual([
      'read',
      'write',
      'audit',
      'admin',
    ]);
    await row.getByRole('link', { name: 'Audit exporter' }).click();
    await page.getByRole('heading', { name: 'Audit exporter', level: 1 }).waitFor();
    expect(
      await page.getByTestId('token-detail').getByTestId('token-scopes').getByRole('listitem').allTextContents(),
    ).toEqual(['Read tokens', 'Read the audit log']);

    // The server holds it to them: reading works, creating is refused naming the scope.
    const row2 = await h.server.started.db.prisma.apiToken.findFirstOrThrow({
      where: { ownerId: admin.userId, name: 'Audit exporter' },
    });
    expect(row2.scopes).toEqual(['TOKENS_READ', 'AUDIT_READ']);
    expect(await useToken(h.server, token)).toBe(200);
    expect(h.consoleErrors).toEqual([]);
  }, 60_000);
});
