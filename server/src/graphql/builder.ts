// Configures the schema builder and nothing else; types live in ./types.
import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type PrismaTypes from '../generated/pothos-prisma-types.js';
import { getDatamodel } from '../generated/pothos-prisma-types.js';
import type { GraphQLError, GraphQLResolveInfo } from 'graphql';
import { apiAccessFailure, credentialFailure } from '../auth/access.js';
import { authFailureError, scopeFailure } from '../auth/failures.js';
import { isApiTokenScope, type ApiTokenScope } from '../tokens/scopes.js';
import type { GraphQLContext } from './context.js';

export interface AuthScopes {
  /** May use the API beyond `viewer` (auth/access.ts): every root field requires it. */
  apiAccess: boolean;
  /** May use the credential at all: `viewer` requires only this. */
  usableCredential: boolean;
  /** May create and revoke tokens (not watch-only). */
  tokenManager: boolean;
  /** A workspace admin whose workspace keeps an audit log. */
  auditReader: boolean;
  /** A workspace admin (changes workspace settings such as the token policy). */
  workspaceAdmin: boolean;
  /**
   * The API token carries this scope (tokens/scopes.ts); a session always passes
   * (its role decides). Every root field names one, next to its other rules:
   * `authScopes: { $all: { tokenScope: 'TOKENS_WRITE', tokenManager: true } }`.
   */
  tokenScope: ApiTokenScope;
}

/** Whether the caller's credential allows `scope`: a session always does, an API token when it carries it. */
export function holdsScope(ctx: GraphQLContext, scope: ApiTokenScope): boolean {
  return ctx.viewer.kind === 'session' || ctx.viewer.scopes.includes(scope);
}

/**
 * The refusal of the whole request when the caller may not use the API (403, the
 * auth plugin answers it alone, auth/plugin.ts), else null: every `unauthorizedError`
 * asks this first, so that a field's own refusal never hides it.
 */
export function accessRefusal(ctx: GraphQLContext): GraphQLError | null {
  const failure = apiAccessFailure(ctx.viewer);
  return failure && authFailureError(failure);
}

type ScopeFailure = { kind: string; scope?: string; parameter?: unknown; failures?: ScopeFailure[] };

/** The `tokenScope` a scope-auth failure names, if any. */
function failedTokenScope(failure: ScopeFailure): ApiTokenScope | null {
  if (failure.scope === 'tokenScope' && isApiTokenScope(failure.parameter)) return failure.parameter;
  for (const inner of failure.failures ?? []) {
    const found = failedTokenScope(inner);
    if (found) return found;
  }
  return null;
}

/**
 * The refusal of the whole request, or null when the field's own rule refused
 * (e.g. "watch-only users cannot …", a typed error or message the field gives).
 * In order: the caller may not use the API (access.ts); the API token lacks the
 * field's scope (403, `reason: "scope"`, the scope named). A field's rules go
 * `{ $all: { <role rule>: true, tokenScope: … } }`: scope-auth checks the role
 * rule first and stops there, so a member asking for the audit log hears that
 * it is for admins, not which scope their token lacks.
 */
export function requestRefusal(
  ctx: GraphQLContext,
  info: GraphQLResolveInfo,
  result: { failure: ScopeFailure },
): GraphQLError | null {
  const access = accessRefusal(ctx);
  if (access) return access;
  const scope = failedTokenScope(result.failure);
  return scope && !holdsScope(ctx, scope) ? authFailureError(scopeFailure(scope, info.fieldName)) : null;
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
      apiAccess: apiAccessFailure(ctx.viewer) === null,
      usableCredential: credentialFailure(ctx.viewer) === null,
      tokenManager: ctx.viewer.role !== 'WATCH_ONLY',
      auditReader: ctx.viewer.role === 'ADMIN' && ctx.viewer.auditLogsEnabled,
      workspaceAdmin: ctx.viewer.role === 'ADMIN',
      tokenScope: (scope) => holdsScope(ctx, scope),
    }),
    unauthorizedError: (_parent, ctx, info, result) => requestRefusal(ctx, info, result) ?? result.message,
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

// Every root field needs API access, except those that say otherwise (`viewer`).
builder.queryType({ authScopes: { apiAccess: true } });
builder.mutationType({ authScopes: { apiAccess: true } });
