// The session credential: what a first-party page (the "Profile → API" page)
// uses instead of an API token. A short-lived JWT (HS256, SESSION_SECRET) names
// the user; it travels in an HttpOnly, SameSite=Strict cookie. This module signs,
// verifies and carries it; nothing else. Who the user is (role, plan) is read
// fresh on every request (auth/session-lookup.ts), so a demotion takes effect at
// once; cookie requests must also pass the CSRF rule (hardening/csrf.ts).
import { randomUUID } from 'node:crypto';
import { parseCookie, stringifySetCookie } from 'cookie';
import { jwtVerify, SignJWT } from 'jose';
import type { Clock } from '../clock.js';
import { isUuid } from '../ids.js';

export const SESSION_COOKIE = 'api_tokens_session';

const ISSUER = 'api-tokens';
const AUDIENCE = 'api-tokens:session';
// A cheap shape check before the HMAC: anything else is not a JWT of ours.
const JWT_SHAPE = /^[A-Za-z0-9_-]{10,2000}\.[A-Za-z0-9_-]{2,4000}\.[A-Za-z0-9_-]{20,200}$/;

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
  /** The claims of a valid session JWT, else null (bad shape, signature, issuer, audience, expiry or subject). */
  verify(jwt: string): Promise<SessionClaims | null>;
  /** Set-Cookie value that stores a session. */
  cookie(jwt: string): string;
  /** Set-Cookie value that removes the session. */
  clearCookie(): string;
}

/** The session cookie's value, if the Cookie header has a non-empty one. */
export function readSessionCookie(header: string | null): string | undefined {
  if (!header) return undefined;
  const value = parseCookie(header)[SESSION_COOKIE];
  return value === '' ? undefined : value;
}

export function createSessions(options: SessionOptions): Sessions {
  const key = new TextEncoder().encode(options.secret);
  const publicUrl = new URL(options.publicUrl);
  const attributes = {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: publicUrl.protocol === 'https:',
  } as const;
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
      if (!JWT_SHAPE.test(jwt)) return null;
      try {
        const { payload } = await jwtVerify(jwt, key, {
          algorithms: ['HS256'],
          issuer: ISSUER,
          audience: AUDIENCE,
          requiredClaims: ['sub', 'exp'],
          currentDate: options.clock(),
          clockTolerance: 5,
        });
        return isUuid(payload.sub) ? { userId: payload.sub } : null;
      } catch {
        return null;
      }
    },
    cookie: (jwt) =>
      stringifySetCookie({ name: SESSION_COOKIE, value: jwt, ...attributes, maxAge: options.ttlSeconds }),
    clearCookie: () => stringifySetCookie({ name: SESSION_COOKIE, value: '', ...attributes, maxAge: 0 }),
  };
}
