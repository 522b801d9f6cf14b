// Trusted-documents mode with the manifest the SDK ships (codegen's persistedDocuments):
// the SDK and a urql client with cacheExchange name its operations by hash and they
// run; document text, unknown hashes and bad manifests are refused, clearly.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheExchange, Client, fetchExchange, gql } from '@urql/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiTokensDocument,
  createClient,
  CreateApiTokenDocument,
  documentHash,
  GraphQLRequestError,
  RevokeApiTokenDocument,
  trustedDocumentsExchange,
  ViewerDocument,
} from '../../sdk/src/index.js';
import { createApp } from '../../server/src/app.js';
import { ConfigError, loadConfig } from '../../server/src/config.js';
import { createLogger } from '../../server/src/logger.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { createUserWithToken, startTestServer, type Fixture, type TestServer } from '../support/server.js';

const MANIFEST = fileURLToPath(new URL('../../sdk/src/generated/persisted-documents.json', import.meta.url));
const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, string>;

let dir: string;
let database: TestDatabase;
let server: TestServer;
let fixture: Fixture;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'trusted-'));
  database = await createTestDatabase();
  server = await startTestServer(database, { env: { TRUSTED_DOCUMENTS: MANIFEST } });
  fixture = await createUserWithToken(server, { auditLogs: true });
});
afterAll(async () => {
  await server?.stop();
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** POST /graphql with any body, as a hand-written client would. */
async function post(body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${fixture.token}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}
const byHash = (sha256Hash: string, variables?: unknown) => ({
  variables,
  extensions: { persistedQuery: { version: 1, sha256Hash } },
});

describe('the manifest', () => {
  it('is keyed by the SHA-256 of each document, which every SDK document carries', () => {
    const hashes = [ViewerDocument, ApiTokensDocument, CreateApiTokenDocument, RevokeApiTokenDocument].map((document) =>
      documentHash(document),
    );
    for (const hash of hashes) expect(Object.keys(manifest)).toContain(hash);
    // As urql's cacheExchange would send them: __typename in every selection set.
    expect(manifest[hashes[1]!]).toMatch(/edges \{ __typename cursor node \{ __typename \.\.\.ApiTokenFields \} \}/);
  });
});

describe('clients in trusted-documents mode', () => {
  it('the SDK runs every method by hash (auto mode: no fallback needed)', async () => {
    const sent: string[] = [];
    const client = createClient({
      url: `${server.url}/graphql`,
      token: fixture.token,
      fetch: async (input, init) => {
        sent.push(String(init?.body));
        return fetch(input, init);
      },
    });
    expect((await client.viewer()).email).toBe(fixture.email);
    const created = await client.createApiToken({ name: 'trusted' });
    if (created.__typename !== 'CreateApiTokenSuccess') throw new Error(created.message);
    expect(await client.getApiToken(created.apiToken.id)).toMatchObject({ name: 'trusted' });
    const names: string[] = [];
    for await (const token of client.tokens({ pageSize: 1 })) names.push(token.name);
    expect(names).toEqual(['trusted', 'fixture token']);
    expect((await client.revokeApiToken(created.apiToken.id)).__typename).toBe('RevokeApiTokenSuccess');
    const events = [];
    for await (const event of client.auditEvents()) events.push(event.action);
    expect(events).toEqual(['API_TOKEN_REVOKED', 'API_TOKEN_CREATED', 'API_TOKEN_CREATED']);
    // Every request named its operation by hash and carried no text.
    expect(sent.length).toBeGreaterThanOrEqual(7);
    for (const body of sent) {
      expect(JSON.parse(body)).not.toHaveProperty('query');
      expect(JSON.parse(body).extensions.persistedQuery.sha256Hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it("the SDK in 'always' mode, and its own documents through request()", async () => {
    const client = createClient({ url: `${server.url}/graphql`, token: fixture.token, trustedDocuments: 'always' });
    expect((await client.request(ViewerDocument)).viewer.email).toBe(fixture.email);
  });

  it('a urql client with cacheExchange lists, creates and revokes; the cache sees the change', async () => {
    const urql = new Client({
      url: `${server.url}/graphql`,
      exchanges: [cacheExchange, trustedDocumentsExchange(), fetchExchange],
      fetchOptions: { headers: { authorization: `Bearer ${fixture.token}` } },
    });
    const before = await urql.query(ApiTokensDocument, { first: 10 }).toPromise();
    expect(before.error).toBeUndefined();
    const count = before.data!.apiTokens.totalCount;
    // A second read comes from the cache (no request), with the __typename fields the cache relies on.
    const cached = await urql.query(ApiTokensDocument, { first: 10 }).toPromise();
    expect(cached.operation.context.meta?.cacheOutcome).toBe('hit');
    expect(cached.data!.apiTokens.__typename).toBe('ApiTokenConnection');

    const created = await urql.mutation(CreateApiTokenDocument, { input: { name: 'from urql' } }).toPromise();
    expect(created.error).toBeUndefined();
    const result = created.data!.createApiToken;
    if (result.__typename !== 'CreateApiTokenSuccess') throw new Error(result.message);
    // The mutation touched ApiToken, so the cached list is dropped and read again.
    const after = await urql.query(ApiTokensDocument, { first: 10 }).toPromise();
    expect(after.operation.context.meta?.cacheOutcome).toBe('miss');
    expect(after.data!.apiTokens.totalCount).toBe(count + 1);

    // A revocation answers with an ID, not an ApiToken: name the type it changes.
    const revoked = await urql
      .mutation(RevokeApiTokenDocument, { input: { id: result.apiToken.id } }, { additionalTypenames: ['ApiToken'] })
      .toPromise();
    expect(revoked.data!.revokeApiToken.__typename).toBe('RevokeApiTokenSuccess');
    expect((await urql.query(ApiTokensDocument, { first: 10 }).toPromise()).data!.apiTokens.totalCount).toBe(count);
  });

  it('a urql client that sends text is told to send hashes', async () => {
    const urql = new Client({
      url: `${server.url}/graphql`,
      exchanges: [cacheExchange, fetchExchange],
      fetchOptions: { headers: { authorization: `Bearer ${fixture.token}` } },
    });
    const result = await urql.query(ViewerDocument, {}).toPromise();
    expect(result.data).toBeUndefined();
    expect(result.error?.graphQLErrors[0]?.extensions.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
    expect(result.error?.graphQLErrors[0]?.message).toMatch(/send the hash of a listed operation/);
  });
});

describe('what is refused', () => {
  it('the full text of a document not in the manifest, and of one in it: 400 TRUSTED_DOCUMENT_REQUIRED', async () => {
    for (const query of ['{ viewer { email } }', '{ __typename }', Object.values(manifest)[0]!, 'not graphql']) {
      const response = await post({ query });
      expect(response.status).toBe(400);
      expect(response.body.errors[0].extensions.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
      expect(response.body.data).toBeUndefined();
    }
  });

  it('an unknown hash: 400 PERSISTED_QUERY_NOT_IN_LIST, saying so', async () => {
    const response = await post(byHash('0'.repeat(64)));
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toMatchObject({
      message: expect.stringMatching(/^Unknown trusted document/),
      extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST' },
    });
  });

  it('a request naming no document at all', async () => {
    const response = await post({ variables: {} });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].extensions.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
  });

  it("the SDK's request() with a document of its own: a typed error, not a hang or a fallback", async () => {
    const client = createClient({ url: `${server.url}/graphql`, token: fixture.token });
    const mine = gql<{ viewer: { email: string } }>('query Mine { viewer { email } }');
    const refusal = client.request(mine);
    await expect(refusal).rejects.toThrow(GraphQLRequestError);
    await expect(refusal).rejects.toMatchObject({ code: 'TRUSTED_DOCUMENT_REQUIRED', status: 400 });
  });

  it('a hash-only request still needs a valid token', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(byHash(documentHash(ViewerDocument)!)),
    });
    expect(response.status).toBe(401);
  });
});

describe('a manifest that cannot be trusted stops the server at start', () => {
  const start = (contents: string) => {
    const file = path.join(dir, `manifest-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, contents);
    const config = loadConfig({ NODE_ENV: 'test', TRUSTED_DOCUMENTS: file });
    return () => createApp({ config, db: database.db, logger: createLogger('silent') });
  };
  const viewerText = manifest[documentHash(ViewerDocument)!]!;

  it.each([
    [
      'a key that is not the hash of its document',
      JSON.stringify({ ['0'.repeat(64)]: viewerText }),
      /not the SHA-256 of its document/,
    ],
    ['text that is not JSON', '{ nope', /readable JSON manifest/],
    ['an array', '[]', /JSON object/],
    ['an empty manifest', '{}', /without any document/],
    [
      'a document this schema does not have',
      JSON.stringify(withHash('query Old { viewer { nickname } }')),
      /does not match this server's schema/,
    ],
    ['text that is not GraphQL', JSON.stringify(withHash('query {')), /is not GraphQL/],
  ])('%s', (_name, contents, message) => {
    const create = start(contents);
    expect(create).toThrow(ConfigError);
    expect(create).toThrow(/TRUSTED_DOCUMENTS/);
    expect(create).toThrow(message);
  });

  it('a missing file', () => {
    const config = loadConfig({ NODE_ENV: 'test', TRUSTED_DOCUMENTS: path.join(dir, 'missing.json') });
    expect(() => createApp({ config, db: database.db, logger: createLogger('silent') })).toThrow(
      /TRUSTED_DOCUMENTS.*readable JSON manifest/,
    );
  });
});

describe('without a manifest', () => {
  it('hash-only requests are answered "not supported", and the SDK falls back to text once per client', async () => {
    const plain = await startTestServer(database);
    try {
      const token = (await createUserWithToken(plain)).token;
      const raw = await fetch(`${plain.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(byHash(documentHash(ViewerDocument)!)),
      });
      expect(raw.status).toBe(200);
      expect((await raw.json()).errors[0]).toMatchObject({
        message: 'PersistedQueryNotSupported',
        extensions: { code: 'PERSISTED_QUERY_NOT_SUPPORTED' },
      });

      const sent: string[] = [];
      const client = createClient({
        url: `${plain.url}/graphql`,
        token,
        fetch: async (input, init) => {
          sent.push(JSON.parse(String(init?.body)).query ? 'text' : 'hash');
          return fetch(input, init);
        },
      });
      await client.viewer();
      await client.listApiTokens();
      await client.viewer();
      expect(sent).toEqual(['hash', 'text', 'text', 'text']);
    } finally {
      await plain.stop();
    }
  });
});

/** A manifest entry keyed as codegen.ts keys them. */
function withHash(text: string): Record<string, string> {
  return { [createHash('sha256').update(text).digest('hex')]: text };
}
