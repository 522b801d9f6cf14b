// The operator CLI against a real database: help on every command, --json output,
// the path an operator takes to a first token, and the same commands while a server
// runs on that database (on PGlite the server runs them, over its admin channel),
// with the server seeing each change on its very next request. The CLI runs in this
// process (runCli), except for one smoke test of the installed entry point.
//
// On PGlite each command run without a server opens the data directory (~1 s of CPU),
// and so does each server start: the file's server starts once and stays up from test
// to test; only the commands that show the CLI opening the directory itself (migrate
// and seed on a fresh database, and those compared with their output through a
// server) run without one.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { readMigrations } from '../server/src/db/migrate.js';
import { generateToken } from '../server/src/tokens/format.js';
import { graphql } from './generated/gql.js';
import { runCliCaptured } from './support/cli.js';
import { testDatabaseKind } from './support/env.js';
import { expectData } from './support/graphql.js';
import { VIEWER_ACCESS } from './support/operations.js';
import { answerAfterChange } from './support/other-instance.js';
import { CLI_BIN, useExternalDatabase } from './support/process.js';
import { publicKeysEnv, scanningKeyPair } from './support/secret-scanning.js';
import { startTestServer, type TestServer } from './support/server.js';

const external = useExternalDatabase();

const cli = (args: string[], extraEnv: Record<string, string> = {}) =>
  runCliCaptured(args, { ...external.env, ...extraEnv });

async function cliJson<T = any>(args: string[]): Promise<T> {
  const result = await cli([...args, '--json']);
  expect(result.code, result.stderr || result.stdout).toBe(0);
  return JSON.parse(result.stdout) as T;
}

let running: { server: TestServer; stop: () => Promise<void> } | undefined;

/** The file's server on the CLI's database (on PGlite, this process then owns the directory): started on first use, then kept. */
async function fileServer(): Promise<TestServer> {
  if (!running) {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let ready!: (server: TestServer) => void;
    const started = new Promise<TestServer>((resolve) => (ready = resolve));
    // The database stays open in this process until the server is stopped.
    const closed = external.withDb(async (db) => {
      const server = await startTestServer({ db });
      ready(server);
      await released;
      await server.stop();
    });
    const failed = closed.then(() => Promise.reject(new Error('the server stopped before it started')));
    const server = await Promise.race([started, failed]);
    running = {
      server,
      stop: () => {
        release();
        return closed;
      },
    };
  }
  return running.server;
}

/** Stops the file's server, for commands that must open the directory themselves. */
async function stopServer(): Promise<void> {
  const stopping = running;
  running = undefined;
  await stopping?.stop();
}
afterAll(stopServer);

const TOKEN_IDS = graphql(`
  query CliTokenIds {
    apiTokens {
      totalCount
      edges {
        node {
          id
        }
      }
    }
  }
`);

/** A request with `token` to `server`, answered by the viewer query. */
const viewer = (server: TestServer, token: string) => server.execute(VIEWER_ACCESS, { token });

describe('CLI', { timeout: 120_000 }, () => {
  it('has --help on every command', async () => {
    const commands = [
      [],
      ['serve'],
      ['migrate'],
      ['seed'],
      ['workspace'],
      ['workspace', 'create'],
      ['workspace', 'update'],
      ['workspace', 'policy'],
      ['user'],
      ['user', 'create'],
      ['user', 'update'],
      ['token'],
      ['token', 'create'],
      ['token', 'list'],
      ['token', 'revoke'],
      ['secret-scanning'],
      ['purge-revoked'],
      ['sweep-inactive'],
      ['webhook'],
      ['webhook', 'create'],
      ['webhook', 'list'],
      ['webhook', 'update'],
      ['webhook', 'delete'],
      ['webhook', 'test'],
      ['webhook', 'deliveries'],
    ];
    const results = [];
    for (const command of commands) results.push(await cli([...command, '--help']));
    for (const [i, result] of results.entries()) {
      expect(result.code, commands[i]!.join(' ')).toBe(0);
      expect(result.stdout).toMatch(/^Usage: api-tokens/);
    }
    expect(results[0]!.stdout).toMatch(/serve[\s\S]*migrate[\s\S]*seed[\s\S]*workspace[\s\S]*user[\s\S]*token/);
  });

  it('prints what to register with a secret-scanning program, and how reports are received', async () => {
    const key = scanningKeyPair('github-current');
    const env = {
      TOKEN_PREFIX: 'acme',
      PUBLIC_URL: 'https://api.acme.example',
      SECRET_SCANNING_PUBLIC_KEYS: publicKeysEnv(key),
    };
    const result = await runCliCaptured(['secret-scanning', '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    const info = JSON.parse(result.stdout);
    expect(info).toEqual({
      tokenType: 'acme_api_token',
      pattern: '\\bacme_[0-9A-Za-z]{38}\\b',
      endpoint: 'https://api.acme.example/secret-scanning',
      keyIds: ['github-current'],
      allowUnsigned: false,
      enabled: true,
    });
    const token = generateToken('acme');
    expect(`found: ${token}.`.match(new RegExp(info.pattern))?.[0]).toBe(token);
    const text = await runCliCaptured(['secret-scanning'], { TOKEN_PREFIX: 'acme' });
    expect(text.stdout).toContain('regular expression  \\bacme_[0-9A-Za-z]{38}\\b');
    expect(text.stdout).toContain('public keys         none — set SECRET_SCANNING_PUBLIC_KEYS');
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

    const server = await fileServer();
    // Idempotent (through the server on PGlite: seeding again opens nothing new).
    expect(await cli(['seed', '--json']).then((r) => r.code)).toBe(0);
    const response = await viewer(server, seed.demoAdmin.token);
    expect(expectData(response).viewer).toEqual({
      email: 'admin@acme.test',
      role: 'ADMIN',
      workspace: { plan: 'ENTERPRISE' },
    });
  });

  it('manages workspaces, users and tokens, and revoked tokens stop working', async () => {
    // The commands run next to the file's server (through it on PGlite), which answers after each change.
    const server = await fileServer();
    const status = async (token: string) => (await viewer(server, token)).status;
    const workspace = await cliJson(['workspace', 'create', '--name', 'Initech', '--plan', 'TEAM']);
    expect(workspace).toMatchObject({ name: 'Initech', plan: 'TEAM', auditLogsEnabled: false });

    expect(
      await cliJson(['user', 'create', '--email', 'Peter@Initech.test', '--name', 'Peter', '--workspace', 'Initech']),
    ).toMatchObject({
      email: 'peter@initech.test',
      role: 'MEMBER',
    });
    const duplicate = await cli([
      'user',
      'create',
      '--email',
      'peter@initech.test',
      '--name',
      'P2',
      '--workspace',
      'Initech',
    ]);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toMatch(/^error: .*exists/);

    const token = await cliJson(['token', 'create', '--email', 'peter@initech.test', '--name', 'deploy bot']);
    expect(token.token).toMatch(/^pat_/);

    // TEAM plan: the token exists but cannot be used until the workspace is upgraded.
    expect(await status(token.token)).toBe(403);
    expect(await cliJson(['workspace', 'update', workspace.id, '--plan', 'ENTERPRISE', '--audit-logs'])).toMatchObject({
      plan: 'ENTERPRISE',
      auditLogsEnabled: true,
    });
    expect(await answerAfterChange(() => status(token.token), 200)).toBe(200);

    const listed = await cli(['token', 'list', '--email', 'peter@initech.test', '--json']);
    const tokens = JSON.parse(listed.stdout);
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatchObject({ id: token.id, name: 'deploy bot' });
    expect(listed.stdout).not.toContain(token.token);

    expect(await cliJson(['token', 'revoke', token.id])).toEqual({ revokedApiTokenId: token.id, name: 'deploy bot' });
    expect(await answerAfterChange(() => status(token.token), 401)).toBe(401);
    const again = await cli(['token', 'revoke', token.id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/No API token/);
  });

  it('refuses tokens for watch-only users and reports bad input clearly', async () => {
    await fileServer(); // the commands run next to it (through it on PGlite)
    await cli([
      'user',
      'create',
      '--email',
      'milton@initech.test',
      '--name',
      'Milton',
      '--workspace',
      'Initech',
      '--role',
      'WATCH_ONLY',
    ]);
    const refused = await cli(['token', 'create', '--email', 'milton@initech.test', '--name', 'x']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Watch-only users cannot create API tokens/);
    expect(await cliJson(['user', 'update', 'milton@initech.test', '--role', 'MEMBER'])).toMatchObject({
      role: 'MEMBER',
    });

    const badJson = await cli(['token', 'create', '--email', 'nobody@x.test', '--name', 'x', '--json']);
    expect(badJson.code).toBe(1);
    expect(JSON.parse(badJson.stdout)).toEqual({
      error: { type: 'ValidationError', message: 'No user with email nobody@x.test.' },
    });
    const badPlan = await cli(['workspace', 'create', '--name', 'x', '--plan', 'GOLD']);
    expect(badPlan.code).not.toBe(0);
    expect(badPlan.stderr).toMatch(/--plan/);
    const badConfig = await cli(['migrate'], { PORT: 'abc' });
    expect(badConfig.code).toBe(1);
    expect(badConfig.stderr).toMatch(/PORT/);
  });

  it('works the same while a server runs, and the server sees every change on its very next request', async () => {
    // Output of commands that change nothing, without a server, to compare with the same commands with one.
    await stopServer();
    const alone = {
      list: await cli(['token', 'list', '--email', 'peter@initech.test']),
      update: await cli(['user', 'update', 'milton@initech.test', '--name', 'Milton']),
      missing: await cli(['token', 'create', '--email', 'nobody@x.test', '--name', 'x', '--json']),
      forbidden: await cli(['token', 'create', '--email', 'watcher@acme.test', '--name', 'x']),
      migrate: await cli(['migrate']),
    };
    const server = await fileServer();
    const status = async (token: string) => (await viewer(server, token)).status;
    // The answer the server gives after a CLI change: on PGlite the server ran the
    // change itself; on PostgreSQL the CLI is another instance (support/other-instance.ts).
    const statusAfterChange = (token: string, expected: number) => answerAfterChange(() => status(token), expected);
    if (testDatabaseKind === 'pglite') expect(server.started.db.dataDirLock).toBeDefined(); // the server owns the directory

    expect(await cli(['token', 'list', '--email', 'peter@initech.test'])).toEqual(alone.list);
    expect(await cli(['user', 'update', 'milton@initech.test', '--name', 'Milton'])).toEqual(alone.update);
    expect(await cli(['token', 'create', '--email', 'nobody@x.test', '--name', 'x', '--json'])).toEqual(alone.missing);
    expect(await cli(['token', 'create', '--email', 'watcher@acme.test', '--name', 'x'])).toEqual(alone.forbidden);
    expect(alone.forbidden).toMatchObject({ code: 1, stderr: 'error: Watch-only users cannot create API tokens.\n' });
    expect(await cli(['migrate'])).toEqual(alone.migrate);

    const workspace = await cliJson(['workspace', 'create', '--name', 'Hooli', '--plan', 'ENTERPRISE', '--audit-logs']);
    await cliJson([
      'user',
      'create',
      '--email',
      'gavin@hooli.test',
      '--name',
      'Gavin',
      '--workspace',
      workspace.id,
      '--role',
      'ADMIN',
    ]);

    // A token created by the CLI works at once.
    const created = await cliJson(['token', 'create', '--email', 'gavin@hooli.test', '--name', 'from the cli']);
    expect(expectData(await viewer(server, created.token)).viewer).toEqual({
      email: 'gavin@hooli.test',
      role: 'ADMIN',
      workspace: { plan: 'ENTERPRISE' },
    });
    // Renamed by the CLI: the listing says so, and the token keeps working.
    const renamed = await cli(['token', 'rename', created.id, '--name', 'deploy (cli)']);
    expect(renamed).toMatchObject({ code: 0, stdout: `Renamed ${created.id} to "deploy (cli)".\n` });
    const listed = await cliJson(['token', 'list', '--email', 'gavin@hooli.test']);
    expect(listed.map((t: { id: string; name: string }) => [t.id, t.name])).toEqual([[created.id, 'deploy (cli)']]);
    const apiList = await server.execute(TOKEN_IDS, { token: created.token });
    expect(expectData(apiList).apiTokens).toEqual({ totalCount: 1, edges: [{ node: { id: created.id } }] });

    // A role change to watch-only is refused on the next request (the token is in the server's cache by now).
    expect(await status(created.token)).toBe(200);
    expect(await cliJson(['user', 'update', 'gavin@hooli.test', '--role', 'WATCH_ONLY'])).toMatchObject({
      role: 'WATCH_ONLY',
    });
    expect(await statusAfterChange(created.token, 403)).toBe(403);
    await cliJson(['user', 'update', 'gavin@hooli.test', '--role', 'ADMIN']);
    expect(await status(created.token)).toBe(200);

    // So is a plan change.
    expect(await status(created.token)).toBe(200);
    expect(await cliJson(['workspace', 'update', 'Hooli', '--plan', 'TEAM'])).toMatchObject({ plan: 'TEAM' });
    expect(await statusAfterChange(created.token, 403)).toBe(403);
    await cliJson(['workspace', 'update', 'Hooli', '--plan', 'ENTERPRISE']);
    expect(await status(created.token)).toBe(200);

    // And a revocation.
    const second = await cliJson(['token', 'create', '--email', 'gavin@hooli.test', '--name', 'to revoke']);
    expect(await status(second.token)).toBe(200);
    expect(await status(second.token)).toBe(200);
    expect(await cliJson(['token', 'revoke', second.id])).toEqual({
      revokedApiTokenId: second.id,
      name: 'to revoke',
    });
    expect(await statusAfterChange(second.token, 401)).toBe(401);

    // Through the same service as the API: audit rows written by the server's TokenService.
    const events = await server.started.db.prisma.auditEvent.findMany({
      where: { workspaceId: workspace.id },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => [e.action, e.apiTokenName, e.userAgent])).toEqual([
      ['API_TOKEN_CREATED', 'from the cli', 'api-tokens cli'],
      ['API_TOKEN_RENAMED', 'deploy (cli)', 'api-tokens cli'],
      ['API_TOKEN_CREATED', 'to revoke', 'api-tokens cli'],
      ['API_TOKEN_REVOKED', 'to revoke', 'api-tokens cli'],
    ]);

    const seeded = await cliJson(['seed']);
    expect(await status(seeded.demoAdmin.token)).toBe(200);
  });

  it('runs as a program: the installed entry point, next to a running server', async () => {
    // The server the test before started: on PGlite the program hands the command to it.
    const server = await fileServer();
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [CLI_BIN, 'token', 'create', '--email', 'gavin@hooli.test', '--name', 'subprocess', '--json'],
      {
        env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', ...external.env },
        timeout: 60_000,
      },
    );
    const created = JSON.parse(stdout);
    expect(expectData(await viewer(server, created.token)).viewer.email).toBe('gavin@hooli.test');
  });
});
