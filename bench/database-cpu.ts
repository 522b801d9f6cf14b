// The CPU PostgreSQL spends on a workload, when it runs on this machine: the user and
// system time of every `postgres` process from /proc, per window. What an operator
// needs to size PostgreSQL for a target load (bench/README.md, "Capacity and sizing"),
// next to the app server's own CPU per request from its /metrics.
// A process that exits within a window takes its last ticks with it (the pools keep
// their connections open, so this is rare), and a process that starts counts from 0.
import { readdirSync, readFileSync } from 'node:fs';

/** Ticks of /proc/<pid>/stat: USER_HZ, 100 on Linux whatever the kernel's own tick rate. */
const TICKS_PER_SECOND = 100;

/** CPU ticks per `postgres` process now. */
export type PostgresCpuSnapshot = Map<number, number>;

/** Whether the database at `url` runs on this machine, so that its processes can be read. */
export function isLocalDatabase(url: string): boolean {
  const host = new URL(url).hostname;
  return ['127.0.0.1', 'localhost', '[::1]', '::1', ''].includes(host);
}

function processTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: count fields after its end.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined; // gone in between
  }
}

/** Every `postgres` process's CPU ticks; undefined where /proc cannot be read (not Linux). */
export function postgresCpuSnapshot(): PostgresCpuSnapshot | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  const snapshot: PostgresCpuSnapshot = new Map();
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    let name: string;
    try {
      name = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      continue;
    }
    if (name !== 'postgres') continue;
    const ticks = processTicks(pid);
    if (ticks !== undefined) snapshot.set(pid, ticks);
  }
  return snapshot.size > 0 ? snapshot : undefined;
}

/** CPU seconds PostgreSQL's processes used between two snapshots. */
export function postgresCpuSeconds(before: PostgresCpuSnapshot, after: PostgresCpuSnapshot): number {
  let ticks = 0;
  for (const [pid, now] of after) ticks += Math.max(0, now - (before.get(pid) ?? 0));
  return ticks / TICKS_PER_SECOND;
}
