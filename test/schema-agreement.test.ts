// The hand-written SQL migrations and prisma/schema.prisma must describe the same
// database: every model, field, type, nullability, default-less identity, unique
// constraint, index and foreign key of the Prisma datamodel exists in the
// migrated database, and the database has no column or index Prisma doesn't know.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMigrations } from '../server/src/db/migrate.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

// Prisma's own schema parser (WASM), which yields the same datamodel Prisma's CLI uses.
const require = createRequire(new URL('../server/package.json', import.meta.url));
const wasm = require('@prisma/prisma-schema-wasm') as { get_dmmf(params: string): string };

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'enum' | 'object';
  type: string;
  isRequired: boolean;
  isList: boolean;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  fields: { name: string; sortOrder?: 'asc' | 'desc' }[];
}
interface Datamodel {
  models: DmmfModel[];
  enums: { name: string; values: { name: string }[] }[];
  indexes: DmmfIndex[];
}

const schemaText = readFileSync(new URL('../prisma/schema.prisma', import.meta.url), 'utf8');
const datamodel = (
  JSON.parse(wasm.get_dmmf(JSON.stringify({ prismaSchema: [['schema.prisma', schemaText]] }))) as {
    datamodel: Datamodel;
  }
).datamodel;

const tableOf = (model: DmmfModel) => model.dbName ?? model.name;
const columnOf = (field: DmmfField) => field.dbName ?? field.name;
const modelByName = new Map(datamodel.models.map((model) => [model.name, model]));

/** PostgreSQL type (format_type) that Prisma's migrate would create for a field; a list is an array of it. */
function expectedType(field: DmmfField): string {
  return field.isList ? `${elementType(field)}[]` : elementType(field);
}

function elementType(field: DmmfField): string {
  if (field.kind === 'enum') return `"${field.type}"`;
  const native = field.nativeType?.[0];
  const args = field.nativeType?.[1] ?? [];
  if (native === 'Uuid') return 'uuid';
  if (native === 'SmallInt') return 'smallint';
  if (native === 'Timestamptz') return `timestamp(${args[0] ?? 3}) with time zone`;
  const defaults: Record<string, string> = {
    String: 'text',
    Int: 'integer',
    BigInt: 'bigint',
    Boolean: 'boolean',
    DateTime: 'timestamp(3) without time zone',
    Bytes: 'bytea',
    Float: 'double precision',
    Json: 'jsonb',
  };
  const type = defaults[field.type];
  if (!type) throw new Error(`No mapping for ${field.type}`);
  return type;
}

interface ColumnRow {
  table_name: string;
  column_name: string;
  type: string;
  not_null: boolean;
}
interface IndexRow {
  table_name: string;
  index_name: string;
  is_unique: boolean;
  is_primary: boolean;
  columns: string[];
  descending: boolean[];
}
interface ForeignKeyRow {
  table_name: string;
  columns: string[];
  foreign_table: string;
  foreign_columns: string[];
  on_delete: string;
}

let database: TestDatabase;
let columns: ColumnRow[];
let indexes: IndexRow[];
let foreignKeys: ForeignKeyRow[];

beforeAll(async () => {
  database = await createTestDatabase();
  const { sql } = database.db;
  columns = await sql.query<ColumnRow>(`
    SELECT c.relname AS table_name, a.attname AS column_name,
           format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
       AND c.relname <> '_prisma_migrations'`);
  indexes = await sql.query<IndexRow>(`
    SELECT t.relname AS table_name, i.relname AS index_name, ix.indisunique AS is_unique, ix.indisprimary AS is_primary,
           array(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns,
           array(SELECT (o.opt & 1) = 1 FROM unnest(ix.indoption) WITH ORDINALITY o(opt, ord) ORDER BY o.ord)::boolean[] AS descending
      FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = current_schema() AND t.relname <> '_prisma_migrations'`);
  foreignKeys = await sql.query<ForeignKeyRow>(`
    SELECT t.relname AS table_name, f.relname AS foreign_table,
           array(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns,
           array(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS foreign_columns,
           c.confdeltype::text AS on_delete
      FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class f ON f.oid = c.confrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE c.contype = 'f' AND n.nspname = current_schema()`);
});
afterAll(async () => {
  await database?.drop();
});

const scalarFields = datamodel.models.flatMap((model) =>
  model.fields.filter((field) => field.kind !== 'object').map((field) => [model, field] as const),
);

describe('migrations agree with schema.prisma', () => {
  it('found a datamodel to compare', () => {
    expect(datamodel.models.map((m) => m.name)).toEqual([
      'Workspace',
      'User',
      'ApiTokenCount',
      'ApiToken',
      'AuditEvent',
      'AuditEventCount',
      'RevokedApiToken',
      'CanaryTrip',
      'WebhookEndpoint',
      'WebhookEvent',
      'WebhookDelivery',
      'ApiTokenExpiryNotice',
    ]);
  });

  it.each(datamodel.models.map((model) => [model.name, model] as const))('model %s has a table', (_name, model) => {
    expect(columns.some((column) => column.table_name === tableOf(model))).toBe(true);
  });

  it.each(scalarFields.map(([model, field]) => [`${model.name}.${field.name}`, model, field] as const))(
    'field %s has a column of the right type and nullability',
    (_label, model, field) => {
      const column = columns.find((c) => c.table_name === tableOf(model) && c.column_name === columnOf(field));
      expect(column, `column ${tableOf(model)}.${columnOf(field)}`).toBeDefined();
      expect(column?.type).toBe(expectedType(field));
      expect(column?.not_null).toBe(field.isRequired);
    },
  );

  it('has no column that the datamodel does not declare', () => {
    const declared = new Set(scalarFields.map(([model, field]) => `${tableOf(model)}.${columnOf(field)}`));
    expect(columns.map((c) => `${c.table_name}.${c.column_name}`).filter((c) => !declared.has(c))).toEqual([]);
  });

  it.each(datamodel.enums.map((e) => [e.name, e] as const))(
    'enum %s exists with the same values',
    async (name, enumType) => {
      const rows = await database.db.sql.query<{ label: string }>(
        `SELECT e.enumlabel AS label FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = $1 ORDER BY e.enumsortorder`,
        [name],
      );
      expect(rows.map((row) => row.label)).toEqual(enumType.values.map((value) => value.name));
    },
  );

  it.each(
    datamodel.indexes.map(
      (index) => [`${index.type} ${index.model}(${index.fields.map((f) => f.name).join(', ')})`, index] as const,
    ),
  )('index %s exists', (_label, index) => {
    const model = modelByName.get(index.model)!;
    const wanted = index.fields.map((f) => columnOf(model.fields.find((field) => field.name === f.name)!));
    const found = indexes.find(
      (row) =>
        row.table_name === tableOf(model) &&
        JSON.stringify(row.columns) === JSON.stringify(wanted) &&
        row.is_primary === (index.type === 'id') &&
        row.is_unique === (index.type === 'id' || index.type === 'unique'),
    );
    expect(found, `index on ${tableOf(model)}(${wanted.join(', ')})`).toBeDefined();
    expect(found?.descending).toEqual(index.fields.map((f) => f.sortOrder === 'desc'));
  });

  it('has no index that the datamodel does not declare', () => {
    expect(indexes.length).toBe(datamodel.indexes.length);
  });

  const relations = datamodel.models.flatMap((model) =>
    model.fields
      .filter((f) => f.kind === 'object' && (f.relationFromFields?.length ?? 0) > 0)
      .map((f) => [model, f] as const),
  );
  it.each(relations.map(([model, field]) => [`${model.name}.${field.name}`, model, field] as const))(
    'relation %s has a foreign key with the right ON DELETE',
    (_label, model, field) => {
      const target = modelByName.get(field.type)!;
      const fromColumns = field.relationFromFields!.map((name) => columnOf(model.fields.find((f) => f.name === name)!));
      const fk = foreignKeys.find(
        (row) => row.table_name === tableOf(model) && JSON.stringify(row.columns) === JSON.stringify(fromColumns),
      );
      expect(fk?.foreign_table).toBe(tableOf(target));
      const onDelete: Record<string, string> = {
        Cascade: 'c',
        SetNull: 'n',
        Restrict: 'r',
        NoAction: 'a',
        SetDefault: 'd',
      };
      expect(fk?.on_delete).toBe(onDelete[field.relationOnDelete ?? (field.isRequired ? 'Restrict' : 'SetNull')]);
    },
  );

  it('records every migration in _prisma_migrations with the checksum Prisma computes', async () => {
    const migrations = await readMigrations();
    const rows = await database.db.sql.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      applied_steps_count: number;
    }>(
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
    for (const [i, migration] of migrations.entries()) {
      expect(rows[i]?.checksum).toBe(createHash('sha256').update(migration.script).digest('hex'));
      expect(rows[i]?.finished_at).not.toBeNull();
    }
  });
});
