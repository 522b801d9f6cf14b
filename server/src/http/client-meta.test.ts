import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { requestMeta } from './client-meta.js';

const request = (headers: Record<string, string> = {}) => new Request('http://localhost/graphql', { headers });
/** The Node request as far as requestMeta reads it: the peer address of its socket. */
const from = (remoteAddress: string | undefined) => ({ socket: { remoteAddress } }) as IncomingMessage;

describe('requestMeta', () => {
  it('takes the peer address and the User-Agent', () => {
    expect(requestMeta(request({ 'user-agent': 'curl/8.5.0' }), from('192.0.2.7'), false)).toEqual({
      ip: '192.0.2.7',
      userAgent: 'curl/8.5.0',
    });
  });

  it('ignores X-Forwarded-For unless the proxy is trusted: a client cannot choose its recorded address', () => {
    const forged = request({ 'x-forwarded-for': '203.0.113.9' });
    expect(requestMeta(forged, from('192.0.2.7'), false).ip).toBe('192.0.2.7');
  });

  it('behind a trusted proxy, takes the first X-Forwarded-For address, trimmed', () => {
    expect(requestMeta(request({ 'x-forwarded-for': '203.0.113.9' }), from('10.0.0.1'), true).ip).toBe('203.0.113.9');
    expect(
      requestMeta(request({ 'x-forwarded-for': '  203.0.113.9 , 10.0.0.2, 10.0.0.3' }), from('10.0.0.1'), true).ip,
    ).toBe('203.0.113.9');
    expect(requestMeta(request({ 'x-forwarded-for': '2001:db8::1' }), from('10.0.0.1'), true).ip).toBe('2001:db8::1');
  });

  it('behind a trusted proxy without a usable X-Forwarded-For, falls back to the peer address', () => {
    expect(requestMeta(request(), from('10.0.0.1'), true).ip).toBe('10.0.0.1');
    expect(requestMeta(request({ 'x-forwarded-for': '' }), from('10.0.0.1'), true).ip).toBe('10.0.0.1');
    expect(requestMeta(request({ 'x-forwarded-for': ' , 203.0.113.9' }), from('10.0.0.1'), true).ip).toBe('10.0.0.1');
  });

  it('records null, not a guess, when nothing says where the request came from', () => {
    expect(requestMeta(request(), undefined, false)).toEqual({ ip: null, userAgent: null });
    expect(requestMeta(request(), from(undefined), true)).toEqual({ ip: null, userAgent: null });
  });
});
