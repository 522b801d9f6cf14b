import { queryFromInfo } from '@pothos/plugin-prisma';
import { builder } from '../builder.js';
import { viewerUser } from './viewer-rows.js';

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
  // Select mode: each field selects its own column, so the query says exactly what a
  // request needs, and the viewer's own row can be answered from the principal.
  select: { id: true },
  id: { field: 'id' },
  // Only the viewer is reachable through node(id).
  findUnique: (id, ctx) => (id === ctx.viewer.userId ? { id } : { id: '00000000-0000-0000-0000-000000000000' }),
  // Anyone else (or no one): node(id) answers null.
  nullable: true,
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
    // A session of any plan may load it: the page says why the rest is unavailable.
    skipTypeScopes: true,
    authScopes: { $all: { usableCredential: true, tokenScope: 'TOKENS_READ' } },
    // Answered from what authentication read (viewer-rows.ts): no database trip. The
    // planned query still records what each field selects, so none of them loads again.
    resolve: (_root, _args, ctx, info) => {
      const query = queryFromInfo({ context: ctx, info });
      return (
        viewerUser(ctx.viewer, query) ??
        ctx.prisma.user.findUniqueOrThrow({ ...query, where: { id: ctx.viewer.userId } })
      );
    },
  }),
);
