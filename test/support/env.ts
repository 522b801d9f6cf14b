// Which database the suites run on, and where the shared fixtures live.
import os from 'node:os';
import path from 'node:path';

export type TestDatabaseKind = 'pglite' | 'postgres';

export const testDatabaseKind: TestDatabaseKind = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';

/** Admin connection used to create a fresh database per test file. */
export const postgresAdminUrl = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

/** A migrated PostgreSQL database made once per run (global-setup.ts), the template of each file's database. */
export const postgresTemplateName = `api_tokens_template_${process.env.VITEST_RUN_ID ?? 'local'}`;

/** A migrated PGlite data directory made once per run and copied by each test file. */
export const pgliteTemplateDir = path.join(
  os.tmpdir(),
  `api-tokens-pglite-template-${process.env.VITEST_RUN_ID ?? 'local'}`,
);

/** Where the workers keep the PGlite data directories they use (pglite-pool.ts); removed after the run. */
export const pgliteRunDir = path.join(os.tmpdir(), `api-tokens-pglite-run-${process.env.VITEST_RUN_ID ?? 'local'}`);

/** The same before any migration (as initdb leaves it), for tests of the migrations themselves. */
export const pgliteEmptyTemplateDir = path.join(
  os.tmpdir(),
  `api-tokens-pglite-empty-${process.env.VITEST_RUN_ID ?? 'local'}`,
);
