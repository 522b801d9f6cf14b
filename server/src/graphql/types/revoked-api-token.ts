// The viewer's revoked history (tokens/revoked-history.ts): what stays of a revoked
// token for REVOKED_RETENTION_DAYS, and how often it was used after revocation.
// Never the value, never the digest.
import { builder } from '../builder.js';
import { assertPageArgs, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../paging.js';

const RevocationReason = builder.enumType('RevocationReason', {
  values: {
    OWNER: { description: 'Its owner revoked it.' },
    ADMIN: {
      description: 'Someone else revoked it (a workspace admin, or the operator with the CLI): `revokedBy` says who.',
    },
    LEAKED: {
      description: 'A secret-scanning program found it in public and it was revoked at once (`leakUrl`, `leakSource`).',
    },
    INACTIVE: {
      description:
        "Revoked by the inactivity sweep: unused longer than the workspace's `inactivityRevokeDays` (`revokedBy` is null).",
    },
    ROTATED: {
      description:
        'An earlier secret of a token that lives on: a rotation replaced it, and it stopped working at `revokedAt` (the end of its overlap).',
    },
  } as const,
});

const RevokedApiToken = builder.prismaNode('RevokedApiToken', {
  description:
    'A revoked token (deleted for good: it can never authenticate again), kept as a record for REVOKED_RETENTION_DAYS. A request with the revoked token is still refused, and counted here.',
  id: { field: 'id' },
  // node(id) shows only the viewer's own records.
  findUnique: (id, ctx) => ({ id, ownerId: ctx.viewer.userId }),
  nullable: true,
  fields: (t) => ({
    name: t.exposeString('name'),
    hint: t.exposeString('hint'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'Its last use before it was revoked.',
    }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime' }),
    revokedBy: t.exposeString('revokedBy', {
      nullable: true,
      description:
        'Who revoked it: their email (the owner, or a workspace admin), "operator (CLI)", "secret scanning" (reason LEAKED), or null when the system did (reason INACTIVE).',
    }),
    reason: t.expose('reason', { type: RevocationReason }),
    usedAfterRevocationCount: t.exposeInt('usedAfterRevocationCount', {
      description: 'Requests refused because they used this token after it was revoked: something still has it.',
    }),
    lastUsedAfterRevocationAt: t.expose('lastUsedAfterRevocationAt', { type: 'DateTime', nullable: true }),
    lastUsedAfterRevocationIp: t.exposeString('lastUsedAfterRevocationIp', { nullable: true }),
    leakUrl: t.exposeString('leakUrl', {
      nullable: true,
      description:
        'Reason LEAKED: the public URL where a secret-scanning program found the token (null when it gave none).',
    }),
    leakSource: t.exposeString('leakSource', {
      nullable: true,
      description: 'Reason LEAKED: where the program found it, in its words (e.g. "commit", "gist_content").',
    }),
  }),
});

builder.queryField('revokedApiTokens', (t) =>
  t.prismaConnection(
    {
      type: RevokedApiToken,
      cursor: 'id',
      defaultSize: DEFAULT_PAGE_SIZE,
      maxSize: MAX_PAGE_SIZE,
      description: "The viewer's revoked tokens still within retention, most recently revoked first.",
      // A suspended owner's session may see them too, like `viewer`.
      skipTypeScopes: true,
      authScopes: { $all: { usableCredential: true, tokenScope: 'TOKENS_READ' } },
      // Bounded by retention; counted (no kept counter for a list this small).
      totalCount: (_parent, args, ctx) => {
        assertPageArgs(args);
        return ctx.tokens.revokedCount(ctx.viewer.userId);
      },
      resolve: (query, _root, args, ctx) => {
        assertPageArgs(args);
        return ctx.tokens.revokedHistory(ctx.viewer.userId, query);
      },
    },
    { name: 'RevokedApiTokenConnection', description: 'A page of revoked tokens.' },
    { name: 'RevokedApiTokenEdge' },
  ),
);
