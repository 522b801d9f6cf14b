// The SDK against a real server: rotateApiToken (the new secret once, the old one
// until the end of the overlap), scopes (chosen at creation; a refusal names the
// missing scope), and the expiry signal: every response with a token that expires
// carries Api-Token-Expires-At, the client keeps it (`lastTokenExpiresAt`) and,
// within 7 days of it, warns once per process (onTokenExpiring, or console.warn).
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createClient,
  EXPIRY_WARNING_MS,
  ForbiddenError,
  UnauthenticatedError,
  type TokenExpiringEvent,
} from '../src/index.js';
import { globalId } from './support/ids.js';
import { useLiveServer, userClient } from './support/setup.js';

const live = useLiveServer();
const DAY = 86_400_000;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('rotateApiToken', () => {
  it('returns the new secret once; the old one works until the end of the overlap', async () => {
    const { fixture, client } = await userClient(live);
    const id = globalId('ApiToken', fixture.tokenId);
    const rotated = await client.rotateApiToken(id, { overlapSeconds: 3600 });
    if (rotated.__typename !== 'RotateApiTokenSuccess') throw new Error(`${rotated.__typename}: ${rotated.message}`);
    expect(rotated.apiToken).toMatchObject({ id, name: 'fixture token', previousSecretExpiresAt: expect.any(String) });
    expect(rotated.previousSecretExpiresAt).toBe(rotated.apiToken.previousSecretExpiresAt);
    // The old client keeps working during the overlap, and hears when its secret stops.
    expect((await client.viewer()).email).toBe(fixture.email);
    expect(client.lastTokenExpiresAt?.toISOString()).toBe(rotated.previousSecretExpiresAt);
    const renewed = createClient({ url: live.endpoint, token: rotated.token });
    expect((await renewed.viewer()).email).toBe(fixture.email);
    expect(renewed.lastTokenExpiresAt).toBeNull();
  });

  it('typed errors: a second rotation at once, a bad overlap, another user’s token', async () => {
    const { fixture, client } = await userClient(live);
    const id = globalId('ApiToken', fixture.tokenId);
    const first = await client.rotateApiToken(id, { overlapSeconds: 60 });
    expect(first.__typename).toBe('RotateApiTokenSuccess');
    const again = await client.rotateApiToken(id, { overlapSeconds: 60 });
    expect(again).toMatchObject({ __typename: 'ValidationError', field: 'id' });
    const other = await userClient(live);
    const bad = await other.client.rotateApiToken(globalId('ApiToken', other.fixture.tokenId), {
      overlapSeconds: 604_801,
    });
    expect(bad).toMatchObject({ __typename: 'ValidationError', field: 'overlapSeconds' });
    const foreign = await other.client.rotateApiToken(id);
    expect(foreign.__typename).toBe('NotFoundError');
  });

  it('takes a Date as the new expiry', async () => {
    const { fixture, client } = await userClient(live);
    const expiresAt = new Date(Date.now() + 30 * DAY);
    const rotated = await client.rotateApiToken(globalId('ApiToken', fixture.tokenId), { expiresAt });
    if (rotated.__typename !== 'RotateApiTokenSuccess') throw new Error(rotated.__typename);
    expect(rotated.apiToken.expiresAt).toBe(expiresAt.toISOString());
    // The old secret is gone (no overlap): the client holding it is refused.
    await expect(client.viewer()).rejects.toBeInstanceOf(UnauthenticatedError);
  });
});

describe('scopes', () => {
  it('are chosen at creation, and a call outside them throws ForbiddenError naming the scope', async () => {
    const { client } = await userClient(live);
    const created = await client.createApiToken({ name: 'read only', scopes: ['TOKENS_READ'] });
    if (created.__typename !== 'CreateApiTokenSuccess') throw new Error(created.__typename);
    expect(created.apiToken.scopes).toEqual(['TOKENS_READ']);
    const reader = createClient({ url: live.endpoint, token: created.token });
    expect((await reader.listApiTokens({ first: 1 })).totalCount).toBe(2);
    const refused = await reader.createApiToken({ name: 'more' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ForbiddenError);
    expect(refused).toMatchObject({ status: 403, code: 'FORBIDDEN', reason: 'scope', requiredScope: 'TOKENS_WRITE' });
  });
});

describe('the expiry signal', () => {
  it('onTokenExpiring: once per process for an expiry within 7 days, never for a far one', async () => {
    const soon = new Date(Math.floor((Date.now() + 3 * DAY) / 1000) * 1000);
    const { fixture } = await userClient(live, { expiresAt: soon });
    const events: TokenExpiringEvent[] = [];
    const onTokenExpiring = (event: TokenExpiringEvent) => events.push(event);
    const client = createClient({ url: live.endpoint, token: fixture.token, onTokenExpiring });
    expect(client.lastTokenExpiresAt).toBeUndefined();
    await client.viewer();
    await client.listApiTokens({ first: 1 });
    expect(client.lastTokenExpiresAt).toEqual(soon);
    expect(events).toHaveLength(1);
    expect(events[0]?.expiresAt).toEqual(soon);
    expect(events[0]?.remainingMs).toBeGreaterThan(2 * DAY);
    expect(events[0]?.remainingMs).toBeLessThanOrEqual(3 * DAY);
    // Another client in the same process, same expiry: already said.
    const second = createClient({ url: live.endpoint, token: fixture.token, onTokenExpiring });
    await second.viewer();
    expect(events).toHaveLength(1);

    const far = await userClient(live, { expiresAt: new Date(Date.now() + EXPIRY_WARNING_MS + DAY) });
    const farClient = createClient({ url: live.endpoint, token: far.fixture.token, onTokenExpiring });
    await farClient.viewer();
    expect(farClient.lastTokenExpiresAt?.getTime()).toBeGreaterThan(Date.now() + EXPIRY_WARNING_MS);
    expect(events).toHaveLength(1);
  });

  it('without a hook: console.warn, once per process; nothing for a token that never expires', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const soon = new Date(Math.floor((Date.now() + 2 * DAY + 3_600_000) / 1000) * 1000);
    const { fixture } = await userClient(live, { expiresAt: soon });
    const client = createClient({ url: live.endpoint, token: fixture.token });
    await client.viewer();
    await client.viewer();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toBe(
      `@api-tokens/sdk: the API token expires in 2 days (${soon.toISOString()}). Rotate it or create a new one before then (pass onTokenExpiring to handle this yourself).`,
    );
    expect(String(warn.mock.calls[0]?.[0])).not.toContain(fixture.token);

    const { client: forever } = await userClient(live);
    await forever.viewer();
    expect(forever.lastTokenExpiresAt).toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
