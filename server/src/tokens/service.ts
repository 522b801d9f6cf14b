// Token queries and commands, the one place that reads or writes token rows:
// GraphQL resolvers, the CLI (admin/commands.ts) and the admin channel all call it.
// Every multi-step write is one transaction: the token row and the audit row change
// together or not at all. The owner's token count (`totalCount`) is kept by
// database triggers in the same transaction (migration 20261201090000), so it stays
// right whoever deletes rows. A revocation returns only once every server has been
// told (the fence), so the revoked token fails on the very next request anywhere.
import { uuidv7 } from 'uuidv7';
import { writeAuditEvent, type AuditActor, type RequestMeta } from '../audit/audit.js';
import { systemClock, type Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { ForbiddenError } from '../errors.js';
import { Prisma } from '../generated/prisma/client.js';
import { createDigester, type TokenDigester } from './digest.js';
import { generateToken, tokenHint } from './format.js';
import { countTokens, readTokenPage, type PageRequest, type TokenPage, type TokenRow } from './pages.js';
import { validateCreateTokenInput, type CreateTokenInput } from './validation.js';

export type { PageRequest, TokenPage, TokenRow } from './pages.js';

/** The user a token belongs to, as the audit log names them. */
export interface TokenOwner extends AuditActor {
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
}

/** Audit rows of operator actions name no user. */
const OPERATOR_EMAIL = 'operator (cli)';

/** The columns of a TokenRow, for Prisma's `select`. */
const ROW = { id: true, name: true, hint: true, ownerId: true, createdAt: true, lastUsedAt: true, expiresAt: true } as const;

function isNoRowError(error: unknown): boolean {
  // P2025: no row matched (missing, someone else's, or revoked concurrently).
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2025';
}

export class TokenService {
  constructor(private readonly options: TokenServiceOptions) {}

  async create(owner: TokenOwner, input: CreateTokenInput, meta: RequestMeta): Promise<CreatedToken> {
    if (owner.role === 'WATCH_ONLY') throw new ForbiddenError('Watch-only users cannot create API tokens.');
    const { prisma } = this.options.db;
    const now = this.options.clock();
    const { name, expiresAt } = validateCreateTokenInput(input, now);
    const token = generateToken(this.options.prefix);
    const apiToken = await prisma.$transaction(async (tx) => {
      const created = await tx.apiToken.create({
        data: {
          id: uuidv7(),
          name,
          digest: this.options.digest(token),
          hint: tokenHint(token, this.options.prefix),
          ownerId: owner.userId,
          createdAt: now,
          expiresAt,
        },
        select: ROW,
      });
      await writeAuditEvent(tx, owner, 'API_TOKEN_CREATED', created, meta, now);
      return created;
    });
    return { apiToken, token };
  }

  /** One page of the owner's tokens, newest first, with their number. */
  page(ownerId: string, request: PageRequest): Promise<TokenPage> {
    return readTokenPage(this.options.db.sql, ownerId, request);
  }

  /** The owner's number of tokens (kept by triggers: no counting). */
  count(ownerId: string): Promise<number> {
    return countTokens(this.options.db.sql, ownerId);
  }

  /** Every token of the owner, newest first (the CLI's `token list`). */
  list(ownerId: string): Promise<TokenRow[]> {
    return this.options.db.prisma.apiToken.findMany({ where: { ownerId }, orderBy: { id: 'desc' }, select: ROW });
  }

  /** The owner's tokens among `ids`, in the order of `ids`, null where there is none (node lookups). */
  async find(ownerId: string, ids: readonly string[]): Promise<(TokenRow | null)[]> {
    const rows = await this.options.db.prisma.apiToken.findMany({ where: { ownerId, id: { in: [...ids] } }, select: ROW });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /**
   * Deletes one of the owner's tokens. Null when the owner has no such token, so
   * that another user's token and a missing one look the same.
   */
  async revoke(owner: TokenOwner, tokenId: string, meta: RequestMeta): Promise<RevokedToken | null> {
    if (owner.role === 'WATCH_ONLY') throw new ForbiddenError('Watch-only users cannot revoke API tokens.');
    return this.fencedDelete(owner.userId, owner, tokenId, meta);
  }

  /** Deletes any user's token on the operator's behalf (the CLI). Null when there is no such token. */
  async revokeAsOperator(tokenId: string, meta: RequestMeta): Promise<RevokedToken | null> {
    const found = await this.options.db.prisma.apiToken.findUnique({
      where: { id: tokenId },
      select: { ownerId: true, owner: { select: { workspaceId: true, workspace: { select: { auditLogsEnabled: true } } } } },
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
  private fencedDelete(ownerId: string, actor: AuditActor, tokenId: string, meta: RequestMeta): Promise<RevokedToken | null> {
    const { prisma } = this.options.db;
    const write = async (): Promise<RevokedToken | null> => {
      const now = this.options.clock();
      try {
        return await prisma.$transaction(async (tx) => {
          const deleted = await tx.apiToken.delete({ where: { id: tokenId, ownerId }, select: { id: true, name: true } });
          await writeAuditEvent(tx, actor, 'API_TOKEN_REVOKED', deleted, meta, now);
          return deleted;
        });
      } catch (error) {
        if (isNoRowError(error)) return null;
        throw error;
      }
    };
    return this.options.fence(`u:${ownerId}`, write, (result) => result !== null);
  }
}

/** The one way to build a TokenService: the server (app.ts) and the CLI both call it. */
export function createTokenService(
  config: Pick<Config, 'tokenPrefix' | 'tokenPepper'>,
  db: Pick<Database, 'prisma' | 'sql'>,
  options: { fence: Fence; clock?: Clock | undefined },
): TokenService {
  return new TokenService({
    db,
    prefix: config.tokenPrefix,
    digest: createDigester(config.tokenPepper),
    clock: options.clock ?? systemClock,
    fence: options.fence,
  });
}
