// Counts the statements this process sends to the database, each one a round
// trip: the driver calls made through `db.sql` (a transaction adds its BEGIN and
// COMMIT) and every statement Prisma sends, read from its query log. /metrics
// exposes the count as database_statements_total; the benchmark divides it by the
// requests served.
import type { Database, DatabaseOptions, SqlRunner } from './database.js';

/** What `openDatabase` needs so that Prisma reports each statement it sends. */
export const PRISMA_QUERY_EVENTS: NonNullable<DatabaseOptions['log']> = [{ emit: 'event', level: 'query' }];

const TRANSACTION_END = /^\s*(?:--\s*Implicit\s*")?(?:COMMIT|ROLLBACK)\b/i;

/** Starts counting on a database opened with `log: PRISMA_QUERY_EVENTS`; sets `db.statementCount`. */
export function countStatements(db: Database): Database {
  let count = 0;
  const counted = <T extends Omit<SqlRunner, 'transaction' | 'write'>>(runner: T): T => {
    const { query, exec } = runner;
    return {
      ...runner,
      query: ((...args: Parameters<typeof query>) => {
        count += 1;
        return query(...args);
      }) as typeof query,
      exec: (script: string) => {
        count += 1;
        return exec(script);
      },
    };
  };
  const { transaction, write } = db.sql;
  db.sql = {
    ...counted(db.sql),
    write: ((...args: Parameters<typeof write>) => {
      count += 1;
      return write(...args);
    }) as typeof write,
    transaction: (fn) => {
      count += 2;
      return transaction((tx) => fn(counted(tx)));
    },
  };
  // Prisma's driver adapters send a transaction's BEGIN themselves, unlogged; every
  // transaction ends in a logged COMMIT or ROLLBACK (PGlite's adapter logs it as
  // '-- Implicit "COMMIT" query via underlying driver'), which stands for both.
  db.onPrismaQuery((query) => {
    count += TRANSACTION_END.test(query) ? 2 : 1;
  });
  db.statementCount = () => count;
  return db;
}
