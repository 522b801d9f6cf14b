// `api_token.expiring`: raised 7 days and 1 day before a token expires, each once.
// A periodic job (jobs/scheduler.ts: one instance at a time) notes every token that
// has crossed a threshold in api_token_expiry_notices — ON CONFLICT DO NOTHING, so a
// token is noted once per threshold whatever restarts or overlaps — and writes the
// event for each new note in the same transaction. A token created closer to its
// expiry than 7 days gets only the nearest threshold's event; canaries get none.
import type { SqlRunner } from '../db/database.js';
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

/** Raises the expiring events due at `now` (inside the scheduler's transaction); returns how many. */
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
