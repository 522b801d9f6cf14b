// One process under test, started by the harness (pinned to its own core when
// possible). Modes:
//   raw   – node:http answering a fixed JSON body (the machine's limit)
//   yoga  – a bare graphql-yoga server answering { hello } (the framework's limit)
//   app   – the real server (startServer) over PGlite or PostgreSQL, seeded first
// It talks to the harness over IPC: it reports `ready` with its URL (and the
// seeded tokens), answers `stats` with its database query count and peak RSS,
// and exits on `stop` (so --cpu-prof profiles are written).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type TargetSpec =
  | { mode: 'raw' }
  | { mode: 'yoga' }
  | {
      mode: 'app';
      db: 'pglite' | 'postgres';
      databaseUrl?: string;
      users: { key: string; tokens: number }[];
    };

export type TargetMessage =
  | { type: 'ready'; url: string; users: { key: string; userId: string; tokens: number; token: string }[]; seedMs: number }
  | { type: 'stats'; queries: number; served: number; rssPeak: number; rss: number; memory?: NodeJS.MemoryUsage }
  | { type: 'error'; message: string };

let queries = 0;
// Requests the server received (in-flight ones at the end of a run included, like their queries).
let served = 0;
let rssPeak = process.memoryUsage.rss();
setInterval(() => {
  const rss = process.memoryUsage.rss();
  if (rss > rssPeak) rssPeak = rss;
}, 25).unref();

function send(message: TargetMessage): void {
  process.send?.(message);
}

async function listenLocal(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.env.BENCH_TARGET ?? '{"mode":"raw"}') as TargetSpec;
  let stop: () => Promise<void>;
  if (spec.mode === 'raw') {
    const body = JSON.stringify({ data: { hello: 'world' } });
    const server = createServer((req, res) => {
      // Drain the request body like a real server would.
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      });
    });
    send({ type: 'ready', url: await listenLocal(server), users: [], seedMs: 0 });
    stop = () => new Promise((resolve) => server.close(() => resolve()));
    server.keepAliveTimeout = 60_000;
  } else if (spec.mode === 'yoga') {
    const { createSchema, createYoga } = await import('graphql-yoga');
    const yoga = createYoga({
      schema: createSchema({ typeDefs: 'type Query { hello: String! }', resolvers: { Query: { hello: () => 'world' } } }),
      graphqlEndpoint: '/graphql',
      landingPage: false,
      graphiql: false,
      logging: false,
    });
    const server = createServer(yoga);
    server.keepAliveTimeout = 60_000;
    send({ type: 'ready', url: await listenLocal(server), users: [], seedMs: 0 });
    stop = () => new Promise((resolve) => server.close(() => resolve()));
  } else {
    const { loadConfig } = await import('../server/src/config.js');
    const { createLogger } = await import('../server/src/logger.js');
    const { openDatabase } = await import('../server/src/db/database.js');
    const { migrate } = await import('../server/src/db/migrate.js');
    const { startServer } = await import('../server/src/runtime.js');
    const { createDigester } = await import('../server/src/tokens/digest.js');
    const { seedBenchData } = await import('./seed.js');
    const dataDir = spec.db === 'pglite' ? mkdtempSync(path.join(os.tmpdir(), 'api-tokens-bench-')) : undefined;
    const config = loadConfig({
      // The harness passes its settings (e.g. lifted rate limits) through the environment.
      ...process.env,
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'fatal',
      PUBLIC_URL: 'http://127.0.0.1',
      ...(spec.db === 'postgres' ? { DATABASE_URL: spec.databaseUrl } : { DATABASE_URL: undefined, DATA_DIR: dataDir }),
    });
    const db = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      // Every statement Prisma sends (raw SQL and transaction control included) is one
      // round-trip, and so is every statement sent on the driver through db.sql (below).
      log: [{ emit: 'event', level: 'query' }],
    });
    (db.prisma as unknown as { $on(event: 'query', cb: () => void): void }).$on('query', () => {
      queries += 1;
    });
    // Statements the server sends straight to the driver (db.sql, e.g. the
    // authentication lookup) never reach Prisma's log: count them here too.
    const { query, exec } = db.sql;
    db.sql.query = ((...args: Parameters<typeof query>) => {
      queries += 1;
      return query(...args);
    }) as typeof query;
    db.sql.exec = (script) => {
      queries += 1;
      return exec(script);
    };
    await migrate(db.sql);
    const seedStart = performance.now();
    const users = await seedBenchData(db.sql, createDigester(config.tokenPepper), config.tokenPrefix, spec.users);
    const seedMs = performance.now() - seedStart;
    const started = await startServer({ config, logger: createLogger(config.logLevel), db });
    started.http.server.keepAliveTimeout = 60_000;
    started.http.server.on('request', () => {
      served += 1;
    });
    send({ type: 'ready', url: started.http.url, users, seedMs });
    stop = async () => {
      await started.stop();
      await db.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    };
  }
  process.on('message', (message: { cmd: string }) => {
    if (message.cmd === 'stats') {
      send({ type: 'stats', queries, served, rssPeak, rss: process.memoryUsage.rss(), memory: process.memoryUsage() });
    } else if (message.cmd === 'resetPeak') {
      rssPeak = process.memoryUsage.rss();
      send({ type: 'stats', queries, served, rssPeak, rss: rssPeak });
    } else if (message.cmd === 'stop') {
      void stop().finally(() => process.exit(0));
    }
  });
  process.on('disconnect', () => void stop().finally(() => process.exit(0)));
}

main().catch((error: unknown) => {
  send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
