// Issue 14: token scopes on a real server. Every operation × every scope: a token
// holding the operation's scope is let through, any other gets HTTP 403 FORBIDDEN
// with reason "scope" naming the scope it lacks. Defaults keep today's behaviour
// (all the role may hold); no token ever hands out more than it holds (create,
// rotate); roles still decide; sessions are limited by their role only.
import { describe, expect, it } from 'vitest';
import { execute } from '../server/src/admin/commands.js';
import { commandServicesOf } from '../server/src/runtime.js';
import type { ApiTokenScope } from '../server/src/generated/prisma/client.js';
import { schema } from '../server/src/graphql/schema.js';
import { graphql } from './generated/gql.js';
import { expectData, expectTypename, globalId, type GraphQLResponse } from './support/graphql.js';
import { TOKEN_PAGE, VIEWER_EMAIL } from './support/operations.js';
import { createUserWithToken, useTestServer, type Fixture } from './support/server.js';
import { sessionOf } from './support/session.js';

const ctx = useTestServer();

const SCOPES: ApiTokenScope[] = ['TOKENS_READ', 'TOKENS_WRITE', 'AUDIT_READ', 'WORKSPACE_ADMIN'];
const MISSING = globalId('ApiToken', '00000000-0000-7000-8000-000000000000');

const SCOPED_TOKEN = graphql(`
  query ScopedToken($id: ID!) {
    apiToken(id: $id) {
      id
      scopes
    }
  }
`);
const SCOPED_REVOKED = graphql(`
  query ScopedRevoked {
    revokedApiTokens(first: 1) {
      totalCount
    }
  }
`);
const SCOPED_NODE = graphql(`
  query ScopedNode($id: ID!) {
    node(id: $id) {
      id
    }
  }
`);
const SCOPED_NODES = graphql(`
  query ScopedNodes($ids: [ID!]!) {
    nodes(ids: $ids) {
      id
    }
  }
`);
const SCOPED_CREATE = graphql(`
  mutation ScopedCreate($input: CreateApiTokenInput!) {
    createApiToken(input: $input) {
      __typename
      ... on CreateApiTokenSuccess {
        token
        apiToken {
          id
          scopes
        }
      }
      ... on Error {
        message
      }
      ... on ValidationError {
        field
      }
    }
  }
`);
const SCOPED_RENAME = graphql(`
  mutation ScopedRename($id: ID!) {
    renameApiToken(input: { id: $id, name: "renamed" }) {
      __typename
    }
  }
`);
const SCOPED_ROTATE = graphql(`
  mutation ScopedRotate($id: ID!) {
    rotateApiToken(input: { id: $id }) {
      __typename
      ... on RotateApiTokenSuccess {
        token
        apiToken {
          scopes
        }
      }
      ... on Error {
        message
      }
    }
  }
`);
const SCOPED_REVOKE = graphql(`
  mutation ScopedRevoke($id: ID!) {
    revokeApiToken(input: { id: $id }) {
      __typename
    }
  }
`);
const SCOPED_REVEAL = graphql(`
  mutation ScopedReveal($id: ID!) {
    revealApiToken(input: { id: $id }) {
      __typename
    }
  }
`);
const SCOPED_AUDIT = graphql(`
  query ScopedAudit {
    auditEvents(first: 5) {
      edges {
        node {
          id
          action
          details
        }
      }
    }
  }
`);
const SCOPED_AUDIT_NODE = graphql(`
  query ScopedAuditNode($id: ID!) {
    node(id: $id) {
      id
      ... on AuditEvent {
        action
      }
    }
  }
`);
const SCOPED_POLICY = graphql(`
  mutation ScopedPolicy {
    updateWorkspaceTokenPolicy(input: {}) {
      __typename
    }
  }
`);
const SCOPED_WEBHOOKS = graphql(`
  query ScopedWebhooks {
    webhookEndpoints {
      id
    }
  }
`);
const SCOPED_CREATE_WEBHOOK = graphql(`
  mutation ScopedCreateWebhook {
    createWebhookEndpoint(input: { url: "https://140.82.112.3/scopes", events: [API_TOKEN_EXPIRING] }) {
      __typename
    }
  }
`);
const SCOPED_UPDATE_WEBHOOK = graphql(`
  mutation ScopedUpdateWebhook($id: ID!) {
    updateWebhookEndpoint(input: { id: $id, enabled: true }) {
      __typename
    }
  }
`);
const SCOPED_DELETE_WEBHOOK = graphql(`
  mutation ScopedDeleteWebhook($id: ID!) {
    deleteWebhookEndpoint(input: { id: $id }) {
      __typename
    }
  }
`);
const SCOPED_TEST_WEBHOOK = graphql(`
  mutation ScopedTestWebhook($id: ID!) {
    sendTestWebhookEvent(input: { id: $id }) {
      __typename
    }
  }
`);
const MISSING_ENDPOINT = globalId('WebhookEndpoint', '00000000-0000-7000-8000-000000000000');
const SCOPED_INVENTORY = graphql(`
  query ScopedInventory {
    workspaceApiTokens(first: 1) {
      totalCount
    }
  }
`);
const VIEWER_AND_AUDIT = graphql(`
  query ScopedViewerAndAudit {
    viewer {
      email
    }
    auditEvents(first: 1) {
      totalCount
    }
  }
`);

type Run = (token: string, fixture: Fixture) => Promise<GraphQLResponse<unknown>>;

/** Every root field with the scope it needs, called so that it changes nothing (a missing id where it takes one). */
const OPERATIONS: [field: string, scope: ApiTokenScope, run: Run][] = [
  ['viewer', 'TOKENS_READ', (token) => ctx.server.execute(VIEWER_EMAIL, { token })],
  ['apiTokens', 'TOKENS_READ', (token) => ctx.server.execute(TOKEN_PAGE, { token, variables: { first: 1 } })],
  [
    'apiToken',
    'TOKENS_READ',
    (token, f) => ctx.server.execute(SCOPED_TOKEN, { token, variables: { id: globalId('ApiToken', f.tokenId) } }),
  ],
  ['revokedApiTokens', 'TOKENS_READ', (token) => ctx.server.execute(SCOPED_REVOKED, { token })],
  ['node', 'TOKENS_READ', (token) => ctx.server.execute(SCOPED_NODE, { token, variables: { id: MISSING } })],
  ['nodes', 'TOKENS_READ', (token) => ctx.server.execute(SCOPED_NODES, { token, variables: { ids: [MISSING] } })],
  [
    'createApiToken',
    'TOKENS_WRITE',
    (token) => ctx.server.execute(SCOPED_CREATE, { token, variables: { input: { name: 'made in the matrix' } } }),
  ],
  [
    'renameApiToken',
    'TOKENS_WRITE',
    (token) => ctx.server.execute(SCOPED_RENAME, { token, variables: { id: MISSING } }),
  ],
  [
    'rotateApiToken',
    'TOKENS_WRITE',
    (token) => ctx.server.execute(SCOPED_ROTATE, { token, variables: { id: MISSING } }),
  ],
  [
    'revokeApiToken',
    'TOKENS_WRITE',
    (token) => ctx.server.execute(SCOPED_REVOKE, { token, variables: { id: MISSING } }),
  ],
  [
    'revealApiToken',
    'TOKENS_WRITE',
    (token) => ctx.server.execute(SCOPED_REVEAL, { token, variables: { id: MISSING } }),
  ],
  ['auditEvents', 'AUDIT_READ', (token) => ctx.server.execute(SCOPED_AUDIT, { token })],
  ['updateWorkspaceTokenPolicy', 'WORKSPACE_ADMIN', (token) => ctx.server.execute(SCOPED_POLICY, { token })],
  ['webhookEndpoints', 'WORKSPACE_ADMIN', (token) => ctx.server.execute(SCOPED_WEBHOOKS, { token })],
  ['createWebhookEndpoint', 'WORKSPACE_ADMIN', (token) => ctx.server.execute(SCOPED_CREATE_WEBHOOK, { token })],
  [
    'updateWebhookEndpoint',
    'WORKSPACE_ADMIN',
    (token) => ctx.server.execute(SCOPED_UPDATE_WEBHOOK, { token, variables: { id: MISSING_ENDPOINT } }),
  ],
  [
    'deleteWebhookEndpoint',
    'WORKSPACE_ADMIN',
    (token) => ctx.server.execute(SCOPED_DELETE_WEBHOOK, { token, variables: { id: MISSING_ENDPOINT } }),
  ],
  [
    'sendTestWebhookEvent',
    'WORKSPACE_ADMIN',
    (token) => ctx.server.execute(SCOPED_TEST_WEBHOOK, { token, variables: { id: MISSING_ENDPOINT } }),
  ],
  ['workspaceApiTokens', 'WORKSPACE_ADMIN', (token) => ctx.server.execute(SCOPED_INVENTORY, { token })],
];

/** An admin (audit logs on) with one token per scope, each holding only that scope; made once. */
let admin: Promise<{ fixture: Fixture; tokens: Map<ApiTokenScope, string> }> | undefined;
function scopedAdmin() {
  admin ??= (async () => {
    const fixture = await createUserWithToken(ctx.server, { auditLogs: true });
    const tokens = new Map<ApiTokenScope, string>();
    for (const scope of SCOPES) {
      const created = await ctx.server.started.app.tokens.create(
        {
          userId: fixture.userId,
          email: fixture.email,
          role: 'ADMIN',
          workspaceId: fixture.workspaceId,
          auditLogsEnabled: true,
        },
        { name: `only ${scope}`, scopes: [scope] },
        { ip: null, userAgent: null },
      );
      tokens.set(scope, created.token);
    }
    return { fixture, tokens };
  })();
  return admin;
}

function expectScopeRefusal(response: GraphQLResponse<unknown>, field: string, scope: ApiTokenScope) {
  expect(response.status, response.text).toBe(403);
  expect(response.body.data ?? null).toBeNull();
  expect(response.body.errors).toHaveLength(1);
  expect(response.body.errors?.[0]).toEqual({
    message: `This API token lacks the ${scope} scope, which ${field} requires. Create a token with that scope.`,
    extensions: { code: 'FORBIDDEN', reason: 'scope', requiredScope: scope },
  });
  expect(response.headers.get('www-authenticate')).toBe(
    `Bearer realm="api", error="insufficient_scope", scope="${scope}"`,
  );
}

describe('every operation × every scope', () => {
  it('covers every root field of the schema (a new one must say which scope it needs, here and in its authScopes)', () => {
    const fields = [schema.getQueryType(), schema.getMutationType()].flatMap((type) => Object.keys(type!.getFields()));
    expect(fields.sort()).toEqual(OPERATIONS.map(([field]) => field).sort());
  });

  const cases = OPERATIONS.flatMap(([field, needed, run]) => SCOPES.map((held) => [field, held, needed, run] as const));
  it.each(cases)('%s with a %s token', async (field, held, needed, run) => {
    const { fixture, tokens } = await scopedAdmin();
    const response = await run(tokens.get(held)!, fixture);
    if (held === needed) {
      // Let through: the answer is the field's own (data, or a typed business result).
      expect(response.status, response.text).toBe(200);
      expect(response.body.errors, response.text).toBeUndefined();
      expect(response.body.data).toBeTruthy();
    } else {
      expectScopeRefusal(response, field, needed);
    }
  });

  it('a request with one field outside the token’s scopes is refused whole', async () => {
    const { tokens } = await scopedAdmin();
    const response = await ctx.server.execute(VIEWER_AND_AUDIT, { token: tokens.get('TOKENS_READ')! });
    expectScopeRefusal(response, 'auditEvents', 'AUDIT_READ');
  });

  it('a token with several scopes may do what each allows', async () => {
    const fixture = await createUserWithToken(ctx.server, {
      auditLogs: true,
      scopes: ['TOKENS_READ', 'AUDIT_READ'],
    });
    const response = await ctx.server.execute(VIEWER_AND_AUDIT, { token: fixture.token });
    expect(expectData(response).viewer.email).toBe(fixture.email);
  });

  it('sessions are limited by the role only', async () => {
    const { fixture } = await scopedAdmin();
    const session = await sessionOf(ctx.server, fixture.userId);
    expect(expectData(await ctx.server.execute(VIEWER_AND_AUDIT, session)).viewer.email).toBe(fixture.email);
    expectTypename(
      expectData(await ctx.server.execute(SCOPED_POLICY, session)).updateWorkspaceTokenPolicy,
      'UpdateWorkspaceTokenPolicySuccess',
    );
  });
});

describe('roles still decide', () => {
  it('a member asking for the audit log hears it is for admins (as before scopes), not which scope it lacks', async () => {
    const member = await createUserWithToken(ctx.server, { role: 'MEMBER', auditLogs: true });
    const response = await ctx.server.execute(SCOPED_AUDIT, { token: member.token });
    expect(response.status).toBe(200);
    expect(response.body.errors?.[0]).toMatchObject({
      message: 'Only workspace admins can read the audit log.',
      extensions: { code: 'FORBIDDEN' },
    });
  });

  it('a demoted admin’s AUDIT_READ token reads no audit log, and an audit event is no node for a token without AUDIT_READ', async () => {
    const fixture = await createUserWithToken(ctx.server, { auditLogs: true });
    const event = await ctx.server.started.db.prisma.auditEvent.findFirstOrThrow({
      where: { workspaceId: fixture.workspaceId },
    });
    const eventId = globalId('AuditEvent', event.id);
    const readOnly = await ctx.server.started.app.tokens.create(
      {
        userId: fixture.userId,
        email: fixture.email,
        role: 'ADMIN',
        workspaceId: fixture.workspaceId,
        auditLogsEnabled: true,
      },
      { name: 'read only', scopes: ['TOKENS_READ'] },
      { ip: null, userAgent: null },
    );
    const nodeWith = async (token: string) =>
      expectData(await ctx.server.execute(SCOPED_AUDIT_NODE, { token, variables: { id: eventId } })).node;
    expect(await nodeWith(readOnly.token)).toBeNull();
    expect(await nodeWith(fixture.token)).toMatchObject({ id: eventId, action: 'API_TOKEN_CREATED' });

    // Through the fence, as the CLI's `user update` does: the cached verification is dropped before it returns.
    const { app, db } = ctx.server.started;
    await app.fence(
      `u:${fixture.userId}`,
      () => db.prisma.user.update({ where: { id: fixture.userId }, data: { role: 'MEMBER' } }),
      () => true,
    );
    const response = await ctx.server.execute(SCOPED_AUDIT, { token: fixture.token });
    expect(response.body.errors?.[0]?.message).toBe('Only workspace admins can read the audit log.');
    expect(await nodeWith(fixture.token)).toBeNull();
  });
});

describe('scopes of new tokens', () => {
  const create = async (as: { token?: string; headers?: Record<string, string> }, scopes?: ApiTokenScope[]) =>
    expectData(
      await ctx.server.execute(SCOPED_CREATE, {
        ...as,
        variables: { input: { name: 'scoped', ...(scopes ? { scopes } : {}) } },
      }),
    ).createApiToken;

  it('default to all the creator may hold: admins all four, members read and write, a token no more than its own', async () => {
    const adminUser = await createUserWithToken(ctx.server, { auditLogs: true });
    const member = await createUserWithToken(ctx.server, { role: 'MEMBER', workspaceId: adminUser.workspaceId });
    const narrow = await createUserWithToken(ctx.server, { scopes: ['TOKENS_READ', 'TOKENS_WRITE'] });
    const expectScopes = async (as: { token?: string; headers?: Record<string, string> }, scopes: ApiTokenScope[]) => {
      const result = await create(as);
      expectTypename(result, 'CreateApiTokenSuccess');
      expect(result.apiToken.scopes).toEqual(scopes);
    };
    await expectScopes(await sessionOf(ctx.server, adminUser.userId), SCOPES);
    await expectScopes({ token: adminUser.token }, SCOPES);
    await expectScopes(await sessionOf(ctx.server, member.userId), ['TOKENS_READ', 'TOKENS_WRITE']);
    await expectScopes({ token: member.token }, ['TOKENS_READ', 'TOKENS_WRITE']);
    await expectScopes({ token: narrow.token }, ['TOKENS_READ', 'TOKENS_WRITE']);

    // The audit log says which scopes a token got.
    const audit = expectData(await ctx.server.execute(SCOPED_AUDIT, { token: adminUser.token })).auditEvents;
    const all = 'Scopes: TOKENS_READ, TOKENS_WRITE, AUDIT_READ, WORKSPACE_ADMIN.';
    const readWrite = 'Scopes: TOKENS_READ, TOKENS_WRITE.';
    // Newest first: the member's two, the admin's two, then the member's fixture.
    expect(audit.edges.map((edge) => [edge.node.action, edge.node.details])).toEqual(
      [readWrite, readWrite, all, all, readWrite].map((details) => ['API_TOKEN_CREATED', details]),
    );
  });

  it('are stored in canonical order without repeats, and an empty list is a ValidationError', async () => {
    const fixture = await createUserWithToken(ctx.server);
    const result = await create({ token: fixture.token }, ['AUDIT_READ', 'TOKENS_READ', 'AUDIT_READ']);
    expectTypename(result, 'CreateApiTokenSuccess');
    expect(result.apiToken.scopes).toEqual(['TOKENS_READ', 'AUDIT_READ']);
    const empty = await create({ token: fixture.token }, []);
    expectTypename(empty, 'ValidationError');
    expect([empty.field, empty.message]).toEqual(['scopes', 'Choose at least one scope.']);
  });

  it('no escalation through create: a token grants only what it holds, a role only what it may hold', async () => {
    const narrow = await createUserWithToken(ctx.server, { scopes: ['TOKENS_WRITE'] });
    const refused = await create({ token: narrow.token }, ['TOKENS_WRITE', 'AUDIT_READ']);
    expectTypename(refused, 'ForbiddenError');
    expect(refused.message).toBe(
      'The API token you called with does not hold AUDIT_READ, so it cannot grant it (a token never hands out more than it holds).',
    );
    const allowed = await create({ token: narrow.token }, ['TOKENS_WRITE']);
    expectTypename(allowed, 'CreateApiTokenSuccess');
    // Its default is what it holds.
    const byDefault = await create({ token: narrow.token });
    expectTypename(byDefault, 'CreateApiTokenSuccess');
    expect(byDefault.apiToken.scopes).toEqual(['TOKENS_WRITE']);

    const member = await createUserWithToken(ctx.server, { role: 'MEMBER' });
    for (const as of [{ token: member.token }, await sessionOf(ctx.server, member.userId)]) {
      const result = await create(as, ['AUDIT_READ']);
      expectTypename(result, 'ForbiddenError');
      expect(result.message).toBe('Your role (MEMBER) cannot grant AUDIT_READ: only workspace admins can.');
    }
    // Nothing was created by the refusals.
    expect(await ctx.server.started.db.prisma.apiToken.count({ where: { ownerId: member.userId } })).toBe(1);
  });

  it('no escalation through rotate: only a credential holding all of a token’s scopes may rotate it', async () => {
    const fixture = await createUserWithToken(ctx.server);
    const writer = await ctx.server.started.app.tokens.create(
      {
        userId: fixture.userId,
        email: fixture.email,
        role: 'ADMIN',
        workspaceId: fixture.workspaceId,
        auditLogsEnabled: false,
      },
      { name: 'writer', scopes: ['TOKENS_WRITE'] },
      { ip: null, userAgent: null },
    );
    const rotate = async (as: { token?: string; headers?: Record<string, string> }, id: string) =>
      expectData(await ctx.server.execute(SCOPED_ROTATE, { ...as, variables: { id } })).rotateApiToken;

    const refused = await rotate({ token: writer.token }, globalId('ApiToken', fixture.tokenId));
    expectTypename(refused, 'ForbiddenError');
    expect(refused.message).toBe(
      "This token holds TOKENS_READ, which the API token you called with does not: only a credential holding all of a token's scopes may rotate it.",
    );
    const row = await ctx.server.started.db.prisma.apiToken.findUniqueOrThrow({ where: { id: fixture.tokenId } });
    expect(row.rotatedAt).toBeNull();

    // It may rotate itself, and the session (the role) may rotate either.
    const self = await rotate({ token: writer.token }, globalId('ApiToken', writer.apiToken.id));
    expectTypename(self, 'RotateApiTokenSuccess');
    expect(self.apiToken.scopes).toEqual(['TOKENS_WRITE']);
    const bySession = await rotate(await sessionOf(ctx.server, fixture.userId), globalId('ApiToken', fixture.tokenId));
    expectTypename(bySession, 'RotateApiTokenSuccess');

    // A demoted admin may not renew a token with admin scopes.
    const demoted = await createUserWithToken(ctx.server);
    await ctx.server.started.db.prisma.user.update({ where: { id: demoted.userId }, data: { role: 'MEMBER' } });
    const roleCapped = await rotate(await sessionOf(ctx.server, demoted.userId), globalId('ApiToken', demoted.tokenId));
    expectTypename(roleCapped, 'ForbiddenError');
    expect(roleCapped.message).toBe(
      'This token holds AUDIT_READ, which your role (MEMBER) may not hold: create a new token with the scopes you may grant instead.',
    );
  });

  it('the CLI takes --scopes, capped by the owner’s role', async () => {
    const fixture = await createUserWithToken(ctx.server, { role: 'MEMBER' });
    const services = commandServicesOf(ctx.server.started.app, ctx.server.started.db, 90);
    const made = (await execute(
      'token.create',
      { email: fixture.email, name: 'cli', scopes: 'tokens_read' },
      services,
    )) as {
      scopes: string[];
    };
    expect(made.scopes).toEqual(['TOKENS_READ']);
    await expect(
      execute('token.create', { email: fixture.email, name: 'cli', scopes: 'AUDIT_READ' }, services),
    ).rejects.toThrow('Your role (MEMBER) cannot grant AUDIT_READ');
    await expect(
      execute('token.create', { email: fixture.email, name: 'cli', scopes: 'ROOT' }, services),
    ).rejects.toThrow('Unknown scope "ROOT"');
    const listed = (await execute('token.list', { email: fixture.email }, services)) as { scopes: string[] }[];
    expect(listed.map((token) => token.scopes)).toEqual([['TOKENS_READ'], ['TOKENS_READ', 'TOKENS_WRITE']]);
  });
});
