// A workspace's webhook endpoints: register (the secret is returned this once),
// list, change, re-enable, delete, send a test event, and read deliveries. The
// GraphQL resolvers (workspace admins) and the CLI (the operator) both come through
// here; every change is audited in its transaction. At most MAX_ENDPOINTS per
// workspace, counted under a lock on the workspace row so that concurrent
// registrations cannot pass it. URLs are checked for SSRF on the way in
// (webhooks/targets.ts) and again at every send (webhooks/worker.ts). Secrets are
// kept sealed when WEBHOOK_SECRET_KEY is set (webhooks/secrets.ts).
import { randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import { writeAuditEvent, type AuditActor, type RequestMeta } from '../audit/audit.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { enqueueEventTo, prismaWriter } from '../events/outbox.js';
import { eventActor, globalId } from '../events/payloads.js';
import { EVENT_TYPES, isEventType, TEST_EVENT_TYPE, type EventType } from '../events/types.js';
import type { Prisma, WebhookDeliveryStatus } from '../generated/prisma/client.js';
import { SecretUnavailableError, type SecretStore, type StoredSecret } from './secrets.js';
import { resolveTarget, TargetError, type Resolver } from './targets.js';

export const MAX_ENDPOINTS = 10;
export const DESCRIPTION_MAX = 200;

/** An endpoint as admins see it: never its secret. */
export interface EndpointRow {
  id: string;
  workspaceId: string;
  url: string;
  description: string;
  events: string[];
  enabled: boolean;
  failingSince: Date | null;
  disabledAt: Date | null;
  disabledReason: string | null;
  createdAt: Date;
  createdBy: string;
}

export interface DeliveryRow {
  id: bigint;
  eventId: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
  event: { type: string };
}

const ENDPOINT = {
  id: true,
  workspaceId: true,
  url: true,
  description: true,
  events: true,
  enabled: true,
  failingSince: true,
  disabledAt: true,
  disabledReason: true,
  createdAt: true,
  createdBy: true,
} as const;

const DELIVERY = {
  id: true,
  eventId: true,
  status: true,
  attempts: true,
  nextAttemptAt: true,
  lastAttemptAt: true,
  lastStatusCode: true,
  lastError: true,
  deliveredAt: true,
  createdAt: true,
  event: { select: { type: true } },
} as const;

export interface EndpointInput {
  url: string;
  events: readonly string[];
  description?: string | null;
}

export interface EndpointChange {
  url?: string | null;
  events?: readonly string[] | null;
  description?: string | null;
  /** true re-enables a disabled endpoint; false disables it. */
  enabled?: boolean | null;
}

/** Who manages endpoints: a workspace admin, or the operator (userId null). */
export type WebhookActor = AuditActor;

const NOT_FOUND = 'No webhook endpoint with this id exists.';

/** A Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export class WebhookService {
  constructor(
    private readonly options: {
      db: Pick<Database, 'prisma'>;
      clock: Clock;
      allowPrivateTargets: boolean;
      /** How signing secrets are kept (sealed with WEBHOOK_SECRET_KEY, or as they are). */
      secrets: SecretStore;
      resolve?: Resolver | undefined;
      /** After a test event is written (wakes this instance's worker). */
      eventsWritten?: (() => void) | undefined;
    },
  ) {}

  list(workspaceId: string): Promise<EndpointRow[]> {
    return this.options.db.prisma.webhookEndpoint.findMany({
      where: { workspaceId },
      orderBy: { id: 'asc' },
      select: ENDPOINT,
    });
  }

  /** Any workspace's endpoint (the operator's CLI); null when there is none. */
  findAny(id: string): Promise<EndpointRow | null> {
    return this.options.db.prisma.webhookEndpoint.findUnique({ where: { id }, select: ENDPOINT });
  }

  /** The endpoint if it is the workspace's, else null (another workspace's looks missing). */
  async find(workspaceId: string, id: string): Promise<EndpointRow | null> {
    return this.options.db.prisma.webhookEndpoint.findFirst({ where: { id, workspaceId }, select: ENDPOINT });
  }

  async create(
    actor: WebhookActor,
    input: EndpointInput,
    meta: RequestMeta,
  ): Promise<{ endpoint: EndpointRow; secret: string }> {
    const url = await this.checkUrl(input.url);
    const events = checkEvents(input.events);
    const description = checkDescription(input.description);
    const now = this.options.clock();
    const secret = newSecret();
    const id = uuidv7();
    const endpoint = await this.options.db.prisma.$transaction(async (tx) => {
      // The count holds: a concurrent registration waits for this one.
      await tx.$queryRaw`SELECT id FROM workspaces WHERE id = ${actor.workspaceId}::uuid FOR UPDATE`;
      const count = await tx.webhookEndpoint.count({ where: { workspaceId: actor.workspaceId } });
      if (count >= MAX_ENDPOINTS) {
        throw new ValidationError(
          `A workspace can have at most ${MAX_ENDPOINTS} webhook endpoints: delete one first.`,
          'url',
        );
      }
      const created = await tx.webhookEndpoint.create({
        data: {
          id,
          workspaceId: actor.workspaceId,
          url,
          description,
          events,
          ...this.options.secrets.store(id, secret),
          createdAt: now,
          createdBy: actor.userId === null ? 'operator (CLI)' : actor.email,
        },
        select: ENDPOINT,
      });
      await audit(tx, actor, 'WEBHOOK_ENDPOINT_CREATED', `${url} (${events.join(', ')})`, meta, now);
      return created;
    });
    return { endpoint, secret };
  }

  async update(actor: WebhookActor, id: string, change: EndpointChange, meta: RequestMeta): Promise<EndpointRow> {
    const url = change.url == null ? undefined : await this.checkUrl(change.url);
    const events = change.events == null ? undefined : checkEvents(change.events);
    const description = change.description == null ? undefined : checkDescription(change.description);
    const now = this.options.clock();
    return this.options.db.prisma.$transaction(async (tx) => {
      const before = await tx.webhookEndpoint.findFirst({ where: { id, workspaceId: actor.workspaceId } });
      if (!before) throw new NotFoundError(NOT_FOUND);
      const enabling = change.enabled === true && !before.enabled;
      const disabling = change.enabled === false && before.enabled;
      const updated = await tx.webhookEndpoint.update({
        where: { id },
        data: {
          ...(url !== undefined && { url }),
          ...(events !== undefined && { events }),
          ...(description !== undefined && { description }),
          // Re-enabled: a fresh start (a day of failures counts again from the next one).
          ...(enabling && { enabled: true, disabledAt: null, disabledReason: null, failingSince: null }),
          ...(disabling && { enabled: false, disabledAt: now, disabledReason: `Disabled by ${actor.email}.` }),
        },
        select: ENDPOINT,
      });
      if (disabling) {
        await tx.webhookDelivery.updateMany({
          where: { endpointId: id, status: 'PENDING' },
          data: { status: 'FAILED', leasedUntil: null },
        });
      }
      const changed = [
        url !== undefined && url !== before.url && `URL ${before.url} → ${url}`,
        events !== undefined && events.join() !== before.events.join() && `events ${events.join(', ')}`,
        description !== undefined && description !== before.description && 'description',
        enabling && 're-enabled',
        disabling && 'disabled',
      ].filter(Boolean);
      if (changed.length > 0)
        await audit(tx, actor, 'WEBHOOK_ENDPOINT_UPDATED', `${updated.url}: ${changed.join('; ')}`, meta, now);
      return updated;
    });
  }

  async delete(actor: WebhookActor, id: string, meta: RequestMeta): Promise<EndpointRow> {
    const now = this.options.clock();
    return this.options.db.prisma.$transaction(async (tx) => {
      const found = await tx.webhookEndpoint.findFirst({
        where: { id, workspaceId: actor.workspaceId },
        select: ENDPOINT,
      });
      if (!found) throw new NotFoundError(NOT_FOUND);
      await tx.webhookEndpoint.delete({ where: { id } });
      await audit(tx, actor, 'WEBHOOK_ENDPOINT_DELETED', found.url, meta, now);
      return found;
    });
  }

  /** Queues a `webhook.test` event to this endpoint alone; returns its delivery. */
  async sendTest(actor: WebhookActor, id: string): Promise<DeliveryRow> {
    const now = this.options.clock();
    const delivery = await this.options.db.prisma.$transaction(async (tx) => {
      const endpoint = await tx.webhookEndpoint.findFirst({ where: { id, workspaceId: actor.workspaceId } });
      if (!endpoint) throw new NotFoundError(NOT_FOUND);
      if (!endpoint.enabled)
        throw new ValidationError('This endpoint is disabled: re-enable it to send it events.', 'id');
      const eventId = await enqueueEventTo(
        prismaWriter(tx),
        id,
        {
          workspaceId: actor.workspaceId,
          type: TEST_EVENT_TYPE,
          data: {
            endpoint_id: globalId('WebhookEndpoint', id),
            message: 'A test event: your endpoint received and verified it.',
            actor: eventActor(actor),
          },
        },
        now,
      );
      return tx.webhookDelivery.findFirstOrThrow({ where: { eventId, endpointId: id }, select: DELIVERY });
    });
    this.options.eventsWritten?.();
    return delivery;
  }

  /** The endpoint's latest deliveries, newest first (none for another workspace's endpoint). */
  deliveries(workspaceId: string, endpointId: string, limit: number): Promise<DeliveryRow[]> {
    return this.options.db.prisma.webhookDelivery.findMany({
      where: { endpointId, endpoint: { workspaceId } },
      orderBy: { id: 'desc' },
      take: limit,
      select: DELIVERY,
    });
  }

  /**
   * Rewrites every secret not kept under the current WEBHOOK_SECRET_KEY: plaintext
   * ones are sealed, those of an older key resealed (run after adding or rotating a
   * key). One transaction, rows locked, so a concurrent rewrite waits and then
   * finds nothing left to do. A secret no listed key opens is left as it is and named.
   */
  async sealSecrets(): Promise<{ sealed: number; resealed: number; unreadable: string[] }> {
    const { secrets } = this.options;
    if (!secrets.sealing) {
      throw new ValidationError(
        'WEBHOOK_SECRET_KEY is not set: there is no key to seal secrets with (see README, configuration).',
        'WEBHOOK_SECRET_KEY',
      );
    }
    return this.options.db.prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<(StoredSecret & { id: string })[]>`
        SELECT id, secret, encrypted_secret AS "encryptedSecret", secret_key_id AS "secretKeyId"
          FROM webhook_endpoints ORDER BY id FOR UPDATE`;
      const result = { sealed: 0, resealed: 0, unreadable: [] as string[] };
      for (const row of rows) {
        if (!secrets.outdated(row)) continue;
        let secret: string;
        try {
          secret = secrets.open(row.id, row);
        } catch (error) {
          if (!(error instanceof SecretUnavailableError)) throw error;
          result.unreadable.push(globalId('WebhookEndpoint', row.id));
          continue;
        }
        await tx.webhookEndpoint.update({ where: { id: row.id }, data: secrets.store(row.id, secret) });
        if (row.secret === null) result.resealed += 1;
        else result.sealed += 1;
      }
      return result;
    });
  }

  private async checkUrl(raw: string): Promise<string> {
    const url = raw.trim();
    try {
      await resolveTarget(url, { allowPrivate: this.options.allowPrivateTargets, resolve: this.options.resolve });
    } catch (error) {
      if (error instanceof TargetError) throw new ValidationError(error.message, 'url');
      throw error;
    }
    return url;
  }
}

function checkEvents(events: readonly string[]): EventType[] {
  const unknown = events.filter((event) => !isEventType(event));
  if (unknown.length > 0)
    throw new ValidationError(`Unknown event type ${unknown.join(', ')} (known: ${EVENT_TYPES.join(', ')}).`, 'events');
  const chosen = EVENT_TYPES.filter((event) => events.includes(event));
  if (chosen.length === 0) throw new ValidationError('Choose at least one event.', 'events');
  return chosen;
}

function checkDescription(description: string | null | undefined): string {
  const text = (description ?? '').trim();
  if (text.length > DESCRIPTION_MAX)
    throw new ValidationError(`The description may have at most ${DESCRIPTION_MAX} characters.`, 'description');
  return text;
}

function audit(
  tx: Prisma.TransactionClient,
  actor: WebhookActor,
  action: 'WEBHOOK_ENDPOINT_CREATED' | 'WEBHOOK_ENDPOINT_UPDATED' | 'WEBHOOK_ENDPOINT_DELETED',
  details: string,
  meta: RequestMeta,
  now: Date,
): Promise<void> {
  return writeAuditEvent(tx, actor, action, null, meta, now, details);
}
