// Debian's Chromium driven by playwright-core (no browser download), and a
// place for screenshots: test-artifacts/web/<database>/.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { testDatabaseKind } from '../../support/env.js';

/**
 * Debian's chromium-headless-shell (the headless-only build Playwright itself
 * runs headless) where installed: the page tests cost ~40% less CPU in it than
 * in the full browser's headless mode (token-page and screenshots tests: 25 s
 * of CPU against 42 s). Else the full browser.
 */
const HEADLESS_SHELL = '/usr/lib/chromium/chromium-headless-shell';
export const CHROMIUM =
  process.env.CHROMIUM_PATH ?? (existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : '/usr/bin/chromium');

/**
 * Names under `.example` (reserved for examples, RFC 2606) resolve to this
 * machine, so a page test can reach its server under a name other than
 * 127.0.0.1 (graphiql.test.ts: a DNS-rebinding page at evil.example).
 */
export const TEST_HOST_RULES = '--host-resolver-rules=MAP *.example 127.0.0.1';

/** A Chromium of the test's own; `args`: extra flags. Close it in afterAll. Prefer sharedBrowser(). */
export function launchBrowser(options: { args?: string[] } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // Pages of one site in one context share a renderer process (page-harness.ts: one context per file).
      '--process-per-site',
      TEST_HOST_RULES,
      ...(options.args ?? []),
    ],
  });
}

let shared: Promise<Browser> | undefined;

/**
 * The worker's one Chromium, launched by the first test file that asks and kept
 * for the next ones (vitest.config.ts: isolate false, so this module outlives a
 * file). A launch costs ~0.5 s of CPU and wall time; a browser context, which
 * each test opens and closes (cookies, storage, cache and permissions are per
 * context), costs a fraction. Never close it: playwright-core kills the browsers
 * it launched when the worker process exits. One that crashed or was closed is
 * replaced.
 */
export async function sharedBrowser(): Promise<Browser> {
  const browser = await shared?.catch(() => undefined);
  if (browser?.isConnected()) return browser;
  shared = launchBrowser();
  return shared;
}

export const artifactsDir = path.join(
  fileURLToPath(new URL('../../../', import.meta.url)),
  'test-artifacts',
  'web',
  testDatabaseKind,
);
mkdirSync(artifactsDir, { recursive: true });

export const screenshotPath = (name: string) => path.join(artifactsDir, `${name}.png`);
