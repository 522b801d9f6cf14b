// The admins' view of the workspace's tokens (issue 14): every token (with its owner),
// filtered and paged (TokenService.workspacePage, tokens/pages.ts), and what the
// workspace's policy says about each token (tokens/policy.ts). Revoking any of them
// is revokeApiToken's admin path (api-token.ts).
import { decodeGlobalID } from '@pothos/plugin-relay';
import { createGraphQLError } from 'graphql-yoga';
import { isUuid } from '../../ids.js';
import { exceedsMaxLifetime, inactivityRevokeAt, POLICY_DAYS_MAX, POLICY_DAYS_MIN } from '../../tokens/policy.js';
import type { WorkspaceTokenFilter } from '../../tokens/service.js';
import { builder, requestRefusal } from '../builder.js';
import { connectionFrom, pageRequestFrom } from '../paging.js';
import { ApiToken, ApiTokenConnection, type ApiTokenConnectionShape } from './api-token.js';
import { ApiTokenStatus } from './api-token-lifecycle.js';

// Every token a viewer reaches is their own or, through the inventory, of their own
// workspace: the workspace policy the viewer's credential was read with applies.
// (`owner` is api-token.ts's.)
builder.objectFields(ApiToken, (t) => ({
  inactivityRevokeAt: t.field({
    type: 'DateTime',
    nullable: true,
    description:
      "When the workspace's inactivity policy revokes this token if it stays unused (its last use, or its creation, plus `inactivityRevokeDays`); null when the workspace has no such policy. Within 7 days of it the page warns.",
    resolve: (token, _args, ctx) => inactivityRevokeAt(token, ctx.viewer.inactivityRevokeDays),
  }),
  exceedsMaxLifetime: t.boolean({
    description:
      "The token lives longer than the workspace's `maxLifetimeDays` allows new tokens (no expiry, or one further from its creation). Reported, not changed: it keeps working.",
    resolve: (token, _args, ctx) => exceedsMaxLifetime(token, ctx.viewer.maxLifetimeDays),
  }),
}));

const WorkspaceApiTokenFilter = builder.inputType('WorkspaceApiTokenFilter', {
  description: 'Narrows the workspace inventory; every field given must match.',
  fields: (t) => ({
    ownerId: t.id({ required: false, description: "The owner's global User ID." }),
    status: t.field({ type: ApiTokenStatus, required: false }),
    unusedForDays: t.int({
      required: false,
      description: `Not used in the last N days (${POLICY_DAYS_MIN}–${POLICY_DAYS_MAX}); a token never used counts from its creation.`,
    }),
    nameContains: t.string({ required: false, description: 'Name contains this text (case-insensitive).' }),
    exceedsMaxLifetime: t.boolean({
      required: false,
      description: 'Only tokens longer-lived than `maxLifetimeDays` allows (true), or only the others (false).',
    }),
  }),
});

function badFilter(message: string) {
  return createGraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argument: 'filter' } });
}

/** The owner's database id behind a global User ID; an error for anything else. */
function ownerIdFrom(globalId: string): string {
  try {
    const { typename, id } = decodeGlobalID(globalId);
    if (typename === 'User' && isUuid(id)) return id;
  } catch {
    // not a global ID: refused below
  }
  throw badFilter('filter.ownerId must be a User ID (User.id).');
}

builder.queryField('workspaceApiTokens', (t) =>
  t.field({
    type: ApiTokenConnection,
    description: `Every API token of the viewer's workspace, newest first, with its owner (1–100 per page). Workspace admins only. \`totalCount\` counts the matches.`,
    args: {
      first: t.arg.int({ required: false }),
      after: t.arg.string({ required: false }),
      filter: t.arg({ type: WorkspaceApiTokenFilter, required: false }),
    },
    authScopes: { $all: { workspaceAdmin: true, tokenScope: 'WORKSPACE_ADMIN' } },
    unauthorizedError: (_root, _args, ctx, info, result) =>
      requestRefusal(ctx, info, result) ??
      createGraphQLError("Only workspace admins can list the workspace's tokens.", {
        extensions: { code: 'FORBIDDEN', http: { status: 200 } },
      }),
    resolve: async (_root, args, ctx): Promise<ApiTokenConnectionShape> => {
      const request = pageRequestFrom({ first: args.first, after: args.after });
      const given = args.filter ?? {};
      const unused = given.unusedForDays;
      if (unused != null && (unused < POLICY_DAYS_MIN || unused > POLICY_DAYS_MAX)) {
        throw badFilter(
          `filter.unusedForDays must be between ${POLICY_DAYS_MIN} and ${POLICY_DAYS_MAX} (got ${unused}).`,
        );
      }
      const filter: WorkspaceTokenFilter = {
        ownerId: given.ownerId == null ? null : ownerIdFrom(String(given.ownerId)),
        status: given.status,
        unusedForDays: unused,
        nameContains: given.nameContains,
        exceedsMaxLifetime: given.exceedsMaxLifetime,
      };
      const page = await ctx.tokens.workspacePage(ctx.viewer.workspaceId, request, filter);
      return { ...connectionFrom(request, page.rows), totalCount: page.totalCount };
    },
  }),
);
