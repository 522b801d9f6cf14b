// A setup file (vitest.config.ts setupFiles): the CPU time each test file costs,
// its worker's and that of the child processes it started and waited for
// (servers, the CLI, Chromium, tsc), put on the file's task meta for
// `npm run test:timings`. CPU time, unlike wall time, barely changes with the
// machine's load, so it compares runs made at different times.
import { readFileSync } from 'node:fs';
import { afterAll } from 'vitest';

declare module 'vitest' {
  interface TaskMeta {
    /** CPU milliseconds of the file: its worker plus the children it reaped. */
    cpuMs?: number;
  }
}

/** Linux only (/proc); elsewhere no figure. Clock ticks are 1/100 s on Linux. */
function cpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, utime..cstime are 14..17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index]), 0);
    return ticks * 10;
  } catch {
    return undefined;
  }
}

const started = cpuMs();

// Registered first, so it runs after the file's own afterAll hooks (hooks run in reverse order).
// biome-ignore lint/correctness/noEmptyPattern: vitest insists on a destructuring pattern for a hook's first argument.
afterAll(({}, suite) => {
  const ended = cpuMs();
  if (started !== undefined && ended !== undefined) suite.meta.cpuMs = ended - started;
});
