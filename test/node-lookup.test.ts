// node(id:) and nodes(ids:) answer null for anything the viewer may not see or
// that does not exist — another user's token, a missing or malformed id, an id of
// another type — without an error and without an error-level log line.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../server/src/logger.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { createUserWithToken, startTestServer, type Fixture, type TestServer } from './support/server.js';

let database: TestDatabase;
let server: TestServer;
const lines: { level: number; msg?: string }[] = [];
let me: Fixture;
let other: Fixture;
let colleague: Fixture;

beforeAll(async () => {
  database = await createTestDatabase();
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  server = await startTestServer(database, { logger: createLogger('trace', sink) });
  me = await createUserWithToken(server, { auditLogs: true });
  other = await createUserWithToken(server, { auditLogs: true });
  colleague = await createUserWithToken(server, { workspaceId: me.workspaceId, role: 'MEMBER' });
});
afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

/** Relay's global id: base64 of `Type:id`. */
const encodeGlobalID = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');

const CREATE = `mutation($name: String!) { createApiToken(input: { name: $name }) { __typename } }`;
/** The id of the newest audit event of `fixture`'s workspace (written by a create through the API). */
async function auditEventOf(fixture: Fixture): Promise<string> {
  expect((await server.gql(CREATE, { name: 'audited' }, fixture.token)).body.data.createApiToken.__typename).toBe('CreateApiTokenSuccess');
  const event = await database.db.prisma.auditEvent.findFirstOrThrow({ where: { workspaceId: fixture.workspaceId }, orderBy: { id: 'desc' } });
  return encodeGlobalID('AuditEvent', event.id);
}

const NODE = `query($id: ID!) { node(id: $id) { __typename id ... on ApiToken { name } ... on User { email } ... on AuditEvent { action } } }`;
const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`;
/** Error-level (50) or worse log lines written since `from`. */
const errorLines = (from: number) => lines.slice(from).filter((line) => line.level >= 50);

describe('node(id:)', () => {
  it('finds what the viewer may see', async () => {
    const mine = encodeGlobalID('ApiToken', me.tokenId);
    const response = await server.gql(NODE, { id: mine }, me.token);
    expect(response.body).toEqual({ data: { node: { __typename: 'ApiToken', id: mine, name: 'fixture token' } } });
    const viewer = encodeGlobalID('User', me.userId);
    expect((await server.gql(NODE, { id: viewer }, me.token)).body.data.node).toMatchObject({ __typename: 'User', email: me.email });
  });

  it("an admin sees their workspace's audit events; a member of it and other workspaces get null", async () => {
    const event = await auditEventOf(me);
    expect((await server.gql(NODE, { id: event }, me.token)).body).toEqual({ data: { node: { __typename: 'AuditEvent', id: event, action: 'API_TOKEN_CREATED' } } });
    const from = lines.length;
    expect((await server.gql(NODE, { id: event }, colleague.token)).body).toEqual({ data: { node: null } });
    expect((await server.gql(NODE, { id: event }, other.token)).body).toEqual({ data: { node: null } });
    expect((await server.gql(NODE, { id: await auditEventOf(other) }, me.token)).body).toEqual({ data: { node: null } });
    expect(errorLines(from)).toEqual([]);
  });

  const invisible: [string, () => string][] = [
    ["another user's token", () => encodeGlobalID('ApiToken', other.tokenId)],
    ["a colleague's token", () => encodeGlobalID('ApiToken', colleague.tokenId)],
    ['a missing token', () => encodeGlobalID('ApiToken', randomUUID())],
    ['another user', () => encodeGlobalID('User', other.userId)],
    ['a colleague', () => encodeGlobalID('User', colleague.userId)],
    ['a malformed uuid', () => encodeGlobalID('ApiToken', 'not-a-uuid')],
    ['an empty id', () => ''],
    ['not base64 at all', () => '!!!'],
    ['base64 without a type', () => Buffer.from('just-text').toString('base64')],
    ['an unknown type', () => encodeGlobalID('Workspace', me.workspaceId)],
    ['a made-up type', () => encodeGlobalID('Nonsense', randomUUID())],
    ['a token id labelled as a user', () => encodeGlobalID('User', me.tokenId)],
    ['a user id labelled as a token', () => encodeGlobalID('ApiToken', me.userId)],
    ['a raw uuid', () => me.tokenId],
  ];

  it.each(invisible)('%s: null, no error, nothing logged at error level', async (_label, id) => {
    const from = lines.length;
    const response = await server.gql(NODE, { id: id() }, me.token);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { node: null } });
    expect(errorLines(from)).toEqual([]);
  });
});

describe('nodes(ids:)', () => {
  it('[mine, theirs, missing, malformed] gives [mine, null, null, null]', async () => {
    const mine = encodeGlobalID('ApiToken', me.tokenId);
    const from = lines.length;
    const response = await server.gql(
      NODES,
      { ids: [mine, encodeGlobalID('ApiToken', other.tokenId), encodeGlobalID('ApiToken', randomUUID()), 'garbage', encodeGlobalID('User', me.userId)] },
      me.token,
    );
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: { nodes: [{ __typename: 'ApiToken', id: mine }, null, null, null, { __typename: 'User', id: encodeGlobalID('User', me.userId) }] },
    });
    expect(errorLines(from)).toEqual([]);
  });
});
