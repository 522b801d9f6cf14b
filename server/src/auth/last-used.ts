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

export interface LastUsedRecorder {
  record(tokenId: string, storedLastUsedAt: Date | null, from?: { ip: string | null; userAgent: string | null }): void;
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
    record(tokenId, storedLastUsedAt, from) {
      const now = options.clock();
      const nowMs = now.getTime();
      if (isFresh(storedLastUsedAt?.getTime(), nowMs) || isFresh(recent.get(tokenId), nowMs)) return;
      if (recent.size >= 100_000) recent.clear();
      recent.set(tokenId, nowMs);
      const threshold = new Date(nowMs - windowMs);
      // The WHERE clause makes concurrent instances agree on the throttle too.
      const write = options.sql
        .query(
          TOUCH.text,
          [tokenId, now, threshold, from?.ip?.slice(0, 100) ?? null, from?.userAgent?.slice(0, 500) ?? null],
          TOUCH.name,
        )
        .then(
          () => undefined,
          (error: unknown) => {
            recent.delete(tokenId);
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
