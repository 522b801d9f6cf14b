// The CPUs the benchmark may pin its processes to. Its own affinity is not the limit:
// a shell pinned to one CPU passes that on to everything it starts, and
// `os.availableParallelism()` then says 1 on a 2-CPU machine, so the run would go
// unpinned with the server and the load generator sharing one core (it happened:
// bench/README.md, "Issue 16, seventh session"). `taskset` can widen an affinity
// again within the control group's cpuset, so that cpuset is the limit.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** CPU numbers of a kernel CPU list such as "0-3,6"; [] for anything else. */
export function parseCpuList(text: string): number[] {
  const cpus: number[] = [];
  for (const part of text.trim().split(',')) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!match) return [];
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (last < first) return [];
    for (let cpu = first; cpu <= last; cpu++) cpus.push(cpu);
  }
  return cpus;
}

type ReadFile = (path: string) => string;
const readText: ReadFile = (file) => readFileSync(file, 'utf8');

/** The cpuset of this process's control group (v2, else v1), or undefined where there is none to read. */
export function cgroupCpus(read: ReadFile = readText): number[] | undefined {
  let membership: string;
  try {
    membership = read('/proc/self/cgroup');
  } catch {
    return undefined;
  }
  const candidates: string[] = [];
  for (const line of membership.split('\n')) {
    const [, controllers, group] = line.split(':');
    if (group === undefined) continue;
    if (controllers === '') candidates.push(path.posix.join('/sys/fs/cgroup', group, 'cpuset.cpus.effective'));
    if (controllers?.split(',').includes('cpuset'))
      candidates.push(path.posix.join('/sys/fs/cgroup/cpuset', group, 'cpuset.effective_cpus'));
  }
  for (const file of candidates) {
    try {
      const cpus = parseCpuList(read(file));
      if (cpus.length > 0) return cpus;
    } catch {
      // not this hierarchy
    }
  }
  return undefined;
}

/** The CPUs the benchmark may use, lowest first: the control group's cpuset, else 0 … availableParallelism − 1. */
export function usableCpus(read: ReadFile = readText): number[] {
  return cgroupCpus(read) ?? Array.from({ length: os.availableParallelism?.() ?? os.cpus().length }, (_, cpu) => cpu);
}
