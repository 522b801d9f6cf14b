// Authentication, end to end, as one Yoga plugin. A request to /graphql goes:
//   onRequest          the gate: read the credential offline — `Authorization:
//                      Bearer` (prefix, length, alphabet, CRC32 checksum) or, without
//                      that header, the session cookie (CSRF rule, JWT signature) —
//                      and spend the address's failed-authentication budget. A
//                      refusal here costs no GraphQL work and no database query.
//                      Then a token is resolved, here too: through the verified-token
//                      cache or one indexed lookup (token ⋈ owner ⋈ workspace). A token
//                      the lookup refuses (unknown, revoked, expired, a canary, or one
//                      that may do nothing) is answered before any GraphQL work, like
//                      an offline refusal (issue 16: W4, the unknown-token flood, paid
//                      Yoga's parse, validation and error formatting for a 401).
//   onContextBuilding  a session is resolved by one lookup of its user; the readonly
//                      principal joins the context as `viewer`. A fault of the token
//                      lookup (database unavailable, a rate limit) is raised here, so
//                      Yoga answers it as it answers any other.
//   onExecutionResult  a refusal by the access rule (the schema's `apiAccess` scope,
//                      auth/access.ts) answers the whole request, alone: 403 and
//                      no data, as if the credential had been refused up front.
//   onResponse         say when the token stops working (`Api-Token-Expires-At`),
//                      and record its last use, off the response path.
// What the gate found waits for the context phase in Yoga's per-request server
// context (under a symbol, and the token itself is dropped once it is resolved).
// Every refusal is rendered by auth/failures.ts. The access rules on top of a
// resolved principal (plan, watch-only, admin) are the schema's scopes.
import type { GraphQLError } from 'graphql';
import { createGraphQLError, shouldRenderGraphiQL, type Plugin } from 'graphql-yoga';
import { databaseUnavailableError, isDatabaseUnavailable } from '../hardening/db-faults.js';
import { isCrossSite } from '../hardening/csrf.js';
import type { Metrics } from '../hardening/metrics.js';
import { rateLimitError, rateLimitResponse, type RateLimiter } from '../hardening/rate-limits.js';
import { annotateRequest } from '../hardening/request-info.js';
import type { TokenAuthenticator } from './authenticate.js';
import { readBearerToken } from './bearer.js';
import type { CanaryTripRecorder } from './canary-trips.js';
import {
  authFailure,
  authFailureError,
  authFailureResponse,
  isAuthFailureReason,
  type AuthFailure,
  withoutStackTrace,
} from './failures.js';
import type { LastUsedRecorder } from './last-used.js';
import type { RevokedUseRecorder } from './revoked-use.js';
import type { Principal, SessionPrincipal } from './principal.js';
import { readSessionCookie, type SessionClaims, type Sessions } from './sessions.js';

/** What the plugin adds to the GraphQL context. */
export interface AuthContext {
  readonly viewer: Principal;
}

/** A credential read and checked offline by the gate, not yet resolved. */
type Credential = { kind: 'token'; token: string } | { kind: 'session'; claims: SessionClaims };

/** What the gate leaves for the context phase: a session to resolve, a resolved token, or the token lookup's fault. */
type Pending =
  | { kind: 'session'; claims: SessionClaims }
  | { kind: 'resolved'; viewer: Principal }
  | { kind: 'fault'; error: unknown };

const STATE = Symbol('api-tokens auth');

/** The plugin's slot in Yoga's per-request server context. */
interface AuthSlot {
  [STATE]?: { pending?: Pending; touch?: () => void; expiresAt?: Date | null };
}

/**
 * On every response to a request authenticated by a token that expires: when the
 * credential stops working (ISO 8601), like GitHub's GitHub-Authentication-Token-Expiration.
 * For a secret a rotation replaced, the end of its overlap if that comes first.
 */
export const EXPIRES_AT_HEADER = 'Api-Token-Expires-At';

export interface AuthPluginOptions {
  tokenPrefix: string;
  /** GraphiQL's page is served without a credential (its requests then carry one). */
  graphiql: boolean;
  /** Browser sessions; null when disabled (no SESSION_SECRET). */
  sessions: Sessions | null;
  authenticateToken: TokenAuthenticator;
  lookUpSession(claims: SessionClaims): Promise<SessionPrincipal | null>;
  rateLimiter: RateLimiter;
  lastUsed: LastUsedRecorder;
  /** Counts requests made with revoked tokens on their records (auth/revoked-use.ts). */
  revokedUses: RevokedUseRecorder;
  /** Records every use of a canary token (auth/canary-trips.ts). */
  canaryTrips: CanaryTripRecorder;
  metrics: Pick<Metrics, 'authFailure'>;
  /** The caller's address as the rate limits count it (forwarded only behind a trusted proxy). */
  clientIp(request: Request, serverContext: object): string | null;
}

/** An error raised by authFailureError (auth/failures.ts), wherever in execution it was thrown. */
const isRefusal = (error: GraphQLError) =>
  isAuthFailureReason(error.extensions.reason) && error.extensions.http !== undefined;

const failed = (error: unknown): never => {
  throw isDatabaseUnavailable(error) ? databaseUnavailableError() : error;
};

export function authPlugin(options: AuthPluginOptions): Plugin<AuthContext & AuthSlot, AuthSlot> {
  const { sessions, rateLimiter } = options;

  // A failed authentication in metrics and the log line (the rate limiter counted it before the check).
  const recordFailure = (request: Request, failure: AuthFailure) => {
    options.metrics.authFailure(failure.reason);
    annotateRequest(request, { authFailure: failure.reason });
  };

  /**
   * The request's credential, checked offline. A request with an Authorization
   * header is an API-token request (a cookie on it is ignored); one without it but
   * with the session cookie is a session request. Costs at most one HMAC.
   */
  const readCredential = async (request: Request): Promise<Credential | AuthFailure> => {
    const jwt =
      sessions && !request.headers.has('authorization') ? readSessionCookie(request.headers.get('cookie')) : undefined;
    if (sessions && jwt !== undefined) {
      if (isCrossSite(request.headers, [new URL(request.url).host, sessions.publicHost])) return authFailure('csrf');
      const claims = await sessions.verify(jwt);
      return claims ? { kind: 'session', claims } : authFailure('session_invalid');
    }
    const bearer = readBearerToken(request.headers.get('authorization'), options.tokenPrefix);
    return 'reason' in bearer ? bearer : { kind: 'token', token: bearer.token };
  };

  const resolveSession = async (request: Request, claims: SessionClaims): Promise<Principal> => {
    const principal = await options.lookUpSession(claims).catch(failed);
    if (!principal) throw authFailureError(authFailure('session_invalid'));
    annotateRequest(request, { userId: principal.userId });
    // No token, so no last use to record and no per-token budget.
    return principal;
  };

  /** The token's principal, or why it is refused; throws on a fault (database unavailable, a rate limit). */
  const resolveToken = async (
    request: Request,
    token: string,
    ip: string | null,
    slot: NonNullable<AuthSlot[typeof STATE]>,
  ): Promise<Principal | AuthFailure> => {
    // Consume first, then decide: the lookup of a token not verified yet takes a
    // point of the address's failed-authentication budget (or is refused with 429
    // without touching the database); only a refused token (401) keeps it.
    let tookPoint = false;
    let result: Awaited<ReturnType<TokenAuthenticator>> | undefined;
    try {
      result = await options
        .authenticateToken(token, {
          beforeLookup: async () => {
            const blocked = await rateLimiter.takeAuthAttempt(ip);
            if (blocked) {
              annotateRequest(request, { rateLimited: blocked.limiter });
              throw rateLimitError(blocked);
            }
            tookPoint = true;
          },
        })
        .catch(failed);
    } finally {
      // Off the response path (the limiter never throws); the store applies it in order.
      if (tookPoint && !(result && 'reason' in result && result.status === 401)) void rateLimiter.returnAuthAttempt(ip);
    }
    if ('reason' in result) {
      recordFailure(request, result);
      // Something still holds a revoked token: counted on its record, off the response path.
      if ('revokedTokenId' in result) options.revokedUses.record(result.revokedTokenId, ip);
      // A canary's use is recorded the same way; its answer is that of an unknown token, exactly.
      if ('canaryTokenId' in result)
        options.canaryTrips.record(result.canaryTokenId, { ip, userAgent: request.headers.get('user-agent') });
      return result;
    }
    const { principal, lastUsedAt, previousSecret } = result;
    annotateRequest(request, { userId: principal.userId, tokenId: principal.tokenId });
    const overBudget = await rateLimiter.consumeToken(principal.tokenId);
    if (overBudget) {
      annotateRequest(request, { rateLimited: overBudget.limiter });
      throw rateLimitError(overBudget);
    }
    // Where from, too (TRUST_PROXY decides the address), under the same throttle.
    const from = { ip, userAgent: request.headers.get('user-agent') };
    slot.touch = () => options.lastUsed.record(principal.tokenId, lastUsedAt, from, previousSecret);
    slot.expiresAt = principal.expiresAt;
    return principal;
  };

  return {
    async onRequest({ request, url, endResponse, fetchAPI, serverContext }) {
      if (url.pathname !== '/graphql' || request.method === 'OPTIONS') return;
      if (options.graphiql && shouldRenderGraphiQL(request)) return;
      const ip = options.clientIp(request, serverContext);
      const credential = await readCredential(request);
      // Past the address's failed-authentication budget, every request gets 429. A
      // credential refused offline (401) takes its point here; a token that needs a
      // lookup takes it just before the lookup (resolveToken).
      const refusedOffline = 'reason' in credential && credential.status === 401;
      const blocked = refusedOffline ? await rateLimiter.takeAuthAttempt(ip) : await rateLimiter.checkClient(ip);
      if (blocked) {
        annotateRequest(request, { rateLimited: blocked.limiter });
        endResponse(rateLimitResponse(blocked, fetchAPI));
        return;
      }
      if ('reason' in credential) {
        recordFailure(request, credential);
        endResponse(authFailureResponse(credential, fetchAPI));
        return;
      }
      if (credential.kind === 'session') {
        serverContext[STATE] = { pending: credential };
        return;
      }
      const slot: NonNullable<AuthSlot[typeof STATE]> = {};
      serverContext[STATE] = slot;
      let resolved: Principal | AuthFailure;
      try {
        resolved = await resolveToken(request, credential.token, ip, slot);
      } catch (error) {
        slot.pending = { kind: 'fault', error };
        return;
      }
      if ('reason' in resolved) {
        endResponse(authFailureResponse(resolved, fetchAPI));
        return;
      }
      slot.pending = { kind: 'resolved', viewer: resolved };
    },

    async onContextBuilding({ context, extendContext }) {
      const slot = context[STATE];
      const pending = slot?.pending;
      // Only a request the gate let through gets here (it guards all of /graphql).
      if (!slot || !pending) throw authFailureError(authFailure('missing'));
      // Nothing of the credential is kept past its resolution.
      delete slot.pending;
      if (pending.kind === 'fault') throw pending.error;
      const viewer =
        pending.kind === 'resolved' ? pending.viewer : await resolveSession(context.request, pending.claims);
      extendContext({ viewer });
    },

    onExecutionResult({ result, setResult }) {
      if (!result || Symbol.asyncIterator in result) return;
      const refusal = result.errors?.find(isRefusal);
      // Without path or location: it is about the request, not one field.
      if (refusal)
        setResult({
          errors: [withoutStackTrace(() => createGraphQLError(refusal.message, { extensions: refusal.extensions }))],
        });
    },

    onResponse({ serverContext, response }) {
      const slot = serverContext[STATE];
      if (slot?.expiresAt) response.headers.set(EXPIRES_AT_HEADER, slot.expiresAt.toISOString());
      slot?.touch?.();
    },
  };
}
