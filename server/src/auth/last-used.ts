// Records `lastUsedAt` (and where from: IP, as TRUST_PROXY decides, and user agent) at most once per throttle window per token, after the
// response is on its way: the write is never awaited by a request, and a failed
// write is logged, never returned to the caller.
import type { Clock } from '../clock.js';
import type { SqlRunner } from '../db/database.js';

// On the driver like the lookup: one small statement, no Prisma on the hot path.
const TOUCH = {
  name: 'api_tokens_touch_v2',
  text: 'UPDATE api_tokens SET last_used_at = $2, last_used_ip = $4, last_used_user_agent = $5 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at <= $3)',
} as const;

// A use of the secret a rotation replaced, during its overlap: its own last use
// (what tells its owner whether cutting over is done), the token's last use, and
// the record the secret will be remembered by once the overlap ends — one
// statement. Matched on the digest, so a write that arrives after the next
// rotation changes nothing.
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

export interface LastUsedRecorder {
  /** `previousSecret`: the digest presented, when it is the secret a rotation replaced (recorded apart). */
  record(
    tokenId: string,
    storedLastUsedAt: Date | null,
    from?: { ip: string | null; userAgent: string | null },
    previousSecret?: Uint8Array<ArrayBuffer> | null,
  ): void;
  /** Resolves when every write started so far has finished (shutdown, tests). */
  flush(): Promise<void>;
}

export function createLastUsedRecorder(options: {
  sql: Pick<SqlRunner, 'query'>;
  clock: Clock;
  throttleSeconds: number;
  onError: (error: unknown) => void;
}): LastUsedRecorder {
  const windowMs = options.throttleSeconds * 1000;
  // Last write per token by this process; bounded so a flood of tokens cannot grow it forever.
  const recent = new Map<string, number>();
  const pending = new Set<Promise<void>>();

  function isFresh(at: number | undefined, now: number): boolean {
    return at !== undefined && now - at < windowMs;
  }

  return {
    record(tokenId, storedLastUsedAt, from, previousSecret) {
      const now = options.clock();
      const nowMs = now.getTime();
      // Each secret has its own throttle: the replaced one's uses must show up while the new one is in use too.
      const key = previousSecret ? `${tokenId}:previous` : tokenId;
      if (isFresh(storedLastUsedAt?.getTime(), nowMs) || isFresh(recent.get(key), nowMs)) return;
      if (recent.size >= 100_000) recent.clear();
      recent.set(key, nowMs);
      const threshold = new Date(nowMs - windowMs);
      const params = [tokenId, now, threshold, from?.ip?.slice(0, 100) ?? null, from?.userAgent?.slice(0, 500) ?? null];
      // The WHERE clause makes concurrent instances agree on the throttle too.
      const write = (
        previousSecret
          ? options.sql.query(TOUCH_PREVIOUS.text, [...params, previousSecret], TOUCH_PREVIOUS.name)
          : options.sql.query(TOUCH.text, params, TOUCH.name)
      ).then(
        () => undefined,
        (error: unknown) => {
          recent.delete(key);
          options.onError(error);
        },
      );
      pending.add(write);
      void write.finally(() => pending.delete(write));
    },
    async flush() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
