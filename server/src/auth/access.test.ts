import { describe, expect, it } from 'vitest';
import { apiAccessFailure, credentialFailure } from './access.js';

const caller = (
  kind: 'apiToken' | 'session',
  role: 'ADMIN' | 'MEMBER' | 'WATCH_ONLY',
  plan: 'FREE' | 'TEAM' | 'ENTERPRISE',
) => ({ kind, role, plan });

describe('the access rule', () => {
  it.each(['apiToken', 'session'] as const)('lets a %s of an Enterprise admin or member use the API', (kind) => {
    for (const role of ['ADMIN', 'MEMBER'] as const) {
      expect(apiAccessFailure(caller(kind, role, 'ENTERPRISE'))).toBeNull();
      expect(credentialFailure(caller(kind, role, 'ENTERPRISE'))).toBeNull();
    }
  });

  it('refuses a watch-only user’s token outright, before the plan', () => {
    expect(credentialFailure(caller('apiToken', 'WATCH_ONLY', 'FREE'))?.reason).toBe('watch_only');
    expect(apiAccessFailure(caller('apiToken', 'WATCH_ONLY', 'ENTERPRISE'))).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
    });
  });

  it('lets a watch-only user’s session look (the tokenManager scope refuses changes)', () => {
    expect(apiAccessFailure(caller('session', 'WATCH_ONLY', 'ENTERPRISE'))).toBeNull();
  });

  it.each(['FREE', 'TEAM'] as const)('refuses the API on the %s plan, but lets a session load the viewer', (plan) => {
    expect(apiAccessFailure(caller('apiToken', 'ADMIN', plan))?.message).toBe(
      'API access requires the Enterprise plan.',
    );
    expect(credentialFailure(caller('apiToken', 'ADMIN', plan))?.reason).toBe('plan');
    expect(apiAccessFailure(caller('session', 'ADMIN', plan))?.reason).toBe('plan');
    expect(credentialFailure(caller('session', 'ADMIN', plan))).toBeNull();
  });
});
