// LISTEN on one channel, on a connection of its own, with the connection's state
// reported to the caller: a cache invalidated by notifications is only safe while
// the connection is up (notifications sent while it is down are lost), so the
// caller stops trusting its cache on `connected: false` and starts empty again on
// `connected: true`. Reconnects with backoff until closed.
import pg from 'pg';

export interface NotificationHandlers {
  onNotify(payload: string): void;
  onState(connected: boolean): void;
}

export type StopListening = () => Promise<void>;

/** Shown in pg_stat_activity, so operators (and tests) can find the listener. */
export const LISTENER_APPLICATION_NAME = 'api-tokens-listener';

const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 5_000;

/** Resolves after the first attempt to connect (failed attempts are retried in the background). */
export async function listenPostgres(connectionString: string, channel: string, handlers: NotificationHandlers): Promise<StopListening> {
  let client: pg.Client | null = null;
  let closed = false;
  let retryMs = RETRY_MIN_MS;
  let timer: NodeJS.Timeout | undefined;

  const lost = (from: pg.Client) => {
    if (client !== from) return;
    client = null;
    handlers.onState(false);
    from.end().catch(() => {});
    if (closed) return;
    timer = setTimeout(connect, retryMs);
    timer.unref();
    retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
  };

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString, connectionTimeoutMillis: 5_000, keepAlive: true, application_name: LISTENER_APPLICATION_NAME });
    client = next;
    next.on('notification', (message) => {
      if (message.channel === channel) handlers.onNotify(message.payload ?? '');
    });
    next.on('error', () => lost(next));
    next.on('end', () => lost(next));
    try {
      await next.connect();
      await next.query(`LISTEN "${channel}"`);
      if (closed || client !== next) return;
      retryMs = RETRY_MIN_MS;
      handlers.onState(true);
    } catch {
      lost(next);
    }
  }

  await connect();
  return async () => {
    closed = true;
    clearTimeout(timer);
    const current = client;
    client = null;
    if (current) {
      handlers.onState(false);
      await current.end().catch(() => {});
    }
  };
}
