// Configures the schema builder and nothing else; types live in ./types.
import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type PrismaTypes from '../generated/pothos-prisma-types.js';
import { getDatamodel } from '../generated/pothos-prisma-types.js';
import type { GraphQLContext } from './context.js';

export interface AuthScopes {
  /** May create and revoke tokens (not watch-only). */
  tokenManager: boolean;
  /** A workspace admin whose workspace keeps an audit log. */
  auditReader: boolean;
  /** A workspace admin (changes workspace settings such as the token policy). */
  workspaceAdmin: boolean;
}

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  PrismaTypes: PrismaTypes;
  AuthScopes: AuthScopes;
  DefaultFieldNullability: false;
  DefaultEdgesNullability: { list: false; items: false };
  DefaultNodeNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    ID: { Input: string; Output: string };
  };
}>({
  // Errors first, so that it can turn scope-auth failures into typed results.
  plugins: [ErrorsPlugin, ScopeAuthPlugin, PrismaPlugin, RelayPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (ctx) => ({
      tokenManager: ctx.viewer.role !== 'WATCH_ONLY',
      auditReader: ctx.viewer.role === 'ADMIN' && ctx.viewer.auditLogsEnabled,
      workspaceAdmin: ctx.viewer.role === 'ADMIN',
    }),
  },
  prisma: {
    client: (ctx) => ctx.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    // Catches resolvers that ignore the selection Pothos computed (N+1 risk).
    onUnusedQuery: process.env.NODE_ENV === 'production' ? null : 'error',
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: { list: false, items: false } },
    nodeFieldOptions: { nullable: false },
    // node(id:) and nodes(ids:) are defined in types/node.ts: null, never an error, for what is not visible.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
  },
  errors: {},
});

builder.queryType({});
builder.mutationType({});
