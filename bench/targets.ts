// Issue 16's targets, read off one report: PostgreSQL, steady state, W1 and W2
// from the median of paired rounds, the other rows against the bare Yoga window
// measured right before them; peak RSS over the app server's whole run.
import type { BenchReport, DbKind, Measurement, PairedRound } from './harness.js';

export interface TargetRow {
  row: string;
  target: string;
  measured: string;
  /** undefined: not measured in this run. */
  met: boolean | undefined;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const x = (n: number): string => `${n.toFixed(2)}×`;

/**
 * Median ratio and median p99/p50 of the paired rounds of one workload on one database:
 * those after every other row (`last`, the targets' rows) unless `first` is asked for.
 */
export function pairedMedian(
  report: BenchReport,
  db: DbKind,
  workload: 'W1' | 'W2',
  phase: PairedRound['phase'] = 'last',
) {
  // Reports from before the first rounds existed have no phase: all their rounds came last.
  const rounds = report.paired.filter((r) => r.db === db && r.workload === workload && (r.phase ?? 'last') === phase);
  if (rounds.length === 0) return undefined;
  const within = rounds.flatMap((r) => (r.windowTail ? [r.windowTail.ratio] : []));
  const yogaWithin = rounds.flatMap((r) => (r.yogaWindowTail ? [r.yogaWindowTail.ratio] : []));
  return {
    rounds: rounds.length,
    ratio: median(rounds.map((r) => r.ratio)),
    tail: median(rounds.map((r) => r.p99 / Math.max(r.p50, 1))),
    // Reports from before these were measured have none.
    ...(within.length > 0 ? { windowTail: median(within) } : {}),
    ...(yogaWithin.length > 0 ? { yogaWindowTail: median(yogaWithin) } : {}),
  };
}

/** "W1 a (bare Yoga b)": the paired rounds' median tails within 250 ms windows, where measured. */
function withinWindows(medians: Record<string, ReturnType<typeof pairedMedian>>): string {
  const parts = Object.entries(medians).flatMap(([name, m]) =>
    m?.windowTail !== undefined
      ? [
          `${name} ${m.windowTail.toFixed(2)}${m.yogaWindowTail !== undefined ? ` (bare Yoga ${m.yogaWindowTail.toFixed(2)})` : ''}`,
        ]
      : [],
  );
  return parts.length > 0 ? `; within 250 ms windows: ${parts.join(', ')}` : '';
}

export function row(report: BenchReport, db: DbKind, name: string): Measurement | undefined {
  return report.workloads.find((m) => m.db === db && m.name === name && m.phase !== 'cold');
}

/** Each "W1 after …" row against the first steady-state W1 row (ratios to adjacent Yoga windows). */
export function w1Drift(report: BenchReport, db: DbKind) {
  const first = report.workloads.find((m) => m.db === db && m.name === 'W1' && m.phase === 'row');
  if (!first?.ratioToYoga) return undefined;
  const again = report.workloads.filter((m) => m.db === db && m.phase === 'again');
  return {
    first,
    rows: again.map((m) => ({ m, change: (m.ratioToYoga ?? 0) / first.ratioToYoga! - 1 })),
  };
}

// The server's own CPU per W1 request against the first row's: what the server did per
// request, whatever share of its core the machine left it (the ratio moves with that share).
function cpuDrift(drift: NonNullable<ReturnType<typeof w1Drift>>): string {
  const first = drift.first.server?.cpuUsPerRequest;
  if (!first) return '';
  const changes = drift.rows.map((r) => (r.m.server?.cpuUsPerRequest ?? first) / first - 1);
  const pct = (n: number): string => `${n >= 0 ? '+' : ''}${(n * 100).toFixed(0)} %`;
  return `; server CPU per request ${pct(Math.min(...changes))} … ${pct(Math.max(...changes))}`;
}

function atLeast(label: string, target: number, m: Measurement | undefined): TargetRow {
  return {
    row: label,
    target: `≥ ${x(target)}`,
    measured: m?.ratioToYoga !== undefined ? `${x(m.ratioToYoga)} (${Math.round(m.rps)} req/s)` : 'not run',
    met: m?.ratioToYoga !== undefined ? m.ratioToYoga >= target : undefined,
  };
}

export function evaluateTargets(report: BenchReport): TargetRow[] {
  const rows: TargetRow[] = [];
  const pgW1 = pairedMedian(report, 'postgres', 'W1');
  const pgW2 = pairedMedian(report, 'postgres', 'W2');
  const drift = w1Drift(report, 'postgres');
  rows.push({
    row: 'W1 apiTokens(first: 20) + totalCount, after every other row (paired median)',
    target: '≥ 0.70×',
    measured: pgW1 ? `${x(pgW1.ratio)} (${pgW1.rounds} rounds)` : 'not run',
    met: pgW1 ? pgW1.ratio >= 0.7 : undefined,
  });
  const pgW1First = pairedMedian(report, 'postgres', 'W1', 'first');
  if (pgW1First && pgW1) {
    // The single windows right after each row say where a change would come from; the
    // target is judged, as the others, on medians of paired rounds.
    const change = pgW1.ratio / pgW1First.ratio - 1;
    // None when W1 ran alone (`--workloads W1`, e.g. with --scale): no row came in between.
    const worst = drift?.rows.length
      ? drift.rows.reduce((a, b) => (Math.abs(b.change) > Math.abs(a.change) ? b : a))
      : undefined;
    rows.push({
      row: 'W1 after every other row vs W1 first (paired medians)',
      target: 'within 10 %',
      measured:
        `first ${x(pgW1First.ratio)}, after every other row ${x(pgW1.ratio)}: ${change >= 0 ? '+' : ''}${(change * 100).toFixed(0)} %` +
        (worst
          ? `; single windows: largest change ${(worst.change * 100).toFixed(0)} % (${worst.m.name})${cpuDrift(drift!)}`
          : ''),
      met: Math.abs(change) <= 0.1,
    });
  }
  rows.push({
    row: 'W2 viewer (paired median)',
    target: '≥ 0.70×',
    measured: pgW2 ? `${x(pgW2.ratio)} (${pgW2.rounds} rounds)` : 'not run',
    met: pgW2 ? pgW2.ratio >= 0.7 : undefined,
  });
  rows.push(atLeast('W3 bad checksum', 2, row(report, 'postgres', 'W3')));
  rows.push(atLeast('W4 unknown well-formed token', 0.8, row(report, 'postgres', 'W4')));
  rows.push(atLeast('W5 createApiToken', 0.3, row(report, 'postgres', 'W5')));
  rows.push(atLeast('W6 create + revoke pairs', 0.25, row(report, 'postgres', 'W6')));
  const tails = [pgW1, pgW2].filter((t) => t !== undefined);
  rows.push({
    row: 'p99 / p50, W1 and W2 (median of paired rounds)',
    target: '≤ 2.5',
    measured:
      pgW1 || pgW2
        ? `W1 ${pgW1?.tail.toFixed(2) ?? '–'}, W2 ${pgW2?.tail.toFixed(2) ?? '–'}${withinWindows({ W1: pgW1, W2: pgW2 })}`
        : 'not run',
    met: tails.length > 0 ? tails.every((t) => t.tail <= 2.5) : undefined,
  });
  const rss = report.runPeakRssMB.postgres;
  rows.push({
    row: 'peak RSS over the whole run (app server)',
    target: '≤ 170 MB',
    measured: rss !== undefined ? `${rss.toFixed(0)} MB` : 'not run',
    met: rss !== undefined ? rss <= 170 : undefined,
  });
  const w8 = row(report, 'postgres', 'W8');
  rows.push({
    row: 'W8 many tokens (distinct, spread)',
    target: '≥ 0.45×, ≤ 1.1 statements/request',
    measured:
      w8?.ratioToYoga !== undefined
        ? `${x(w8.ratioToYoga)}, ${w8.roundTrips?.toFixed(2)} statements/request`
        : 'not run',
    met: w8?.ratioToYoga !== undefined ? w8.ratioToYoga >= 0.45 && (w8.roundTrips ?? Infinity) <= 1.1 : undefined,
  });
  const liteW1 = pairedMedian(report, 'pglite', 'W1');
  rows.push({
    row: 'PGlite W1, the embedded default (paired median)',
    target: '≥ 0.35×',
    measured: liteW1 ? `${x(liteW1.ratio)} (${liteW1.rounds} rounds)` : 'not run',
    met: liteW1 ? liteW1.ratio >= 0.35 : undefined,
  });
  const scale = report.scale.filter((m) => m.db === 'postgres').sort((a, b) => (a.tokens ?? 0) - (b.tokens ?? 0));
  const small = scale[0];
  const large = scale.at(-1);
  rows.push({
    row: `W1 p50 at ${large?.tokens?.toLocaleString('en-US') ?? '1,000,000'} tokens vs ${small?.tokens?.toLocaleString('en-US') ?? '1,000'}`,
    target: '≤ 1.25×',
    measured: small && large && small !== large ? x(large.p50 / Math.max(small.p50, 1)) : 'not run (--scale)',
    met: small && large && small !== large ? large.p50 / Math.max(small.p50, 1) <= 1.25 : undefined,
  });
  return rows;
}
