// The caller's user and workspace as both credential lookups select them, so an
// API token and a session resolve to the same Principal fields.
import type { Plan, Role } from '../generated/prisma/client.js';
import type { Principal } from './principal.js';

/**
 * Columns of `users u JOIN workspaces w`, selected by every authentication query:
 * what the access rules need, and every column `viewer` shows (so it needs no query).
 */
export const USER_WORKSPACE_COLUMNS = `u.id AS user_id, u.email, u.role::text AS role,
       w.id AS workspace_id, w.plan::text AS plan, w.audit_logs_enabled,
       w.max_lifetime_days, w.inactivity_revoke_days,
       u.name AS user_name, u.created_at AS user_created_at,
       w.name AS workspace_name, w.tokens_revealable, w.created_at AS workspace_created_at`;

/** How many columns USER_WORKSPACE_COLUMNS selects (a UNION branch without a user pads with as many NULLs). */
export const USER_WORKSPACE_COLUMN_COUNT = 13;

export interface UserWorkspaceRow {
  user_id: string;
  email: string;
  role: Role;
  workspace_id: string;
  plan: Plan;
  audit_logs_enabled: boolean;
  max_lifetime_days: number | null;
  inactivity_revoke_days: number | null;
  user_name: string;
  user_created_at: Date | string;
  workspace_name: string;
  tokens_revealable: boolean;
  workspace_created_at: Date | string;
}

export function principalFields(row: UserWorkspaceRow): Omit<Principal, 'kind' | 'tokenId'> {
  return {
    userId: row.user_id,
    email: row.email,
    role: row.role,
    workspaceId: row.workspace_id,
    plan: row.plan,
    auditLogsEnabled: row.audit_logs_enabled,
    maxLifetimeDays: row.max_lifetime_days,
    inactivityRevokeDays: row.inactivity_revoke_days,
    name: row.user_name,
    userCreatedAt: new Date(row.user_created_at),
    workspaceName: row.workspace_name,
    tokensRevealable: row.tokens_revealable,
    workspaceCreatedAt: new Date(row.workspace_created_at),
  };
}
