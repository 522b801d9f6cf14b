// Operator actions on workspaces and users (the CLI's `workspace` and `user`
// commands). Input is validated here so every caller gets the same errors.
import { ValidationError } from '../errors.js';
import type { Plan, PrismaClient, Role, User, Workspace } from '../generated/prisma/client.js';
import { Prisma } from '../generated/prisma/client.js';
import { isUuid } from '../ids.js';
import type { TokenOwner } from '../tokens/service.js';

export const PLANS: readonly Plan[] = ['FREE', 'TEAM', 'ENTERPRISE'];
export const ROLES: readonly Role[] = ['ADMIN', 'MEMBER', 'WATCH_ONLY'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function parsePlan(value: string): Plan {
  const plan = value.toUpperCase() as Plan;
  if (!PLANS.includes(plan)) throw new ValidationError(`Plan must be one of ${PLANS.join(', ')}.`, 'plan');
  return plan;
}

export function parseRole(value: string): Role {
  const role = value.toUpperCase().replace('-', '_') as Role;
  if (!ROLES.includes(role)) throw new ValidationError(`Role must be one of ${ROLES.join(', ')}.`, 'role');
  return role;
}

function requireName(value: string, field: string): string {
  const name = value.trim();
  if (name.length === 0 || name.length > 100) throw new ValidationError(`${field} must be 1–100 characters.`, field);
  return name;
}

function normaliseEmail(value: string): string {
  const email = value.trim().toLowerCase();
  if (!EMAIL.test(email)) throw new ValidationError(`"${value}" is not an email address.`, 'email');
  return email;
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

/** A user as the owner of tokens: the one place that maps a user row to the audit actor. */
export function tokenOwner(user: User & { workspace: Pick<Workspace, 'auditLogsEnabled'> }): TokenOwner {
  return {
    userId: user.id,
    email: user.email,
    role: user.role,
    workspaceId: user.workspaceId,
    auditLogsEnabled: user.workspace.auditLogsEnabled,
  };
}

export class Directory {
  constructor(private readonly prisma: PrismaClient) {}

  createWorkspace(input: { name: string; plan?: string; auditLogs?: boolean }): Promise<Workspace> {
    return this.prisma.workspace.create({
      data: {
        name: requireName(input.name, 'name'),
        plan: input.plan ? parsePlan(input.plan) : 'FREE',
        auditLogsEnabled: input.auditLogs ?? false,
      },
    });
  }

  async findWorkspace(idOrName: string): Promise<Workspace> {
    const byId = isUuid(idOrName) ? await this.prisma.workspace.findUnique({ where: { id: idOrName } }) : null;
    if (byId) return byId;
    const byName = await this.prisma.workspace.findMany({ where: { name: idOrName }, take: 2 });
    if (byName.length === 1 && byName[0]) return byName[0];
    if (byName.length > 1)
      throw new ValidationError(`Several workspaces are named "${idOrName}"; use the id.`, 'workspace');
    throw new ValidationError(`No workspace "${idOrName}".`, 'workspace');
  }

  async updateWorkspace(
    idOrName: string,
    input: { name?: string; plan?: string; auditLogs?: boolean },
  ): Promise<Workspace> {
    const workspace = await this.findWorkspace(idOrName);
    return this.prisma.workspace.update({
      where: { id: workspace.id },
      data: {
        ...(input.name !== undefined && { name: requireName(input.name, 'name') }),
        ...(input.plan !== undefined && { plan: parsePlan(input.plan) }),
        ...(input.auditLogs !== undefined && { auditLogsEnabled: input.auditLogs }),
      },
    });
  }

  async createUser(input: { email: string; name: string; role?: string; workspace: string }): Promise<User> {
    const workspace = await this.findWorkspace(input.workspace);
    try {
      return await this.prisma.user.create({
        data: {
          email: normaliseEmail(input.email),
          name: requireName(input.name, 'name'),
          role: input.role ? parseRole(input.role) : 'MEMBER',
          workspaceId: workspace.id,
        },
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ValidationError(`A user with email ${input.email} exists.`, 'email');
      throw error;
    }
  }

  async findUserByEmail(email: string): Promise<User & { workspace: Workspace }> {
    const user = await this.prisma.user.findUnique({
      where: { email: normaliseEmail(email) },
      include: { workspace: true },
    });
    if (!user) throw new ValidationError(`No user with email ${email}.`, 'email');
    return user;
  }

  /** The users the development sign-in offers (the first 50, oldest workspace first). */
  listForSignIn() {
    return this.prisma.user.findMany({
      select: {
        email: true,
        name: true,
        role: true,
        workspace: { select: { name: true, plan: true, auditLogsEnabled: true } },
      },
      orderBy: [{ workspace: { createdAt: 'asc' } }, { createdAt: 'asc' }],
      take: 50,
    });
  }

  /** The user the development sign-in signs in, by the exact email given; null when there is none. */
  findUserForSignIn(email: string): Promise<{ id: string; email: string } | null> {
    return this.prisma.user.findUnique({ where: { email }, select: { id: true, email: true } });
  }

  /** The user as the owner (and audit actor) of their tokens. */
  async findTokenOwner(email: string): Promise<TokenOwner> {
    return tokenOwner(await this.findUserByEmail(email));
  }

  /** Like `findTokenOwner`, but null when there is no such user. */
  async tokenOwnerOrNull(email: string): Promise<TokenOwner | null> {
    const user = await this.prisma.user.findUnique({
      where: { email: normaliseEmail(email) },
      include: { workspace: true },
    });
    return user && tokenOwner(user);
  }

  async updateUser(email: string, input: { name?: string; role?: string }): Promise<User> {
    const user = await this.findUserByEmail(email);
    return this.prisma.user.update({
      where: { id: user.id },
      data: {
        ...(input.name !== undefined && { name: requireName(input.name, 'name') }),
        ...(input.role !== undefined && { role: parseRole(input.role) }),
      },
    });
  }
}
