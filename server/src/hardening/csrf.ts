// CSRF prevention where there is something to forge: a browser attaches the
// session cookie on its own, so a cookie request must prove it was sent by a
// page that could set a custom header (Yoga's CSRF prevention, plus the origin
// rule below). A bearer token is never attached by the browser — the calling
// code chose to send it — so a request that carries `Authorization: Bearer` and
// no session cookie needs no proof, and clients may send queries as plain GET
// (urql's default).
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { parseCookie } from 'cookie';
import type { Plugin } from 'graphql-yoga';

/** Cookie-authenticated requests must send this header (any non-empty value): the name Yoga's CSRF prevention checks too, so one header satisfies both. */
export const CSRF_HEADER = 'x-graphql-yoga-csrf';

/** The headers that satisfy Yoga's check; the web page and GraphiQL send the first with the cookie. */
export const CSRF_REQUEST_HEADERS = [CSRF_HEADER, 'x-requested-with'];

const BEARER = /^bearer\s/i;

interface HeaderReader {
  get(name: string): string | null;
}

/**
 * True unless the request plainly comes from this site: it sends the custom
 * header, and when the browser says where it comes from (Sec-Fetch-Site,
 * Origin), that is this host (`ownHosts`: the Host header and PUBLIC_URL's host).
 */
export function isCrossSite(headers: HeaderReader, ownHosts: readonly string[]): boolean {
  if (!headers.get(CSRF_HEADER)) return true;
  const site = headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin' && site !== 'none') return true;
  const origin = headers.get('origin');
  if (origin === null) return false;
  try {
    return !ownHosts.includes(new URL(origin).host);
  } catch {
    return true;
  }
}

/** Yoga's CSRF prevention for every request but those whose only credential is a bearer token. */
export function csrfPrevention(sessionCookie: string): Plugin {
  const check = useCSRFPrevention({ requestHeaders: CSRF_REQUEST_HEADERS });
  const isBearerOnly = (headers: Headers) => {
    if (!BEARER.test(headers.get('authorization') ?? '')) return false;
    const cookies = headers.get('cookie');
    return !cookies || !parseCookie(cookies)[sessionCookie];
  };
  return {
    onRequestParse(payload) {
      if (isBearerOnly(payload.request.headers)) return;
      return check.onRequestParse?.(payload);
    },
  };
}
