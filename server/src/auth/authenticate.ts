// Turns a well-formed token into a Principal with one indexed query that folds
// token → owner → workspace, then applies the product's rules in order.
import type { Clock } from '../clock.js';
import type { Plan, PrismaClient, Role } from '../generated/prisma/client.js';
import type { TokenDigester } from '../tokens/digest.js';
import { authFailure, type AuthFailure } from './failures.js';
import type { ApiTokenPrincipal } from './principal.js';

interface TokenOwnerRow {
  token_id: string;
  expires_at: Date | null;
  last_used_at: Date | null;
  user_id: string;
  email: string;
  role: Role;
  api_token_count: number;
  workspace_id: string;
  plan: Plan;
  audit_logs_enabled: boolean;
}

export interface Authenticated {
  principal: ApiTokenPrincipal;
  lastUsedAt: Date | null;
}

export async function authenticateToken(
  prisma: PrismaClient,
  digest: TokenDigester,
  clock: Clock,
  token: string,
): Promise<Authenticated | AuthFailure> {
  const rows = await prisma.$queryRaw<TokenOwnerRow[]>`
    SELECT t.id AS token_id, t.expires_at, t.last_used_at,
           u.id AS user_id, u.email, u.role::text AS role, u.api_token_count,
           w.id AS workspace_id, w.plan::text AS plan, w.audit_logs_enabled
      FROM api_tokens t
      JOIN users u ON u.id = t.owner_id
      JOIN workspaces w ON w.id = u.workspace_id
     WHERE t.digest = ${digest(token)}`;
  const row = rows[0];
  if (!row) return authFailure('unknown');
  if (row.expires_at !== null && new Date(row.expires_at).getTime() <= clock().getTime()) {
    return authFailure('expired');
  }
  if (row.role === 'WATCH_ONLY') return authFailure('watch_only');
  if (row.plan !== 'ENTERPRISE') return authFailure('plan');
  return {
    principal: {
      kind: 'apiToken',
      tokenId: row.token_id,
      userId: row.user_id,
      email: row.email,
      role: row.role,
      workspaceId: row.workspace_id,
      plan: row.plan,
      auditLogsEnabled: row.audit_logs_enabled,
      apiTokenCount: Number(row.api_token_count),
    },
    lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at),
  };
}
