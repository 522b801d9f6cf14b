// `npm run test:timings`: where the suite's time goes, per test file (collect =
// importing it, tests = its hooks and tests), longest first, with the run's wall
// time. The sum divided by the workers is about the wall time: shorten the top
// lines. Measure on a quiet machine (`uptime`: a load average above 2 on two cores
// makes every figure meaningless).
import type { Reporter, TestModule } from 'vitest/node';

export default class FileTimingsReporter implements Reporter {
  private readonly started = performance.now();
  private readonly rows: { file: string; collect: number; tests: number; ok: boolean }[] = [];

  onTestModuleEnd(module: TestModule): void {
    const { collectDuration, duration } = module.diagnostic();
    this.rows.push({ file: module.relativeModuleId, collect: collectDuration, tests: duration, ok: module.ok() });
  }

  onTestRunEnd(): void {
    const seconds = (ms: number) => (ms / 1000).toFixed(1).padStart(6);
    const rows = [...this.rows].sort((a, b) => b.collect + b.tests - (a.collect + a.tests));
    const lines = rows.map(
      (row) =>
        `${seconds(row.collect + row.tests)} ${seconds(row.collect)} ${seconds(row.tests)}  ${row.file}${row.ok ? '' : '  (failed)'}`,
    );
    const sum = rows.reduce((total, row) => total + row.collect + row.tests, 0);
    process.stdout.write(
      [
        '',
        ` total collect  tests  file (seconds)`,
        ...lines,
        `${seconds(sum)} summed over files; wall ${seconds(performance.now() - this.started).trim()} s`,
        '',
      ].join('\n'),
    );
  }
}
