// Telling "the database is unreachable or too busy to serve us in time" apart
// from a bug, so that an outage — for a read or a write — is a 503 with a clear
// message (and the client may retry) instead of a masked 500.
import type { GraphQLError } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// Prisma: can't reach server, timed out, closed connection, pool timeout.
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
// P2028 is every "Transaction API error"; only these two mean "not in time": no
// connection (or BEGIN) within maxWait, or statements stalled past the timeout.
// The others (a transaction used after commit, an unknown id) are bugs.
const TRANSACTION_TIMEOUTS = /Unable to start a transaction in the given time|executed on an expired transaction/i;
// PostgreSQL: too many connections (53300), and a statement cancelled by
// statement_timeout (57014 is also a deliberate cancel, hence the message check).
const SERVER_BUSY = new Set(['53300']);
const MESSAGES = [
  /connection terminated/i,
  /connection timeout/i,
  /timeout exceeded when trying to connect/i,
  /query read timeout/i,
  /server closed the connection/i,
  /can't reach database server/i,
  /connection (?:was )?closed/i,
  /the database system is (?:shutting down|starting up)/i,
  /terminating connection/i,
  /Client has encountered a connection error/i,
];

/** True when `error` (or any cause) says the database could not be reached or timed out. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 6) return false;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; originalError?: unknown; kind?: unknown };
  if (typeof e.code === 'string') {
    if (NETWORK_CODES.has(e.code) || PRISMA_CODES.has(e.code) || SERVER_BUSY.has(e.code)) return true;
    if (e.code === 'P2028' && typeof e.message === 'string' && TRANSACTION_TIMEOUTS.test(e.message)) return true;
    if (e.code === '57014' && typeof e.message === 'string' && /statement timeout/i.test(e.message)) return true;
    // PostgreSQL SQLSTATE class 08 (connection exceptions) and 57P01-57P03 (admin shutdown, cannot connect now).
    if (/^08...$/.test(e.code) || /^57P0[1-3]$/.test(e.code)) return true;
  }
  if (e.kind === 'DatabaseNotReachable' || e.kind === 'ConnectionClosed' || e.kind === 'SocketTimeout') return true;
  if (typeof e.message === 'string' && MESSAGES.some((pattern) => pattern.test(e.message as string))) return true;
  return isDatabaseUnavailable(e.originalError, depth + 1) || isDatabaseUnavailable(e.cause, depth + 1);
}

export const DATABASE_UNAVAILABLE_MESSAGE =
  'The service is temporarily unavailable (database unreachable); try again shortly.';

export function databaseUnavailableError(): GraphQLError {
  return createGraphQLError(DATABASE_UNAVAILABLE_MESSAGE, {
    extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503, headers: { 'Retry-After': '5' } } },
  });
}
