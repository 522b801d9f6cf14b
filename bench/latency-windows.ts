// Every response's latency with the time it arrived, so a window's tail can be split
// into what the server does within a short stretch of steady machine speed and what
// the machine's speed swings add between such stretches. On this machine the speed of
// the server's core swings several-fold within a second while the server keeps all of
// it (bench/README.md, "Issue 16, seventh session"): a p99 over the whole window then
// measures those swings as much as the server.
import type { EventEmitter } from 'node:events';
import { median } from './targets.js';

/** Responses of one load window: arrival time (ms, any origin) and latency (ms), in arrival order. */
export interface LatencySamples {
  at: number[];
  latency: number[];
}

export interface WindowedTail {
  /** Median over the windows of each window's p99 / p50. */
  ratio: number;
  /** Windows that had enough responses to say a p99. */
  windows: number;
  /** Slowest and fastest window, in requests per second. */
  rpsMin: number;
  rpsMax: number;
}

/** A window needs this many responses for its p99 to be more than its maximum. */
const MIN_RESPONSES = 100;

/** Records every response of an autocannon run (its `response` event) until the run ends. */
export function recordLatencies(instance: EventEmitter): LatencySamples {
  const samples: LatencySamples = { at: [], latency: [] };
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    samples.at.push(performance.now());
    samples.latency.push(responseTime);
  });
  return samples;
}

/** Nearest-rank percentile of values already sorted ascending. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)]!;
}

/**
 * The tail within `windowMs` windows: each full window's p99 / p50 (windows with fewer
 * than 100 responses are left out), their median, and the range of the windows'
 * throughput. The first and last windows are partial and are left out too.
 * Undefined when no window qualifies (a short or slow run).
 */
export function windowedTail(samples: LatencySamples, windowMs = 250): WindowedTail | undefined {
  const { at, latency } = samples;
  if (at.length === 0) return undefined;
  const start = at[0]!;
  const buckets = new Map<number, number[]>();
  for (let i = 0; i < at.length; i++) {
    const index = Math.floor((at[i]! - start) / windowMs);
    const bucket = buckets.get(index);
    if (bucket) bucket.push(latency[i]!);
    else buckets.set(index, [latency[i]!]);
  }
  const last = Math.floor((at.at(-1)! - start) / windowMs);
  const ratios: number[] = [];
  const rates: number[] = [];
  for (const [index, values] of buckets) {
    if (index === 0 || index === last) continue;
    rates.push((values.length * 1000) / windowMs);
    if (values.length < MIN_RESPONSES) continue;
    values.sort((a, b) => a - b);
    ratios.push(percentile(values, 0.99) / Math.max(percentile(values, 0.5), Number.EPSILON));
  }
  if (ratios.length === 0) return undefined;
  return {
    ratio: median(ratios),
    windows: ratios.length,
    rpsMin: Math.min(...rates),
    rpsMax: Math.max(...rates),
  };
}
