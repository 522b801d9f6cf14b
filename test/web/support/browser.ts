// Debian's Chromium driven by playwright-core (no browser download), and a
// place for screenshots: test-artifacts/web/<database>/.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { testDatabaseKind } from '../../support/env.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** `args`: extra Chromium flags (e.g. `--host-resolver-rules` to reach the server under another name). */
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
      ...(options.args ?? []),
    ],
  });
}

export const artifactsDir = path.join(
  fileURLToPath(new URL('../../../', import.meta.url)),
  'test-artifacts',
  'web',
  testDatabaseKind,
);
mkdirSync(artifactsDir, { recursive: true });

export const screenshotPath = (name: string) => path.join(artifactsDir, `${name}.png`);
