// The caller's user and workspace as both credential lookups select them, so an
// API token and a session resolve to the same Principal fields.
import type { Plan, Role } from '../generated/prisma/client.js';
import type { Principal } from './principal.js';

/** Columns of `users u JOIN workspaces w`, selected by every authentication query. */
export const USER_WORKSPACE_COLUMNS = `u.id AS user_id, u.email, u.role::text AS role,
       w.id AS workspace_id, w.plan::text AS plan, w.audit_logs_enabled,
       w.max_lifetime_days, w.inactivity_revoke_days`;

export interface UserWorkspaceRow {
  user_id: string;
  email: string;
  role: Role;
  workspace_id: string;
  plan: Plan;
  audit_logs_enabled: boolean;
  max_lifetime_days: number | null;
  inactivity_revoke_days: number | null;
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
  };
}
