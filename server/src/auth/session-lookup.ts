// A verified session's user and workspace, read fresh on every request in one
// query (so a demotion or a plan change takes effect at once). No policy here:
// the access rules are the schema's scopes (graphql/builder.ts).
import type { SqlRunner } from '../db/database.js';
import type { SessionPrincipal } from './principal.js';
import type { SessionClaims } from './sessions.js';
import { principalFields, USER_WORKSPACE_COLUMNS, type UserWorkspaceRow } from './user-row.js';

const SESSION_LOOKUP = {
  name: 'auth_session_lookup_v3',
  text: `SELECT ${USER_WORKSPACE_COLUMNS}
  FROM users u
  JOIN workspaces w ON w.id = u.workspace_id
 WHERE u.id = $1::uuid`,
} as const;

/** The session's principal, or null when its user no longer exists. */
export async function lookUpSession(
  sql: Pick<SqlRunner, 'query'>,
  claims: SessionClaims,
): Promise<SessionPrincipal | null> {
  const rows = await sql.query<UserWorkspaceRow>(SESSION_LOOKUP.text, [claims.userId], SESSION_LOOKUP.name);
  const row = rows[0];
  return row ? { kind: 'session', tokenId: null, ...principalFields(row) } : null;
}
