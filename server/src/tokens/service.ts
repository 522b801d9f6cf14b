// Creating, revoking and looking up API tokens. Every multi-step write is one
// transaction: the token row and the audit row change together or not at all. The
// owner's token count (`totalCount`) is kept by database triggers in the same
// transaction (migration 20261201090000), so it stays right whoever deletes rows.
import { uuidv7 } from 'uuidv7';
import { writeAuditEvent, type AuditActor, type RequestMeta } from '../audit/audit.js';
import type { Clock } from '../clock.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import type { ApiToken, PrismaClient } from '../generated/prisma/client.js';
import { Prisma } from '../generated/prisma/client.js';
import type { TokenDigester } from './digest.js';
import { generateToken, tokenHint } from './format.js';
import { validateTokenName } from './names.js';
import { createTokenVault, type TokenVault } from './reveal-crypto.js';
import { recordRevocation } from './revoked-history.js';
import { validateCreateTokenInput, type CreateTokenInput } from './validation.js';

export interface TokenOwner extends AuditActor {
  userId: string;
  role: 'ADMIN' | 'MEMBER' | 'WATCH_ONLY';
}

export interface CreatedToken {
  apiToken: ApiToken;
  /** The plaintext; it exists only in this return value. */
  token: string;
}

export interface TokenServiceOptions {
  prisma: PrismaClient;
  prefix: string;
  digest: TokenDigester;
  clock: Clock;
  /** Encrypts new values for re-viewing (TOKEN_ENCRYPTION_KEY); none: never stored. */
  vault?: TokenVault;
}

/** Who asks to see a token's value again, and through which credential. */
export interface RevealRequester extends AuditActor {
  userId: string;
  kind: 'apiToken' | 'session';
}

export interface RevealedToken {
  apiToken: ApiToken;
  token: string;
}

/** Why a value cannot be revealed, in words for the page (each a ForbiddenError). */
export const REVEAL_REFUSALS = {
  apiToken: 'An API token cannot reveal token values: open the token page, signed in.',
  noKey: 'This server does not keep token values (TOKEN_ENCRYPTION_KEY is not set), so a token can be seen only when it is created.',
  auditLogs: 'Viewing a token again needs audit logs, so that every view is recorded: ask an admin to enable them.',
  setting: 'Your workspace does not allow viewing tokens again (an admin can turn it on; it applies to tokens created after that).',
  notStored: 'This token was created while viewing again was off, so its value was never kept: it was shown once, when it was created.',
  undecryptable: "This token's value can no longer be decrypted (its encryption key was removed from the server).",
} as const;

export class TokenService {
  private readonly vault: TokenVault;

  constructor(private readonly options: TokenServiceOptions) {
    this.vault = options.vault ?? createTokenVault([]);
  }

  /** Whether a stored value (sealed with `keyId`) can be revealed to a viewer whose workspace has audit logs as given. */
  isRevealable(keyId: string | null, auditLogsEnabled: boolean): boolean {
    // No need to read the workspace switch: turning it off destroys every stored value.
    return auditLogsEnabled && this.vault.canOpen(keyId);
  }

  async create(owner: TokenOwner, input: CreateTokenInput, meta: RequestMeta): Promise<CreatedToken> {
    if (owner.role === 'WATCH_ONLY') throw new ForbiddenError('Watch-only users cannot create API tokens.');
    const now = this.options.clock();
    const { name, expiresAt } = validateCreateTokenInput(input, now);
    const token = generateToken(this.options.prefix);
    const id = uuidv7();
    const apiToken = await this.options.prisma.$transaction(async (tx) => {
      // Read under a share lock: a concurrent "turn off" (policy.ts) waits for this
      // transaction and then destroys this value too, or this one sees it off.
      const sealed = this.vault.enabled && (await workspaceKeepsValues(tx, owner.workspaceId)) ? this.vault.seal(id, token) : null;
      const created = await tx.apiToken.create({
        data: {
          id,
          encryptedValue: sealed?.blob ?? null,
          encryptionKeyId: sealed?.keyId ?? null,
          name,
          digest: this.options.digest(token),
          hint: tokenHint(token, this.options.prefix),
          ownerId: owner.userId,
          createdAt: now,
          expiresAt,
        },
      });
      await writeAuditEvent(tx, owner, 'API_TOKEN_CREATED', created, meta, now);
      return created;
    });
    return { apiToken, token };
  }

  /**
   * Deletes one of `ownerId`'s tokens (any owner's when `ownerId` is null: the
   * operator CLI). Returns null when there is no such token, so that another
   * user's token and a missing one look the same.
   */
  async revoke(
    actor: AuditActor,
    tokenId: string,
    ownerId: string | null,
    meta: RequestMeta,
  ): Promise<{ id: string; name: string } | null> {
    const now = this.options.clock();
    try {
      return await this.options.prisma.$transaction(async (tx) => {
        const deleted = await tx.apiToken.delete({
          where: ownerId === null ? { id: tokenId } : { id: tokenId, ownerId },
          select: { id: true, name: true, ownerId: true, hint: true, digest: true, createdAt: true, lastUsedAt: true },
        });
        // The non-secret record (revoked history), in the same transaction as the delete.
        await recordRevocation(tx, deleted, actor, now);
        await writeAuditEvent(tx, actor, 'API_TOKEN_REVOKED', deleted, meta, now);
        return { id: deleted.id, name: deleted.name };
      });
    } catch (error) {
      // P2025: no row matched (missing, someone else's, or revoked concurrently).
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2025') return null;
      throw error;
    }
  }

  /** Renames one of `ownerId`'s tokens; NotFoundError for a missing or someone else's token. */
  async rename(actor: AuditActor & { userId: string }, tokenId: string, rawName: string, meta: RequestMeta): Promise<ApiToken> {
    const name = validateTokenName(rawName);
    const now = this.options.clock();
    return this.options.prisma.$transaction(async (tx) => {
      // Locked, so two renames at once each audit the name they replaced.
      const rows = await tx.$queryRaw<{ name: string }[]>`SELECT name FROM api_tokens WHERE id = ${tokenId}::uuid AND owner_id = ${actor.userId}::uuid FOR UPDATE`;
      const before = rows[0];
      if (!before) throw new NotFoundError('No API token with this id exists.');
      const renamed = await tx.apiToken.update({ where: { id: tokenId }, data: { name } });
      if (before.name !== name) {
        await writeAuditEvent(tx, actor, 'API_TOKEN_RENAMED', renamed, meta, now, `Renamed from ${JSON.stringify(before.name)} to ${JSON.stringify(name)}`);
      }
      return renamed;
    });
  }

  /**
   * The value of one of the requester's own tokens, when the deployment (key), the
   * workspace (switch and audit logs) and the token (created while both were on)
   * allow it; only through a session. Audited in the same transaction.
   */
  async reveal(requester: RevealRequester, tokenId: string, meta: RequestMeta): Promise<RevealedToken> {
    if (requester.kind !== 'session') throw new ForbiddenError(REVEAL_REFUSALS.apiToken);
    const now = this.options.clock();
    return this.options.prisma.$transaction(async (tx) => {
      const found = await tx.apiToken.findFirst({
        where: { id: tokenId, ownerId: requester.userId },
        include: { owner: { select: { workspace: { select: { tokensRevealable: true, auditLogsEnabled: true } } } } },
      });
      if (!found) throw new NotFoundError('No API token with this id exists.');
      const { owner, encryptedValue, encryptionKeyId, ...apiToken } = found;
      if (!this.vault.enabled) throw new ForbiddenError(REVEAL_REFUSALS.noKey);
      if (!owner.workspace.auditLogsEnabled) throw new ForbiddenError(REVEAL_REFUSALS.auditLogs);
      if (!owner.workspace.tokensRevealable) throw new ForbiddenError(REVEAL_REFUSALS.setting);
      if (encryptedValue === null || encryptionKeyId === null) throw new ForbiddenError(REVEAL_REFUSALS.notStored);
      const token = this.vault.open(tokenId, { keyId: encryptionKeyId, blob: encryptedValue });
      if (token === null) throw new ForbiddenError(REVEAL_REFUSALS.undecryptable);
      await writeAuditEvent(tx, { ...requester, auditLogsEnabled: true }, 'API_TOKEN_REVEALED', apiToken, meta, now);
      return { apiToken: { ...apiToken, encryptedValue: null, encryptionKeyId }, token };
    });
  }
}

async function workspaceKeepsValues(tx: Prisma.TransactionClient, workspaceId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ keep: boolean }[]>`SELECT tokens_revealable AS keep FROM workspaces WHERE id = ${workspaceId}::uuid FOR SHARE`;
  return rows[0]?.keep === true;
}
