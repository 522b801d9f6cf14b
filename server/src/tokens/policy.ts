// A workspace's token policy, set by its admins (API) or the operator (CLI), both
// through TokenPolicyService:
//   - tokensRevealable: "tokens can be viewed again". Turning it on needs audit logs
//     (every view is recorded) and a deployment key; turning it off destroys every
//     stored value in the workspace in the same transaction, so "off" means no value
//     can ever be shown again, not "hidden".
//   - maxLifetimeDays: new (and rotated) tokens must expire within it (checkLifetime).
//     Existing longer-lived tokens are reported (exceedsMaxLifetime), never changed.
//   - inactivityRevokeDays: tokens unused that long (never used: since creation) are
//     revoked by the inactivity sweep (inactivity-sweep.ts); inactivityRevokeAt says
//     when, and the page warns a week before.
//   Neither applies to canary tokens, which never authenticate (tokens/canary.ts).
// Every change is one audit row with the old and new values.
import { writeAuditEvent, type AuditActor, type RequestMeta } from '../audit/audit.js';
import { systemClock, type Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { enqueueEvent, prismaWriter } from '../events/outbox.js';
import { eventActor } from '../events/payloads.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import { createVault, type Vault } from '../crypto/vault.js';
import type { Fence } from './service.js';

export interface TokenPolicy {
  tokensRevealable: boolean;
  /** Null: no limit. */
  maxLifetimeDays: number | null;
  /** Null: tokens are never revoked for being unused. */
  inactivityRevokeDays: number | null;
}

/** Undefined leaves a setting as it is; null turns a day limit off. */
export interface TokenPolicyChange {
  tokensRevealable?: boolean | null | undefined;
  maxLifetimeDays?: number | null | undefined;
  inactivityRevokeDays?: number | null | undefined;
}

export interface UpdatedTokenPolicy extends TokenPolicy {
  workspaceId: string;
  /** Stored values destroyed by turning re-viewing off. */
  destroyedValues: number;
}

/** Both day limits: 1 day to 10 years. */
export const POLICY_DAYS_MIN = 1;
export const POLICY_DAYS_MAX = 3650;
/**
 * Clock difference tolerated on an expiry at the lifetime limit: a page that offers
 * "in 30 days" computes it on the reader's clock, which may run a little ahead.
 */
export const LIFETIME_LEEWAY_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

const days = (n: number) => (n === 1 ? '1 day' : `${n} days`);

/**
 * Throws the ValidationError (field "expiresAt") that names the limit when a new or
 * rotated token's expiry is not within the workspace's maxLifetimeDays of `now`;
 * no expiry at all is refused under a limit. Does nothing without a limit.
 */
export function checkLifetime(policy: Pick<TokenPolicy, 'maxLifetimeDays'>, expiresAt: Date | null, now: Date): void {
  const limit = policy.maxLifetimeDays;
  if (limit === null) return;
  const latest = new Date(now.getTime() + limit * DAY_MS);
  if (expiresAt === null) {
    throw new ValidationError(
      `Your workspace requires tokens to expire within ${days(limit)}: choose an expiry on or before ${latest.toISOString()}.`,
      'expiresAt',
    );
  }
  if (expiresAt.getTime() > latest.getTime() + LIFETIME_LEEWAY_MS) {
    throw new ValidationError(
      `Your workspace allows tokens to live at most ${days(limit)}: choose an expiry on or before ${latest.toISOString()}.`,
      'expiresAt',
    );
  }
}

/** A token that would be refused today under `maxLifetimeDays`: no expiry, or one further from its creation than the limit. */
export function exceedsMaxLifetime(
  token: { createdAt: Date; expiresAt: Date | null; canary: boolean },
  maxLifetimeDays: number | null,
): boolean {
  // A canary never authenticates: the limit on credentials is not for it.
  if (maxLifetimeDays === null || token.canary) return false;
  if (token.expiresAt === null) return true;
  return token.expiresAt.getTime() > token.createdAt.getTime() + maxLifetimeDays * DAY_MS + LIFETIME_LEEWAY_MS;
}

/** The instant before which a token's last use (else its creation) must lie for the sweep to revoke it. */
export function inactivityCutoff(inactivityRevokeDays: number, now: Date): Date {
  return new Date(now.getTime() - inactivityRevokeDays * DAY_MS);
}

/** When the inactivity sweep will revoke the token if it stays unused; null without the policy. */
export function inactivityRevokeAt(
  token: { createdAt: Date; lastUsedAt: Date | null; canary: boolean },
  inactivityRevokeDays: number | null,
): Date | null {
  // The sweep never revokes a canary (unused by design).
  if (inactivityRevokeDays === null || token.canary) return null;
  return new Date((token.lastUsedAt ?? token.createdAt).getTime() + inactivityRevokeDays * DAY_MS);
}

function checkDays(value: number | null | undefined, field: keyof TokenPolicy): void {
  if (value === null || value === undefined) return;
  if (!Number.isInteger(value) || value < POLICY_DAYS_MIN || value > POLICY_DAYS_MAX) {
    throw new ValidationError(
      `${field} must be a whole number of days from ${POLICY_DAYS_MIN} to ${POLICY_DAYS_MAX}, or null for none (got ${value}).`,
      field,
    );
  }
}

const shown = (value: number | null) => (value === null ? 'none' : days(value));

interface PolicyRow {
  tokens_revealable: boolean;
  audit_logs_enabled: boolean;
  max_lifetime_days: number | null;
  inactivity_revoke_days: number | null;
}

export class TokenPolicyService {
  constructor(private readonly options: { prisma: PrismaClient; clock: Clock; vault: Vault; fence: Fence }) {}

  async update(
    actor: Omit<AuditActor, 'auditLogsEnabled'>,
    change: TokenPolicyChange,
    meta: RequestMeta,
  ): Promise<UpdatedTokenPolicy> {
    checkDays(change.maxLifetimeDays, 'maxLifetimeDays');
    checkDays(change.inactivityRevokeDays, 'inactivityRevokeDays');
    const now = this.options.clock();
    // Through the fence: authentication reads the day limits with the caller (and
    // caches them), so the change is seen everywhere once this returns. Only a change
    // of a day limit is announced (the workspace trigger of 20261202110000): re-viewing
    // is read when a token is created or revealed, never cached, and waiting for an
    // echo of it would time out (2 s, and the cache off until the next heartbeat).
    return this.options.fence(
      `w:${actor.workspaceId}`,
      () => this.write(actor, change, meta, now),
      (updated) => updated.authChanged,
    );
  }

  private write(
    actor: Omit<AuditActor, 'auditLogsEnabled'>,
    change: TokenPolicyChange,
    meta: RequestMeta,
    now: Date,
  ): Promise<UpdatedTokenPolicy & { authChanged: boolean }> {
    return this.options.prisma.$transaction(async (tx) => {
      // Locked: token creation reads the policy under a share lock (service.ts), so no
      // value can be stored after "off" commits, and no token outlives a new limit.
      const rows = await tx.$queryRaw<PolicyRow[]>`
        SELECT tokens_revealable, audit_logs_enabled, max_lifetime_days, inactivity_revoke_days
          FROM workspaces WHERE id = ${actor.workspaceId}::uuid FOR UPDATE`;
      const current = rows[0];
      if (!current) throw new NotFoundError('No such workspace.');
      const before: TokenPolicy = {
        tokensRevealable: current.tokens_revealable,
        maxLifetimeDays: current.max_lifetime_days,
        inactivityRevokeDays: current.inactivity_revoke_days,
      };
      const after: TokenPolicy = {
        tokensRevealable: change.tokensRevealable ?? before.tokensRevealable,
        maxLifetimeDays: change.maxLifetimeDays === undefined ? before.maxLifetimeDays : change.maxLifetimeDays,
        inactivityRevokeDays:
          change.inactivityRevokeDays === undefined ? before.inactivityRevokeDays : change.inactivityRevokeDays,
      };
      if (after.tokensRevealable && !before.tokensRevealable) {
        if (!current.audit_logs_enabled) {
          throw new ValidationError(
            'Turn on audit logs first: every view of a token must be recorded.',
            'tokensRevealable',
          );
        }
        if (!this.options.vault.enabled) {
          throw new ValidationError(
            'This server has no TOKEN_ENCRYPTION_KEY, so it cannot keep token values.',
            'tokensRevealable',
          );
        }
      }
      const changes: string[] = [];
      let destroyedValues = 0;
      if (after.tokensRevealable !== before.tokensRevealable) {
        if (!after.tokensRevealable) destroyedValues = await destroyStoredValues(tx, actor.workspaceId);
        changes.push(
          after.tokensRevealable
            ? 'tokensRevealable: off → on (tokens created from now on can be viewed again by their owners)'
            : `tokensRevealable: on → off (tokens can no longer be viewed again; ${destroyedValues} stored value(s) destroyed)`,
        );
      }
      if (after.maxLifetimeDays !== before.maxLifetimeDays)
        changes.push(`maxLifetimeDays: ${shown(before.maxLifetimeDays)} → ${shown(after.maxLifetimeDays)}`);
      if (after.inactivityRevokeDays !== before.inactivityRevokeDays)
        changes.push(
          `inactivityRevokeDays: ${shown(before.inactivityRevokeDays)} → ${shown(after.inactivityRevokeDays)}`,
        );
      if (changes.length > 0) {
        await tx.workspace.update({ where: { id: actor.workspaceId }, data: after });
        await writeAuditEvent(
          tx,
          { ...actor, auditLogsEnabled: current.audit_logs_enabled },
          'TOKEN_POLICY_UPDATED',
          null,
          meta,
          now,
          changes.join('; '),
        );
        await enqueueEvent(
          prismaWriter(tx),
          {
            workspaceId: actor.workspaceId,
            type: 'token_policy.updated',
            data: {
              policy: {
                tokens_revealable: after.tokensRevealable,
                max_lifetime_days: after.maxLifetimeDays,
                inactivity_revoke_days: after.inactivityRevokeDays,
              },
              changes,
              destroyed_values: destroyedValues,
              actor: eventActor(actor),
            },
          },
          now,
        );
      }
      const authChanged =
        after.maxLifetimeDays !== before.maxLifetimeDays || after.inactivityRevokeDays !== before.inactivityRevokeDays;
      return { workspaceId: actor.workspaceId, ...after, destroyedValues, authChanged };
    });
  }

  /** The workspace's policy as it stands (the CLI prints it). */
  async read(workspaceId: string): Promise<TokenPolicy> {
    const workspace = await this.options.prisma.workspace.findUnique({
      where: { id: workspaceId },
      select: { tokensRevealable: true, maxLifetimeDays: true, inactivityRevokeDays: true },
    });
    if (!workspace) throw new NotFoundError('No such workspace.');
    return workspace;
  }
}

async function destroyStoredValues(tx: Pick<PrismaClient, 'apiToken'>, workspaceId: string): Promise<number> {
  const { count } = await tx.apiToken.updateMany({
    where: { owner: { workspaceId }, encryptedValue: { not: null } },
    data: { encryptedValue: null, encryptionKeyId: null },
  });
  return count;
}

/** The one way to build it: the server (app.ts) and the CLI both call it, each with its fence. */
export function createTokenPolicyService(
  config: Pick<Config, 'tokenEncryptionKeys'>,
  db: Pick<Database, 'prisma'>,
  options: { fence: Fence; clock?: Clock | undefined },
): TokenPolicyService {
  return new TokenPolicyService({
    prisma: db.prisma,
    clock: options.clock ?? systemClock,
    vault: createVault(config.tokenEncryptionKeys),
    fence: options.fence,
  });
}
