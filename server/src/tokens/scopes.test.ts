import { describe, expect, it } from 'vitest';
import { ForbiddenError, ValidationError } from '../errors.js';
import { API_TOKEN_SCOPES, assertMayRotate, grantableScopes, isApiTokenScope, scopesToGrant } from './scopes.js';

describe('scopes', () => {
  it('a role caps what its tokens may carry; a calling token narrows it to its own', () => {
    expect(grantableScopes({ role: 'ADMIN' })).toEqual(API_TOKEN_SCOPES);
    expect(grantableScopes({ role: 'MEMBER' })).toEqual(['TOKENS_READ', 'TOKENS_WRITE']);
    expect(grantableScopes({ role: 'WATCH_ONLY' })).toEqual([]);
    expect(grantableScopes({ role: 'ADMIN', grantorScopes: ['TOKENS_WRITE', 'AUDIT_READ'] })).toEqual([
      'TOKENS_WRITE',
      'AUDIT_READ',
    ]);
    expect(grantableScopes({ role: 'MEMBER', grantorScopes: ['AUDIT_READ'] })).toEqual([]);
  });

  it('grants what is asked, in canonical order without repeats, or by default all it may', () => {
    expect(scopesToGrant(null, { role: 'MEMBER' })).toEqual(['TOKENS_READ', 'TOKENS_WRITE']);
    expect(scopesToGrant(['AUDIT_READ', 'TOKENS_READ', 'AUDIT_READ'], { role: 'ADMIN' })).toEqual([
      'TOKENS_READ',
      'AUDIT_READ',
    ]);
    expect(() => scopesToGrant([], { role: 'ADMIN' })).toThrow(ValidationError);
  });

  it('refuses more than the role or the calling token holds, naming the scope', () => {
    expect(() => scopesToGrant(['AUDIT_READ'], { role: 'MEMBER' })).toThrow(
      new ForbiddenError('Your role (MEMBER) cannot grant AUDIT_READ: only workspace admins can.'),
    );
    expect(() => scopesToGrant(['TOKENS_READ'], { role: 'ADMIN', grantorScopes: ['TOKENS_WRITE'] })).toThrow(
      /does not hold TOKENS_READ/,
    );
    expect(() =>
      assertMayRotate(['TOKENS_READ', 'TOKENS_WRITE'], { role: 'ADMIN', grantorScopes: ['TOKENS_WRITE'] }),
    ).toThrow(/This token holds TOKENS_READ/);
    expect(() => assertMayRotate(['WORKSPACE_ADMIN'], { role: 'MEMBER' })).toThrow(/your role \(MEMBER\) may not hold/);
    expect(() => assertMayRotate(['TOKENS_WRITE'], { role: 'MEMBER', grantorScopes: ['TOKENS_WRITE'] })).not.toThrow();
  });

  it('knows its own names', () => {
    expect(API_TOKEN_SCOPES.every(isApiTokenScope)).toBe(true);
    expect(isApiTokenScope('ROOT')).toBe(false);
    expect(isApiTokenScope(undefined)).toBe(false);
  });
});
