// A revocation as one statement, so it costs one round trip and is atomic by itself
// (no BEGIN/COMMIT): the DELETE (narrowed by `onlyIf`), the revoked-history record
// (revoked-history.ts), the end of an overlapping rotated-away secret, the audit row
// when the workspace keeps audit logs, and the webhook outbox rows (`api_token.revoked`,
// and `api_token.leaked` for a leak). Every revocation goes through it (the owner, a
// workspace admin, the operator, the inactivity sweep, a leak report), inside the
// caller's fence (service.ts). A named prepared statement: parsed and planned once
// per connection.
// It also announces what it deleted: `r:<owner id>:<token id>` on the verified-token
// cache's channel, sent while the statement runs, so before the delete trigger's
// `u:<owner id>` (an AFTER STATEMENT trigger fires at the statement's end) and in the
// same transaction, which holds nothing else (`write` runs it alone: database.ts). Caches
// then drop only that token's entries, not the owner's others
// (auth/verification-cache.ts says why that is safe). Whatever else this statement
// writes (revoked history, audit, outbox, the owner's token count) no cache holds.
import { uuidv7 } from 'uuidv7';
import { auditCte, auditRow, type AuditActor, type RequestMeta } from '../audit/audit.js';
import type { SqlRunner } from '../db/database.js';
import { eventBodyAround, outboxCtes } from '../events/outbox.js';
import { eventActor, eventToken } from '../events/payloads.js';
import type { OutgoingEvent } from '../events/types.js';
import type { AuditAction } from '../generated/prisma/client.js';
import { revocationReason, revokedByDisplay, type RevocationNote } from './revoked-history.js';

/** The notice's prefix (auth/verification-cache.ts reads it); the channel is the triggers' `api_token_auth`. */
export const REVOKED_ONLY_PREFIX = 'r:';

/** What narrows the DELETE besides id and owner; each part is checked by the DELETE itself. */
export interface RevokeCondition {
  /** The owner must (still) be a user of this workspace (a workspace admin's revocation). */
  workspaceId?: string;
  /** The inactivity sweep's rule, re-checked: no canary, the workspace's limit unchanged, unused since `cutoff`. */
  inactive?: { revokeDays: number; cutoff: Date };
}

export interface RevokeStatementInput {
  tokenId: string;
  ownerId: string;
  onlyIf: RevokeCondition;
  actor: AuditActor;
  meta: RequestMeta;
  now: Date;
  note: RevocationNote;
  auditAction: AuditAction;
  auditDetails: string | null;
}

/** The statement's row: the token deleted (none: no such token for this owner, or `onlyIf` failed). */
interface RevokeStatementRow {
  id: string;
  name: string;
  /** Webhook deliveries queued. */
  queued: number;
}

export interface RevokeOutcome {
  id: string;
  name: string;
  queued: number;
}

// Stand-ins for what only the DELETE knows, in the events' bodies (eventBodyAround):
// PostgreSQL text can never hold a NUL, so no real name or hint equals them.
const NAME = '\u0000name\u0000';
const HINT = '\u0000hint\u0000';
/** An event's body with the deleted row's name and hint put in by the statement ($n: the parts around them). */
const bodyWithRow = (n: number) =>
  `(SELECT ($${n}::text[])[1] || to_json(d.name)::text || ($${n}::text[])[2] || to_json(d.hint)::text || ($${n}::text[])[3] FROM deleted d)`;

// v2 (v1 without the notice). $1 token id, $2 owner, $3 only in this workspace (null: any), $4 the
// inactivity rule's days (null: no such rule) and $5 its cutoff, $6 now (revoked at,
// the audit row's and the events' time); record: $7 revoked by, $8 reason,
// $9 leak url, $10 leak source; audit row: $11 written at all, $12 id, $13 the
// actor's workspace (also the events'), $14 actor id, $15 actor email, $16 action,
// $17 details, $18 ip, $19 user agent; `api_token.revoked`: $20 id, $21 body parts;
// `api_token.leaked`: $22 its type (null: not a leak, nothing queued), $23 id,
// $24 body parts. The sweep's rule is inactiveTokens' (service.ts): last use (never
// used: creation) before the cutoff.
const REVOKE = {
  name: 'token_revoke_v2',
  text: `WITH deleted AS (
  DELETE FROM api_tokens t
   WHERE t.id = $1::uuid AND t.owner_id = $2::uuid
     AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM users u WHERE u.id = t.owner_id AND u.workspace_id = $3::uuid))
     AND ($4::int IS NULL OR (
           NOT t.canary
           AND COALESCE(t.last_used_at, t.created_at) < $5::timestamptz
           AND EXISTS (SELECT 1 FROM users u JOIN workspaces w ON w.id = u.workspace_id
                        WHERE u.id = t.owner_id AND w.inactivity_revoke_days = $4::int)))
  RETURNING t.id, t.owner_id, t.name, t.hint, t.digest, t.created_at, t.last_used_at, t.previous_digest
), announced AS (
  SELECT pg_notify('api_token_auth', '${REVOKED_ONLY_PREFIX}' || d.owner_id::text || ':' || d.id::text) FROM deleted d
), record AS (
  INSERT INTO revoked_api_tokens (id, owner_id, name, hint, digest, created_at, last_used_at, revoked_at, revoked_by,
                                  reason, leak_url, leak_source)
  SELECT id, owner_id, name, hint, digest, created_at, last_used_at, $6::timestamptz, $7::text,
         $8::text::"RevocationReason", $9::text, $10::text
    FROM deleted
), overlap_ended AS (
  UPDATE revoked_api_tokens r SET revoked_at = $6::timestamptz
    FROM deleted d
   WHERE r.digest = d.previous_digest AND r.reason = 'ROTATED' AND r.revoked_at > $6::timestamptz
), ${auditCte({
    id: '$12::uuid',
    workspaceId: '$13::uuid',
    actorId: '$14::uuid',
    actorEmail: '$15::text',
    action: '$16::text::"AuditAction"',
    tokenId: 'd.id',
    tokenName: 'd.name',
    details: '$17::text',
    ip: '$18::text',
    userAgent: '$19::text',
    at: '$6::timestamptz',
    from: 'deleted d',
    when: '$11::boolean',
  })}, ${outboxCtes('revoked', {
    workspaceId: '$13::uuid',
    type: `'api_token.revoked'::text`,
    eventId: '$20::uuid',
    payload: bodyWithRow(21),
    at: '$6::timestamptz',
    when: 'EXISTS (SELECT 1 FROM deleted)',
  })}, ${outboxCtes('leaked', {
    workspaceId: '$13::uuid',
    type: '$22::text',
    eventId: '$23::uuid',
    payload: bodyWithRow(24),
    at: '$6::timestamptz',
    when: '$22::text IS NOT NULL AND EXISTS (SELECT 1 FROM deleted)',
  })}
SELECT d.id, d.name,
       ((SELECT count(*) FROM revoked_deliveries) + (SELECT count(*) FROM leaked_deliveries))::int AS queued,
       (SELECT count(*) FROM announced)::int AS announced
  FROM deleted d`,
} as const;

/** Deletes the token with its record, audit row and events; null when there is no such token (or `onlyIf` fails). */
export async function revokeInOneStatement(
  sql: Pick<SqlRunner, 'write'>,
  input: RevokeStatementInput,
): Promise<RevokeOutcome | null> {
  const { actor, note, now, onlyIf } = input;
  const reason = note.reason ?? revocationReason({ ownerId: input.ownerId }, actor);
  // The token's id and name come from the deleted row.
  const audit = auditRow(actor, input.auditAction, null, input.meta, now, input.auditDetails);
  const apiToken = eventToken({ id: input.tokenId, name: NAME, hint: HINT, ownerId: input.ownerId });
  const base = { workspaceId: actor.workspaceId };
  const revoked: OutgoingEvent = {
    ...base,
    type: 'api_token.revoked',
    data: { api_token: apiToken, actor: eventActor(actor), reason },
  };
  const leaked: OutgoingEvent | null =
    reason === 'LEAKED'
      ? {
          ...base,
          type: 'api_token.leaked',
          data: {
            api_token: apiToken,
            leak: note.leak ? { url: note.leak.url, source: note.leak.source } : undefined,
            revoked: true,
          },
        }
      : null;
  const rows = await sql.write<RevokeStatementRow>(
    REVOKE.text,
    [
      input.tokenId,
      input.ownerId,
      onlyIf.workspaceId ?? null,
      onlyIf.inactive?.revokeDays ?? null,
      onlyIf.inactive?.cutoff.toISOString() ?? null,
      now.toISOString(),
      revokedByDisplay(actor, note),
      reason,
      note.leak?.url ?? null,
      note.leak?.source ?? null,
      actor.auditLogsEnabled,
      audit.id,
      audit.workspaceId,
      audit.actorId,
      audit.actorEmail,
      audit.action,
      audit.details,
      audit.ip,
      audit.userAgent,
      uuidv7(),
      eventBodyAround(revoked, now, [NAME, HINT]),
      leaked?.type ?? null,
      uuidv7(),
      leaked ? eventBodyAround(leaked, now, [NAME, HINT]) : null,
    ],
    REVOKE.name,
  );
  const row = rows[0];
  return row ? { id: row.id, name: row.name, queued: row.queued } : null;
}
