import { defineConfig } from 'vitest/config';

// One run covers every package. TEST_DB=postgres runs the same suites on the
// machine's PostgreSQL (a fresh database per test file) instead of PGlite.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'server/src/**/*.test.ts', 'sdk/test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { NODE_ENV: 'test' },
  },
});
