// Audit rows are written inside the caller's transaction, so an audit failure
// undoes the change it describes. Only the token's id and name are recorded.
import { uuidv7 } from 'uuidv7';
import type { AuditAction, Prisma, PrismaClient } from '../generated/prisma/client.js';

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

/** SQL expressions for each column of the audit row a one-statement write inserts (auditCte). */
export interface AuditSql {
  id: string;
  workspaceId: string;
  actorId: string;
  actorEmail: string;
  action: string;
  tokenId: string;
  tokenName: string;
  details: string;
  ip: string;
  userAgent: string;
  at: string;
  /** The CTE whose row the event is about (none inserted: no audit row). */
  from: string;
  /** Whether the workspace keeps an audit log. */
  when: string;
}

/** The `audit` CTE of a one-statement write: the same row writeAuditEvent writes, inserted only when `when` holds. */
export function auditCte(sql: AuditSql): string {
  return `audit AS (
  INSERT INTO audit_events (id, workspace_id, actor_id, actor_email, action, api_token_id, api_token_name, details,
                            ip, user_agent, occurred_at)
  SELECT ${sql.id}, ${sql.workspaceId}, ${sql.actorId}, ${sql.actorEmail}, ${sql.action}, ${sql.tokenId},
         ${sql.tokenName}, ${sql.details}, ${sql.ip}, ${sql.userAgent}, ${sql.at}
    FROM ${sql.from}
   WHERE ${sql.when}
)`;
}

export async function writeAuditEvent(
  tx: Prisma.TransactionClient,
  ...event: Parameters<typeof auditRow>
): Promise<void> {
  if (!event[0].auditLogsEnabled) return;
  await tx.auditEvent.create({ data: auditRow(...event) });
}

/** The workspace's number of audit events: the sum of its shards (migration 20261205110000), never a count of the log. */
export async function countAuditEvents(
  prisma: Pick<PrismaClient, 'auditEventCount'>,
  workspaceId: string,
): Promise<number> {
  const { _sum } = await prisma.auditEventCount.aggregate({ where: { workspaceId }, _sum: { count: true } });
  return _sum.count ?? 0;
}
