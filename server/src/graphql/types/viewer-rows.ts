// The caller's own user and workspace rows as the authentication lookup already
// read them (auth/user-row.ts): `viewer`, and a token's owner when that is the
// caller, are answered from the principal instead of a database trip. Only when
// the plugin-prisma query asks for nothing else (a relation or column the
// principal does not carry, e.g. a field added to User later): otherwise the
// caller loads it as before.
import type { Principal } from '../../auth/principal.js';
import type { Prisma, User, Workspace } from '../../generated/prisma/client.js';

type ViewerUser = User & { workspace: Workspace };

const USER_COLUMNS: ReadonlySet<string> = new Set(['id', 'email', 'name', 'role', 'createdAt', 'workspaceId']);
const WORKSPACE_COLUMNS: ReadonlySet<string> = new Set([
  'id',
  'name',
  'plan',
  'auditLogsEnabled',
  'tokensRevealable',
  'maxLifetimeDays',
  'inactivityRevokeDays',
  'createdAt',
]);

const selected = (value: unknown): boolean => value !== undefined && value !== false;

/** A nested workspace selection the principal can answer: its columns, no relation. */
function workspaceServable(query: Prisma.WorkspaceDefaultArgs | boolean | undefined): boolean {
  if (!selected(query) || query === true) return true;
  if (typeof query !== 'object') return false;
  const include = query.include ?? {};
  if (Object.values(include).some(selected)) return false;
  const select = query.select ?? {};
  return Object.entries(select).every(([key, value]) => !selected(value) || WORKSPACE_COLUMNS.has(key));
}

/** Whether `query` (what plugin-prisma would load for a User) asks only for what the principal holds. */
function servable(query: { include?: Prisma.UserInclude; select?: Prisma.UserSelect }): boolean {
  // Include mode loads every column, the counter too: not held.
  if (query.select === undefined) return false;
  if (query.include !== undefined) return false;
  return Object.entries(query.select).every(([key, value]) =>
    key === 'workspace'
      ? workspaceServable(value as Prisma.WorkspaceDefaultArgs | boolean | undefined)
      : !selected(value) || USER_COLUMNS.has(key),
  );
}

/** The caller's user row (with its workspace) from the principal, or null when `query` asks for more. */
export function viewerUser(
  viewer: Principal,
  query: { include?: Prisma.UserInclude; select?: Prisma.UserSelect },
): ViewerUser | null {
  if (!servable(query)) return null;
  return {
    id: viewer.userId,
    email: viewer.email,
    name: viewer.name,
    role: viewer.role,
    createdAt: viewer.userCreatedAt,
    workspaceId: viewer.workspaceId,
    workspace: {
      id: viewer.workspaceId,
      name: viewer.workspaceName,
      plan: viewer.plan,
      auditLogsEnabled: viewer.auditLogsEnabled,
      tokensRevealable: viewer.tokensRevealable,
      maxLifetimeDays: viewer.maxLifetimeDays,
      inactivityRevokeDays: viewer.inactivityRevokeDays,
      createdAt: viewer.workspaceCreatedAt,
    },
  };
}
