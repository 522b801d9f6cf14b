// The migration runner against a real, empty PGlite: what it records, what it
// refuses, and that a run applies everything or nothing.
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { openDatabase, type Database, type SqlRunner } from './database.js';
import { migrate, MigrationError, MIGRATIONS_DIR, readMigrations } from './migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PGlite data directory as initdb leaves it (test/support/global-setup.ts); null on PostgreSQL runs. */
    pgliteEmptyTemplate: string | null;
  }
}

let db: Database;
let sql: SqlRunner;
let dataDir: string | undefined;
let dirs: string[] = [];

beforeAll(async () => {
  // A copy of the run's empty template when there is one; a new in-memory PGlite (seconds) otherwise.
  const template = inject('pgliteEmptyTemplate');
  if (template) {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'api-tokens-migrate-db-'));
    cpSync(template, dataDir, { recursive: true });
  }
  db = await openDatabase({ dataDir: dataDir ?? 'memory://' });
  sql = db.sql;
});
afterAll(async () => {
  await db?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  // Every test starts from an empty database and its own migrations folder.
  await sql.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

/** A migrations folder holding `migrations` (name → SQL), plus Prisma's lock file, which is not a migration. */
function folder(migrations: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'api-tokens-migrate-test-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'migration_lock.toml'), 'provider = "postgresql"\n');
  for (const [name, script] of Object.entries(migrations)) {
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, 'migration.sql'), script);
  }
  return dir;
}

interface Recorded {
  migration_name: string;
  checksum: string;
  finished: boolean;
  applied_steps_count: number;
}
const recorded = () =>
  sql.query<Recorded>(
    'SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
  );
const tables = async () =>
  (
    await sql.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    )
  ).map((row) => row.name);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const A = 'CREATE TABLE a (id int PRIMARY KEY);';
const B = 'CREATE TABLE b (id int PRIMARY KEY REFERENCES a (id));';
const C = 'ALTER TABLE a ADD COLUMN note text;';

describe('readMigrations', () => {
  it('lists the migration folders in name order with the SHA-256 of each script, and nothing else', async () => {
    const dir = folder({ '20300102000000_second': B, '20300101000000_first': A });
    expect(await readMigrations(dir)).toEqual([
      { name: '20300101000000_first', script: A, checksum: sha256(A) },
      { name: '20300102000000_second', script: B, checksum: sha256(B) },
    ]);
  });

  it("reads the project's own migrations by default", async () => {
    const names = (await readMigrations()).map((migration) => migration.name);
    expect(names.length).toBeGreaterThanOrEqual(3);
    expect(names).toEqual([...names].sort());
    expect(await readMigrations(MIGRATIONS_DIR)).toEqual(await readMigrations());
  });
});

describe('migrate', () => {
  it('applies every migration in order and records each as prisma migrate deploy does', async () => {
    const dir = folder({ '20300101000000_first': A, '20300102000000_second': B });
    const seen: string[] = [];
    const result = await migrate(sql, { dir, onApply: (name) => seen.push(name) });
    expect(result).toEqual({ applied: ['20300101000000_first', '20300102000000_second'], alreadyApplied: [] });
    expect(seen).toEqual(result.applied);
    expect(await tables()).toEqual(['_prisma_migrations', 'a', 'b']);
    expect(await recorded()).toEqual([
      { migration_name: '20300101000000_first', checksum: sha256(A), finished: true, applied_steps_count: 1 },
      { migration_name: '20300102000000_second', checksum: sha256(B), finished: true, applied_steps_count: 1 },
    ]);
  });

  it('applies nothing twice, and only what is new', async () => {
    const first = folder({ '20300101000000_first': A });
    await migrate(sql, { dir: first });
    expect(await migrate(sql, { dir: first })).toEqual({ applied: [], alreadyApplied: ['20300101000000_first'] });
    const later = folder({ '20300101000000_first': A, '20300103000000_note': C });
    expect(await migrate(sql, { dir: later })).toEqual({
      applied: ['20300103000000_note'],
      alreadyApplied: ['20300101000000_first'],
    });
    expect((await recorded()).map((row) => row.migration_name)).toEqual([
      '20300101000000_first',
      '20300103000000_note',
    ]);
  });

  it('refuses a migration changed after it was applied, and applies nothing of that run', async () => {
    await migrate(sql, { dir: folder({ '20300101000000_first': A }) });
    const edited = folder({ '20300101000000_first': `${A}\n-- edited`, '20300102000000_second': B });
    await expect(migrate(sql, { dir: edited })).rejects.toThrow(
      new MigrationError('Migration 20300101000000_first was modified after it was applied (checksum mismatch).'),
    );
    expect(await tables()).toEqual(['_prisma_migrations', 'a']);
    expect(await recorded()).toHaveLength(1);
  });

  it('refuses to go on after a migration that was started and never finished', async () => {
    const dir = folder({ '20300101000000_first': A, '20300102000000_second': B });
    await migrate(sql, { dir });
    await sql.query('UPDATE "_prisma_migrations" SET finished_at = NULL WHERE migration_name = $1', [
      '20300102000000_second',
    ]);
    await expect(migrate(sql, { dir })).rejects.toThrow(/20300102000000_second was started but never finished/);
  });

  it('applies again a migration Prisma recorded as rolled back', async () => {
    const dir = folder({ '20300101000000_first': A });
    await migrate(sql, { dir });
    await sql.exec(`UPDATE "_prisma_migrations" SET rolled_back_at = now(); DROP TABLE a;`);
    expect(await migrate(sql, { dir })).toEqual({ applied: ['20300101000000_first'], alreadyApplied: [] });
    expect(await tables()).toContain('a');
  });

  it('is all or nothing: a failing migration undoes the ones before it in the same run', async () => {
    const dir = folder({
      '20300101000000_first': A,
      '20300102000000_broken': 'CREATE TABLE c (id int REFERENCES missing (id));',
    });
    const seen: string[] = [];
    await expect(migrate(sql, { dir, onApply: (name) => seen.push(name) })).rejects.toThrow(/missing/);
    expect(seen).toEqual(['20300101000000_first']);
    expect(await tables()).toEqual([]);
    // Fixed, the same folder applies from the start.
    writeFileSync(path.join(dir, '20300102000000_broken', 'migration.sql'), B);
    expect((await migrate(sql, { dir })).applied).toEqual(['20300101000000_first', '20300102000000_broken']);
  });

  it('runs one at a time: of two runs started together, one applies everything and the other finds it done', async () => {
    const dir = folder({ '20300101000000_first': A, '20300102000000_second': B });
    const results = await Promise.all([migrate(sql, { dir }), migrate(sql, { dir })]);
    const all = ['20300101000000_first', '20300102000000_second'];
    expect(results).toEqual(
      expect.arrayContaining([
        { applied: all, alreadyApplied: [] },
        { applied: [], alreadyApplied: all },
      ]),
    );
    expect(await recorded()).toHaveLength(2);
  });

  it('20261202100000_rotation_and_scopes: existing tokens keep what they could do (admins every scope, others read and write)', async () => {
    const project = await readMigrations();
    const upTo = (last: string) =>
      Object.fromEntries(project.filter((m) => m.name <= last).map((m) => [m.name, m.script]));
    await migrate(sql, { dir: folder(upTo('20261201140000_token_lifecycle')) });
    await sql.exec(`
      INSERT INTO workspaces (id, name, plan) VALUES ('00000000-0000-7000-8000-000000000001', 'w', 'ENTERPRISE');
      INSERT INTO users (id, email, name, role, workspace_id) VALUES
        ('00000000-0000-7000-8000-000000000002', 'admin@w', 'A', 'ADMIN', '00000000-0000-7000-8000-000000000001'),
        ('00000000-0000-7000-8000-000000000003', 'member@w', 'M', 'MEMBER', '00000000-0000-7000-8000-000000000001');
      INSERT INTO api_tokens (id, name, digest, hint, owner_id) VALUES
        ('00000000-0000-7000-8000-000000000004', 'admin token', '\\x01', 'h', '00000000-0000-7000-8000-000000000002'),
        ('00000000-0000-7000-8000-000000000005', 'member token', '\\x02', 'h', '00000000-0000-7000-8000-000000000003');`);
    await migrate(sql, { dir: folder(upTo('20261202100000_rotation_and_scopes')) });
    const rows = await sql.query<{ name: string; scopes: string[] }>(
      'SELECT name, scopes::text[] AS scopes FROM api_tokens ORDER BY name',
    );
    expect(rows).toEqual([
      { name: 'admin token', scopes: ['TOKENS_READ', 'TOKENS_WRITE', 'AUDIT_READ', 'WORKSPACE_ADMIN'] },
      { name: 'member token', scopes: ['TOKENS_READ', 'TOKENS_WRITE'] },
    ]);
  });

  it("brings an empty database up to date with the project's migrations", async () => {
    const names = (await readMigrations()).map((migration) => migration.name);
    expect(await migrate(sql)).toEqual({ applied: names, alreadyApplied: [] });
    expect(await tables()).toEqual(
      expect.arrayContaining(['_prisma_migrations', 'api_tokens', 'audit_events', 'users', 'workspaces']),
    );
    expect(await migrate(sql)).toEqual({ applied: [], alreadyApplied: names });
  });
});
