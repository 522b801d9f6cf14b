// In development the server hands GraphiQL a working token for the demo admin.
// Only digests are stored, so the token is replaced at every start: the previous
// one is revoked and a new one created, and its value lives only in memory.
import type { PrismaClient } from '../generated/prisma/client.js';
import type { TokenService } from '../tokens/service.js';
import { DEMO_ADMIN_EMAIL } from './seed.js';

export const DEMO_TOKEN_NAME = 'GraphiQL demo (replaced at each server start)';

export async function rotateDemoToken(prisma: PrismaClient, tokens: TokenService): Promise<string | undefined> {
  const admin = await prisma.user.findUnique({ where: { email: DEMO_ADMIN_EMAIL }, include: { workspace: true } });
  if (!admin) return undefined;
  const actor = {
    userId: admin.id,
    email: admin.email,
    role: admin.role,
    workspaceId: admin.workspaceId,
    auditLogsEnabled: admin.workspace.auditLogsEnabled,
  };
  const meta = { ip: null, userAgent: 'api-tokens server (demo token)' };
  const previous = await prisma.apiToken.findMany({ where: { ownerId: admin.id, name: DEMO_TOKEN_NAME }, select: { id: true } });
  for (const { id } of previous) await tokens.revoke(actor, id, admin.id, meta);
  if (admin.role === 'WATCH_ONLY') return undefined;
  const { token } = await tokens.create(actor, { name: DEMO_TOKEN_NAME }, meta);
  return token;
}
