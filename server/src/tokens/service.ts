// Token queries and commands, the one place that reads or writes token rows:
// GraphQL resolvers, the CLI (admin/commands.ts) and the admin channel all call it.
// Every multi-step write is atomic: the token row and the audit row change together or
// not at all — a create and a revocation as one statement each (create-statement.ts,
// revoke-statement.ts: one round trip), a rotation as one transaction of two
// (rotate-statements.ts), the others as one transaction. The owner's token count
// (`totalCount`) is kept by database triggers in the same transaction (migration
// 20261201090000), so it stays right whoever deletes rows. A revocation returns only once every server has been
// told (the fence), so the revoked token fails on the very next request anywhere.
// Rotation gives a token a new secret under the same id; the old one works for the
// overlap asked for and then fails like a revoked token (its record: revoked-history.ts).
import { uuidv7 } from 'uuidv7';
import { writeAuditEvent, type AuditActor, type RequestMeta } from '../audit/audit.js';
import { systemClock, type Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { enqueueEvent, prismaWriter } from '../events/outbox.js';
import { eventToken } from '../events/payloads.js';
import type { Prisma, AuditAction } from '../generated/prisma/client.js';
import { hasReportTrip, latestTrips, lockCanary, storeTrip, type CanaryTrip, type TripInput } from './canary.js';
import { createInOneStatement } from './create-statement.js';
import { revokeInOneStatement, type RevokeCondition } from './revoke-statement.js';
import { lockForRotation, writeRotation } from './rotate-statements.js';
import { createDigester, type TokenDigester } from './digest.js';
import { generateToken, tokenHint } from './format.js';
import { validateTokenName } from './names.js';
import {
  countTokens,
  readTokenPage,
  readWorkspaceTokenPage,
  type PageRequest,
  type TokenPage,
  type TokenRow,
  type WorkspaceTokenFilter,
  type WorkspaceTokenPage,
} from './pages.js';
import { checkLifetime, inactivityCutoff } from './policy.js';
import { createVault, type Vault } from '../crypto/vault.js';
import { leakDetails, SECRET_SCANNING_ACTOR, type LeakOutcome, type LeakReport } from './leaks.js';
import type { RevocationNote } from './revoked-history.js';
import { assertMayRotate, describeScopes, scopesToGrant, type Grantor } from './scopes.js';
import {
  validateCreateTokenInput,
  validateRotateTokenInput,
  type CreateTokenInput,
  type RotateTokenInput,
} from './validation.js';

export type { CanaryTrip, TripInput } from './canary.js';
export type { LeakOutcome, LeakReport } from './leaks.js';
export type {
  PageRequest,
  TokenPage,
  TokenRow,
  WorkspaceTokenFilter,
  WorkspaceTokenPage,
  WorkspaceTokenRow,
} from './pages.js';

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

/** A token the inactivity sweep found unused past its workspace's limit (inactivity-sweep.ts). */
export interface InactiveToken {
  id: string;
  ownerId: string;
  workspaceId: string;
  auditLogsEnabled: boolean;
  /** The workspace's inactivityRevokeDays when it was found: the revocation re-checks it. */
  inactivityRevokeDays: number;
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
export type Fence = <T>(
  key: string,
  write: () => Promise<T>,
  changed: (result: T) => boolean,
  /** The write only deleted this token (a revocation): a cache need drop nothing else of the owner's. */
  onlyToken?: (result: T) => string | undefined,
) => Promise<T>;

export interface TokenServiceOptions {
  db: Pick<Database, 'prisma' | 'sql'>;
  prefix: string;
  digest: TokenDigester;
  clock: Clock;
  fence: Fence;
  /** Encrypts new values for re-viewing (TOKEN_ENCRYPTION_KEY); none: values are never kept. */
  vault?: Vault;
  /** Called after a transaction that wrote webhook events commits (wakes this instance's worker). */
  eventsWritten?: () => void;
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
/** Audit rows of the inactivity sweep's revocations name no user either. */
export const SWEEP_ACTOR_EMAIL = 'system (inactivity sweep)';

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
  canary: true,
  canaryTripCount: true,
  scopes: true,
  rotatedAt: true,
  previousSecretExpiresAt: true,
  previousSecretLastUsedAt: true,
} as const;

/** Audit rows of a canary's trips: nobody known made the request. */
const CANARY_CALLER = 'unknown caller (canary token)';

/** How a revocation is recorded: the revoked record's note, and the audit row; `onlyIf` narrows the DELETE itself. */
interface RevocationRecord {
  onlyIf?: RevokeCondition;
  note?: RevocationNote;
  auditAction?: AuditAction;
  auditDetails?: string | null;
}

export class TokenService {
  private readonly vault: Vault;

  constructor(private readonly options: TokenServiceOptions) {
    this.vault = options.vault ?? createVault([]);
  }

  /** Whether a kept value (sealed with `keyId`) can be revealed to its owner, whose workspace has audit logs as given. */
  isRevealable(keyId: string | null, auditLogsEnabled: boolean): boolean {
    // The workspace switch need not be read: turning it off destroys every kept value (policy.ts).
    return auditLogsEnabled && this.vault.canOpen(keyId);
  }

  async create(owner: TokenOwner, input: CreateTokenInput, meta: RequestMeta): Promise<CreatedToken> {
    if (owner.role === 'WATCH_ONLY') throw new ForbiddenError('Watch-only users cannot create API tokens.');
    const now = this.options.clock();
    const { name, expiresAt, canary } = validateCreateTokenInput(input, now);
    const scopes = scopesToGrant(input.scopes, owner);
    const token = generateToken(this.options.prefix);
    const id = uuidv7();
    const hint = tokenHint(token, this.options.prefix);
    // Sealed before the statement, which keeps it only if the workspace's policy says so.
    const sealed = this.vault.enabled ? this.vault.seal(id, token) : null;
    const created = await createInOneStatement(this.options.db.sql, {
      token: {
        id,
        name,
        digest: this.options.digest(token),
        hint,
        ownerId: owner.userId,
        createdAt: now,
        expiresAt,
        canary,
        scopes,
        sealed,
      },
      owner,
      meta,
      details: `Scopes: ${describeScopes(scopes)}.`,
    });
    if (!created.inserted) {
      // Refused by the workspace's lifetime limit, read under the statement's lock: the same error as ever.
      checkLifetime({ maxLifetimeDays: created.maxLifetimeDays }, expiresAt, now);
      throw new Error('createApiToken: the statement refused a token that the lifetime rule allows');
    }
    if (created.queued > 0) this.options.eventsWritten?.();
    const apiToken: TokenRow = {
      id,
      name,
      hint,
      ownerId: owner.userId,
      createdAt: now,
      lastUsedAt: null,
      expiresAt,
      lastUsedIp: null,
      lastUsedUserAgent: null,
      encryptionKeyId: created.kept ? (sealed?.keyId ?? null) : null,
      scopes,
      rotatedAt: null,
      previousSecretExpiresAt: null,
      previousSecretLastUsedAt: null,
      canary,
      canaryTripCount: 0,
    };
    return { apiToken, token };
  }

  /** One page of the owner's tokens, newest first, with their number. */
  page(ownerId: string, request: PageRequest, nameContains?: string | null): Promise<TokenPage> {
    return readTokenPage(this.options.db.sql, ownerId, request, nameContains);
  }

  /** One page of every token in the workspace (the admins' inventory), newest first, with owners. */
  workspacePage(
    workspaceId: string,
    request: Pick<PageRequest, 'limit' | 'cursor'>,
    filter: WorkspaceTokenFilter,
  ): Promise<WorkspaceTokenPage> {
    return readWorkspaceTokenPage(this.options.db.sql, workspaceId, request, filter, this.options.clock());
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
   * Deletes one of the actor's own tokens or, with `asWorkspaceAdmin` (an admin whose
   * credential may administer the workspace: the schema's scopes decide), any token
   * of a user of the actor's workspace, with reason ADMIN and the admin as revoker.
   * Null when there is no such token for this actor, so that a token elsewhere (another
   * user's, another workspace's) and a missing one look the same. A watch-only owner
   * may revoke their own (issue 13: suspended tokens can be cleaned up from the page).
   */
  async revoke(
    actor: TokenOwner,
    tokenId: string,
    meta: RequestMeta,
    options: { asWorkspaceAdmin?: boolean } = {},
  ): Promise<RevokedToken | null> {
    // Their own first: the common case costs no lookup.
    const own = await this.fencedDelete(actor.userId, actor, tokenId, meta);
    if (own || !options.asWorkspaceAdmin || actor.role !== 'ADMIN') return own;
    const found = await this.options.db.prisma.apiToken.findFirst({
      where: { id: tokenId, owner: { workspaceId: actor.workspaceId } },
      select: { ownerId: true },
    });
    if (!found) return null;
    return this.fencedDelete(found.ownerId, actor, tokenId, meta, { onlyIf: { workspaceId: actor.workspaceId } });
  }

  /**
   * A batch of tokens unused past their workspace's inactivityRevokeDays (never used:
   * counted from creation), in id order after `afterId` (the sweep's keyset). Never a
   * canary: it is never used by design, and a trip is no use.
   */
  async inactiveTokens(afterId: string | null, limit: number): Promise<InactiveToken[]> {
    return this.options.db.sql.query<InactiveToken>(
      `SELECT t.id, t.owner_id AS "ownerId", w.id AS "workspaceId", w.audit_logs_enabled AS "auditLogsEnabled",
              w.inactivity_revoke_days AS "inactivityRevokeDays"
         FROM workspaces w
         JOIN users u ON u.workspace_id = w.id
         JOIN api_tokens t ON t.owner_id = u.id
        WHERE w.inactivity_revoke_days IS NOT NULL
          AND NOT t.canary
          AND COALESCE(t.last_used_at, t.created_at) < $1::timestamptz - make_interval(days => w.inactivity_revoke_days)
          AND t.id > $2::uuid
        ORDER BY t.id
        LIMIT $3`,
      [this.options.clock(), afterId ?? '00000000-0000-0000-0000-000000000000', limit],
    );
  }

  /**
   * Revokes a token for inactivity (reason INACTIVE, no revoker, the system as the
   * audit actor), through the same fence as every revocation. The delete re-checks
   * the rule, so a token used (or a policy changed) since it was found is left alone:
   * null then, as for a token already gone.
   */
  revokeInactive(token: InactiveToken, meta: RequestMeta): Promise<RevokedToken | null> {
    const cutoff = inactivityCutoff(token.inactivityRevokeDays, this.options.clock());
    const actor: AuditActor = {
      userId: null,
      email: SWEEP_ACTOR_EMAIL,
      workspaceId: token.workspaceId,
      auditLogsEnabled: token.auditLogsEnabled,
    };
    return this.fencedDelete(token.ownerId, actor, token.id, meta, {
      note: { reason: 'INACTIVE', revokedBy: null },
      onlyIf: { inactive: { revokeDays: token.inactivityRevokeDays, cutoff } },
    });
  }

  /** The token's owner and the operator as the audit actor in the owner's workspace; null when there is no such token. */
  private async operatorActing(tokenId: string): Promise<{ ownerId: string; actor: AuditActor } | null> {
    const found = await this.options.db.prisma.apiToken.findUnique({
      where: { id: tokenId },
      select: {
        ownerId: true,
        owner: { select: { workspaceId: true, workspace: { select: { auditLogsEnabled: true } } } },
      },
    });
    if (!found) return null;
    return {
      ownerId: found.ownerId,
      actor: {
        userId: null,
        email: OPERATOR_EMAIL,
        workspaceId: found.owner.workspaceId,
        auditLogsEnabled: found.owner.workspace.auditLogsEnabled,
      },
    };
  }

  /** Deletes any user's token on the operator's behalf (the CLI). Null when there is no such token. */
  async revokeAsOperator(tokenId: string, meta: RequestMeta): Promise<RevokedToken | null> {
    const found = await this.operatorActing(tokenId);
    if (!found) return null;
    const { actor } = found;
    return this.fencedDelete(found.ownerId, actor, tokenId, meta);
  }

  /**
   * The delete, its revoked-history record, its audit row and its events in one
   * statement (revoke-statement.ts), through the fence of the owner's credentials.
   * `onlyIf` narrows the delete (it is checked by the DELETE itself); `reason` and
   * `revokedBy` default to what the actor implies (revoked-history.ts).
   */
  private fencedDelete(
    ownerId: string,
    actor: AuditActor,
    tokenId: string,
    meta: RequestMeta,
    record: RevocationRecord = {},
  ): Promise<RevokedToken | null> {
    let queued = 0;
    const write = async (): Promise<RevokedToken | null> => {
      const revoked = await revokeInOneStatement(this.options.db.sql, {
        tokenId,
        ownerId,
        onlyIf: record.onlyIf ?? {},
        actor,
        meta,
        now: this.options.clock(),
        note: record.note ?? {},
        auditAction: record.auditAction ?? 'API_TOKEN_REVOKED',
        auditDetails: record.auditDetails ?? null,
      });
      if (!revoked) return null;
      queued = revoked.queued;
      return { id: revoked.id, name: revoked.name };
    };
    return this.options
      .fence(
        `u:${ownerId}`,
        write,
        (result) => result !== null,
        // The statement deletes this one token and changes nothing else a cache holds (revoke-statement.ts).
        (result) => result?.id,
      )
      .then((revoked) => {
        if (revoked && queued > 0) this.options.eventsWritten?.();
        return revoked;
      });
  }

  /**
   * A secret-scanning report: each live token among `reports` is revoked at once
   * (reason LEAKED, where it was found on its record and in the audit log as
   * API_TOKEN_LEAKED), through the fence, so no server accepts it once this returns.
   * Idempotent: a token already revoked by a leak report is `already_revoked` and
   * nothing is written again (also when two reports race: the loser sees the
   * winner's record). A canary is never revoked: the report is recorded as a trip
   * (once per url). A secret a rotation replaced, still in its overlap, stops at once
   * (its record becomes LEAKED; the token keeps its new secret). The outcomes are in
   * the order of `reports`.
   */
  async revokeLeaked(reports: readonly LeakReport[], meta: RequestMeta): Promise<LeakOutcome[]> {
    if (reports.length === 0) return [];
    const { prisma } = this.options.db;
    const digests = reports.map((report) => Buffer.from(this.options.digest(report.token)).toString('hex'));
    const unique = [...new Map(digests.map((hex, index) => [hex, reports[index]!])).entries()];
    const asBytes = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'));
    const live = await prisma.apiToken.findMany({
      where: { digest: { in: unique.map(([hex]) => asBytes(hex)) } },
      select: {
        id: true,
        digest: true,
        ownerId: true,
        canary: true,
        owner: { select: { workspaceId: true, workspace: { select: { auditLogsEnabled: true } } } },
      },
    });
    const liveByDigest = new Map(live.map((row) => [Buffer.from(row.digest).toString('hex'), row]));
    const outcomes = new Map<string, LeakOutcome>();
    let notFound: string[] = [];
    for (const [hex, report] of unique) {
      const token = liveByDigest.get(hex);
      if (!token) {
        notFound.push(hex);
        continue;
      }
      const leak = { url: report.url, source: report.source };
      if (token.canary) {
        await this.recordCanaryReport(token.id, leak.url, meta);
        outcomes.set(hex, 'canary');
        continue;
      }
      const actor: AuditActor = {
        userId: null,
        email: SECRET_SCANNING_ACTOR,
        workspaceId: token.owner.workspaceId,
        auditLogsEnabled: token.owner.workspace.auditLogsEnabled,
      };
      const revoked = await this.fencedDelete(token.ownerId, actor, token.id, meta, {
        note: { reason: 'LEAKED', leak, revokedBy: SECRET_SCANNING_ACTOR },
        auditAction: 'API_TOKEN_LEAKED',
        auditDetails: leakDetails(leak),
      });
      if (revoked) outcomes.set(hex, 'revoked');
      // Revoked by someone else meanwhile (another report of it, racing): its record says how.
      else notFound.push(hex);
    }
    const endedOverlaps = new Set(await this.endLeakedOverlaps(notFound.map(asBytes), unique, meta));
    for (const hex of endedOverlaps) outcomes.set(hex, 'revoked');
    notFound = notFound.filter((hex) => !endedOverlaps.has(hex));
    if (notFound.length > 0) {
      const leaked = await prisma.revokedApiToken.findMany({
        where: { digest: { in: notFound.map(asBytes) }, reason: 'LEAKED' },
        select: { digest: true },
      });
      for (const row of leaked) outcomes.set(Buffer.from(row.digest).toString('hex'), 'already_revoked');
    }
    return digests.map((hex) => outcomes.get(hex) ?? 'not_live');
  }

  /**
   * Leak reports of secrets a rotation replaced whose overlap has not ended: each
   * overlap ends now, through the fence (no server accepts the old secret once this
   * returns), its record says LEAKED and where, and the audit log has
   * API_TOKEN_LEAKED. Returns the digests (hex) it ended.
   */
  private async endLeakedOverlaps(
    digests: Uint8Array<ArrayBuffer>[],
    reports: readonly (readonly [string, LeakReport])[],
    meta: RequestMeta,
  ): Promise<string[]> {
    if (digests.length === 0) return [];
    const { prisma } = this.options.db;
    const overlapping = await prisma.apiToken.findMany({
      where: { previousDigest: { in: digests }, previousSecretExpiresAt: { gt: this.options.clock() } },
      select: {
        id: true,
        name: true,
        hint: true,
        ownerId: true,
        previousDigest: true,
        owner: { select: { workspaceId: true, workspace: { select: { auditLogsEnabled: true } } } },
      },
    });
    const byHex = new Map(reports);
    let queued = 0;
    const ended: string[] = [];
    for (const token of overlapping) {
      const digest = token.previousDigest;
      const hex = digest && Buffer.from(digest).toString('hex');
      const report = hex && byHex.get(hex);
      if (!digest || !hex || !report) continue;
      const leak = { url: report.url, source: report.source };
      const actor: AuditActor = {
        userId: null,
        email: SECRET_SCANNING_ACTOR,
        workspaceId: token.owner.workspaceId,
        auditLogsEnabled: token.owner.workspace.auditLogsEnabled,
      };
      const write = () =>
        prisma.$transaction(async (tx) => {
          const now = this.options.clock();
          const { count } = await tx.apiToken.updateMany({
            where: { id: token.id, previousDigest: digest, previousSecretExpiresAt: { gt: now } },
            data: { previousSecretExpiresAt: now },
          });
          if (count === 0) return false;
          await tx.revokedApiToken.updateMany({
            where: { digest, reason: 'ROTATED' },
            data: {
              revokedAt: now,
              reason: 'LEAKED',
              revokedBy: SECRET_SCANNING_ACTOR,
              leakUrl: leak.url,
              leakSource: leak.source,
            },
          });
          await writeAuditEvent(
            tx,
            actor,
            'API_TOKEN_LEAKED',
            token,
            meta,
            now,
            `The previous secret (replaced by a rotation, still in its overlap): ${leakDetails(leak)}; it stopped working at once.`,
          );
          // The token lives on with its new secret: `leaked`, not `revoked`.
          queued += await enqueueEvent(
            prismaWriter(tx),
            {
              workspaceId: token.owner.workspaceId,
              type: 'api_token.leaked',
              data: { api_token: eventToken(token), leak, revoked: false, previous_secret_ended: true },
            },
            now,
          );
          return true;
        });
      if (await this.options.fence(`u:${token.ownerId}`, write, (changed) => changed)) ended.push(hex);
    }
    if (queued > 0) this.options.eventsWritten?.();
    return ended;
  }

  /**
   * Records a use of a canary token (auth/authenticate.ts recognised it and refused
   * the request as unknown): a trip, and its audit row API_TOKEN_CANARY_TRIGGERED.
   * False when the token is no canary (revoked meanwhile).
   */
  async recordCanaryTrip(tokenId: string, trip: TripInput, at: Date): Promise<boolean> {
    let queued = 0;
    const recorded = await this.options.db.prisma.$transaction(async (tx) => {
      const canary = await storeTrip(tx, tokenId, trip, at);
      if (!canary) return false;
      const meta = { ip: trip.ip, userAgent: trip.userAgent };
      await this.auditCanary(tx, canary, meta, at, 'Someone used the canary token: the request was refused.');
      queued = await canaryEvent(tx, canary, { ...trip, foundAtUrl: null }, at);
      return true;
    });
    if (queued > 0) this.options.eventsWritten?.();
    return recorded;
  }

  /** A secret-scanning report of a canary: one trip per url where it was found (replays add none). */
  private async recordCanaryReport(tokenId: string, url: string | null, meta: RequestMeta): Promise<void> {
    const at = this.options.clock();
    const foundAtUrl = url ?? '';
    let queued = 0;
    await this.options.db.prisma.$transaction(async (tx) => {
      if (!(await lockCanary(tx, tokenId)) || (await hasReportTrip(tx, tokenId, foundAtUrl))) return;
      // No request was made with it: the trip has no address or client (the audit row names the reporter's).
      const canary = await storeTrip(tx, tokenId, { ip: null, userAgent: null, foundAtUrl }, at);
      if (!canary) return;
      const where = url ? `found in public at ${url}` : 'found in public';
      await this.auditCanary(tx, canary, meta, at, `Secret scanning reported the canary token ${where}.`);
      queued = await canaryEvent(tx, canary, { ip: null, userAgent: null, foundAtUrl }, at);
    });
    if (queued > 0) this.options.eventsWritten?.();
  }

  private async auditCanary(
    tx: Prisma.TransactionClient,
    canary: { id: string; name: string; workspaceId: string; auditLogsEnabled: boolean },
    meta: RequestMeta,
    at: Date,
    details: string,
  ): Promise<void> {
    const actor: AuditActor = {
      userId: null,
      email: CANARY_CALLER,
      workspaceId: canary.workspaceId,
      auditLogsEnabled: canary.auditLogsEnabled,
    };
    await writeAuditEvent(tx, actor, 'API_TOKEN_CANARY_TRIGGERED', canary, meta, at, details);
  }

  /** The latest trips of one of the owner's canaries, newest first (none for anyone else's token). */
  canaryTrips(ownerId: string, tokenId: string, limit: number): Promise<CanaryTrip[]> {
    return latestTrips(this.options.db.prisma, { tokenId, ownerId }, limit);
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
    const found = await this.operatorActing(tokenId);
    if (!found) return null;
    const { actor } = found;
    // The operator hands the token back to no caller's token: only the owner's role capped its scopes.
    return this.fencedRotation(
      { ownerId: found.ownerId, workspaceId: actor.workspaceId },
      actor,
      null,
      tokenId,
      input,
      meta,
    );
  }

  /**
   * The rotation in one transaction of two statements (rotate-statements.ts: lock and
   * read, then every write), through the fence of the owner's credentials:
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
    let queued = 0;
    const write = () =>
      this.options.db.sql.transaction(async (tx): Promise<RotatedToken | null> => {
        // Locked: a second rotation waits for this one, then sees it (the interval below);
        // the workspace's policy under a share lock, as at creation.
        const subject = await lockForRotation(tx, tokenId, owner);
        if (!subject) return null;
        const current = subject.row;
        if (current.canary) {
          throw new ValidationError('A canary token is never used for requests, so it has no secret to rotate.', 'id');
        }
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
        // The new secret must expire within maxLifetimeDays of now (keeping an expiry beyond it is refused too).
        checkLifetime(subject.policy, expiresAt, now);
        const token = generateToken(this.options.prefix);
        const sealed = this.vault.enabled && subject.policy.keepsValues ? this.vault.seal(tokenId, token) : null;
        // Only one earlier secret overlaps at a time: one still in its overlap stops now.
        const cutShort =
          subject.previousDigest !== null &&
          current.previousSecretExpiresAt !== null &&
          current.previousSecretExpiresAt.getTime() > now.getTime();
        const previousSecretExpiresAt = overlapSeconds > 0 ? new Date(now.getTime() + overlapSeconds * 1000) : null;
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
        const written = await writeRotation(tx, {
          subject,
          ownerId: owner.ownerId,
          actor,
          meta,
          now,
          digest: this.options.digest(token),
          hint: tokenHint(token, this.options.prefix),
          expiresAt,
          sealed,
          previousSecretExpiresAt,
          cutShort,
          details: details.filter((line) => line !== null).join(' '),
        });
        queued = written.queued;
        return { apiToken: written.apiToken, token, previousSecretExpiresAt };
      });
    return this.options
      .fence(`u:${owner.ownerId}`, write, (result) => result !== null)
      .then((rotated) => {
        if (rotated && queued > 0) this.options.eventsWritten?.();
        return rotated;
      });
  }

  /** Renames one of the actor's own tokens; NotFoundError for a missing or someone else's token. */
  async rename(
    actor: AuditActor & { userId: string },
    tokenId: string,
    rawName: string,
    meta: RequestMeta,
  ): Promise<TokenRow> {
    const renamed = await this.renameOwnedBy(actor.userId, actor, tokenId, rawName, meta);
    if (!renamed) throw new NotFoundError('No API token with this id exists.');
    return renamed;
  }

  /** Renames any user's token on the operator's behalf (the CLI). Null when there is no such token. */
  async renameAsOperator(tokenId: string, rawName: string, meta: RequestMeta): Promise<TokenRow | null> {
    // The name first: a bad name is refused before anything is looked up, as through the API.
    validateTokenName(rawName);
    const found = await this.operatorActing(tokenId);
    if (!found) return null;
    return this.renameOwnedBy(found.ownerId, found.actor, tokenId, rawName, meta);
  }

  /** The rename and its audit row in one transaction; null when `ownerId` has no such token. */
  private async renameOwnedBy(
    ownerId: string,
    actor: AuditActor,
    tokenId: string,
    rawName: string,
    meta: RequestMeta,
  ): Promise<TokenRow | null> {
    const name = validateTokenName(rawName);
    const now = this.options.clock();
    return this.options.db.prisma.$transaction(async (tx) => {
      // Locked, so two renames at once each audit the name they replaced.
      const rows = await tx.$queryRaw<
        { name: string }[]
      >`SELECT name FROM api_tokens WHERE id = ${tokenId}::uuid AND owner_id = ${ownerId}::uuid FOR UPDATE`;
      const before = rows[0];
      if (!before) return null;
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

/** `api_token.canary_triggered`: a use of the canary, or a report of it found in public. */
async function canaryEvent(
  tx: Prisma.TransactionClient,
  canary: { id: string; name: string; hint: string; ownerId: string; workspaceId: string },
  trip: { ip: string | null; userAgent: string | null; foundAtUrl: string | null },
  at: Date,
): Promise<number> {
  return enqueueEvent(
    prismaWriter(tx),
    {
      workspaceId: canary.workspaceId,
      type: 'api_token.canary_triggered',
      data: {
        api_token: eventToken({ ...canary, canary: true }),
        trip: { occurred_at: at.toISOString(), ip: trip.ip, user_agent: trip.userAgent, found_at_url: trip.foundAtUrl },
      },
    },
    at,
  );
}

/** The one way to build a TokenService: the server (app.ts) and the CLI both call it. */
export function createTokenService(
  config: Pick<Config, 'tokenPrefix' | 'tokenPepper'> & Partial<Pick<Config, 'tokenEncryptionKeys'>>,
  db: Pick<Database, 'prisma' | 'sql'>,
  options: { fence: Fence; clock?: Clock | undefined; eventsWritten?: () => void },
): TokenService {
  return new TokenService({
    db,
    prefix: config.tokenPrefix,
    digest: createDigester(config.tokenPepper),
    clock: options.clock ?? systemClock,
    fence: options.fence,
    vault: createVault(config.tokenEncryptionKeys ?? []),
    ...(options.eventsWritten && { eventsWritten: options.eventsWritten }),
  });
}
