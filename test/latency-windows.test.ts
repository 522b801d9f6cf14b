// The benchmark's tail within 250 ms windows (bench/latency-windows.ts): the machine's
// speed swings between windows must not count, a tail inside the windows must, and
// the figures must reach the report and the targets table.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { type BenchReport, drive, type PairedRound } from '../bench/harness.js';
import { type LatencySamples, windowedTail } from '../bench/latency-windows.js';
import { toMarkdown } from '../bench/report.js';
import { evaluateTargets } from '../bench/targets.js';

/** `rps` responses per second for `seconds` from `from` ms, each taking `latency(i)` ms. */
function phase(
  samples: LatencySamples,
  from: number,
  seconds: number,
  rps: number,
  latency: (i: number) => number,
): number {
  const count = seconds * rps;
  for (let i = 0; i < count; i++) {
    samples.at.push(from + (i * 1000) / rps);
    samples.latency.push(latency(i));
  }
  return from + seconds * 1000;
}

describe('the tail within 250 ms windows', () => {
  it('leaves out the swings of speed between windows', () => {
    const samples: LatencySamples = { at: [], latency: [] };
    // Fast and slow stretches in turn, each steady inside: over the whole run p99 / p50 is 4.
    let t = 0;
    for (let i = 0; i < 4; i++) {
      t = phase(samples, t, 1, 4000, () => 5);
      t = phase(samples, t, 1, 1000, () => 20);
    }
    const tail = windowedTail(samples);
    expect(tail).toMatchObject({ ratio: 1, rpsMin: 1000, rpsMax: 4000 });
    // 32 windows, less the partial first and last.
    expect(tail?.windows).toBe(30);
  });

  it('keeps a tail inside the windows', () => {
    const samples: LatencySamples = { at: [], latency: [] };
    // Every 50th response takes 4× as long: 2 % of each window, so its p99.
    phase(samples, 0, 4, 2000, (i) => (i % 50 === 0 ? 20 : 5));
    expect(windowedTail(samples)?.ratio).toBe(4);
  });

  it('says nothing for a run too short or too slow for a window p99', () => {
    expect(windowedTail({ at: [], latency: [] })).toBeUndefined();
    const slow: LatencySamples = { at: [], latency: [] };
    // 300 req/s: 75 responses per window, fewer than a p99 needs.
    phase(slow, 0, 3, 300, () => 5);
    expect(windowedTail(slow)).toBeUndefined();
  });

  it('is measured on every timed load window: a server that holds back one response in 25', async () => {
    let served = 0;
    const server = createServer((_req, res) => {
      if (++served % 25 === 0) setTimeout(() => res.end('ok'), 30);
      else res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const load = await drive(
        `http://127.0.0.1:${port}`,
        [{ method: 'POST', path: '/', headers: {}, body: '' }],
        1.5,
        4,
      );
      const tail = load.windowTail!;
      expect(tail.windows).toBeGreaterThan(0);
      // 4 % of every window waits 30 ms, the rest well under 10: autocannon's latencies, not its byte counts.
      expect(tail.ratio).toBeGreaterThan(3);
      expect(tail.rpsMin).toBeGreaterThan(0);
      expect(tail.rpsMax).toBeGreaterThanOrEqual(tail.rpsMin);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('reaches the paired rounds of the report and the tail row of the targets', () => {
    const round = (workload: 'W1' | 'W2', within: number): PairedRound => ({
      db: 'postgres',
      workload,
      phase: 'last',
      round: 1,
      yogaRps: 4000,
      rps: 2000,
      ratio: 0.5,
      p50: 10,
      p99: 40,
      errors: 0,
      windowTail: { ratio: within, windows: 22, rpsMin: 900, rpsMax: 2600 },
      yogaWindowTail: { ratio: 3.5, windows: 22, rpsMin: 1200, rpsMax: 5000 },
    });
    const report = {
      startedAt: '2026-12-02T00:00:00.000Z',
      finishedAt: '2026-12-02T00:01:00.000Z',
      options: {
        connections: 32,
        warmup: 15,
        rowWarmup: 2,
        yogaWindow: 3,
        duration: 6,
        tokens: 10_000,
        manyTokens: 10_000,
        manyUsers: 1000,
      },
      server: { command: 'node server/dist/cli.js serve', heapGrowingPercent: 100 },
      machine: { node: 'v20', cpus: 2, cpuModel: 'x', platform: 'linux', pinning: 'none', loadAverage: [0, 0, 0] },
      baselines: { before: [], after: [], yogaRps: 4000, rawRps: 30_000 },
      warmups: [],
      notes: [],
      workloads: [],
      paired: [round('W1', 1.8), round('W2', 3.2)],
      scale: [],
      runPeakRssMB: {},
    } as unknown as BenchReport;
    const tail = evaluateTargets(report).find((t) => t.row.startsWith('p99 / p50'));
    // Judged on the whole windows, as the target says; the split is context.
    expect(tail).toMatchObject({
      measured: 'W1 4.00, W2 4.00; within 250 ms windows: W1 1.80 (bare Yoga 3.50), W2 3.20 (bare Yoga 3.50)',
      met: false,
    });
    const markdown = toMarkdown(report);
    expect(markdown).toContain('| 1.80 (3.50) | 900–2,600 |');
    expect(markdown).toContain('median p99 / p50 4.00, within 250 ms windows 1.80 (bare Yoga 3.50).');
  });
});
