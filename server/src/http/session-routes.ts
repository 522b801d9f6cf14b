// Signing in and out of the web page.
//   POST /auth/sign-out        always (when sessions are on): clears the cookie.
//   GET  /auth/dev/users       development only: the users one may sign in as.
//   POST /auth/dev/sign-in     development only: {"email"} → session cookie.
// The development routes do not exist (404) unless DEV_SIGN_IN is on, which
// configuration refuses in production, and then only for the developer's own
// browser: a server listening on loopback, a loopback Host (http/loopback.ts).
// A production deployment signs people in through its own product, which
// issues the same JWT (see README).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App } from '../app.js';
import { authFailure, authFailureBody, authFailureInit } from '../auth/failures.js';
import { isCrossSite } from '../hardening/csrf.js';
import type { Logger } from '../logger.js';

const MAX_BODY = 4_096;

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

function notFound(res: ServerResponse): void {
  sendJson(res, 404, { errors: [{ message: 'Not found.', extensions: { code: 'NOT_FOUND' } }] });
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
      } catch (error) {
        reject(error);
      }
    });
    req.on('error', reject);
  });
}

function headerGetter(req: IncomingMessage) {
  return {
    get(name: string): string | null {
      const value = req.headers[name.toLowerCase()];
      return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
    },
  };
}

/** Handles `/auth/*`; returns false for other paths. */
export function handleSessionRoute(
  app: App,
  logger: Logger,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): boolean {
  if (!path.startsWith('/auth/')) return false;
  const sessions = app.sessions;
  if (!sessions) {
    notFound(res);
    return true;
  }
  // The same CSRF rule as cookie requests to /graphql, answered by the same renderer.
  const crossSite = () => {
    if (!isCrossSite(headerGetter(req), [req.headers.host ?? '', sessions.publicHost])) return false;
    const failure = authFailure('csrf');
    const init = authFailureInit(failure);
    res.writeHead(init.status, { ...init.headers, 'cache-control': 'no-store' });
    res.end(authFailureBody(failure));
    return true;
  };

  if (path === '/auth/sign-out' && req.method === 'POST') {
    if (crossSite()) return true;
    res.writeHead(204, { 'set-cookie': sessions.clearCookie(), 'cache-control': 'no-store' });
    res.end();
    return true;
  }

  if (!sessions.devSignIn) {
    notFound(res);
    return true;
  }
  if (!app.devAccess(req)) {
    logger.info(
      { path, host: req.headers.host },
      'development sign-in refused: it answers only loopback requests (open the page at http://localhost:<port>/ on the server’s machine)',
    );
    notFound(res);
    return true;
  }

  if (path === '/auth/dev/users' && req.method === 'GET') {
    void app.directory.listForSignIn().then(
      (users) => sendJson(res, 200, { users }),
      (error: unknown) => {
        logger.error({ err: error }, 'could not list users for dev sign-in');
        sendJson(res, 500, { errors: [{ message: 'Could not list users.' }] });
      },
    );
    return true;
  }

  if (path === '/auth/dev/sign-in' && req.method === 'POST') {
    if (crossSite()) return true;
    void (async () => {
      let email: unknown;
      try {
        email = ((await readJson(req)) as { email?: unknown } | null)?.email;
      } catch {
        return sendJson(res, 400, { errors: [{ message: 'Send {"email": "..."} as JSON.' }] });
      }
      if (typeof email !== 'string' || email.length > 320) {
        return sendJson(res, 400, { errors: [{ message: 'Send {"email": "..."} as JSON.' }] });
      }
      const user = await app.directory.findUserForSignIn(email);
      if (!user) return sendJson(res, 404, { errors: [{ message: `No user with the email ${email}.` }] });
      const jwt = await sessions.issue(user.id);
      logger.info({ userId: user.id }, 'development sign-in');
      sendJson(res, 200, { email: user.email }, { 'set-cookie': sessions.cookie(jwt) });
    })().catch((error: unknown) => {
      logger.error({ err: error }, 'development sign-in failed');
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Sign-in failed.' }] });
    });
    return true;
  }

  notFound(res);
  return true;
}
