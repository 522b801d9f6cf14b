// Records `lastUsedAt` at most once per throttle window per token, after the
// response is on its way: the write is never awaited by a request, and a failed
// write is logged, never returned to the caller.
import type { Clock } from '../clock.js';
import type { PrismaClient } from '../generated/prisma/client.js';

export interface LastUsedRecorder {
  record(tokenId: string, storedLastUsedAt: Date | null): void;
  /** Resolves when every write started so far has finished (shutdown, tests). */
  flush(): Promise<void>;
}

export function createLastUsedRecorder(options: {
  prisma: PrismaClient;
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
    record(tokenId, storedLastUsedAt) {
      const now = options.clock();
      const nowMs = now.getTime();
      if (isFresh(storedLastUsedAt?.getTime(), nowMs) || isFresh(recent.get(tokenId), nowMs)) return;
      if (recent.size >= 100_000) recent.clear();
      recent.set(tokenId, nowMs);
      const threshold = new Date(nowMs - windowMs);
      // The WHERE clause makes concurrent instances agree on the throttle too.
      const write = options.prisma.apiToken
        .updateMany({
          where: { id: tokenId, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: threshold } }] },
          data: { lastUsedAt: now },
        })
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
