// Periodic jobs that must run on one instance at a time, restart-safe: each runs in
// a transaction that first takes a PostgreSQL advisory lock of its own with
// pg_try_advisory_xact_lock — an instance that does not get it skips the round (the
// holder is doing it) — so two instances never run a job at once, and the lock goes
// with the transaction, whatever happens to the process. On the embedded database
// the one owner of the data directory is the only instance anyway. A job must be
// idempotent by its own data (what it did is written in the same transaction), so
// a restart or a skipped round never repeats or loses anything.
import type { Clock } from '../clock.js';
import type { SqlRunner } from '../db/database.js';
import type { Logger } from '../logger.js';

export interface Job {
  /** Also the advisory lock's key (hashed by the database). */
  name: string;
  everyMs: number;
  run(tx: Omit<SqlRunner, 'transaction'>, now: Date): Promise<void>;
}

export interface Scheduler {
  /** Runs every job once (awaited: a started server has done it), then each every `everyMs`. */
  start(): Promise<void>;
  /** Stops the timers and waits for a job under way. */
  stop(): Promise<void>;
  /** Runs one job now, whatever its interval (tests, CLI). */
  runNow(name: string): Promise<boolean>;
}

export function createScheduler(options: {
  sql: Pick<SqlRunner, 'transaction'>;
  clock: Clock;
  logger: Logger;
  jobs: readonly Job[];
}): Scheduler {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  const run = (job: Job): Promise<boolean> => {
    const done = options.sql.transaction(async (tx) => {
      const rows = await tx.query<{ got: boolean }>(
        `SELECT pg_try_advisory_xact_lock(hashtext('api-tokens job: ' || $1)) AS got`,
        [job.name],
      );
      if (!rows[0]?.got) return false;
      await job.run(tx, options.clock());
      return true;
    });
    running.add(done);
    void done.catch(() => undefined).finally(() => running.delete(done));
    return done;
  };
  const runLogged = (job: Job) =>
    run(job).catch((error: unknown) => {
      options.logger.warn({ err: error, job: job.name }, 'job failed');
      return false;
    });
  return {
    async start() {
      for (const job of options.jobs) {
        await runLogged(job);
        const timer = setInterval(() => void runLogged(job), job.everyMs);
        timer.unref();
        timers.push(timer);
      }
    },
    async stop() {
      for (const timer of timers.splice(0)) clearInterval(timer);
      await Promise.allSettled([...running]);
    },
    async runNow(name) {
      const job = options.jobs.find((candidate) => candidate.name === name);
      if (!job) throw new Error(`no job ${name}`);
      return run(job);
    },
  };
}
