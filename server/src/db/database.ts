// Opens the one database the server uses: PostgreSQL through node-postgres when
// DATABASE_URL is set, embedded PGlite otherwise. Both sit behind the same Prisma
// client; `sql` gives the migration runner and health checks direct access.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client.js';
import { acquireDataDirLock, type DataDirLock, type OwnerKind } from './data-dir-lock.js';
import { executePrepared, prepareStatement, queryPrepared } from './pglite-prepared.js';
import {
  listenPglite,
  listenPostgres,
  type ListenOptions,
  type NotificationHandlers,
  type StopListening,
} from './notifications.js';

export type DatabaseKind = 'postgresql' | 'pglite';

/** Minimal SQL access used outside Prisma (migrations, readiness). */
export interface SqlRunner {
  /** Runs a script of one or more statements without parameters. */
  exec(script: string): Promise<void>;
  /**
   * Runs one statement. With `name` it is a named prepared statement: parsed and
   * planned once per connection (PGlite: per instance, pglite-prepared.ts), then only
   * bound and executed. A name must always go with the same text.
   */
  query<Row = Record<string, unknown>>(text: string, params?: unknown[], name?: string): Promise<Row[]>;
  /**
   * Runs one statement that writes and is atomic by itself (tokens/create-statement.ts,
   * revoke-statement.ts), as `query` does, except that it waits to start as long as
   * Prisma's transactions did (so a stalled database is a 503 as quickly): PostgreSQL at most
   * WRITE_START_TIMEOUT_MS for a pooled connection; PGlite (one connection) runs it
   * under the instance's transaction lock, waiting as long for another transaction to
   * end. A write that did not start in time fails as unavailable and never runs later.
   */
  write<Row = Record<string, unknown>>(text: string, params?: unknown[], name?: string): Promise<Row[]>;
  /** Runs `fn` on one connection inside BEGIN/COMMIT, rolling back on error. */
  transaction<T>(fn: (tx: Omit<SqlRunner, 'transaction' | 'write'>) => Promise<T>): Promise<T>;
}

/** How long a one-statement write waits for a connection (PGlite: for another transaction to end); Prisma's default maxWait. */
export const WRITE_START_TIMEOUT_MS = 2_000;

export interface Database {
  kind: DatabaseKind;
  prisma: PrismaClient;
  sql: SqlRunner;
  /** LISTEN on `channel` (see notifications.ts); resolves once listening has proven itself or failed its first try. */
  listen(channel: string, handlers: NotificationHandlers, options?: ListenOptions): Promise<StopListening>;
  /** A short description for logs, without credentials. */
  description: string;
  /** Calls `listener` with each statement Prisma sends; only a database opened with `log: PRISMA_QUERY_EVENTS` reports any (statement-count.ts). */
  onPrismaQuery(listener: (query: string) => void): void;
  /** Statements sent so far, when counted (see statement-count.ts). */
  statementCount?: () => number;
  /** PGlite with a data directory: this process's lock on it (see data-dir-lock.ts). */
  dataDirLock?: DataDirLock;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  /** PGlite data directory, or `memory://` for a throwaway in-memory database. */
  dataDir?: string;
  /** An already open PGlite instance to share (tests share one per worker). */
  pglite?: PGlite;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
  /** PostgreSQL: fail a query (and a connection attempt) after this many milliseconds. */
  queryTimeoutMs?: number;
  /** Passed to Prisma's `log` option (e.g. to count queries). */
  log?: ConstructorParameters<typeof PrismaClient>[0]['log'];
  /** Who opens a PGlite data directory, as other openers are told (default: a server). */
  owner?: { kind: OwnerKind; label: string };
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options);
  return openPglite(options);
}

async function openPostgres(databaseUrl: string, options: DatabaseOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: Math.min(options.queryTimeoutMs ?? 5_000, 5_000),
    // A database that stops answering must not hold requests forever.
    ...(options.queryTimeoutMs !== undefined && {
      query_timeout: options.queryTimeoutMs,
      statement_timeout: options.queryTimeoutMs,
    }),
  });
  // An idle client losing its connection must not crash the process.
  pool.on('error', () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool), log: options.log ?? [] });
  const url = new URL(databaseUrl);
  const sql: SqlRunner = {
    exec: async (script) => {
      await pool.query(script);
    },
    query: async (text, params, name) =>
      (name === undefined ? await pool.query(text, params) : await pool.query({ name, text, values: params ?? [] }))
        .rows,
    write: async (text, params, name) => {
      const client = await connectWithin(pool, WRITE_START_TIMEOUT_MS);
      try {
        const result =
          name === undefined
            ? await client.query(text, params)
            : await client.query({ name, text, values: params ?? [] });
        client.release();
        return result.rows;
      } catch (error) {
        // As pool.query does: a client whose statement failed is not reused.
        client.release(error instanceof Error ? error : true);
        throw error;
      }
    },
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          exec: async (script) => {
            await client.query(script);
          },
          query: async (text, params, name) =>
            (name === undefined
              ? await client.query(text, params)
              : await client.query({ name, text, values: params ?? [] })
            ).rows,
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
  };
  return {
    kind: 'postgresql',
    prisma,
    sql,
    onPrismaQuery: (listener) => prisma.$on('query', (event) => listener(event.query)),
    // Its own connection, not one of the pool's: a LISTEN lives as long as its session.
    listen: (channel, handlers, listenOptions) => listenPostgres(databaseUrl, channel, handlers, listenOptions),
    description: `postgresql://${url.hostname}:${url.port || 5432}${url.pathname}`,
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

async function openPglite(options: DatabaseOptions): Promise<Database> {
  const shared = options.pglite;
  const dataDir = options.dataDir ?? 'memory://';
  const onDisk = !shared && !dataDir.startsWith('memory://');
  let lock: DataDirLock | undefined;
  if (onDisk) {
    mkdirSync(dataDir, { recursive: true });
    // Before PGlite touches a file: a second instance on one directory loses data.
    lock = await acquireDataDirLock(path.resolve(dataDir), options.owner ?? { kind: 'server', label: 'api-tokens' });
  }
  let client: PGlite;
  try {
    client = shared ?? (await PGlite.create(dataDir));
  } catch (error) {
    lock?.release();
    throw error;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(client), log: options.log ?? [] });
  const sql: SqlRunner = {
    exec: async (script) => {
      await client.exec(script);
    },
    query: async (text, params, name) =>
      name === undefined
        ? ((await client.query(text, params)).rows as never)
        : queryPrepared(client, name, text, params),
    write: (text, params, name) => boundedWrite(client, text, params, name),
    transaction: (fn) =>
      client.transaction((tx) =>
        fn({
          exec: async (script) => {
            await tx.exec(script);
          },
          query: async (text, params) => (await tx.query(text, params)).rows as never,
        }),
      ),
  };
  return {
    kind: 'pglite',
    prisma,
    sql,
    onPrismaQuery: (listener) => prisma.$on('query', (event) => listener(event.query)),
    // In-process, with the same heartbeat as PostgreSQL (see notifications.ts).
    listen: (channel, handlers, listenOptions) => listenPglite(client, channel, handlers, listenOptions),
    description: dataDir.startsWith('memory://') ? 'pglite (in memory)' : `pglite ${path.resolve(dataDir)}`,
    ...(lock && { dataDirLock: lock }),
    close: async () => {
      await prisma.$disconnect();
      // A shared instance belongs to whoever opened it.
      if (!shared && !client.closed) await client.close();
      // Only once PGlite has stopped writing; if closing failed, the lock lasts until this process ends.
      lock?.release();
    },
  };
}

/**
 * PGlite's one connection is held by whoever has a transaction open: a write waits
 * for it under the instance's transaction lock, at most WRITE_START_TIMEOUT_MS. One
 * that could not start in time is abandoned (when the lock comes, it does nothing)
 * and fails with a connection time-out, which the API answers as 503 (hardening/db-faults.ts).
 */
function boundedWrite<Row>(
  client: PGlite,
  text: string,
  params: unknown[] | undefined,
  name: string | undefined,
): Promise<Row[]> {
  return new Promise<Row[]>((resolve, reject) => {
    let state: 'waiting' | 'started' | 'abandoned' = 'waiting';
    const timer = setTimeout(() => {
      if (state !== 'waiting') return;
      state = 'abandoned';
      reject(writeStartTimeout());
    }, WRITE_START_TIMEOUT_MS);
    // A named statement is prepared first, on the instance: not inside the transaction.
    (name === undefined ? Promise.resolve() : prepareStatement(client, name, text))
      .then(() =>
        client.transaction(async (tx) => {
          if (state === 'abandoned') return null;
          state = 'started';
          clearTimeout(timer);
          return name === undefined ? (await tx.query<Row>(text, params)).rows : executePrepared<Row>(tx, name, params);
        }),
      )
      .then(
        (rows) => {
          if (rows !== null) resolve(rows);
        },
        (error: unknown) => {
          clearTimeout(timer);
          if (state !== 'abandoned') reject(error);
        },
      );
  });
}

/** A write that could not start in time (db-faults.ts answers it as 503: the code is a network time-out). */
const writeStartTimeout = () =>
  Object.assign(new Error(`connection timeout: no connection within ${WRITE_START_TIMEOUT_MS} ms`), {
    code: 'ETIMEDOUT',
  });

/** A pooled client within `ms`; one that comes later goes straight back to the pool. */
function connectWithin(pool: pg.Pool, ms: number): Promise<pg.PoolClient> {
  return new Promise<pg.PoolClient>((resolve, reject) => {
    let abandoned = false;
    const timer = setTimeout(() => {
      abandoned = true;
      reject(writeStartTimeout());
    }, ms);
    pool.connect().then(
      (client) => {
        if (abandoned) client.release();
        else {
          clearTimeout(timer);
          resolve(client);
        }
      },
      (error: unknown) => {
        clearTimeout(timer);
        if (!abandoned) reject(error);
      },
    );
  });
}
