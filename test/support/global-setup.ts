// Runs once before all test files: prepares PGlite templates (a fresh PGlite
// takes seconds to initialise; copying a data directory is fast): one empty, as
// initdb leaves it, and one with every migration applied.
import { cpSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../server/src/db/database.js';
import { migrate } from '../../server/src/db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The empty PGlite template (PGlite runs only), for unit tests beside the server code: inject('pgliteEmptyTemplate'). */
    pgliteEmptyTemplate: string | null;
    /** The same with every migration applied: inject('pgliteTemplate'). */
    pgliteTemplate: string | null;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  process.env.VITEST_RUN_ID ??= randomUUID().slice(0, 8);
  // Imported after the run id is set: the template paths depend on it.
  const { pgliteEmptyTemplateDir, pgliteRunDir, pgliteTemplateDir } = await import('./env.js');
  const pglite = process.env.TEST_DB !== 'postgres';
  if (pglite) {
    const empty = await openDatabase({ dataDir: pgliteEmptyTemplateDir });
    await empty.close();
    cpSync(pgliteEmptyTemplateDir, pgliteTemplateDir, { recursive: true });
    const db = await openDatabase({ dataDir: pgliteTemplateDir });
    await migrate(db.sql);
    await db.close();
  }
  project.provide('pgliteEmptyTemplate', pglite ? pgliteEmptyTemplateDir : null);
  project.provide('pgliteTemplate', pglite ? pgliteTemplateDir : null);
  return () => {
    // The run directory holds the data directories workers kept open for a next file.
    for (const dir of [pgliteEmptyTemplateDir, pgliteTemplateDir, pgliteRunDir])
      rmSync(dir, { recursive: true, force: true });
  };
}
