// Trusted-documents mode: with a manifest generated from the SDK's operations,
// those operations run and nothing else does.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as sdkDocuments from '../../sdk/src/generated/graphql.js';
import { loadConfig } from '../../server/src/config.js';
import { createApp } from '../../server/src/app.js';
import { createLogger } from '../../server/src/logger.js';
import { trustedDocumentsManifest } from '../../server/src/hardening/trusted-documents.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { createUserWithToken, startTestServer, type Fixture, type TestServer } from '../support/server.js';

const operations = Object.entries(sdkDocuments)
  .filter(([name]) => name.endsWith('Document'))
  .map(([, document]) => document as unknown as Parameters<typeof trustedDocumentsManifest>[0][number]);
const manifest = trustedDocumentsManifest(operations);
const [viewerId, viewerText] = Object.entries(manifest).find(([, text]) => text.startsWith('query Viewer'))!;

let dir: string;
let database: TestDatabase;
let server: TestServer;
let fixture: Fixture;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'trusted-'));
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  database = await createTestDatabase();
  server = await startTestServer(database, { env: { TRUSTED_DOCUMENTS: path.join(dir, 'manifest.json') } });
  fixture = await createUserWithToken(server);
});
afterAll(async () => {
  await server?.stop();
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('trusted documents', () => {
  it('the manifest holds every SDK operation', () => {
    expect(operations.length).toBeGreaterThanOrEqual(4);
    expect(Object.keys(manifest)).toHaveLength(operations.length);
  });

  it('runs an SDK operation sent as text, whatever its whitespace', async () => {
    const response = await server.gql(viewerText, {}, fixture.token);
    expect(response.status).toBe(200);
    expect(response.body.data.viewer.email).toBe(fixture.email);
    const squashed = await server.gql(viewerText.replace(/\s+/g, ' '), {}, fixture.token);
    expect(squashed.body.data.viewer.email).toBe(fixture.email);
  });

  it('refuses any other document with 400', async () => {
    for (const query of ['{ viewer { email } }', '{ __typename }', 'not graphql']) {
      const response = await server.gql(query, {}, fixture.token);
      expect(response.status).toBe(400);
      expect(response.body.errors?.[0]?.extensions?.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
    }
  });

  it('a manifest that does not match its documents stops the server at start', () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ['0'.repeat(64)]: viewerText }));
    const config = loadConfig({ NODE_ENV: 'test', TRUSTED_DOCUMENTS: bad });
    expect(() => createApp({ config, db: database.db, logger: createLogger('silent') })).toThrow(/TRUSTED_DOCUMENTS/);
  });
});
