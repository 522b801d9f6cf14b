// A workspace's token policy: for now one switch, "tokens can be viewed again".
// Turning it on needs audit logs (every view is recorded) and a deployment key;
// turning it off destroys every stored value in the workspace in the same
// transaction, so "off" means no value can ever be shown again, not "hidden".
// The API (admins) and the CLI (operator) both come through here.
import { writeAuditEvent, type AuditActor, type RequestMeta } from '../audit/audit.js';
import { systemClock, type Clock } from '../clock.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { enqueueEvent, prismaWriter } from '../events/outbox.js';
import { eventActor } from '../events/payloads.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import { createTokenVault, type TokenVault } from './reveal-crypto.js';

export interface TokenPolicy {
  tokensRevealable: boolean;
}

export interface TokenPolicyChange {
  tokensRevealable?: boolean | null | undefined;
}

export interface UpdatedTokenPolicy extends TokenPolicy {
  workspaceId: string;
  /** Stored values destroyed by turning re-viewing off. */
  destroyedValues: number;
}

export class TokenPolicyService {
  constructor(private readonly options: { prisma: PrismaClient; clock: Clock; vault: TokenVault }) {}

  async update(
    actor: Omit<AuditActor, 'auditLogsEnabled'>,
    change: TokenPolicyChange,
    meta: RequestMeta,
  ): Promise<UpdatedTokenPolicy> {
    const now = this.options.clock();
    return this.options.prisma.$transaction(async (tx) => {
      // Locked: token creation reads the switch under a share lock (service.ts), so no
      // value can be stored after "off" commits.
      const rows = await tx.$queryRaw<{ tokens_revealable: boolean; audit_logs_enabled: boolean }[]>`
        SELECT tokens_revealable, audit_logs_enabled FROM workspaces WHERE id = ${actor.workspaceId}::uuid FOR UPDATE`;
      const current = rows[0];
      if (!current) throw new NotFoundError('No such workspace.');
      const wanted = change.tokensRevealable ?? current.tokens_revealable;
      if (wanted && !current.tokens_revealable) {
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
      let destroyedValues = 0;
      if (wanted !== current.tokens_revealable) {
        await tx.workspace.update({ where: { id: actor.workspaceId }, data: { tokensRevealable: wanted } });
        if (!wanted) destroyedValues = await destroyStoredValues(tx, actor.workspaceId);
        const details = wanted
          ? 'Tokens created from now on can be viewed again by their owners.'
          : `Tokens can no longer be viewed again; ${destroyedValues} stored value(s) destroyed.`;
        await writeAuditEvent(
          tx,
          { ...actor, auditLogsEnabled: current.audit_logs_enabled },
          'WORKSPACE_TOKEN_POLICY_UPDATED',
          null,
          meta,
          now,
          details,
        );
        await enqueueEvent(
          prismaWriter(tx),
          {
            workspaceId: actor.workspaceId,
            type: 'token_policy.updated',
            data: {
              policy: { tokens_revealable: wanted },
              destroyed_values: destroyedValues,
              actor: eventActor(actor),
            },
          },
          now,
        );
      }
      return { workspaceId: actor.workspaceId, tokensRevealable: wanted, destroyedValues };
    });
  }
}

async function destroyStoredValues(tx: Pick<PrismaClient, 'apiToken'>, workspaceId: string): Promise<number> {
  const { count } = await tx.apiToken.updateMany({
    where: { owner: { workspaceId }, encryptedValue: { not: null } },
    data: { encryptedValue: null, encryptionKeyId: null },
  });
  return count;
}

/** The one way to build it: the server (app.ts) and the CLI both call it. */
export function createTokenPolicyService(
  config: Pick<Config, 'tokenEncryptionKeys'>,
  db: Pick<Database, 'prisma'>,
  options: { clock?: Clock | undefined } = {},
): TokenPolicyService {
  return new TokenPolicyService({
    prisma: db.prisma,
    clock: options.clock ?? systemClock,
    vault: createTokenVault(config.tokenEncryptionKeys),
  });
}
