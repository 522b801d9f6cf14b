// Events and their deliveries are kept WEBHOOK_RETENTION_DAYS for admins to look
// at, then deleted by a periodic run (runtime.ts, hourly; any instance, any number at
// once: the DELETE is safe to repeat); an event with a delivery
// still pending is kept until it is done.
import type { SqlRunner } from '../db/database.js';

const PURGE = {
  name: 'webhook_events_purge_v1',
  text: `WITH purged AS (
  DELETE FROM webhook_events e
   WHERE e.created_at < $1::timestamptz
     AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id AND d.status = 'PENDING')
  RETURNING 1)
SELECT count(*)::int AS "count" FROM purged`,
} as const;

export async function purgeWebhookEvents(
  tx: Pick<SqlRunner, 'query'>,
  retentionDays: number,
  now: Date,
): Promise<number> {
  const rows = await tx.query<{ count: number }>(
    PURGE.text,
    [new Date(now.getTime() - retentionDays * 86_400_000)],
    PURGE.name,
  );
  return Number(rows[0]?.count ?? 0);
}
