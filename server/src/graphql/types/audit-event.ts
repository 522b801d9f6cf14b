import { encodeGlobalID } from '@pothos/plugin-relay';
import type { GraphQLError } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';
import { countAuditEvents } from '../../audit/audit.js';
import { builder, holdsScope, requestRefusal } from '../builder.js';
import { assertPageArgs, DEFAULT_PAGE_SIZE } from '../paging.js';
import type { GraphQLContext } from '../context.js';

const AuditAction = builder.enumType('AuditAction', {
  values: {
    API_TOKEN_CREATED: {},
    API_TOKEN_REVOKED: {},
    API_TOKEN_RENAMED: { description: '`details` has the old and new name.' },
    API_TOKEN_REVEALED: { description: "The owner viewed the token's value again." },
    TOKEN_POLICY_UPDATED: {
      description: 'The workspace token policy changed (no token: `apiTokenId` is null).',
    },
    API_TOKEN_ROTATED: {
      description: 'The token got a new secret; `details` says until when the previous one works, and the scopes.',
    },
    API_TOKEN_LEAKED: {
      description:
        'A secret-scanning program reported the token found in public and it was revoked; `details` says where.',
    },
    API_TOKEN_CANARY_TRIGGERED: {
      description:
        "A canary token was used (refused; `ip` and `userAgent` are the caller's), or reported found in public.",
    },
    WEBHOOK_ENDPOINT_CREATED: {
      description: 'An admin registered a webhook endpoint (`details`: its URL and events).',
    },
    WEBHOOK_ENDPOINT_UPDATED: {
      description: 'An admin changed a webhook endpoint (`details` says what; re-enabling included).',
    },
    WEBHOOK_ENDPOINT_DELETED: { description: 'An admin deleted a webhook endpoint (`details`: its URL).' },
  } as const,
});

const AuditEvent = builder.prismaNode('AuditEvent', {
  description: 'An append-only record of a change to tokens or to the token policy. Never holds a secret.',
  id: { field: 'id' },
  // Admins only, and through an API token only one that carries AUDIT_READ.
  findUnique: (id, ctx) =>
    ctx.viewer.role === 'ADMIN' && holdsScope(ctx, 'AUDIT_READ')
      ? { id, workspaceId: ctx.viewer.workspaceId }
      : { id, workspaceId: '00000000-0000-0000-0000-000000000000' },
  // Not found or not the viewer's to see: node(id) answers null.
  nullable: true,
  fields: (t) => ({
    action: t.expose('action', { type: AuditAction }),
    actorEmail: t.exposeString('actorEmail', { description: 'Who did it (kept even if the user is deleted).' }),
    apiTokenId: t.field({
      type: 'ID',
      nullable: true,
      description: 'The global ID the token had (the token itself may no longer exist); null for a workspace event.',
      resolve: (event) => (event.apiTokenId === null ? null : encodeGlobalID('ApiToken', event.apiTokenId)),
    }),
    apiTokenName: t.exposeString('apiTokenName', { nullable: true }),
    details: t.exposeString('details', { nullable: true, description: 'What changed, in words (e.g. a rename).' }),
    ip: t.exposeString('ip', { nullable: true }),
    userAgent: t.exposeString('userAgent', { nullable: true }),
    occurredAt: t.expose('occurredAt', { type: 'DateTime' }),
  }),
});

function auditForbidden(ctx: GraphQLContext): GraphQLError {
  const message =
    ctx.viewer.role !== 'ADMIN'
      ? 'Only workspace admins can read the audit log.'
      : 'Audit logs are not enabled for this workspace.';
  return createGraphQLError(message, { extensions: { code: 'FORBIDDEN', http: { status: 200 } } });
}

builder.queryField('auditEvents', (t) =>
  t.prismaConnection(
    {
      type: AuditEvent,
      cursor: 'id',
      defaultSize: DEFAULT_PAGE_SIZE,
      // No maxSize of our own: assertPageArgs (graphql/paging.ts) refuses a size out of
      // bounds with a typed error before the page Pothos computed is read.
      description: "The workspace's token audit log, newest first. Workspace admins only, when audit logs are enabled.",
      authScopes: { $all: { auditReader: true, tokenScope: 'AUDIT_READ' } },
      unauthorizedError: (_parent, _args, ctx, info, result) =>
        requestRefusal(ctx, info, result) ?? auditForbidden(ctx),
      totalCount: (_parent, args, ctx) => {
        assertPageArgs(args);
        return countAuditEvents(ctx.prisma, ctx.viewer.workspaceId);
      },
      resolve: (query, _root, args, ctx) => {
        assertPageArgs(args);
        return ctx.prisma.auditEvent.findMany({
          ...query,
          where: { workspaceId: ctx.viewer.workspaceId },
          orderBy: { id: 'desc' },
        });
      },
    },
    { name: 'AuditEventConnection', description: 'A page of audit events.' },
    { name: 'AuditEventEdge' },
  ),
);
