// Token queries and commands, the one place that reads or writes token rows:
// GraphQL resolvers, the CLI (admin/commands.ts) and the admin channel all call it.
// Every multi-step write is one transaction: the token row and the audit row change
// together or not at all. The owner's token count (`totalCount`) is kept by
// database triggers in the same transaction (migration 20261201090000), so it stays
// right whoever deletes rows. A revocation returns only once every server has been
// told (the fence), so the revoked token fails on the very next request anywhere.
// Rotation gives a token a new secret under the same id; the old one works for the
// overlap asked for and then fails like a revoked token (its record: revoked-history.ts).
import { uuidv7 } from 'uuidv7';
import { writeAuditEvent, type AuditActor, type RequestMeta } from '../audit/audit.js';
import { systemClock, type Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { Prisma } from '../generated/prisma/client.js';
import { createDigester, type TokenDigester } from './digest.js';
import { generateToken, tokenHint } from './format.js';
import { validateTokenName } from './names.js';
import { countTokens, readTokenPage, type PageRequest, type TokenPage, type TokenRow } from './pages.js';
import { createTokenVault, type TokenVault } from './reveal-crypto.js';
import { recordRevocation, recordRotatedSecret, endRotatedSecret } from './revoked-history.js';
import { assertMayRotate, describeScopes, scopesToGrant, type Grantor } from './scopes.js';
import {
  validateCreateTokenInput,
  validateRotateTokenInput,
  type CreateTokenInput,
  type RotateTokenInput,
} from './validation.js';

export type { PageRequest, TokenPage, TokenRow } from './pages.js';

/**
 * The user a token belongs to, as the audit log names them. `grantorScopes`: the
 * scopes of the API token the request came with (absent or null: a session or the
 * operator), which cap what it may hand out (tokens/scopes.ts).
 */
export interface TokenOwner extends AuditActor, Grantor {
  userId: string;
  role: 'ADMIN' | 'MEMBER' | 'WATCH_ONLY';
}

export interface CreatedToken {
  apiToken: TokenRow;
  /** The plaintext; it exists only in this return value. */
  token: string;
}

export interface RevokedToken {
  id: string;
  name: string;
}

export interface RotatedToken extends CreatedToken {
  /** When the old secret stops working; null: it stopped at once. */
  previousSecretExpiresAt: Date | null;
}

/** Two rotations of one token must be this far apart, so two sent at once never both succeed. */
export const ROTATION_INTERVAL_SECONDS = 60;

/**
 * Runs a write that changes what a credential authenticates as, and returns once
 * every server has been told (the verification cache's fence, auth/verification-cache.ts,
 * or the CLI's listening fence, admin/commands.ts). `key` names whose credentials change.
 */
export type Fence = <T>(key: string, write: () => Promise<T>, changed: (result: T) => boolean) => Promise<T>;

export interface TokenServiceOptions {
  db: Pick<Database, 'prisma' | 'sql'>;
  prefix: string;
  digest: TokenDigester;
  clock: Clock;
  fence: Fence;
  /** Encrypts new values for re-viewing (TOKEN_ENCRYPTION_KEY); none: values are never kept. */
  vault?: TokenVault;
}

/** Who asks to see a token's value again, and through which credential. */
export interface RevealRequester extends AuditActor {
  userId: string;
  kind: 'apiToken' | 'session';
}

export interface RevealedToken {
  apiToken: TokenRow;
  token: string;
}

/** Why a value cannot be revealed, in words for the page (each a ForbiddenError). */
export const REVEAL_REFUSALS = {
  apiToken: 'An API token cannot reveal token values: open the token page, signed in.',
  noKey:
    'This server does not keep token values (TOKEN_ENCRYPTION_KEY is not set), so a token can be seen only when it is created.',
  auditLogs: 'Viewing a token again needs audit logs, so that every view is recorded: ask an admin to enable them.',
  setting:
    'Your workspace does not allow viewing tokens again (an admin can turn it on; it applies to tokens created after that).',
  notStored:
    'This token was created while viewing again was off, so its value was never kept: it was shown once, when it was created.',
  undecryptable: "This token's value can no longer be decrypted (its encryption key was removed from the server).",
} as const;

/** Audit rows of operator actions name no user. */
const OPERATOR_EMAIL = 'operator (cli)';

/** The columns of a TokenRow, for Prisma's `select`. */
const ROW = {
  id: true,
  name: true,
  hint: true,
  ownerId: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  lastUsedIp: true,
  lastUsedUserAgent: true,
  encryptionKeyId: true,
  scopes: true,
  rotatedAt: true,
  previousSecretExpiresAt: true,
  previousSecretLastUsedAt: true,
} as const;

function isNoRowError(error: unknown): boolean {
  // P2025: no row matched (missing, someone else's, or revoked concurrently).
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2025';
}

export class TokenService {
  private readonly vault: TokenVault;

  constructor(private readonly options: TokenServiceOptions) {
    this.vault = options.vault ?? createTokenVault([]);
  }

  /** Whether a kept value (sealed with `keyId`) can be revealed to its owner, whose workspace has audit logs as given. */
  isRevealable(keyId: string | null, auditLogsEnabled: boolean): boolean {
    // The workspace switch need not be read: turning it off destroys every kept value (policy.ts).
    return auditLogsEnabled && this.vault.canOpen(keyId);
  }

  async create(owner: TokenOwner, input: CreateTokenInput, meta: RequestMeta): Promise<CreatedToken> {
    if (owner.role === 'WATCH_ONLY') throw new ForbiddenError('Watch-only users cannot create API tokens.');
    const { prisma } = this.options.db;
    const now = this.options.clock();
    const { name, expiresAt } = validateCreateTokenInput(input, now);
    const scopes = scopesToGrant(input.scopes, owner);
    const token = generateToken(this.options.prefix);
    const id = uuidv7();
    const apiToken = await prisma.$transaction(async (tx) => {
      // Read under a share lock: a concurrent "turn off" (policy.ts) waits for this
      // transaction and then destroys this value too, or this one sees it off.
      const sealed =
        this.vault.enabled && (await workspaceKeepsValues(tx, owner.workspaceId)) ? this.vault.seal(id, token) : null;
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
          scopes,
        },
        select: ROW,
      });
      await writeAuditEvent(tx, owner, 'API_TOKEN_CREATED', created, meta, now, `Scopes: ${describeScopes(scopes)}.`);
      return created;
    });
    return { apiToken, token };
  }

  /** One page of the owner's tokens, newest first, with their number. */
  page(ownerId: string, request: PageRequest, nameContains?: string | null): Promise<TokenPage> {
    return readTokenPage(this.options.db.sql, ownerId, request, nameContains);
  }

  /** The owner's number of tokens (kept by triggers: no counting). */
  count(ownerId: string): Promise<number> {
    return countTokens(this.options.db.sql, ownerId);
  }

  /**
   * The owner's revoked history, most recently revoked first. `selection` is what
   * the GraphQL layer needs of each record (Pothos's query); the rows are the owner's only.
   * A rotated-away secret still in its overlap works yet, so it is not history yet.
   */
  revokedHistory<S extends Omit<Prisma.RevokedApiTokenFindManyArgs, 'where' | 'orderBy'>>(
    ownerId: string,
    selection: S,
  ) {
    return this.options.db.prisma.revokedApiToken.findMany({
      ...selection,
      where: { ownerId, revokedAt: { lte: this.options.clock() } },
      orderBy: [{ revokedAt: 'desc' }, { id: 'desc' }],
    });
  }

  /** The number of records in the owner's revoked history (bounded by retention: counted). */
  revokedCount(ownerId: string): Promise<number> {
    return this.options.db.prisma.revokedApiToken.count({
      where: { ownerId, revokedAt: { lte: this.options.clock() } },
    });
  }

  /** Every token of the owner, newest first (the CLI's `token list`). */
  list(ownerId: string): Promise<TokenRow[]> {
    return this.options.db.prisma.apiToken.findMany({ where: { ownerId }, orderBy: { id: 'desc' }, select: ROW });
  }

  /** The owner's tokens among `ids`, in the order of `ids`, null where there is none (node lookups). */
  async find(ownerId: string, ids: readonly string[]): Promise<(TokenRow | null)[]> {
    const rows = await this.options.db.prisma.apiToken.findMany({
      where: { ownerId, id: { in: [...ids] } },
      select: ROW,
    });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /**
   * Deletes one of the owner's tokens. Null when the owner has no such token, so
   * that another user's token and a missing one look the same. A watch-only owner
   * may revoke (issue 13: suspended tokens can be cleaned up from the page).
   */
  async revoke(owner: TokenOwner, tokenId: string, meta: RequestMeta): Promise<RevokedToken | null> {
    return this.fencedDelete(owner.userId, owner, tokenId, meta);
  }

  /** Deletes any user's token on the operator's behalf (the CLI). Null when there is no such token. */
  async revokeAsOperator(tokenId: string, meta: RequestMeta): Promise<RevokedToken | null> {
    const found = await this.options.db.prisma.apiToken.findUnique({
      where: { id: tokenId },
      select: {
        ownerId: true,
        owner: { select: { workspaceId: true, workspace: { select: { auditLogsEnabled: true } } } },
      },
    });
    if (!found) return null;
    const actor: AuditActor = {
      userId: null,
      email: OPERATOR_EMAIL,
      workspaceId: found.owner.workspaceId,
      auditLogsEnabled: found.owner.workspace.auditLogsEnabled,
    };
    return this.fencedDelete(found.ownerId, actor, tokenId, meta);
  }

  /** The delete and its audit row in one transaction, through the fence of the owner's credentials. */
  private fencedDelete(
    ownerId: string,
    actor: AuditActor,
    tokenId: string,
    meta: RequestMeta,
  ): Promise<RevokedToken | null> {
    const { prisma } = this.options.db;
    const write = async (): Promise<RevokedToken | null> => {
      const now = this.options.clock();
      try {
        return await prisma.$transaction(async (tx) => {
          const deleted = await tx.apiToken.delete({
            where: { id: tokenId, ownerId },
            select: {
              id: true,
              name: true,
              ownerId: true,
              hint: true,
              digest: true,
              createdAt: true,
              lastUsedAt: true,
              previousDigest: true,
            },
          });
          // The non-secret record (revoked history), in the same transaction as the delete.
          await recordRevocation(tx, deleted, actor, now);
          await writeAuditEvent(tx, actor, 'API_TOKEN_REVOKED', deleted, meta, now);
          return { id: deleted.id, name: deleted.name };
        });
      } catch (error) {
        if (isNoRowError(error)) return null;
        throw error;
      }
    };
    return this.options.fence(`u:${ownerId}`, write, (result) => result !== null);
  }

  /**
   * Gives one of the owner's tokens a new secret (same id, name, history), shown
   * only in the return value. The old secret keeps working for `overlapSeconds`,
   * then fails like a revoked token (and is counted). NotFoundError for a missing or
   * someone else's token; ForbiddenError when the caller may not hand out a token
   * with its scopes; ValidationError for an expired token, a bad overlap or expiry,
   * or a rotation less than ROTATION_INTERVAL_SECONDS after the last one.
   */
  async rotate(owner: TokenOwner, tokenId: string, input: RotateTokenInput, meta: RequestMeta): Promise<RotatedToken> {
    if (owner.role === 'WATCH_ONLY') throw new ForbiddenError('Watch-only users cannot rotate API tokens.');
    const rotated = await this.fencedRotation(
      { ownerId: owner.userId, workspaceId: owner.workspaceId },
      owner,
      owner,
      tokenId,
      input,
      meta,
    );
    if (!rotated) throw new NotFoundError('No API token with this id exists.');
    return rotated;
  }

  /** Rotates any user's token on the operator's behalf (the CLI). Null when there is no such token. */
  async rotateAsOperator(tokenId: string, input: RotateTokenInput, meta: RequestMeta): Promise<RotatedToken | null> {
    const found = await this.options.db.prisma.apiToken.findUnique({
      where: { id: tokenId },
      select: {
        ownerId: true,
        owner: { select: { workspaceId: true, workspace: { select: { auditLogsEnabled: true } } } },
      },
    });
    if (!found) return null;
    const actor: AuditActor = {
      userId: null,
      email: OPERATOR_EMAIL,
      workspaceId: found.owner.workspaceId,
      auditLogsEnabled: found.owner.workspace.auditLogsEnabled,
    };
    // The operator hands the token back to no caller's token: only the owner's role capped its scopes.
    return this.fencedRotation(
      { ownerId: found.ownerId, workspaceId: found.owner.workspaceId },
      actor,
      null,
      tokenId,
      input,
      meta,
    );
  }

  /**
   * The rotation in one transaction, through the fence of the owner's credentials:
   * when it answers, no instance still has the old secret's verification cached
   * without the end of its overlap (with no overlap, none accepts it at all).
   */
  private fencedRotation(
    owner: { ownerId: string; workspaceId: string },
    actor: AuditActor,
    grantor: Grantor | null,
    tokenId: string,
    input: RotateTokenInput,
    meta: RequestMeta,
  ): Promise<RotatedToken | null> {
    const now = this.options.clock();
    const { overlapSeconds, expiresAt: newExpiry } = validateRotateTokenInput(input, now);
    const { prisma } = this.options.db;
    const write = () =>
      prisma.$transaction(async (tx): Promise<RotatedToken | null> => {
        // Locked: a second rotation waits for this one, then sees it (the interval below).
        const locked = await tx.$queryRaw<
          { id: string }[]
        >`SELECT id FROM api_tokens WHERE id = ${tokenId}::uuid AND owner_id = ${owner.ownerId}::uuid FOR UPDATE`;
        if (locked.length === 0) return null;
        const current = await tx.apiToken.findUniqueOrThrow({
          where: { id: tokenId },
          select: {
            name: true,
            hint: true,
            digest: true,
            createdAt: true,
            rotatedAt: true,
            lastUsedAt: true,
            expiresAt: true,
            scopes: true,
            previousDigest: true,
            previousSecretExpiresAt: true,
          },
        });
        if (current.expiresAt !== null && current.expiresAt.getTime() <= now.getTime()) {
          throw new ValidationError('This token has expired, so it cannot be rotated: create a new one.', 'id');
        }
        const lastRotation = current.rotatedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
        if (lastRotation > now.getTime() - ROTATION_INTERVAL_SECONDS * 1000) {
          const next = new Date(lastRotation + ROTATION_INTERVAL_SECONDS * 1000);
          throw new ValidationError(
            `This token was just rotated (at ${current.rotatedAt?.toISOString()}); it can be rotated again from ${next.toISOString()}. Two rotations must be ${ROTATION_INTERVAL_SECONDS} s apart, so that two sent at once never both succeed.`,
            'id',
          );
        }
        if (grantor) assertMayRotate(current.scopes, grantor);
        const expiresAt = newExpiry ?? current.expiresAt;
        const token = generateToken(this.options.prefix);
        const sealed =
          this.vault.enabled && (await workspaceKeepsValues(tx, owner.workspaceId))
            ? this.vault.seal(tokenId, token)
            : null;
        // Only one earlier secret overlaps at a time: one still in its overlap stops now.
        const cutShort =
          current.previousDigest !== null &&
          current.previousSecretExpiresAt !== null &&
          current.previousSecretExpiresAt.getTime() > now.getTime();
        if (cutShort && current.previousDigest) await endRotatedSecret(tx, current.previousDigest, now);
        const previousSecretExpiresAt = overlapSeconds > 0 ? new Date(now.getTime() + overlapSeconds * 1000) : null;
        const apiToken = await tx.apiToken.update({
          where: { id: tokenId },
          data: {
            digest: this.options.digest(token),
            hint: tokenHint(token, this.options.prefix),
            rotatedAt: now,
            expiresAt,
            encryptedValue: sealed?.blob ?? null,
            encryptionKeyId: sealed?.keyId ?? null,
            previousDigest: previousSecretExpiresAt ? current.digest : null,
            previousSecretExpiresAt,
            previousSecretLastUsedAt: null,
          },
          select: ROW,
        });
        await recordRotatedSecret(
          tx,
          {
            ownerId: owner.ownerId,
            name: current.name,
            hint: current.hint,
            digest: current.digest,
            issuedAt: current.rotatedAt ?? current.createdAt,
            lastUsedAt: current.lastUsedAt,
          },
          actor,
          previousSecretExpiresAt ?? now,
        );
        const details = [
          previousSecretExpiresAt
            ? `New secret; the previous one works until ${previousSecretExpiresAt.toISOString()} (overlap ${overlapSeconds} s).`
            : 'New secret; the previous one stopped working at once (overlap 0 s).',
          cutShort ? 'The secret an earlier rotation replaced stopped working at once.' : null,
          expiresAt?.getTime() !== current.expiresAt?.getTime()
            ? `Expiry changed from ${current.expiresAt?.toISOString() ?? 'never'} to ${expiresAt?.toISOString() ?? 'never'}.`
            : null,
          `Scopes: ${describeScopes(current.scopes)}.`,
        ];
        await writeAuditEvent(
          tx,
          actor,
          'API_TOKEN_ROTATED',
          apiToken,
          meta,
          now,
          details.filter((line) => line !== null).join(' '),
        );
        return { apiToken, token, previousSecretExpiresAt };
      });
    return this.options.fence(`u:${owner.ownerId}`, write, (result) => result !== null);
  }

  /** Renames one of the actor's own tokens; NotFoundError for a missing or someone else's token. */
  async rename(
    actor: AuditActor & { userId: string },
    tokenId: string,
    rawName: string,
    meta: RequestMeta,
  ): Promise<TokenRow> {
    const name = validateTokenName(rawName);
    const now = this.options.clock();
    return this.options.db.prisma.$transaction(async (tx) => {
      // Locked, so two renames at once each audit the name they replaced.
      const rows = await tx.$queryRaw<
        { name: string }[]
      >`SELECT name FROM api_tokens WHERE id = ${tokenId}::uuid AND owner_id = ${actor.userId}::uuid FOR UPDATE`;
      const before = rows[0];
      if (!before) throw new NotFoundError('No API token with this id exists.');
      const renamed = await tx.apiToken.update({ where: { id: tokenId }, data: { name }, select: ROW });
      if (before.name !== name) {
        await writeAuditEvent(
          tx,
          actor,
          'API_TOKEN_RENAMED',
          renamed,
          meta,
          now,
          `Renamed from ${JSON.stringify(before.name)} to ${JSON.stringify(name)}`,
        );
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
    return this.options.db.prisma.$transaction(async (tx) => {
      const found = await tx.apiToken.findFirst({
        where: { id: tokenId, ownerId: requester.userId },
        select: {
          ...ROW,
          encryptedValue: true,
          owner: { select: { workspace: { select: { tokensRevealable: true, auditLogsEnabled: true } } } },
        },
      });
      if (!found) throw new NotFoundError('No API token with this id exists.');
      const { owner, encryptedValue, ...apiToken } = found;
      if (!this.vault.enabled) throw new ForbiddenError(REVEAL_REFUSALS.noKey);
      if (!owner.workspace.auditLogsEnabled) throw new ForbiddenError(REVEAL_REFUSALS.auditLogs);
      if (!owner.workspace.tokensRevealable) throw new ForbiddenError(REVEAL_REFUSALS.setting);
      if (encryptedValue === null || apiToken.encryptionKeyId === null)
        throw new ForbiddenError(REVEAL_REFUSALS.notStored);
      const token = this.vault.open(tokenId, { keyId: apiToken.encryptionKeyId, blob: encryptedValue });
      if (token === null) throw new ForbiddenError(REVEAL_REFUSALS.undecryptable);
      await writeAuditEvent(tx, { ...requester, auditLogsEnabled: true }, 'API_TOKEN_REVEALED', apiToken, meta, now);
      return { apiToken, token };
    });
  }
}

async function workspaceKeepsValues(tx: Prisma.TransactionClient, workspaceId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<
    { keep: boolean }[]
  >`SELECT tokens_revealable AS keep FROM workspaces WHERE id = ${workspaceId}::uuid FOR SHARE`;
  return rows[0]?.keep === true;
}

/** The one way to build a TokenService: the server (app.ts) and the CLI both call it. */
export function createTokenService(
  config: Pick<Config, 'tokenPrefix' | 'tokenPepper'> & Partial<Pick<Config, 'tokenEncryptionKeys'>>,
  db: Pick<Database, 'prisma' | 'sql'>,
  options: { fence: Fence; clock?: Clock | undefined },
): TokenService {
  return new TokenService({
    db,
    prefix: config.tokenPrefix,
    digest: createDigester(config.tokenPepper),
    clock: options.clock ?? systemClock,
    fence: options.fence,
    vault: createTokenVault(config.tokenEncryptionKeys ?? []),
  });
}
