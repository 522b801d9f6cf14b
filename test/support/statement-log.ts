// What the statement counter counts, as text: so that a statement-count
// assertion that fails says which statements were sent, not only how many.
// Mirrors server/src/db/statement-count.ts (driver calls, BEGIN/COMMIT around a
// driver transaction, Prisma's query log); the number itself always comes from
// db.statementCount.
import type { Database, SqlRunner } from '../../server/src/db/database.js';

export interface StatementLog {
  /** Statements sent since `from` (an earlier `length`), one line each. */
  since(from: number): string[];
  readonly length: number;
}

/** Records statement texts on a database opened with statement counting (createTestDatabase({ countStatements: true })). */
export function logStatements(db: Database): StatementLog {
  const lines: string[] = [];
  const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 240);
  const logged = <T extends Omit<SqlRunner, 'transaction' | 'write'>>(runner: T, prefix = ''): T => {
    const { query, exec } = runner;
    return {
      ...runner,
      query: ((text: string, params?: unknown[], name?: string) => {
        lines.push(`${prefix}driver: ${oneLine(text)}`);
        return query(text, params, name);
      }) as typeof query,
      exec: (script: string) => {
        lines.push(`${prefix}driver: ${oneLine(script)}`);
        return exec(script);
      },
    };
  };
  const { transaction, write } = db.sql;
  db.sql = {
    ...logged(db.sql),
    write: ((text: string, params?: unknown[], name?: string) => {
      lines.push(`driver: ${oneLine(text)}`);
      return write(text, params, name);
    }) as typeof write,
    transaction: (fn) => {
      lines.push('driver: BEGIN … COMMIT (counted as 2)');
      return transaction((tx) => fn(logged(tx, '  ')));
    },
  };
  db.onPrismaQuery((query) => {
    lines.push(`prisma: ${oneLine(query)}`);
  });
  return {
    since: (from) => lines.slice(from),
    get length() {
      return lines.length;
    },
  };
}
