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
}

export interface Target {
  url: string;
  stats(): Promise<TargetStats>;
  /** Starts a new peak-RSS window. */
  resetPeak(): void;
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
