// A signed-in page request without a browser: a session minted by the server's own
// Sessions (the same JWT the sign-in route sets), sent as the cookie with the CSRF
// header, exactly as the token page sends it.
import { CSRF_HEADER, SESSION_COOKIE } from '../../server/src/auth/session.js';
import type { TestServer } from './server.js';

export async function sessionOf(server: TestServer, userId: string): Promise<{ headers: Record<string, string> }> {
  const sessions = server.started.app.sessions;
  if (!sessions) throw new Error('sessions are disabled on this test server');
  const jwt = await sessions.issue(userId);
  return { headers: { cookie: `${SESSION_COOKIE}=${jwt}`, [CSRF_HEADER]: '1' } };
}
