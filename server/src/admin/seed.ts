// Demo data: an Enterprise workspace with audit logs (admin, member, watch-only
// user) and a second workspace on a lower plan. Idempotent: safe to run again.
import type { PrismaClient } from '../generated/prisma/client.js';

export const DEMO_ADMIN_EMAIL = 'admin@acme.test';

export interface SeedResult {
  workspaces: { name: string; plan: string; auditLogsEnabled: boolean }[];
  users: { email: string; role: string; workspace: string }[];
}

const DEMO = [
  {
    name: 'Acme (demo)',
    plan: 'ENTERPRISE',
    auditLogsEnabled: true,
    users: [
      { email: DEMO_ADMIN_EMAIL, name: 'Ada Admin', role: 'ADMIN' },
      { email: 'member@acme.test', name: 'Max Member', role: 'MEMBER' },
      { email: 'watcher@acme.test', name: 'Wanda Watcher', role: 'WATCH_ONLY' },
    ],
  },
  {
    name: 'Globex (demo)',
    plan: 'TEAM',
    auditLogsEnabled: false,
    users: [{ email: 'dev@globex.test', name: 'Dana Developer', role: 'ADMIN' }],
  },
] as const;

export async function seedDemo(prisma: PrismaClient): Promise<SeedResult> {
  const result: SeedResult = { workspaces: [], users: [] };
  await prisma.$transaction(async (tx) => {
    for (const spec of DEMO) {
      const owner = await tx.user.findUnique({ where: { email: spec.users[0].email }, select: { workspaceId: true } });
      const workspace = owner
        ? await tx.workspace.update({
            where: { id: owner.workspaceId },
            data: { plan: spec.plan, auditLogsEnabled: spec.auditLogsEnabled },
          })
        : await tx.workspace.create({
            data: { name: spec.name, plan: spec.plan, auditLogsEnabled: spec.auditLogsEnabled },
          });
      result.workspaces.push({
        name: workspace.name,
        plan: workspace.plan,
        auditLogsEnabled: workspace.auditLogsEnabled,
      });
      for (const user of spec.users) {
        await tx.user.upsert({
          where: { email: user.email },
          create: { ...user, workspaceId: workspace.id },
          update: { role: user.role, workspaceId: workspace.id },
        });
        result.users.push({ email: user.email, role: user.role, workspace: workspace.name });
      }
    }
  });
  return result;
}
