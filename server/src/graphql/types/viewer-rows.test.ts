import { describe, expect, it } from 'vitest';
import type { Principal } from '../../auth/principal.js';
import { viewerUser } from './viewer-rows.js';

const viewer: Principal = {
  kind: 'session',
  tokenId: null,
  userId: 'u1',
  email: 'ada@example.test',
  role: 'ADMIN',
  workspaceId: 'w1',
  plan: 'ENTERPRISE',
  auditLogsEnabled: true,
  maxLifetimeDays: 30,
  inactivityRevokeDays: null,
  name: 'Ada',
  userCreatedAt: new Date(1),
  workspaceName: 'Analytical Engines',
  tokensRevealable: true,
  workspaceCreatedAt: new Date(2),
};

describe('the viewer from the principal', () => {
  it('is the user row authentication read, with its workspace row', () => {
    expect(viewerUser(viewer)).toEqual({
      id: 'u1',
      email: 'ada@example.test',
      name: 'Ada',
      role: 'ADMIN',
      createdAt: new Date(1),
      workspaceId: 'w1',
      workspace: {
        id: 'w1',
        name: 'Analytical Engines',
        plan: 'ENTERPRISE',
        auditLogsEnabled: true,
        tokensRevealable: true,
        maxLifetimeDays: 30,
        inactivityRevokeDays: null,
        createdAt: new Date(2),
      },
    });
  });
});
