// In development each server instance gets a demo token of its own for the
// demo admin: GraphiQL pre-fills it (on loopback, see http/graphiql.ts) and the
// `serve` banner prints it. Only digests are stored, so its value lives in the
// instance's memory and nowhere else.
//
// Several instances may share one database (two terminals, a test run next to
// `pnpm dev`), so no instance touches another's live token:
// - the name says whose it is (host and process id), and it expires after
//   DEMO_TOKEN_LIFETIME_MS, so the token of an instance that was killed stops
//   working on its own;
// - at start an instance revokes only demo tokens that have expired (and the
//   never-expiring ones earlier versions made, one shared name for all);
// - at shutdown it revokes its own.
// A server that runs longer than the lifetime needs a restart for a new token.
import { hostname } from 'node:os';
import type { RequestMeta } from '../audit/audit.js';
import { systemClock, type Clock } from '../clock.js';
import type { TokenService } from '../tokens/service.js';
import type { Directory } from './directory.js';
import { DEMO_ADMIN_EMAIL } from './seed.js';

export const DEMO_TOKEN_NAME_PREFIX = 'GraphiQL demo token of ';
/** The name every instance used before demo tokens were per instance; never expires, so swept at start. */
export const LEGACY_DEMO_TOKEN_NAME = 'GraphiQL demo (replaced at each server start)';
export const DEMO_TOKEN_LIFETIME_MS = 7 * 24 * 3600 * 1000;

const META: RequestMeta = { ip: null, userAgent: 'api-tokens server (demo token)' };

export interface DemoToken {
  /** The plaintext, for this instance only. */
  token: string;
  tokenId: string;
  name: string;
  expiresAt: Date;
  /** Revokes this instance's token (nothing else); resolves even when it is already gone. */
  revoke(): Promise<void>;
}

export interface DemoTokenOptions {
  clock?: Clock;
  /** Names the instance in the token's name (default: host and process id). */
  instance?: string;
}

export function demoTokenName(instance: string): string {
  return `${DEMO_TOKEN_NAME_PREFIX}${instance}`.slice(0, 100);
}

/** Sweeps expired demo tokens, then creates this instance's. Undefined without a demo admin that may hold tokens. */
export async function issueDemoToken(
  directory: Directory,
  tokens: TokenService,
  options: DemoTokenOptions = {},
): Promise<DemoToken | undefined> {
  const clock = options.clock ?? systemClock;
  const admin = await directory.tokenOwnerOrNull(DEMO_ADMIN_EMAIL);
  // A watch-only admin may neither hold nor revoke tokens (and theirs cannot authenticate).
  if (!admin || admin.role === 'WATCH_ONLY') return undefined;
  const now = clock().getTime();
  const stale = (await tokens.list(admin.userId)).filter(
    ({ name, expiresAt }) =>
      (name.startsWith(DEMO_TOKEN_NAME_PREFIX) && expiresAt !== null && expiresAt.getTime() <= now) ||
      name === LEGACY_DEMO_TOKEN_NAME,
  );
  // Another instance starting at the same moment may sweep the same rows: revoke answers null then.
  for (const { id } of stale) await tokens.revoke(admin, id, META);
  const name = demoTokenName(options.instance ?? `${hostname().slice(0, 60)} pid ${process.pid}`);
  const expiresAt = new Date(now + DEMO_TOKEN_LIFETIME_MS);
  const { apiToken, token } = await tokens.create(admin, { name, expiresAt }, META);
  return {
    token,
    tokenId: apiToken.id,
    name: apiToken.name,
    expiresAt,
    revoke: async () => {
      await tokens.revoke(admin, apiToken.id, META);
    },
  };
}
