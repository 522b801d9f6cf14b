// Turns a BenchReport into the Markdown written next to the JSON and printed.
import type { BenchReport, Measurement } from './harness.js';

const num = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function row(m: Measurement): string {
  const ops = m.operationsPerSec !== undefined ? ` (${num(m.operationsPerSec, 1)} ${m.unit}/s)` : '';
  return [
    m.db ? `${m.name} ${m.db}` : m.name,
    m.tokens !== undefined ? `W1 at ${num(m.tokens)} tokens` : m.title,
    `${num(m.rps)}${ops}`,
    m.ratioToYoga !== undefined ? `${num(m.ratioToYoga, 2)}×` : '',
    num(m.p50, 2),
    num(m.p99, 2),
    num(m.max, 0),
    num(m.errors),
    m.roundTrips !== undefined ? num(m.roundTrips, 2) : '–',
    num(m.rssPeakMB),
  ].join(' | ');
}

export function toMarkdown(report: BenchReport): string {
  const o = report.options;
  const lines = [
    `# Benchmark ${report.startedAt}`,
    '',
    `Node ${report.machine.node}, ${report.machine.cpus} CPUs (${report.machine.cpuModel}), ${report.machine.platform}.`,
    `Pinning: ${report.machine.pinning}.`,
    `App server: ${report.server.command} (compiled, as in production), HEAP_GROWING_PERCENT=${report.server.heapGrowingPercent}; peak RSS is the kernel's VmHWM.`,
    ...(o.appNodeArgs?.length
      ? [`App server started with extra Node options: ${o.appNodeArgs.join(' ')} (baselines with Node's defaults).`]
      : []),
    `${o.connections} connections, ${o.warmup} s warm-up + ${o.duration} s measured per row; reader user with ${num(o.tokens)} tokens.`,
    '',
    '| run | workload | req/s | × bare Yoga | p50 ms | p99 ms | max ms | errors | DB queries/req | peak RSS MB |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...report.baselines.before.map((m) => `| ${row({ ...m, name: `${m.name} (before)` })} |`),
    ...report.workloads.map((m) => `| ${row(m)} |`),
    ...report.baselines.after.map((m) => `| ${row({ ...m, name: `${m.name} (after)` })} |`),
  ];
  if (report.scale.length > 0) {
    lines.push(
      '',
      '## Scale: W1 latency by token count',
      '',
      '| run | workload | req/s | × bare Yoga | p50 ms | p99 ms | max ms | errors | DB queries/req | peak RSS MB |',
      '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...report.scale.map((m) => `| ${row(m)} |`),
    );
    for (const db of new Set(report.scale.map((m) => m.db))) {
      const runs = report.scale.filter((m) => m.db === db).sort((a, b) => (a.tokens ?? 0) - (b.tokens ?? 0));
      const first = runs[0]!;
      const last = runs.at(-1)!;
      lines.push(
        '',
        `${db}: p50 at ${num(last.tokens ?? 0)} tokens is ${num(last.p50 / first.p50, 2)}× p50 at ${num(first.tokens ?? 0)} tokens ` +
          `(mean latency ratio via req/s: ${num(first.rps / last.rps, 2)}×).`,
      );
    }
  }
  if (report.paired.length > 0) {
    lines.push(
      '',
      '## Paired rounds: bare Yoga and W1 back to back',
      '',
      '| db | round | bare Yoga req/s | W1 req/s | W1 × bare Yoga | W1 p50 ms | W1 p99 ms | p99 / p50 | errors |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...report.paired.map(
        (r) =>
          `| ${r.db} | ${r.round} | ${num(r.yogaRps)} | ${num(r.w1Rps)} | ${num(r.ratio, 2)}× | ${num(r.w1P50, 2)} | ${num(r.w1P99, 2)} | ${num(r.w1P99 / Math.max(r.w1P50, 1), 2)} | ${num(r.w1Errors)} |`,
      ),
    );
    for (const db of new Set(report.paired.map((r) => r.db))) {
      const rounds = report.paired.filter((r) => r.db === db);
      lines.push(
        '',
        `${db}: median W1 × bare Yoga over ${rounds.length} rounds ${num(median(rounds.map((r) => r.ratio)), 2)}×, median p99 / p50 ${num(median(rounds.map((r) => r.w1P99 / Math.max(r.w1P50, 1))), 2)}.`,
      );
    }
  }
  if (report.notes.length > 0) lines.push('', ...report.notes.map((n) => `- ${n}`));
  return `${lines.join('\n')}\n`;
}
