// `api_token.expiring`: raised 7 days and 1 day before a token expires, each once.
// A periodic run (runtime.ts schedules it like the inactivity sweep) notes every
// token that has crossed a threshold in api_token_expiry_notices — ON CONFLICT DO
// NOTHING, so a token is noted once per threshold whatever restarts or overlaps —
// and writes the event for each new note in the same transaction. A token created
// closer to its expiry than 7 days gets only the nearest threshold's event; canaries
// get none; a rotation that changes the expiry forgets the notes (service.ts).
// One instance at a time, as the sweep does it (inactivity-sweep.ts): on PostgreSQL
// the run's transaction first takes an advisory lock, and an instance that cannot
// skips the round; on PGlite the server is the directory's only owner.
import type { Clock } from '../clock.js';
import type { Database, SqlRunner } from '../db/database.js';
import type { Logger } from '../logger.js';
import { enqueueEvent, sqlWriter } from '../events/outbox.js';
import { eventToken } from '../events/payloads.js';

export const EXPIRY_THRESHOLDS_DAYS = [7, 1] as const;

const NOTE = {
  name: 'api_token_expiry_notices_note_v1',
  text: `WITH due AS (
  SELECT t.id, d.days
    FROM api_tokens t
    CROSS JOIN (VALUES (7), (1)) AS d(days)
   WHERE NOT t.canary AND t.expires_at > $1::timestamptz
     AND t.expires_at <= $1::timestamptz + make_interval(days => d.days)
     AND (d.days = 1 OR t.expires_at > $1::timestamptz + interval '1 day')
), noted AS (
  INSERT INTO api_token_expiry_notices (token_id, days, created_at)
  SELECT id, days, $1::timestamptz FROM due
  ON CONFLICT DO NOTHING
  RETURNING token_id, days
)
SELECT t.id, t.name, t.hint, t.owner_id AS "ownerId", t.expires_at AS "expiresAt", u.workspace_id AS "workspaceId", n.days
  FROM noted n JOIN api_tokens t ON t.id = n.token_id JOIN users u ON u.id = t.owner_id
 ORDER BY t.expires_at, t.id`,
} as const;

interface Noted {
  id: string;
  name: string;
  hint: string;
  ownerId: string;
  expiresAt: Date | string;
  workspaceId: string;
  days: number;
}

/** Raises the expiring events due at `now` (inside the caller's transaction); returns how many. */
export async function raiseExpiringEvents(tx: Pick<SqlRunner, 'query'>, now: Date): Promise<number> {
  const noted = await tx.query<Noted>(NOTE.text, [now], NOTE.name);
  for (const token of noted) {
    const expiresAt = new Date(token.expiresAt);
    await enqueueEvent(
      sqlWriter(tx),
      {
        workspaceId: token.workspaceId,
        type: 'api_token.expiring',
        data: {
          api_token: eventToken({ ...token, expiresAt }),
          expires_at: expiresAt.toISOString(),
          days_before: token.days,
        },
      },
      now,
    );
  }
  return noted.length;
}

/** pg_try_advisory_xact_lock's key for these runs (the sweep's is 1_414_090_519; Prisma's migrations take 72707369). */
export const EXPIRING_LOCK_KEY = 1_414_090_520;

export interface ExpiringEvents {
  /** One round now; a round already under way in this process finishes first. */
  run(): Promise<{ skipped: boolean; raised: number }>;
  /** Later rounds do nothing; waits for one under way. */
  stop(): Promise<void>;
}

export function createExpiringEvents(options: {
  db: Pick<Database, 'kind' | 'sql'>;
  clock: Clock;
  logger?: Logger | undefined;
}): ExpiringEvents {
  const { db, clock, logger } = options;
  let stopped = false;
  let queue: Promise<unknown> = Promise.resolve();
  const once = () =>
    stopped
      ? Promise.resolve({ skipped: true, raised: 0 })
      : db.sql.transaction(async (tx) => {
          if (db.kind === 'postgresql') {
            const [row] = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [
              EXPIRING_LOCK_KEY,
            ]);
            if (!row?.locked) return { skipped: true, raised: 0 };
          }
          return { skipped: false, raised: await raiseExpiringEvents(tx, clock()) };
        });
  return {
    run() {
      const result = queue.then(once, once);
      queue = result.catch(() => undefined);
      return result.then((outcome) => {
        if (outcome.raised > 0) logger?.info({ raised: outcome.raised }, 'raised api_token.expiring events');
        return outcome;
      });
    },
    async stop() {
      stopped = true;
      await queue;
    },
  };
}
