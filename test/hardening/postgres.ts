// Hardening tests that need PostgreSQL get their own database on the machine's
// server whatever TEST_DB says, and a TCP proxy to cut it off without ever
// touching the shared PostgreSQL server.
import net from 'node:net';
import { openDatabase } from '../../server/src/db/database.js';
import { migrate } from '../../server/src/db/migrate.js';
import { adminQuery as admin, type TestDatabase } from '../support/database.js';
import { postgresAdminUrl } from '../support/env.js';

export interface PostgresTestDatabase extends TestDatabase {
  databaseUrl: string;
  /** The same database through another host/port (e.g. a proxy). */
  urlVia(port: number): string;
}

export async function createPostgresDatabase(
  options: { viaPort?: number; queryTimeoutMs?: number } = {},
): Promise<PostgresTestDatabase> {
  const name = `api_tokens_hardening_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const urlVia = (port: number) => {
    const via = new URL(databaseUrl);
    via.hostname = '127.0.0.1';
    via.port = String(port);
    return via.toString();
  };
  const direct = await openDatabase({ databaseUrl });
  await migrate(direct.sql);
  const db = options.viaPort
    ? await openDatabase({ databaseUrl: urlVia(options.viaPort), queryTimeoutMs: options.queryTimeoutMs })
    : direct;
  return {
    db,
    databaseUrl,
    dataDir: undefined,
    urlVia,
    drop: async () => {
      if (db !== direct) await db.close().catch(() => {});
      await direct.close();
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

export type ProxyMode = 'up' | 'refuse' | 'hang';

export interface TcpProxy {
  port: number;
  /** up: forward; refuse: drop every connection and refuse new ones; hang: accept, forward nothing. */
  set(mode: ProxyMode): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: ProxyMode = 'up';
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => {});
    if (mode === 'refuse') return void client.destroy();
    if (mode === 'hang') return; // holds the connection, answers nothing
    const upstream = net.connect(target.port, target.host);
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    client.on('data', (chunk) => {
      if (mode === 'up') upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (mode === 'up') client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    set(next) {
      mode = next;
      if (next === 'refuse') for (const socket of sockets) socket.destroy();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
