// `pnpm bench [--duration s] [--warmup s] [--row-warmup s] [--yoga-window s] [--connections n]
//             [--db pglite,postgres] [--workloads W1,W3] [--tokens n] [--many-tokens n] [--many-users n]
//             [--scale] [--cpu-prof] [--label name] [--rounds n] [--app-node-args="--max-old-space-size=128"]`
// Runs the benchmark, prints the Markdown table, writes bench/results/<stamp>[-label].{json,md}.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_OPTIONS, runBenchmark, type DbKind } from './harness.js';
import { toMarkdown } from './report.js';
import type { WorkloadId } from './workloads.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    duration: { type: 'string' },
    warmup: { type: 'string' },
    'row-warmup': { type: 'string' },
    'yoga-window': { type: 'string' },
    'many-tokens': { type: 'string' },
    'many-users': { type: 'string' },
    connections: { type: 'string' },
    db: { type: 'string' },
    workloads: { type: 'string' },
    tokens: { type: 'string' },
    scale: { type: 'boolean' },
    'scale-counts': { type: 'string' },
    'cpu-prof': { type: 'boolean' },
    'app-node-args': { type: 'string' },
    rounds: { type: 'string' },
    label: { type: 'string' },
    out: { type: 'string' },
  },
});

const resultsDir = values.out ?? path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
const list = (s: string | undefined): string[] | undefined =>
  s
    ?.split(',')
    .map((x) => x.trim())
    .filter(Boolean);

const report = await runBenchmark({
  duration: values.duration ? Number(values.duration) : DEFAULT_OPTIONS.duration,
  warmup: values.warmup ? Number(values.warmup) : DEFAULT_OPTIONS.warmup,
  rowWarmup: values['row-warmup'] ? Number(values['row-warmup']) : DEFAULT_OPTIONS.rowWarmup,
  yogaWindow: values['yoga-window'] ? Number(values['yoga-window']) : DEFAULT_OPTIONS.yogaWindow,
  manyTokens: values['many-tokens'] ? Number(values['many-tokens']) : DEFAULT_OPTIONS.manyTokens,
  manyUsers: values['many-users'] ? Number(values['many-users']) : DEFAULT_OPTIONS.manyUsers,
  connections: values.connections ? Number(values.connections) : DEFAULT_OPTIONS.connections,
  dbs: (list(values.db) as DbKind[] | undefined) ?? DEFAULT_OPTIONS.dbs,
  workloads: (list(values.workloads) as WorkloadId[] | undefined) ?? DEFAULT_OPTIONS.workloads,
  tokens: values.tokens ? Number(values.tokens) : DEFAULT_OPTIONS.tokens,
  scale: values.scale ?? false,
  scaleCounts: list(values['scale-counts'])?.map(Number) ?? DEFAULT_OPTIONS.scaleCounts,
  ...(values['cpu-prof'] ? { cpuProf: path.join(resultsDir, 'profiles') } : {}),
  rounds: values.rounds ? Number(values.rounds) : DEFAULT_OPTIONS.rounds,
  ...(values['app-node-args'] ? { appNodeArgs: values['app-node-args'].split(/\s+/).filter(Boolean) } : {}),
  log: (line) => console.error(`[bench] ${line}`),
});

const markdown = toMarkdown(report);
mkdirSync(resultsDir, { recursive: true });
const stamp = report.startedAt.replace(/[:]/g, '').replace(/\..*/, '');
const base = path.join(resultsDir, `${stamp}${values.label ? `-${values.label}` : ''}`);
writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(`${base}.md`, markdown);
console.log(markdown);
console.error(`[bench] wrote ${base}.json and ${base}.md`);
