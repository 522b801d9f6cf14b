// Keeps the verified-token cache honest: listens for the database's notifications
// of authentication changes (token deleted, user or workspace changed) and its own
// heartbeat, and feeds both to the cache (see verification-cache.ts).
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import { AUTH_CHANNEL, createVerificationCache, type VerificationCache } from './verification-cache.js';

/** The server's verified-token cache, sized by configuration, saying in the log when it turns on or off. */
export function createServerAuthCache(
  config: Pick<Config, 'authCacheTtlSeconds' | 'authCacheMaxEntries' | 'authCacheHeartbeatMs'>,
  logger: Logger,
): VerificationCache {
  return createVerificationCache({
    ttlMs: config.authCacheTtlSeconds * 1000,
    maxEntries: config.authCacheMaxEntries,
    // One heartbeat may be in flight when the next is due: two intervals without an echo is overdue.
    staleAfterMs: 2 * config.authCacheHeartbeatMs,
    onEchoTimeout: (key) =>
      logger.warn(
        { key },
        'no notification of an authentication change within 2 s; other instances may accept the old credentials until they hear of it',
      ),
    onActiveChange: (active, reason) =>
      active || reason === 'stopped'
        ? logger.info({ reason }, `verified-token cache ${active ? 'on' : 'off'}`)
        : logger.warn(
            { reason },
            'verified-token cache off until the listener proves it is receiving again (every request is looked up)',
          ),
  });
}

/** Starts listening; resolves to the function that stops. */
export function listenForAuthChanges(
  db: Pick<Database, 'listen'>,
  cache: VerificationCache,
  options: { heartbeatMs: number; logger: Logger },
): Promise<() => Promise<void>> {
  return db.listen(
    AUTH_CHANNEL,
    {
      onNotify: (payload) => cache.notified(payload),
      onState: (listening, reason) => {
        cache.setListening(listening, reason);
        if (reason === 'heartbeat missed')
          options.logger.warn('the notification listener missed its heartbeat; reconnecting');
      },
      onHeartbeat: (sentAtMs) => cache.heartbeat(sentAtMs),
    },
    { heartbeatMs: options.heartbeatMs },
  );
}
