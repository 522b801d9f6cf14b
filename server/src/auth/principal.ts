import type { Plan, Role } from '../generated/prisma/client.js';

/** Who is calling, resolved once per request by the context factory. Readonly by design. */
export interface Principal {
  readonly tokenId: string;
  readonly userId: string;
  readonly email: string;
  readonly role: Role;
  readonly workspaceId: string;
  readonly plan: Plan;
  readonly auditLogsEnabled: boolean;
  readonly apiTokenCount: number;
}
