import type { AuthContext } from '../auth/plugin.js';
import type { RequestMeta } from '../audit/audit.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { Clock } from '../clock.js';
import type { TokenPolicyService } from '../tokens/policy.js';
import type { TokenService } from '../tokens/service.js';
import type { WebhookService } from '../webhooks/service.js';

/** What app.ts puts in every request's context. */
export interface RequestContext {
  /** For the Prisma plugin's types (users, workspaces, audit events); token rows only through `tokens`. */
  readonly prisma: PrismaClient;
  readonly meta: RequestMeta;
  readonly tokens: TokenService;
  /** Webhook endpoints (workspace admins). */
  readonly webhooks: WebhookService;
  /** The workspace token policy (re-viewing); its writes go through here. */
  readonly tokenPolicy: TokenPolicyService;
  /** The deployment has TOKEN_ENCRYPTION_KEY: new tokens can be kept for re-viewing (if the workspace opts in). */
  readonly tokenRevealEnabled: boolean;
  readonly publicUrl: string;
  /** The server's clock (statuses such as EXPIRED are computed against it). */
  readonly clock: Clock;
}

/**
 * Everything a resolver may use, built once per request; nothing in it changes
 * afterwards. `viewer` (who is calling) comes from the authentication plugin.
 */
export type GraphQLContext = RequestContext & AuthContext;
