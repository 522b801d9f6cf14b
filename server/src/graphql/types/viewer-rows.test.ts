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
  it('answers a selection of the columns it holds, the workspace with it', () => {
    const user = viewerUser(viewer, { select: { id: true, name: true, createdAt: true, workspace: true } });
    expect(user).toMatchObject({ id: 'u1', name: 'Ada', createdAt: new Date(1) });
    expect(user?.workspace).toMatchObject({ name: 'Analytical Engines', tokensRevealable: true, maxLifetimeDays: 30 });
    expect(
      viewerUser(viewer, { select: { id: true, workspace: { select: { name: true, plan: true } } } }),
    ).not.toBeNull();
  });

  it('declines anything else, so the caller loads it: a column or relation it does not hold, or a whole row', () => {
    expect(viewerUser(viewer, { select: { id: true, apiTokenCounts: true } })).toBeNull();
    expect(viewerUser(viewer, { select: { id: true, apiTokens: true } })).toBeNull();
    expect(viewerUser(viewer, { select: { workspace: { include: { users: true } } } })).toBeNull();
    expect(viewerUser(viewer, { include: { workspace: true } })).toBeNull();
    expect(viewerUser(viewer, {})).toBeNull();
  });
});
