// The operator CLI, run as a real subprocess against a real database: help on
// every command, --json output, and the path an operator takes to a first token.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readMigrations } from '../server/src/db/migrate.js';
import { CLI_BIN, useExternalDatabase } from './support/process.js';
import { startTestServer, type TestServer } from './support/server.js';

const run = promisify(execFile);
const external = useExternalDatabase();

async function cli(args: string[], extraEnv: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI_BIN, ...args], {
      env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', ...external.env, ...extraEnv },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Runs `fn` against a server on the CLI's database (opened after the CLI exits). */
function withServer<T>(fn: (gql: TestServer['gql']) => Promise<T>): Promise<T> {
  return external.withDb(async (db) => {
    const server = await startTestServer({ db });
    try {
      return await fn(server.gql);
    } finally {
      await server.stop();
    }
  });
}

describe('CLI', { timeout: 400_000 }, () => {
  it('has --help on every command', async () => {
    const commands = [[], ['serve'], ['migrate'], ['seed'], ['workspace'], ['workspace', 'create'], ['workspace', 'update'], ['user'], ['user', 'create'], ['user', 'update'], ['token'], ['token', 'create'], ['token', 'list'], ['token', 'revoke']];
    const results = [];
    for (let i = 0; i < commands.length; i += 4) {
      results.push(...(await Promise.all(commands.slice(i, i + 4).map((command) => cli([...command, '--help'])))));
    }
    for (const [i, result] of results.entries()) {
      expect(result.code, commands[i]!.join(' ')).toBe(0);
      expect(result.stdout).toMatch(/^Usage: api-tokens/);
    }
    expect(results[0]!.stdout).toMatch(/serve[\s\S]*migrate[\s\S]*seed[\s\S]*workspace[\s\S]*user[\s\S]*token/);
  });

  it('migrates, seeds, and hands the operator a working first token', async () => {
    const migrated = await cli(['migrate', '--json']);
    expect(migrated.code).toBe(0);
    // The database was migrated when it was made: every migration is already there.
    const onDisk = (await readMigrations()).map((migration) => migration.name);
    expect(onDisk.length).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(migrated.stdout)).toMatchObject({ applied: [], alreadyApplied: onDisk });

    const seeded = await cli(['seed', '--json']);
    expect(seeded.code).toBe(0);
    const seed = JSON.parse(seeded.stdout);
    expect(seed.workspaces).toEqual([
      { name: 'Acme (demo)', plan: 'ENTERPRISE', auditLogsEnabled: true },
      { name: 'Globex (demo)', plan: 'TEAM', auditLogsEnabled: false },
    ]);
    expect(seed.users.map((u: { role: string }) => u.role)).toEqual(['ADMIN', 'MEMBER', 'WATCH_ONLY', 'ADMIN']);
    expect(seed.demoAdmin.token).toMatch(/^pat_/);
    expect(await cli(['seed', '--json']).then((r) => r.code)).toBe(0); // idempotent

    await withServer(async (gql) => {
      const viewer = await gql('{ viewer { email role workspace { plan } } }', {}, seed.demoAdmin.token);
      expect(viewer.body.data.viewer).toEqual({ email: 'admin@acme.test', role: 'ADMIN', workspace: { plan: 'ENTERPRISE' } });
    });
  });

  it('manages workspaces, users and tokens, and revoked tokens stop working', async () => {
    const ws = await cli(['workspace', 'create', '--name', 'Initech', '--plan', 'TEAM', '--json']);
    expect(ws.code).toBe(0);
    const workspace = JSON.parse(ws.stdout);
    expect(workspace).toMatchObject({ name: 'Initech', plan: 'TEAM', auditLogsEnabled: false });

    const user = await cli(['user', 'create', '--email', 'Peter@Initech.test', '--name', 'Peter', '--workspace', 'Initech', '--json']);
    expect(JSON.parse(user.stdout)).toMatchObject({ email: 'peter@initech.test', role: 'MEMBER' });
    const duplicate = await cli(['user', 'create', '--email', 'peter@initech.test', '--name', 'P2', '--workspace', 'Initech']);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toMatch(/exists/);

    const created = await cli(['token', 'create', '--email', 'peter@initech.test', '--name', 'deploy bot', '--json']);
    expect(created.code).toBe(0);
    const token = JSON.parse(created.stdout);
    expect(token.token).toMatch(/^pat_/);

    // TEAM plan: the token exists but cannot be used until the workspace is upgraded.
    await withServer(async (gql) => expect((await gql('{ viewer { email } }', {}, token.token)).status).toBe(403));
    const upgraded = await cli(['workspace', 'update', workspace.id, '--plan', 'ENTERPRISE', '--audit-logs', '--json']);
    expect(JSON.parse(upgraded.stdout)).toMatchObject({ plan: 'ENTERPRISE', auditLogsEnabled: true });
    await withServer(async (gql) => expect((await gql('{ viewer { email } }', {}, token.token)).status).toBe(200));

    const listed = await cli(['token', 'list', '--email', 'peter@initech.test', '--json']);
    const tokens = JSON.parse(listed.stdout);
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatchObject({ id: token.id, name: 'deploy bot' });
    expect(listed.stdout).not.toContain(token.token);

    const revoked = await cli(['token', 'revoke', token.id, '--json']);
    expect(JSON.parse(revoked.stdout)).toEqual({ revokedApiTokenId: token.id, name: 'deploy bot' });
    await withServer(async (gql) => expect((await gql('{ viewer { email } }', {}, token.token)).status).toBe(401));
    const again = await cli(['token', 'revoke', token.id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/No API token/);
  });

  it('refuses tokens for watch-only users and reports bad input clearly', async () => {
    await cli(['user', 'create', '--email', 'milton@initech.test', '--name', 'Milton', '--workspace', 'Initech', '--role', 'WATCH_ONLY']);
    const refused = await cli(['token', 'create', '--email', 'milton@initech.test', '--name', 'x']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Watch-only users cannot create API tokens/);
    const demoted = await cli(['user', 'update', 'milton@initech.test', '--role', 'MEMBER', '--json']);
    expect(JSON.parse(demoted.stdout)).toMatchObject({ role: 'MEMBER' });

    const badJson = await cli(['token', 'create', '--email', 'nobody@x.test', '--name', 'x', '--json']);
    expect(badJson.code).toBe(1);
    expect(JSON.parse(badJson.stdout)).toEqual({ error: { type: 'ValidationError', message: 'No user with email nobody@x.test.' } });
    const badPlan = await cli(['workspace', 'create', '--name', 'x', '--plan', 'GOLD']);
    expect(badPlan.code).not.toBe(0);
    expect(badPlan.stderr).toMatch(/--plan/);
    const badConfig = await cli(['migrate'], { PORT: 'abc' });
    expect(badConfig.code).toBe(1);
    expect(badConfig.stderr).toMatch(/PORT/);
  });
});
