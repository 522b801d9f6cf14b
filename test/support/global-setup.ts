// Runs once before all test files: prepares PGlite templates (a fresh PGlite
// takes seconds to initialise; copying a data directory is fast): one empty, as
// initdb leaves it, and one with every migration applied. On PostgreSQL, a
// migrated template database: CREATE DATABASE … TEMPLATE takes ~0.1 s where an
// empty database plus the migrations took ~0.6 s, for each test file.
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

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  process.env.VITEST_RUN_ID ??= randomUUID().slice(0, 8);
  // Imported after the run id is set: the template paths depend on it.
  const { pgliteEmptyTemplateDir, pgliteRunDir, pgliteTemplateDir, postgresAdminUrl, postgresTemplateName } =
    await import('./env.js');
  const { adminQuery } = await import('./database.js');
  const pglite = process.env.TEST_DB !== 'postgres';
  if (!pglite) {
    await adminQuery(`DROP DATABASE IF EXISTS "${postgresTemplateName}"`);
    await adminQuery(`CREATE DATABASE "${postgresTemplateName}"`);
    const url = new URL(postgresAdminUrl);
    url.pathname = `/${postgresTemplateName}`;
    // Closed before any copy: PostgreSQL copies a template only while no one is connected to it.
    const db = await openDatabase({ databaseUrl: url.toString() });
    await migrate(db.sql);
    await db.close();
  }
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
  return async () => {
    // The run directory holds the data directories workers kept open for a next file.
    for (const dir of [pgliteEmptyTemplateDir, pgliteTemplateDir, pgliteRunDir])
      rmSync(dir, { recursive: true, force: true });
    if (!pglite) await adminQuery(`DROP DATABASE IF EXISTS "${postgresTemplateName}" WITH (FORCE)`);
  };
}
