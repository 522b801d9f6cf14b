// Every failure the client throws, typed, with the server's message and code:
// refused tokens (no request made), 401, 403, 429, network and server errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateToken } from '../../server/src/tokens/format.js';
import {
  ApiTokensError,
  createClient,
  ForbiddenError,
  InvalidTokenError,
  NetworkError,
  RateLimitedError,
  ServerError,
  UnauthenticatedError,
} from '../src/index.js';
import { startGateway, unusedUrl, type Gateway } from './support/gateway.js';
import { useLiveServer, userClient } from './support/setup.js';

const live = useLiveServer();

async function failure(promise: Promise<unknown>): Promise<ApiTokensError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ApiTokensError)) throw new Error(`expected an ApiTokensError, got ${String(error)}`);
  return error;
}

describe('createClient refuses a bad token before any request', () => {
  const valid = generateToken('pat');
  it.each([
    ['missing', '', /No API token/],
    ['prefix', 'sk-0123456789abcdefghijklmnopqrstuvwxyzABCD', /starts with its prefix/],
    ['length', valid.slice(0, -1), /must be 42 characters long, not 41/],
    ['alphabet', `${valid.slice(0, 10)}-${valid.slice(11)}`, /only letters and digits/],
    ['checksum', `${valid.slice(0, -1)}${valid.endsWith('A') ? 'B' : 'A'}`, /checksum does not match/],
  ])('%s', (reason, token, message) => {
    let requests = 0;
    const counting: typeof fetch = (...args) => {
      requests += 1;
      return fetch(...args);
    };
    const attempt = () => createClient({ url: live.endpoint, token, fetch: counting });
    expect(attempt).toThrow(InvalidTokenError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ kind: 'invalid_token', code: 'INVALID_TOKEN', reason });
      // The message must not leak the token into logs.
      if (token) expect((error as Error).message).not.toContain(token);
    }
    expect(requests).toBe(0);
  });

  it('uses the fetch it is given', async () => {
    const { fixture } = await userClient(live);
    let requests = 0;
    const client = createClient({
      url: live.endpoint,
      token: fixture.token,
      fetch: (...args) => {
        requests += 1;
        return fetch(...args);
      },
    });
    await client.viewer();
    // The hash first; this server has no trusted documents, so the text follows (once per client).
    expect(requests).toBe(2);
    await client.viewer();
    expect(requests).toBe(3);
  });
});

describe('authentication failures', () => {
  it('a well-formed but unknown token → UnauthenticatedError', async () => {
    const client = createClient({ url: live.endpoint, token: generateToken('pat') });
    const error = await failure(client.viewer());
    expect(error).toBeInstanceOf(UnauthenticatedError);
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', status: 401, reason: 'unknown' });
  });

  it('an expired token → UnauthenticatedError saying so', async () => {
    const { fixture, client } = await userClient(live);
    await live.server.started.db.prisma.apiToken.update({
      where: { id: fixture.tokenId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const error = await failure(client.listApiTokens());
    expect(error).toBeInstanceOf(UnauthenticatedError);
    expect(error).toMatchObject({ reason: 'expired', message: 'The API token has expired.' });
  });

  it.each([
    ['FREE plan', { plan: 'FREE' as const }, 'plan', 'API access requires the Enterprise plan.'],
    ['watch-only user', { role: 'WATCH_ONLY' as const }, 'watch_only', 'Watch-only users cannot use API tokens.'],
  ])('a %s → ForbiddenError (403) with the reason', async (_label, options, reason, message) => {
    const { client } = await userClient(live, options);
    const error = await failure(client.createApiToken({ name: 'nope' }));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ kind: 'forbidden', code: 'FORBIDDEN', status: 403, reason, message });
  });

  it('a member reading the audit log → ForbiddenError', async () => {
    const { client } = await userClient(live, { role: 'MEMBER', auditLogs: true });
    const error = await failure(client.listAuditEvents());
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ code: 'FORBIDDEN', message: 'Only workspace admins can read the audit log.' });
  });

  it('an admin whose workspace has no audit log → ForbiddenError', async () => {
    const { client } = await userClient(live, { role: 'ADMIN', auditLogs: false });
    await expect(client.listAuditEvents()).rejects.toMatchObject({
      kind: 'forbidden',
      message: 'Audit logs are not enabled for this workspace.',
    });
  });
});

describe('a deployment with its own token prefix', () => {
  const acme = useLiveServer({ TOKEN_PREFIX: 'acme' });

  it('is reached without any setting: any valid prefix passes the offline check, as on the server', async () => {
    const { fixture, client } = await userClient(acme);
    expect(fixture.token).toMatch(/^acme_/);
    expect((await client.viewer()).email).toBe(fixture.email);
  });

  it('a client that pins a prefix refuses any other offline', async () => {
    const { fixture } = await userClient(acme);
    expect((await createClient({ url: acme.endpoint, token: fixture.token, tokenPrefix: 'acme' }).viewer()).email).toBe(
      fixture.email,
    );
    expect(() => createClient({ url: acme.endpoint, token: fixture.token, tokenPrefix: 'pat' })).toThrow(
      /must start with "pat_"/,
    );
  });
});

describe('transport failures', () => {
  let gateway: Gateway;
  beforeAll(async () => {
    gateway = await startGateway(live.server.url);
  });
  afterAll(() => gateway?.close());

  it('passes through a gateway untouched', async () => {
    gateway.answer = 'forward';
    const { fixture } = await userClient(live);
    const client = createClient({ url: `${gateway.url}/graphql`, token: fixture.token, retry: false });
    expect((await client.viewer()).email).toBe(fixture.email);
  });

  it('429 with a GraphQL body → RateLimitedError with the server’s message and Retry-After', async () => {
    const { fixture } = await userClient(live);
    const client = createClient({ url: `${gateway.url}/graphql`, token: fixture.token, retry: false });
    gateway.answer = {
      status: 429,
      headers: { 'content-type': 'application/json', 'retry-after': '7' },
      body: JSON.stringify({
        errors: [{ message: 'Too many requests for this token.', extensions: { code: 'RATE_LIMITED' } }],
      }),
    };
    const error = await failure(client.viewer());
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({
      kind: 'rate_limited',
      code: 'RATE_LIMITED',
      status: 429,
      retryAfterSeconds: 7,
      message: 'Too many requests for this token.',
    });
  });

  it('429 with a plain-text body → RateLimitedError', async () => {
    const { fixture } = await userClient(live);
    const client = createClient({ url: `${gateway.url}/graphql`, token: fixture.token, retry: false });
    gateway.answer = { status: 429, headers: { 'content-type': 'text/plain' }, body: 'slow down' };
    const error = await failure(client.listApiTokens());
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryAfterSeconds: undefined });
  });

  it('502 from the gateway → ServerError', async () => {
    const { fixture } = await userClient(live);
    const client = createClient({ url: `${gateway.url}/graphql`, token: fixture.token, retry: false });
    gateway.answer = { status: 502, headers: { 'content-type': 'text/html' }, body: '<h1>Bad Gateway</h1>' };
    const error = await failure(client.createApiToken({ name: 'x' }));
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ kind: 'server', code: 'SERVER_ERROR', status: 502 });
  });

  it('a 200 that is not a GraphQL response → ServerError', async () => {
    const { fixture } = await userClient(live);
    const client = createClient({ url: `${gateway.url}/graphql`, token: fixture.token, retry: false });
    gateway.answer = { status: 200, headers: { 'content-type': 'application/json' }, body: '{}' };
    const error = await failure(client.viewer());
    expect(error).toBeInstanceOf(ServerError);
  });

  it('nothing listening → NetworkError', async () => {
    const { fixture } = await userClient(live);
    const client = createClient({ url: await unusedUrl(), token: fixture.token });
    const error = await failure(client.viewer());
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ kind: 'network', code: 'NETWORK_ERROR', status: undefined });
    expect(error.message).toMatch(/^Could not reach the API/);
  });
});
