// createApiToken as one statement, so the write costs one round trip and is atomic
// by itself (no BEGIN/COMMIT): the workspace's policy under a share lock, the
// lifetime check, the token row (its owner's count follows by trigger), the audit
// row when the workspace keeps audit logs, and the webhook outbox rows. A named
// prepared statement: PostgreSQL parses and plans it once per connection.
//
// The policy is read `FOR SHARE` inside the statement, as the transaction did: a
// concurrent policy change (policy.ts) waits for this insert — and then destroys
// this value too when re-viewing is turned off — or this statement sees it.
import { uuidv7 } from 'uuidv7';
import { auditCte, auditRow, type AuditActor, type RequestMeta } from '../audit/audit.js';
import type { SqlRunner } from '../db/database.js';
import { eventBody, outboxCtes } from '../events/outbox.js';
import { eventActor, eventToken } from '../events/payloads.js';
import { LIFETIME_LEEWAY_MS } from './policy.js';
import type { SealedValue } from '../crypto/vault.js';
import type { ApiTokenScope } from './scopes.js';

/** The token row to insert: everything is decided before the statement, except whether its value is kept. */
export interface NewToken {
  id: string;
  name: string;
  digest: Uint8Array<ArrayBuffer>;
  hint: string;
  ownerId: string;
  createdAt: Date;
  expiresAt: Date | null;
  canary: boolean;
  scopes: ApiTokenScope[];
  /** The value sealed for re-viewing (null: the deployment keeps none); kept only if the workspace's policy says so. */
  sealed: SealedValue | null;
}

export interface CreateStatementInput {
  token: NewToken;
  /** The owner, as the audit row and the event name them. */
  owner: AuditActor & { userId: string };
  meta: RequestMeta;
  /** The audit row's details. */
  details: string;
}

/** The statement's one row. */
interface CreateStatementRow {
  /** The token row was written; false: its expiry breaks the workspace's max_lifetime_days (nothing was written). */
  inserted: boolean;
  /** The sealed value was kept (the workspace's tokens_revealable, read under the lock). */
  kept: boolean;
  /** The workspace's max_lifetime_days, read under the lock (what a refusal names). */
  max_lifetime_days: number | null;
  /** Webhook deliveries queued (0: no endpoint wants `api_token.created`). */
  queued: number;
}

export interface CreateOutcome {
  inserted: boolean;
  kept: boolean;
  maxLifetimeDays: number | null;
  queued: number;
}

// v1. $1 workspace, $2 token id, $3 name, $4 digest, $5 hint, $6 owner, $7 created
// at (also the audit row's and the event's time), $8 expires at, $9 canary,
// $10 scopes, $11 sealed value, $12 its key id, $13 the lifetime leeway (ms);
// audit row: $14 written at all (the workspace keeps audit logs), $15 id,
// $16 actor id, $17 actor email, $18 details, $19 ip, $20 user agent;
// event: $21 id, $22 body. The lifetime rule is checkLifetime's (policy.ts), in
// milliseconds as there; a canary never authenticates, so no limit applies to it.
const CREATE = {
  name: 'token_create_v1',
  text: `WITH policy AS (
  SELECT tokens_revealable, max_lifetime_days FROM workspaces WHERE id = $1::uuid FOR SHARE
), decision AS (
  SELECT COALESCE(p.tokens_revealable, false) AS keep, p.max_lifetime_days,
         (NOT $9::boolean AND p.max_lifetime_days IS NOT NULL
           AND ($8::timestamptz IS NULL
             OR $8::timestamptz > $7::timestamptz
                  + (p.max_lifetime_days::bigint * 86400000 + $13::bigint) * interval '1 millisecond')) AS too_long
    FROM (VALUES (1)) AS one (x) LEFT JOIN policy p ON true
), token AS (
  INSERT INTO api_tokens (id, name, digest, hint, owner_id, created_at, expires_at, canary, scopes,
                          encrypted_value, encryption_key_id)
  SELECT $2::uuid, $3::text, $4::bytea, $5::text, $6::uuid, $7::timestamptz, $8::timestamptz, $9::boolean,
         $10::text[]::"ApiTokenScope"[], CASE WHEN d.keep THEN $11::bytea END, CASE WHEN d.keep THEN $12::text END
    FROM decision d
   WHERE NOT d.too_long
  RETURNING encryption_key_id
), ${auditCte({
    id: '$15::uuid',
    workspaceId: '$1::uuid',
    actorId: '$16::uuid',
    actorEmail: '$17::text',
    action: `'API_TOKEN_CREATED'`,
    tokenId: '$2::uuid',
    tokenName: '$3::text',
    details: '$18::text',
    ip: '$19::text',
    userAgent: '$20::text',
    at: '$7::timestamptz',
    from: 'token',
    when: '$14::boolean',
  })}, ${outboxCtes('created', {
    workspaceId: '$1::uuid',
    type: `'api_token.created'::text`,
    eventId: '$21::uuid',
    payload: '$22::text',
    at: '$7::timestamptz',
    when: 'EXISTS (SELECT 1 FROM token)',
  })}
SELECT EXISTS (SELECT 1 FROM token) AS inserted,
       EXISTS (SELECT 1 FROM token WHERE encryption_key_id IS NOT NULL) AS kept,
       d.max_lifetime_days,
       (SELECT count(*) FROM created_deliveries)::int AS queued
  FROM decision d`,
} as const;

/** Inserts the token with its audit row and events, unless the workspace's lifetime limit refuses it. */
export async function createInOneStatement(
  sql: Pick<SqlRunner, 'write'>,
  { token, owner, meta, details }: CreateStatementInput,
): Promise<CreateOutcome> {
  const audit = auditRow(owner, 'API_TOKEN_CREATED', token, meta, token.createdAt, details);
  const body = eventBody(
    {
      workspaceId: owner.workspaceId,
      type: 'api_token.created',
      data: {
        api_token: eventToken({ ...token, ownerEmail: owner.email }),
        actor: eventActor(owner),
      },
    },
    token.createdAt,
  );
  const at = token.createdAt.toISOString();
  const rows = await sql.write<CreateStatementRow>(
    CREATE.text,
    [
      owner.workspaceId,
      token.id,
      token.name,
      token.digest,
      token.hint,
      token.ownerId,
      at,
      token.expiresAt?.toISOString() ?? null,
      token.canary,
      token.scopes,
      token.sealed?.blob ?? null,
      token.sealed?.keyId ?? null,
      LIFETIME_LEEWAY_MS,
      owner.auditLogsEnabled,
      audit.id,
      audit.actorId,
      audit.actorEmail,
      audit.details,
      audit.ip,
      audit.userAgent,
      uuidv7(),
      body,
    ],
    CREATE.name,
  );
  const row = rows[0];
  if (!row) throw new Error('token_create: the statement returned no row');
  return { inserted: row.inserted, kept: row.kept, maxLifetimeDays: row.max_lifetime_days, queued: row.queued };
}
