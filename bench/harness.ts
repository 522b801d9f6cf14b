// Runs the whole benchmark: baselines (raw node:http, bare Yoga) before and
// after, then the workloads against the real server on each database, and
// optionally the scale runs (W1 at 1k / 100k / 1M tokens).
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { loadConfig } from '../server/src/config.js';
import { seedAppDatabase, startAppServer, type AppDatabase } from './app-server.js';
import type { SeededUser, SeedUserSpec } from './seed.js';
import { buildServer } from './server-build.js';
import type { BaselineMode, TargetMessage } from './target.js';
import { peakRss, resetPeakRss, stopChild, type Target } from './target-process.js';
import { ALL_WORKLOADS, buildWorkload, type Workload, type WorkloadId } from './workloads.js';

export type DbKind = 'pglite' | 'postgres';

export interface BenchOptions {
  /** Seconds of measured load per workload. */
  duration: number;
  /** Seconds of unmeasured load before each measurement. */
  warmup: number;
  connections: number;
  dbs: DbKind[];
  workloads: WorkloadId[];
  /** Tokens of the W1/W7 user. */
  tokens: number;
  /** Run W1 at 1k / 100k / 1M tokens. */
  scale: boolean;
  scaleCounts: number[];
  /** Write V8 CPU profiles of the app server into this directory. */
  cpuProf?: string;
  /**
   * Paired rounds: bare Yoga and W1 measured back to back this many times per
   * database (both servers up throughout), so each ratio comes from two adjacent
   * windows; 0 = off.
   */
  rounds: number;
  /** Extra Node options for the app server only (e.g. heap limits); baselines keep Node's defaults. */
  appNodeArgs?: string[];
  postgresUrl: string;
  /** Pin server and load generator to different CPUs when possible (default true). */
  pin?: boolean;
  /**
   * A migrated PGlite data directory to copy for each PGlite database instead of
   * initialising a new one (initdb and migrations cost ~3 s of CPU): the test
   * suite passes its template.
   */
  pgliteTemplate?: string;
  log: (line: string) => void;
}

export interface Measurement {
  name: string;
  db?: DbKind;
  title: string;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  /** Transport errors + timeouts + responses that failed validation. */
  errors: number;
  /** Statements sent to the database per request (app server only). */
  roundTrips?: number;
  rssPeakMB: number;
  /** requests/s relative to bare Yoga (mean of the runs before and after). */
  ratioToYoga?: number;
  unit?: string;
  operationsPerSec?: number;
  tokens?: number;
  /** First response that failed validation (status and start of the body). */
  sampleFailure?: string;
}

export interface BenchReport {
  startedAt: string;
  machine: { node: string; cpus: number; cpuModel: string; platform: string; pinning: string };
  /** How the app server was run. */
  server: { command: string; heapGrowingPercent: number };
  options: Omit<BenchOptions, 'log' | 'postgresUrl'> & { postgres: string };
  baselines: { before: Measurement[]; after: Measurement[]; yogaRps: number; rawRps: number };
  workloads: Measurement[];
  scale: Measurement[];
  /** --rounds: W1 and bare Yoga back to back, per round and database. */
  paired: PairedRound[];
  notes: string[];
}

export interface PairedRound {
  db: DbKind;
  round: number;
  yogaRps: number;
  w1Rps: number;
  ratio: number;
  w1P50: number;
  w1P99: number;
  w1Errors: number;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));

export const DEFAULT_OPTIONS: Omit<BenchOptions, 'log'> = {
  duration: 10,
  warmup: 10,
  connections: 32,
  dbs: ['pglite', 'postgres'],
  workloads: ALL_WORKLOADS,
  tokens: 10_000,
  scale: false,
  rounds: 0,
  scaleCounts: [1_000, 100_000, 1_000_000],
  postgresUrl:
    process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test',
};

// ── CPU pinning ────────────────────────────────────────────────────────────
interface Pinning {
  server: string[];
  description: string;
}

function setupPinning(enabled: boolean): Pinning {
  if (!enabled) return { server: [], description: 'not pinned (disabled)' };
  const cpus = os.availableParallelism?.() ?? os.cpus().length;
  const hasTaskset = ['/usr/bin/taskset', '/bin/taskset'].some((p) => existsSync(p));
  if (cpus < 2 || !hasTaskset) {
    return { server: [], description: `not pinned (${cpus} CPU(s), taskset ${hasTaskset ? 'present' : 'missing'})` };
  }
  const loadCpu = cpus - 1;
  try {
    execFileSync('taskset', ['-a', '-p', '-c', String(loadCpu), String(process.pid)], { stdio: 'ignore' });
  } catch {
    return { server: [], description: 'not pinned (taskset failed)' };
  }
  return {
    server: ['taskset', '-c', '0'],
    description: `server on CPU 0, load generator on CPU ${loadCpu} (taskset); PostgreSQL itself is not pinned`,
  };
}

// The benchmark measures throughput, so the abuse limits are lifted (their
// bookkeeping still runs on every request): one client sends every request.
export const TARGET_ENV: Record<string, string> = {
  RATE_LIMIT_AUTH_FAILURES: '1000000',
  RATE_LIMIT_AUTH_FAILURES_WINDOW_SECONDS: '1',
  RATE_LIMIT_TOKEN_REQUESTS: '0',
};

// ── Baseline processes ─────────────────────────────────────────────────────
function startBaseline(mode: BaselineMode, pinning: Pinning): Promise<Target> {
  const [command, ...prefix] = [...pinning.server, process.execPath];
  const child = spawn(command!, [...prefix, '--import', 'tsx', path.join(HERE, 'target.ts')], {
    cwd: HERE,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, BENCH_BASELINE: mode, NODE_ENV: 'production' },
  });
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null): void =>
      reject(new Error(`baseline ${mode} exited with ${code} before it was ready`));
    child.once('exit', onExit);
    child.once('message', (message: TargetMessage) => {
      child.off('exit', onExit);
      if (message.type === 'error') return reject(new Error(message.message));
      const pid = child.pid!;
      resolve({
        url: message.url,
        stats: async () => ({ queries: 0, served: 0, rssPeak: peakRss(pid) }),
        resetPeak: () => resetPeakRss(pid),
        stop: () => stopChild(child, () => child.send({ cmd: 'stop' })),
      });
    });
  });
}

// ── Load ──────────────────────────────────────────────────────────────────
interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  transportErrors: number;
  seconds: number;
}

async function drive(
  url: string,
  requests: Workload['requests'],
  seconds: number,
  connections: number,
): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: requests as never,
    timeout: 10,
  });
  const total = result.requests.total;
  return {
    requests: total,
    rps: total / (result.duration || seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    transportErrors: result.errors + result.timeouts,
    seconds: result.duration || seconds,
  };
}

const plain = (query: string): Workload['requests'] => [
  {
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  },
];

async function measureBaseline(mode: 'raw' | 'yoga', options: BenchOptions, pinning: Pinning): Promise<Measurement> {
  const target = await startBaseline(mode, pinning);
  try {
    const requests = plain('{ hello }');
    if (options.warmup > 0) await drive(target.url, requests, options.warmup, options.connections);
    target.resetPeak();
    const load = await drive(target.url, requests, options.duration, options.connections);
    const { rssPeak } = await target.stats();
    return {
      name: mode === 'raw' ? 'raw node:http' : 'bare Yoga',
      title: mode === 'raw' ? 'fixed JSON body' : '{ hello }',
      requests: load.requests,
      rps: load.rps,
      p50: load.p50,
      p99: load.p99,
      max: load.max,
      errors: load.transportErrors,
      rssPeakMB: rssPeak / 2 ** 20,
    };
  } finally {
    await target.stop();
  }
}

async function measureWorkload(
  target: Target,
  workload: Workload,
  options: BenchOptions,
  db: DbKind,
  fresh: () => Workload,
): Promise<Measurement> {
  if (options.warmup > 0) await drive(target.url, fresh().requests, options.warmup, options.connections);
  await new Promise((resolve) => setTimeout(resolve, 250));
  target.resetPeak();
  const before = await target.stats();
  const load = await drive(target.url, workload.requests, options.duration, options.connections);
  // Let requests still in flight when the load stopped finish (their queries count).
  await new Promise((resolve) => setTimeout(resolve, 250));
  const after = await target.stats();
  const served = after.served - before.served;
  const operations = workload.operations?.();
  return {
    name: workload.id,
    db,
    title: workload.title,
    requests: load.requests,
    rps: load.rps,
    p50: load.p50,
    p99: load.p99,
    max: load.max,
    errors: load.transportErrors + workload.failures(),
    roundTrips: served > 0 ? (after.queries - before.queries) / served : 0,
    rssPeakMB: after.rssPeak / 2 ** 20,
    ...(workload.sampleFailure() ? { sampleFailure: workload.sampleFailure() } : {}),
    ...(workload.unit ? { unit: workload.unit, operationsPerSec: (operations ?? 0) / load.seconds } : {}),
  };
}

async function createBenchDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    // Only ever the benchmark's own database.
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropBenchDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

async function postgresReachable(adminUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/** Seeds a fresh database (PostgreSQL or a PGlite directory), runs the real server on it, cleans up. */
async function withAppTarget<T>(
  db: DbKind,
  users: SeedUserSpec[],
  options: BenchOptions,
  pinning: Pinning,
  fn: (target: Target, seeded: { users: SeededUser[]; seedMs: number }) => Promise<T>,
): Promise<T> {
  const dbName = `api_tokens_bench_${process.pid}`;
  const database: AppDatabase =
    db === 'postgres'
      ? { databaseUrl: await createBenchDatabase(options.postgresUrl, dbName) }
      : { dataDir: mkdtempSync(path.join(os.tmpdir(), 'api-tokens-bench-')) };
  if (database.dataDir && options.pgliteTemplate) cpSync(options.pgliteTemplate, database.dataDir, { recursive: true });
  try {
    const seeded = await seedAppDatabase(database, users);
    const target = await startAppServer(database, {
      pin: pinning.server,
      nodeArgs: options.appNodeArgs ?? [],
      env: TARGET_ENV,
      cpuProf: options.cpuProf,
    });
    try {
      return await fn(target, seeded);
    } finally {
      await target.stop();
    }
  } finally {
    if (database.databaseUrl) await dropBenchDatabase(options.postgresUrl, dbName);
    if (database.dataDir) rmSync(database.dataDir, { recursive: true, force: true });
  }
}

const fmt = (n: number): string => n.toLocaleString('en-US');

export async function runBenchmark(partial: Partial<BenchOptions> = {}): Promise<BenchReport> {
  const options: BenchOptions = { ...DEFAULT_OPTIONS, log: () => {}, ...partial };
  const { log } = options;
  const cpus = os.availableParallelism?.() ?? os.cpus().length;
  const pinning = setupPinning(options.pin ?? true);
  const notes: string[] = [];
  const startedAt = new Date().toISOString();
  log(`pinning: ${pinning.description}`);
  log(
    'building the server (npm run build in server/) unless server/dist is current: the benchmark runs it as production does',
  );
  log(`server build: ${buildServer()}`);

  const dbs: DbKind[] = [];
  for (const db of options.dbs) {
    if (db === 'postgres' && !(await postgresReachable(options.postgresUrl))) {
      notes.push(`PostgreSQL at ${new URL(options.postgresUrl).host} unreachable: skipped`);
      log(notes.at(-1)!);
      continue;
    }
    dbs.push(db);
  }

  const before: Measurement[] = [];
  for (const mode of ['raw', 'yoga'] as const) {
    before.push(await measureBaseline(mode, options, pinning));
    log(`baseline ${before.at(-1)!.name}: ${fmt(Math.round(before.at(-1)!.rps))} req/s`);
  }

  const workloads: Measurement[] = [];
  const order: WorkloadId[] = ['W1', 'W2', 'W3', 'W4', 'W7', 'W5', 'W6'].filter((w) =>
    options.workloads.includes(w as WorkloadId),
  ) as WorkloadId[];
  // W1 once more at the end, on a server that has now also run Prisma (W2, W5, W6):
  // its query compiler's memory stays, so this row is W1's RSS in mixed traffic.
  const again = order[0] === 'W1' && order.some((id) => id === 'W2' || id === 'W5' || id === 'W6');
  for (const db of dbs) {
    await withAppTarget(
      db,
      [
        { key: 'reader', tokens: options.tokens },
        { key: 'writer', tokens: 1 },
      ],
      options,
      pinning,
      async (target, seeded) => {
        log(`${db}: seeded ${fmt(options.tokens)} tokens in ${Math.round(seeded.seedMs)} ms`);
        const tokens = {
          reader: seeded.users.find((u) => u.key === 'reader')!.token,
          writer: seeded.users.find((u) => u.key === 'writer')!.token,
          prefix: seeded.users[0]!.token.split('_')[0]!,
          readerTokens: options.tokens,
        };
        for (const [index, id] of [...order, ...(again ? (['W1'] as const) : [])].entries()) {
          const m = await measureWorkload(target, buildWorkload(id, tokens), options, db, () =>
            buildWorkload(id, tokens),
          );
          if (index >= order.length) {
            m.name = 'W1 again';
            m.title = 'W1 after the other workloads (Prisma now loaded)';
          }
          workloads.push(m);
          log(
            `${db} ${m.name}: ${fmt(Math.round(m.rps))} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms, errors ${m.errors}, ${m.roundTrips?.toFixed(2)} queries/req, RSS ${m.rssPeakMB.toFixed(0)} MB`,
          );
          if (m.sampleFailure) log(`  first failure: ${m.sampleFailure}`);
        }
      },
    );
  }

  const scale: Measurement[] = [];
  if (options.scale) {
    for (const db of dbs) {
      const users = options.scaleCounts.map((n) => ({ key: `scale${n}`, tokens: n }));
      await withAppTarget(db, users, options, pinning, async (target, seeded) => {
        log(`${db}: seeded ${options.scaleCounts.map(fmt).join(' + ')} tokens in ${Math.round(seeded.seedMs)} ms`);
        const prefix = seeded.users[0]!.token.split('_')[0]!;
        for (const user of seeded.users) {
          const build = (): Workload => buildWorkload('W1', { reader: user.token, writer: user.token, prefix });
          const m = await measureWorkload(target, build(), options, db, build);
          m.tokens = user.tokens;
          m.title = `W1 at ${fmt(user.tokens)} tokens`;
          scale.push(m);
          log(
            `${db} W1 @ ${fmt(user.tokens)}: ${fmt(Math.round(m.rps))} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms, errors ${m.errors}`,
          );
        }
      });
    }
  }

  const paired: PairedRound[] = [];
  if (options.rounds > 0) {
    const yoga = await startBaseline('yoga', pinning);
    try {
      for (const db of dbs) {
        const users = [{ key: 'reader', tokens: options.tokens }];
        await withAppTarget(db, users, options, pinning, async (target, seeded) => {
          const reader = seeded.users[0]!.token;
          const build = (): Workload => buildWorkload('W1', { reader, writer: reader, prefix: reader.split('_')[0]! });
          const hello = plain('{ hello }');
          if (options.warmup > 0) {
            await drive(yoga.url, hello, options.warmup, options.connections);
            await drive(target.url, build().requests, options.warmup, options.connections);
          }
          for (let round = 1; round <= options.rounds; round++) {
            const y = await drive(yoga.url, hello, options.duration, options.connections);
            const workload = build();
            const w = await drive(target.url, workload.requests, options.duration, options.connections);
            paired.push({
              db,
              round,
              yogaRps: y.rps,
              w1Rps: w.rps,
              ratio: w.rps / y.rps,
              w1P50: w.p50,
              w1P99: w.p99,
              w1Errors: w.transportErrors + workload.failures(),
            });
            log(
              `${db} round ${round}: bare Yoga ${fmt(Math.round(y.rps))} req/s, W1 ${fmt(Math.round(w.rps))} req/s (${(w.rps / y.rps).toFixed(2)}×), W1 p50 ${w.p50} / p99 ${w.p99} ms`,
            );
          }
        });
      }
    } finally {
      await yoga.stop();
    }
  }

  const after: Measurement[] = [];
  for (const mode of ['raw', 'yoga'] as const) {
    after.push(await measureBaseline(mode, options, pinning));
    log(`baseline ${after.at(-1)!.name} (after): ${fmt(Math.round(after.at(-1)!.rps))} req/s`);
  }
  const mean = (name: string): number => {
    const runs = [...before, ...after].filter((m) => m.name === name);
    return runs.reduce((sum, m) => sum + m.rps, 0) / runs.length;
  };
  const yogaRps = mean('bare Yoga');
  for (const m of [...before, ...after, ...workloads, ...scale]) m.ratioToYoga = m.rps / yogaRps;

  const { log: _log, postgresUrl, ...rest } = options;
  return {
    startedAt,
    machine: {
      node: process.version,
      cpus,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      platform: `${os.platform()} ${os.release()}`,
      pinning: pinning.description,
    },
    server: {
      command: ['node', ...(options.appNodeArgs ?? []), 'server/dist/cli.js', 'serve'].join(' '),
      heapGrowingPercent: loadConfig({ HEAP_GROWING_PERCENT: process.env.HEAP_GROWING_PERCENT }).heapGrowingPercent,
    },
    options: { ...rest, postgres: new URL(postgresUrl).host },
    baselines: { before, after, yogaRps, rawRps: mean('raw node:http') },
    workloads,
    scale,
    paired,
    notes,
  };
}
