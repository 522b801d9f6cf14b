// Audit rows are written inside the caller's transaction, so an audit failure
// undoes the change it describes. Only the token's id and name are recorded.
import { uuidv7 } from 'uuidv7';
import type { AuditAction, Prisma } from '../generated/prisma/client.js';

export interface AuditActor {
  /** Null for the operator CLI acting on someone's token. */
  userId: string | null;
  email: string;
  workspaceId: string;
  auditLogsEnabled: boolean;
}

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

/** The row an audit event is, as every writer stores it (Prisma here, one-statement writes in tokens/). */
export interface AuditRow {
  id: string;
  workspaceId: string;
  actorId: string | null;
  actorEmail: string;
  action: AuditAction;
  apiTokenId: string | null;
  apiTokenName: string | null;
  details: string | null;
  ip: string | null;
  userAgent: string | null;
  occurredAt: Date;
}

/** The audit row of one event; the token's id and name may be filled in by the statement that writes it. */
export function auditRow(
  actor: AuditActor,
  action: AuditAction,
  /** The token concerned; null for an event about the workspace. */
  token: { id: string; name: string } | null,
  meta: RequestMeta,
  now: Date,
  /** What changed, for a person reading the log (never a secret). */
  details: string | null = null,
): AuditRow {
  return {
    id: uuidv7(),
    workspaceId: actor.workspaceId,
    actorId: actor.userId,
    actorEmail: actor.email,
    action,
    apiTokenId: token?.id ?? null,
    apiTokenName: token?.name ?? null,
    details,
    ip: meta.ip?.slice(0, 100) ?? null,
    userAgent: meta.userAgent?.slice(0, 500) ?? null,
    occurredAt: now,
  };
}

export async function writeAuditEvent(
  tx: Prisma.TransactionClient,
  actor: AuditActor,
  action: AuditAction,
  /** The token concerned; null for an event about the workspace. */
  token: { id: string; name: string } | null,
  meta: RequestMeta,
  now: Date,
  /** What changed, for a person reading the log (never a secret). */
  details: string | null = null,
): Promise<void> {
  if (!actor.auditLogsEnabled) return;
  await tx.auditEvent.create({ data: auditRow(actor, action, token, meta, now, details) });
}
