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

/** The message a person should read for a failed operation. */
export function errorMessage(error: CombinedError): string {
  if (error.networkError) return 'Could not reach the server. Check your connection and try again.';
  return error.graphQLErrors[0]?.message ?? error.message;
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
