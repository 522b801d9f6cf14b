import type { Principal } from '../auth/principal.js';
import type { RequestMeta } from '../audit/audit.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { Clock } from '../clock.js';
import type { TokenPolicyService } from '../tokens/policy.js';
import type { TokenService } from '../tokens/service.js';

/** Everything a resolver may use. Built once per request; nothing in it changes afterwards. */
export interface GraphQLContext {
  /** For the Prisma plugin's types (users, workspaces, audit events); token rows only through `tokens`. */
  readonly prisma: PrismaClient;
  /** Who is calling, resolved by the authentication plugin (auth/plugin.ts). */
  readonly viewer: Principal;
  readonly meta: RequestMeta;
  readonly tokens: TokenService;
  /** The workspace token policy (re-viewing); its writes go through here. */
  readonly tokenPolicy: TokenPolicyService;
  /** The deployment has TOKEN_ENCRYPTION_KEY: new tokens can be kept for re-viewing (if the workspace opts in). */
  readonly tokenRevealEnabled: boolean;
  readonly publicUrl: string;
  /** The server's clock (statuses such as EXPIRED are computed against it). */
  readonly clock: Clock;
}
