// The callers of an authorization matrix for workspace administration (issue 14):
// an admin, a member and a watch-only user of one Enterprise workspace, an admin
// of another Enterprise workspace, and an admin of a Team-plan workspace; each
// with a token and a signed-in session.
import type { RequestOptions } from './graphql.js';
import { createUserWithToken, type Fixture, type TestServer } from './server.js';
import { sessionOf } from './session.js';

export interface Caller extends Fixture {
  /** Bearer token. */
  viaToken: RequestOptions;
  /** The page's session cookie (with the CSRF header). */
  viaSession: RequestOptions;
}

export interface WorkspaceTeam {
  admin: Caller;
  member: Caller;
  watcher: Caller;
  /** Admin of another Enterprise workspace. */
  otherAdmin: Caller;
  /** Admin of a workspace on the Team plan (no API access). */
  teamAdmin: Caller;
}

async function caller(server: TestServer, fixture: Fixture): Promise<Caller> {
  return { ...fixture, viaToken: { token: fixture.token }, viaSession: await sessionOf(server, fixture.userId) };
}

export async function createWorkspaceTeam(
  server: TestServer,
  options: { auditLogs?: boolean } = {},
): Promise<WorkspaceTeam> {
  const admin = await createUserWithToken(server, { auditLogs: options.auditLogs ?? true });
  const member = await createUserWithToken(server, { workspaceId: admin.workspaceId, role: 'MEMBER' });
  const watcher = await createUserWithToken(server, { workspaceId: admin.workspaceId, role: 'WATCH_ONLY' });
  const otherAdmin = await createUserWithToken(server, { auditLogs: true });
  const teamAdmin = await createUserWithToken(server, { plan: 'TEAM' });
  return {
    admin: await caller(server, admin),
    member: await caller(server, member),
    watcher: await caller(server, watcher),
    otherAdmin: await caller(server, otherAdmin),
    teamAdmin: await caller(server, teamAdmin),
  };
}
