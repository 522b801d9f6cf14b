import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import type { Principal } from '../../auth/principal.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import { isUuid } from '../../ids.js';
import type { CreatedToken, TokenOwner, TokenPage, TokenRow, WorkspaceTokenRow } from '../../tokens/service.js';
import { TOKEN_NAME_MAX } from '../../tokens/validation.js';
import { accessRefusal, builder, holdsScope, requestRefusal } from '../builder.js';
import { connectionFrom, pageRequestFrom, type Connection } from '../paging.js';
import { ApiTokenScopeEnum } from './api-token-scope.js';
import { User } from './user.js';
import { viewerUser } from './viewer-rows.js';

/**
 * The token service's own row type (tokens/pages.ts): what a reader may see of a
 * token, never its digest; a row of the admins' inventory carries its owner's role too.
 * Every field reads that row, nothing else.
 */
export type ApiTokenParent = TokenRow & Partial<Pick<WorkspaceTokenRow, 'ownerRole'>>;

export const ApiToken = builder.node(builder.objectRef<ApiTokenParent>('ApiToken'), {
  description: 'A personal API token. Its secret value is shown only once, when it is created.',
  id: { resolve: (row) => row.id },
  // node(id)/nodes(ids) never reveal another user's token: it is simply not found (null).
  loadMany: (ids, ctx) => ctx.tokens.find(ctx.viewer.userId, ids),
  fields: (t) => ({
    name: t.exposeString('name'),
    hint: t.exposeString('hint', {
      description: 'A non-secret reminder of the value: the prefix and last four characters.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the token last authenticated a request (precise to about a minute); null if never.',
    }),
    expiresAt: t.expose('expiresAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the token stops working; null means it never expires unless revoked.',
    }),
    scopes: t.expose('scopes', {
      type: [ApiTokenScopeEnum],
      description: 'What the token may do, chosen when it was created.',
    }),
    owner: t.field({
      type: User,
      description: 'The user the token belongs to.',
      // The caller's own token: its owner is what authentication read (viewer-rows.ts).
      // Anyone else's: findUnique calls of one tick are batched by Prisma into one query, no N+1 in a list.
      resolve: (token, _args, ctx) =>
        token.ownerId === ctx.viewer.userId
          ? viewerUser(ctx.viewer)
          : ctx.prisma.user.findUniqueOrThrow({ where: { id: token.ownerId } }),
    }),
  }),
});

/** The caller as the token service takes it: with an API token, its scopes cap what it may hand out. */
export function tokenCaller(viewer: Principal): TokenOwner {
  return { ...viewer, grantorScopes: viewer.kind === 'apiToken' ? viewer.scopes : null };
}

const ApiTokenFilter = builder.inputType('ApiTokenFilter', {
  description: 'Narrows the list of tokens.',
  fields: (t) => ({
    nameContains: t.string({
      required: false,
      description: 'Only tokens whose name contains this text (case-insensitive).',
    }),
  }),
});

export type ApiTokenConnectionShape = Connection<ApiTokenParent> & Pick<TokenPage, 'totalCount'>;

/** Shared by `apiTokens` (the viewer's) and `workspaceApiTokens` (the admins' inventory). */
export const ApiTokenConnection = builder.connectionObject<typeof ApiToken, ApiTokenConnectionShape>(
  {
    type: ApiToken,
    name: 'ApiTokenConnection',
    description: 'A page of API tokens.',
    fields: (c) => ({
      // Kept per user in the same transaction as create/revoke: no counting per request.
      totalCount: c.int({ resolve: (connection) => connection.totalCount }),
    }),
  },
  { name: 'ApiTokenEdge' },
);

builder.queryField('apiTokens', (t) =>
  t.connection(
    {
      type: ApiToken,
      args: { filter: t.arg({ type: ApiTokenFilter, required: false }) },
      // A suspended owner's session may see its tokens (with the reason), like `viewer`.
      skipTypeScopes: true,
      authScopes: { $all: { usableCredential: true, tokenScope: 'TOKENS_READ' } },
      description:
        "The viewer's API tokens, newest first. Page with first/after or last/before (1–100). With `filter`, only the matches (and `totalCount` counts them).",
      // One keyset statement for the page and the count (tokens/pages.ts).
      resolve: async (_root, args, ctx): Promise<ApiTokenConnectionShape> => {
        const request = pageRequestFrom(args);
        const page = await ctx.tokens.page(ctx.viewer.userId, request, args.filter?.nameContains);
        return { ...connectionFrom(request, page.rows), totalCount: page.totalCount };
      },
    },
    ApiTokenConnection,
  ),
);

const CreateApiTokenInput = builder.inputType('CreateApiTokenInput', {
  fields: (t) => ({
    name: t.string({
      required: true,
      description: `What the token is for, 1–${TOKEN_NAME_MAX} characters (trimmed).`,
    }),
    expiresAt: t.field({
      type: 'DateTime',
      required: false,
      description: 'Optional expiry in the future. Omit for a token that works until revoked.',
    }),
    scopes: t.field({
      type: [ApiTokenScopeEnum],
      required: false,
      description:
        'What the token may do (at least one). Omit for every scope you may grant: your role’s (admins all four, members TOKENS_READ and TOKENS_WRITE), and with an API token no more than it holds itself.',
    }),
    canary: t.boolean({
      required: false,
      description:
        'Create a canary: a token that looks like any other but never authenticates anything; every use is recorded (`ApiToken.canaryTrips`) and raises an event. Default false.',
    }),
  }),
});

interface CreatedTokenShape extends CreatedToken {
  httpHeader: string;
  curlExample: string;
}

const CreateApiTokenSuccess = builder.objectRef<CreatedTokenShape>('CreateApiTokenSuccess').implement({
  description: 'The new token. `token` is the only time its value is ever shown: store it now.',
  fields: (t) => ({
    apiToken: t.expose('apiToken', { type: ApiToken }),
    token: t.exposeString('token', { description: 'The secret value. Shown once, never again.' }),
    httpHeader: t.exposeString('httpHeader', { description: 'A ready `Authorization` header line.' }),
    curlExample: t.exposeString('curlExample', { description: 'A ready cURL command that calls this API.' }),
  }),
});

export function curlExample(publicUrl: string, token: string): string {
  return [
    `curl -X POST ${publicUrl}/graphql \\`,
    `  -H 'Authorization: Bearer ${token}' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '{"query":"{ viewer { email } }"}'`,
  ].join('\n');
}

builder.mutationField('createApiToken', (t) =>
  t.field({
    type: CreateApiTokenSuccess,
    description: 'Creates a token for the viewer. The response is the only place its value ever appears.',
    args: { input: t.arg({ type: CreateApiTokenInput, required: true }) },
    authScopes: { $all: { tokenManager: true, tokenScope: 'TOKENS_WRITE' } },
    unauthorizedError: (_root, _args, ctx, info, result) =>
      requestRefusal(ctx, info, result) ?? new ForbiddenError('Watch-only users cannot create API tokens.'),
    errors: {
      types: [ValidationError, ForbiddenError],
      directResult: true,
      union: { name: 'CreateApiTokenResult' },
    },
    resolve: async (_root, { input }, ctx) => {
      const { apiToken, token } = await ctx.tokens.create(
        tokenCaller(ctx.viewer),
        {
          name: input.name,
          expiresAt: input.expiresAt ?? null,
          scopes: input.scopes ?? null,
          canary: input.canary ?? false,
        },
        ctx.meta,
      );
      return {
        apiToken,
        token,
        httpHeader: `Authorization: Bearer ${token}`,
        curlExample: curlExample(ctx.publicUrl, token),
      };
    },
  }),
);

const RevokeApiTokenInput = builder.inputType('RevokeApiTokenInput', {
  fields: (t) => ({ id: t.id({ required: true, description: 'The global ID of the token to revoke.' }) }),
});

const RevokeApiTokenSuccess = builder.objectRef<{ revokedApiTokenId: string }>('RevokeApiTokenSuccess').implement({
  description: 'The token is deleted; the next request that uses it is rejected.',
  fields: (t) => ({ revokedApiTokenId: t.exposeID('revokedApiTokenId') }),
});

/** The database id behind a global ApiToken id, or null for anything else. */
export function apiTokenIdFrom(globalId: string): string | null {
  try {
    const { typename, id } = decodeGlobalID(globalId);
    return typename === 'ApiToken' && isUuid(id) ? id : null;
  } catch {
    return null;
  }
}

builder.mutationField('revokeApiToken', (t) =>
  t.field({
    type: RevokeApiTokenSuccess,
    description:
      "Deletes one of the viewer's tokens for good (a record stays in `revokedApiTokens`). Revoking the token making the request is allowed, and so is revoking a suspended token (owner watch-only or workspace not on Enterprise) from the page. A workspace admin may revoke any token of their workspace (reason ADMIN: its owner sees who in `revokedApiTokens`); a token of another workspace is NotFoundError, like a missing one.",
    args: { input: t.arg({ type: RevokeApiTokenInput, required: true }) },
    // Any usable credential: a suspended owner's session (watch-only, or a workspace not
    // on Enterprise) may clean up; such an owner's API tokens are refused at lookup.
    skipTypeScopes: true,
    authScopes: { $all: { usableCredential: true, tokenScope: 'TOKENS_WRITE' } },
    errors: {
      types: [NotFoundError, ForbiddenError],
      directResult: true,
      union: { name: 'RevokeApiTokenResult' },
    },
    resolve: async (_root, { input }, ctx) => {
      const id = apiTokenIdFrom(String(input.id));
      // Once this answers, no instance accepts the token (the service's fence).
      // Other members' tokens only for an admin whose credential may act for the
      // workspace (API access, and with an API token the WORKSPACE_ADMIN scope);
      // for anyone else they do not exist.
      const asWorkspaceAdmin =
        ctx.viewer.role === 'ADMIN' && accessRefusal(ctx) === null && holdsScope(ctx, 'WORKSPACE_ADMIN');
      const revoked = id && (await ctx.tokens.revoke(ctx.viewer, id, ctx.meta, { asWorkspaceAdmin }));
      if (!revoked) throw new NotFoundError('No API token with this id exists.');
      return { revokedApiTokenId: encodeGlobalID('ApiToken', revoked.id) };
    },
  }),
);
