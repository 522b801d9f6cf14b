// Deterministic bulk seeding for the benchmark: one Enterprise workspace (audit
// logs on, as the warm-up reads them and creates and revokes write them) and,
// per requested user, N filler tokens inserted with one INSERT … SELECT
// generate_series (ids are time-ordered UUIDv7-shaped values, digests are real
// SHA-256 values of strings nobody holds), plus one real token whose digest the
// server can match. Each user's token count follows by trigger (migration 20261204100000).
import { createHash } from 'node:crypto';
import type { SqlRunner } from '../server/src/db/database.js';
import type { TokenDigester } from '../server/src/tokens/digest.js';
import { generateToken, tokenHint } from '../server/src/tokens/format.js';

export interface SeedUserSpec {
  key: string;
  /** Total tokens the user owns (including the one real token). */
  tokens: number;
}

export interface SeededUser {
  key: string;
  userId: string;
  email: string;
  tokens: number;
  /** A valid token of this user (the newest one). */
  token: string;
}

/** A deterministic UUID with version/variant bits set, from a label. */
function stableUuid(label: string, version = '4'): string {
  const hex = createHash('sha256').update(label).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${version}${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** UUIDv7 layout: 48-bit millisecond timestamp, then deterministic bits. */
function uuidv7At(ms: number, label: string): string {
  const ts = ms.toString(16).padStart(12, '0');
  const hex = createHash('sha256').update(label).digest('hex');
  return `${ts.slice(0, 8)}-${ts.slice(8, 12)}-7${hex.slice(0, 3)}-8${hex.slice(3, 6)}-${hex.slice(6, 18)}`;
}

// Filler tokens are dated in the past, one millisecond apart, so the real token
// (created "now") is the newest and ids sort like production UUIDv7s.
const FILLER_EPOCH_MS = Date.UTC(2025, 0, 1);
const ALL_SCOPES = `ARRAY['TOKENS_READ', 'TOKENS_WRITE', 'AUDIT_READ', 'WORKSPACE_ADMIN']::"ApiTokenScope"[]`;

export async function seedBenchData(
  sql: SqlRunner,
  digest: TokenDigester,
  prefix: string,
  users: SeedUserSpec[],
): Promise<SeededUser[]> {
  const workspaceId = stableUuid('bench-workspace');
  await sql.query(
    `INSERT INTO workspaces (id, name, plan, audit_logs_enabled) VALUES ($1, 'Benchmark', 'ENTERPRISE', true)
     ON CONFLICT (id) DO NOTHING`,
    [workspaceId],
  );
  const seeded: SeededUser[] = [];
  let offset = 0;
  for (const spec of users) {
    const userId = stableUuid(`bench-user-${spec.key}`);
    const email = `bench-${spec.key}@example.test`;
    await sql.query(`DELETE FROM users WHERE id = $1`, [userId]);
    await sql.query(`INSERT INTO users (id, email, name, role, workspace_id) VALUES ($1, $2, $3, 'ADMIN', $4)`, [
      userId,
      email,
      `Bench ${spec.key}`,
      workspaceId,
    ]);
    const fillers = Math.max(0, spec.tokens - 1);
    if (fillers > 0) {
      // Ids: 12 hex digits of milliseconds, version 7, then md5-derived bits.
      await sql.query(
        `INSERT INTO api_tokens (id, name, digest, hint, owner_id, created_at)
         SELECT (lpad(to_hex($3::bigint + i), 12, '0') || '7' || substr(h, 1, 3) || '8' || substr(h, 4, 15))::uuid,
                'filler ' || i,
                sha256(convert_to($4 || i::text, 'UTF8')),
                $5,
                $1::uuid,
                to_timestamp(($3::bigint + i) / 1000.0)
           FROM generate_series(1, $2::int) AS i,
                LATERAL (SELECT md5($4 || i::text) AS h) m`,
        [userId, fillers, FILLER_EPOCH_MS + offset, `bench-filler-${spec.key}-`, `${prefix}_…fill`],
      );
    }
    offset += spec.tokens + 1;
    const token = generateToken(prefix);
    // Every scope, so the steady-state warm-up can run every SDK operation (audit events, the workspace inventory).
    await sql.query(
      `INSERT INTO api_tokens (id, name, digest, hint, owner_id, created_at, scopes)
       VALUES ($1, 'bench token', $2, $3, $4, now(), ${ALL_SCOPES})`,
      [uuidv7At(Date.now(), `bench-real-${spec.key}`), Buffer.from(digest(token)), tokenHint(token, prefix), userId],
    );
    seeded.push({ key: spec.key, userId, email, tokens: spec.tokens, token });
  }
  return seeded;
}

export interface ManyTokensSpec {
  users: number;
  /** Tokens in all, spread evenly over the users (W8: 10,000 over 1,000). */
  tokens: number;
}

/**
 * W8's population: `users` members of the benchmark workspace (one INSERT … SELECT
 * generate_series) and `tokens` valid tokens spread over them, made here and
 * digested with the server's digester, inserted in one statement from arrays
 * (unnest). Returns the tokens, in the order W8 uses them (owners interleaved).
 */
export async function seedManyTokens(
  sql: SqlRunner,
  digest: TokenDigester,
  prefix: string,
  spec: ManyTokensSpec,
): Promise<string[]> {
  const workspaceId = stableUuid('bench-workspace');
  const label = 'bench-many-user-';
  await sql.query(
    `INSERT INTO users (id, email, name, role, workspace_id)
     SELECT md5($1::text || i)::uuid, 'bench-many-' || i || '@example.test', 'Bench many ' || i, 'MEMBER', $2::uuid
       FROM generate_series(0, $3::int - 1) AS i`,
    [label, workspaceId, spec.users],
  );
  const tokens = Array.from({ length: spec.tokens }, () => generateToken(prefix));
  const digests = tokens.map((token) => Buffer.from(digest(token)).toString('hex'));
  const hints = tokens.map((token) => tokenHint(token, prefix));
  // Ids shaped as the fillers' (time-ordered UUIDv7), dated just before now.
  await sql.query(
    `INSERT INTO api_tokens (id, name, digest, hint, owner_id, created_at)
     SELECT (lpad(to_hex($4::bigint + n), 12, '0') || '7' || substr(m.h, 1, 3) || '8' || substr(m.h, 4, 15))::uuid,
            'many ' || n, decode(d, 'hex'), hint, md5($3::text || ((n - 1) % $5::int))::uuid,
            to_timestamp(($4::bigint + n) / 1000.0)
       FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(d, hint, n),
            LATERAL (SELECT md5('bench-many-token-' || n) AS h) m`,
    [digests, hints, label, Date.now() - spec.tokens - 1_000, spec.users],
  );
  return tokens;
}

/**
 * The planner's statistics for every table of the app, once seeding is done. Not
 * the system catalogs, which no workload reads: a bare ANALYZE covers them too,
 * ~0.5 s of CPU on PGlite.
 */
export async function analyzeTables(sql: SqlRunner): Promise<void> {
  const tables = await sql.query<{ name: string }>(
    `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables
      WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`,
  );
  await sql.exec(`ANALYZE ${tables.map((t) => t.name).join(', ')}`);
}
