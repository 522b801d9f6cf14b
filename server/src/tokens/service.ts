// Creating, revoking and looking up API tokens. Every multi-step write is one
// transaction: the token row and the audit row change together or not at all. The
// owner's token count (`totalCount`) is kept by database triggers in the same
// transaction (migration 20261201090000), so it stays right whoever deletes rows.
import { uuidv7 } from 'uuidv7';
import { writeAuditEvent, type AuditActor, type RequestMeta } from '../audit/audit.js';
import type { Clock } from '../clock.js';
import { ForbiddenError } from '../errors.js';
import type { ApiToken, PrismaClient } from '../generated/prisma/client.js';
import { Prisma } from '../generated/prisma/client.js';
import type { TokenDigester } from './digest.js';
import { generateToken, tokenHint } from './format.js';
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
}

export class TokenService {
  constructor(private readonly options: TokenServiceOptions) {}

  async create(owner: TokenOwner, input: CreateTokenInput, meta: RequestMeta): Promise<CreatedToken> {
    if (owner.role === 'WATCH_ONLY') throw new ForbiddenError('Watch-only users cannot create API tokens.');
    const now = this.options.clock();
    const { name, expiresAt } = validateCreateTokenInput(input, now);
    const token = generateToken(this.options.prefix);
    const apiToken = await this.options.prisma.$transaction(async (tx) => {
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
          select: { id: true, name: true, ownerId: true },
        });
        await writeAuditEvent(tx, actor, 'API_TOKEN_REVOKED', deleted, meta, now);
        return { id: deleted.id, name: deleted.name };
      });
    } catch (error) {
      // P2025: no row matched (missing, someone else's, or revoked concurrently).
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2025') return null;
      throw error;
    }
  }
}
