import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { executePrepared, forgetPreparedStatements, prepareStatement, queryPrepared } from './pglite-prepared.js';

let client: PGlite;
let dataDir: string | undefined;

beforeAll(async () => {
  // A copy of the run's empty template when there is one; a new in-memory PGlite (seconds) otherwise.
  const template = inject('pgliteEmptyTemplate');
  if (template) {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'api-tokens-prepared-db-'));
    cpSync(template, dataDir, { recursive: true });
  }
  client = await PGlite.create(dataDir ?? 'memory://');
  await client.exec(`CREATE TABLE t (id uuid PRIMARY KEY, d bytea, s text[], n text, at timestamptz, k int, b boolean);
    INSERT INTO t VALUES ('00000000-0000-7000-8000-000000000001', '\\x0102ff', '{a,"b c"}', 'it''s \\ "x"',
                          '2026-01-01T00:00:00.123Z', 7, true);`);
});
afterAll(async () => {
  await client?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const SELECT = `SELECT id, s, n, at, k FROM t
  WHERE d = $1 AND id = $2 AND s = $3 AND n = $4 AND at = $5 AND ($6::text IS NULL) AND k = $7 AND b = $8`;
const matching = [
  new Uint8Array([1, 2, 255]),
  '00000000-0000-7000-8000-000000000001',
  ['a', 'b c'],
  `it's \\ "x"`,
  new Date('2026-01-01T00:00:00.123Z'),
  null,
  7,
  true,
];
const preparedCount = async (name: string) =>
  (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name = $1', [name]))
    .rows[0]!.n;

describe('named statements on PGlite', () => {
  it('binds every kind of value the server sends exactly as a plain query does', async () => {
    const plain = (await client.query(SELECT, matching)).rows;
    expect(plain).toHaveLength(1);
    expect(await queryPrepared(client, 'kinds_v1', SELECT, matching)).toEqual(plain);
    // One byte, one character or one millisecond off: no row, as with a plain query.
    for (const [i, other] of [
      [0, new Uint8Array([1, 2, 254])],
      [3, `it's \\ "y"`],
      [4, new Date('2026-01-01T00:00:00.124Z')],
    ] as const) {
      const params = [...matching];
      params[i] = other;
      expect(await queryPrepared(client, 'kinds_v1', SELECT, params)).toEqual([]);
    }
  });

  it('prepares once per instance, and a value is only ever a value', async () => {
    const text = 'SELECT n FROM t WHERE n = $1';
    await queryPrepared(client, 'once_v1', text, ['a']);
    await queryPrepared(client, 'once_v1', text, ['b']);
    expect(await preparedCount('once_v1')).toBe(1);
    const hostile = `x'); DROP TABLE t; --`;
    expect(await queryPrepared(client, 'once_v1', text, [hostile])).toEqual([]);
    expect((await client.query('SELECT count(*)::int AS n FROM t')).rows).toEqual([{ n: 1 }]);
  });

  it('prepares again a statement that went missing (DEALLOCATE, DISCARD ALL)', async () => {
    const text = 'SELECT k FROM t WHERE k = $1';
    expect(await queryPrepared(client, 'gone_v1', text, [7])).toEqual([{ k: 7 }]);
    await client.exec('DEALLOCATE gone_v1');
    expect(await queryPrepared(client, 'gone_v1', text, [7])).toEqual([{ k: 7 }]);
    await client.exec('DISCARD ALL');
    forgetPreparedStatements(client);
    expect(await queryPrepared(client, 'gone_v1', text, [7])).toEqual([{ k: 7 }]);
    expect(await preparedCount('gone_v1')).toBe(1);
  });

  it('keeps a statement prepared before a transaction that rolls back', async () => {
    const text = 'UPDATE t SET k = k + $1 RETURNING k';
    await prepareStatement(client, 'bump_v1', text);
    await expect(
      client.transaction(async (tx) => {
        expect(await executePrepared(tx, 'bump_v1', [1])).toEqual([{ k: 8 }]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await preparedCount('bump_v1')).toBe(1);
    expect((await client.query('SELECT k FROM t')).rows).toEqual([{ k: 7 }]);
  });

  it('answers a statement without rows with none, and a failed one with its SQLSTATE', async () => {
    expect(await queryPrepared(client, 'norows_v1', 'UPDATE t SET k = k WHERE k = $1', [7])).toEqual([]);
    const insert = 'INSERT INTO t (id) VALUES ($1)';
    await expect(
      queryPrepared(client, 'dup_v1', insert, ['00000000-0000-7000-8000-000000000001']),
    ).rejects.toMatchObject({ code: '23505' });
    expect((await client.query('SELECT count(*)::int AS n FROM t')).rows).toEqual([{ n: 1 }]);
  });

  it('refuses a name that is not a plain identifier', async () => {
    await expect(queryPrepared(client, 'x; DROP TABLE t', 'SELECT 1')).rejects.toThrow('not a statement name');
  });
});
