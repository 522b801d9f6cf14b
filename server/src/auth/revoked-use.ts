// Counts requests made with revoked tokens on their revoked-history record: a sign
// that something still holds the token. Writes are throttled like lastUsedAt (at
// most one per record per window, never on the response path), but the count stays
// exact: uses between writes are accumulated here and added by the next write (at
// the end of the window, or at shutdown through flush()). The UPDATE adds to the
// stored count, so instances sharing a database never overwrite each other. Each
// write also raises `api_token.used_after_revocation` (webhooks) in its transaction:
// at most one event per record per window, with the uses it adds and the total.
import type { Clock } from '../clock.js';
import type { SqlRunner } from '../db/database.js';
import { enqueueEvent, sqlWriter } from '../events/outbox.js';
import { eventToken } from '../events/payloads.js';

const ADD_USES = {
  name: 'revoked_api_tokens_add_uses_v2',
  text: `UPDATE revoked_api_tokens r
            SET used_after_revocation_count = r.used_after_revocation_count + $2,
                last_used_after_revocation_at = GREATEST(r.last_used_after_revocation_at, $3),
                last_used_after_revocation_ip = CASE WHEN r.last_used_after_revocation_at IS NULL OR r.last_used_after_revocation_at <= $3 THEN $4 ELSE r.last_used_after_revocation_ip END
           FROM users u
          WHERE r.id = $1 AND u.id = r.owner_id
      RETURNING r.id, r.name, r.hint, r.owner_id AS "ownerId", u.workspace_id AS "workspaceId",
                r.used_after_revocation_count AS "total", r.revoked_at AS "revokedAt"`,
} as const;

interface Counted {
  id: string;
  name: string;
  hint: string;
  ownerId: string;
  workspaceId: string;
  total: number;
  revokedAt: Date | string;
}

interface Pending {
  count: number;
  lastAt: Date;
  ip: string | null;
}

export interface RevokedUseRecorder {
  record(revokedTokenId: string, ip: string | null): void;
  /** Writes every accumulated use now and waits for all writes (shutdown, tests). */
  flush(): Promise<void>;
}

export function createRevokedUseRecorder(options: {
  sql: Pick<SqlRunner, 'transaction'>;
  clock: Clock;
  throttleSeconds: number;
  onError: (error: unknown) => void;
  /** After a write that may have raised an event (wakes this instance's webhook worker). */
  eventsWritten?: () => void;
}): RevokedUseRecorder {
  const windowMs = options.throttleSeconds * 1000;
  const pending = new Map<string, Pending>();
  // When this process last wrote each record; a timer per record with uses waiting.
  const lastWrite = new Map<string, number>();
  const timers = new Map<string, NodeJS.Timeout>();
  const writes = new Set<Promise<void>>();

  function write(id: string): void {
    const uses = pending.get(id);
    clearTimeout(timers.get(id));
    timers.delete(id);
    if (!uses) return;
    pending.delete(id);
    lastWrite.set(id, options.clock().getTime());
    const ip = uses.ip?.slice(0, 100) ?? null;
    const done = options.sql
      .transaction(async (tx) => {
        const rows = await tx.query<Counted>(ADD_USES.text, [id, uses.count, uses.lastAt, ip], ADD_USES.name);
        const counted = rows[0];
        if (!counted) return 0;
        return enqueueEvent(
          sqlWriter(tx),
          {
            workspaceId: counted.workspaceId,
            type: 'api_token.used_after_revocation',
            data: {
              api_token: eventToken(counted),
              revoked_at: new Date(counted.revokedAt).toISOString(),
              uses: uses.count,
              total_uses: counted.total,
              last_used_at: uses.lastAt.toISOString(),
              last_used_ip: ip,
            },
          },
          uses.lastAt,
        );
      })
      .then(
        (queued) => {
          if (queued > 0) options.eventsWritten?.();
        },
        (error: unknown) => {
          // Put the uses back so a later write (or flush) still adds them.
          const now = pending.get(id);
          pending.set(id, now ? { ...now, count: now.count + uses.count } : uses);
          options.onError(error);
        },
      );
    writes.add(done);
    void done.finally(() => writes.delete(done));
  }

  return {
    record(id, ip) {
      const now = options.clock();
      const uses = pending.get(id);
      if (uses) {
        uses.count += 1;
        uses.lastAt = now;
        uses.ip = ip;
      } else {
        // Bounded like the last-used recorder: a flood of revoked tokens writes at once instead.
        if (lastWrite.size >= 100_000) lastWrite.clear();
        pending.set(id, { count: 1, lastAt: now, ip });
      }
      const since = lastWrite.get(id);
      const waitMs = since === undefined ? 0 : since + windowMs - now.getTime();
      if (waitMs <= 0 || pending.size > 10_000) return write(id);
      if (!timers.has(id)) {
        const timer = setTimeout(() => write(id), waitMs);
        timer.unref();
        timers.set(id, timer);
      }
    },
    async flush() {
      for (const id of [...pending.keys()]) write(id);
      while (writes.size > 0) await Promise.all([...writes]);
    },
  };
}
