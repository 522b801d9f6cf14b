// Turns a BenchReport into the Markdown written next to the JSON and printed.
import type { BenchReport, Measurement } from './harness.js';

const num = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

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
  if (report.notes.length > 0) lines.push('', ...report.notes.map((n) => `- ${n}`));
  return `${lines.join('\n')}\n`;
}
