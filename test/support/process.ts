// For tests that run the server or CLI as a child process, exactly as operators do.
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createExternalDatabase, type ExternalDatabase } from './database.js';

/** The installed entry point (`server/bin/api-tokens.js`). */
export const CLI_BIN = path.resolve('server/bin/api-tokens.js');

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
