// Tokens made directly through the server's TokenService (as the CLI does), so
// page tests can set up many, or odd ones, without clicking through the page.
import { documentHash, ViewerDocument } from '../../../sdk/src/index.js';
import type { ApiTokenScope } from '../../../server/src/generated/prisma/client.js';
import type { Fixture, TestServer } from '../../support/server.js';

export async function createToken(
  server: TestServer,
  owner: Fixture,
  name: string,
  options: { expiresAt?: Date; scopes?: ApiTokenScope[] } = {},
): Promise<{ id: string; rowId: string; token: string }> {
  const prisma = server.started.db.prisma;
  const user = await prisma.user.findUniqueOrThrow({ where: { id: owner.userId }, include: { workspace: true } });
  // The service refuses watch-only owners: make the token as a member, as their tokens were made before.
  const { apiToken, token } = await server.started.app.tokens.create(
    {
      userId: user.id,
      email: user.email,
      role: user.role === 'WATCH_ONLY' ? 'MEMBER' : user.role,
      workspaceId: user.workspaceId,
      auditLogsEnabled: user.workspace.auditLogsEnabled,
    },
    { name, expiresAt: options.expiresAt ?? null, scopes: options.scopes ?? null },
    { ip: null, userAgent: 'page test setup' },
  );
  return { id: globalId(apiToken.id), rowId: apiToken.id, token };
}

/** Calls the API with `token` (a plain bearer request), from `userAgent`. */
export async function useToken(server: TestServer, token: string, userAgent = 'deploy-bot/2.1'): Promise<number> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'user-agent': userAgent },
    body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(ViewerDocument) } } }),
  });
  await response.body?.cancel();
  return response.status;
}

/** The GraphQL id of a token row (Relay's global id, as the page's URLs carry it). */
export const globalId = (rowId: string) => Buffer.from(`ApiToken:${rowId}`).toString('base64');

/** Revokes as its owner would (through the service, so the revoked history records it). */
export async function revokeToken(server: TestServer, owner: Fixture, rowId: string): Promise<void> {
  const prisma = server.started.db.prisma;
  const user = await prisma.user.findUniqueOrThrow({ where: { id: owner.userId }, include: { workspace: true } });
  const revoked = await server.started.app.tokens.revoke(
    {
      userId: user.id,
      email: user.email,
      role: user.role,
      workspaceId: user.workspaceId,
      auditLogsEnabled: user.workspace.auditLogsEnabled,
    },
    rowId,
    { ip: null, userAgent: 'page test setup' },
  );
  if (!revoked) throw new Error(`no token ${rowId} to revoke`);
}

/** Rotates as its owner would (through the service), with `overlapSeconds` for the old secret; the new secret. */
export async function secretRotation(
  server: TestServer,
  owner: Fixture,
  rowId: string,
  overlapSeconds: number,
): Promise<string> {
  const prisma = server.started.db.prisma;
  const user = await prisma.user.findUniqueOrThrow({ where: { id: owner.userId }, include: { workspace: true } });
  const rotated = await server.started.app.tokens.rotate(
    {
      userId: user.id,
      email: user.email,
      role: user.role,
      workspaceId: user.workspaceId,
      auditLogsEnabled: user.workspace.auditLogsEnabled,
    },
    rowId,
    { overlapSeconds },
    { ip: null, userAgent: 'page test setup' },
  );
  return rotated.token;
}
