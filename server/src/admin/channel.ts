// The local-only way into a running server that owns an embedded database: the
// CLI cannot open the directory itself (one owner at a time, see
// db/data-dir-lock.ts), so it hands the command to the owner, which runs it with
// admin/commands.ts like any of its own requests.
//
// Loopback HTTP on a port of its own (never the public listener, whatever HOST is),
// with a random secret per start. The port and secret are published in the data
// directory's owner.json, readable by the directory's owner only: whoever may read
// the database files may run commands, and nobody else. A Unix socket would do the
// same but its path is limited to ~104 bytes, too short for some data directories.
import { timingSafeEqual, randomBytes } from 'node:crypto';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AdminChannelAddress } from '../db/data-dir-lock.js';
import { MigrationError } from '../db/migrate.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import type { Logger } from '../logger.js';

const PATH = '/command';
const MAX_BODY_BYTES = 64 * 1024;

export interface AdminChannel {
  address: AdminChannelAddress;
  /** Stops taking commands and waits for those under way. */
  close(): Promise<void>;
}

/** An error as it crosses the channel: its class name, message and (validation) field. */
interface WireError {
  type: string;
  message: string;
  field?: string | null;
}

type Run = (command: string, args: Record<string, unknown>) => Promise<unknown>;

const KNOWN_ERRORS = new Set(['ValidationError', 'ForbiddenError', 'NotFoundError', 'MigrationError']);

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function hasSecret(req: IncomingMessage, secret: Buffer): boolean {
  const presented = Buffer.from(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '');
  return presented.length === secret.length && timingSafeEqual(presented, secret);
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startAdminChannel(run: Run, logger: Logger): Promise<AdminChannel> {
  const secret = randomBytes(32).toString('base64url');
  const secretBytes = Buffer.from(secret);
  const server = createServer((req, res) => {
    // A browser page (DNS rebinding, a form) always sends Origin; the CLI never does.
    if (req.method !== 'POST' || req.url !== PATH || req.headers.origin !== undefined)
      return send(res, 404, { error: { type: 'Error', message: 'Not found.' } });
    if (!hasSecret(req, secretBytes))
      return send(res, 401, { error: { type: 'Error', message: 'Wrong admin channel secret.' } });
    void (async () => {
      const body = await readBody(req);
      let parsed: { command?: unknown; args?: unknown };
      try {
        parsed = JSON.parse(body ?? 'null') ?? {};
      } catch {
        parsed = {};
      }
      if (typeof parsed.command !== 'string' || typeof parsed.args !== 'object' || parsed.args === null) {
        return send(res, 400, {
          error: { type: 'ValidationError', message: 'Expected { "command": string, "args": object }.' },
        });
      }
      // The command's name only: arguments are the operator's business, and results can hold a new token.
      logger.info({ command: parsed.command }, 'admin command from the CLI');
      try {
        send(res, 200, { result: await run(parsed.command, parsed.args as Record<string, unknown>) });
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        if (!KNOWN_ERRORS.has(failure.name))
          logger.error({ err: failure, command: parsed.command }, 'admin command failed');
        const wire: WireError = { type: failure.name, message: failure.message };
        if (failure instanceof ValidationError) wire.field = failure.field;
        send(res, 200, { error: wire });
      }
    })().catch((error: unknown) => {
      logger.error({ err: error }, 'admin channel request failed');
      if (!res.headersSent)
        send(res, 500, { error: { type: 'Error', message: 'The server could not run the command; see its log.' } });
    });
  });
  // A local process without the secret must not be able to hold connections open.
  server.headersTimeout = 5_000;
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    address: { port, secret },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

/** The owner is not (or no longer) taking commands: nothing was run, so trying again is safe. */
export class AdminChannelUnavailableError extends Error {
  override name = 'AdminChannelUnavailableError';
}

/** The owner took the command but its answer never came: it may or may not have been applied. */
export class AdminChannelError extends Error {
  override name = 'AdminChannelError';
}

/** Rebuilds the error the server's command threw, so the CLI reports it as if it had run it itself. */
function fromWire(wire: WireError): Error {
  switch (wire.type) {
    case 'ValidationError':
      return new ValidationError(wire.message, wire.field ?? null);
    case 'ForbiddenError':
      return new ForbiddenError(wire.message);
    case 'NotFoundError':
      return new NotFoundError(wire.message);
    case 'MigrationError':
      return new MigrationError(wire.message);
    default: {
      const error = new Error(wire.message);
      error.name = wire.type;
      error.stack = `${wire.type}: ${wire.message}\n    (raised in the server; see its log)`;
      return error;
    }
  }
}

export function sendAdminCommand(
  address: AdminChannelAddress,
  command: string,
  args: Record<string, unknown>,
  options: { ownerPid: number; timeoutMs?: number },
): Promise<unknown> {
  const body = JSON.stringify({ command, args });
  return new Promise((resolve, reject) => {
    let sent = false;
    const req = request(
      {
        host: '127.0.0.1',
        port: address.port,
        method: 'POST',
        path: PATH,
        agent: false,
        timeout: options.timeoutMs ?? 120_000,
        headers: {
          authorization: `Bearer ${address.secret}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('error', (error) =>
          reject(
            new AdminChannelError(
              `The server (PID ${options.ownerPid}) did not finish answering: ${error.message}. The command may or may not have been applied.`,
            ),
          ),
        );
        res.on('end', () => {
          // Another process now owns the port (the owner restarted): nothing was run.
          if (res.statusCode === 401 || res.statusCode === 404)
            return reject(new AdminChannelUnavailableError('stale admin channel'));
          let answer: { result?: unknown; error?: WireError };
          try {
            answer = JSON.parse(text);
          } catch {
            return reject(
              new AdminChannelError(
                `The server (PID ${options.ownerPid}) answered something unreadable (HTTP ${res.statusCode}).`,
              ),
            );
          }
          if (answer.error) reject(fromWire(answer.error));
          else resolve(answer.result);
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('finish', () => (sent = true));
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (!sent && (error.code === 'ECONNREFUSED' || error.code === 'ECONNRESET'))
        reject(new AdminChannelUnavailableError(error.message));
      else
        reject(
          new AdminChannelError(
            `The server (PID ${options.ownerPid}) did not answer the command (${error.message}). It may or may not have been applied.`,
          ),
        );
    });
    req.end(body);
  });
}
