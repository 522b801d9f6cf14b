// The order test files start in. The workers take files one after another, so
// a long file started last keeps one worker busy after the others have run out
// of work. Vitest starts the files that took longest last time first (its results
// cache, node_modules/.vite/vitest); without that cache (a fresh clone, as CI
// runs) it would start the largest files first, and the benchmark smoke test, a
// short file but the longest run, would start near the end. So, while the cache
// lacks any of them, the files known to take longest (`npm run test:timings`)
// start first, longest first; after them, vitest's own order.
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export const LONGEST_FIRST = [
  'test/bench.test.ts',
  'test/one-owner.test.ts',
  'sdk/test/pack.test.ts',
  'test/cli.test.ts',
  'test/web/token-lifecycle-page.test.ts',
  'test/web/token-page.test.ts',
  'test/web/page-resilience.test.ts',
  'test/lifecycle.test.ts',
  'test/hardening/faults.test.ts',
  'test/web/graphiql.test.ts',
  'test/web/token-detail.test.ts',
  'test/web/screenshots.test.ts',
  'test/test-database.test.ts',
  'test/rotation.test.ts',
  'test/web/rotation-and-scopes.test.ts',
  'test/data-dir-lock.test.ts',
  'sdk/test/retries.test.ts',
];

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const relative = (file: TestSpecification) => path.relative(this.ctx.config.root, file.moduleId);
    const cached = (file: TestSpecification) =>
      this.ctx.cache.getFileTestResults(`${file.project.name}:${relative(file)}`) !== undefined;
    const known = sorted.filter((file) => LONGEST_FIRST.includes(relative(file)));
    if (known.every(cached)) return sorted;
    const rank = (file: TestSpecification) => LONGEST_FIRST.indexOf(relative(file));
    return [...known.sort((a, b) => rank(a) - rank(b)), ...sorted.filter((file) => rank(file) < 0)];
  }
}
