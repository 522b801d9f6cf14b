// Records `lastUsedAt` (and where from: IP, as TRUST_PROXY decides, and user agent) at most once per throttle window per token, after the
// response is on its way: the write is never awaited by a request, and a failed
// write is logged, never returned to the caller.
//
// Due uses are gathered for LAST_USED_FLUSH_MS and written together: one UPDATE
// for however many tokens were used in that interval (many distinct tokens at once
// would otherwise cost a statement per request). 0 writes each use at once.
import type { Clock } from '../clock.js';
import type { SqlRunner } from '../db/database.js';

// On the driver like the lookup, no Prisma on the hot path. One row per token (the
// pending map is keyed by token); each row carries its own threshold, and the WHERE
// clause makes concurrent instances agree on the throttle too.
const TOUCH_BATCH = {
  name: 'api_tokens_touch_batch_v1',
  text: `UPDATE api_tokens t
            SET last_used_at = u.used_at, last_used_ip = u.ip, last_used_user_agent = u.user_agent
           FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::text[], $5::text[])
                AS u(id, used_at, threshold, ip, user_agent)
          WHERE t.id = u.id AND (t.last_used_at IS NULL OR t.last_used_at <= u.threshold)`,
} as const;

// A use of the secret a rotation replaced, during its overlap: its own last use
// (what tells its owner whether cutting over is done), the token's last use, and
// the record the secret will be remembered by once the overlap ends — one
// statement. Matched on the digest, so a write that arrives after the next
// rotation changes nothing. Rare (only during an overlap): written one by one at
// the flush, not batched.
const TOUCH_PREVIOUS = {
  name: 'api_tokens_touch_previous_v1',
  text: `WITH touched AS (
           UPDATE api_tokens
              SET previous_secret_last_used_at = $2, last_used_at = GREATEST(last_used_at, $2),
                  last_used_ip = $4, last_used_user_agent = $5
            WHERE id = $1 AND previous_digest = $6
              AND (previous_secret_last_used_at IS NULL OR previous_secret_last_used_at <= $3)
        RETURNING previous_digest)
         UPDATE revoked_api_tokens r SET last_used_at = $2 FROM touched
          WHERE r.digest = touched.previous_digest AND r.reason = 'ROTATED'`,
} as const;

/** Uses waiting for the flush beyond this are written at once (the map stays bounded under a flood of tokens). */
export const MAX_PENDING_USES = 10_000;

export interface LastUsedRecorder {
  /** `previousSecret`: the digest presented, when it is the secret a rotation replaced (recorded apart). */
  record(
    tokenId: string,
    storedLastUsedAt: Date | null,
    from?: { ip: string | null; userAgent: string | null },
    previousSecret?: Uint8Array<ArrayBuffer> | null,
  ): void;
  /** Writes every use still waiting, and resolves when every write started so far has finished (shutdown, tests). */
  flush(): Promise<void>;
}

interface PendingUse {
  key: string;
  tokenId: string;
  usedAt: Date;
  /** A stored last use at or before this is due to be replaced. */
  threshold: Date;
  ip: string | null;
  userAgent: string | null;
  previousSecret: Uint8Array<ArrayBuffer> | null;
}

export function createLastUsedRecorder(options: {
  sql: Pick<SqlRunner, 'query'>;
  clock: Clock;
  throttleSeconds: number;
  /** LAST_USED_FLUSH_MS: how long due uses wait to be written together; 0: at once. */
  flushMs: number;
  onError: (error: unknown) => void;
  /** Uses waiting beyond this are written at once. */
  maxPending?: number;
}): LastUsedRecorder {
  const windowMs = options.throttleSeconds * 1000;
  const maxPending = options.maxPending ?? MAX_PENDING_USES;
  // Last write per token by this process; bounded so a flood of tokens cannot grow it forever.
  const recent = new Map<string, number>();
  // Due uses not written yet, by token (and secret): a later use replaces an earlier one.
  let waiting = new Map<string, PendingUse>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const inFlight = new Set<Promise<void>>();

  function isFresh(at: number | undefined, now: number): boolean {
    return at !== undefined && now - at < windowMs;
  }

  /** A failed write is logged, and its tokens forgotten by the throttle: their next use tries again. */
  function track(write: Promise<unknown>, uses: readonly PendingUse[]): void {
    const done = write.then(
      () => undefined,
      (error: unknown) => {
        for (const use of uses) if (recent.get(use.key) === use.usedAt.getTime()) recent.delete(use.key);
        options.onError(error);
      },
    );
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  }

  function writeWaiting(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    if (waiting.size === 0) return;
    const uses = [...waiting.values()];
    waiting = new Map();
    const current = uses.filter((use) => use.previousSecret === null);
    if (current.length > 0)
      track(
        options.sql.query(
          TOUCH_BATCH.text,
          [
            current.map((use) => use.tokenId),
            current.map((use) => use.usedAt),
            current.map((use) => use.threshold),
            current.map((use) => use.ip),
            current.map((use) => use.userAgent),
          ],
          TOUCH_BATCH.name,
        ),
        current,
      );
    for (const use of uses) {
      if (use.previousSecret === null) continue;
      const params = [use.tokenId, use.usedAt, use.threshold, use.ip, use.userAgent, use.previousSecret];
      track(options.sql.query(TOUCH_PREVIOUS.text, params, TOUCH_PREVIOUS.name), [use]);
    }
  }

  return {
    record(tokenId, storedLastUsedAt, from, previousSecret) {
      const usedAt = options.clock();
      const nowMs = usedAt.getTime();
      // Each secret has its own throttle: the replaced one's uses must show up while the new one is in use too.
      const key = previousSecret ? `${tokenId}:previous` : tokenId;
      if (isFresh(storedLastUsedAt?.getTime(), nowMs) || isFresh(recent.get(key), nowMs)) return;
      if (recent.size >= 100_000) recent.clear();
      recent.set(key, nowMs);
      waiting.set(key, {
        key,
        tokenId,
        usedAt,
        threshold: new Date(nowMs - windowMs),
        ip: from?.ip?.slice(0, 100) ?? null,
        userAgent: from?.userAgent?.slice(0, 500) ?? null,
        previousSecret: previousSecret ?? null,
      });
      if (options.flushMs === 0 || waiting.size >= maxPending) writeWaiting();
      else if (!timer) {
        timer = setTimeout(writeWaiting, options.flushMs);
        // Never what keeps a process alive: shutdown flushes.
        timer.unref?.();
      }
    },
    async flush() {
      writeWaiting();
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}
