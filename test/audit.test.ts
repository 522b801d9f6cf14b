// Audit log: one row per change, in the same transaction, only when the
// workspace has audit logs enabled; readable by workspace admins only.
import { describe, expect, it } from 'vitest';
import { createUserWithToken, useTestServer } from './support/server.js';


const ctx = useTestServer();

const CREATE = `mutation($name: String!) { createApiToken(input: { name: $name }) {
  __typename ... on CreateApiTokenSuccess { token apiToken { id } } } }`;
const REVOKE = `mutation($id: ID!) { revokeApiToken(input: { id: $id }) { __typename } }`;
const EVENTS = `query($first: Int, $after: String) { auditEvents(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { id action actorEmail apiTokenId apiTokenName ip userAgent occurredAt } } } }`;

describe('audit log', () => {
  it('records exactly one row for a create and one for a revoke, without the secret', async () => {
    const admin = await createUserWithToken(ctx.server, { auditLogs: true });
    const prisma = ctx.server.started.db.prisma;
    const before = await prisma.auditEvent.count({ where: { workspaceId: admin.workspaceId } });
    const created = await ctx.server.gql(CREATE, { name: 'audited' }, admin.token, { 'user-agent': 'audit-test/1.0' });
    const { token, apiToken } = created.body.data.createApiToken;
    expect(await prisma.auditEvent.count({ where: { workspaceId: admin.workspaceId } })).toBe(before + 1);
    await ctx.server.gql(REVOKE, { id: apiToken.id }, admin.token, { 'user-agent': 'audit-test/1.0' });
    expect(await prisma.auditEvent.count({ where: { workspaceId: admin.workspaceId } })).toBe(before + 2);

    const events = await ctx.server.gql(EVENTS, { first: 2 }, admin.token);
    const [revoked, createdEvent] = events.body.data.auditEvents.edges.map((e: { node: unknown }) => e.node);
    expect(revoked).toMatchObject({
      action: 'API_TOKEN_REVOKED',
      actorEmail: admin.email,
      apiTokenId: apiToken.id,
      apiTokenName: 'audited',
      userAgent: 'audit-test/1.0',
    });
    expect(revoked.ip).toMatch(/127\.0\.0\.1/);
    expect(createdEvent).toMatchObject({ action: 'API_TOKEN_CREATED', apiTokenName: 'audited' });
    const rows = await ctx.server.started.db.sql.query('SELECT * FROM audit_events');
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(JSON.stringify(events.body)).not.toContain(token);
  });

  it('records nothing when the workspace has audit logs disabled', async () => {
    const admin = await createUserWithToken(ctx.server, { auditLogs: false });
    const created = await ctx.server.gql(CREATE, { name: 'quiet' }, admin.token);
    await ctx.server.gql(REVOKE, { id: created.body.data.createApiToken.apiToken.id }, admin.token);
    expect(await ctx.server.started.db.prisma.auditEvent.count({ where: { workspaceId: admin.workspaceId } })).toBe(0);
  });

  it('undoes the change when the audit row cannot be written (one transaction)', async () => {
    const admin = await createUserWithToken(ctx.server, { auditLogs: true });
    const sql = ctx.server.started.db.sql;
    // Make every audit insert fail, as a broken audit table would.
    await sql.exec(`CREATE OR REPLACE FUNCTION fail_audit() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'audit unavailable'; END $$ LANGUAGE plpgsql;
      CREATE TRIGGER fail_audit BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION fail_audit();`);
    try {
      const created = await ctx.server.gql(CREATE, { name: 'must not exist' }, admin.token);
      expect(created.body.errors?.[0]?.message).toBe('Unexpected error.');
      expect(created.text).not.toContain('audit unavailable');
      const prisma = ctx.server.started.db.prisma;
      expect(await prisma.apiToken.count({ where: { ownerId: admin.userId } })).toBe(1);
      expect((await prisma.user.findUniqueOrThrow({ where: { id: admin.userId } })).apiTokenCount).toBe(1);
      const revoked = await ctx.server.gql(REVOKE, { id: Buffer.from(`ApiToken:${admin.tokenId}`).toString('base64') }, admin.token);
      expect(revoked.body.errors?.[0]?.message).toBe('Unexpected error.');
      expect((await ctx.server.gql('{ viewer { email } }', {}, admin.token)).status).toBe(200);
    } finally {
      await sql.exec('DROP TRIGGER fail_audit ON audit_events; DROP FUNCTION fail_audit();');
    }
  });

  it('pages newest first', async () => {
    const admin = await createUserWithToken(ctx.server, { auditLogs: true });
    for (let i = 0; i < 4; i += 1) await ctx.server.gql(CREATE, { name: `t${i}` }, admin.token);
    const first = await ctx.server.gql(EVENTS, { first: 3 }, admin.token);
    expect(first.body.data.auditEvents.totalCount).toBe(5);
    const second = await ctx.server.gql(EVENTS, { first: 3, after: first.body.data.auditEvents.pageInfo.endCursor }, admin.token);
    const names = [...first.body.data.auditEvents.edges, ...second.body.data.auditEvents.edges].map(
      (e: { node: { apiTokenName: string } }) => e.node.apiTokenName,
    );
    expect(names).toEqual(['t3', 't2', 't1', 't0', 'fixture token']);
    expect(second.body.data.auditEvents.pageInfo.hasNextPage).toBe(false);
  });

  it('is forbidden to members, and to admins when audit logs are off', async () => {
    const admin = await createUserWithToken(ctx.server, { auditLogs: true });
    const member = await createUserWithToken(ctx.server, { role: 'MEMBER', workspaceId: admin.workspaceId });
    const memberResponse = await ctx.server.gql(EVENTS, { first: 5 }, member.token);
    expect(memberResponse.body.errors?.[0]).toMatchObject({
      message: 'Only workspace admins can read the audit log.',
      extensions: { code: 'FORBIDDEN' },
    });
    expect(memberResponse.body.data).toBeNull();
    const offAdmin = await createUserWithToken(ctx.server, { auditLogs: false });
    const offResponse = await ctx.server.gql(EVENTS, { first: 5 }, offAdmin.token);
    expect(offResponse.body.errors?.[0]).toMatchObject({
      message: 'Audit logs are not enabled for this workspace.',
      extensions: { code: 'FORBIDDEN' },
    });
  });
});
