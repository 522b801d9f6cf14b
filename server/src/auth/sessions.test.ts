import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createSessions, readSessionCookie, SESSION_COOKIE } from './sessions.js';

const USER = '0190a000-0000-7000-8000-000000000001';
const SECRET = 'a-session-secret-of-at-least-32-characters!';
let now = new Date('2030-01-01T12:00:00Z');
const sessions = createSessions({
  secret: SECRET,
  ttlSeconds: 3600,
  publicUrl: 'https://tokens.example.test',
  devSignIn: false,
  clock: () => now,
});

describe('session JWTs', () => {
  it('issues a JWT that verifies to its user until it expires', async () => {
    now = new Date('2030-01-01T12:00:00Z');
    const jwt = await sessions.issue(USER);
    expect(await sessions.verify(jwt)).toEqual({ userId: USER });
    now = new Date('2030-01-01T12:59:00Z');
    expect(await sessions.verify(jwt)).toEqual({ userId: USER });
    now = new Date('2030-01-01T13:00:10Z');
    expect(await sessions.verify(jwt)).toBeNull();
  });

  it('refuses a JWT signed with another secret, a tampered one, and garbage', async () => {
    now = new Date('2030-01-01T12:00:00Z');
    const other = createSessions({
      secret: 'another-secret-another-secret-another!!',
      ttlSeconds: 3600,
      publicUrl: 'http://x.test',
      devSignIn: false,
      clock: () => now,
    });
    expect(await sessions.verify(await other.issue(USER))).toBeNull();
    const jwt = await sessions.issue(USER);
    const [header, payload, signature] = jwt.split('.');
    const forged = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload!, 'base64url').toString()),
        sub: '0190a000-0000-7000-8000-000000000002',
      }),
    ).toString('base64url');
    expect(await sessions.verify(`${header}.${forged}.${signature}`)).toBeNull();
    for (const garbage of ['', 'a.b.c', 'not a jwt', `${jwt}x`]) expect(await sessions.verify(garbage)).toBeNull();
  });

  it('refuses a well-signed JWT of another audience or with a subject that is no user id', async () => {
    now = new Date('2030-01-01T12:00:00Z');
    const key = new TextEncoder().encode(SECRET);
    const sign = (sub: string, audience: string) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(sub)
        .setIssuer('api-tokens')
        .setAudience(audience)
        .setExpirationTime(now.getTime() / 1000 + 60)
        .sign(key);
    expect(await sessions.verify(await sign(USER, 'api-tokens:session'))).toEqual({ userId: USER });
    expect(await sessions.verify(await sign(USER, 'someone-else'))).toBeNull();
    expect(await sessions.verify(await sign('admin', 'api-tokens:session'))).toBeNull();
  });
});

describe('the session cookie', () => {
  it('is HttpOnly, SameSite=Strict, Secure on https, and lives as long as the session', () => {
    const cookie = sessions.cookie('jwt-value');
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=jwt-value;`));
    expect(cookie).toContain('Max-Age=3600');
    expect(cookie).toContain('Path=/');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Secure');
    const plain = createSessions({
      secret: SECRET,
      ttlSeconds: 60,
      publicUrl: 'http://localhost:4000',
      devSignIn: true,
      clock: () => now,
    });
    expect(plain.cookie('v')).not.toContain('Secure');
    expect(sessions.clearCookie()).toMatch(new RegExp(`^${SESSION_COOKIE}=;.*Max-Age=0`));
  });

  it('is read from a Cookie header among others, and only when it has a value', () => {
    expect(readSessionCookie(`a=1; ${SESSION_COOKIE}=abc.def.ghi; b=2`)).toBe('abc.def.ghi');
    expect(readSessionCookie(`${SESSION_COOKIE}=first; ${SESSION_COOKIE}=second`)).toBe('first');
    expect(readSessionCookie(`${SESSION_COOKIE}=`)).toBeUndefined();
    expect(readSessionCookie(`x${SESSION_COOKIE}=abc`)).toBeUndefined();
    expect(readSessionCookie(null)).toBeUndefined();
    expect(readSessionCookie('')).toBeUndefined();
  });
});
