// Runs once before all test files: prepares a migrated PGlite template (a fresh
// PGlite takes seconds to initialise; copying a data directory is fast).
import { rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import os from 'node:os';
import { openDatabase } from '../../server/src/db/database.js';
import { migrate } from '../../server/src/db/migrate.js';

export default async function setup(): Promise<() => void> {
  process.env.VITEST_RUN_ID ??= randomUUID().slice(0, 8);
  const dir = path.join(os.tmpdir(), `api-tokens-pglite-template-${process.env.VITEST_RUN_ID}`);
  if (process.env.TEST_DB !== 'postgres') {
    const db = await openDatabase({ dataDir: dir });
    await migrate(db.sql);
    await db.close();
  }
  return () => rmSync(dir, { recursive: true, force: true });
}
