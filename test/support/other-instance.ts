// What another instance answers once a change made elsewhere has reached it.
//
// The instance that makes a change (revoke, rotate, a leak report) waits for its own
// listener to hear the change's notification before answering, so it refuses on the
// very next request. PostgreSQL sends the notification to every other listening
// session at the same commit, but another process reads it from its socket a moment
// later (milliseconds; more under load), as between any two instances. So on
// PostgreSQL, where the tests' second instance has its own connection pool, the
// answer is awaited within that moment; on PGlite both instances share one database
// and its listener, and the very next answer must already be the new one.
import { testDatabaseKind } from './env.js';

const DELIVERY_MS = 2_000;

export async function answerAfterChange<T>(ask: () => Promise<T>, expected: T): Promise<T> {
  if (testDatabaseKind === 'pglite') return ask();
  const deadline = Date.now() + DELIVERY_MS;
  let seen = await ask();
  while (seen !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    seen = await ask();
  }
  return seen;
}
