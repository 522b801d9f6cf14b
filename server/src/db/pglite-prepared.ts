/// <reference path="./pg-utils.d.ts" />
// Named statements on PGlite, as the pg driver gives them on PostgreSQL: parsed and
// planned once per instance (PREPARE), then only executed (EXECUTE name('…', …)).
// PGlite's own `query` parses and plans every statement again, and planning reads
// every relation's size, which through Emscripten's file system is an `fstat` per
// file: 14.6 % of the embedded server's samples for one authentication lookup. With
// them, the server's CPU per unknown-token request halved and per token page fell by
// a fifth (bench/README.md, "Issue 16, fourth session").
//
// A PGlite instance is one session, so what it has prepared lasts as long as it
// does, whoever opened it (tests share one per worker): the registry is per
// instance. PREPARE is not transactional, so a rolled-back transaction leaves a
// statement prepared; one that went missing anyway (DEALLOCATE by hand), or whose
// plan a schema change broke, is prepared again once.
import type { PGlite, Transaction } from '@electric-sql/pglite';
import pg from 'pg';
import { prepareValue } from 'pg/lib/utils.js';

const preparedByInstance = new WeakMap<PGlite, Map<string, Promise<void>>>();

/** SQLSTATEs after which the statement is prepared again: it is gone, or its cached plan no longer fits the tables. */
const STALE_STATEMENT = new Set(['26000', '0A000']);
/** "already exists": another opener of the same instance prepared it (same name, same text by contract). */
const DUPLICATE_STATEMENT = '42P05';

const NAME = /^[a-z_][a-z0-9_]*$/;

function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** PREPAREs `name` on the instance unless it already is; never inside a transaction (PGlite would wait for it to end). */
export function prepareStatement(client: PGlite, name: string, text: string): Promise<void> {
  if (!NAME.test(name)) return Promise.reject(new Error(`not a statement name: ${name}`));
  let prepared = preparedByInstance.get(client);
  if (!prepared) {
    prepared = new Map();
    preparedByInstance.set(client, prepared);
  }
  let done = prepared.get(name);
  if (!done) {
    done = client.exec(`PREPARE ${name} AS ${text}`).then(
      () => undefined,
      (error: unknown) => {
        if (sqlState(error) === DUPLICATE_STATEMENT) return;
        prepared.delete(name);
        throw error;
      },
    );
    prepared.set(name, done);
  }
  return done;
}

/** After `DISCARD ALL` on the instance (the tests' pool between files): nothing of ours is prepared any more. */
export function forgetPreparedStatements(client: PGlite): void {
  preparedByInstance.delete(client);
}

function forget(client: PGlite, name: string): Promise<void> {
  preparedByInstance.get(client)?.delete(name);
  return client.exec(`DEALLOCATE ${name}`).then(
    () => undefined,
    () => undefined,
  );
}

// EXECUTE is a utility statement: PostgreSQL binds no $n inside it, so its arguments
// are literals, made by the pg driver's own functions (its text form of a value,
// then its quoting), never by hand.
const literal = (value: unknown): string => {
  const text = prepareValue(value);
  if (text === null) return 'NULL';
  // Bytes, which pg would send in binary: bytea's hex text form instead.
  return pg.escapeLiteral(Buffer.isBuffer(text) ? `\\x${text.toString('hex')}` : text);
};
const executeText = (name: string, params: readonly unknown[]) =>
  params.length === 0 ? `EXECUTE ${name}` : `EXECUTE ${name}(${params.map(literal).join(', ')})`;

/**
 * EXECUTEs the prepared `name` on `on`: the instance, or one of its transactions.
 * With the simple query protocol (`exec`), since the EXECUTE text carries its arguments:
 * PGlite's `query` makes six passes through the WebAssembly module (parse, describe,
 * bind, describe, execute, sync), `exec` two (query, sync).
 */
export async function executePrepared<Row>(
  on: Pick<PGlite | Transaction, 'exec'>,
  name: string,
  params: readonly unknown[] = [],
): Promise<Row[]> {
  const results = await on.exec(executeText(name, params));
  // One statement, one result set (PGlite returns an empty one for a statement without rows).
  return (results[0]?.rows ?? []) as Row[];
}

/** Runs the named statement `text` with `params` on the instance (outside any transaction). */
export async function queryPrepared<Row>(
  client: PGlite,
  name: string,
  text: string,
  params: readonly unknown[] = [],
): Promise<Row[]> {
  await prepareStatement(client, name, text);
  try {
    return await executePrepared<Row>(client, name, params);
  } catch (error) {
    if (!STALE_STATEMENT.has(sqlState(error) ?? '')) throw error;
    await forget(client, name);
    await prepareStatement(client, name, text);
    return executePrepared<Row>(client, name, params);
  }
}
