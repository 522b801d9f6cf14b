// Which CPUs the benchmark pins to (bench/cpus.ts): the control group's cpuset, not the
// affinity the benchmark inherited from a pinned shell.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { cgroupCpus, parseCpuList, usableCpus } from '../bench/cpus.js';

/** A file system of these files only. */
const files = (contents: Record<string, string>) => (path: string) => {
  const text = contents[path];
  if (text === undefined) throw new Error(`ENOENT: ${path}`);
  return text;
};

describe('the CPUs the benchmark may use', () => {
  it('reads kernel CPU lists', () => {
    expect(parseCpuList('0-1\n')).toEqual([0, 1]);
    expect(parseCpuList('0-2,5,7-8')).toEqual([0, 1, 2, 5, 7, 8]);
    expect(parseCpuList('3')).toEqual([3]);
    expect(parseCpuList('')).toEqual([]);
    expect(parseCpuList('2-1')).toEqual([]);
    expect(parseCpuList('a-b')).toEqual([]);
  });

  it("takes the control group's cpuset, v1 or v2", () => {
    const v1 = files({
      '/proc/self/cgroup': '4:memory:/x\n3:cpuset:/\n0::/\n',
      '/sys/fs/cgroup/cpuset/cpuset.effective_cpus': '0-1\n',
    });
    expect(usableCpus(v1)).toEqual([0, 1]);
    const v2 = files({
      '/proc/self/cgroup': '0::/job/42\n',
      '/sys/fs/cgroup/job/42/cpuset.cpus.effective': '2-3\n',
    });
    expect(usableCpus(v2)).toEqual([2, 3]);
  });

  it("falls back to the process's own CPUs where no cpuset can be read", () => {
    const none = files({ '/proc/self/cgroup': '0::/\n' });
    expect(usableCpus(none)).toHaveLength(os.availableParallelism());
    expect(usableCpus(files({}))[0]).toBe(0);
  });

  it('is not narrowed by a pinned parent: a child pinned to one CPU still sees every CPU of the machine', () => {
    const cpus = usableCpus();
    if (cgroupCpus() === undefined || cpus.length < 2 || !existsSync('/usr/bin/taskset')) {
      // No cpuset to read, one CPU, or no taskset (not this project's machines): the fallback
      // and the parsing are checked above.
      expect(cpus.length).toBeGreaterThan(0);
      return;
    }
    const script = `import('${new URL('../bench/cpus.ts', import.meta.url).pathname}').then((m) => console.log(JSON.stringify([os.availableParallelism(), m.usableCpus()])))`;
    const out = execFileSync(
      'taskset',
      [
        '-c',
        String(cpus.at(-1)),
        process.execPath,
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `import os from 'node:os'; ${script}`,
      ],
      // From bench/, whose dependencies include tsx.
      { encoding: 'utf8', cwd: new URL('../bench/', import.meta.url).pathname },
    );
    const [seen, usable] = JSON.parse(out) as [number, number[]];
    expect(seen).toBe(1);
    expect(usable).toEqual(cpus);
  });
});
