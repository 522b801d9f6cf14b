// The benchmark harness itself: a short run of every workload against the real
// server, built and run as in production (PGlite, or PostgreSQL when
// TEST_DB=postgres), must produce a report with every workload, both baselines
// and no errors. A smoke test of the harness, not a measurement: 0.3 s per
// workload, 0.1 s of warm-up (a real run: `pnpm bench`, 10 s + 10 s).
import { describe, expect, inject, it } from 'vitest';
import { runBenchmark } from '../bench/harness.js';
import { toMarkdown } from '../bench/report.js';
import { ALL_WORKLOADS } from '../bench/workloads.js';

describe('benchmark harness', () => {
  it('runs every workload and reports no errors', { timeout: 120_000 }, async () => {
    const report = await runBenchmark({
      duration: 0.3,
      warmup: 0.1,
      connections: 4,
      tokens: 300,
      pin: false,
      rounds: 1,
      dbs: [process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite'],
      // The suite's migrated PGlite (global-setup.ts), copied instead of a new initdb per database.
      pgliteTemplate: inject('pgliteTemplate') ?? undefined,
      ...(process.env.TEST_POSTGRES_URL ? { postgresUrl: process.env.TEST_POSTGRES_URL } : {}),
    });
    expect(report.notes).toEqual([]);
    expect(report.workloads.map((m) => m.name).sort()).toEqual([...ALL_WORKLOADS, 'W1 again'].sort());
    for (const m of [...report.baselines.before, ...report.baselines.after, ...report.workloads]) {
      expect({ name: m.name, errors: m.errors, sample: m.sampleFailure }).toEqual({
        name: m.name,
        errors: 0,
        sample: undefined,
      });
      expect(m.requests).toBeGreaterThan(0);
      expect(m.ratioToYoga).toBeGreaterThan(0);
    }
    const byName = Object.fromEntries(report.workloads.map((m) => [m.name, m]));
    // The compiled server's peak RSS, from the kernel.
    expect(byName.W1!.rssPeakMB).toBeGreaterThan(20);
    expect(report.server.command).toBe('node server/dist/cli.js serve');
    // Multi-request operations complete: W6 create/revoke pairs, W7 whole walks (3 pages of 100).
    expect(byName.W6!.operationsPerSec).toBeGreaterThan(0);
    expect(byName.W7!.operationsPerSec).toBeGreaterThan(0);
    // W3 never reaches the database; W4 is exactly one lookup.
    expect(byName.W3!.roundTrips).toBe(0);
    expect(byName.W4!.roundTrips).toBeCloseTo(1, 1);
    // W1 reads its page with the cached principal: one statement (the first request's lookup aside).
    expect(byName.W1!.roundTrips).toBeLessThanOrEqual(1.1);
    // --rounds: one paired Yoga/W1 round, error-free, in the table with its median.
    expect(report.paired).toHaveLength(1);
    expect(report.paired[0]!.w1Errors).toBe(0);
    expect(report.paired[0]!.ratio).toBeGreaterThan(0);
    const markdown = toMarkdown(report);
    expect(markdown).toContain('| W1 ');
    expect(markdown).toMatch(/median W1 × bare Yoga over 1 rounds/);
  });
});
