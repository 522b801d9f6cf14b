// A token with a wrong prefix, length, alphabet or checksum is rejected before
// any database query. Prisma's query log and a wrapper around the driver access
// (db.sql) count every statement the app sends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateToken } from '../server/src/tokens/format.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { VIEWER_EMAIL } from './support/operations.js';
import { startTestServer, type TestServer } from './support/server.js';

let database: TestDatabase;
let server: TestServer;
let queries = 0;

beforeAll(async () => {
  database = await createTestDatabase({ log: [{ emit: 'event', level: 'query' }] });
  (database.db.prisma as unknown as { $on(event: 'query', cb: () => void): void }).$on('query', () => {
    queries += 1;
  });
  // The authentication lookup runs on the driver (db.sql), outside Prisma's log.
  const { query } = database.db.sql;
  database.db.sql.query = ((...args: Parameters<typeof query>) => {
    queries += 1;
    return query(...args);
  }) as typeof query;
  server = await startTestServer(database);
});
afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

describe('offline token checks', () => {
  const valid = generateToken('pat');
  const flipped = valid.slice(0, -1) + (valid.endsWith('a') ? 'b' : 'a');
  it.each([
    ['bad checksum', flipped],
    ['wrong prefix', generateToken('abc')],
    ['too short', valid.slice(0, -2)],
    ['too long', `${valid}x`],
    ['bad alphabet', `${valid.slice(0, 10)}+${valid.slice(11)}`],
    ['garbage', 'hunter2'],
  ])('rejects a %s token with 401 and no database query', async (_label, token) => {
    const before = queries;
    const response = await server.execute(VIEWER_EMAIL, { token });
    expect(response.status).toBe(401);
    expect(response.body.errors?.[0]?.extensions?.reason).toMatch(/^malformed/);
    expect(queries).toBe(before);
  });

  it('does query the database for a well-formed token (so the counter works)', async () => {
    const before = queries;
    const response = await server.execute(VIEWER_EMAIL, { token: generateToken('pat') });
    expect(response.status).toBe(401);
    expect(response.body.errors?.[0]?.extensions?.reason).toBe('unknown');
    expect(queries).toBe(before + 1);
  });
});
