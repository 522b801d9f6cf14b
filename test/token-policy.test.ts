// Issue 14: the workspace token policies maxLifetimeDays and inactivityRevokeDays —
// who may change them (admins, token or session, own workspace only), what they
// refuse, the audit row with old and new values, the limit enforced on create
// (API and CLI) with a ValidationError that names it, longer-lived tokens reported
// rather than broken, and the CLI's `workspace policy`.
import { describe, expect, it } from 'vitest';
import { graphql } from './generated/gql.js';
import { runCliCaptured, runCliJson } from './support/cli.js';
import { errorCode, expectData, expectTypename, globalId, type RequestOptions } from './support/graphql.js';
import { CREATE_TOKEN } from './support/operations.js';
import { createUserWithToken, useTestServer, type Fixture } from './support/server.js';
import { createWorkspaceTeam } from './support/workspace-team.js';

const DAY = 86_400_000;
const nowMs = Date.now();
const ctx = useTestServer({ clock: () => new Date(nowMs) });

const UPDATE_POLICY = graphql(`
  mutation UpdatePolicyLimits($input: UpdateWorkspaceTokenPolicyInput!) {
    updateWorkspaceTokenPolicy(input: $input) {
      __typename
      ... on UpdateWorkspaceTokenPolicySuccess {
        tokenPolicy {
          maxLifetimeDays
          inactivityRevokeDays
          tokensRevealable
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
const POLICY_AND_TOKENS = graphql(`
  query PolicyAndTokens {
    viewer {
      workspace {
        tokenPolicy {
          maxLifetimeDays
          inactivityRevokeDays
          tokensRevealable
        }
      }
    }
    apiTokens(first: 50) {
      edges {
        node {
          name
          createdAt
          lastUsedAt
          expiresAt
          exceedsMaxLifetime
          inactivityRevokeAt
        }
      }
    }
  }
`);

const ROTATE = graphql(`
  mutation PolicyRotate($input: RotateApiTokenInput!) {
    rotateApiToken(input: $input) {
      __typename
      ... on RotateApiTokenSuccess {
        apiToken {
          expiresAt
          exceedsMaxLifetime
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

type PolicyInput = { maxLifetimeDays?: number | null; inactivityRevokeDays?: number | null };

const update = async (as: RequestOptions, input: PolicyInput) =>
  ctx.server.execute(UPDATE_POLICY, { ...as, variables: { input } });

const policyOf = async (workspaceId: string) =>
  ctx.server.started.db.prisma.workspace.findUniqueOrThrow({
    where: { id: workspaceId },
    select: { maxLifetimeDays: true, inactivityRevokeDays: true, tokensRevealable: true },
  });

const policyEvents = (workspaceId: string) =>
  ctx.server.started.db.prisma.auditEvent.findMany({
    where: { workspaceId, action: 'WORKSPACE_TOKEN_POLICY_UPDATED' },
    orderBy: { id: 'asc' },
  });

/** The CLI's way to this file's database: on PGlite the running server owns it and runs the command. */
const cliEnv = (): Record<string, string> =>
  ctx.database.databaseUrl ? { DATABASE_URL: ctx.database.databaseUrl } : { DATA_DIR: ctx.database.dataDir! };

const create = async (owner: Fixture, name: string, expiresAt: Date | null) =>
  expectData(
    await ctx.server.execute(CREATE_TOKEN, {
      token: owner.token,
      variables: { input: { name, expiresAt: expiresAt?.toISOString() ?? null } },
    }),
  ).createApiToken;

describe('updateWorkspaceTokenPolicy: maxLifetimeDays and inactivityRevokeDays', () => {
  it('lets an admin set and clear them (token or session), audited with the old and new values', async () => {
    const team = await createWorkspaceTeam(ctx.server, { auditLogs: true });
    const set = expectData(
      await update(team.admin.viaToken, { maxLifetimeDays: 90, inactivityRevokeDays: 30 }),
    ).updateWorkspaceTokenPolicy;
    expectTypename(set, 'UpdateWorkspaceTokenPolicySuccess');
    expect(set.tokenPolicy).toEqual({ maxLifetimeDays: 90, inactivityRevokeDays: 30, tokensRevealable: false });
    // A field left out stays; null turns it off.
    const cleared = expectData(
      await update(team.admin.viaSession, { maxLifetimeDays: null }),
    ).updateWorkspaceTokenPolicy;
    expectTypename(cleared, 'UpdateWorkspaceTokenPolicySuccess');
    expect(cleared.tokenPolicy).toMatchObject({ maxLifetimeDays: null, inactivityRevokeDays: 30 });
    expect(await policyOf(team.admin.workspaceId)).toEqual({
      maxLifetimeDays: null,
      inactivityRevokeDays: 30,
      tokensRevealable: false,
    });
    // The same values again: nothing changed, nothing audited.
    expectTypename(
      expectData(await update(team.admin.viaToken, { inactivityRevokeDays: 30 })).updateWorkspaceTokenPolicy,
      'UpdateWorkspaceTokenPolicySuccess',
    );
    const events = await policyEvents(team.admin.workspaceId);
    expect(events.map((event) => [event.actorEmail, event.apiTokenId, event.details])).toEqual([
      [team.admin.email, null, 'maxLifetimeDays: none → 90 days; inactivityRevokeDays: none → 30 days'],
      [team.admin.email, null, 'maxLifetimeDays: 90 days → none'],
    ]);
    // Every member of the workspace reads it (the page offers only allowed expiries).
    const read = expectData(await ctx.server.execute(POLICY_AND_TOKENS, team.member.viaToken));
    expect(read.viewer.workspace.tokenPolicy).toEqual({
      maxLifetimeDays: null,
      inactivityRevokeDays: 30,
      tokensRevealable: false,
    });
    // The other workspace is untouched.
    expect(await policyOf(team.otherAdmin.workspaceId)).toMatchObject({ maxLifetimeDays: null });
  });

  it('refuses everyone but the admins of an Enterprise workspace, changing nothing', async () => {
    const team = await createWorkspaceTeam(ctx.server, { auditLogs: true });
    for (const as of [team.member.viaToken, team.member.viaSession, team.watcher.viaSession]) {
      const result = expectData(await update(as, { maxLifetimeDays: 1 })).updateWorkspaceTokenPolicy;
      expect(result).toEqual({
        __typename: 'ForbiddenError',
        message: 'Only workspace admins can change the token policy.',
      });
    }
    for (const [as, status, code] of [
      [team.watcher.viaToken, 403, 'FORBIDDEN'],
      [team.teamAdmin.viaToken, 403, 'FORBIDDEN'],
      [team.teamAdmin.viaSession, 403, 'FORBIDDEN'],
      [{}, 401, 'UNAUTHENTICATED'],
    ] as const) {
      const response = await update(as, { maxLifetimeDays: 1 });
      expect([response.status, errorCode(response)]).toEqual([status, code]);
    }
    // Another workspace's admin changes their own workspace, never this one.
    expectTypename(
      expectData(await update(team.otherAdmin.viaToken, { maxLifetimeDays: 5 })).updateWorkspaceTokenPolicy,
      'UpdateWorkspaceTokenPolicySuccess',
    );
    expect(await policyOf(team.admin.workspaceId)).toMatchObject({ maxLifetimeDays: null });
    expect(await policyOf(team.teamAdmin.workspaceId)).toMatchObject({ maxLifetimeDays: null });
    expect(await policyOf(team.otherAdmin.workspaceId)).toMatchObject({ maxLifetimeDays: 5 });
    expect(await policyEvents(team.admin.workspaceId)).toEqual([]);
  });

  it('refuses days outside 1–3650 with a ValidationError naming the field, changing nothing', async () => {
    const admin = await createUserWithToken(ctx.server, { auditLogs: true });
    for (const [input, field] of [
      [{ maxLifetimeDays: 0 }, 'maxLifetimeDays'],
      [{ maxLifetimeDays: 3651 }, 'maxLifetimeDays'],
      [{ inactivityRevokeDays: -1 }, 'inactivityRevokeDays'],
      [{ inactivityRevokeDays: 5, maxLifetimeDays: 100_000 }, 'maxLifetimeDays'],
    ] as const) {
      const result = expectData(await update({ token: admin.token }, input)).updateWorkspaceTokenPolicy;
      expectTypename(result, 'ValidationError');
      expect(result.field).toBe(field);
      expect(result.message).toContain('from 1 to 3650');
    }
    expect(await policyOf(admin.workspaceId)).toMatchObject({ maxLifetimeDays: null, inactivityRevokeDays: null });
    expect(await policyEvents(admin.workspaceId)).toEqual([]);
  });
});

describe('maxLifetimeDays on create', () => {
  it('requires an expiry within the limit (ValidationError on "expiresAt" naming it); existing tokens are reported, not broken', async () => {
    const admin = await createUserWithToken(ctx.server);
    const before = await create(admin, 'before the policy', null);
    expectTypename(before, 'CreateApiTokenSuccess');
    expectTypename(
      expectData(await update({ token: admin.token }, { maxLifetimeDays: 30 })).updateWorkspaceTokenPolicy,
      'UpdateWorkspaceTokenPolicySuccess',
    );
    for (const expiresAt of [null, new Date(nowMs + 31 * DAY)]) {
      const refused = await create(admin, 'too long', expiresAt);
      expectTypename(refused, 'ValidationError');
      expect(refused.field).toBe('expiresAt');
      expect(refused.message).toMatch(/within 30 days|at most 30 days/);
    }
    expectTypename(await create(admin, 'within', new Date(nowMs + 30 * DAY)), 'CreateApiTokenSuccess');
    expectTypename(await create(admin, 'short', new Date(nowMs + DAY)), 'CreateApiTokenSuccess');
    // A canary never authenticates: the limit on credentials does not apply to it.
    const canary = expectData(
      await ctx.server.execute(CREATE_TOKEN, {
        token: admin.token,
        variables: { input: { name: 'tripwire', canary: true } },
      }),
    ).createApiToken;
    expectTypename(canary, 'CreateApiTokenSuccess');
    const { apiTokens } = expectData(await ctx.server.execute(POLICY_AND_TOKENS, { token: admin.token }));
    expect(apiTokens.edges.map((edge) => [edge.node.name, edge.node.exceedsMaxLifetime])).toEqual([
      ['tripwire', false],
      ['short', false],
      ['within', false],
      ['before the policy', true],
      ['fixture token', true],
    ]);
    // The old tokens keep working.
    expect((await ctx.server.execute(POLICY_AND_TOKENS, { token: before.token })).status).toBe(200);
    expect(await ctx.server.started.db.prisma.apiToken.count({ where: { name: 'too long' } })).toBe(0);
  });

  it('holds for rotation: the new secret must expire within the limit too', async () => {
    const admin = await createUserWithToken(ctx.server);
    await update({ token: admin.token }, { maxLifetimeDays: 30 });
    const rotate = async (expiresAt: Date | null) =>
      expectData(
        await ctx.server.execute(ROTATE, {
          token: admin.token,
          variables: { input: { id: globalId('ApiToken', admin.tokenId), expiresAt: expiresAt?.toISOString() } },
        }),
      ).rotateApiToken;
    // The fixture token never expires: keeping that is refused, as is an expiry too far.
    for (const expiresAt of [null, new Date(nowMs + 31 * DAY)]) {
      const refused = await rotate(expiresAt);
      expectTypename(refused, 'ValidationError');
      expect(refused.field).toBe('expiresAt');
      expect(refused.message).toContain('30 days');
    }
    const rotated = await rotate(new Date(nowMs + 30 * DAY));
    expectTypename(rotated, 'RotateApiTokenSuccess');
    expect(rotated.apiToken.exceedsMaxLifetime).toBe(false);
  });

  it('holds for the CLI too, and stops holding once cleared', async () => {
    const admin = await createUserWithToken(ctx.server);
    await update({ token: admin.token }, { maxLifetimeDays: 7 });
    const env = cliEnv();
    const refused = await runCliCaptured(['token', 'create', '--email', admin.email, '--name', 'cli'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('within 7 days');
    // The CLI's clock is the real one: an expiry 6 days from the real now.
    const expiresAt = new Date(Date.now() + 6 * DAY).toISOString();
    const created = await runCliJson(
      ['token', 'create', '--email', admin.email, '--name', 'cli', '--expires-at', expiresAt],
      env,
    );
    expect(created.expiresAt).toBe(expiresAt);
    await update({ token: admin.token }, { maxLifetimeDays: null });
    expectTypename(await create(admin, 'no expiry again', null), 'CreateApiTokenSuccess');
  });
});

describe('inactivityRevokeDays on the token', () => {
  it('says when the sweep would revoke each token: last use (else creation) plus the days', async () => {
    const admin = await createUserWithToken(ctx.server);
    const fixture = await ctx.server.started.db.prisma.apiToken.findUniqueOrThrow({ where: { id: admin.tokenId } });
    const query = async () =>
      expectData(await ctx.server.execute(POLICY_AND_TOKENS, { token: admin.token })).apiTokens.edges[0]!.node;
    expect((await query()).inactivityRevokeAt).toBeNull();
    await update({ token: admin.token }, { inactivityRevokeDays: 10 });
    // The requests above used the token (recorded off the response path): its last use now counts.
    await ctx.server.started.app.lastUsed.flush();
    const node = await query();
    expect(node.lastUsedAt).not.toBeNull();
    expect(new Date(node.inactivityRevokeAt!).getTime()).toBe(new Date(node.lastUsedAt!).getTime() + 10 * DAY);
    expect(new Date(node.createdAt).getTime()).toBe(fixture.createdAt.getTime());
  });
});

describe('CLI: workspace policy', () => {
  it('shows and sets the policy through the same service, audited as the operator, and refuses bad values', async () => {
    const admin = await createUserWithToken(ctx.server, { auditLogs: true });
    const workspace = await ctx.server.started.db.prisma.workspace.findUniqueOrThrow({
      where: { id: admin.workspaceId },
    });
    const env = cliEnv();
    const shown = await runCliJson(['workspace', 'policy', workspace.id], env);
    expect(shown).toMatchObject({ maxLifetimeDays: null, inactivityRevokeDays: null, tokensRevealable: false });
    const set = await runCliJson(
      ['workspace', 'policy', workspace.name, '--max-lifetime-days', '60', '--inactivity-revoke-days', '45'],
      env,
    );
    expect(set).toMatchObject({ id: workspace.id, maxLifetimeDays: 60, inactivityRevokeDays: 45 });
    // The running server sees it on the next request (the fence).
    const read = expectData(await ctx.server.execute(POLICY_AND_TOKENS, { token: admin.token }));
    expect(read.viewer.workspace.tokenPolicy).toMatchObject({ maxLifetimeDays: 60, inactivityRevokeDays: 45 });
    expect(read.apiTokens.edges[0]!.node.inactivityRevokeAt).not.toBeNull();
    const text = await runCliCaptured(['workspace', 'policy', workspace.id, '--max-lifetime-days', 'off'], env);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('maxLifetimeDays=off inactivityRevokeDays=45 tokensRevealable=off');
    for (const args of [
      ['--max-lifetime-days', '0'],
      ['--inactivity-revoke-days', 'soon'],
      ['--tokens-revealable', 'maybe'],
    ]) {
      const refused = await runCliCaptured(['workspace', 'policy', workspace.id, ...args], env);
      expect(refused.code, args.join(' ')).toBe(1);
    }
    const on = await runCliCaptured(['workspace', 'policy', workspace.id, '--tokens-revealable', 'on'], env);
    // This server has no TOKEN_ENCRYPTION_KEY: the service's own refusal.
    expect([on.code, on.stderr]).toEqual([1, expect.stringContaining('TOKEN_ENCRYPTION_KEY')]);
    expect(await policyOf(admin.workspaceId)).toEqual({
      maxLifetimeDays: null,
      inactivityRevokeDays: 45,
      tokensRevealable: false,
    });
    const events = await policyEvents(admin.workspaceId);
    expect(events.map((event) => [event.actorId, event.actorEmail, event.userAgent, event.details])).toEqual([
      [
        null,
        'operator (cli)',
        'api-tokens cli',
        'maxLifetimeDays: none → 60 days; inactivityRevokeDays: none → 45 days',
      ],
      [null, 'operator (cli)', 'api-tokens cli', 'maxLifetimeDays: 60 days → none'],
    ]);
  });
});
