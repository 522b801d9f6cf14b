// `npm run test:timings`: where the suite's time goes, per test file (collect =
// importing it, tests = its hooks and tests, cpu = CPU seconds of its worker and
// the child processes it waited for, from test/support/cpu-timings.ts), longest
// first, with the run's wall time. The wall sum divided by the workers is about
// the wall time: shorten the top lines. Wall figures grow with the machine's load
// (`uptime`); CPU figures barely do, so compare those between runs made at
// different times.
import type { Reporter, TestModule } from 'vitest/node';

export default class FileTimingsReporter implements Reporter {
  private readonly started = performance.now();
  private readonly rows: { file: string; collect: number; tests: number; cpu?: number; ok: boolean }[] = [];

  onTestModuleEnd(module: TestModule): void {
    const { collectDuration, duration } = module.diagnostic();
    this.rows.push({
      file: module.relativeModuleId,
      collect: collectDuration,
      tests: duration,
      cpu: module.meta().cpuMs,
      ok: module.ok(),
    });
  }

  onTestRunEnd(): void {
    const seconds = (ms: number | undefined) => (ms === undefined ? '     ?' : (ms / 1000).toFixed(1).padStart(6));
    const rows = [...this.rows].sort((a, b) => b.collect + b.tests - (a.collect + a.tests));
    const lines = rows.map(
      (row) =>
        `${seconds(row.collect + row.tests)} ${seconds(row.collect)} ${seconds(row.tests)} ${seconds(row.cpu)}  ${row.file}${row.ok ? '' : '  (failed)'}`,
    );
    const sum = rows.reduce((total, row) => total + row.collect + row.tests, 0);
    const cpu = rows.reduce((total, row) => total + (row.cpu ?? 0), 0);
    process.stdout.write(
      [
        '',
        ` total collect  tests    cpu  file (seconds)`,
        ...lines,
        `${seconds(sum)}                ${seconds(cpu)}  summed over files; wall ${seconds(performance.now() - this.started).trim()} s`,
        '',
      ].join('\n'),
    );
  }
}
