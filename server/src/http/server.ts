// The HTTP edge: health endpoints next to the GraphQL app, and a shutdown that
// lets in-flight requests finish before the database is closed.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '../app.js';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import { handleSessionRoute } from './session-routes.js';
import { createWebHandler } from './static.js';
import { applySecurityHeaders } from '../hardening/security-headers.js';
import { DATABASE_UNAVAILABLE_MESSAGE } from '../hardening/db-faults.js';

export interface HttpOptions {
  /** Answer 503 when a request has not been answered within this time. */
  requestTimeoutMs?: number;
  /** Send Strict-Transport-Security (the public URL is https). */
  https?: boolean;
}

export interface RunningServer {
  server: Server;
  url: string;
  port: number;
  /** Stops accepting connections, waits for in-flight requests (up to `graceMs`), then resolves. */
  close(graceMs?: number): Promise<void>;
}

async function isDatabaseReachable(db: Database): Promise<boolean> {
  try {
    await Promise.race([
      db.sql.query('SELECT 1'),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2_000).unref()),
    ]);
    return true;
  } catch {
    return false;
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

export function createHttpServer(app: App, db: Database, logger: Logger, options: HttpOptions = {}): Server {
  const requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
  const serveWeb = createWebHandler();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    applySecurityHeaders(req, res, { https: options.https ?? false });
    if (app.metrics.handle(req, res)) return;
    const path = req.url?.split('?')[0];
    if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      void isDatabaseReachable(db).then((ok) =>
        sendJson(
          res,
          ok ? 200 : 503,
          ok
            ? { status: 'ready' }
            : { status: 'unavailable', reason: 'database unreachable', message: DATABASE_UNAVAILABLE_MESSAGE },
        ),
      );
      return;
    }
    // Leak reports; the web page (web/dist) at `/`, its sign-in/sign-out routes, GraphiQL's assets and demo token.
    if (
      path !== undefined &&
      (app.secretScanning.handle(req, res, path) ||
        handleSessionRoute(app, logger, req, res, path) ||
        app.graphiql.handle(req, res, path) ||
        serveWeb(req, res, path))
    )
      return;
    // No request hangs: past the deadline the client gets a 503 and the connection is closed.
    const deadline = setTimeout(() => {
      if (res.headersSent) return;
      logger.error({ path, timeoutMs: requestTimeoutMs }, 'request timed out');
      res.setHeader('connection', 'close');
      sendJson(res, 503, {
        errors: [{ message: 'The request timed out; try again shortly.', extensions: { code: 'SERVICE_UNAVAILABLE' } }],
      });
    }, requestTimeoutMs);
    res.once('close', () => clearTimeout(deadline));
    void Promise.resolve(app.yoga.requestListener(req, res)).catch((error: unknown) => {
      if (res.headersSent) return;
      logger.error({ err: error }, 'unhandled request error');
      sendJson(res, 500, { errors: [{ message: 'Internal server error.' }] });
    });
  });
  // Slow-loris guards: the whole request (headers and body) must arrive in time.
  server.headersTimeout = Math.min(requestTimeoutMs, 10_000);
  server.requestTimeout = requestTimeoutMs;
  return server;
}

/** The server could not listen (port taken, not allowed, no such address): a clear message naming the port. */
export class ListenError extends Error {
  override name = 'ListenError';
  constructor(
    readonly port: number,
    readonly host: string,
    readonly code: string | undefined,
  ) {
    super(
      code === 'EADDRINUSE'
        ? `Port ${port} on ${host} is already in use (is another server running?). Set PORT to a free port.`
        : code === 'EACCES'
          ? `Not allowed to listen on port ${port} on ${host}. Set PORT to a port above 1023.`
          : code === 'EADDRNOTAVAIL'
            ? `Cannot listen on ${host}: no such address on this machine. Check HOST.`
            : `Cannot listen on port ${port} on ${host} (${code ?? 'unknown error'}).`,
    );
  }
}

export async function listen(server: Server, port: number, host: string): Promise<RunningServer> {
  await new Promise<void>((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) => reject(new ListenError(port, host, error.code));
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    port: address.port,
    url: `http://${shownHost === '0.0.0.0' ? '127.0.0.1' : shownHost}:${address.port}`,
    close: (graceMs = 10_000) =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs).unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        // Keep-alive sockets with no request in flight would otherwise hold close() open.
        server.closeIdleConnections();
      }),
  };
}
