// The suite's own promise about databases: every test file starts on an empty,
// migrated database, whatever the file before it left behind. On PGlite the
// worker hands its instance from file to file (test/support/pglite-pool.ts); this
// checks that rows, session state, a leftover trigger, an open transaction or a
// closed database never reach the next file, and that a clean instance is reused.
import { describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { testDatabaseKind } from './support/env.js';

const pglite = testDatabaseKind === 'pglite';

/** What a file would notice of its predecessor. */
async function leftovers(database: TestDatabase) {
  const { sql } = database.db;
  const [rows] = await sql.query<{ workspaces: number; users: number }>(
    'SELECT (SELECT count(*)::int FROM workspaces) AS workspaces, (SELECT count(*)::int FROM users) AS users',
  );
  const triggers = await sql.query<{ tgname: string }>(
    `SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE 'leftover%'`,
  );
  const [timeout] = await sql.query<{ statement_timeout: string }>('SHOW statement_timeout');
  const migrations = await database.db.prisma.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`;
  return { ...rows, triggers: triggers.map((t) => t.tgname), timeout: timeout!.statement_timeout, migrations };
}

async function messUp(database: TestDatabase): Promise<void> {
  await database.db.prisma.workspace.create({
    data: { name: 'left behind', users: { create: { email: 'left@behind.test', name: 'Left' } } },
  });
  await database.db.sql.exec("SET statement_timeout = '1234ms'");
}

describe('a test file’s database', () => {
  let clean: Awaited<ReturnType<typeof leftovers>>;

  it('starts empty and migrated', async () => {
    const database = await createTestDatabase();
    try {
      clean = await leftovers(database);
      expect(clean).toMatchObject({ workspaces: 0, users: 0, triggers: [], timeout: '0' });
      expect(clean.migrations[0]!.n).toBeGreaterThanOrEqual(4);
    } finally {
      await database.drop();
    }
  });

  it('gets no rows or session settings from the file before (and PGlite reuses a clean instance)', async () => {
    const before = await createTestDatabase();
    await messUp(before);
    await before.drop();
    const after = await createTestDatabase();
    try {
      expect(await leftovers(after)).toEqual(clean);
      if (pglite) expect(after.poolInstance).toBe(before.poolInstance);
      // Writes work as on a fresh database (the emptied tables' triggers and counters included).
      await messUp(after);
      await after.db.sql.exec(`INSERT INTO api_tokens (id, name, digest, hint, owner_id)
        SELECT gen_random_uuid(), 't', '\\x01', 'pat_…0001', id FROM users`);
      const [sum] = await after.db.sql.query<{ n: number }>('SELECT sum(count)::int AS n FROM api_token_counts');
      expect(sum).toEqual({ n: 1 });
    } finally {
      await after.drop();
    }
  });

  it('gets no schema change from the file before: a fresh database instead', async () => {
    const before = await createTestDatabase();
    await before.db.sql.exec(`CREATE FUNCTION leftover() RETURNS trigger AS $$ BEGIN RETURN NEW; END $$ LANGUAGE plpgsql;
      CREATE TRIGGER leftover BEFORE INSERT ON workspaces FOR EACH ROW EXECUTE FUNCTION leftover();`);
    await before.drop();
    const after = await createTestDatabase();
    try {
      expect(await leftovers(after)).toEqual(clean);
      if (pglite) expect(after.poolInstance).not.toBe(before.poolInstance);
    } finally {
      await after.drop();
    }
  });

  it('gets no transaction left open by the file before: a fresh database instead', async () => {
    const before = await createTestDatabase();
    await messUp(before);
    await before.db.sql.exec('BEGIN');
    await before.drop();
    const after = await createTestDatabase();
    try {
      expect(await leftovers(after)).toEqual(clean);
      if (pglite) expect(after.poolInstance).not.toBe(before.poolInstance);
    } finally {
      await after.drop();
    }
  });

  it('is closed for good when a test closes it, and the next file gets a fresh one', async () => {
    const before = await createTestDatabase();
    await before.db.close();
    await expect(before.db.sql.query('SELECT 1')).rejects.toThrow();
    await before.drop();
    const after = await createTestDatabase();
    try {
      expect(await leftovers(after)).toEqual(clean);
      if (pglite) expect(after.poolInstance).not.toBe(before.poolInstance);
    } finally {
      await after.drop();
    }
  });

  it('is a database of its own while another is open in the same file', async () => {
    const first = await createTestDatabase();
    const second = await createTestDatabase();
    try {
      await messUp(first);
      expect(await leftovers(second)).toEqual(clean);
      if (pglite) expect(second.poolInstance).not.toBe(first.poolInstance);
    } finally {
      await first.drop();
      await second.drop();
    }
  });
});
