// A token's own page: its status, where it was last used from, whether its value
// can be viewed again, and the mutations of the detail page (rename, reveal).
// Token writes go through TokenService; this file only maps GraphQL to it.
import { ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import type { TokenRow } from '../../tokens/service.js';
import { TOKEN_NAME_MAX } from '../../tokens/names.js';
import { tokenStatus } from '../../tokens/status.js';
import { builder, requestRefusal } from '../builder.js';
import type { GraphQLContext } from '../context.js';
import { ApiToken, apiTokenIdFrom, curlExample, type ApiTokenParent } from './api-token.js';

export const ApiTokenStatus = builder.enumType('ApiTokenStatus', {
  values: {
    ACTIVE: { description: 'Authenticates requests.' },
    EXPIRED: { description: 'Past `expiresAt`: refused for good.' },
    SUSPENDED: {
      description:
        'Refused for now (owner watch-only, or workspace not on Enterprise); works again by itself when that is restored.',
    },
  } as const,
});

/**
 * The token's status as the viewer reads it. A token reached any other way than the
 * admins' inventory is the viewer's own, so its owner's role and plan are the viewer's
 * (read fresh on every request, sessions included); an inventory row carries its
 * owner's role, a user of the viewer's own workspace (so the plan is the viewer's too).
 */
function statusFor(token: ApiTokenParent, ctx: GraphQLContext) {
  const own = token.ownerId === ctx.viewer.userId;
  const role = own ? ctx.viewer.role : (token.ownerRole ?? ctx.viewer.role);
  return tokenStatus(token, { role, plan: ctx.viewer.plan }, ctx.clock(), own ? 'owner' : 'admin');
}

builder.objectFields(ApiToken, (t) => ({
  status: t.field({
    type: ApiTokenStatus,
    description: 'What a request with this token gets now.',
    resolve: (token, _args, ctx) => statusFor(token, ctx).status,
  }),
  suspendedReason: t.string({
    nullable: true,
    description:
      'Why a SUSPENDED token is refused, in words for whoever reads it (its owner, or an admin); null otherwise.',
    resolve: (token, _args, ctx) => statusFor(token, ctx).suspendedReason,
  }),
  lastUsedIp: t.exposeString('lastUsedIp', {
    nullable: true,
    description:
      'The client address of the last use (behind a proxy only with TRUST_PROXY), recorded with `lastUsedAt`.',
  }),
  lastUsedUserAgent: t.exposeString('lastUsedUserAgent', {
    nullable: true,
    description: 'The User-Agent of the last use.',
  }),
  revealable: t.boolean({
    description:
      'Whether `revealApiToken` can show the value again: it was kept when the token was created (deployment key and workspace setting on), the key still opens it, and audit logs are on.',
    resolve: (token, _args, ctx) => ctx.tokens.isRevealable(token.encryptionKeyId, ctx.viewer.auditLogsEnabled),
  }),
}));

builder.queryField('apiToken', (t) =>
  t.field({
    type: ApiToken,
    nullable: true,
    description: "One of the viewer's tokens by its global ID; null when it does not exist or is someone else's.",
    // A suspended owner's session may see its tokens (with the reason), like `viewer`.
    skipTypeScopes: true,
    authScopes: { $all: { usableCredential: true, tokenScope: 'TOKENS_READ' } },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = apiTokenIdFrom(String(args.id));
      return id === null ? null : ((await ctx.tokens.find(ctx.viewer.userId, [id]))[0] ?? null);
    },
  }),
);

const RenameApiTokenInput = builder.inputType('RenameApiTokenInput', {
  fields: (t) => ({
    id: t.id({ required: true, description: 'The global ID of the token.' }),
    name: t.string({ required: true, description: `The new name, 1–${TOKEN_NAME_MAX} visible characters (trimmed).` }),
  }),
});

const RenameApiTokenSuccess = builder.objectRef<{ apiToken: TokenRow }>('RenameApiTokenSuccess').implement({
  fields: (t) => ({
    apiToken: t.expose('apiToken', { type: ApiToken }),
  }),
});

builder.mutationField('renameApiToken', (t) =>
  t.field({
    type: RenameApiTokenSuccess,
    description: "Renames one of the viewer's tokens (audited as API_TOKEN_RENAMED with the old and new name).",
    args: { input: t.arg({ type: RenameApiTokenInput, required: true }) },
    authScopes: { $all: { tokenManager: true, tokenScope: 'TOKENS_WRITE' } },
    unauthorizedError: (_root, _args, ctx, info, result) =>
      requestRefusal(ctx, info, result) ?? new ForbiddenError('Watch-only users cannot rename API tokens.'),
    errors: {
      types: [NotFoundError, ValidationError, ForbiddenError],
      directResult: true,
      union: { name: 'RenameApiTokenResult' },
    },
    resolve: async (_root, { input }, ctx) => {
      const id = apiTokenIdFrom(String(input.id));
      if (id === null) throw new NotFoundError('No API token with this id exists.');
      return { apiToken: await ctx.tokens.rename(ctx.viewer, id, input.name, ctx.meta) };
    },
  }),
);

const RevealApiTokenInput = builder.inputType('RevealApiTokenInput', {
  fields: (t) => ({ id: t.id({ required: true, description: 'The global ID of the token.' }) }),
});

const RevealApiTokenSuccess = builder
  .objectRef<{ apiToken: TokenRow; token: string; httpHeader: string; curlExample: string }>('RevealApiTokenSuccess')
  .implement({
    description: "The token's value, shown again to its owner; this view is in the audit log.",
    fields: (t) => ({
      apiToken: t.expose('apiToken', { type: ApiToken }),
      token: t.exposeString('token', { description: 'The secret value.' }),
      httpHeader: t.exposeString('httpHeader', { description: 'A ready `Authorization` header line.' }),
      curlExample: t.exposeString('curlExample', { description: 'A ready cURL command that calls this API.' }),
    }),
  });

builder.mutationField('revealApiToken', (t) =>
  t.field({
    type: RevealApiTokenSuccess,
    description:
      "Shows one of the viewer's token values again: only to its owner, only through the signed-in page (never with an API token), only where the deployment and workspace opted in (`ApiToken.revealable`). Audited as API_TOKEN_REVEALED.",
    args: { input: t.arg({ type: RevealApiTokenInput, required: true }) },
    authScopes: { $all: { tokenManager: true, tokenScope: 'TOKENS_WRITE' } },
    unauthorizedError: (_root, _args, ctx, info, result) =>
      requestRefusal(ctx, info, result) ?? new ForbiddenError('Watch-only users cannot view API tokens again.'),
    errors: { types: [NotFoundError, ForbiddenError], directResult: true, union: { name: 'RevealApiTokenResult' } },
    resolve: async (_root, { input }, ctx) => {
      const id = apiTokenIdFrom(String(input.id));
      if (id === null) throw new NotFoundError('No API token with this id exists.');
      const { apiToken, token } = await ctx.tokens.reveal(ctx.viewer, id, ctx.meta);
      return {
        apiToken,
        token,
        httpHeader: `Authorization: Bearer ${token}`,
        curlExample: curlExample(ctx.publicUrl, token),
      };
    },
  }),
);
