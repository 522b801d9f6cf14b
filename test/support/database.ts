// A real database for one test file: an empty migrated PGlite (the worker's own,
// emptied between files, or a fresh copy of the template: pglite-pool.ts), or a
// brand-new PostgreSQL database on the machine's server (dropped afterwards).
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../../server/src/db/database.js';
import { countStatements, PRISMA_QUERY_EVENTS } from '../../server/src/db/statement-count.js';
import {
  pgliteEmptyTemplateDir,
  pgliteTemplateDir,
  postgresAdminUrl,
  postgresTemplateName,
  testDatabaseKind,
} from './env.js';
import { givePglite, takePglite } from './pglite-pool.js';

export interface TestDatabase {
  db: Database;
  /** DATABASE_URL for a second process/instance (PostgreSQL only). */
  databaseUrl: string | undefined;
  /** PGlite data directory a CLI command may be pointed at (PGlite with ownDirectory only). */
  dataDir: string | undefined;
  /** Which of the worker's pooled PGlite instances this is (tests of the pool itself). */
  poolInstance?: string;
  drop(): Promise<void>;
}

/** Runs one statement on the admin connection (CREATE/DROP DATABASE). */
export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface TestDatabaseOptions {
  log?: Parameters<typeof openDatabase>[0]['log'];
  /** Count every statement sent (db.statementCount, see server/src/db/statement-count.ts). */
  countStatements?: boolean;
  /**
   * PGlite: a directory of the file's own (a copy of the migrated template) that the
   * server opens and locks, so a CLI command pointed at it (DATA_DIR) is handed to
   * the server as in production. The worker's pooled instance has no such directory:
   * a second process opening it would see none of its writes.
   */
  ownDirectory?: boolean;
}

export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  if (options.countStatements) {
    const database = await createTestDatabase({ log: [...(options.log ?? []), ...PRISMA_QUERY_EVENTS] });
    countStatements(database.db);
    return database;
  }
  return openTestDatabase({ ...options, migrated: true });
}

/** A database with no migration applied (tests of the migrations themselves). */
export function createEmptyTestDatabase(): Promise<TestDatabase> {
  return openTestDatabase({ migrated: false });
}

async function openTestDatabase(options: {
  log?: TestDatabaseOptions['log'];
  ownDirectory?: boolean;
  migrated: boolean;
}): Promise<TestDatabase> {
  if (testDatabaseKind === 'postgres') {
    const name = `api_tokens_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    // A copy of the run's migrated template (global-setup.ts), or an empty database.
    await adminQuery(`CREATE DATABASE "${name}"${options.migrated ? ` TEMPLATE "${postgresTemplateName}"` : ''}`);
    const url = new URL(postgresAdminUrl);
    url.pathname = `/${name}`;
    const db = await openDatabase({ databaseUrl: url.toString(), log: options.log });
    return {
      db,
      databaseUrl: url.toString(),
      dataDir: undefined,
      drop: async () => {
        // A test may have closed it already (readiness): drop the database regardless.
        await db.close().catch(() => {});
        await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      },
    };
  }
  if (options.migrated && !options.ownDirectory) return openPooledPglite(options.log);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'api-tokens-test-'));
  cpSync(options.migrated ? pgliteTemplateDir : pgliteEmptyTemplateDir, dataDir, { recursive: true });
  const db = await openDatabase({ dataDir, log: options.log });
  return {
    db,
    databaseUrl: undefined,
    dataDir,
    drop: async () => {
      await db.close().catch(() => {});
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The worker's PGlite, emptied (pglite-pool.ts), behind a Prisma client of the file's own. */
async function openPooledPglite(log: TestDatabaseOptions['log']): Promise<TestDatabase> {
  const pooled = await takePglite();
  const opened = await openDatabase({ pglite: pooled.client, log });
  const db: Database = {
    ...opened,
    // A test that closes its database (readiness) closes PGlite too, as with a copy of its own.
    close: async () => {
      await opened.close();
      await pooled.client.close();
    },
  };
  let dropped = false;
  return {
    db,
    databaseUrl: undefined,
    // Not offered: nothing else may open the pooled instance's directory (see ownDirectory).
    dataDir: undefined,
    poolInstance: pooled.dataDir,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await opened.close().catch(() => {});
      await givePglite(pooled);
    },
  };
}

/**
 * A database for a child process (the CLI or a server process): its environment
 * (DATABASE_URL or DATA_DIR) and a way for the test to open it in between. A
 * PGlite directory can be open in only one process at a time.
 */
export interface ExternalDatabase {
  env: Record<string, string>;
  /** Runs `fn` with the database open in this process (PostgreSQL: the shared pool). */
  withDb<T>(fn: (db: Database) => Promise<T>): Promise<T>;
  drop(): Promise<void>;
}

export async function createExternalDatabase(): Promise<ExternalDatabase> {
  if (testDatabaseKind === 'postgres') {
    const database = await createTestDatabase();
    return {
      env: { DATABASE_URL: database.databaseUrl! },
      withDb: (fn) => fn(database.db),
      drop: () => database.drop(),
    };
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'api-tokens-process-'));
  cpSync(pgliteTemplateDir, dataDir, { recursive: true });
  return {
    env: { DATA_DIR: dataDir },
    withDb: async (fn) => {
      const db = await openDatabase({ dataDir });
      try {
        return await fn(db);
      } finally {
        await db.close();
      }
    },
    drop: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}
