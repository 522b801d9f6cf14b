// The outbox: an event is written in the same transaction as the change it
// describes, so a committed change always has its event and a rolled-back one never
// does. One statement: the event row (its body as it will be signed and sent) and a
// delivery for each enabled endpoint of the workspace that wants the type — or
// nothing at all when none does. The webhook worker (webhooks/worker.ts) sends them.
import { uuidv7 } from 'uuidv7';
import type { SqlRunner } from '../db/database.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { OutgoingEvent } from './types.js';

/** Runs one statement inside the caller's transaction (Prisma's or the driver's); resolves with the rows it wrote. */
export type OutboxWriter = (text: string, params: unknown[]) => Promise<number>;

export const prismaWriter =
  (tx: Prisma.TransactionClient): OutboxWriter =>
  (text, params) =>
    tx.$executeRawUnsafe(text, ...params);

export const sqlWriter =
  (tx: Pick<SqlRunner, 'query'>): OutboxWriter =>
  async (text, params) =>
    (await tx.query(text, params)).length;

// $1 workspace, $2 type, $3 event id, $4 body, $5 time; deliveries in endpoint order.
const ENQUEUE = `WITH targets AS (
  SELECT id FROM webhook_endpoints WHERE workspace_id = $1::uuid AND enabled AND $2::text = ANY(events)
), event AS (
  INSERT INTO webhook_events (id, workspace_id, type, payload, created_at)
  SELECT $3::uuid, $1::uuid, $2::text, $4::text, $5::timestamptz WHERE EXISTS (SELECT 1 FROM targets)
  RETURNING id
)
INSERT INTO webhook_deliveries (event_id, endpoint_id, next_attempt_at, created_at)
SELECT event.id, targets.id, $5::timestamptz, $5::timestamptz FROM event, targets ORDER BY targets.id
RETURNING endpoint_id`;

// The same for one endpoint, whatever it subscribed to ("send test event"); $6 the endpoint.
const ENQUEUE_TO_ONE = `WITH event AS (
  INSERT INTO webhook_events (id, workspace_id, type, payload, created_at)
  VALUES ($3::uuid, $1::uuid, $2::text, $4::text, $5::timestamptz)
  RETURNING id
)
INSERT INTO webhook_deliveries (event_id, endpoint_id, next_attempt_at, created_at)
SELECT event.id, $6::uuid, $5::timestamptz, $5::timestamptz FROM event
RETURNING endpoint_id`;

/**
 * SQL a one-statement write (tokens/create-statement.ts, tokens/revoke-statement.ts)
 * gives `outboxCtes`: parameters or expressions over its earlier CTEs.
 */
export interface OutboxSql {
  workspaceId: string;
  type: string;
  eventId: string;
  payload: string;
  at: string;
  /** Queue only when this holds (e.g. the change found its row). */
  when: string;
}

/**
 * ENQUEUE's writes as three CTEs of a caller's larger statement, so the change and
 * its event take one round trip: `<name>_targets`, `<name>_event`, and
 * `<name>_deliveries` (one row per delivery queued). The same rows ENQUEUE writes.
 */
export function outboxCtes(name: string, sql: OutboxSql): string {
  return `${name}_targets AS (
  SELECT id FROM webhook_endpoints WHERE workspace_id = ${sql.workspaceId} AND enabled AND ${sql.type} = ANY(events)
), ${name}_event AS (
  INSERT INTO webhook_events (id, workspace_id, type, payload, created_at)
  SELECT ${sql.eventId}, ${sql.workspaceId}, ${sql.type}, ${sql.payload}, ${sql.at}
   WHERE (${sql.when}) AND EXISTS (SELECT 1 FROM ${name}_targets)
  RETURNING id
), ${name}_deliveries AS (
  INSERT INTO webhook_deliveries (event_id, endpoint_id, next_attempt_at, created_at)
  SELECT e.id, t.id, ${sql.at}, ${sql.at} FROM ${name}_event e, ${name}_targets t ORDER BY t.id
  RETURNING 1
)`;
}

/** The body every attempt sends (Standard Webhooks: `type`, `timestamp`, `data`). */
export function eventBody(event: OutgoingEvent, at: Date): string {
  return JSON.stringify({ type: event.type, timestamp: at.toISOString(), data: event.data });
}

/** Writes the event for every endpoint of its workspace that wants it; returns how many deliveries it queued (0: none wants it, nothing written). */
export async function enqueueEvent(write: OutboxWriter, event: OutgoingEvent, at: Date): Promise<number> {
  return write(ENQUEUE, [event.workspaceId, event.type, uuidv7(), eventBody(event, at), at.toISOString()]);
}

/** Writes the event for one endpoint only (a test event); returns the event id. */
export async function enqueueEventTo(
  write: OutboxWriter,
  endpointId: string,
  event: OutgoingEvent,
  at: Date,
): Promise<string> {
  const id = uuidv7();
  await write(ENQUEUE_TO_ONE, [event.workspaceId, event.type, id, eventBody(event, at), at.toISOString(), endpointId]);
  return id;
}

/**
 * The body of an event with strings only the writing statement knows (a deleted
 * token's name and hint): `event.data` holds each of `holes` where a value goes.
 * Returns the body's text around them, in order; the statement joins
 * parts[0] || to_json(value)::text || parts[1] || … (PostgreSQL's to_json escapes a
 * string exactly as JSON.stringify does), so the stored body is eventBody's.
 */
export function eventBodyAround(event: OutgoingEvent, at: Date, holes: readonly string[]): string[] {
  const body = eventBody(event, at);
  const parts: string[] = [];
  let from = 0;
  for (const hole of holes) {
    const marker = JSON.stringify(hole);
    const index = body.indexOf(marker, from);
    if (index < 0 || body.includes(marker, index + marker.length))
      throw new Error(`event body: ${marker} must occur once, in order`);
    parts.push(body.slice(from, index));
    from = index + marker.length;
  }
  parts.push(body.slice(from));
  return parts;
}
