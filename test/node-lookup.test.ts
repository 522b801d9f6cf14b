// node(id:) and nodes(ids:) answer null for anything the viewer may not see or
// that does not exist — another user's token, a missing or malformed id, an id of
// another type — without an error and without an error-level log line.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../server/src/logger.js';
import { graphql } from './generated/gql.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { expectData, globalId as encodeGlobalID } from './support/graphql.js';
import { createToken } from './support/operations.js';
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

/** The id of the newest audit event of `fixture`'s workspace (written by a create through the API). */
async function auditEventOf(fixture: Fixture): Promise<string> {
  await createToken(server, fixture.token, 'audited');
  const event = await database.db.prisma.auditEvent.findFirstOrThrow({
    where: { workspaceId: fixture.workspaceId },
    orderBy: { id: 'desc' },
  });
  return encodeGlobalID('AuditEvent', event.id);
}

const NODE = graphql(`
  query LookupNode($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on ApiToken {
        name
      }
      ... on User {
        email
      }
      ... on AuditEvent {
        action
      }
    }
  }
`);
const NODES = graphql(`
  query LookupNodes($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      id
    }
  }
`);
/** node(id) as `as` sees it. */
const lookup = (id: string, as: Fixture) => server.execute(NODE, { token: as.token, variables: { id } });
/** Error-level (50) or worse log lines written since `from`. */
const errorLines = (from: number) => lines.slice(from).filter((line) => line.level >= 50);

describe('node(id:)', () => {
  it('finds what the viewer may see', async () => {
    const mine = encodeGlobalID('ApiToken', me.tokenId);
    const response = await lookup(mine, me);
    expect(response.body).toEqual({ data: { node: { __typename: 'ApiToken', id: mine, name: 'fixture token' } } });
    const viewer = encodeGlobalID('User', me.userId);
    expect(expectData(await lookup(viewer, me)).node).toMatchObject({ __typename: 'User', email: me.email });
  });

  it("an admin sees their workspace's audit events; a member of it and other workspaces get null", async () => {
    const event = await auditEventOf(me);
    expect((await lookup(event, me)).body).toEqual({
      data: { node: { __typename: 'AuditEvent', id: event, action: 'API_TOKEN_CREATED' } },
    });
    const from = lines.length;
    expect((await lookup(event, colleague)).body).toEqual({ data: { node: null } });
    expect((await lookup(event, other)).body).toEqual({ data: { node: null } });
    expect((await lookup(await auditEventOf(other), me)).body).toEqual({ data: { node: null } });
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
    const response = await lookup(id(), me);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { node: null } });
    expect(errorLines(from)).toEqual([]);
  });
});

describe('nodes(ids:)', () => {
  it('[mine, theirs, missing, malformed] gives [mine, null, null, null]', async () => {
    const mine = encodeGlobalID('ApiToken', me.tokenId);
    const from = lines.length;
    const response = await server.execute(NODES, {
      token: me.token,
      variables: {
        ids: [
          mine,
          encodeGlobalID('ApiToken', other.tokenId),
          encodeGlobalID('ApiToken', randomUUID()),
          'garbage',
          encodeGlobalID('User', me.userId),
        ],
      },
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: {
        nodes: [
          { __typename: 'ApiToken', id: mine },
          null,
          null,
          null,
          { __typename: 'User', id: encodeGlobalID('User', me.userId) },
        ],
      },
    });
    expect(errorLines(from)).toEqual([]);
  });
});
