// Retries (429 and 503, honouring Retry-After, capped), time budgets, cancellation
// and the hooks, over real HTTP: a gateway in front of the real server answers
// the way load balancers and the server itself do; one case uses the server's own
// rate limit end to end.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AbortedError,
  createClient,
  RateLimitedError,
  ServerError,
  TimeoutError,
  type ClientOptions,
  type RequestEvent,
  type ResponseEvent,
} from '../src/index.js';
import { createUserWithToken, type Fixture } from '../../test/support/server.js';
import { startGateway, type Gateway, type GatewayAnswer } from './support/gateway.js';
import { useLiveServer } from './support/setup.js';

const live = useLiveServer();
const limited = useLiveServer({ RATE_LIMIT_TOKEN_REQUESTS: '2', RATE_LIMIT_TOKEN_WINDOW_SECONDS: '2' });
let gateway: Gateway;
let fixture: Fixture;

beforeAll(async () => {
  gateway = await startGateway(live.server.url);
  fixture = await createUserWithToken(live.server);
});
afterAll(() => gateway?.close());
beforeEach(() => {
  gateway.queue = [];
  gateway.answer = 'forward';
  gateway.seen = [];
  gateway.abandoned = 0;
});

function answer(status: number, code: string, retryAfter?: string): GatewayAnswer {
  return {
    status,
    headers: { 'content-type': 'application/json', ...(retryAfter === undefined ? {} : { 'retry-after': retryAfter }) },
    body: JSON.stringify({ errors: [{ message: `answered ${status}`, extensions: { code } }] }),
  };
}
const rateLimited = (retryAfter?: string) => answer(429, 'RATE_LIMITED', retryAfter);
const unavailable = (retryAfter?: string) => answer(503, 'SERVICE_UNAVAILABLE', retryAfter);

/** A client through the gateway, one HTTP request per attempt, recording its hooks. */
function recorded(options: Partial<ClientOptions> = {}) {
  const requests: (RequestEvent & { at: number })[] = [];
  const responses: ResponseEvent[] = [];
  const warnings: string[] = [];
  const client = createClient({
    url: `${gateway.url}/graphql`,
    token: fixture.token,
    trustedDocuments: 'never',
    onRequest: (event) => requests.push({ ...event, at: Date.now() }),
    onResponse: (event) => responses.push(event),
    logger: { debug: () => {}, warn: (message) => warnings.push(message) },
    ...options,
  });
  return { client, requests, responses, warnings };
}

async function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown; ms: number }> {
  const started = Date.now();
  try {
    return { value: await promise, ms: Date.now() - started };
  } catch (error) {
    return { error, ms: Date.now() - started };
  }
}

describe('retries', () => {
  it('a query is retried after 429 and 503, waiting as Retry-After says', async () => {
    gateway.queue = [rateLimited('0'), unavailable('1')];
    const { client, requests, responses, warnings } = recorded();
    expect((await client.viewer()).email).toBe(fixture.email);
    expect(requests.map((event) => event.attempt)).toEqual([1, 2, 3]);
    expect(requests[2]!.at - requests[1]!.at).toBeGreaterThanOrEqual(950);
    expect(responses.map((event) => [event.status, event.error?.kind])).toEqual([
      [429, 'rate_limited'],
      [503, 'server'],
      [200, undefined],
    ]);
    expect(warnings).toEqual([
      'Viewer: HTTP 429, retrying in 0 ms (retry 1)',
      'Viewer: HTTP 503, retrying in 1000 ms (retry 2)',
    ]);
    expect(warnings.join()).not.toContain(fixture.token);
  });

  it('gives up after maxRetries (2 by default) with the last answer', async () => {
    gateway.answer = rateLimited('0');
    const { client } = recorded();
    const { error } = await settle(client.viewer());
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(gateway.seen).toHaveLength(3);
    gateway.seen = [];
    await settle(recorded({ retry: { maxRetries: 4 } }).client.viewer());
    expect(gateway.seen).toHaveLength(5);
  });

  it('does not wait for a Retry-After beyond maxDelayMs: the error comes at once', async () => {
    gateway.queue = [rateLimited('60')];
    const { error, ms } = await settle(recorded().client.listApiTokens());
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 60 });
    expect(ms).toBeLessThan(1_000);
    expect(gateway.seen).toHaveLength(1);
  });

  it('backs off exponentially when the answer has no Retry-After', async () => {
    gateway.answer = unavailable();
    const { client, requests } = recorded({ retry: { baseDelayMs: 200 } });
    await settle(client.viewer());
    expect(requests).toHaveLength(3);
    // Equal jitter: between half and all of 200 ms, then of 400 ms.
    expect(requests[1]!.at - requests[0]!.at).toBeGreaterThanOrEqual(95);
    expect(requests[2]!.at - requests[1]!.at).toBeGreaterThanOrEqual(195);
  });

  it('retries nothing else: 502, 401 and GraphQL errors are final', async () => {
    gateway.answer = answer(502, 'BAD_GATEWAY');
    expect((await settle(recorded().client.viewer())).error).toBeInstanceOf(ServerError);
    expect(gateway.seen).toHaveLength(1);
    gateway.answer = 'forward';
    await settle(recorded().client.listApiTokens({ first: 1000 }));
    expect(gateway.seen).toHaveLength(2);
  });

  it('retry: false turns retries off', async () => {
    gateway.queue = [rateLimited('0')];
    expect((await settle(recorded({ retry: false }).client.viewer())).error).toBeInstanceOf(RateLimitedError);
    expect(gateway.seen).toHaveLength(1);
  });

  it('mutations are not retried unless asked, on the call or for the client', async () => {
    const names = async () => (await recorded().client.listApiTokens()).nodes.map((token) => token.name);
    gateway.queue = [rateLimited('0')];
    expect((await settle(recorded().client.createApiToken({ name: 'once' }))).error).toBeInstanceOf(RateLimitedError);
    expect(gateway.seen).toHaveLength(1);

    gateway.queue = [rateLimited('0')];
    const perCall = await recorded().client.createApiToken({ name: 'asked on the call' }, { retry: true });
    expect(perCall.__typename).toBe('CreateApiTokenSuccess');

    gateway.queue = [unavailable('0')];
    const clientWide = await recorded({ retry: { mutations: true } }).client.createApiToken({
      name: 'asked by the client',
    });
    expect(clientWide.__typename).toBe('CreateApiTokenSuccess');

    // Each one was created exactly once: the refused attempts never reached the server.
    expect((await names()).filter((name) => name.startsWith('asked'))).toEqual([
      'asked by the client',
      'asked on the call',
    ]);
    expect(await names()).not.toContain('once');
  });

  it("end to end: the server's own rate limit answers 429 with Retry-After, and the SDK waits it out", async () => {
    const own = await createUserWithToken(limited.server);
    const statuses: (number | undefined)[] = [];
    const client = createClient({
      url: limited.endpoint,
      token: own.token,
      onResponse: (event) => statuses.push(event.status),
    });
    // Four different calls at once (urql shares identical ones in flight) against a budget of
    // two per 2 s: two are refused, wait for the next window, and succeed.
    const pages = await Promise.all([1, 2, 3, 4].map((first) => client.listApiTokens({ first })));
    expect(pages.map((page) => page.totalCount)).toEqual([1, 1, 1, 1]);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(2);
    expect(statuses.filter((status) => status === 200)).toHaveLength(4);
  });
});

describe('time budget and cancellation', () => {
  it('timeoutMs: a TimeoutError, and the request is cancelled', async () => {
    gateway.answer = 'hang';
    const { error, ms } = await settle(recorded({ timeoutMs: 300 }).client.viewer());
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({
      kind: 'timeout',
      code: 'TIMEOUT',
      message: 'The call did not complete within 300 ms.',
    });
    expect(ms).toBeLessThan(2_000);
    await expect.poll(() => gateway.abandoned).toBe(1);
  });

  it('a call timeout overrides the client’s', async () => {
    gateway.answer = 'hang';
    const { error, ms } = await settle(recorded({ timeoutMs: 60_000 }).client.viewer({ timeoutMs: 200 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(ms).toBeLessThan(2_000);
  });

  it('a retry wait that would outlast the budget is not started: the server’s answer is thrown', async () => {
    gateway.queue = [unavailable('1')];
    const { error, ms } = await settle(recorded({ timeoutMs: 500 }).client.viewer());
    expect(error).toMatchObject({ kind: 'server', status: 503, retryAfterSeconds: 1 });
    expect(ms).toBeLessThan(1_000);
  });

  it('the budget covers retries: a retry that hangs ends in TimeoutError', async () => {
    gateway.queue = [unavailable('0'), 'hang'];
    const { error } = await settle(recorded({ timeoutMs: 500 }).client.viewer());
    expect(error).toBeInstanceOf(TimeoutError);
    expect(gateway.seen).toHaveLength(2);
  });

  it('signal: aborting a call rejects it with AbortedError and cancels the request', async () => {
    gateway.answer = 'hang';
    const controller = new AbortController();
    const pending = settle(recorded().client.viewer({ signal: controller.signal }));
    await expect.poll(() => gateway.seen.length).toBe(1);
    controller.abort(new Error('user left'));
    const { error } = await pending;
    expect(error).toBeInstanceOf(AbortedError);
    expect((error as AbortedError).cause).toEqual(new Error('user left'));
    await expect.poll(() => gateway.abandoned).toBe(1);
  });

  it('an aborted signal sends nothing; a client-wide signal stops every call, waits included', async () => {
    const { error } = await settle(recorded().client.viewer({ signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(AbortedError);
    expect(gateway.seen).toHaveLength(0);

    const shutdown = new AbortController();
    gateway.queue = [rateLimited('5')];
    const pending = settle(recorded({ signal: shutdown.signal, retry: { maxDelayMs: 10_000 } }).client.viewer());
    await expect.poll(() => gateway.seen.length).toBe(1);
    shutdown.abort();
    const waited = await pending;
    expect(waited.error).toBeInstanceOf(AbortedError);
    expect(waited.ms).toBeLessThan(2_000);
  });
});
