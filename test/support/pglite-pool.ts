// The worker's PGlite, handed from one test file to the next (vitest.config.ts:
// isolate false, so this module lives as long as the worker). A fresh copy of the
// migrated template costs ~0.7 s of CPU (copying 39 MB, starting PGlite, and
// closing and deleting it afterwards); handing the previous file's instance on
// costs a few dozen milliseconds, and the next file still starts from what a
// fresh copy holds:
// - its session is reset (DISCARD ALL: settings, prepared statements, LISTENs,
//   advisory locks; it fails inside a transaction left open, and then the
//   instance is not reused);
// - its schema must equal the template's, by a fingerprint of the catalog
//   (relations, columns, constraints, indexes, triggers, functions, types,
//   extensions, applied migrations): a file that left a trigger or a table
//   behind gets a fresh copy instead;
// - every table but _prisma_migrations is emptied (TRUNCATE … RESTART IDENTITY).
// A test that closes its database closes the instance, as it would a copy of its
// own; a closed instance is never reused.
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pgliteRunDir, pgliteTemplateDir } from './env.js';
import { forgetPreparedStatements } from '../../server/src/db/pglite-prepared.js';

export interface PooledPglite {
  readonly client: PGlite;
  readonly dataDir: string;
}

const FINGERPRINT = `
  SELECT md5(string_agg(item, E'\\n' ORDER BY item)) AS fingerprint FROM (
    SELECT 'schema ' || nspname AS item FROM pg_namespace WHERE nspname !~ '^pg_(toast_)?temp_'
    UNION ALL
    SELECT 'relation ' || n.nspname || '.' || c.relname || ' ' || c.relkind::text || ' ' || c.relrowsecurity
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
    UNION ALL
    SELECT 'column ' || a.attrelid::regclass || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
           || ' ' || a.attnotnull || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
       AND a.attnum > 0 AND NOT a.attisdropped
    UNION ALL
    SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
      FROM pg_constraint WHERE connamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
    UNION ALL
    SELECT 'index ' || schemaname || ' ' || indexdef FROM pg_indexes
     WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
    UNION ALL
    SELECT 'trigger ' || pg_get_triggerdef(oid) || ' ' || tgenabled::text FROM pg_trigger WHERE NOT tgisinternal
    UNION ALL
    SELECT 'function ' || p.oid::regprocedure || ' ' || md5(coalesce(p.prosrc, ''))
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
    UNION ALL
    SELECT 'type ' || t.typname || ' ' || t.typtype::text
      FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
    UNION ALL
    SELECT 'enum ' || enumtypid::regtype || ' ' || enumlabel || ' ' || enumsortorder FROM pg_enum
    UNION ALL
    SELECT 'extension ' || extname || ' ' || extversion FROM pg_extension
    UNION ALL
    SELECT 'database setting ' || array_to_string(setconfig, ',') FROM pg_db_role_setting
    UNION ALL
    SELECT 'migration ' || migration_name || ' ' || (finished_at IS NOT NULL) || ' ' || (rolled_back_at IS NOT NULL)
      FROM "_prisma_migrations"
  ) items`;

/** The template's fingerprint and the tables to empty, read from the worker's first fresh copy (which is the template). */
let template: { fingerprint: string; truncate: string } | undefined;
let idle: PooledPglite | undefined;

async function fingerprintOf(client: PGlite): Promise<string> {
  const { rows } = await client.query<{ fingerprint: string }>(FINGERPRINT);
  return rows[0]!.fingerprint;
}

async function fresh(): Promise<PooledPglite> {
  mkdirSync(pgliteRunDir, { recursive: true });
  const dataDir = mkdtempSync(path.join(pgliteRunDir, 'db-'));
  cpSync(pgliteTemplateDir, dataDir, { recursive: true });
  const client = await PGlite.create(dataDir);
  if (!template) {
    const { rows } = await client.query<{ name: string }>(
      `SELECT quote_ident(tablename) AS name FROM pg_tables
        WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY tablename`,
    );
    template = {
      fingerprint: await fingerprintOf(client),
      truncate: `TRUNCATE ${rows.map((row) => row.name).join(', ')} RESTART IDENTITY CASCADE`,
    };
  }
  return { client, dataDir };
}

async function discard(pooled: PooledPglite): Promise<void> {
  if (!pooled.client.closed) await pooled.client.close().catch(() => {});
  rmSync(pooled.dataDir, { recursive: true, force: true });
}

/** Empties a used instance for the next file; false when it cannot be made equal to a fresh copy. */
async function reset(pooled: PooledPglite): Promise<boolean> {
  if (pooled.client.closed || !template) return false;
  try {
    await pooled.client.exec('DISCARD ALL');
    forgetPreparedStatements(pooled.client);
    if ((await fingerprintOf(pooled.client)) !== template.fingerprint) return false;
    await pooled.client.exec(template.truncate);
    return true;
  } catch {
    return false;
  }
}

/** A migrated, empty PGlite: the previous file's, reset, or a fresh copy of the template. */
export async function takePglite(): Promise<PooledPglite> {
  const used = idle;
  idle = undefined;
  if (used) {
    if (await reset(used)) return used;
    await discard(used);
  }
  return fresh();
}

/** Keeps the instance for the next file (one per worker; a closed or surplus one is deleted). */
export async function givePglite(pooled: PooledPglite): Promise<void> {
  if (pooled.client.closed || idle) return discard(pooled);
  idle = pooled;
}
