// Brute force and abuse: failed authentications per client IP and requests per
// token, each at N (accepted) and N+1 (429 with Retry-After), on the in-process
// store and on Redis shared by two server instances.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateToken } from '../../server/src/tokens/format.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { errorCode, type GraphQLResponse } from '../support/graphql.js';
import { VIEWER_EMAIL } from '../support/operations.js';
import { createUserWithToken, startTestServer, type TestServer } from '../support/server.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
let database: TestDatabase;
const servers: TestServer[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await database?.drop();
});

async function start(env: Record<string, string>): Promise<TestServer> {
  const server = await startTestServer(database, { env: { TRUST_PROXY: 'true', ...env } });
  servers.push(server);
  return server;
}
/** A request authenticated with `token` (any text, malformed included), from `ip` when given. */
const viewer = (server: TestServer, token: string, ip?: string) =>
  server.execute(VIEWER_EMAIL, { token, ...(ip !== undefined && { headers: { 'x-forwarded-for': ip } }) });
const randomIp = () =>
  `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

function expect429(response: GraphQLResponse<unknown>, limiter: string) {
  expect(response.status).toBe(429);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(errorCode(response)).toBe('RATE_LIMITED');
  expect(response.body.errors?.[0]?.extensions?.limiter).toBe(limiter);
  expect(response.body.data ?? undefined).toBeUndefined();
}

describe.each([
  ['in-process store', {}],
  ['Redis store', { REDIS_URL, REDIS_COMMAND_TIMEOUT_MS: '10000' }],
] as const)('rate limits (%s)', (_label, storeEnv) => {
  it('failed authentications per IP: N failures answered 401, then 429 with Retry-After — even for a valid token', async () => {
    const server = await start({
      ...storeEnv,
      REDIS_KEY_PREFIX: `test:${randomUUID()}:`,
      RATE_LIMIT_AUTH_FAILURES: '5',
    });
    const fixture = await createUserWithToken(server);
    const ip = randomIp();
    for (let i = 0; i < 5; i += 1) {
      // Both kinds count: a malformed header (rejected early) and an unknown token (after the lookup).
      const response = await viewer(server, i % 2 ? generateToken('pat') : 'garbage', ip);
      expect(response.status).toBe(401);
    }
    expect429(await viewer(server, generateToken('pat'), ip), 'auth_failures');
    expect429(await viewer(server, fixture.token, ip), 'auth_failures');
    // Another address is unaffected.
    expect((await viewer(server, fixture.token, randomIp())).status).toBe(200);
  });

  it('forbidden (403) answers are not brute force and do not count', async () => {
    const server = await start({
      ...storeEnv,
      REDIS_KEY_PREFIX: `test:${randomUUID()}:`,
      RATE_LIMIT_AUTH_FAILURES: '2',
    });
    const fixture = await createUserWithToken(server, { plan: 'TEAM' });
    const ip = randomIp();
    for (let i = 0; i < 4; i += 1) expect((await viewer(server, fixture.token, ip)).status).toBe(403);
  });

  it('requests per token: N accepted, N+1 rejected with 429 and Retry-After', async () => {
    const server = await start({
      ...storeEnv,
      REDIS_KEY_PREFIX: `test:${randomUUID()}:`,
      RATE_LIMIT_TOKEN_REQUESTS: '4',
      RATE_LIMIT_TOKEN_WINDOW_SECONDS: '60',
    });
    const fixture = await createUserWithToken(server);
    const other = await createUserWithToken(server);
    for (let i = 0; i < 4; i += 1) expect((await viewer(server, fixture.token)).status).toBe(200);
    const rejected = await viewer(server, fixture.token);
    expect429(rejected, 'token_requests');
    expect(Number(rejected.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect((await viewer(server, other.token)).status).toBe(200);
  });

  it('the window ends: requests pass again after Retry-After', async () => {
    const server = await start({
      ...storeEnv,
      REDIS_KEY_PREFIX: `test:${randomUUID()}:`,
      RATE_LIMIT_TOKEN_REQUESTS: '1',
      RATE_LIMIT_TOKEN_WINDOW_SECONDS: '1',
    });
    const fixture = await createUserWithToken(server);
    expect((await viewer(server, fixture.token)).status).toBe(200);
    expect((await viewer(server, fixture.token)).status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await viewer(server, fixture.token)).status).toBe(200);
  });
});

describe('rate limits across instances (Redis)', () => {
  it('two instances sharing Redis share the budgets', async () => {
    const prefix = `test:${randomUUID()}:`;
    const env = {
      REDIS_URL,
      REDIS_COMMAND_TIMEOUT_MS: '10000',
      REDIS_KEY_PREFIX: prefix,
      RATE_LIMIT_TOKEN_REQUESTS: '4',
      RATE_LIMIT_AUTH_FAILURES: '4',
    };
    const [a, b] = [await start(env), await start(env)];
    const fixture = await createUserWithToken(a);
    for (const server of [a, b, a, b]) expect((await viewer(server, fixture.token)).status).toBe(200);
    expect429(await viewer(b, fixture.token), 'token_requests');
    expect429(await viewer(a, fixture.token), 'token_requests');

    const ip = randomIp();
    for (const server of [a, b, a, b]) expect((await viewer(server, 'nope', ip)).status).toBe(401);
    expect429(await viewer(b, fixture.token, ip), 'auth_failures');

    // The keys name the token id and addresses (the test's own, whose lookups took
    // points and gave them back, and the failing one), never the token.
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    const failing = await redis.get(`${prefix}authfail:${ip}`);
    await redis.quit();
    expect(keys).toEqual(expect.arrayContaining([`${prefix}authfail:${ip}`, `${prefix}token:${fixture.tokenId}`]));
    for (const key of keys)
      expect(key).toMatch(new RegExp(`^${prefix}(authfail:[0-9a-f.:]+|token:${fixture.tokenId})$`));
    expect(Number(failing)).toBe(4); // the four failures (the refused request after them only read the count)
  });

  it('Redis unreachable: requests are let through (fail open), never a 500', async () => {
    const server = await start({
      REDIS_URL: 'redis://127.0.0.1:1',
      RATE_LIMIT_TOKEN_REQUESTS: '1',
      RATE_LIMIT_AUTH_FAILURES: '1',
    });
    const fixture = await createUserWithToken(server);
    for (let i = 0; i < 3; i += 1) expect((await viewer(server, fixture.token)).status).toBe(200);
    for (let i = 0; i < 3; i += 1) expect((await viewer(server, 'nope')).status).toBe(401);
  });
});
