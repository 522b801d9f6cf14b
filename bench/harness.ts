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
import { PRODUCTION_NODE_ARGS, seedAppDatabase, startAppServer, type AppDatabase } from './app-server.js';
import { usableCpus } from './cpus.js';
import { isLocalDatabase, postgresCpuSeconds, postgresCpuSnapshot, type PostgresCpuSnapshot } from './database-cpu.js';
import { type LatencySamples, recordLatencies, type WindowedTail, windowedTail } from './latency-windows.js';
import type { ManyTokensSpec, SeededUser, SeedUserSpec } from './seed.js';
import { buildServer } from './server-build.js';
import type { BaselineMode, TargetMessage } from './target.js';
import { peakRss, peakTracker, stopChild, type Target, type TargetStats } from './target-process.js';
import {
  ALL_WORKLOADS,
  buildWarmup,
  buildWorkload,
  type Workload,
  type WorkloadId,
  type WorkloadTokens,
} from './workloads.js';

export type DbKind = 'pglite' | 'postgres';

export interface BenchOptions {
  /** Seconds of measured load per row (and per paired-round window). */
  duration: number;
  /**
   * Seconds of the steady-state warm-up: every SDK operation, served before any
   * measured row (after the cold W1 note).
   */
  warmup: number;
  /** Seconds of unmeasured load of a row's own requests right before it. */
  rowWarmup: number;
  /** Seconds of bare Yoga measured right before each row, for its ratio (0 = use the before/after baselines). */
  yogaWindow: number;
  /** Measure raw node:http and bare Yoga again at the end (the machine's drift over the run). */
  baselinesAfter: boolean;
  connections: number;
  dbs: DbKind[];
  workloads: WorkloadId[];
  /** Tokens of the W1/W7 user. */
  tokens: number;
  /** W8's population: tokens in all, spread over this many users. */
  manyTokens: number;
  manyUsers: number;
  /** Run W1 at 1k / 100k / 1M tokens. */
  scale: boolean;
  scaleCounts: number[];
  /** Write V8 CPU profiles of the app server into this directory. */
  cpuProf?: string;
  /**
   * Paired rounds: bare Yoga and W1, bare Yoga and W2, back to back, this many
   * times per database on the server that has run every row, so each ratio comes
   * from two adjacent windows; 0 = off.
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

/** PostgreSQL's view of the tables (pg_stat_user_tables), summed over the benchmark database. */
export interface TableStats {
  apiTokensLive: number;
  apiTokensDead: number;
  usersDead: number;
  deadTuples: number;
  autovacuums: number;
  autoanalyzes: number;
}

export interface Measurement {
  name: string;
  db?: DbKind;
  title: string;
  /** cold: W1 before the steady-state warm-up (a note); again: W1 after another row. */
  phase?: 'cold' | 'row' | 'again';
  /** For `again`: the row it followed. */
  after?: string;
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
  /** requests/s relative to bare Yoga: the window right before (yogaWindow), else the mean of the runs before and after. */
  ratioToYoga?: number;
  /** Bare Yoga's req/s in the window right before this row. */
  adjacentYogaRps?: number;
  unit?: string;
  operationsPerSec?: number;
  tokens?: number;
  /** First response that failed validation (status and start of the body). */
  sampleFailure?: string;
  /** The server's own figures for the window (from /metrics): CPU and GC per request, heap after. */
  server?: {
    cpuUsPerRequest: number;
    cpuShare: number;
    gcUsPerRequest: number;
    gcPerSecond: number;
    heapUsedMB: number;
    heapTotalMB: number;
    externalMB: number;
  };
  /** PostgreSQL only: table statistics before and after the window. */
  tables?: { before: TableStats; after: TableStats };
  /** PostgreSQL on this machine only: its processes' CPU in the window (database-cpu.ts). */
  database?: { cpuUsPerRequest: number; cpuShare: number };
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  machine: { node: string; cpus: number; cpuModel: string; platform: string; pinning: string; loadAverage: number[] };
  /** How the app server was run. */
  server: { command: string; heapGrowingPercent: number };
  /** PostgreSQL settings that bear on the figures (autovacuum). */
  postgresSettings?: Record<string, string>;
  options: Omit<BenchOptions, 'log' | 'postgresUrl'> & { postgres: string };
  baselines: { before: Measurement[]; after: Measurement[]; yogaRps: number; rawRps: number };
  /** In order: cold W1, W1, then each other row followed by W1 again. */
  workloads: Measurement[];
  scale: Measurement[];
  /** --rounds: W1 and W2, each right after bare Yoga, per round and database. */
  paired: PairedRound[];
  /** The steady-state warm-up: what it served per operation and database. */
  warmups: {
    db: DbKind;
    seconds: number;
    served: Record<string, { ok: number; failed: number }>;
    sampleFailure?: string;
  }[];
  /** Peak RSS over each app server's whole life (every window and warm-up), MB. */
  runPeakRssMB: Partial<Record<DbKind, number>>;
  notes: string[];
}

export interface PairedRound {
  db: DbKind;
  workload: 'W1' | 'W2';
  /** first: W1 right after the steady-state warm-up, before any other row; last: after every other row. */
  phase: 'first' | 'last';
  round: number;
  yogaRps: number;
  rps: number;
  ratio: number;
  p50: number;
  p99: number;
  errors: number;
  /** The workload's and bare Yoga's tail within 250 ms windows (absent in reports before it was measured). */
  windowTail?: WindowedTail;
  yogaWindowTail?: WindowedTail;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));

// Defaults sized for ~13 minutes on both databases (README, "How it works").
export const DEFAULT_OPTIONS: Omit<BenchOptions, 'log'> = {
  duration: 6,
  warmup: 15,
  rowWarmup: 2,
  yogaWindow: 3,
  baselinesAfter: true,
  connections: 32,
  dbs: ['pglite', 'postgres'],
  workloads: ALL_WORKLOADS,
  tokens: 10_000,
  manyTokens: 10_000,
  manyUsers: 1_000,
  scale: false,
  rounds: 5,
  scaleCounts: [1_000, 100_000, 1_000_000],
  postgresUrl:
    process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test',
};

// ── CPU pinning ────────────────────────────────────────────────────────────
interface Pinning {
  server: string[];
  description: string;
}

function setupPinning(enabled: boolean, cpus: number[]): Pinning {
  if (!enabled) return { server: [], description: 'not pinned (disabled)' };
  const hasTaskset = ['/usr/bin/taskset', '/bin/taskset'].some((p) => existsSync(p));
  if (cpus.length < 2 || !hasTaskset) {
    return {
      server: [],
      description: `not pinned (${cpus.length} CPU(s), taskset ${hasTaskset ? 'present' : 'missing'})`,
    };
  }
  const serverCpu = cpus[0]!;
  const loadCpu = cpus.at(-1)!;
  try {
    execFileSync('taskset', ['-a', '-p', '-c', String(loadCpu), String(process.pid)], { stdio: 'ignore' });
  } catch {
    return { server: [], description: 'not pinned (taskset failed)' };
  }
  return {
    server: ['taskset', '-c', String(serverCpu)],
    description: `server on CPU ${serverCpu}, load generator on CPU ${loadCpu} (taskset); PostgreSQL itself is not pinned`,
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
        ...peakTracker(pid),
        stop: () => stopChild(child, () => child.send({ cmd: 'stop' })),
      });
    });
  });
}

// ── Load ──────────────────────────────────────────────────────────────────
export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  transportErrors: number;
  seconds: number;
  /** The tail within 250 ms windows (latency-windows.ts); absent for short runs. */
  windowTail?: WindowedTail;
}

export async function drive(
  url: string,
  requests: Workload['requests'],
  seconds: number,
  connections: number,
  amount?: number,
): Promise<LoadResult> {
  let samples: LatencySamples | undefined;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const options: autocannon.Options = {
      url,
      connections,
      // A sub-second window (the test suite's smoke run) is a few requests per connection
      // instead: a timed one lasts a whole second (autocannon checks its stop flag once per
      // sample) and, on a loaded machine, can end before any request has been answered.
      ...(amount ? { amount } : seconds < 1 ? { amount: connections * 4, sampleInt: 50 } : { duration: seconds }),
      requests: requests as never,
      timeout: 10,
    };
    const instance = autocannon(options, (error: unknown, done: autocannon.Result) =>
      error ? reject(error) : resolve(done),
    );
    samples = recordLatencies(instance);
  });
  const total = result.requests.total;
  const windowTail = samples && windowedTail(samples);
  return {
    requests: total,
    rps: total / (result.duration || seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    transportErrors: result.errors + result.timeouts,
    seconds: result.duration || seconds,
    ...(windowTail ? { windowTail } : {}),
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
    return await measureBaselineOn(target, mode, options);
  } finally {
    await target.stop();
  }
}

/** A baseline measured on a process just started: its warm-up, then the measured window. */
async function measureBaselineOn(target: Target, mode: 'raw' | 'yoga', options: BenchOptions): Promise<Measurement> {
  const requests = plain('{ hello }');
  const warm = baselineWarmup(options);
  if (warm > 0) await drive(target.url, requests, warm, options.connections);
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
}

// Baselines need a few seconds for V8 to tier up; the full warm-up is for the app server.
const baselineWarmup = (options: BenchOptions): number => Math.min(options.warmup, Math.max(options.rowWarmup, 3));

const MB = 2 ** 20;

/** What the server's own /metrics say about one window (CPU, GC, heap). */
function serverFigures(
  before: TargetStats,
  after: TargetStats,
  served: number,
  seconds: number,
): Measurement['server'] {
  if (after.cpuSeconds === undefined || before.cpuSeconds === undefined) return undefined;
  const cpu = after.cpuSeconds - before.cpuSeconds;
  const gc = (after.gcSeconds ?? 0) - (before.gcSeconds ?? 0);
  const per = Math.max(served, 1);
  return {
    cpuUsPerRequest: (cpu / per) * 1e6,
    cpuShare: cpu / seconds,
    gcUsPerRequest: (gc / per) * 1e6,
    gcPerSecond: (after.gcCount! - before.gcCount!) / seconds,
    heapUsedMB: (after.heapUsed ?? 0) / MB,
    heapTotalMB: (after.heapTotal ?? 0) / MB,
    externalMB: (after.external ?? 0) / MB,
  };
}

interface RowContext {
  /** Bare Yoga, up throughout, for the window right before each row. */
  yoga?: Target;
  /** PostgreSQL's table statistics for the benchmark database. */
  tables?: () => Promise<TableStats>;
  /** PostgreSQL's processes' CPU, when it runs on this machine. */
  databaseCpu?: () => PostgresCpuSnapshot | undefined;
}

async function measureWorkload(
  target: Target,
  build: () => Workload,
  options: BenchOptions,
  db: DbKind,
  context: RowContext,
): Promise<Measurement> {
  if (options.rowWarmup > 0) await drive(target.url, build().requests, options.rowWarmup, options.connections);
  let adjacentYogaRps: number | undefined;
  if (context.yoga && options.yogaWindow > 0) {
    adjacentYogaRps = (await drive(context.yoga.url, plain('{ hello }'), options.yogaWindow, options.connections)).rps;
  } else {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const tablesBefore = await context.tables?.();
  target.resetPeak();
  const before = await target.stats();
  const databaseBefore = context.databaseCpu?.();
  const workload = build();
  const load = await drive(target.url, workload.requests, options.duration, options.connections);
  // Let requests still in flight when the load stopped finish (their queries count).
  await new Promise((resolve) => setTimeout(resolve, 250));
  const after = await target.stats();
  const databaseAfter = context.databaseCpu?.();
  const tablesAfter = await context.tables?.();
  const served = after.served - before.served;
  const operations = workload.operations?.();
  const server = serverFigures(before, after, served, load.seconds);
  const databaseSeconds =
    databaseBefore && databaseAfter ? postgresCpuSeconds(databaseBefore, databaseAfter) : undefined;
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
    rssPeakMB: after.rssPeak / MB,
    ...(adjacentYogaRps ? { adjacentYogaRps, ratioToYoga: load.rps / adjacentYogaRps } : {}),
    ...(workload.sampleFailure() ? { sampleFailure: workload.sampleFailure() } : {}),
    ...(workload.unit ? { unit: workload.unit, operationsPerSec: (operations ?? 0) / load.seconds } : {}),
    ...(server ? { server } : {}),
    ...(tablesBefore && tablesAfter ? { tables: { before: tablesBefore, after: tablesAfter } } : {}),
    ...(databaseSeconds !== undefined
      ? {
          database: {
            cpuUsPerRequest: (databaseSeconds / Math.max(served, 1)) * 1e6,
            cpuShare: databaseSeconds / load.seconds,
          },
        }
      : {}),
  };
}

/** pg_stat_user_tables of the benchmark database: dead tuples and autovacuum runs. */
async function openTableStats(
  databaseUrl: string,
): Promise<{ read: () => Promise<TableStats>; close: () => Promise<void> }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  return {
    async read() {
      // The statistics reach the view at the end of each backend's transaction (PostgreSQL 15: within a second).
      const { rows } = await client.query<Record<string, string>>(
        `SELECT coalesce(sum(n_live_tup) FILTER (WHERE relname = 'api_tokens'), 0) AS api_tokens_live,
                coalesce(sum(n_dead_tup) FILTER (WHERE relname = 'api_tokens'), 0) AS api_tokens_dead,
                coalesce(sum(n_dead_tup) FILTER (WHERE relname = 'users'), 0) AS users_dead,
                coalesce(sum(n_dead_tup), 0) AS dead, coalesce(sum(autovacuum_count), 0) AS autovacuums,
                coalesce(sum(autoanalyze_count), 0) AS autoanalyzes
           FROM pg_stat_user_tables`,
      );
      const r = rows[0]!;
      return {
        apiTokensLive: Number(r.api_tokens_live),
        apiTokensDead: Number(r.api_tokens_dead),
        usersDead: Number(r.users_dead),
        deadTuples: Number(r.dead),
        autovacuums: Number(r.autovacuums),
        autoanalyzes: Number(r.autoanalyzes),
      };
    },
    close: () => client.end(),
  };
}

async function postgresSettings(adminUrl: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_settings WHERE name IN ('server_version', 'autovacuum', 'autovacuum_naptime',
         'autovacuum_vacuum_scale_factor', 'shared_buffers', 'max_connections', 'synchronous_commit')`,
    );
    return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
  } finally {
    await client.end();
  }
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

interface AppTarget {
  target: Target;
  users: SeededUser[];
  /** W8's tokens (empty when W8 is not run). */
  many: string[];
  seedMs: number;
  /** PostgreSQL only. */
  tables?: () => Promise<TableStats>;
  /** PostgreSQL on this machine only. */
  databaseCpu?: () => PostgresCpuSnapshot | undefined;
}

/** Seeds a fresh database (PostgreSQL or a PGlite directory), runs the real server on it, cleans up. */
async function withAppTarget<T>(
  db: DbKind,
  users: SeedUserSpec[],
  many: ManyTokensSpec | undefined,
  options: BenchOptions,
  pinning: Pinning,
  fn: (app: AppTarget) => Promise<T>,
): Promise<T> {
  const dbName = `api_tokens_bench_${process.pid}`;
  const database: AppDatabase =
    db === 'postgres'
      ? { databaseUrl: await createBenchDatabase(options.postgresUrl, dbName) }
      : { dataDir: mkdtempSync(path.join(os.tmpdir(), 'api-tokens-bench-')) };
  if (database.dataDir && options.pgliteTemplate) cpSync(options.pgliteTemplate, database.dataDir, { recursive: true });
  try {
    const seeded = await seedAppDatabase(database, users, many);
    const tableStats = database.databaseUrl ? await openTableStats(database.databaseUrl) : undefined;
    try {
      const target = await startAppServer(database, {
        pin: pinning.server,
        nodeArgs: options.appNodeArgs ?? [],
        env: TARGET_ENV,
        cpuProf: options.cpuProf,
      });
      try {
        const local = database.databaseUrl !== undefined && isLocalDatabase(database.databaseUrl);
        return await fn({
          target,
          ...seeded,
          ...(tableStats ? { tables: tableStats.read } : {}),
          ...(local ? { databaseCpu: postgresCpuSnapshot } : {}),
        });
      } finally {
        await target.stop();
      }
    } finally {
      await tableStats?.close();
    }
  } finally {
    if (database.databaseUrl) await dropBenchDatabase(options.postgresUrl, dbName);
    if (database.dataDir) rmSync(database.dataDir, { recursive: true, force: true });
  }
}

const fmt = (n: number): string => n.toLocaleString('en-US');

function describe(m: Measurement): string {
  const ratio = m.ratioToYoga !== undefined ? ` (${m.ratioToYoga.toFixed(2)}× Yoga)` : '';
  const server = m.server
    ? `, ${Math.round(m.server.cpuUsPerRequest)} µs CPU/req, GC ${Math.round(m.server.gcUsPerRequest)} µs/req, heap ${m.server.heapUsedMB.toFixed(0)} MB`
    : '';
  const dead = m.tables ? `, dead tuples ${m.tables.before.deadTuples} → ${m.tables.after.deadTuples}` : '';
  const database = m.database ? `, PostgreSQL ${Math.round(m.database.cpuUsPerRequest)} µs CPU/req` : '';
  return `${fmt(Math.round(m.rps))} req/s${ratio}, p50 ${m.p50} ms, p99 ${m.p99} ms, errors ${m.errors}, ${m.roundTrips?.toFixed(2)} statements/req, RSS ${m.rssPeakMB.toFixed(0)} MB${server}${database}${dead}`;
}

export async function runBenchmark(partial: Partial<BenchOptions> = {}): Promise<BenchReport> {
  const options: BenchOptions = { ...DEFAULT_OPTIONS, log: () => {}, ...partial };
  const { log } = options;
  const usable = usableCpus();
  const cpus = usable.length;
  const pinning = setupPinning(options.pin ?? true, usable);
  const notes: string[] = [];
  if (pinning.server.length === 0 && (options.pin ?? true))
    notes.push(
      `The server and the load generator shared the CPUs (${pinning.description}): its ratios are not comparable with a pinned run's.`,
    );
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
  const pgSettings = dbs.includes('postgres') ? await postgresSettings(options.postgresUrl) : undefined;

  const before: Measurement[] = [];
  const logBaseline = (m: Measurement): void => log(`baseline ${m.name}: ${fmt(Math.round(m.rps))} req/s`);
  before.push(await measureBaseline('raw', options, pinning));
  logBaseline(before.at(-1)!);

  const workloads: Measurement[] = [];
  const paired: PairedRound[] = [];
  const warmups: BenchReport['warmups'] = [];
  const runPeakRssMB: BenchReport['runPeakRssMB'] = {};
  const others: WorkloadId[] = (['W2', 'W3', 'W4', 'W7', 'W5', 'W6', 'W8'] as const).filter((w) =>
    options.workloads.includes(w),
  );
  const withW1 = options.workloads.includes('W1');
  const withMany = options.workloads.includes('W8');
  // Bare Yoga stays up beside the app server: every row and paired round is
  // measured right after a window of it, so each ratio comes from adjacent windows.
  // It is the process just measured as the bare-Yoga baseline, warm already (one
  // process start fewer than a second one, and no second warm-up).
  const yoga = await startBaseline('yoga', pinning);
  try {
    before.push(await measureBaselineOn(yoga, 'yoga', options));
    logBaseline(before.at(-1)!);
    for (const db of dbs) {
      const users = [
        { key: 'reader', tokens: options.tokens },
        { key: 'writer', tokens: 1 },
      ];
      const many = withMany ? { users: options.manyUsers, tokens: options.manyTokens } : undefined;
      await withAppTarget(db, users, many, options, pinning, async (app) => {
        const { target } = app;
        log(
          `${db}: seeded ${fmt(options.tokens)} tokens${many ? ` + ${fmt(many.tokens)} of ${fmt(many.users)} users` : ''} in ${Math.round(app.seedMs)} ms`,
        );
        const tokens: WorkloadTokens = {
          reader: app.users.find((u) => u.key === 'reader')!.token,
          writer: app.users.find((u) => u.key === 'writer')!.token,
          prefix: app.users[0]!.token.split('_')[0]!,
          readerTokens: options.tokens,
          many: { tokens: app.many, next: 0 },
        };
        const context: RowContext = {
          yoga,
          ...(app.tables ? { tables: app.tables } : {}),
          ...(app.databaseCpu ? { databaseCpu: app.databaseCpu } : {}),
        };
        const row = async (id: WorkloadId, phase: Measurement['phase'], after?: string): Promise<Measurement> => {
          const m = await measureWorkload(target, () => buildWorkload(id, tokens), options, db, context);
          m.phase = phase;
          if (phase === 'cold') {
            m.name = 'W1 cold';
            m.title = 'W1 before the steady-state warm-up (a note)';
          } else if (phase === 'again') {
            m.name = `W1 after ${after}`;
            m.title = `W1 again, right after ${after}`;
            m.after = after;
          }
          workloads.push(m);
          log(`${db} ${m.name}: ${describe(m)}`);
          if (m.sampleFailure) log(`  first failure: ${m.sampleFailure}`);
          return m;
        };

        if (withW1) await row('W1', 'cold');
        // The steady state: every SDK operation served before any measured row.
        if (options.warmup > 0) {
          const warm = buildWarmup(tokens);
          await drive(target.url, warm.requests, options.warmup, options.connections);
          // Then one connection walks the list once: every operation answered at least
          // once, however short the warm-up or slow the machine.
          await drive(target.url, warm.requests, 0, 1, warm.requests.length);
          const sample = warm.sampleFailure();
          warmups.push({
            db,
            seconds: options.warmup,
            served: warm.served,
            ...(sample ? { sampleFailure: sample } : {}),
          });
          log(
            `${db} steady-state warm-up (${options.warmup} s): ${Object.entries(warm.served)
              .map(([name, n]) => `${name} ${n.ok}${n.failed ? ` (${n.failed} failed)` : ''}`)
              .join(', ')}`,
          );
          if (sample) log(`  first failure: ${sample}`);
        }
        const pairedRounds = async (phase: PairedRound['phase'], ids: readonly ('W1' | 'W2')[]): Promise<void> => {
          const hello = plain('{ hello }');
          for (let round = 1; round <= options.rounds; round++) {
            for (const id of ids) {
              const y = await drive(yoga.url, hello, options.duration, options.connections);
              const workload = buildWorkload(id, tokens);
              const w = await drive(target.url, workload.requests, options.duration, options.connections);
              paired.push({
                db,
                workload: id,
                phase,
                round,
                yogaRps: y.rps,
                rps: w.rps,
                ratio: w.rps / y.rps,
                p50: w.p50,
                p99: w.p99,
                errors: w.transportErrors + workload.failures(),
                ...(w.windowTail ? { windowTail: w.windowTail } : {}),
                ...(y.windowTail ? { yogaWindowTail: y.windowTail } : {}),
              });
              log(
                `${db} ${phase} round ${round}: bare Yoga ${fmt(Math.round(y.rps))} req/s, ${id} ${fmt(Math.round(w.rps))} req/s (${(w.rps / y.rps).toFixed(2)}×), p50 ${w.p50} / p99 ${w.p99} ms`,
              );
            }
          }
        };

        if (withW1) await row('W1', 'row');
        // W1 as the first thing after the warm-up, in paired rounds as at the end: the
        // drift target compares the two medians, not two single windows.
        if (withW1 && options.rounds > 0) await pairedRounds('first', ['W1']);
        for (const id of others) {
          await row(id, 'row');
          // W1 after every other row: whatever a row leaves behind shows here.
          if (withW1) await row('W1', 'again', id);
        }

        if (options.rounds > 0) {
          const w2 = options.workloads.includes('W2') || !withW1;
          await pairedRounds('last', w2 ? ['W1', 'W2'] : ['W1']);
        }
        runPeakRssMB[db] = target.runPeak() / MB;
        log(`${db}: peak RSS over the whole run ${runPeakRssMB[db]!.toFixed(0)} MB`);
      });
    }
  } finally {
    await yoga.stop();
  }

  const scale: Measurement[] = [];
  if (options.scale) {
    for (const db of dbs) {
      const users = options.scaleCounts.map((n) => ({ key: `scale${n}`, tokens: n }));
      await withAppTarget(db, users, undefined, options, pinning, async (app) => {
        log(`${db}: seeded ${options.scaleCounts.map(fmt).join(' + ')} tokens in ${Math.round(app.seedMs)} ms`);
        const prefix = app.users[0]!.token.split('_')[0]!;
        // The scale rows compare latencies with each other: W1 warm before the first.
        if (options.warmup > 0) {
          const first = app.users[0]!.token;
          const warm = buildWorkload('W1', { reader: first, writer: first, prefix });
          await drive(app.target.url, warm.requests, options.warmup, options.connections);
        }
        for (const user of app.users) {
          const build = (): Workload => buildWorkload('W1', { reader: user.token, writer: user.token, prefix });
          const m = await measureWorkload(app.target, build, options, db, {});
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

  const after: Measurement[] = [];
  for (const mode of options.baselinesAfter ? (['raw', 'yoga'] as const) : []) {
    after.push(await measureBaseline(mode, options, pinning));
    log(`baseline ${after.at(-1)!.name} (after): ${fmt(Math.round(after.at(-1)!.rps))} req/s`);
  }
  const mean = (name: string): number => {
    const runs = [...before, ...after].filter((m) => m.name === name);
    return runs.reduce((sum, m) => sum + m.rps, 0) / runs.length;
  };
  const yogaRps = mean('bare Yoga');
  for (const m of [...before, ...after, ...workloads, ...scale]) m.ratioToYoga ??= m.rps / yogaRps;

  const { log: _log, postgresUrl, ...rest } = options;
  return {
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: {
      node: process.version,
      cpus,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      platform: `${os.platform()} ${os.release()}`,
      pinning: pinning.description,
      loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100),
    },
    server: {
      command: ['node', ...PRODUCTION_NODE_ARGS, ...(options.appNodeArgs ?? []), 'server/dist/cli.js', 'serve'].join(
        ' ',
      ),
      heapGrowingPercent: loadConfig({ HEAP_GROWING_PERCENT: process.env.HEAP_GROWING_PERCENT }).heapGrowingPercent,
    },
    ...(pgSettings ? { postgresSettings: pgSettings } : {}),
    options: { ...rest, postgres: new URL(postgresUrl).host },
    baselines: { before, after, yogaRps, rawRps: mean('raw node:http') },
    workloads,
    scale,
    paired,
    warmups,
    runPeakRssMB,
    notes,
  };
}
