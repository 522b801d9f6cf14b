// CSRF prevention where there is something to forge: a browser attaches the
// session cookie on its own, so a cookie request must prove it was sent by a
// page that could set a custom header (Yoga's CSRF prevention, plus the
// session's own origin checks in auth/session.ts). A bearer token is never
// attached by the browser — the calling code chose to send it — so a request
// that carries `Authorization: Bearer` and no session cookie needs no proof,
// and clients may send queries as plain GET (urql's default).
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import type { Plugin } from 'graphql-yoga';
import { readSessionCookie } from '../auth/session.js';

/** The header that satisfies the check; the web page and GraphiQL send it with the cookie. */
export const CSRF_REQUEST_HEADERS = ['x-graphql-yoga-csrf', 'x-requested-with'];

const BEARER = /^bearer\s/i;

/** True when the request's only credential is one its sender chose to attach. */
export function isBearerOnly(headers: Headers): boolean {
  return BEARER.test(headers.get('authorization') ?? '') && readSessionCookie(headers.get('cookie')) === undefined;
}

export function csrfPrevention(): Plugin {
  const check = useCSRFPrevention({ requestHeaders: CSRF_REQUEST_HEADERS });
  return {
    onRequestParse(payload) {
      if (isBearerOnly(payload.request.headers)) return;
      return check.onRequestParse?.(payload);
    },
  };
}
