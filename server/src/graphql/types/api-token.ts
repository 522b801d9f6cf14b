import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import type { ApiToken as ApiTokenModel } from '../../generated/prisma/client.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import { TOKEN_NAME_MAX } from '../../tokens/validation.js';
import { builder } from '../builder.js';
import { assertPageArgs, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../paging.js';
import { countApiTokens, countMatchingApiTokens, listApiTokens } from '../token-pages.js';

export const ApiToken = builder.prismaNode('ApiToken', {
  description: 'A personal API token. Its secret value is shown only once, when it is created.',
  id: { field: 'id' },
  // node(id) never reveals another user's token: it is simply not found (null).
  findUnique: (id, ctx) => ({ id, ownerId: ctx.viewer.userId }),
  nullable: true,
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
  }),
});

const ApiTokenFilter = builder.inputType('ApiTokenFilter', {
  description: 'Narrows the list of tokens.',
  fields: (t) => ({
    nameContains: t.string({ required: false, description: 'Only tokens whose name contains this text (case-insensitive).' }),
  }),
});

builder.queryField('apiTokens', (t) =>
  t.prismaConnection(
    {
      type: ApiToken,
      args: { filter: t.arg({ type: ApiTokenFilter, required: false }) },
      cursor: 'id',
      defaultSize: DEFAULT_PAGE_SIZE,
      maxSize: MAX_PAGE_SIZE,
      description:
        "The viewer's API tokens, newest first. Page with first/after or last/before (1–100). With `filter`, only the matches (and `totalCount` counts them).",
      // Kept per user in the same transaction as create/revoke: no counting per
      // request. Read with the page (see token-pages.ts), which resolves first.
      totalCount: (_parent, args, ctx) => {
        assertPageArgs(args);
        const search = args.filter?.nameContains;
        if (search) return ctx.apiTokenCount ?? countMatchingApiTokens(ctx.sql, ctx.viewer.userId, search);
        return ctx.apiTokenCount ?? countApiTokens(ctx.sql, ctx.viewer.userId);
      },
      // Pothos computes the page (take = size + 1, negative for last/before; the
      // cursor row's id) and formats cursors and pageInfo; the rows come from one
      // keyset statement on the driver over (owner_id, id DESC) instead of
      // Prisma's cursor machinery (which looks the cursor row up first).
      resolve: async (query, _root, args, ctx) => {
        assertPageArgs(args);
        // The digest is never selected: no field of ApiToken exposes it.
        const page = await listApiTokens(ctx.sql, ctx.viewer.userId, query, args.filter?.nameContains);
        ctx.apiTokenCount = page.totalCount;
        // Not Prisma's model: no digest, and timestamps already as ISO text (see
        // token-pages.ts); the exposed fields read only what the rows carry.
        return page.rows as unknown as ApiTokenModel[];
      },
    },
    { name: 'ApiTokenConnection', description: 'A page of API tokens.' },
    { name: 'ApiTokenEdge' },
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
  }),
});

interface CreatedTokenShape {
  apiToken: { id: string };
  token: string;
  httpHeader: string;
  curlExample: string;
}

const CreateApiTokenSuccess = builder.objectRef<CreatedTokenShape>('CreateApiTokenSuccess').implement({
  description: 'The new token. `token` is the only time its value is ever shown: store it now.',
  fields: (t) => ({
    apiToken: t.prismaField({
      type: ApiToken,
      resolve: (query, parent, _args, ctx) =>
        ctx.prisma.apiToken.findUniqueOrThrow({ ...query, where: { id: parent.apiToken.id } }),
    }),
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
    authScopes: { tokenManager: true },
    unauthorizedError: () => new ForbiddenError('Watch-only users cannot create API tokens.'),
    errors: {
      types: [ValidationError, ForbiddenError],
      directResult: true,
      union: { name: 'CreateApiTokenResult' },
    },
    resolve: async (_root, { input }, ctx) => {
      const { apiToken, token } = await ctx.tokens.create(
        { ...ctx.viewer, userId: ctx.viewer.userId },
        { name: input.name, expiresAt: input.expiresAt ?? null },
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

const RevokeApiTokenSuccess = builder
  .objectRef<{ revokedApiTokenId: string }>('RevokeApiTokenSuccess')
  .implement({
    description: 'The token is deleted; the next request that uses it is rejected.',
    fields: (t) => ({ revokedApiTokenId: t.exposeID('revokedApiTokenId') }),
  });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The database id behind a global ApiToken id, or null for anything else. */
export function apiTokenIdFrom(globalId: string): string | null {
  try {
    const { typename, id } = decodeGlobalID(globalId);
    return typename === 'ApiToken' && UUID.test(id) ? id : null;
  } catch {
    return null;
  }
}

builder.mutationField('revokeApiToken', (t) =>
  t.field({
    type: RevokeApiTokenSuccess,
    description:
      "Deletes one of the viewer's tokens for good (a record stays in `revokedApiTokens`). Revoking the token making the request is allowed, and so is revoking a suspended token (owner watch-only or workspace not on Enterprise) from the page.",
    args: { input: t.arg({ type: RevokeApiTokenInput, required: true }) },
    errors: {
      types: [NotFoundError, ForbiddenError],
      directResult: true,
      union: { name: 'RevokeApiTokenResult' },
    },
    resolve: async (_root, { input }, ctx) => {
      const id = apiTokenIdFrom(String(input.id));
      // Through the cache's fence: once this answers, no instance accepts the token.
      const revoked =
        id &&
        (await ctx.authCache.fence(
          `u:${ctx.viewer.userId}`,
          () => ctx.tokens.revoke(ctx.viewer, id, ctx.viewer.userId, ctx.meta),
          (result) => result !== null,
        ));
      if (!revoked) throw new NotFoundError('No API token with this id exists.');
      return { revokedApiTokenId: encodeGlobalID('ApiToken', revoked.id) };
    },
  }),
);
