// For tests that run the server or CLI as a child process, exactly as operators do.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { createExternalDatabase, type ExternalDatabase } from './database.js';

/** The installed entry point (`server/bin/api-tokens.js`). */
export const CLI_BIN = path.resolve('server/bin/api-tokens.js');

/** tsx's loader, for running a TypeScript helper (test/support/*.ts) as its own process. */
const TSX_LOADER = pathToFileURL(createRequire(path.resolve('server/package.json')).resolve('tsx')).href;

/** Starts `node <script.ts> ...args` with its stdout collected; `lines()` parses what it printed as JSON lines. */
export function spawnTs(script: string, args: string[]): { child: ChildProcess; exited: Promise<number | null>; lines: () => unknown[] } {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, path.resolve(script), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    lines: () =>
      output
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as unknown),
  };
}

/** Declares hooks giving the test file one database a child process can open; valid inside tests. */
export function useExternalDatabase(): Omit<ExternalDatabase, 'drop'> {
  let external: ExternalDatabase | undefined;
  beforeAll(async () => {
    external = await createExternalDatabase();
  });
  afterAll(async () => {
    await external?.drop();
  });
  return {
    get env() {
      return external!.env;
    },
    withDb: (fn) => external!.withDb(fn),
  };
}
