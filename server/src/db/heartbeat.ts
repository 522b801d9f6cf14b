// A listener proves that notifications still reach it by sending one to itself,
// on the channel it listens to, every `intervalMs`. A connection can stay open and
// deliver nothing (a stalled proxy or network path), and then only a round trip
// tells: a heartbeat not back by the time the next one is due means the listener
// is lost. An echo proves more than liveness: notifications reach a session in
// commit order, so every notification committed before the heartbeat was sent has
// been delivered by the time it comes back.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';

/** Heartbeat payloads start with this; the application never sees them (its own or other instances'). */
export const HEARTBEAT_PREFIX = 'hb:';

export const DEFAULT_HEARTBEAT_MS = 1_000;

export interface HeartbeatOptions {
  intervalMs: number;
  /** Sends a notification with this payload on the listened channel (a failure counts as a miss). */
  send(payload: string): Promise<unknown>;
  /** A heartbeat sent at `sentAtMs` (`performance.now()`) came back. */
  onEcho(sentAtMs: number): void;
  /** One heartbeat was not back in time (or could not be sent); the heartbeat has stopped itself. */
  onMissed(): void;
}

export interface Heartbeat {
  /** Consumes `payload` if it is a heartbeat (ours or anyone's): true means "not for the application". */
  receive(payload: string): boolean;
  stop(): void;
}

/** Starts at once: the first heartbeat is sent right away. */
export function startHeartbeat(options: HeartbeatOptions): Heartbeat {
  const id = randomUUID();
  const pending = new Map<number, number>(); // sequence → sent at
  let sequence = 0;
  let stopped = false;

  const miss = () => {
    if (stopped) return;
    stop();
    options.onMissed();
  };
  const beat = () => {
    if (stopped) return;
    const oldest = pending.values().next().value;
    if (oldest !== undefined && performance.now() - oldest >= options.intervalMs) return miss();
    sequence += 1;
    pending.set(sequence, performance.now());
    options.send(`${HEARTBEAT_PREFIX}${id}:${sequence}`).catch(miss);
  };
  // Checked after pending I/O (setImmediate): after a long event-loop block the timer
  // runs before the socket is read, and an echo already waiting there is not a miss.
  const timer = setInterval(() => setImmediate(beat), options.intervalMs);
  timer.unref();
  const stop = () => {
    stopped = true;
    clearInterval(timer);
    pending.clear();
  };
  // After this function has returned, so that the caller holds the heartbeat before any echo.
  queueMicrotask(beat);

  return {
    receive(payload) {
      if (!payload.startsWith(HEARTBEAT_PREFIX)) return false;
      const [sender, seq] = payload.slice(HEARTBEAT_PREFIX.length).split(':');
      const sentAt = sender === id ? pending.get(Number(seq)) : undefined;
      if (sentAt === undefined || stopped) return true;
      // Notifications arrive in order: earlier heartbeats are accounted for too.
      for (const key of pending.keys()) if (key <= Number(seq)) pending.delete(key);
      options.onEcho(sentAt);
      return true;
    },
    stop,
  };
}
