// The inactivity sweep: revokes every token unused for its workspace's
// inactivityRevokeDays (never used: counted from creation), with reason INACTIVE,
// one token per transaction through TokenService's revocation (fence, cache
// invalidation, revoked-history record, audit row with the system as actor).
//
// - One sweeper at a time. On PostgreSQL, where many instances share the database, a
//   sweep runs only while it holds a transaction-scoped advisory lock: an instance
//   that cannot take it skips this round (another is sweeping), and a crashed
//   sweeper's lock goes with its connection. On PGlite the server is the directory's
//   only owner (db/data-dir-lock.ts); within a process, runs queue behind each other.
// - Idempotent and restart-safe: it keeps no state. Each run reads what is due now,
//   in keyset batches; each revocation re-checks the rule in its DELETE, so a token
//   used meanwhile, or revoked by someone else, is left alone and not counted.
// - Stoppable: stop() ends a run between two revocations.
import type { RequestMeta } from '../audit/audit.js';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { TokenService } from './service.js';

/** pg_try_advisory_xact_lock's key for the sweep (any fixed number no other lock of ours uses; Prisma's migrations take 72707369). */
export const SWEEP_LOCK_KEY = 1_414_090_519;
/** Tokens read per batch; each is still revoked in a transaction of its own. */
export const SWEEP_BATCH_SIZE = 200;
const SWEEP_META: RequestMeta = { ip: null, userAgent: 'api-tokens inactivity sweep' };

export interface SweepResult {
  /** Another instance held the lock (PostgreSQL), or the sweep was stopped: nothing was done. */
  skipped: boolean;
  /** Tokens this run revoked. */
  revoked: number;
}

export interface InactivitySweep {
  /** One full sweep now; a run already under way in this process finishes first. */
  run(): Promise<SweepResult>;
  /** Ends a run under way after its current revocation; later runs do nothing. */
  stop(): Promise<void>;
}

export function createInactivitySweep(options: {
  db: Pick<Database, 'kind' | 'sql'>;
  tokens: TokenService;
  logger?: Logger | undefined;
  batchSize?: number;
}): InactivitySweep {
  const { db, tokens, logger } = options;
  const batchSize = options.batchSize ?? SWEEP_BATCH_SIZE;
  let stopped = false;
  let queue: Promise<unknown> = Promise.resolve();

  const sweepAll = async (): Promise<SweepResult> => {
    let revoked = 0;
    let after: string | null = null;
    for (;;) {
      const batch = await tokens.inactiveTokens(after, batchSize);
      for (const token of batch) {
        if (stopped) return { skipped: false, revoked };
        if (await tokens.revokeInactive(token, SWEEP_META)) revoked += 1;
      }
      const last = batch.at(-1);
      if (!last || batch.length < batchSize) return { skipped: false, revoked };
      after = last.id;
    }
  };

  const once = async (): Promise<SweepResult> => {
    if (stopped) return { skipped: true, revoked: 0 };
    if (db.kind !== 'postgresql') return sweepAll();
    // The lock's transaction only holds the lock: the revocations run on other connections.
    return db.sql.transaction(async (tx) => {
      const [row] = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [
        SWEEP_LOCK_KEY,
      ]);
      if (!row?.locked) return { skipped: true, revoked: 0 };
      return sweepAll();
    });
  };

  const run = (): Promise<SweepResult> => {
    const result = queue.then(once, once);
    queue = result.catch(() => undefined);
    return result.then((outcome) => {
      // A count only: never a token, a name or an owner.
      if (outcome.revoked > 0) logger?.info({ revoked: outcome.revoked }, 'inactivity sweep revoked unused tokens');
      else logger?.debug({ skipped: outcome.skipped }, 'inactivity sweep found nothing to revoke');
      return outcome;
    });
  };

  return {
    run,
    stop: async () => {
      stopped = true;
      await queue;
    },
  };
}
