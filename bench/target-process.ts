// What the harness knows about a process under test, whatever it is: where it
// listens, and its peak resident memory, read from the kernel rather than sampled
// (/proc/<pid>/status VmHWM; writing 5 to /proc/<pid>/clear_refs resets it).
import type { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

export interface TargetStats {
  /** Statements the process sent to its database (0 for the baselines). */
  queries: number;
  /** Requests it answered (app server only; 0 for the baselines). */
  served: number;
  /** Peak RSS in bytes since the last resetPeak (0 where /proc is unavailable). */
  rssPeak: number;
  /** From the app server's /metrics (prom-client's process metrics); absent for the baselines. */
  cpuSeconds?: number;
  gcSeconds?: number;
  gcCount?: number;
  heapUsed?: number;
  heapTotal?: number;
  external?: number;
}

export interface Target {
  url: string;
  stats(): Promise<TargetStats>;
  /** Starts a new peak-RSS window. */
  resetPeak(): void;
  /** The highest peak RSS in bytes over the process's whole life (every window, warm-ups included). */
  runPeak(): number;
  stop(): Promise<void>;
}

export function peakRss(pid: number): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** resetPeak/runPeak for a process: the whole-life peak is the highest of its windows. */
export function peakTracker(pid: number): Pick<Target, 'resetPeak' | 'runPeak'> {
  let highest = 0;
  return {
    resetPeak() {
      highest = Math.max(highest, peakRss(pid));
      resetPeakRss(pid);
    },
    runPeak: () => Math.max(highest, peakRss(pid)),
  };
}

export function resetPeakRss(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // Not Linux, or not permitted: the peak then covers the process's whole life.
  }
}

/** Asks a child to stop (`ask`), waits for it to exit, kills it after 30 s. */
export function stopChild(child: ChildProcess, ask: () => void): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    ask();
  });
}
