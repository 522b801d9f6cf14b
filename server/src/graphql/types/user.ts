import type { Plan as PlanValue, Role as RoleValue } from '../../generated/prisma/client.js';
import { builder } from '../builder.js';

interface ViewerRow {
  id: string;
  email: string;
  name: string;
  role: RoleValue;
  workspaceId: string;
  apiTokenCount: number;
  createdAt: Date;
  workspaceName: string;
  workspacePlan: PlanValue;
  workspaceAuditLogsEnabled: boolean;
  workspaceCreatedAt: Date;
}

const VIEWER_SQL = `SELECT u.id, u.email, u.name, u.role::text AS role, u.workspace_id AS "workspaceId",
       u.api_token_count AS "apiTokenCount", u.created_at AS "createdAt",
       w.name AS "workspaceName", w.plan::text AS "workspacePlan",
       w.audit_logs_enabled AS "workspaceAuditLogsEnabled", w.created_at AS "workspaceCreatedAt"
  FROM users u
  JOIN workspaces w ON w.id = u.workspace_id
 WHERE u.id = $1`;

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

export const Workspace = builder.prismaObject('Workspace', {
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    plan: t.expose('plan', { type: Plan }),
    auditLogsEnabled: t.exposeBoolean('auditLogsEnabled'),
  }),
});

export const User = builder.prismaNode('User', {
  id: { field: 'id' },
  // Only the viewer is reachable through node(id).
  findUnique: (id, ctx) => (id === ctx.viewer.userId ? { id } : { id: '00000000-0000-0000-0000-000000000000' }),
  fields: (t) => ({
    email: t.exposeString('email'),
    name: t.exposeString('name'),
    role: t.expose('role', { type: Role }),
    workspace: t.relation('workspace'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: User,
    description: 'The person the credential belongs to.',
    // One statement on the driver for the user and their workspace (every field
    // User and Workspace expose), instead of Prisma's user query plus a second one
    // for the relation. The workspace is attached, so Pothos' relation field treats
    // it as loaded and sends no query of its own.
    resolve: async (_root, _args, ctx) => {
      const rows = await ctx.sql.query<ViewerRow>(VIEWER_SQL, [ctx.viewer.userId], 'viewer_with_workspace_v1');
      const row = rows[0];
      if (!row) throw new Error('The viewer no longer exists.');
      const { workspaceName, workspacePlan, workspaceAuditLogsEnabled, workspaceCreatedAt, ...user } = row;
      return {
        ...user,
        workspace: {
          id: user.workspaceId,
          name: workspaceName,
          plan: workspacePlan,
          auditLogsEnabled: workspaceAuditLogsEnabled,
          createdAt: workspaceCreatedAt,
        },
      };
    },
  }),
);
