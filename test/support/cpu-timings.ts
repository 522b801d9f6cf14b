// A setup file (vitest.config.ts setupFiles): the CPU time each test file costs,
// its worker's, that of the child processes it started and waited for (servers,
// the CLI, tsc) and that of the worker's descendants still running (the shared
// Chromium and its renderers, which outlive the file), put on the file's task
// meta for `npm run test:timings`. CPU time, unlike wall time, barely changes
// with the machine's load, so it compares runs made at different times.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll } from 'vitest';

declare module 'vitest' {
  interface TaskMeta {
    /** CPU milliseconds of the file: its worker, the children it reaped, and its live descendants. */
    cpuMs?: number;
  }
}

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces): state is [0], ppid [1], utime..cstime [11..14]. */
function statFields(pid: number | 'self'): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined; // gone meanwhile
  }
}

/** Clock ticks (1/100 s on Linux) of a process and of the children it reaped. */
const ticks = (fields: string[]) => [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index]), 0);

/**
 * Linux only (/proc); elsewhere no figure. Live descendants are found by their
 * parent ids; one that ends between two readings moves into its parent's
 * reaped-children figure, so the sum stays steady.
 */
function cpuMs(): number | undefined {
  const self = statFields('self');
  if (!self) return undefined;
  const children = new Map<number, number[]>();
  const total = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const fields = statFields(Number(name));
    if (!fields) continue;
    const parent = Number(fields[1]);
    children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
    total.set(Number(name), ticks(fields));
  }
  let sum = ticks(self);
  const queue = [...(children.get(process.pid) ?? [])];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    sum += total.get(pid) ?? 0;
    queue.push(...(children.get(pid) ?? []));
  }
  return sum * 10;
}

const started = cpuMs();

// Registered first, so it runs after the file's own afterAll hooks (hooks run in reverse order).
// biome-ignore lint/correctness/noEmptyPattern: vitest insists on a destructuring pattern for a hook's first argument.
afterAll(({}, suite) => {
  const ended = cpuMs();
  if (started !== undefined && ended !== undefined) suite.meta.cpuMs = ended - started;
});
