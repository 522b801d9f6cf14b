// The benchmark harness itself: a short run of every workload against the real
// server, built and run as in production (PGlite, or PostgreSQL when
// TEST_DB=postgres), must produce a report with every row (W1 again after each
// other row, W8's many tokens, the paired rounds), the steady-state warm-up and the
// targets table, and no errors. A smoke test of the harness, not a measurement
// (a real run: `pnpm bench`): windows under a second are a fixed number of requests,
// 4 per connection (harness.ts, `drive`), so 8 per row on 2 connections: enough for
// W6's pairs and a whole W7 walk per connection, half the server's CPU of 4 connections.
import { describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { isLocalDatabase, postgresCpuSeconds, postgresCpuSnapshot } from '../bench/database-cpu.js';
import { runBenchmark, type BenchReport, type Measurement, type PairedRound } from '../bench/harness.js';
import { toMarkdown } from '../bench/report.js';
import { evaluateTargets } from '../bench/targets.js';
import { WARMUP_OPERATIONS } from '../bench/workloads.js';
import { postgresAdminUrl } from './support/env.js';

/** The local PostgreSQL's CPU, read from its processes, sees work only PostgreSQL does. */
async function expectPostgresCpuRead(): Promise<void> {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    const before = postgresCpuSnapshot();
    expect(before?.size).toBeGreaterThan(0);
    const started = performance.now();
    // A few hundred milliseconds of PostgreSQL's CPU.
    await client.query('SELECT count(*) FROM generate_series(1, 5000000)');
    const elapsed = (performance.now() - started) / 1000;
    const used = postgresCpuSeconds(before!, postgresCpuSnapshot()!);
    expect(used).toBeGreaterThan(0.05);
    // No more than two cores could have given in that time, plus a tick per process.
    expect(used).toBeLessThan(elapsed * 2 + 0.01 * before!.size + 0.05);
  } finally {
    await client.end();
  }
}

describe('benchmark harness', () => {
  it('runs every workload, W1 after each, W8 and the targets, with no errors', { timeout: 120_000 }, async () => {
    const db = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';
    const report = await runBenchmark({
      duration: 0.2,
      warmup: 0.2,
      rowWarmup: 0,
      yogaWindow: 0.1,
      baselinesAfter: false,
      connections: 2,
      tokens: 300,
      manyTokens: 400,
      manyUsers: 40,
      pin: false,
      rounds: 1,
      dbs: [db],
      // The suite's migrated PGlite (global-setup.ts), copied instead of a new initdb per database.
      pgliteTemplate: inject('pgliteTemplate') ?? undefined,
      ...(process.env.TEST_POSTGRES_URL ? { postgresUrl: process.env.TEST_POSTGRES_URL } : {}),
    });
    expect(report.notes).toEqual([]);
    const others = ['W2', 'W3', 'W4', 'W7', 'W5', 'W6', 'W8'];
    expect(report.workloads.map((m) => m.name)).toEqual([
      'W1 cold',
      'W1',
      ...others.flatMap((id) => [id, `W1 after ${id}`]),
    ]);
    for (const m of [...report.baselines.before, ...report.workloads]) {
      expect({ name: m.name, errors: m.errors, sample: m.sampleFailure }).toEqual({
        name: m.name,
        errors: 0,
        sample: undefined,
      });
      expect(m.requests).toBeGreaterThan(0);
      expect(m.ratioToYoga).toBeGreaterThan(0);
    }
    // The steady state: every SDK operation of the warm-up answered, none failed.
    expect(report.warmups).toHaveLength(1);
    for (const name of WARMUP_OPERATIONS) {
      expect({ name, ...report.warmups[0]!.served[name] }).toMatchObject({ name, failed: 0 });
      expect(report.warmups[0]!.served[name]!.ok).toBeGreaterThan(0);
    }
    const byName = Object.fromEntries(report.workloads.map((m) => [m.name, m]));
    // The compiled server's peak RSS, from the kernel, per row and over the whole run.
    expect(byName.W1!.rssPeakMB).toBeGreaterThan(20);
    expect(report.runPeakRssMB[db]).toBeGreaterThanOrEqual(byName.W1!.rssPeakMB);
    expect(report.server.command).toBe('node server/dist/cli.js serve');
    // The server's own CPU per request, for the capacity table.
    expect(byName.W1!.server?.cpuUsPerRequest).toBeGreaterThan(0);
    // Multi-request operations complete: W6 create/revoke pairs, W7 whole walks (3 pages of 100).
    expect(byName.W6!.operationsPerSec).toBeGreaterThan(0);
    expect(byName.W7!.operationsPerSec).toBeGreaterThan(0);
    // W3 never reaches the database; W4 is exactly one lookup.
    expect(byName.W3!.roundTrips).toBe(0);
    expect(byName.W4!.roundTrips).toBeCloseTo(1, 1);
    // W1 reads its page with the cached principal: one statement (the first request's lookup aside).
    expect(byName.W1!.roundTrips).toBeLessThanOrEqual(1.1);
    // W8 spreads over the many tokens: first uses miss the cache, so it reaches the database.
    expect(byName.W8!.roundTrips).toBeGreaterThan(0);
    if (db === 'postgres') expect(byName.W1!.tables?.before.apiTokensLive).toBeGreaterThan(0);
    // PostgreSQL's own CPU per request, read from its processes when it runs on this machine (a short
    // window may round to 0: /proc counts in hundredths of a second; the reading itself is tested below).
    if (db === 'postgres' && isLocalDatabase(postgresAdminUrl))
      expect(byName.W4!.database?.cpuUsPerRequest).toBeGreaterThanOrEqual(0);
    else expect(byName.W4!.database).toBeUndefined();
    if (db === 'postgres' && isLocalDatabase(postgresAdminUrl)) await expectPostgresCpuRead();
    // Paired rounds: W1 first (right after the warm-up), then W1 and W2 after every other row, each after bare Yoga, error-free.
    expect(report.paired.map((r) => `${r.workload} ${r.phase}`)).toEqual(['W1 first', 'W1 last', 'W2 last']);
    for (const r of report.paired)
      expect({ errors: r.errors, positive: r.ratio > 0 }).toEqual({ errors: 0, positive: true });
    const markdown = toMarkdown(report);
    expect(markdown).toContain('## Targets (issue 16)');
    for (const t of evaluateTargets(report)) expect(markdown).toContain(`| ${t.row} |`);
    expect(markdown).toContain('## Capacity per instance core');
    expect(markdown).toContain('| PostgreSQL CPU µs/req |');
    expect(markdown).toMatch(/median W2 \(last\) × bare Yoga over 1 rounds/);
    expect(markdown).toMatch(/median W1 \(first\) × bare Yoga over 1 rounds/);
  });

  it('judges the targets of a run of W1 alone, with no other row for W1 to drift after', () => {
    const round = (phase: PairedRound['phase'], ratio: number): PairedRound => ({
      db: 'postgres',
      workload: 'W1',
      phase,
      round: 1,
      yogaRps: 4000,
      rps: 4000 * ratio,
      ratio,
      p50: 10,
      p99: 30,
      errors: 0,
    });
    const w1 = { db: 'postgres', name: 'W1', phase: 'row', ratioToYoga: 0.5, rps: 2000 } as Measurement;
    const small = { db: 'postgres', name: 'W1 @ 1,000', tokens: 1000, p50: 12 } as Measurement;
    const large = { db: 'postgres', name: 'W1 @ 1,000,000', tokens: 1_000_000, p50: 14 } as Measurement;
    const report = {
      workloads: [w1],
      paired: [round('first', 0.5), round('last', 0.52)],
      scale: [large, small],
      runPeakRssMB: { postgres: 200 },
    } as unknown as BenchReport;
    const targets = evaluateTargets(report);
    expect(targets.find((t) => t.row === 'W1 after every other row vs W1 first (paired medians)')).toMatchObject({
      measured: 'first 0.50×, after every other row 0.52×: +4 %',
      met: true,
    });
    expect(targets.find((t) => t.row === 'W1 p50 at 1,000,000 tokens vs 1,000')).toMatchObject({
      measured: '1.17×',
      met: true,
    });
    expect(targets.find((t) => t.row.startsWith('W2 viewer'))).toMatchObject({ measured: 'not run', met: undefined });
  });

  it("counts PostgreSQL's CPU per process: a new process from zero, one gone not at all", () => {
    const before = new Map([
      [10, 500],
      [11, 40],
      [12, 7],
    ]);
    // 10 used 1.5 s, 11 exited, 13 started and used 0.25 s; ticks are 1/100 s.
    const after = new Map([
      [10, 650],
      [12, 7],
      [13, 25],
    ]);
    expect(postgresCpuSeconds(before, after)).toBeCloseTo(1.75, 5);
    expect(postgresCpuSeconds(after, after)).toBe(0);
    expect(isLocalDatabase('postgresql://postgres@127.0.0.1:5432/test')).toBe(true);
    expect(isLocalDatabase('postgresql://postgres@localhost/test')).toBe(true);
    expect(isLocalDatabase('postgresql://db.internal:5432/test')).toBe(false);
  });
});
