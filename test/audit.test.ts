// Audit log: one row per change, in the same transaction, only when the
// workspace has audit logs enabled; readable by workspace admins only.
import { describe, expect, it } from 'vitest';
import { graphql } from './generated/gql.js';
import { expectData, globalId } from './support/graphql.js';
import { CREATE_TOKEN, createToken, REVOKE_TOKEN, revokeToken, VIEWER_EMAIL } from './support/operations.js';
import { createUserWithToken, useTestServer } from './support/server.js';
import { storedTokenCount } from './support/token-count.js';

const ctx = useTestServer();

const EVENTS = graphql(`
  query AuditPage($first: Int, $after: String) {
    auditEvents(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          action
          actorEmail
          apiTokenId
          apiTokenName
          ip
          userAgent
          occurredAt
        }
      }
    }
  }
`);

describe('audit log', () => {
  it('records exactly one row for a create and one for a revoke, without the secret', async () => {
    const admin = await createUserWithToken(ctx.server, { auditLogs: true });
    const prisma = ctx.server.started.db.prisma;
    const before = await prisma.auditEvent.count({ where: { workspaceId: admin.workspaceId } });
    const as = { token: admin.token, headers: { 'user-agent': 'audit-test/1.0' } };
    const { token, apiToken } = await createToken(ctx.server, as, 'audited');
    expect(await prisma.auditEvent.count({ where: { workspaceId: admin.workspaceId } })).toBe(before + 1);
    expect(await revokeToken(ctx.server, as, apiToken.id)).toBe('RevokeApiTokenSuccess');
    expect(await prisma.auditEvent.count({ where: { workspaceId: admin.workspaceId } })).toBe(before + 2);

    const events = await ctx.server.execute(EVENTS, { token: admin.token, variables: { first: 2 } });
    const [revoked, createdEvent] = expectData(events).auditEvents.edges.map((e) => e.node);
    expect(revoked).toMatchObject({
      action: 'API_TOKEN_REVOKED',
      actorEmail: admin.email,
      apiTokenId: apiToken.id,
      apiTokenName: 'audited',
      userAgent: 'audit-test/1.0',
    });
    expect(revoked!.ip).toMatch(/127\.0\.0\.1/);
    expect(createdEvent).toMatchObject({ action: 'API_TOKEN_CREATED', apiTokenName: 'audited' });
    const rows = await ctx.server.started.db.sql.query('SELECT * FROM audit_events');
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(JSON.stringify(events.body)).not.toContain(token);
  });

  it('records nothing when the workspace has audit logs disabled', async () => {
    const admin = await createUserWithToken(ctx.server, { auditLogs: false });
    const created = await createToken(ctx.server, admin.token, 'quiet');
    expect(await revokeToken(ctx.server, admin.token, created.id)).toBe('RevokeApiTokenSuccess');
    expect(await ctx.server.started.db.prisma.auditEvent.count({ where: { workspaceId: admin.workspaceId } })).toBe(0);
  });

  it('undoes the change when the audit row cannot be written (one transaction)', async () => {
    const admin = await createUserWithToken(ctx.server, { auditLogs: true });
    const sql = ctx.server.started.db.sql;
    // Make every audit insert fail, as a broken audit table would.
    await sql.exec(`CREATE OR REPLACE FUNCTION fail_audit() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'audit unavailable'; END $$ LANGUAGE plpgsql;
      CREATE TRIGGER fail_audit BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION fail_audit();`);
    try {
      const created = await ctx.server.execute(CREATE_TOKEN, {
        token: admin.token,
        variables: { input: { name: 'must not exist' } },
      });
      expect(created.body.errors?.[0]?.message).toBe('Unexpected error.');
      expect(created.text).not.toContain('audit unavailable');
      const prisma = ctx.server.started.db.prisma;
      expect(await prisma.apiToken.count({ where: { ownerId: admin.userId } })).toBe(1);
      expect(await storedTokenCount(prisma, admin.userId)).toBe(1);
      const revoked = await ctx.server.execute(REVOKE_TOKEN, {
        token: admin.token,
        variables: { id: globalId('ApiToken', admin.tokenId) },
      });
      expect(revoked.body.errors?.[0]?.message).toBe('Unexpected error.');
      expect((await ctx.server.execute(VIEWER_EMAIL, { token: admin.token })).status).toBe(200);
    } finally {
      await sql.exec('DROP TRIGGER fail_audit ON audit_events; DROP FUNCTION fail_audit();');
    }
  });

  it('pages newest first', async () => {
    const admin = await createUserWithToken(ctx.server, { auditLogs: true });
    for (let i = 0; i < 4; i += 1) await createToken(ctx.server, admin.token, `t${i}`);
    const first = expectData(
      await ctx.server.execute(EVENTS, { token: admin.token, variables: { first: 3 } }),
    ).auditEvents;
    expect(first.totalCount).toBe(5);
    const second = expectData(
      await ctx.server.execute(EVENTS, {
        token: admin.token,
        variables: { first: 3, after: first.pageInfo.endCursor },
      }),
    ).auditEvents;
    const names = [...first.edges, ...second.edges].map((e) => e.node.apiTokenName);
    expect(names).toEqual(['t3', 't2', 't1', 't0', 'fixture token']);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });

  it.each([0, 101, 500])(
    'refuses a page of %i events with the same typed error as every connection, never a clamped page',
    async (first) => {
      const admin = await createUserWithToken(ctx.server, { auditLogs: true });
      const response = await ctx.server.execute(EVENTS, { token: admin.token, variables: { first } });
      expect(response.body.errors?.[0]?.message).toMatch(/"first" must be between 1 and 100/);
      expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.body.data?.auditEvents ?? null).toBeNull();
    },
  );

  it('is forbidden to members, and to admins when audit logs are off', async () => {
    const admin = await createUserWithToken(ctx.server, { auditLogs: true });
    const member = await createUserWithToken(ctx.server, { role: 'MEMBER', workspaceId: admin.workspaceId });
    const memberResponse = await ctx.server.execute(EVENTS, { token: member.token, variables: { first: 5 } });
    expect(memberResponse.body.errors?.[0]).toMatchObject({
      message: 'Only workspace admins can read the audit log.',
      extensions: { code: 'FORBIDDEN' },
    });
    expect(memberResponse.body.data).toBeNull();
    const offAdmin = await createUserWithToken(ctx.server, { auditLogs: false });
    const offResponse = await ctx.server.execute(EVENTS, { token: offAdmin.token, variables: { first: 5 } });
    expect(offResponse.body.errors?.[0]).toMatchObject({
      message: 'Audit logs are not enabled for this workspace.',
      extensions: { code: 'FORBIDDEN' },
    });
  });
});
