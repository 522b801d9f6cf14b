// What an API token may do (tokens/scopes.ts). Each root field names the scope it
// needs (graphql/builder.ts: `tokenScope`); sessions are limited by their role only.
import { builder } from '../builder.js';

export const ApiTokenScopeEnum = builder.enumType('ApiTokenScope', {
  description:
    'What an API token may do, chosen when it is created. A request outside its scopes gets HTTP 403 `FORBIDDEN` with `extensions.reason = "scope"` and `extensions.requiredScope`.',
  values: {
    TOKENS_READ: { description: '`viewer`, `apiTokens`, `apiToken`, `revokedApiTokens`, `node`/`nodes`.' },
    TOKENS_WRITE: { description: 'Create, rename, rotate and revoke your own tokens.' },
    AUDIT_READ: { description: "The workspace's audit log (`auditEvents`). Workspace admins only." },
    WORKSPACE_ADMIN: {
      description:
        "The workspace's settings, such as its token policy (`updateWorkspaceTokenPolicy`). Workspace admins only.",
    },
  } as const,
});
