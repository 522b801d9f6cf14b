// GraphiQL in a real Chromium with every request that is not to the server
// aborted (as offline, behind a firewall or air-gapped): it loads, shows the
// project's default query with the demo header pre-filled on loopback, runs it
// as-is and shows data, breaks no Content-Security-Policy rule, and leaves no
// token in storage. Reached under another name (a DNS-rebinding page), the same
// page gets no token.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../server/src/admin/seed.js';
import { AUTHORIZATION_PLACEHOLDER } from '../../server/src/http/graphiql.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { screenshotPath, sharedBrowser } from './support/browser.js';

const REBINDING_NAME = 'evil.example';

let database: TestDatabase;
let server: TestServer;
let browser: Browser;
/** The loopback origin's context, shared by the tests that visit it: see visit(). */
let loopback: { context: BrowserContext; keeper: Page; visit?: Visit } | undefined;
let context: BrowserContext | undefined;
let page: Page | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db.prisma);
  server = await startTestServer(database, {
    env: { NODE_ENV: 'development', GRAPHIQL: 'true', PUBLIC_URL: 'http://127.0.0.1' },
  });
  // The rebinding page: the tests' Chromium resolves every name under .example to this machine.
  browser = await sharedBrowser();
}, 180_000);

afterEach(async ({ task }) => {
  // A picture of the page only when a test failed (test-artifacts/web/<database>/).
  if (task.result?.state === 'fail')
    await page?.screenshot({ path: screenshotPath(`failed ${task.name}`) }).catch(() => {});
  await page?.close();
  page = undefined;
  await context?.close();
  context = undefined;
});

afterAll(async () => {
  await loopback?.context.close();
  await server?.stop();
  await database?.drop();
});

interface Visit {
  page: Page;
  /** Requests to anywhere but `origin`, aborted. */
  blocked: string[];
  /** Paths requested from the server. */
  requested: string[];
  consoleErrors: string[];
}

/** A context whose requests to anywhere but `origin` are aborted, and recorded in the current visit. */
async function offlineContext(origin: string, current: () => Visit | undefined): Promise<BrowserContext> {
  const created = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await created.route('**', (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== origin) {
      current()?.blocked.push(url.href);
      return route.abort('blockedbyclient');
    }
    current()?.requested.push(url.pathname);
    return route.continue();
  });
  return created;
}

/**
 * A fresh page at `origin`/graphql. The loopback origin's visits share one context with its storage
 * cleared before each (then holding `storage`, as an earlier GraphiQL left it): GraphiQL's ~9 MB of script cost ~5 s of CPU per page in a fresh context and
 * ~3 s in a page of a context whose keeper page (--process-per-site, browser.ts) keeps the renderer
 * that compiled it. Another origin gets a context of its own (and no `storage`), closed after the test.
 */
async function visit(origin: string, storage: Record<string, string> = {}): Promise<Visit> {
  let visiting: Visit | undefined;
  let target: BrowserContext;
  if (origin === server.url) {
    if (!loopback) {
      const shared: { context: BrowserContext; keeper: Page; visit?: Visit } = {} as never;
      shared.context = await offlineContext(origin, () => shared.visit);
      shared.keeper = await shared.context.newPage();
      await shared.keeper.goto(`${origin}/healthz`);
      loopback = shared;
    }
    await loopback.keeper.evaluate((items) => {
      localStorage.clear();
      for (const [key, value] of Object.entries(items)) localStorage.setItem(key, value);
    }, storage);
    target = loopback.context;
  } else {
    context = await offlineContext(origin, () => visiting);
    target = context;
  }
  page = await target.newPage();
  visiting = { page, blocked: [], requested: [], consoleErrors: [] };
  if (loopback && target === loopback.context) loopback.visit = visiting;
  const { consoleErrors } = visiting;
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.goto(`${origin}/graphql`);
  return visiting;
}

// Monaco renders spaces as no-break spaces. innerText, not textContent: what is shown, line breaks included.
// biome-ignore lint/performance/useDomNodeTextContent: see above.
const text = async (page: Page, selector: string) => (await page.locator(selector).innerText()).replace(/\u00a0/g, ' ');
const queryEditor = '.graphiql-query-editor .view-lines';
const headerEditor = '.graphiql-editor-tool .graphiql-editor:not(.hidden) .view-lines';

async function waitForDefaultQuery(page: Page): Promise<string> {
  await page.locator(queryEditor).filter({ hasText: 'apiTokens' }).waitFor({ timeout: 30_000 });
  return text(page, queryEditor);
}

/** Presses ▶ and returns what the server answered. */
async function run(page: Page): Promise<{ status: number; body: any }> {
  const answered = page.waitForResponse(
    (r) =>
      r.url().endsWith('/graphql') && r.request().method() === 'POST' && /apiTokens/.test(r.request().postData() ?? ''),
  );
  await page.locator('.graphiql-execute-button').click();
  const response = await answered;
  return { status: response.status(), body: await response.json() };
}

const storageDump = (page: Page) =>
  page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } }));

describe('GraphiQL, offline', { timeout: 120_000 }, () => {
  it('on loopback: loads from the server alone, runs the default query with the pre-filled header, stores no token', async () => {
    const demo = server.started.demoToken!;
    expect(demo).toMatch(/^pat_/);
    const { page, blocked, requested, consoleErrors } = await visit(server.url);

    const query = await waitForDefaultQuery(page);
    expect(query).toContain('viewer { email role workspace { name plan } }');
    expect(query).not.toContain('Welcome');
    await page.locator(headerEditor).filter({ hasText: 'Authorization' }).waitFor();
    expect(await text(page, headerEditor)).toContain(`Bearer ${demo}`);

    const result = await run(page);
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data.viewer).toMatchObject({ email: 'admin@acme.test', role: 'ADMIN' });
    await page.locator('.graphiql-response').filter({ hasText: 'admin@acme.test' }).waitFor();

    // A reload (GraphiQL now has stored tabs) opens on the default query again, header pre-filled.
    await page.waitForTimeout(700); // GraphiQL writes its tabs to storage after a 500 ms debounce
    await page.reload();
    expect(await waitForDefaultQuery(page)).toContain('apiTokens(first: 10)');
    await page.locator(headerEditor).filter({ hasText: demo }).waitFor();
    expect((await run(page)).body.data.viewer.email).toBe('admin@acme.test');
    await page.waitForTimeout(700);

    const stored = await storageDump(page);
    expect(stored).toContain('graphiql:tabState');
    expect(stored).not.toContain(demo);
    expect(stored).not.toContain('pat_');
    expect(blocked).toEqual([]);
    expect(requested.filter((p) => p === '/graphiql/demo-authorization')).toHaveLength(2);
    expect(consoleErrors).toEqual([]);
  });

  it('scrubs headers that an earlier GraphiQL left in storage', async () => {
    const leftover = 'pat_leftoverFromAnOlderGraphiQL000000000000';
    const headers = JSON.stringify({ Authorization: `Bearer ${leftover}` });
    // Left in the origin's storage before GraphiQL loads (written by the context's keeper page).
    const { page } = await visit(server.url, {
      'graphiql:headers': headers,
      'graphiql:tabState': JSON.stringify({
        activeTabIndex: 0,
        tabs: [
          {
            id: 'a',
            title: 'old',
            query: '{ viewer { email } }',
            variables: null,
            headers,
            operationName: null,
            response: null,
          },
        ],
      }),
      'graphiql:queries': JSON.stringify({ queries: [{ query: '{ viewer { email } }', headers }] }),
    });
    await waitForDefaultQuery(page);
    await page.waitForTimeout(700);
    const stored = await storageDump(page);
    expect(stored).not.toContain(leftover);
    expect(stored).toContain('{ viewer { email } }'); // the old tab itself is kept
    expect(stored).not.toContain('graphiql:headers');
  });

  it('under a rebinding name: the same page, no token, and the demo route does not exist', async () => {
    const origin = `http://${REBINDING_NAME}:${server.started.http.port}`;
    const { page, blocked, requested, consoleErrors } = await visit(origin);
    await waitForDefaultQuery(page);
    await page.locator(headerEditor).filter({ hasText: 'Authorization' }).waitFor();
    expect(await text(page, headerEditor)).toContain(AUTHORIZATION_PLACEHOLDER);
    expect(requested).not.toContain('/graphiql/demo-authorization');

    // What a rebinding attacker's own script could try, same-origin under its name.
    const stolen = await page.evaluate(async () => {
      const response = await fetch('/graphiql/demo-authorization', { headers: { 'x-graphql-yoga-csrf': '1' } });
      return { status: response.status, body: await response.text() };
    });
    expect(stolen.status).toBe(404);
    expect(stolen.body).not.toContain('pat_');

    const result = await run(page);
    expect(result.status).toBe(401);
    expect(result.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(await storageDump(page)).not.toContain('pat_');
    expect(blocked).toEqual([]);
    // Only the refused requests show up as errors (introspection, the query, the probe), and
    // Chromium's note that http://evil.example is no secure context for Cross-Origin-Opener-Policy.
    expect(
      consoleErrors.filter((e) => !/status of (401|404)|Cross-Origin-Opener-Policy header has been ignored/.test(e)),
    ).toEqual([]);
  });
});
