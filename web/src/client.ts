// The page's GraphQL client: same-origin requests that carry the session cookie
// (HttpOnly, so this code never sees it) and the CSRF header the server requires
// of cookie requests. No cache exchange: every view asks the server and nothing
// is kept. Operations go out by hash (the SDK's trusted-documents exchange), so
// the page works on a server with TRUSTED_DOCUMENTS; a server without answers
// the first one "not supported" and the page sends text from then on.
import { trustedDocumentsExchange } from '@api-tokens/sdk';
import { Client, fetchExchange, mapExchange, type CombinedError } from 'urql';

export const CSRF_HEADERS = { 'x-graphql-yoga-csrf': '1' };

/** True when the server answered 401: there is no (valid) session. */
export function isUnauthenticated(error: CombinedError | undefined): boolean {
  if (!error) return false;
  if ((error.response as Response | undefined)?.status === 401) return true;
  return error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
}

/** Seconds to wait from a Retry-After header (seconds or an HTTP date), or null. */
export function retryAfterSeconds(value: string | null | undefined, now: number = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * The message a person should read for a failed operation. What went wrong
 * decides what they can do, so overload, a server fault and no connection
 * each say something different.
 */
export function errorMessage(error: CombinedError): string {
  const response = error.response as Response | undefined;
  const status = typeof response?.status === 'number' ? response.status : undefined;
  if (status === 429) {
    const seconds = retryAfterSeconds(response?.headers?.get('retry-after'));
    return seconds === null
      ? 'Too many requests. Try again in a moment.'
      : `Too many requests. Try again in ${seconds} s.`;
  }
  if (status !== undefined && status >= 500) {
    return `The server had a problem (HTTP ${status}). Try again in a moment; if it keeps happening, tell your administrator.`;
  }
  if (error.networkError && status === undefined)
    return 'Could not reach the server. Check your connection and try again.';
  return error.graphQLErrors[0]?.message ?? (status ? `The request failed (HTTP ${status}).` : error.message);
}

export function createPageClient(onSignedOut: () => void): Client {
  return new Client({
    url: '/graphql',
    preferGetMethod: false,
    fetchOptions: { credentials: 'same-origin', headers: CSRF_HEADERS },
    exchanges: [
      mapExchange({
        onError(error) {
          if (isUnauthenticated(error)) onSignedOut();
        },
      }),
      trustedDocumentsExchange(),
      fetchExchange,
    ],
  });
}

export async function signOut(): Promise<void> {
  await fetch('/auth/sign-out', { method: 'POST', credentials: 'same-origin', headers: CSRF_HEADERS });
}
