// The session credential: what a first-party page (the "Profile → API" page)
// uses instead of an API token. A short-lived JWT (HS256, SESSION_SECRET) names
// the user; it travels in an HttpOnly, SameSite=Strict cookie. The user's role,
// plan and token count are read fresh from the database on every request, so a
// demotion takes effect at once.
//
// Rules next to API tokens:
// - A request with an Authorization header is an API-token request; a session
//   cookie on it is ignored. Only requests without one are read as sessions.
// - Cookie requests must prove they come from this site (CSRF): they carry the
//   custom header below (which a cross-origin page cannot send without a CORS
//   preflight that this server does not grant with credentials), and when the
//   browser says where they come from (Sec-Fetch-Site, Origin) it must be here.
// - Watch-only users and non-Enterprise workspaces *can* sign in: the page must
//   show them why their tokens are suspended, and let them see and revoke those
//   tokens (which work again when the role or plan is restored). Watch-only users
//   reach the schema, whose scope rules return ForbiddenError for creating,
//   renaming and revealing. Sessions of a workspace without the Enterprise plan may
//   only read their own tokens and revoke them (see `sessionPlanGate`): every other
//   operation answers "API access requires the Enterprise plan.", exactly like
//   their API tokens would.
import { randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import type { Clock } from '../clock.js';
import type { SqlRunner } from '../db/database.js';
import type { GraphQLContext } from '../graphql/context.js';
import { authFailure, type AuthFailure } from './failures.js';
import type { SessionPrincipal } from './principal.js';
import { principalFields, USER_WORKSPACE_COLUMNS, type UserWorkspaceRow } from './user-row.js';

export const SESSION_COOKIE = 'api_tokens_session';
/** Cookie-authenticated requests must send this header (any non-empty value); the same name as Yoga's CSRF prevention plugin, so one header satisfies both. */
export const CSRF_HEADER = 'x-graphql-yoga-csrf';

const ISSUER = 'api-tokens';
const AUDIENCE = 'api-tokens:session';

export interface SessionClaims {
  userId: string;
}

export interface SessionOptions {
  secret: string;
  ttlSeconds: number;
  /** PUBLIC_URL: its host is always this site's; https adds `Secure` to the cookie. */
  publicUrl: string;
  /** The development sign-in routes exist (pick a user, no password). */
  devSignIn: boolean;
  clock: Clock;
}

export interface Sessions {
  readonly ttlSeconds: number;
  readonly devSignIn: boolean;
  readonly publicHost: string;
  issue(userId: string): Promise<string>;
  verify(jwt: string): Promise<SessionClaims | null>;
  /** Set-Cookie value that stores a session. */
  cookie(jwt: string): string;
  /** Set-Cookie value that removes the session. */
  clearCookie(): string;
}

export function createSessions(options: SessionOptions): Sessions {
  const key = new TextEncoder().encode(options.secret);
  const publicUrl = new URL(options.publicUrl);
  const attributes = `Path=/; HttpOnly; SameSite=Strict${publicUrl.protocol === 'https:' ? '; Secure' : ''}`;
  const nowSeconds = () => Math.floor(options.clock().getTime() / 1000);
  return {
    ttlSeconds: options.ttlSeconds,
    devSignIn: options.devSignIn,
    publicHost: publicUrl.host,
    issue: (userId) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(userId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setJti(randomUUID())
        .setIssuedAt(nowSeconds())
        .setExpirationTime(nowSeconds() + options.ttlSeconds)
        .sign(key),
    async verify(jwt) {
      try {
        const { payload } = await jwtVerify(jwt, key, {
          algorithms: ['HS256'],
          issuer: ISSUER,
          audience: AUDIENCE,
          requiredClaims: ['sub', 'exp'],
          currentDate: options.clock(),
          clockTolerance: 5,
        });
        return typeof payload.sub === 'string' && UUID.test(payload.sub) ? { userId: payload.sub } : null;
      } catch {
        return null;
      }
    },
    cookie: (jwt) => `${SESSION_COOKIE}=${jwt}; ${attributes}; Max-Age=${options.ttlSeconds}`,
    clearCookie: () => `${SESSION_COOKIE}=; ${attributes}; Max-Age=0`,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const JWT_SHAPE = /^[A-Za-z0-9_-]{10,2000}\.[A-Za-z0-9_-]{2,4000}\.[A-Za-z0-9_-]{20,200}$/;

/** The session cookie's value, if the Cookie header has a plausible one. */
export function readSessionCookie(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    return value === '' ? undefined : value;
  }
  return undefined;
}

/**
 * CSRF checks for a request that a browser authenticates with the cookie.
 * Returns null when the request plainly comes from this site: it sends the
 * custom header, and when the browser says where it comes from (Sec-Fetch-Site,
 * Origin), that is this host (`ownHosts`: the Host header and PUBLIC_URL's host).
 */
export function crossSiteFailure(headers: { get(name: string): string | null }, ownHosts: readonly string[]): AuthFailure | null {
  if (!headers.get(CSRF_HEADER)) return authFailure('csrf');
  const site = headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin' && site !== 'none') return authFailure('csrf');
  const origin = headers.get('origin');
  if (origin !== null) {
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      return authFailure('csrf');
    }
    if (!ownHosts.includes(host)) return authFailure('csrf');
  }
  return null;
}

/**
 * The early check for cookie requests (in the bearer gate): undefined when the
 * request is not a session request (it has an Authorization header or no
 * session cookie), else the verified claims or the failure to answer with.
 * Costs one HMAC; never touches the database.
 */
export function checkSessionRequest(
  sessions: Sessions | null,
  request: Request,
): undefined | Promise<SessionClaims | AuthFailure> {
  if (sessions === null || request.headers.has('authorization')) return undefined;
  const jwt = readSessionCookie(request.headers.get('cookie'));
  if (jwt === undefined) return undefined;
  const csrf = crossSiteFailure(request.headers, [new URL(request.url).host, sessions.publicHost]);
  if (csrf) return Promise.resolve(csrf);
  if (!JWT_SHAPE.test(jwt)) return Promise.resolve(authFailure('session_invalid'));
  return sessions.verify(jwt).then((claims) => claims ?? authFailure('session_invalid'));
}

const SESSION_LOOKUP_NAME = 'auth_session_lookup_v1';
const SESSION_LOOKUP_SQL = `SELECT ${USER_WORKSPACE_COLUMNS}
  FROM users u
  JOIN workspaces w ON w.id = u.workspace_id
 WHERE u.id = $1::uuid`;

/** Reads the session's user and workspace in one query. No policy here: see `sessionPlanGate`. */
export async function authenticateSession(
  sql: Pick<SqlRunner, 'query'>,
  claims: SessionClaims,
): Promise<SessionPrincipal | AuthFailure> {
  const rows = await sql.query<UserWorkspaceRow>(SESSION_LOOKUP_SQL, [claims.userId], SESSION_LOOKUP_NAME);
  const row = rows[0];
  if (!row) return authFailure('session_invalid');
  return { kind: 'session', tokenId: null, ...principalFields(row) };
}

/** Root fields a session of a workspace without API access may ask for: its own (suspended) tokens, read and revoke. */
const PLAN_FREE_FIELDS = new Set(['viewer', 'apiTokens', 'apiToken', 'revokedApiTokens', 'revokeApiToken', '__typename']);

function rootFieldNames(document: DocumentNode, operationName: string | null | undefined): string[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation =
    operations.length === 1 ? operations[0] : operations.find((o) => o.name?.value === operationName);
  const names: string[] = [];
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) names.push(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  if (operation) walk(operation.selectionSet);
  return names;
}

/**
 * Sessions of a workspace without the Enterprise plan may load `viewer` (so the
 * page can say why API access is unavailable), read their own tokens (suspended,
 * with the reason) and revoke them; nothing else.
 */
export const sessionPlanGate: Plugin<GraphQLContext> = {
  onExecute({ args, setResultAndStopExecution }) {
    const viewer = args.contextValue.viewer;
    if (viewer.kind !== 'session' || viewer.plan === 'ENTERPRISE') return;
    const names = rootFieldNames(args.document, args.operationName);
    if (names.every((name) => PLAN_FREE_FIELDS.has(name))) return;
    const failure = authFailure('plan');
    setResultAndStopExecution({
      errors: [
        createGraphQLError(failure.message, {
          extensions: { code: failure.code, reason: failure.reason, http: { status: failure.status } },
        }),
      ],
    });
  },
};
