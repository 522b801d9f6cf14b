// Seeing a token's value again (opt-in): the deployment key, the workspace switch
// (admins; needs audit logs; off destroys kept values), revealApiToken through the
// owner's session only, audited, and key rotation. Several servers share one
// database here, as instances with different TOKEN_ENCRYPTION_KEY would.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REVEAL_REFUSALS } from '../server/src/tokens/service.js';
import { graphql } from './generated/gql.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { errorCode, expectData, expectTypename, globalId } from './support/graphql.js';
import { CREATE_TOKEN } from './support/operations.js';
import { createUserWithToken, startTestServer, type Fixture, type TestServer } from './support/server.js';
import { sessionOf } from './support/session.js';

const OLD_KEY = `old:${randomBytes(32).toString('base64')}`;
const NEW_KEY = `new:${randomBytes(32).toString('base64')}`;

let database: TestDatabase;
/** Key "old" only. */
let server: TestServer;
/** Rotated: "new" encrypts, "old" still decrypts. */
let rotated: TestServer;
/** "new" only: values sealed with "old" can no longer be opened. */
let oldKeyGone: TestServer;
/** No key at all. */
let keyless: TestServer;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startTestServer(database, { env: { TOKEN_ENCRYPTION_KEY: OLD_KEY } });
  rotated = await startTestServer(database, { env: { TOKEN_ENCRYPTION_KEY: `${NEW_KEY},${OLD_KEY}` } });
  oldKeyGone = await startTestServer(database, { env: { TOKEN_ENCRYPTION_KEY: NEW_KEY } });
  keyless = await startTestServer(database);
});
afterAll(async () => {
  for (const s of [server, rotated, oldKeyGone, keyless]) await s?.stop();
  await database?.drop();
});

const POLICY = graphql(`
  mutation SetTokenPolicy($input: UpdateWorkspaceTokenPolicyInput!) {
    updateWorkspaceTokenPolicy(input: $input) {
      __typename
      ... on UpdateWorkspaceTokenPolicySuccess {
        destroyedValues
        tokenPolicy {
          tokensRevealable
          revealSupported
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
const REVEAL = graphql(`
  mutation RevealToken($id: ID!) {
    revealApiToken(input: { id: $id }) {
      __typename
      ... on RevealApiTokenSuccess {
        token
        httpHeader
        curlExample
        apiToken {
          id
          revealable
        }
      }
      ... on Error {
        message
      }
    }
  }
`);
const REVEALABLE = graphql(`
  query Revealable($id: ID!) {
    apiToken(id: $id) {
      revealable
    }
    viewer {
      workspace {
        tokenPolicy {
          tokensRevealable
          revealSupported
        }
      }
    }
  }
`);

type Request = { token?: string; headers?: Record<string, string> };

async function setPolicy(on: TestServer, request: Request, tokensRevealable: boolean) {
  return expectData(await on.execute(POLICY, { ...request, variables: { input: { tokensRevealable } } }))
    .updateWorkspaceTokenPolicy;
}

/** An admin of a workspace with audit logs and re-viewing on (through `on`), and a session of theirs. */
async function revealingAdmin(on: TestServer = server): Promise<{ fixture: Fixture; session: Request }> {
  const fixture = await createUserWithToken(on, { auditLogs: true });
  expectTypename(await setPolicy(on, { token: fixture.token }, true), 'UpdateWorkspaceTokenPolicySuccess');
  return { fixture, session: await sessionOf(on, fixture.userId) };
}

async function createVia(on: TestServer, request: Request, name = 'kept') {
  const created = expectData(
    await on.execute(CREATE_TOKEN, { ...request, variables: { input: { name } } }),
  ).createApiToken;
  expectTypename(created, 'CreateApiTokenSuccess');
  return created;
}

const reveal = async (on: TestServer, request: Request, id: string) =>
  expectData(await on.execute(REVEAL, { ...request, variables: { id } })).revealApiToken;
const revealable = async (on: TestServer, request: Request, id: string) =>
  expectData(await on.execute(REVEALABLE, { ...request, variables: { id } }));
const revealEvents = (workspaceId: string) =>
  database.db.prisma.auditEvent.findMany({ where: { workspaceId, action: 'API_TOKEN_REVEALED' } });

describe('revealApiToken', () => {
  it('shows the owner the value again through their session, audited, and keeps only ciphertext in the database', async () => {
    const { fixture, session } = await revealingAdmin();
    const created = await createVia(server, session);
    expect((await revealable(server, session, created.apiToken.id)).apiToken?.revealable).toBe(true);
    const result = await reveal(server, session, created.apiToken.id);
    expectTypename(result, 'RevealApiTokenSuccess');
    expect(result.token).toBe(created.token);
    expect(result.httpHeader).toBe(`Authorization: Bearer ${created.token}`);
    expect(result.curlExample).toContain(created.token);
    const events = await revealEvents(fixture.workspaceId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorEmail: fixture.email, apiTokenName: 'kept' });
    expect(JSON.stringify(events)).not.toContain(created.token.slice(4));
    const row = await database.db.prisma.apiToken.findFirstOrThrow({
      where: { ownerId: fixture.userId, name: 'kept' },
    });
    expect(row.encryptionKeyId).toBe('old');
    expect(Buffer.from(row.encryptedValue!).toString('latin1')).not.toContain(created.token.slice(4));
  });

  it('is refused to an API token, even the owner’s own, with ForbiddenError and no audit row', async () => {
    const { fixture, session } = await revealingAdmin();
    const created = await createVia(server, session);
    const result = await reveal(server, { token: fixture.token }, created.apiToken.id);
    expectTypename(result, 'ForbiddenError');
    expect(result.message).toBe(REVEAL_REFUSALS.apiToken);
    expect(await revealEvents(fixture.workspaceId)).toEqual([]);
  });

  it('answers NotFoundError to another user of the same workspace and to a missing token', async () => {
    const { fixture, session } = await revealingAdmin();
    const created = await createVia(server, session);
    const colleague = await createUserWithToken(server, { workspaceId: fixture.workspaceId });
    expectTypename(
      await reveal(server, await sessionOf(server, colleague.userId), created.apiToken.id),
      'NotFoundError',
    );
    expectTypename(
      await reveal(server, session, globalId('ApiToken', '0190a5b2-0000-7000-8000-000000000000')),
      'NotFoundError',
    );
    expect(await revealEvents(fixture.workspaceId)).toEqual([]);
  });

  it('never reveals a token created before the setting was turned on', async () => {
    const fixture = await createUserWithToken(server, { auditLogs: true });
    const session = await sessionOf(server, fixture.userId);
    const before = await createVia(server, session, 'before');
    await setPolicy(server, session, true);
    expect((await revealable(server, session, before.apiToken.id)).apiToken?.revealable).toBe(false);
    const result = await reveal(server, session, before.apiToken.id);
    expectTypename(result, 'ForbiddenError');
    expect(result.message).toBe(REVEAL_REFUSALS.notStored);
  });

  it('refuses while the workspace has audit logs off, even for a kept value', async () => {
    const { fixture, session } = await revealingAdmin();
    const created = await createVia(server, session);
    await database.db.prisma.workspace.update({
      where: { id: fixture.workspaceId },
      data: { auditLogsEnabled: false },
    });
    const fresh = await sessionOf(server, fixture.userId);
    expect((await revealable(server, fresh, created.apiToken.id)).apiToken?.revealable).toBe(false);
    const result = await reveal(server, fresh, created.apiToken.id);
    expectTypename(result, 'ForbiddenError');
    expect(result.message).toBe(REVEAL_REFUSALS.auditLogs);
  });

  it('keeps nothing and reveals nothing while the workspace setting is off', async () => {
    const fixture = await createUserWithToken(server, { auditLogs: true });
    const session = await sessionOf(server, fixture.userId);
    const created = await createVia(server, session);
    expect((await revealable(server, session, created.apiToken.id)).viewer.workspace.tokenPolicy).toEqual({
      tokensRevealable: false,
      revealSupported: true,
    });
    const result = await reveal(server, session, created.apiToken.id);
    expectTypename(result, 'ForbiddenError');
    expect(result.message).toBe(REVEAL_REFUSALS.setting);
    expect(
      await database.db.prisma.apiToken.count({ where: { ownerId: fixture.userId, encryptedValue: { not: null } } }),
    ).toBe(0);
  });

  it('turning the setting off destroys every kept value in the workspace; turning it on again brings none back', async () => {
    const { fixture, session } = await revealingAdmin();
    const colleague = await createUserWithToken(server, { workspaceId: fixture.workspaceId, role: 'MEMBER' });
    const mine = await createVia(server, session, 'mine');
    await createVia(server, { token: colleague.token }, 'theirs');
    const other = await revealingAdmin();
    await createVia(server, other.session, 'elsewhere');
    const kept = (workspaceId: string) =>
      database.db.prisma.apiToken.count({ where: { owner: { workspaceId }, encryptedValue: { not: null } } });
    // The colleague's fixture token was created after the switch too: three kept values.
    expect(await kept(fixture.workspaceId)).toBe(3);

    const off = await setPolicy(server, session, false);
    expectTypename(off, 'UpdateWorkspaceTokenPolicySuccess');
    expect(off.destroyedValues).toBe(3);
    expect(off.tokenPolicy.tokensRevealable).toBe(false);
    expect(await kept(fixture.workspaceId)).toBe(0);
    expect(await kept(other.fixture.workspaceId)).toBe(1);
    const audit = await database.db.prisma.auditEvent.findMany({
      where: { workspaceId: fixture.workspaceId, action: 'TOKEN_POLICY_UPDATED' },
    });
    expect(audit.map((e) => e.details)).toEqual([
      expect.stringContaining('from now on'),
      expect.stringContaining('3 stored value(s) destroyed'),
    ]);
    expect(audit.every((e) => e.apiTokenId === null)).toBe(true);

    await setPolicy(server, session, true);
    expect((await revealable(server, session, mine.apiToken.id)).apiToken?.revealable).toBe(false);
    expectTypename(await reveal(server, session, mine.apiToken.id), 'ForbiddenError');
  });

  it('turning it on and off waits for no notification (none is sent): the verified-token cache stays on', async () => {
    await expect.poll(() => server.started.app.authCache.active, { timeout: 10_000 }).toBe(true);
    const { session } = await revealingAdmin();
    expect(server.started.app.authCache.active).toBe(true);
    expectTypename(await setPolicy(server, session, false), 'UpdateWorkspaceTokenPolicySuccess');
    expect(server.started.app.authCache.active).toBe(true);
  });

  it('still decrypts values of an older key after rotation, and refuses once that key is removed', async () => {
    const { fixture, session } = await revealingAdmin(server);
    const sealedWithOld = await createVia(server, session, 'old key');
    const rotatedSession = await sessionOf(rotated, fixture.userId);
    const sealedWithNew = await createVia(rotated, rotatedSession, 'new key');
    const keyOf = (name: string) =>
      database.db.prisma.apiToken
        .findFirstOrThrow({ where: { ownerId: fixture.userId, name } })
        .then((r) => r.encryptionKeyId);
    expect([await keyOf('old key'), await keyOf('new key')]).toEqual(['old', 'new']);

    const viaRotated = await reveal(rotated, rotatedSession, sealedWithOld.apiToken.id);
    expectTypename(viaRotated, 'RevealApiTokenSuccess');
    expect(viaRotated.token).toBe(sealedWithOld.token);
    const newOnly = await sessionOf(oldKeyGone, fixture.userId);
    expect((await revealable(oldKeyGone, newOnly, sealedWithOld.apiToken.id)).apiToken?.revealable).toBe(false);
    const refused = await reveal(oldKeyGone, newOnly, sealedWithOld.apiToken.id);
    expectTypename(refused, 'ForbiddenError');
    expect(refused.message).toBe(REVEAL_REFUSALS.undecryptable);
    const fine = await reveal(oldKeyGone, newOnly, sealedWithNew.apiToken.id);
    expectTypename(fine, 'RevealApiTokenSuccess');
    expect(fine.token).toBe(sealedWithNew.token);
  });

  it('is impossible on a deployment without a key: the setting cannot be turned on and nothing is revealed', async () => {
    const fixture = await createUserWithToken(keyless, { auditLogs: true });
    const session = await sessionOf(keyless, fixture.userId);
    const result = await setPolicy(keyless, session, true);
    expectTypename(result, 'ValidationError');
    expect(result.field).toBe('tokensRevealable');
    const created = await createVia(keyless, session);
    const refused = await reveal(keyless, session, created.apiToken.id);
    expectTypename(refused, 'ForbiddenError');
    expect(refused.message).toBe(REVEAL_REFUSALS.noKey);
    expect((await revealable(keyless, session, created.apiToken.id)).viewer.workspace.tokenPolicy.revealSupported).toBe(
      false,
    );
  });

  it('refuses watch-only users (ForbiddenError) and Team-plan sessions (403)', async () => {
    const { fixture, session } = await revealingAdmin();
    const created = await createVia(server, session);
    await database.db.prisma.user.update({ where: { id: fixture.userId }, data: { role: 'WATCH_ONLY' } });
    expectTypename(
      await reveal(server, await sessionOf(server, fixture.userId), created.apiToken.id),
      'ForbiddenError',
    );
    await database.db.prisma.user.update({ where: { id: fixture.userId }, data: { role: 'ADMIN' } });
    await database.db.prisma.workspace.update({ where: { id: fixture.workspaceId }, data: { plan: 'TEAM' } });
    const response = await server.execute(REVEAL, {
      ...(await sessionOf(server, fixture.userId)),
      variables: { id: created.apiToken.id },
    });
    expect(response.status).toBe(403);
    expect(await revealEvents(fixture.workspaceId)).toEqual([]);
  });
});

describe('updateWorkspaceTokenPolicy', () => {
  it('needs audit logs to turn on (ValidationError, no change)', async () => {
    const fixture = await createUserWithToken(server, { auditLogs: false });
    const result = await setPolicy(server, { token: fixture.token }, true);
    expectTypename(result, 'ValidationError');
    expect(result.field).toBe('tokensRevealable');
    expect(
      (await database.db.prisma.workspace.findUniqueOrThrow({ where: { id: fixture.workspaceId } })).tokensRevealable,
    ).toBe(false);
  });

  describe('authorization matrix', () => {
    it('lets an admin change it with a token or a session, for their own workspace only', async () => {
      const admin = await createUserWithToken(server, { auditLogs: true });
      const elsewhere = await createUserWithToken(server, { auditLogs: true });
      expectTypename(await setPolicy(server, { token: admin.token }, true), 'UpdateWorkspaceTokenPolicySuccess');
      expectTypename(
        await setPolicy(server, await sessionOf(server, admin.userId), false),
        'UpdateWorkspaceTokenPolicySuccess',
      );
      expectTypename(await setPolicy(server, { token: admin.token }, true), 'UpdateWorkspaceTokenPolicySuccess');
      const flags = await database.db.prisma.workspace.findMany({
        where: { id: { in: [admin.workspaceId, elsewhere.workspaceId] } },
      });
      expect(Object.fromEntries(flags.map((w) => [w.id, w.tokensRevealable]))).toEqual({
        [admin.workspaceId]: true,
        [elsewhere.workspaceId]: false,
      });
    });

    it.each(['MEMBER', 'WATCH_ONLY'] as const)('refuses a %s session with ForbiddenError', async (role) => {
      const admin = await createUserWithToken(server, { auditLogs: true });
      const user = await createUserWithToken(server, { workspaceId: admin.workspaceId, role });
      const result = await setPolicy(server, await sessionOf(server, user.userId), true);
      expectTypename(result, 'ForbiddenError');
      expect(
        (await database.db.prisma.workspace.findUniqueOrThrow({ where: { id: admin.workspaceId } })).tokensRevealable,
      ).toBe(false);
    });

    it('refuses a member’s token with ForbiddenError and a watch-only user’s token with 403', async () => {
      const admin = await createUserWithToken(server, { auditLogs: true });
      const member = await createUserWithToken(server, { workspaceId: admin.workspaceId, role: 'MEMBER' });
      expectTypename(await setPolicy(server, { token: member.token }, true), 'ForbiddenError');
      const watcher = await createUserWithToken(server, { workspaceId: admin.workspaceId, role: 'WATCH_ONLY' });
      const response = await server.execute(POLICY, {
        token: watcher.token,
        variables: { input: { tokensRevealable: true } },
      });
      expect(response.status).toBe(403);
    });

    it('refuses a Team-plan admin with 403 and a request without a credential with 401', async () => {
      const team = await createUserWithToken(server, { plan: 'TEAM', auditLogs: true });
      for (const request of [{ token: team.token }, await sessionOf(server, team.userId)]) {
        expect(
          (await server.execute(POLICY, { ...request, variables: { input: { tokensRevealable: true } } })).status,
        ).toBe(403);
      }
      const anonymous = await server.execute(POLICY, { variables: { input: { tokensRevealable: true } } });
      expect(anonymous.status).toBe(401);
      expect(errorCode(anonymous)).toBe('UNAUTHENTICATED');
      expect(
        (await database.db.prisma.workspace.findUniqueOrThrow({ where: { id: team.workspaceId } })).tokensRevealable,
      ).toBe(false);
    });
  });

  it('never leaves a value kept after "off", however creates and the switch interleave', async () => {
    const { fixture, session } = await revealingAdmin();
    const creates = Array.from({ length: 6 }, (_, i) =>
      server.execute(CREATE_TOKEN, { token: fixture.token, variables: { input: { name: `race ${i}` } } }),
    );
    const off = setPolicy(server, session, false);
    await Promise.all([...creates, off]);
    expect(
      await database.db.prisma.apiToken.count({ where: { ownerId: fixture.userId, encryptedValue: { not: null } } }),
    ).toBe(0);
  });
});
