// The real server as production runs it (README, "Running in production"):
// compiled to JavaScript (built here first) and started with
// `node server/dist/cli.js serve`, pinned to its own CPU when possible. The data
// is seeded beforehand, by the harness, into the database the server then opens,
// so the measured process holds only what a production server holds. Its
// statement count and served requests come from its own /metrics.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../server/src/config.js';
import { openDatabase } from '../server/src/db/database.js';
import { migrate } from '../server/src/db/migrate.js';
import { createDigester } from '../server/src/tokens/digest.js';
import {
  analyzeTables,
  type ManyTokensSpec,
  seedBenchData,
  seedManyTokens,
  type SeededUser,
  type SeedUserSpec,
} from './seed.js';
import { peakRss, peakTracker, stopChild, type Target } from './target-process.js';

const SERVER_DIR = fileURLToPath(new URL('../server', import.meta.url));

export interface AppDatabase {
  /** PostgreSQL URL, or undefined for PGlite in `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
}

/** The environment the server and the seeding agree on (pepper, prefix). */
function serverEnv(database: AppDatabase, extra: Record<string, string>): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, NODE_ENV: 'production', ...extra };
  if (database.databaseUrl) {
    env.DATABASE_URL = database.databaseUrl;
  } else {
    delete env.DATABASE_URL;
    env.DATA_DIR = database.dataDir;
  }
  return env;
}

/** Migrates and seeds the benchmark data in this process, then closes the database. */
export async function seedAppDatabase(
  database: AppDatabase,
  users: SeedUserSpec[],
  many?: ManyTokensSpec,
): Promise<{ users: SeededUser[]; many: string[]; seedMs: number }> {
  const config = loadConfig(serverEnv(database, {}));
  if (database.dataDir) mkdirSync(database.dataDir, { recursive: true });
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(db.sql);
    const started = performance.now();
    const digester = createDigester(config.tokenPepper);
    const seeded = await seedBenchData(db.sql, digester, config.tokenPrefix, users);
    const manyTokens = many ? await seedManyTokens(db.sql, digester, config.tokenPrefix, many) : [];
    await analyzeTables(db.sql);
    return { users: seeded, many: manyTokens, seedMs: performance.now() - started };
  } finally {
    await db.close();
  }
}

// The port is chosen here rather than with PORT=0: the server names the port it got
// only in an info-level log line, and at info level it also logs every request.
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitUntilReady(url: string, exited: () => string | undefined): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const failure = exited();
    if (failure) throw new Error(failure);
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the server at ${url} was not ready within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Sums a Prometheus metric over all its label sets. */
function metricTotal(text: string, name: string): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name} `) || line.startsWith(`${name}{`))
      total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

/**
 * Node options of the production command (README, "Running in production"; `npm run serve`):
 * none. A 4 MB semi-space (`--max-semi-space-size=4`) took peak RSS from 195 to 173 MB but
 * more than doubled W1's GC time and tail (bench/README.md, "Issue 16"), so it is not used.
 */
export const PRODUCTION_NODE_ARGS: string[] = [];

export interface AppServerOptions {
  /** Command prefix that pins the process (e.g. taskset -c 0), or none. */
  pin: string[];
  nodeArgs: string[];
  /** Settings for the server (e.g. lifted rate limits). */
  env: Record<string, string>;
  /** Write a V8 CPU profile into this directory. */
  cpuProf?: string | undefined;
}

export async function startAppServer(database: AppDatabase, options: AppServerOptions): Promise<Target> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const metricsToken = randomBytes(24).toString('hex');
  const nodeArgs = [...PRODUCTION_NODE_ARGS, ...options.nodeArgs];
  if (options.cpuProf) {
    mkdirSync(options.cpuProf, { recursive: true });
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProf}`);
  }
  const [command, ...prefix] = [...options.pin, process.execPath];
  // BENCH_SERVER_DIST: another build of the server (a directory under server/, e.g. a copy of
  // dist/ from the commit before a change), for interleaved before/after runs (profile.ts).
  const dist = process.env.BENCH_SERVER_DIST ?? 'dist';
  const child = spawn(command!, [...prefix, ...nodeArgs, path.join(SERVER_DIR, dist, 'cli.js'), 'serve'], {
    cwd: SERVER_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: serverEnv(database, {
      ...options.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error',
      METRICS: 'true',
      METRICS_TOKEN: metricsToken,
    }),
  });
  // The last of what it printed (logs go to stdout), to explain an early exit.
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const pid = child.pid!;
  try {
    await waitUntilReady(url, () =>
      child.exitCode !== null ? `the server exited with ${child.exitCode} before it was ready:\n${output}` : undefined,
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url,
    async stats() {
      const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
      if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
      const text = await response.text();
      return {
        queries: metricTotal(text, 'database_statements_total'),
        served: metricTotal(text, 'graphql_requests_total'),
        rssPeak: peakRss(pid),
        // prom-client's process metrics: where a row's time went inside the server.
        cpuSeconds: metricTotal(text, 'process_cpu_seconds_total'),
        gcSeconds: metricTotal(text, 'nodejs_gc_duration_seconds_sum'),
        gcCount: metricTotal(text, 'nodejs_gc_duration_seconds_count'),
        heapUsed: metricTotal(text, 'nodejs_heap_size_used_bytes'),
        heapTotal: metricTotal(text, 'nodejs_heap_size_total_bytes'),
        external: metricTotal(text, 'nodejs_external_memory_bytes'),
      };
    },
    ...peakTracker(pid),
    stop: () => stopChild(child, () => child.kill('SIGTERM')),
  };
}
