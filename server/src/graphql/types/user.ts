import type { User as UserRow, Workspace as WorkspaceRow } from '../../generated/prisma/client.js';
import { builder } from '../builder.js';
import { viewerUser, viewerWorkspace } from './viewer-rows.js';

export const Plan = builder.enumType('Plan', {
  values: { FREE: {}, TEAM: {}, ENTERPRISE: { description: 'The only plan with API access.' } } as const,
});

export const Role = builder.enumType('Role', {
  values: {
    ADMIN: { description: 'Manages the workspace and reads its audit log.' },
    MEMBER: {},
    WATCH_ONLY: { description: 'Can look but cannot create or use API tokens.' },
  } as const,
});

/** What a User field reads: the user's row, and its workspace row when whoever produced it had that too. */
export type UserParent = UserRow & { workspace?: WorkspaceRow };

// Plain object types over the rows, not plugin-prisma ones: the only user a caller can
// see is itself (and, for admins, the owners of their workspace's tokens), so every
// field is answered from the principal or one row, and nothing plans a Prisma query
// per request (issue 16: that planning was about a tenth of `viewer`'s CPU).
export const Workspace = builder.objectRef<WorkspaceRow>('Workspace').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    plan: t.expose('plan', { type: Plan }),
    auditLogsEnabled: t.exposeBoolean('auditLogsEnabled'),
  }),
});

export const User = builder.node(builder.objectRef<UserParent>('User'), {
  id: { resolve: (user) => user.id },
  // Only the viewer is reachable through node(id); anyone else (or no one) is null.
  loadOne: (id, ctx) => (id === ctx.viewer.userId ? viewerUser(ctx.viewer) : null),
  fields: (t) => ({
    email: t.exposeString('email'),
    name: t.exposeString('name'),
    role: t.expose('role', { type: Role }),
    workspace: t.field({
      type: Workspace,
      // Users a caller sees share its workspace: the principal's copy, without a trip.
      resolve: (user, _args, ctx) =>
        user.workspace ??
        (user.workspaceId === ctx.viewer.workspaceId
          ? viewerWorkspace(ctx.viewer)
          : ctx.prisma.workspace.findUniqueOrThrow({ where: { id: user.workspaceId } })),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: User,
    description: 'The person the credential belongs to.',
    // A session of any plan may load it: the page says why the rest is unavailable.
    skipTypeScopes: true,
    authScopes: { $all: { usableCredential: true, tokenScope: 'TOKENS_READ' } },
    // Answered from what authentication read (viewer-rows.ts): no database trip.
    resolve: (_root, _args, ctx) => viewerUser(ctx.viewer),
  }),
);
