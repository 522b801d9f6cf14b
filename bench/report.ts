// Turns a BenchReport into the Markdown written next to the JSON and printed:
// the targets first, then the rows, W1's drift and where its time went, the
// paired rounds and the capacity per instance core.
import type { BenchReport, DbKind, Measurement } from './harness.js';
import { evaluateTargets, pairedMedian, w1Drift } from './targets.js';

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

const HEADER = [
  '| run | workload | req/s | × bare Yoga | p50 ms | p99 ms | max ms | errors | DB statements/req | peak RSS MB |',
  '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
];

function targetsSection(report: BenchReport): string[] {
  const mark = (met: boolean | undefined): string => (met === undefined ? '–' : met ? 'met' : '**not met**');
  return [
    '## Targets (issue 16)',
    '',
    'PostgreSQL, steady state (every SDK operation served first); W1 and W2 from the median of paired rounds',
    'run after every other row, the other rows against the bare Yoga window right before them.',
    '',
    '| row | target | measured | met? |',
    '|---|---|---|---|',
    ...evaluateTargets(report).map((t) => `| ${t.row} | ${t.target} | ${t.measured} | ${mark(t.met)} |`),
  ];
}

function driftSection(report: BenchReport, db: DbKind): string[] {
  const drift = w1Drift(report, db);
  if (!drift) return [];
  const cold = report.workloads.find((m) => m.db === db && m.phase === 'cold');
  const line = (m: Measurement, change: string): string => {
    const s = m.server;
    const t = m.tables?.before;
    return `| ${m.name} | ${num(m.rps)} | ${m.ratioToYoga !== undefined ? `${num(m.ratioToYoga, 2)}×` : ''} | ${change} | ${num(m.p99 / Math.max(m.p50, 1), 2)} | ${s ? num(s.cpuUsPerRequest) : '–'} | ${s ? num(s.cpuShare * 100) : '–'} | ${s ? num(s.gcUsPerRequest) : '–'} | ${s ? `${num(s.heapUsedMB)} / ${num(s.heapTotalMB)}` : '–'} | ${t ? `${num(t.apiTokensDead)} / ${num(t.usersDead)}` : '–'} | ${num(m.rssPeakMB)} |`;
  };
  return [
    '',
    `### ${db}: W1 after each other row`,
    '',
    "CPU and GC per request and the heap from the server's own `/metrics` (prom-client process metrics); dead",
    'tuples (api_tokens / users) from `pg_stat_user_tables` as the window began.',
    '',
    '| W1 row | req/s | × adjacent Yoga | vs first | p99/p50 | server CPU µs/req | server core busy % | GC µs/req | heap used / total MB | dead tuples | peak RSS MB |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...(cold ? [line(cold, '(cold: a note)')] : []),
    line(drift.first, '–'),
    ...drift.rows.map((r) => line(r.m, `${r.change >= 0 ? '+' : ''}${num(r.change * 100)} %`)),
  ];
}

function capacitySection(report: BenchReport): string[] {
  const rows = report.workloads.filter((m) => m.phase === 'row' && m.server);
  if (rows.length === 0) return [];
  return [
    '',
    '## Capacity per instance core',
    '',
    'The app server runs on one pinned CPU, so its req/s are per instance core at the load it met;',
    '"per busy core" divides by the share of that core it used (what one core could do if the',
    'database kept up). Statements/s = req/s × statements per request: what one core of instances',
    "asks of the database. PostgreSQL CPU: its processes' user and system time in the window per",
    'request (when it runs on this machine), and the PostgreSQL cores one busy instance core keeps',
    'busy (µs/req × req/s per busy core); "–" for PGlite, whose work is in the server\'s own CPU.',
    '',
    '| db | workload | req/s per core | core busy % | req/s per busy core | CPU µs/req | statements/req | DB statements/s per core | PostgreSQL CPU µs/req | PostgreSQL cores per busy instance core |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((m) => {
      const s = m.server!;
      const perBusy = s.cpuShare > 0 ? m.rps / s.cpuShare : 0;
      const database = m.database
        ? `${num(m.database.cpuUsPerRequest)} | ${num((m.database.cpuUsPerRequest * perBusy) / 1e6, 2)}`
        : '– | –';
      return `| ${m.db} | ${m.name} ${m.title} | ${num(m.rps)} | ${num(s.cpuShare * 100)} | ${num(perBusy)} | ${num(s.cpuUsPerRequest)} | ${num(m.roundTrips ?? 0, 2)} | ${num(m.rps * (m.roundTrips ?? 0))} | ${database} |`;
    }),
  ];
}

function pairedSection(report: BenchReport): string[] {
  if (report.paired.length === 0) return [];
  const lines = [
    '',
    '## Paired rounds: bare Yoga, then the workload, back to back',
    '',
    '"first": W1 right after the steady-state warm-up, before any other row; "last": after every other row.',
    '',
    '"within 250 ms": the median over 250 ms windows of each window\'s p99 / p50, and the range of the windows\' req/s',
    "(bench/latency-windows.ts): the tail without the swings of the machine's speed between windows.",
    '',
    '| db | workload | when | round | bare Yoga req/s | req/s | × bare Yoga | p50 ms | p99 ms | p99 / p50 | p99 / p50 within 250 ms (bare Yoga) | req/s per 250 ms window | errors |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...report.paired.map(
      (r) =>
        `| ${r.db} | ${r.workload} | ${r.phase} | ${r.round} | ${num(r.yogaRps)} | ${num(r.rps)} | ${num(r.ratio, 2)}× | ${num(r.p50, 2)} | ${num(r.p99, 2)} | ${num(r.p99 / Math.max(r.p50, 1), 2)} | ${r.windowTail ? num(r.windowTail.ratio, 2) : '–'} (${r.yogaWindowTail ? num(r.yogaWindowTail.ratio, 2) : '–'}) | ${r.windowTail ? `${num(r.windowTail.rpsMin)}–${num(r.windowTail.rpsMax)}` : '–'} | ${num(r.errors)} |`,
    ),
  ];
  for (const db of new Set(report.paired.map((r) => r.db))) {
    for (const workload of ['W1', 'W2'] as const) {
      for (const phase of ['first', 'last'] as const) {
        const m = pairedMedian(report, db, workload, phase);
        if (!m) continue;
        lines.push(
          '',
          `${db}: median ${workload} (${phase}) × bare Yoga over ${m.rounds} rounds ${num(m.ratio, 2)}×, median p99 / p50 ${num(m.tail, 2)}` +
            (m.windowTail !== undefined
              ? `, within 250 ms windows ${num(m.windowTail, 2)}${m.yogaWindowTail !== undefined ? ` (bare Yoga ${num(m.yogaWindowTail, 2)})` : ''}.`
              : '.'),
        );
      }
    }
  }
  return lines;
}

function scaleSection(report: BenchReport): string[] {
  if (report.scale.length === 0) return [];
  const lines = ['', '## Scale: W1 latency by token count', '', ...HEADER, ...report.scale.map((m) => `| ${row(m)} |`)];
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
  return lines;
}

export function toMarkdown(report: BenchReport): string {
  const o = report.options;
  const settings = report.postgresSettings
    ? `PostgreSQL ${report.postgresSettings.server_version ?? ''}: ${Object.entries(report.postgresSettings)
        .filter(([k]) => k !== 'server_version')
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}.`
    : '';
  const lines = [
    `# Benchmark ${report.startedAt}`,
    '',
    `Node ${report.machine.node}, ${report.machine.cpus} CPUs (${report.machine.cpuModel}), ${report.machine.platform}; load average at the end ${report.machine.loadAverage.join(' / ')}.`,
    `Pinning: ${report.machine.pinning}.`,
    `App server: ${report.server.command} (compiled, as in production), HEAP_GROWING_PERCENT=${report.server.heapGrowingPercent}; peak RSS is the kernel's VmHWM.`,
    ...(settings ? [settings] : []),
    ...(o.appNodeArgs?.length
      ? [`App server started with extra Node options: ${o.appNodeArgs.join(' ')} (baselines with Node's defaults).`]
      : []),
    `${o.connections} connections; ${o.warmup} s steady-state warm-up (every SDK operation) before the first measured row; per row ${o.rowWarmup} s of its own load, ${o.yogaWindow} s of bare Yoga, ${o.duration} s measured; reader user with ${num(o.tokens)} tokens; W8 ${num(o.manyTokens)} tokens of ${num(o.manyUsers)} users.`,
    `Run ${report.startedAt} – ${report.finishedAt}.`,
    '',
    ...targetsSection(report),
    '',
    '## Rows',
    '',
    '"× bare Yoga": against the bare Yoga window measured right before the row (baselines: against the mean of the',
    'runs before and after). "W1 cold" is W1 before the steady-state warm-up, kept as a note.',
    '',
    ...HEADER,
    ...report.baselines.before.map((m) => `| ${row({ ...m, name: `${m.name} (before)` })} |`),
    ...report.workloads.map((m) => `| ${row(m)} |`),
    ...report.baselines.after.map((m) => `| ${row({ ...m, name: `${m.name} (after)` })} |`),
    ...Object.entries(report.runPeakRssMB).map(([db, mb]) => `\nPeak RSS over the whole run, ${db}: ${num(mb)} MB.`),
    ...[...new Set(report.workloads.map((m) => m.db!))].flatMap((db) => driftSection(report, db)),
    ...pairedSection(report),
    ...capacitySection(report),
    ...scaleSection(report),
  ];
  const warm = report.warmups.filter((w) => Object.values(w.served).some((n) => n.failed > 0 || n.ok === 0));
  for (const w of warm)
    lines.push('', `- ${w.db} warm-up: an operation failed or never ran (${w.sampleFailure ?? 'no answer'}).`);
  if (report.notes.length > 0) lines.push('', ...report.notes.map((n) => `- ${n}`));
  return `${lines.join('\n')}\n`;
}
