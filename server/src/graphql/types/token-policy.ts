// The workspace token policy (tokens/policy.ts): whether tokens can be viewed
// again, the longest lifetime of a new token, and how long a token may go unused.
// Read by anyone in the workspace (the page explains a refusal, and offers only the
// expiries allowed); changed by its admins, with a session or a token.
import { ForbiddenError, ValidationError } from '../../errors.js';
import { POLICY_DAYS_MAX, POLICY_DAYS_MIN } from '../../tokens/policy.js';
import { builder, requestRefusal } from '../builder.js';
import { Workspace } from './user.js';

interface TokenPolicyShape {
  tokensRevealable: boolean;
  maxLifetimeDays: number | null;
  inactivityRevokeDays: number | null;
  /** The deployment can keep values (TOKEN_ENCRYPTION_KEY). */
  revealSupported: boolean;
}

const WorkspaceTokenPolicy = builder.objectRef<TokenPolicyShape>('WorkspaceTokenPolicy').implement({
  description: "How the workspace's API tokens behave.",
  fields: (t) => ({
    tokensRevealable: t.exposeBoolean('tokensRevealable', {
      description: 'New tokens are kept (encrypted) so their owner can view them again, with every view audited.',
    }),
    revealSupported: t.exposeBoolean('revealSupported', {
      description: 'This server has a TOKEN_ENCRYPTION_KEY; without one, tokens can never be viewed again.',
    }),
    maxLifetimeDays: t.exposeInt('maxLifetimeDays', {
      nullable: true,
      description:
        'New tokens must expire within this many days of their creation; null: no limit. Existing longer-lived tokens keep working (`ApiToken.exceedsMaxLifetime`).',
    }),
    inactivityRevokeDays: t.exposeInt('inactivityRevokeDays', {
      nullable: true,
      description:
        'Tokens unused this many days (never used: since their creation) are revoked with reason INACTIVE; null: never.',
    }),
  }),
});

builder.objectFields(Workspace, (t) => ({
  tokenPolicy: t.field({
    type: WorkspaceTokenPolicy,
    resolve: (workspace, _args, ctx) => ({
      tokensRevealable: workspace.tokensRevealable,
      revealSupported: ctx.tokenRevealEnabled,
      maxLifetimeDays: workspace.maxLifetimeDays,
      inactivityRevokeDays: workspace.inactivityRevokeDays,
    }),
  }),
}));

const UpdateWorkspaceTokenPolicyInput = builder.inputType('UpdateWorkspaceTokenPolicyInput', {
  description: 'The settings to change; a field left out stays as it is.',
  fields: (t) => ({
    tokensRevealable: t.boolean({
      required: false,
      description:
        'Turn on (needs audit logs and a server key) or off. Off destroys every kept value in the workspace.',
    }),
    maxLifetimeDays: t.int({
      required: false,
      description: `New tokens must expire within this many days (${POLICY_DAYS_MIN}–${POLICY_DAYS_MAX}); null removes the limit.`,
    }),
    inactivityRevokeDays: t.int({
      required: false,
      description: `Revoke tokens unused this many days (${POLICY_DAYS_MIN}–${POLICY_DAYS_MAX}); null turns it off.`,
    }),
  }),
});

const UpdateWorkspaceTokenPolicySuccess = builder
  .objectRef<{ tokenPolicy: TokenPolicyShape; destroyedValues: number }>('UpdateWorkspaceTokenPolicySuccess')
  .implement({
    fields: (t) => ({
      tokenPolicy: t.field({ type: WorkspaceTokenPolicy, resolve: (parent) => parent.tokenPolicy }),
      destroyedValues: t.exposeInt('destroyedValues', {
        description: 'Kept values destroyed by turning re-viewing off.',
      }),
    }),
  });

builder.mutationField('updateWorkspaceTokenPolicy', (t) =>
  t.field({
    type: UpdateWorkspaceTokenPolicySuccess,
    description:
      "Changes the viewer's workspace token policy. Workspace admins only; audited as TOKEN_POLICY_UPDATED with the old and new values.",
    args: { input: t.arg({ type: UpdateWorkspaceTokenPolicyInput, required: true }) },
    authScopes: { $all: { workspaceAdmin: true, tokenScope: 'WORKSPACE_ADMIN' } },
    unauthorizedError: (_root, _args, ctx, info, result) =>
      requestRefusal(ctx, info, result) ?? new ForbiddenError('Only workspace admins can change the token policy.'),
    errors: {
      types: [ValidationError, ForbiddenError],
      directResult: true,
      union: { name: 'UpdateWorkspaceTokenPolicyResult' },
    },
    resolve: async (_root, { input }, ctx) => {
      // Left out (undefined) keeps a setting; an explicit null turns a day limit off.
      const updated = await ctx.tokenPolicy.update(
        ctx.viewer,
        {
          tokensRevealable: input.tokensRevealable,
          maxLifetimeDays: input.maxLifetimeDays,
          inactivityRevokeDays: input.inactivityRevokeDays,
        },
        ctx.meta,
      );
      return {
        tokenPolicy: {
          tokensRevealable: updated.tokensRevealable,
          revealSupported: ctx.tokenRevealEnabled,
          maxLifetimeDays: updated.maxLifetimeDays,
          inactivityRevokeDays: updated.inactivityRevokeDays,
        },
        destroyedValues: updated.destroyedValues,
      };
    },
  }),
);
