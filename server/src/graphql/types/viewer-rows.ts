// The caller's own user and workspace rows as the authentication lookup already
// read them (auth/user-row.ts): `viewer`, node(id) of the viewer, a token's owner
// when that is the caller, and that user's workspace are answered from the
// principal instead of a database trip.
import type { Principal } from '../../auth/principal.js';
import type { User, Workspace } from '../../generated/prisma/client.js';

/** The caller's workspace row. */
export function viewerWorkspace(viewer: Principal): Workspace {
  return {
    id: viewer.workspaceId,
    name: viewer.workspaceName,
    plan: viewer.plan,
    auditLogsEnabled: viewer.auditLogsEnabled,
    tokensRevealable: viewer.tokensRevealable,
    maxLifetimeDays: viewer.maxLifetimeDays,
    inactivityRevokeDays: viewer.inactivityRevokeDays,
    createdAt: viewer.workspaceCreatedAt,
  };
}

/** The caller's user row, with its workspace. */
export function viewerUser(viewer: Principal): User & { workspace: Workspace } {
  return {
    id: viewer.userId,
    email: viewer.email,
    name: viewer.name,
    role: viewer.role,
    createdAt: viewer.userCreatedAt,
    workspaceId: viewer.workspaceId,
    workspace: viewerWorkspace(viewer),
  };
}
