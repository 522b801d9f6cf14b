// Fixed-window counters for rate limits: in Redis when REDIS_URL is set (shared
// by every instance), in process otherwise. A store that fails (Redis down)
// throws; the limiter decides to fail open.
import { Redis } from 'ioredis';

export interface WindowCount {
  count: number;
  /** Milliseconds until the window resets. */
  resetMs: number;
}

export interface RateLimitStore {
  readonly kind: 'redis' | 'memory';
  /** Adds one to `key` (starting a window of `windowMs` if none) and returns the new count. */
  hit(key: string, windowMs: number): Promise<WindowCount>;
  /** Reads `key` without changing it. */
  peek(key: string): Promise<WindowCount>;
  close(): Promise<void>;
}

export function createMemoryStore(now: () => number = Date.now): RateLimitStore {
  const windows = new Map<string, { count: number; resetAt: number }>();
  function live(key: string, at: number) {
    const entry = windows.get(key);
    if (entry && entry.resetAt <= at) {
      windows.delete(key);
      return undefined;
    }
    return entry;
  }
  function prune(at: number) {
    if (windows.size < 50_000) return;
    for (const [key, entry] of windows) if (entry.resetAt <= at) windows.delete(key);
    // Still full of live windows: an attack with many keys. Forget rather than grow without bound.
    if (windows.size >= 50_000) windows.clear();
  }
  return {
    kind: 'memory',
    async hit(key, windowMs) {
      const at = now();
      let entry = live(key, at);
      if (!entry) {
        prune(at);
        entry = { count: 0, resetAt: at + windowMs };
        windows.set(key, entry);
      }
      entry.count += 1;
      return { count: entry.count, resetMs: entry.resetAt - at };
    },
    async peek(key) {
      const at = now();
      const entry = live(key, at);
      return entry ? { count: entry.count, resetMs: entry.resetAt - at } : { count: 0, resetMs: 0 };
    },
    async close() {
      windows.clear();
    },
  };
}

const HIT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`;

export function createRedisStore(url: string, prefix: string): RateLimitStore {
  const redis = new Redis(url, {
    // Never let a slow or absent Redis hold a request: fail fast, the limiter fails open.
    commandTimeout: 500,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    lazyConnect: false,
  });
  redis.on('error', () => {});
  redis.defineCommand('rateLimitHit', { numberOfKeys: 1, lua: HIT });
  const hitCommand = (redis as unknown as { rateLimitHit(key: string, windowMs: number): Promise<[number, number]> }).rateLimitHit.bind(redis);
  return {
    kind: 'redis',
    async hit(key, windowMs) {
      const [count, ttl] = await hitCommand(prefix + key, windowMs);
      return { count: Number(count), resetMs: Number(ttl) };
    },
    async peek(key) {
      const [[, count], [, ttl]] = (await redis.multi().get(prefix + key).pttl(prefix + key).exec()) as [[unknown, string | null], [unknown, number]];
      return count === null ? { count: 0, resetMs: 0 } : { count: Number(count), resetMs: Math.max(0, Number(ttl)) };
    },
    async close() {
      redis.disconnect();
    },
  };
}
