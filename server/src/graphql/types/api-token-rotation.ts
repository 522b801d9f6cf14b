// Rotation: a token gets a new secret and keeps its identity (id, name, history).
// The old secret works for the overlap asked for, and meanwhile the token shows
// when it was last used, so its owner knows when cutting over is done.
// Token writes go through TokenService; this file only maps GraphQL to it.
import { ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import type { RotatedToken, TokenRow } from '../../tokens/service.js';
import { MAX_OVERLAP_SECONDS } from '../../tokens/validation.js';
import { builder, requestRefusal } from '../builder.js';
import { ApiToken, apiTokenIdFrom, curlExample, tokenCaller } from './api-token.js';

/** The previous secret's end, while it is in the future: null once the overlap is over (or there was none). */
function overlapEnd(token: TokenRow, now: Date): Date | null {
  const end = token.previousSecretExpiresAt;
  return end !== null && end.getTime() > now.getTime() ? end : null;
}

builder.objectFields(ApiToken, (t) => ({
  rotatedAt: t.expose('rotatedAt', {
    type: 'DateTime',
    nullable: true,
    description: 'When the current secret was issued by `rotateApiToken`; null if it is the one made at creation.',
  }),
  previousSecretExpiresAt: t.field({
    type: 'DateTime',
    nullable: true,
    description:
      'While the secret the last rotation replaced still works: when it stops. Null when no old secret works (no overlap, or it has ended).',
    resolve: (token, _args, ctx) => overlapEnd(token, ctx.clock()),
  }),
  previousSecretLastUsedAt: t.field({
    type: 'DateTime',
    nullable: true,
    description:
      'During the overlap: when the old secret was last used (precise to about a minute; null if not since the rotation). When it stays old, whatever used it has moved to the new secret.',
    resolve: (token, _args, ctx) => (overlapEnd(token, ctx.clock()) ? token.previousSecretLastUsedAt : null),
  }),
}));

const RotateApiTokenInput = builder.inputType('RotateApiTokenInput', {
  fields: (t) => ({
    id: t.id({ required: true, description: 'The global ID of the token.' }),
    overlapSeconds: t.int({
      required: false,
      defaultValue: 0,
      description: `How long the old secret keeps working, 0 (it stops at once) to ${MAX_OVERLAP_SECONDS} (7 days).`,
    }),
    expiresAt: t.field({
      type: 'DateTime',
      required: false,
      description: 'A new expiry, in the future. Omit to keep the one the token has.',
    }),
  }),
});

interface RotatedTokenShape extends RotatedToken {
  httpHeader: string;
  curlExample: string;
}

const RotateApiTokenSuccess = builder.objectRef<RotatedTokenShape>('RotateApiTokenSuccess').implement({
  description: 'The token with its new secret. `token` is the only time the new value is ever shown: store it now.',
  fields: (t) => ({
    apiToken: t.expose('apiToken', { type: ApiToken }),
    token: t.exposeString('token', { description: 'The new secret value. Shown once, never again.' }),
    httpHeader: t.exposeString('httpHeader', { description: 'A ready `Authorization` header line.' }),
    curlExample: t.exposeString('curlExample', { description: 'A ready cURL command that calls this API.' }),
    previousSecretExpiresAt: t.expose('previousSecretExpiresAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the old secret stops working; null: it already has.',
    }),
  }),
});

builder.mutationField('rotateApiToken', (t) =>
  t.field({
    type: RotateApiTokenSuccess,
    description:
      "Gives one of the viewer's tokens a new secret, keeping its id, name, scopes and history; a token may rotate itself. The old secret works for `overlapSeconds` more, then is refused like a revoked token (and its uses counted in `revokedApiTokens`). Two rotations of one token must be a minute apart (a second one at once is a ValidationError). Audited as API_TOKEN_ROTATED.",
    args: { input: t.arg({ type: RotateApiTokenInput, required: true }) },
    authScopes: { $all: { tokenManager: true, tokenScope: 'TOKENS_WRITE' } },
    unauthorizedError: (_root, _args, ctx, info, result) =>
      requestRefusal(ctx, info, result) ?? new ForbiddenError('Watch-only users cannot rotate API tokens.'),
    errors: {
      types: [NotFoundError, ForbiddenError, ValidationError],
      directResult: true,
      union: { name: 'RotateApiTokenResult' },
    },
    resolve: async (_root, { input }, ctx) => {
      const id = apiTokenIdFrom(String(input.id));
      if (id === null) throw new NotFoundError('No API token with this id exists.');
      // Once this answers, every instance has dropped what it knew of the old secret (the service's fence).
      const rotated = await ctx.tokens.rotate(
        tokenCaller(ctx.viewer),
        id,
        { overlapSeconds: input.overlapSeconds, expiresAt: input.expiresAt ?? null },
        ctx.meta,
      );
      return {
        ...rotated,
        httpHeader: `Authorization: Bearer ${rotated.token}`,
        curlExample: curlExample(ctx.publicUrl, rotated.token),
      };
    },
  }),
);
