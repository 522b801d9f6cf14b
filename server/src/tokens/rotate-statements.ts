// A rotation in two statements inside one transaction (it was seven): the token and
// its workspace's policy read and locked together, then — once the rules have been
// checked in JavaScript on what was read — every write as one statement: the new
// secret, the end of an earlier secret still in its overlap, the replaced secret's
// revoked-history record (reason ROTATED), the audit row, the forgotten expiry
// notices (when the expiry changes) and the outbox rows. Named prepared statements.
import { uuidv7 } from 'uuidv7';
import { auditCte, auditRow, type AuditActor, type RequestMeta } from '../audit/audit.js';
import type { SqlRunner } from '../db/database.js';
import { eventBody, outboxCtes } from '../events/outbox.js';
import { eventActor, eventToken } from '../events/payloads.js';
import { toRow, tokenColumns, type PageRecord, type TokenRow } from './pages.js';
import type { SealedValue } from '../crypto/vault.js';
import { revokedByDisplay } from './revoked-history.js';

/** The token as the rotation finds it, locked, with its workspace's policy. */
export interface RotationSubject {
  row: TokenRow;
  digest: Uint8Array;
  /** The secret the last rotation replaced (still in its overlap, or not). */
  previousDigest: Uint8Array | null;
  policy: { keepsValues: boolean; maxLifetimeDays: number | null };
}

interface LockRecord extends PageRecord {
  digest: Uint8Array;
  previousDigest: Uint8Array | null;
  keepsValues: boolean;
  maxLifetimeDays: number | null;
}

// v1. $1 token, $2 owner, $3 the owner's workspace. The token FOR UPDATE: a second
// rotation waits for this one, then sees it (the interval rule). The policy FOR SHARE,
// as at creation: a concurrent policy change waits for the rotation, or it sees it.
const LOCK = {
  name: 'token_rotate_lock_v1',
  text: `SELECT ${tokenColumns('t.')}, t.digest, t.previous_digest AS "previousDigest",
       w.tokens_revealable AS "keepsValues", w.max_lifetime_days AS "maxLifetimeDays"
  FROM api_tokens t JOIN workspaces w ON w.id = $3::uuid
 WHERE t.id = $1::uuid AND t.owner_id = $2::uuid
   FOR UPDATE OF t FOR SHARE OF w`,
} as const;

/** Locks the owner's token and its workspace's policy; null when the owner has no such token. */
export async function lockForRotation(
  tx: Pick<SqlRunner, 'query'>,
  tokenId: string,
  owner: { ownerId: string; workspaceId: string },
): Promise<RotationSubject | null> {
  const rows = await tx.query<LockRecord>(LOCK.text, [tokenId, owner.ownerId, owner.workspaceId], LOCK.name);
  const record = rows[0];
  if (!record) return null;
  return {
    row: toRow(record),
    digest: record.digest,
    previousDigest: record.previousDigest,
    policy: { keepsValues: record.keepsValues, maxLifetimeDays: record.maxLifetimeDays },
  };
}

export interface RotationWrite {
  subject: RotationSubject;
  ownerId: string;
  actor: AuditActor;
  meta: RequestMeta;
  now: Date;
  digest: Uint8Array;
  hint: string;
  expiresAt: Date | null;
  sealed: SealedValue | null;
  /** When the replaced secret stops working; null: at once (no overlap). */
  previousSecretExpiresAt: Date | null;
  /** An earlier replaced secret still in its overlap stops now. */
  cutShort: boolean;
  /** The audit row's details. */
  details: string;
}

interface WriteRecord extends PageRecord {
  queued: number;
}

// v1. $1 token, $2 new digest, $3 new hint, $4 now, $5 expires at, $6 sealed value,
// $7 its key id, $8 the replaced digest while it overlaps (null: no overlap), $9 when
// that overlap ends; $10 the digest of an earlier secret still in its overlap, to end
// now (null: none); the replaced secret's record: $11 id, $12 owner, $13 name,
// $14 hint, $15 digest, $16 issued at, $17 last used at, $18 stops at, $19 revoked by;
// audit row: $20 written at all, $21 id, $22 workspace (also the event's), $23 actor id,
// $24 actor email, $25 details, $26 ip, $27 user agent; $28 the expiry changed (its
// notices are forgotten, expiring.ts); `api_token.rotated`: $29 id, $30 body.
const WRITE = {
  name: 'token_rotate_write_v1',
  text: `WITH ended AS (
  UPDATE revoked_api_tokens SET revoked_at = $4::timestamptz
   WHERE digest = $10::bytea AND reason = 'ROTATED' AND revoked_at > $4::timestamptz
), updated AS (
  UPDATE api_tokens
     SET digest = $2::bytea, hint = $3::text, rotated_at = $4::timestamptz, expires_at = $5::timestamptz,
         encrypted_value = $6::bytea, encryption_key_id = $7::text, previous_digest = $8::bytea,
         previous_secret_expires_at = $9::timestamptz, previous_secret_last_used_at = NULL
   WHERE id = $1::uuid
  RETURNING ${tokenColumns()}
), record AS (
  INSERT INTO revoked_api_tokens (id, owner_id, name, hint, digest, created_at, last_used_at, revoked_at, revoked_by,
                                  reason)
  SELECT $11::uuid, $12::uuid, $13::text, $14::text, $15::bytea, $16::timestamptz, $17::timestamptz, $18::timestamptz,
         $19::text, 'ROTATED'
    FROM updated
), ${auditCte({
    id: '$21::uuid',
    workspaceId: '$22::uuid',
    actorId: '$23::uuid',
    actorEmail: '$24::text',
    action: `'API_TOKEN_ROTATED'`,
    tokenId: '$1::uuid',
    tokenName: '$13::text',
    details: '$25::text',
    ip: '$26::text',
    userAgent: '$27::text',
    at: '$4::timestamptz',
    from: 'updated',
    when: '$20::boolean',
  })}, notices AS (
  DELETE FROM api_token_expiry_notices WHERE $28::boolean AND token_id = $1::uuid
), ${outboxCtes('rotated', {
    workspaceId: '$22::uuid',
    type: `'api_token.rotated'::text`,
    eventId: '$29::uuid',
    payload: '$30::text',
    at: '$4::timestamptz',
    when: 'EXISTS (SELECT 1 FROM updated)',
  })}
SELECT updated.*, (SELECT count(*) FROM rotated_deliveries)::int AS queued FROM updated`,
} as const;

/** Writes the rotation the rules allowed; the token row as it now is, and the deliveries queued. */
export async function writeRotation(
  tx: Pick<SqlRunner, 'query'>,
  write: RotationWrite,
): Promise<{ apiToken: TokenRow; queued: number }> {
  const { subject, actor, now } = write;
  const current = subject.row;
  const audit = auditRow(actor, 'API_TOKEN_ROTATED', current, write.meta, now, write.details);
  const body = eventBody(
    {
      workspaceId: actor.workspaceId,
      type: 'api_token.rotated',
      data: {
        api_token: eventToken({ ...current, hint: write.hint, expiresAt: write.expiresAt }),
        actor: eventActor(actor),
        previous_secret_expires_at: write.previousSecretExpiresAt?.toISOString() ?? null,
      },
    },
    now,
  );
  const iso = (date: Date | null) => date?.toISOString() ?? null;
  const rows = await tx.query<WriteRecord>(
    WRITE.text,
    [
      current.id,
      write.digest,
      write.hint,
      now.toISOString(),
      iso(write.expiresAt),
      write.sealed?.blob ?? null,
      write.sealed?.keyId ?? null,
      write.previousSecretExpiresAt ? subject.digest : null,
      iso(write.previousSecretExpiresAt),
      write.cutShort ? subject.previousDigest : null,
      uuidv7(),
      write.ownerId,
      current.name,
      current.hint,
      subject.digest,
      (current.rotatedAt ?? current.createdAt).toISOString(),
      iso(current.lastUsedAt),
      (write.previousSecretExpiresAt ?? now).toISOString(),
      revokedByDisplay(actor, {}),
      actor.auditLogsEnabled,
      audit.id,
      audit.workspaceId,
      audit.actorId,
      audit.actorEmail,
      audit.details,
      audit.ip,
      audit.userAgent,
      write.expiresAt?.getTime() !== current.expiresAt?.getTime(),
      uuidv7(),
      body,
    ],
    WRITE.name,
  );
  const record = rows[0];
  if (!record) throw new Error('token_rotate: the locked token was not updated');
  return { apiToken: toRow(record), queued: record.queued };
}
