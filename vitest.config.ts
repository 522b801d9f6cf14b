import { defineConfig } from 'vitest/config';
import LongestFirstSequencer from './test/support/sequencer.js';

// One run covers every package. TEST_DB=postgres runs the same suites on the
// machine's PostgreSQL (a fresh database per test file) instead of PGlite.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'server/src/**/*.test.ts', 'sdk/test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Per-file CPU time for `npm run test:timings` (cheap: two reads of /proc/self/stat).
    setupFiles: ['test/support/cpu-timings.ts'],
    // The longest files first even without vitest's results cache (test/support/sequencer.ts).
    sequence: { sequencer: LongestFirstSequencer },
    pool: 'forks',
    // Workers keep V8's baseline WebAssembly code for PGlite instead of recompiling hot
    // functions with TurboFan in background threads: on 2 cores that tier-up cost more
    // than it saved (full PGlite run 160 → 139 s, user CPU 178 → 148 s). Tests only.
    execArgv: ['--liftoff-only'],
    // Test files run one after another in each worker and share what they import:
    // the server's modules (Prisma client, Pothos schema, Yoga) load once per
    // worker instead of once per file, about 40% of the suite's CPU time. So a
    // test file must leave no state behind in a shared module: no vi.mock, and
    // every server it starts is stopped in its afterAll. What is shared on
    // purpose (the worker's PGlite and Chromium): test/support/README.md.
    isolate: false,
    // Three workers on two cores: many files wait (for server processes, timeouts,
    // Retry-After, Chromium, PostgreSQL), and a third worker runs while they do.
    maxWorkers: 3,
    testTimeout: 30_000,
    // expect.poll waits on a condition (never a fixed sleep); its default 1 s is too short on a loaded machine.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 60_000,
    env: { NODE_ENV: 'test' },
  },
});
