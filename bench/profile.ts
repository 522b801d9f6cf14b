// Server CPU per request and a V8 profile of the warm state, per workload (issue 16):
// the compiled server as `pnpm bench` runs it, warmed with every SDK operation and the
// workload itself, then a fixed number of requests measured (CPU µs and statements per
// request from its /metrics) `--rounds` times, then once more under the profile. The
// profile covers the server's whole life (`--cpu-prof`); only the samples taken while
// the profiled requests ran are kept (V8's and process.hrtime's clocks are both
// CLOCK_MONOTONIC), so warm-up and start-up do not show.
//   npx tsx profile.ts --db postgres --workloads W1,W4,W6 --count 4000 --rounds 3
// Prints CPU µs/request per round and the top self-time functions; writes the trimmed
// profile to bench/tmp/ (ignored by git).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { seedAppDatabase, startAppServer, type AppDatabase } from './app-server.js';
import { TARGET_ENV } from './harness.js';
import { buildWarmup, buildWorkload, type WorkloadId } from './workloads.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'postgres' },
    workloads: { type: 'string', default: 'W1,W4' },
    count: { type: 'string', default: '4000' },
    warm: { type: 'string', default: '3000' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
    top: { type: 'string', default: '30' },
    // Node 20's parseArgs has no --no-x negation.
    'no-profile': { type: 'boolean', default: false },
    label: { type: 'string', default: '' },
  },
});
const count = Number(values.count);
const profile = !values['no-profile'];
const connections = Number(values.connections);
const adminUrl =
  process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function drive(url: string, requests: unknown[], amount: number): Promise<void> {
  // sampleInt: autocannon notices the end only at its next sample tick (1 s by
  // default), which would round every run's duration, and so its req/s, up to whole seconds.
  const result = await autocannon({
    url,
    connections,
    amount,
    requests: requests as never,
    timeout: 10,
    sampleInt: 20,
  });
  if (result.errors + result.timeouts > 0) throw new Error(`${result.errors} errors, ${result.timeouts} timeouts`);
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function (and per package) of the samples within [fromUs, toUs]. */
function summarise(profile: CpuProfile, fromUs: number, toUs: number, top: number): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let t = profile.startTime;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i]!;
    if (t < fromUs || t > toUs) continue;
    const delta = profile.timeDeltas[i + 1] ?? 0;
    self.set(profile.samples[i]!, (self.get(profile.samples[i]!) ?? 0) + delta);
    total += delta;
  }
  const fn = new Map<string, number>();
  const pkg = new Map<string, number>();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const file = url.replace(/^file:\/\//, '');
    const where = file.includes('node_modules')
      ? (file.match(/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/)?.[1] ?? file)
      : file.includes('/server/dist/')
        ? `server/${file.split('/server/dist/')[1]}`
        : file === ''
          ? `(${functionName || 'native'})`
          : file.startsWith('node:')
            ? 'node internals'
            : file;
    const key = `${functionName || '(anonymous)'}  ${where}:${lineNumber + 1}`;
    fn.set(key, (fn.get(key) ?? 0) + us);
    const group = where.startsWith('server/') ? `server/${where.split('/')[1]}` : where;
    pkg.set(group, (pkg.get(group) ?? 0) + us);
  }
  const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
  const lines = [`profiled ${(total / 1000).toFixed(0)} ms of samples`, '', 'self time by function:'];
  for (const [key, us] of [...fn].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(us)}  ${key}`);
  lines.push('', 'self time by package / file group:');
  for (const [key, us] of [...pkg].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(us)}  ${key}`);
  return lines.join('\n');
}

const dbName = `api_tokens_profile_${process.pid}`;
async function openDatabaseFor(db: string | undefined): Promise<AppDatabase> {
  if (db !== 'postgres') return { dataDir: mkdtempSync(path.join(os.tmpdir(), 'api-tokens-profile-')) };
  await admin(`CREATE DATABASE "${dbName}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  return { databaseUrl: url.toString() };
}
const database = await openDatabaseFor(values.db);
const profDir = mkdtempSync(path.join(os.tmpdir(), 'api-tokens-cpuprof-'));
try {
  const seeded = await seedAppDatabase(database, [
    { key: 'reader', tokens: 10_000 },
    { key: 'writer', tokens: 1 },
  ]);
  const tokens = {
    reader: seeded.users.find((u) => u.key === 'reader')!.token,
    writer: seeded.users.find((u) => u.key === 'writer')!.token,
    prefix: seeded.users[0]!.token.split('_')[0]!,
  };
  const target = await startAppServer(database, {
    pin: [],
    nodeArgs: [],
    env: TARGET_ENV,
    cpuProf: profile ? profDir : undefined,
  });
  const windows: { id: WorkloadId; from: number; to: number }[] = [];
  try {
    const memory = async (when: string) => {
      const stats = await target.stats();
      const mb = (bytes: number | undefined) => ((bytes ?? 0) / 1e6).toFixed(0);
      console.log(
        `memory ${when}: peak RSS ${mb(stats.rssPeak)} MB, heap ${mb(stats.heapUsed)} / ${mb(stats.heapTotal)} MB, external ${mb(stats.external)} MB`,
      );
    };
    await memory('at start');
    const warmup = buildWarmup(tokens);
    await drive(target.url, warmup.requests, 600);
    await memory('after the warm-up');
    for (const id of values.workloads.split(',') as WorkloadId[]) {
      const workload = buildWorkload(id, tokens);
      await drive(target.url, workload.requests, Number(values.warm));
      const rows: string[] = [];
      for (let round = 0; round < Number(values.rounds); round++) {
        const before = await target.stats();
        const started = performance.now();
        await drive(target.url, workload.requests, count);
        const seconds = (performance.now() - started) / 1000;
        const after = await target.stats();
        const served = after.served - before.served;
        rows.push(
          `${(count / seconds).toFixed(0)} req/s, ` +
            `${(((after.cpuSeconds! - before.cpuSeconds!) * 1e6) / served).toFixed(0)} µs CPU/req, ` +
            `${((after.queries - before.queries) / served).toFixed(2)} statements/req, ` +
            `GC ${(((after.gcSeconds! - before.gcSeconds!) * 1e6) / served).toFixed(0)} µs/req`,
        );
      }
      await memory(`after ${id}`);
      if (workload.failures() > 0)
        throw new Error(`${id}: ${workload.failures()} failures: ${workload.sampleFailure()}`);
      console.log(`${id} ${values.label} (${count} requests × ${values.rounds}, ${connections} connections):`);
      for (const row of rows) console.log(`  ${row}`);
      if (profile) {
        const from = Number(process.hrtime.bigint() / 1000n);
        await drive(target.url, workload.requests, count);
        windows.push({ id, from, to: Number(process.hrtime.bigint() / 1000n) });
      }
    }
  } finally {
    await target.stop();
  }
  if (profile) {
    const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('the server wrote no profile');
    const profile = JSON.parse(readFileSync(path.join(profDir, file), 'utf8')) as CpuProfile;
    const out = path.join(HERE, 'tmp');
    mkdirSync(out, { recursive: true });
    for (const window of windows) {
      console.log(`\n== ${window.id} ${values.label}: profile of ${count} warm requests`);
      console.log(summarise(profile, window.from, window.to, Number(values.top)));
    }
    const name = `profile-${values.workloads.replaceAll(',', '')}${values.label ? `-${values.label}` : ''}.cpuprofile`;
    writeFileSync(path.join(out, name), JSON.stringify(profile));
    // The measured windows, to look at the same samples again (V8's clock, µs).
    writeFileSync(path.join(out, `${name}.windows.json`), JSON.stringify(windows));
  }
} finally {
  rmSync(profDir, { recursive: true, force: true });
  if (database.databaseUrl) await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  if (database.dataDir) rmSync(database.dataDir, { recursive: true, force: true });
}
