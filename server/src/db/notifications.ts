// LISTEN on one channel, with the listener's health reported to the caller: a
// cache invalidated by notifications is only safe while they are being delivered
// (those sent while the listener is down or stalled are lost), so the caller stops
// trusting its cache on `onState(false)` and starts empty again on `onState(true)`.
// Healthy means proven, not merely connected: `onState(true)` comes only once a
// heartbeat (heartbeat.ts) has come back, and a heartbeat that does not come back
// in time counts as a lost connection, which is dropped and made again.
// PostgreSQL listens on a connection of its own and reconnects with backoff;
// PGlite listens in-process, where the same heartbeat costs one tiny query per
// interval and catches a session that stopped listening (e.g. an `UNLISTEN`).
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { DEFAULT_HEARTBEAT_MS, HEARTBEAT_PREFIX, startHeartbeat, type Heartbeat } from './heartbeat.js';

export interface NotificationHandlers {
  onNotify(payload: string): void;
  /** `reason` says why listening stopped: 'stopped', 'connection lost', 'heartbeat missed'. */
  onState(listening: boolean, reason?: ListenerDownReason): void;
  /**
   * A heartbeat sent at `sentAtMs` (`performance.now()`) came back: every notification
   * committed before then has been delivered.
   */
  onHeartbeat?(sentAtMs: number): void;
}

export type ListenerDownReason = 'stopped' | 'connection lost' | 'heartbeat missed';

export interface ListenOptions {
  /** Milliseconds between heartbeats; one not back before the next is due means the listener is lost. */
  heartbeatMs?: number;
}

export type StopListening = () => Promise<void>;

/** Shown in pg_stat_activity, so operators (and tests) can find the listener. */
export const LISTENER_APPLICATION_NAME = 'api-tokens-listener';

const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 5_000;
/** How long `stop` waits for a polite goodbye before cutting a (possibly stalled) socket. */
const END_TIMEOUT_MS = 1_000;

const NOTIFY_SQL = 'SELECT pg_notify($1, $2)';

/** One listening session (a connection, or PGlite's in-process listener). */
interface ListenerSession {
  /** Opens a session whose notifications go to `deliver`; it reports its loss through `lost`. */
  open(
    deliver: (payload: string) => void,
    lost: (reason: ListenerDownReason) => void,
  ): Promise<{ send(payload: string): Promise<unknown>; end(): Promise<void> }>;
  /** True once trying again is pointless (the database was closed). */
  gone?(): boolean;
}

/**
 * Keeps one session listening, with a heartbeat on it, and opens a new one after
 * each loss (backoff). Resolves once the first session has proven itself or failed
 * (failed attempts are retried in the background).
 */
async function superviseListener(
  handlers: NotificationHandlers,
  heartbeatMs: number,
  session: ListenerSession,
): Promise<StopListening> {
  let closed = false;
  let retryMs = RETRY_MIN_MS;
  let timer: NodeJS.Timeout | undefined;
  let current: { end(): Promise<void>; heartbeat?: Heartbeat } | undefined;
  let settleFirst: (() => void) | undefined;
  const first = new Promise<void>((resolve) => (settleFirst = resolve));

  const attempt = async (): Promise<void> => {
    let heartbeat: Heartbeat | undefined;
    let healthy = false;
    let down = false;
    const self: { end(): Promise<void>; heartbeat?: Heartbeat } = { end: async () => {} };
    current = self;
    const lost = (reason: ListenerDownReason) => {
      // After `stop`, ending the session is stop's business.
      if (down || closed) return;
      down = true;
      heartbeat?.stop();
      if (current === self) current = undefined;
      void self.end().catch(() => {});
      handlers.onState(false, reason);
      settleFirst?.();
      if (session.gone?.()) return;
      timer = setTimeout(() => void attempt(), retryMs);
      timer.unref();
      retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
    };
    const deliver = (payload: string) => {
      if (down) return;
      if (heartbeat?.receive(payload) || payload.startsWith(HEARTBEAT_PREFIX)) return;
      handlers.onNotify(payload);
    };
    try {
      const opened = await session.open(deliver, lost);
      self.end = opened.end;
      if (down || closed) {
        await opened.end().catch(() => {});
        return;
      }
      heartbeat = startHeartbeat({
        intervalMs: heartbeatMs,
        send: opened.send,
        onEcho: (sentAtMs) => {
          if (!healthy) {
            healthy = true;
            retryMs = RETRY_MIN_MS;
            handlers.onState(true);
            settleFirst?.();
          }
          handlers.onHeartbeat?.(sentAtMs);
        },
        onMissed: () => lost('heartbeat missed'),
      });
      self.heartbeat = heartbeat;
    } catch {
      lost('connection lost');
    }
  };

  void attempt();
  await first;
  settleFirst = undefined;
  return async () => {
    closed = true;
    clearTimeout(timer);
    const session = current;
    current = undefined;
    session?.heartbeat?.stop();
    handlers.onState(false, 'stopped');
    await session?.end().catch(() => {});
  };
}

/** PostgreSQL: a connection of its own, not one of the pool's (a LISTEN lives as long as its session). */
export function listenPostgres(
  connectionString: string,
  channel: string,
  handlers: NotificationHandlers,
  options: ListenOptions = {},
): Promise<StopListening> {
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  return superviseListener(handlers, heartbeatMs, {
    async open(deliver, lost) {
      const client = new pg.Client({
        connectionString,
        connectionTimeoutMillis: 5_000,
        keepAlive: true,
        application_name: LISTENER_APPLICATION_NAME,
      });
      client.on('notification', (message) => {
        if (message.channel === channel) deliver(message.payload ?? '');
      });
      client.on('error', () => lost('connection lost'));
      client.on('end', () => lost('connection lost'));
      const end = () => endClient(client);
      try {
        await client.connect();
      } catch (error) {
        await end();
        throw error;
      }
      // Not awaited: a stalled connection would hang here, and the heartbeat (queued
      // behind it on the same connection) is what notices that.
      client.query(`LISTEN "${channel}"`).catch(() => lost('connection lost'));
      return { send: (payload) => client.query(NOTIFY_SQL, [channel, payload]), end };
    },
  });
}

/** Ends a client, cutting its socket if the goodbye does not go through (a stalled peer never answers). */
async function endClient(client: pg.Client): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const polite = client.end().catch(() => {});
  const cut = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, END_TIMEOUT_MS);
    timer.unref();
  });
  await Promise.race([polite, cut]);
  clearTimeout(timer);
  // (Typed as always there; a client that never connected has none.)
  client.connection?.stream?.destroy();
}

/** PGlite: in-process, on the database's only session; "reconnecting" is listening again. */
export function listenPglite(
  client: PGlite,
  channel: string,
  handlers: NotificationHandlers,
  options: ListenOptions = {},
): Promise<StopListening> {
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  return superviseListener(handlers, heartbeatMs, {
    gone: () => client.closed,
    async open(deliver) {
      const unlisten = await client.listen(channel, deliver);
      return {
        send: (payload) => client.query(NOTIFY_SQL, [channel, payload]),
        end: async () => {
          if (!client.closed) await unlisten();
        },
      };
    },
  });
}
