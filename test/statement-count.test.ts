// Counting the statements sent to the database (database_statements_total on
// /metrics; the benchmark's round trips per request): driver calls, the
// BEGIN/COMMIT around a driver transaction, and every statement Prisma sends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/src/config.js';
import { countStatements, PRISMA_QUERY_EVENTS } from '../server/src/db/statement-count.js';
import { createMetrics } from '../server/src/hardening/metrics.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase({ log: PRISMA_QUERY_EVENTS });
  countStatements(database.db);
});
afterAll(async () => {
  await database?.drop();
});

/** Statements `fn` sends, by the counter. */
async function sent(fn: () => Promise<unknown>): Promise<number> {
  const before = database.db.statementCount!();
  await fn();
  // Prisma emits its query events as the statements complete.
  await new Promise((resolve) => setImmediate(resolve));
  return database.db.statementCount!() - before;
}

describe('statement count', () => {
  it('counts each driver call once, a multi-statement script included', async () => {
    const { sql } = database.db;
    expect(await sent(() => sql.query('SELECT 1'))).toBe(1);
    expect(await sent(() => sql.query('SELECT $1::int AS n', [2], 'statement_count_probe'))).toBe(1);
    expect(await sent(() => sql.exec('SELECT 1; SELECT 2'))).toBe(1);
  });

  it('counts BEGIN and COMMIT around a driver transaction, and ROLLBACK when it fails', async () => {
    const { sql } = database.db;
    expect(
      await sent(() => sql.transaction(async (tx) => [await tx.query('SELECT 1'), await tx.query('SELECT 2')])),
    ).toBe(4);
    const failing = () =>
      sql
        .transaction(async (tx) => {
          await tx.query('SELECT 1');
          throw new Error('stop');
        })
        .catch(() => undefined);
    expect(await sent(failing)).toBe(3);
  });

  it('counts what Prisma sends, transaction control included', async () => {
    const { prisma } = database.db;
    expect(await sent(() => prisma.workspace.count())).toBe(1);
    expect(await sent(() => prisma.$transaction([prisma.workspace.count(), prisma.user.count()]))).toBe(4);
    const rolledBack = () =>
      prisma
        .$transaction(async (tx) => {
          await tx.workspace.count();
          throw new Error('stop');
        })
        .catch(() => undefined);
    expect(await sent(rolledBack)).toBe(3);
  });

  it('is exposed on /metrics as database_statements_total', async () => {
    const metrics = createMetrics(loadConfig({}).hardening, { statements: database.db.statementCount });
    await database.db.sql.query('SELECT 1');
    const first = Number(/^database_statements_total (\d+)$/m.exec(await metrics.registry.metrics())?.[1]);
    expect(first).toBe(database.db.statementCount!());
    await database.db.sql.query('SELECT 1');
    expect(await metrics.registry.metrics()).toMatch(new RegExp(`^database_statements_total ${first + 1}$`, 'm'));
  });
});
