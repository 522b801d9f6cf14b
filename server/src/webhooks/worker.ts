// Delivers the outbox (events/outbox.ts) inside each server: a small worker of our
// own rather than a job library (see README "Webhooks": graphile-worker and pg-boss
// need a node-postgres pool of their own, which the embedded database cannot give,
// and could not enqueue inside our Prisma transactions). Every instance runs one;
// they share the work through the database. It sends no statement while there is
// nothing to do: it wakes when a delivery is queued (a trigger NOTIFYs every
// instance at commit; this instance's own writes also wake it directly), when the
// listener (re)connects, and at the moment the next pending delivery falls due,
// which it reads after each round:
//   claim    one statement takes, per endpoint, only its oldest pending delivery
//            (the head), if due and not leased, FOR UPDATE SKIP LOCKED, and leases
//            it: one delivery at a time per endpoint, in event order, and two
//            instances never take the same one;
//   send     outside any transaction (webhooks/send.ts), to the address checked
//            again now (webhooks/targets.ts);
//   record   success → SUCCEEDED and the endpoint is healthy again; failure → the
//            next attempt after an exponential delay with jitter (5 s × 4ⁿ, at most
//            8 h, ×0.5–1.5), never later than a day after the endpoint started
//            failing; an attempt that fails a day (WEBHOOK_DISABLE_AFTER_HOURS) after
//            the first failure disables the endpoint and fails what it had pending.
// A server that stops mid-send leaves a lease that runs out: the delivery is sent
// again (at least once; receivers de-duplicate on `webhook-id`). Times come from the
// injected clock (tests move it); the signature's timestamp is the real send time.
import type { Clock } from '../clock.js';
import type { Database, SqlRunner } from '../db/database.js';
import type { Logger } from '../logger.js';
import { SecretUnavailableError, type SecretStore } from './secrets.js';
import { sendAttempt, type AttemptResult } from './send.js';
import { resolveTarget, TargetError, type Resolver } from './targets.js';

export interface WebhookWorkerOptions {
  sql: Pick<SqlRunner, 'query' | 'transaction'>;
  clock: Clock;
  logger: Logger;
  /** Listens for queued deliveries (WEBHOOK_CHANNEL): `wake` on each, and whenever listening (re)starts. */
  listen?: (wake: () => void) => Promise<() => Promise<void>>;
  timeoutMs: number;
  /** Failing this long disables an endpoint. */
  disableAfterMs: number;
  allowPrivateTargets: boolean;
  /** Opens each endpoint's signing secret (sealed with WEBHOOK_SECRET_KEY, or kept as it is). */
  secrets: SecretStore;
  userAgent: string;
  /** Deliveries sent at once (to different endpoints). */
  concurrency?: number;
  /** 0 ≤ x < 1, for the jitter; Math.random by default (tests pin it). */
  random?: () => number;
  resolve?: Resolver;
}

/** The channel a trigger on webhook_deliveries notifies (migration 20261202130000_webhooks). */
export const WEBHOOK_CHANNEL = 'api_token_webhooks';

/**
 * The worker's `listen`: woken by the database when any instance (or the CLI) queues a
 * delivery. The worker's start sends what is due once listening; a lost notification is
 * made up for when the listener is back (every later (re)connection wakes it).
 */
export function listenForDeliveries(db: Pick<Database, 'listen'>): NonNullable<WebhookWorkerOptions['listen']> {
  return (wake) => {
    let proven = false;
    return db.listen(
      WEBHOOK_CHANNEL,
      {
        onNotify: wake,
        onState: (listening) => {
          if (listening && proven) wake();
          if (listening) proven = true;
        },
      },
      { heartbeatMs: 30_000 },
    );
  };
}

export interface WebhookWorker {
  /** Starts listening and sends what is due now; resolves once that first round is done. */
  start(): Promise<void>;
  /** Stops, and waits for the attempts under way. */
  stop(): Promise<void>;
  /** Looks for due deliveries now (after a change this instance made). */
  kick(): void;
  /** Sends every delivery that is due now, until none is left; resolves with how many attempts were made. */
  drain(): Promise<number>;
}

interface Claimed {
  id: string;
  endpoint_id: string;
  event_id: string;
  attempts: number;
  url: string;
  secret: string | null;
  encrypted_secret: Uint8Array<ArrayBuffer> | null;
  secret_key_id: string | null;
  payload: string;
  failing_since: Date | string | null;
}

const FIRST_DELAY_MS = 5_000;
const MAX_DELAY_MS = 8 * 3_600_000;

/** The delay before attempt `attempts + 1` after `attempts` failed ones: 5 s × 4ⁿ⁻¹, at most 8 h, times 0.5–1.5. */
export function retryDelayMs(attempts: number, random: () => number): number {
  const base = Math.min(FIRST_DELAY_MS * 4 ** Math.max(0, attempts - 1), MAX_DELAY_MS);
  return Math.round(base * (0.5 + random()));
}

const CLAIM = {
  name: 'webhook_claim_v2',
  text: `WITH claimed AS (
  UPDATE webhook_deliveries d
     SET leased_until = $2::timestamptz, attempts = d.attempts + 1, last_attempt_at = $1::timestamptz
   WHERE d.id IN (
     SELECT h.id FROM webhook_deliveries h
       JOIN webhook_endpoints ep ON ep.id = h.endpoint_id AND ep.enabled
      WHERE h.status = 'PENDING' AND h.next_attempt_at <= $1::timestamptz
        AND (h.leased_until IS NULL OR h.leased_until <= $1::timestamptz)
        AND h.id = (SELECT min(o.id) FROM webhook_deliveries o WHERE o.endpoint_id = h.endpoint_id AND o.status = 'PENDING')
      ORDER BY h.next_attempt_at, h.id
      LIMIT $3
      FOR UPDATE OF h SKIP LOCKED)
  RETURNING d.id, d.endpoint_id, d.event_id, d.attempts
)
SELECT c.id::text AS id, c.endpoint_id, c.event_id, c.attempts, ep.url, ep.secret, ep.encrypted_secret,
       ep.secret_key_id, e.payload, ep.failing_since
  FROM claimed c JOIN webhook_endpoints ep ON ep.id = c.endpoint_id JOIN webhook_events e ON e.id = c.event_id`,
} as const;

const SUCCEEDED = `UPDATE webhook_deliveries
   SET status = 'SUCCEEDED', delivered_at = $2::timestamptz, last_status_code = $3, last_error = NULL, leased_until = NULL
 WHERE id = $1::bigint`;
const HEALTHY = `UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $1::uuid AND failing_since IS NOT NULL`;
const FAILED_ATTEMPT = `UPDATE webhook_deliveries
   SET last_status_code = $2, last_error = $3, leased_until = NULL, next_attempt_at = $4::timestamptz
 WHERE id = $1::bigint`;
const FAILING = `UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, $2::timestamptz)
 WHERE id = $1::uuid RETURNING failing_since`;
const DISABLE = `UPDATE webhook_endpoints
   SET enabled = false, disabled_at = $2::timestamptz, disabled_reason = $3
 WHERE id = $1::uuid AND enabled`;
const FAIL_PENDING = `UPDATE webhook_deliveries SET status = 'FAILED', leased_until = NULL
 WHERE endpoint_id = $1::uuid AND status = 'PENDING'`;

// When the next delivery that can be sent falls due: the head of an enabled endpoint's
// queue, when its next attempt is due or its lease (another instance sending it) runs out.
const NEXT = {
  name: 'webhook_next_due_v1',
  text: `SELECT min(GREATEST(h.next_attempt_at, COALESCE(h.leased_until, h.next_attempt_at))) AS "at"
  FROM webhook_deliveries h JOIN webhook_endpoints ep ON ep.id = h.endpoint_id AND ep.enabled
 WHERE h.status = 'PENDING'
   AND h.id = (SELECT min(o.id) FROM webhook_deliveries o WHERE o.endpoint_id = h.endpoint_id AND o.status = 'PENDING')`,
} as const;

const time = (value: Date | string) => new Date(value).getTime();
/** Bounds of the wait for the next due delivery: never a busy loop, and a look at least hourly while any is pending. */
const MIN_WAIT_MS = 50;
const MAX_WAIT_MS = 3_600_000;

export function createWebhookWorker(options: WebhookWorkerOptions): WebhookWorker {
  const { sql, clock, logger } = options;
  const random = options.random ?? Math.random;
  const concurrency = options.concurrency ?? 4;
  // A lease outlives the attempt's own time limit comfortably.
  const leaseMs = options.timeoutMs * 2 + 5_000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let again = false;
  let stopped = true;
  let stopListening: (() => Promise<void>) | undefined;

  async function record(claimed: Claimed, result: AttemptResult): Promise<void> {
    const now = clock();
    if (result.ok) {
      await sql.transaction(async (tx) => {
        await tx.query(SUCCEEDED, [claimed.id, now, result.status]);
        await tx.query(HEALTHY, [claimed.endpoint_id]);
      });
      return;
    }
    await sql.transaction(async (tx) => {
      const rows = await tx.query<{ failing_since: Date | string }>(FAILING, [claimed.endpoint_id, now]);
      const since = rows[0] ? time(rows[0].failing_since) : now.getTime();
      const giveUpAt = since + options.disableAfterMs;
      if (now.getTime() >= giveUpAt) {
        await tx.query(FAILED_ATTEMPT, [claimed.id, result.status, result.error.slice(0, 500), now]);
        const hours = Math.round(options.disableAfterMs / 3_600_000);
        await tx.query(DISABLE, [
          claimed.endpoint_id,
          now,
          `Every delivery failed for ${hours} hour${hours === 1 ? '' : 's'} (last: ${result.error.slice(0, 200)}). Re-enable it once the receiver works.`,
        ]);
        await tx.query(FAIL_PENDING, [claimed.endpoint_id]);
        logger.warn({ endpointId: claimed.endpoint_id }, 'webhook endpoint disabled after a day of failures');
        return;
      }
      // Never later than the moment the endpoint would be given up: that attempt decides.
      const next = Math.min(now.getTime() + retryDelayMs(claimed.attempts, random), giveUpAt);
      await tx.query(FAILED_ATTEMPT, [claimed.id, result.status, result.error.slice(0, 500), new Date(next)]);
    });
  }

  async function attempt(claimed: Claimed): Promise<void> {
    let result: AttemptResult;
    try {
      const secret = options.secrets.open(claimed.endpoint_id, {
        secret: claimed.secret,
        encryptedSecret: claimed.encrypted_secret,
        secretKeyId: claimed.secret_key_id,
      });
      const target = await resolveTarget(claimed.url, {
        allowPrivate: options.allowPrivateTargets,
        resolve: options.resolve,
      });
      result = await sendAttempt(target, {
        webhookId: `msg_${claimed.event_id}`,
        body: claimed.payload,
        secret,
        at: new Date(),
        timeoutMs: options.timeoutMs,
        userAgent: options.userAgent,
      });
    } catch (error) {
      result = {
        ok: false,
        status: null,
        error:
          error instanceof TargetError
            ? `Refused: ${error.message}`
            : error instanceof SecretUnavailableError
              ? `Not sent: ${error.message}`
              : String(error),
      };
      if (error instanceof SecretUnavailableError) {
        logger.error({ endpointId: claimed.endpoint_id, reason: error.message }, 'webhook secret unavailable');
      }
    }
    await record(claimed, result);
  }

  /** Claims and sends until nothing is due. */
  async function drainOnce(): Promise<number> {
    let made = 0;
    for (;;) {
      const now = clock();
      const claimed = await sql.query<Claimed>(
        CLAIM.text,
        [now, new Date(now.getTime() + leaseMs), concurrency],
        CLAIM.name,
      );
      if (claimed.length === 0) return made;
      await Promise.all(claimed.map((delivery) => attempt(delivery)));
      made += claimed.length;
    }
  }

  function drain(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let made = 0;
      do {
        again = false;
        made += await drainOnce();
      } while (again);
      return made;
    })().finally(() => {
      running = undefined;
    });
    return running;
  }

  /** After a round: sleep until the next delivery falls due (none pending: until woken). */
  async function scheduleNext(): Promise<void> {
    if (stopped) return;
    const rows = await sql.query<{ at: Date | string | null }>(NEXT.text, [], NEXT.name);
    const at = rows[0]?.at;
    if (stopped || at === null || at === undefined) return;
    const wait = Math.min(Math.max(time(at) - clock().getTime(), MIN_WAIT_MS), MAX_WAIT_MS);
    clearTimeout(timer);
    timer = setTimeout(round, wait).unref();
  }

  // One round at a time: a wake during a round makes that round go once more instead.
  const round = () => {
    if (stopped) return;
    clearTimeout(timer);
    drain()
      .then(() => scheduleNext())
      .catch((error: unknown) => {
        logger.warn({ err: error }, 'webhook delivery round failed');
        // Try again later rather than never (the database may be back by then).
        if (!stopped) timer = setTimeout(round, 5_000).unref();
      });
  };

  const kick = () => {
    if (stopped) return;
    if (running) again = true;
    else setImmediate(round);
  };

  return {
    async start() {
      if (!stopped) return;
      stopped = false;
      stopListening = await options.listen?.(kick);
      await drain()
        .then(() => scheduleNext())
        .catch((error: unknown) => logger.warn({ err: error }, 'first webhook delivery round failed'));
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await stopListening?.();
      stopListening = undefined;
      await running?.catch(() => undefined);
    },
    kick,
    drain,
  };
}
