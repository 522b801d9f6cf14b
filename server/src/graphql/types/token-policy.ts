// The workspace token policy (tokens/policy.ts): for now whether tokens can be
// viewed again. Read by anyone in the workspace (the page explains a refusal);
// changed by its admins, with a session or a token.
import { ForbiddenError, ValidationError } from '../../errors.js';
import { builder, requestRefusal } from '../builder.js';
import { Workspace } from './user.js';

interface TokenPolicyShape {
  tokensRevealable: boolean;
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
  }),
});

builder.prismaObjectFields(Workspace, (t) => ({
  tokenPolicy: t.field({
    type: WorkspaceTokenPolicy,
    // No `select`: the workspace row is loaded whole already, and a select here costs a second query.
    resolve: (workspace, _args, ctx) => ({
      tokensRevealable: workspace.tokensRevealable,
      revealSupported: ctx.tokenRevealEnabled,
    }),
  }),
}));

const UpdateWorkspaceTokenPolicyInput = builder.inputType('UpdateWorkspaceTokenPolicyInput', {
  fields: (t) => ({
    tokensRevealable: t.boolean({
      required: false,
      description:
        'Turn on (needs audit logs and a server key) or off. Off destroys every kept value in the workspace.',
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
      "Changes the viewer's workspace token policy. Workspace admins only; audited as WORKSPACE_TOKEN_POLICY_UPDATED.",
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
      const updated = await ctx.tokenPolicy.update(ctx.viewer, { tokensRevealable: input.tokensRevealable }, ctx.meta);
      return {
        tokenPolicy: { tokensRevealable: updated.tokensRevealable, revealSupported: ctx.tokenRevealEnabled },
        destroyedValues: updated.destroyedValues,
      };
    },
  }),
);
