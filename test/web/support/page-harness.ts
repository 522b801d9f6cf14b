// What the page tests share: one database and server (trusted-documents mode, as
// in production, with the development sign-in), the worker's Chromium, one browser
// context for the file with a fresh page (tab) per open() and cookies and storage
// cleared before it, and users of their own per test so tests never see each
// other's tokens. Console errors are collected: a page that logs one fails.
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { seedDemo } from '../../../server/src/admin/seed.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { createUserWithToken, startTestServer, type Fixture, type TestServer } from '../../support/server.js';
import { screenshotPath, sharedBrowser } from './browser.js';
import { ensureWebBuilt } from './web-build.js';

const MANIFEST = fileURLToPath(new URL('../../../sdk/src/generated/persisted-documents.json', import.meta.url));

export interface Harness {
  readonly server: TestServer;
  readonly database: TestDatabase;
  readonly browser: Browser;
  /** Errors the current page logged (a 401 of a signed-out visitor's first request excepted). */
  consoleErrors: string[];
  /**
   * Opens a fresh page (en-GB, UTC) signed out: the file's context loses its cookies and storage
   * first, and the pages opened before it in this test are closed. Close the page, not its context.
   */
  open(options?: { viewport?: { width: number; height: number }; colorScheme?: 'light' | 'dark' }): Promise<Page>;
  /** Signs the page's context in as `email` (development sign-in) and loads `path`. */
  signIn(page: Page, email: string, path?: string): Promise<void>;
  /** A user of a fresh workspace (ENTERPRISE, audit logs on unless said), with one token "fixture token". */
  user(options?: Parameters<typeof createUserWithToken>[1]): Promise<Fixture>;
}

const VIEWPORT = { width: 1200, height: 860 };

/**
 * One context per file, a page per open(). A fresh context per test cost ~0.85 s more CPU each
 * (~1.45 s against ~0.6 s for a sign-in and two views): a context's first page starts a renderer
 * process and compiles the page's script cold. In the file's context, the keeper page (on the
 * server's origin, opened first) keeps that renderer alive: with --process-per-site (browser.ts)
 * every later page of the site runs in it, and V8 reuses what it compiled. What a context holds
 * per test is reset by open(): cookies, local storage (the page's session storage is per tab).
 */
export function usePageHarness(env: Record<string, string> = {}): Harness {
  let context: BrowserContext | undefined;
  let keeper: Page | undefined;
  let pages: Page[] = [];

  async function fileContext(): Promise<{ context: BrowserContext; keeper: Page }> {
    if (context && keeper && !keeper.isClosed()) return { context, keeper };
    await context?.close().catch(() => undefined);
    const created = await harness.browser.newContext({
      viewport: VIEWPORT,
      locale: 'en-GB',
      timezoneId: 'UTC',
      colorScheme: 'light',
    });
    await created.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: harness.server.url });
    const page = await created.newPage();
    await page.goto(`${harness.server.url}/healthz`);
    context = created;
    keeper = page;
    return { context, keeper };
  }

  async function closePages(): Promise<void> {
    await Promise.all(pages.map((page) => page.close().catch(() => undefined)));
    pages = [];
  }

  const harness = {
    consoleErrors: [] as string[],
    async open(options = {}) {
      await closePages();
      const file = await fileContext();
      await file.context.clearCookies();
      await file.keeper.evaluate(() => localStorage.clear());
      const page = await file.context.newPage();
      pages.push(page);
      if (options.viewport) await page.setViewportSize(options.viewport);
      if (options.colorScheme) await page.emulateMedia({ colorScheme: options.colorScheme });
      harness.consoleErrors = [];
      page.on('console', (message) => {
        if (message.type() === 'error' && !/status of 401/.test(message.text()))
          harness.consoleErrors.push(message.text());
      });
      page.on('pageerror', (error) => harness.consoleErrors.push(error.message));
      return page;
    },
    async signIn(page: Page, email: string, path = '/') {
      const response = await page.context().request.post(`${harness.server.url}/auth/dev/sign-in`, {
        headers: { 'content-type': 'application/json', 'x-graphql-yoga-csrf': '1' },
        data: { email },
      });
      if (!response.ok()) throw new Error(`sign-in as ${email}: HTTP ${response.status()} ${await response.text()}`);
      await page.goto(`${harness.server.url}${path}`);
    },
    async user(options: Parameters<typeof createUserWithToken>[1] = {}) {
      return createUserWithToken(harness.server, { auditLogs: true, ...options });
    },
  } as Harness & { server: TestServer; database: TestDatabase; browser: Browser };

  beforeAll(async () => {
    ensureWebBuilt();
    harness.database = await createTestDatabase();
    await seedDemo(harness.database.db.prisma);
    harness.server = await startTestServer(harness.database, {
      env: { DEV_SIGN_IN: 'true', PUBLIC_URL: 'http://127.0.0.1:4000', TRUSTED_DOCUMENTS: MANIFEST, ...env },
    });
    harness.browser = await sharedBrowser();
  }, 180_000);
  afterEach(async ({ task }) => {
    // Pictures of the test's pages only when it failed (test-artifacts/web/<database>/); a passing
    // test's cost ~0.15 s of CPU each and showed nothing an assertion did not.
    if (task.result?.state === 'fail')
      for (const [index, page] of pages.entries())
        await page.screenshot({ path: screenshotPath(`failed ${task.name} ${index + 1}`) }).catch(() => {});
    await closePages();
  });
  afterAll(async () => {
    await context?.close();
    context = undefined;
    await harness.server?.stop();
    await harness.database?.drop();
  });
  return harness;
}

/** True when the element the locator finds has focus. */
export const hasFocus = (locator: ReturnType<Page['locator']>) =>
  locator.evaluate((element) => element === document.activeElement);
