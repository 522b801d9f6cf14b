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
  /** Runs every job whose interval has passed (called by the webhook worker's poll). */
  tick(): Promise<void>;
  /** Runs one job now, whatever its interval (tests, CLI). */
  runNow(name: string): Promise<boolean>;
}

export function createScheduler(options: {
  sql: Pick<SqlRunner, 'transaction'>;
  clock: Clock;
  logger: Logger;
  jobs: readonly Job[];
}): Scheduler {
  const lastRun = new Map<string, number>();
  const run = async (job: Job): Promise<boolean> => {
    const now = options.clock();
    lastRun.set(job.name, now.getTime());
    return options.sql.transaction(async (tx) => {
      const rows = await tx.query<{ got: boolean }>(
        `SELECT pg_try_advisory_xact_lock(hashtext('api-tokens job: ' || $1)) AS got`,
        [job.name],
      );
      if (!rows[0]?.got) return false;
      await job.run(tx, now);
      return true;
    });
  };
  return {
    async tick() {
      const now = options.clock().getTime();
      for (const job of options.jobs) {
        const last = lastRun.get(job.name);
        if (last !== undefined && now - last < job.everyMs && now >= last) continue;
        await run(job).catch((error: unknown) => options.logger.warn({ err: error, job: job.name }, 'job failed'));
      }
    },
    async runNow(name) {
      const job = options.jobs.find((candidate) => candidate.name === name);
      if (!job) throw new Error(`no job ${name}`);
      return run(job);
    },
  };
}
