// Runs once before all test files: prepares PGlite templates (a fresh PGlite
// takes seconds to initialise; copying a data directory is fast): one empty, as
// initdb leaves it, and one with every migration applied. On PostgreSQL, a
// migrated template database: CREATE DATABASE … TEMPLATE takes ~0.1 s where an
// empty database plus the migrations took ~0.6 s, for each test file.
//
// The two PGlite templates are kept between runs (node_modules/.cache, under a
// hash of what makes them: PGlite's version, the migrations, the code that opens
// and migrates a database, this file): PGlite's initdb costs ~3 s of CPU on a
// quiet machine (10 s at load 10), and it came first, before any test file.
import { createHash, randomUUID } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const root = fileURLToPath(new URL('../../', import.meta.url));
const TEMPLATE_CACHE = path.join(root, 'node_modules/.cache/api-tokens-pglite-templates');

/** Every file under `entry`, in name order. */
function filesUnder(entry: string): string[] {
  if (!statSync(entry).isDirectory()) return [entry];
  return readdirSync(entry)
    .sort()
    .flatMap((name) => filesUnder(path.join(entry, name)));
}

/** The server's code that opens and migrates a database: imported only when there is one to make (~1 s of CPU). */
async function databaseCode() {
  const [{ openDatabase }, { migrate }] = await Promise.all([
    import('../../server/src/db/database.js'),
    import('../../server/src/db/migrate.js'),
  ]);
  return { openDatabase, migrate };
}

/** What the templates are made from: PGlite's installed version (its path holds it) and these files' contents. */
function templateKey(): string {
  const hash = createHash('sha256');
  const database = path.join(root, 'server/src/db/database.ts');
  hash.update(realpathSync(createRequire(database).resolve('@electric-sql/pglite')));
  for (const input of [
    'prisma/migrations',
    'server/src/db/database.ts',
    'server/src/db/migrate.ts',
    'test/support/global-setup.ts',
  ])
    for (const file of filesUnder(path.join(root, input)))
      hash.update(`\0${path.relative(root, file)}\0`).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

/** The cached templates for these inputs, made first if missing (in a directory of its own, renamed when complete). */
async function cachedTemplates(): Promise<{ empty: string; migrated: string }> {
  const key = templateKey();
  const dir = path.join(TEMPLATE_CACHE, key);
  const templates = { empty: path.join(dir, 'empty'), migrated: path.join(dir, 'migrated') };
  if (existsSync(dir)) return templates;
  const { openDatabase, migrate } = await databaseCode();
  const building = `${dir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  const empty = await openDatabase({ dataDir: path.join(building, 'empty') });
  await empty.close();
  cpSync(path.join(building, 'empty'), path.join(building, 'migrated'), { recursive: true });
  const db = await openDatabase({ dataDir: path.join(building, 'migrated') });
  await migrate(db.sql);
  await db.close();
  try {
    renameSync(building, dir);
  } catch (error) {
    // Another run made them meanwhile: use those.
    rmSync(building, { recursive: true, force: true });
    if (!existsSync(dir)) throw error;
  }
  // Templates of earlier inputs, an hour old or more (a run started before may still be copying younger ones).
  for (const name of readdirSync(TEMPLATE_CACHE)) {
    const other = path.join(TEMPLATE_CACHE, name);
    if (name !== key && statSync(other).mtimeMs < Date.now() - 3_600_000)
      rmSync(other, { recursive: true, force: true });
  }
  return templates;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The empty PGlite template (on PostgreSQL runs too), for unit tests beside the server code: inject('pgliteEmptyTemplate'). */
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
  const pglite = process.env.TEST_DB !== 'postgres';
  // The server's modules only when they are needed (PostgreSQL, or no cached PGlite templates).
  const { adminQuery } = pglite ? { adminQuery: undefined } : await import('./database.js');
  if (adminQuery) {
    const { openDatabase, migrate } = await databaseCode();
    await adminQuery(`DROP DATABASE IF EXISTS "${postgresTemplateName}"`);
    await adminQuery(`CREATE DATABASE "${postgresTemplateName}"`);
    const url = new URL(postgresAdminUrl);
    url.pathname = `/${postgresTemplateName}`;
    // Closed before any copy: PostgreSQL copies a template only while no one is connected to it.
    const db = await openDatabase({ databaseUrl: url.toString() });
    await migrate(db.sql);
    await db.close();
  }
  // On PostgreSQL runs too: the tests of PGlite itself (the data-directory lock, the
  // migration runner) would otherwise pay an initdb each (~10 s of CPU); CI's PostgreSQL
  // run finds them in the cache the PGlite run made.
  // Copied, never used in place: a test's copy is the only thing that ever opens one.
  const cached = await cachedTemplates();
  cpSync(cached.empty, pgliteEmptyTemplateDir, { recursive: true });
  cpSync(cached.migrated, pgliteTemplateDir, { recursive: true });
  project.provide('pgliteEmptyTemplate', pgliteEmptyTemplateDir);
  project.provide('pgliteTemplate', pgliteTemplateDir);
  return async () => {
    // The run directory holds the data directories workers kept open for a next file.
    for (const dir of [pgliteEmptyTemplateDir, pgliteTemplateDir, pgliteRunDir])
      rmSync(dir, { recursive: true, force: true });
    if (adminQuery) await adminQuery(`DROP DATABASE IF EXISTS "${postgresTemplateName}" WITH (FORCE)`);
  };
}
