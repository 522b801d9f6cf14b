// Canary tokens: a token that never authenticates anything and records every use.
// Authentication recognises one by its row (auth/authenticate.ts answers exactly
// as for an unknown token) and hands the use to TokenService.recordCanaryTrip, off
// the response path. A trip is kept here — at most TRIPS_KEPT per token, the oldest
// dropped — and counted on the token, whose last use (time, address, client) it
// also updates. Each trip is audited (API_TOKEN_CANARY_TRIGGERED) by the service.
import { uuidv7 } from 'uuidv7';
import type { Prisma } from '../generated/prisma/client.js';

/** Trips kept per canary (the count on the token covers them all). */
export const TRIPS_KEPT = 100;

/** One use of a canary, or a secret-scanning report that found it in public. */
export interface CanaryTrip {
  id: string;
  occurredAt: Date;
  ip: string | null;
  userAgent: string | null;
  /** Set for a report of the canary found in public (no request was made with it). */
  foundAtUrl: string | null;
}

export interface TripInput {
  ip: string | null;
  userAgent: string | null;
  foundAtUrl?: string | null;
}

/** The canary whose trip was recorded: what its audit row names. */
export interface TrippedCanary {
  id: string;
  name: string;
  hint: string;
  ownerId: string;
  workspaceId: string;
  auditLogsEnabled: boolean;
}

/**
 * Counts the trip on the canary (and, for a use, its last use), stores it, and drops
 * trips beyond TRIPS_KEPT; null when `tokenId` is no canary (revoked meanwhile).
 */
export async function storeTrip(
  tx: Prisma.TransactionClient,
  tokenId: string,
  trip: TripInput,
  at: Date,
): Promise<TrippedCanary | null> {
  const ip = trip.ip?.slice(0, 100) ?? null;
  const userAgent = trip.userAgent?.slice(0, 500) ?? null;
  const foundAtUrl = trip.foundAtUrl?.slice(0, 2_000) ?? null;
  // A report of the canary found in public is no use of it: last use stays as it was.
  const rows = await tx.$queryRaw<TrippedCanary[]>`
    UPDATE api_tokens t
       SET canary_trip_count = t.canary_trip_count + 1,
           last_used_at = CASE WHEN ${foundAtUrl}::text IS NULL THEN ${at} ELSE t.last_used_at END,
           last_used_ip = CASE WHEN ${foundAtUrl}::text IS NULL THEN ${ip} ELSE t.last_used_ip END,
           last_used_user_agent = CASE WHEN ${foundAtUrl}::text IS NULL THEN ${userAgent} ELSE t.last_used_user_agent END
      FROM users u JOIN workspaces w ON w.id = u.workspace_id
     WHERE t.id = ${tokenId}::uuid AND t.canary AND u.id = t.owner_id
 RETURNING t.id, t.name, t.hint, t.owner_id AS "ownerId", u.workspace_id AS "workspaceId",
           w.audit_logs_enabled AS "auditLogsEnabled"`;
  const canary = rows[0];
  if (!canary) return null;
  await tx.canaryTrip.create({ data: { id: uuidv7(), tokenId, occurredAt: at, ip, userAgent, foundAtUrl } });
  await tx.$executeRaw`
    DELETE FROM canary_trips
     WHERE token_id = ${tokenId}::uuid
       AND id < (SELECT id FROM canary_trips WHERE token_id = ${tokenId}::uuid ORDER BY id DESC OFFSET ${TRIPS_KEPT - 1} LIMIT 1)`;
  return canary;
}

/** Whether the canary already has a trip for a report from `url` (a replayed report adds none). */
export async function hasReportTrip(tx: Prisma.TransactionClient, tokenId: string, url: string): Promise<boolean> {
  const found = await tx.canaryTrip.findFirst({ where: { tokenId, foundAtUrl: url }, select: { id: true } });
  return found !== null;
}

/** The canary's latest trips, newest first, if `ownerId` owns it (one statement). */
export function latestTrips(
  prisma: Pick<Prisma.TransactionClient, 'canaryTrip'>,
  { tokenId, ownerId }: { tokenId: string; ownerId: string },
  limit: number,
): Promise<CanaryTrip[]> {
  return prisma.canaryTrip.findMany({
    where: { tokenId, token: { ownerId } },
    orderBy: { id: 'desc' },
    take: limit,
    select: { id: true, occurredAt: true, ip: true, userAgent: true, foundAtUrl: true },
  });
}

/** Locks the canary's row for the rest of the transaction (two reports of it at once: one trip); false if none. */
export async function lockCanary(tx: Prisma.TransactionClient, tokenId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id FROM api_tokens WHERE id = ${tokenId}::uuid AND canary FOR UPDATE`;
  return rows.length > 0;
}
