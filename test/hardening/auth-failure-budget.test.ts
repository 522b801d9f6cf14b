// The per-address failed-authentication budget counts atomically: a lookup of a
// well-formed token first takes a point, an offline rejection takes one too, and
// a good token gives its point back. So a burst of parallel guesses cannot get
// past a check that has not yet seen the others fail: against a budget of 10,
// 100 parallel unknown tokens from one address make at most 10 database lookups
// and get 429 for the rest — in process and in Redis.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateToken } from '../../server/src/tokens/format.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { VIEWER_EMAIL } from '../support/operations.js';
import { createUserWithToken, startTestServer, type TestServer } from '../support/server.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
let database: TestDatabase;
const servers: TestServer[] = [];
/** Token lookups (the authentication query) sent to the database. */
let lookups = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  // The token lookup runs on the driver (db.sql); count it there.
  const { query } = database.db.sql;
  database.db.sql.query = ((...args: Parameters<typeof query>) => {
    if (/FROM api_tokens t\b[\s\S]*WHERE t\.digest = \$1/.test(args[0])) lookups += 1;
    return query(...args);
  }) as typeof query;
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await database?.drop();
});

async function start(env: Record<string, string>): Promise<TestServer> {
  const server = await startTestServer(database, {
    env: { TRUST_PROXY: 'true', REDIS_KEY_PREFIX: `test:${randomUUID()}:`, ...env },
  });
  servers.push(server);
  return server;
}
let addresses = 0;
const freshIp = () => `10.77.${Math.floor(++addresses / 250)}.${addresses % 250}`;
/** A request authenticated with `token` (any text, malformed included) from `ip`. */
const viewer = (server: TestServer, token: string, ip: string) =>
  server.execute(VIEWER_EMAIL, { token, headers: { 'x-forwarded-for': ip } });
const count = (statuses: number[]) => {
  const counts: Record<number, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
};

describe.each([
  ['in process', {}],
  // A loaded machine can take Redis past the default 500 ms, and the limiter would fail open.
  ['Redis', { REDIS_URL, REDIS_COMMAND_TIMEOUT_MS: '10000' }],
] as const)('failed-authentication budget (%s)', (_label, storeEnv) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await start({ ...storeEnv, RATE_LIMIT_AUTH_FAILURES: '10' });
  });

  it('100 parallel unknown well-formed tokens from one address: at most 10 lookups, 10 × 401 and 90 × 429', async () => {
    const ip = freshIp();
    const before = lookups;
    const responses = await Promise.all(Array.from({ length: 100 }, () => viewer(server, generateToken('pat'), ip)));
    expect(lookups - before).toBeLessThanOrEqual(10);
    expect(count(responses.map((r) => r.status))).toEqual({ 401: 10, 429: 90 });
    for (const response of responses.filter((r) => r.status === 429)) {
      expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', limiter: 'auth_failures' });
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // Then even a good token from that address is refused, without a lookup.
    const fixture = await createUserWithToken(server);
    const afterwards = lookups;
    expect((await viewer(server, fixture.token, ip)).status).toBe(429);
    expect(lookups).toBe(afterwards);
  });

  it('100 parallel malformed tokens from one address: 10 × 401 and 90 × 429, no lookup at all', async () => {
    const ip = freshIp();
    const before = lookups;
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) => viewer(server, i % 2 ? 'garbage' : `${generateToken('pat')}x`, ip)),
    );
    expect(lookups).toBe(before);
    expect(count(responses.map((r) => r.status))).toEqual({ 401: 10, 429: 90 });
  });

  it('good tokens give their point back; forbidden (403) ones too; only refusals use the budget', async () => {
    const ip = freshIp();
    // More good first-time lookups than the budget, some in parallel: none is refused.
    const good = await Promise.all(Array.from({ length: 12 }, () => createUserWithToken(server)));
    const forbidden = await createUserWithToken(server, { plan: 'TEAM' });
    for (const fixture of good.slice(0, 6)) expect((await viewer(server, fixture.token, ip)).status).toBe(200);
    const parallel = await Promise.all(good.slice(6).map((fixture) => viewer(server, fixture.token, ip)));
    expect(parallel.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    for (let i = 0; i < 12; i += 1) expect((await viewer(server, forbidden.token, ip)).status).toBe(403);
    // The whole budget is still there: ten refusals, then 429.
    for (let i = 0; i < 10; i += 1) expect((await viewer(server, generateToken('pat'), ip)).status).toBe(401);
    expect((await viewer(server, generateToken('pat'), ip)).status).toBe(429);
  });
});

describe('failed-authentication budget shared by two instances (Redis)', () => {
  it('100 parallel unknown tokens spread over two instances: at most 10 lookups in all', async () => {
    const prefix = `test:${randomUUID()}:`;
    const env = {
      REDIS_URL,
      REDIS_COMMAND_TIMEOUT_MS: '10000',
      REDIS_KEY_PREFIX: prefix,
      RATE_LIMIT_AUTH_FAILURES: '10',
    };
    const [a, b] = [await start(env), await start(env)];
    const ip = freshIp();
    const before = lookups;
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) => viewer(i % 2 ? a : b, generateToken('pat'), ip)),
    );
    expect(lookups - before).toBeLessThanOrEqual(10);
    expect(count(responses.map((r) => r.status))).toEqual({ 401: 10, 429: 90 });
  });
});
