import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './db-faults.js';

const prisma = (code: string, message: string) =>
  Object.assign(new Error(message), { code, name: 'PrismaClientKnownRequestError' });

describe('isDatabaseUnavailable', () => {
  it.each([
    [
      'no transaction in time (P2028)',
      prisma('P2028', 'Transaction API error: Unable to start a transaction in the given time.'),
    ],
    [
      'transaction past its timeout (P2028)',
      prisma(
        'P2028',
        'Transaction API error: A commit cannot be executed on an expired transaction. The timeout for this transaction was 5000 ms, however 5012 ms passed since the start of the transaction.',
      ),
    ],
    ['pool wait (P2024)', prisma('P2024', 'Timed out fetching a new connection from the connection pool.')],
    [
      'statement_timeout (57014)',
      Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }),
    ],
    ['too many connections (53300)', Object.assign(new Error('sorry, too many clients already'), { code: '53300' })],
    ['pg pool wait', new Error('timeout exceeded when trying to connect')],
    [
      'wrapped as a cause',
      Object.assign(new Error('outer'), {
        originalError: prisma('P2028', 'Transaction API error: Unable to start a transaction in the given time.'),
      }),
    ],
  ])('%s: unavailable', (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    [
      'a transaction used after commit (P2028): a bug',
      prisma(
        'P2028',
        'Transaction API error: Transaction already closed: A query cannot be executed on a committed transaction.',
      ),
    ],
    [
      'an unknown transaction id (P2028): a bug',
      prisma(
        'P2028',
        "Transaction API error: Transaction not found. Transaction ID is invalid, refers to an old closed transaction Prisma doesn't have information about anymore, or was obtained before disconnecting.",
      ),
    ],
    [
      'a deliberate cancel (57014)',
      Object.assign(new Error('canceling statement due to user request'), { code: '57014' }),
    ],
    ['a unique violation (P2002)', prisma('P2002', 'Unique constraint failed on the fields: (`digest`)')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
  ])('%s: not unavailable', (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
