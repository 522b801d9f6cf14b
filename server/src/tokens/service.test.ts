// TokenService on a real (embedded) database: what each command writes, what it
// refuses, that a failed step undoes the whole command, and that a revocation goes
// through the fence. Always PGlite: the HTTP suites cover PostgreSQL.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { ForbiddenError, ValidationError } from '../errors.js';
import { parseToken } from './format.js';
import { createTokenService, type Fence, type TokenOwner, type TokenService } from './service.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated PGlite data directory (test/support/global-setup.ts); null on PostgreSQL runs. */
    pgliteTemplate: string | null;
  }
}

const META = { ip: '203.0.113.9', userAgent: 'service test' };
const NOW = new Date('2030-01-01T12:00:00.000Z');

let db: Database;
let dataDir: string | undefined;
let tokens: TokenService;
/** Every fenced write: its key and whether it reported a change. */
const fenced: { key: string; changed: boolean }[] = [];
const fence: Fence = async (key, write, changed) => {
  const result = await write();
  fenced.push({ key, changed: changed(result) });
  return result;
};

let counter = 0;
async function owner(options: { role?: TokenOwner['role']; auditLogs?: boolean } = {}): Promise<TokenOwner> {
  counter += 1;
  const workspace = await db.prisma.workspace.create({
    data: { name: `ws ${counter}`, plan: 'ENTERPRISE', auditLogsEnabled: options.auditLogs ?? true },
  });
  const user = await db.prisma.user.create({
    data: {
      email: `u${counter}@service.test`,
      name: `User ${counter}`,
      role: options.role ?? 'MEMBER',
      workspaceId: workspace.id,
    },
  });
  return {
    userId: user.id,
    email: user.email,
    role: user.role,
    workspaceId: workspace.id,
    auditLogsEnabled: workspace.auditLogsEnabled,
  };
}

const auditActions = async (workspaceId: string) =>
  (await db.prisma.auditEvent.findMany({ where: { workspaceId }, orderBy: { id: 'asc' } })).map((event) => [
    event.action,
    event.actorEmail,
  ]);

beforeAll(async () => {
  const template = inject('pgliteTemplate');
  if (template) {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'api-tokens-service-db-'));
    cpSync(template, dataDir, { recursive: true });
  }
  db = await openDatabase({ dataDir: dataDir ?? 'memory://' });
  if (!template) await migrate(db.sql);
  tokens = createTokenService({ tokenPrefix: 'pat', tokenPepper: undefined }, db, {
    fence,
    clock: () => new Date(NOW),
  });
});
afterAll(async () => {
  await db?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('create', () => {
  it('stores the digest and hint, never the value, and audits in the same transaction', async () => {
    const alice = await owner();
    const { apiToken, token } = await tokens.create(alice, { name: '  deploy  ' }, META);
    expect(parseToken(token, 'pat').ok).toBe(true);
    expect(apiToken).toEqual({
      id: expect.any(String),
      name: 'deploy',
      hint: `pat_…${token.slice(-4)}`,
      ownerId: alice.userId,
      createdAt: NOW,
      lastUsedAt: null,
      expiresAt: null,
      lastUsedIp: null,
      lastUsedUserAgent: null,
      encryptionKeyId: null,
      canary: false,
      canaryTripCount: 0,
      scopes: ['TOKENS_READ', 'TOKENS_WRITE'],
      rotatedAt: null,
      previousSecretExpiresAt: null,
      previousSecretLastUsedAt: null,
    });
    const stored = await db.prisma.apiToken.findUniqueOrThrow({ where: { id: apiToken.id } });
    expect(Buffer.from(stored.digest).toString('utf8')).not.toContain(token.slice(4));
    expect(await auditActions(alice.workspaceId)).toEqual([['API_TOKEN_CREATED', alice.email]]);
  });

  it('refuses a watch-only owner and writes nothing', async () => {
    const watcher = await owner({ role: 'WATCH_ONLY' });
    await expect(tokens.create(watcher, { name: 'x' }, META)).rejects.toThrow(ForbiddenError);
    expect(await tokens.count(watcher.userId)).toBe(0);
    expect(await auditActions(watcher.workspaceId)).toEqual([]);
  });

  it('refuses invalid input with a typed error and writes nothing', async () => {
    const bob = await owner();
    await expect(tokens.create(bob, { name: '   ' }, META)).rejects.toThrow(ValidationError);
    await expect(tokens.create(bob, { name: 'old', expiresAt: new Date(NOW.getTime() - 1000) }, META)).rejects.toThrow(
      ValidationError,
    );
    expect(await tokens.count(bob.userId)).toBe(0);
  });

  it('rolls the token back when the audit row cannot be written', async () => {
    const carol = await owner();
    // An audit row for a workspace that does not exist violates its foreign key.
    const broken = { ...carol, workspaceId: '00000000-0000-7000-8000-000000000000' };
    await expect(tokens.create(broken, { name: 'doomed' }, META)).rejects.toThrow();
    expect(await tokens.list(carol.userId)).toEqual([]);
    expect(await tokens.count(carol.userId)).toBe(0);
  });
});

describe('page, list, find', () => {
  let dave: TokenOwner;
  let ids: string[];
  beforeAll(async () => {
    dave = await owner({ auditLogs: false });
    ids = [];
    for (let i = 0; i < 5; i += 1) ids.push((await tokens.create(dave, { name: `t${i}` }, META)).apiToken.id);
    ids.reverse(); // newest first
  });

  it('pages newest first with the count read alongside', async () => {
    const first = await tokens.page(dave.userId, { limit: 2, direction: 'forward', cursor: null });
    expect(first.rows.map((row) => row.id)).toEqual(ids.slice(0, 2));
    expect(first.totalCount).toBe(5);
    expect(first.rows[0]?.createdAt).toEqual(NOW);
    const next = await tokens.page(dave.userId, { limit: 2, direction: 'forward', cursor: ids[1]! });
    expect(next.rows.map((row) => row.id)).toEqual(ids.slice(2, 4));
  });

  it('pages backward and still answers newest first', async () => {
    const last = await tokens.page(dave.userId, { limit: 2, direction: 'backward', cursor: null });
    expect(last.rows.map((row) => row.id)).toEqual(ids.slice(3));
    const before = await tokens.page(dave.userId, { limit: 2, direction: 'backward', cursor: ids[3]! });
    expect(before.rows.map((row) => row.id)).toEqual(ids.slice(1, 3));
  });

  it('knows the count on an empty page past the end', async () => {
    const past = await tokens.page(dave.userId, { limit: 2, direction: 'forward', cursor: ids[4]! });
    expect(past).toEqual({ rows: [], totalCount: 5 });
  });

  it('lists every token and finds only the owner’s, in the order asked', async () => {
    expect((await tokens.list(dave.userId)).map((row) => row.id)).toEqual(ids);
    const stranger = await owner();
    const theirs = (await tokens.create(stranger, { name: 'theirs' }, META)).apiToken.id;
    const found = await tokens.find(dave.userId, [ids[2]!, theirs, ids[0]!]);
    expect(found.map((row) => row?.id ?? null)).toEqual([ids[2], null, ids[0]]);
  });
});

describe('revoke', () => {
  it('deletes through the fence of the owner’s credentials and audits', async () => {
    const erin = await owner();
    const { apiToken } = await tokens.create(erin, { name: 'to revoke' }, META);
    fenced.length = 0;
    expect(await tokens.revoke(erin, apiToken.id, META)).toEqual({ id: apiToken.id, name: 'to revoke' });
    expect(fenced).toEqual([{ key: `u:${erin.userId}`, changed: true }]);
    expect(await tokens.count(erin.userId)).toBe(0);
    expect(await auditActions(erin.workspaceId)).toEqual([
      ['API_TOKEN_CREATED', erin.email],
      ['API_TOKEN_REVOKED', erin.email],
    ]);
    // A second revoke finds nothing: null, and the fence hears of no change.
    expect(await tokens.revoke(erin, apiToken.id, META)).toBeNull();
    expect(fenced.at(-1)).toEqual({ key: `u:${erin.userId}`, changed: false });
  });

  it('answers null for another user’s token and leaves it alone', async () => {
    const frank = await owner();
    const grace = await owner();
    const { apiToken } = await tokens.create(grace, { name: 'grace’s' }, META);
    expect(await tokens.revoke(frank, apiToken.id, META)).toBeNull();
    expect(await tokens.count(grace.userId)).toBe(1);
  });

  it('lets a watch-only owner revoke (issue 13: suspended tokens are cleaned up from the page)', async () => {
    const heidi = await owner();
    const { apiToken } = await tokens.create(heidi, { name: 'suspended' }, META);
    expect(await tokens.revoke({ ...heidi, role: 'WATCH_ONLY' }, apiToken.id, META)).toEqual({
      id: apiToken.id,
      name: 'suspended',
    });
    expect(await tokens.count(heidi.userId)).toBe(0);
  });

  it('keeps the token when the audit row cannot be written', async () => {
    const ivan = await owner();
    const { apiToken } = await tokens.create(ivan, { name: 'survivor' }, META);
    const broken = { ...ivan, workspaceId: '00000000-0000-7000-8000-000000000000' };
    await expect(tokens.revoke(broken, apiToken.id, META)).rejects.toThrow();
    expect((await tokens.list(ivan.userId)).map((row) => row.id)).toEqual([apiToken.id]);
  });

  it('lets the operator revoke anyone’s token, audited as the operator', async () => {
    const judy = await owner();
    const { apiToken } = await tokens.create(judy, { name: 'ops' }, META);
    fenced.length = 0;
    expect(await tokens.revokeAsOperator(apiToken.id, META)).toEqual({ id: apiToken.id, name: 'ops' });
    expect(fenced).toEqual([{ key: `u:${judy.userId}`, changed: true }]);
    expect((await auditActions(judy.workspaceId)).at(-1)).toEqual(['API_TOKEN_REVOKED', 'operator (cli)']);
    expect(await tokens.revokeAsOperator(apiToken.id, META)).toBeNull();
  });
});
