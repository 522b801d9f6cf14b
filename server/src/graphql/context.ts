import type { Principal } from '../auth/principal.js';
import type { VerificationCache } from '../auth/verification-cache.js';
import type { Clock } from '../clock.js';
import type { RequestMeta } from '../audit/audit.js';
import type { SqlRunner } from '../db/database.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { TokenPolicyService } from '../tokens/policy.js';
import type { TokenService } from '../tokens/service.js';

/** Everything a resolver may use. Built once per request by the context factory. */
export interface GraphQLContext {
  readonly prisma: PrismaClient;
  /** Direct driver access for hot read paths (same database as `prisma`). */
  readonly sql: Pick<SqlRunner, 'query'>;
  readonly viewer: Principal;
  readonly meta: RequestMeta;
  readonly tokens: TokenService;
  readonly tokenPolicy: TokenPolicyService;
  /** The deployment has TOKEN_ENCRYPTION_KEY: new tokens can be kept for re-viewing (if the workspace opts in). */
  readonly tokenRevealEnabled: boolean;
  readonly publicUrl: string;
  /** The server's clock (statuses such as EXPIRED are computed against it). */
  readonly clock: Clock;
  /** Verified-token cache: writes that change authentication go through its fence. */
  readonly authCache: VerificationCache;
  /** The viewer's token count, when this request's apiTokens page already read it. */
  apiTokenCount?: number;
}
