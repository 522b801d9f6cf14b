// The server as operators run it, next to the CLI: one server per embedded database
// (several started at once: one runs, the others are refused with the owner's PID;
// on PostgreSQL they all run), nothing acknowledged is lost (API and CLI writes
// interleaved, then SIGKILL and restart), and a busy port ends `serve` quickly with
// the database closed and its directory free.
import { readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDataDirOwner } from '../server/src/db/data-dir-lock.js';
import { runCliJson } from './support/cli.js';
import { testDatabaseKind } from './support/env.js';
import { expectData, graphqlClient } from './support/graphql.js';
import { createToken, revokeToken, TOKEN_PAGE } from './support/operations.js';
import { runProgram, spawnServer, useExternalDatabase, type ServerProcess } from './support/process.js';
import { storedTokenCount } from './support/token-count.js';

const external = useExternalDatabase();
const pglite = testDatabaseKind === 'pglite';
const cliJson = (args: string[]) => runCliJson(args, external.env);

/** Servers a test started, killed after the file if a failed test left them running. */
const spawned: ServerProcess[] = [];
afterAll(() => {
  for (const server of spawned)
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
});

async function stop(server: ServerProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  server.child.kill(signal);
  return server.exited;
}

describe('one owner, nothing lost', { timeout: 300_000 }, () => {
  // Servers started at the same moment, as the test's first server: a start costs ~4 s of CPU on PGlite,
  // a refused one ~1 s.
  it(`servers started at the same moment: ${pglite ? 'exactly one runs, the others are refused at once, naming the directory and the owner' : 'all run (PostgreSQL)'}; the one that runs keeps every acknowledged write, API and CLI interleaved, across a SIGKILL and restart, and nothing else`, async () => {
    const starts = await Promise.allSettled(Array.from({ length: 3 }, () => spawnServer(external.env)));
    const running = starts
      .filter((s): s is PromiseFulfilledResult<ServerProcess> => s.status === 'fulfilled')
      .map((s) => s.value);
    spawned.push(...running);
    const first = running[0]!;
    if (pglite) {
      expect(running).toHaveLength(1);
      const refusals = starts
        .filter((s): s is PromiseRejectedResult => s.status === 'rejected')
        .map((s) => String(s.reason));
      expect(refusals).toHaveLength(2);
      for (const refusal of refusals)
        expect(refusal).toContain(
          `DATA_DIR ${external.env.DATA_DIR} is in use by PID ${first.child.pid} (api-tokens serve)`,
        );
    } else {
      expect(running).toHaveLength(3);
      for (const server of running.slice(1)) expect(await stop(server)).toBe(0);
    }
    const api = graphqlClient(first.url);
    // What the server and the CLI have acknowledged: live tokens (id → name), every creation and revocation, the last role.
    const live = new Map<string, string>();
    const created = new Set<string>();
    const revoked = new Set<string>();
    // Seeded through the server (on PGlite; opening the directory here would cost ~1.5 s of CPU):
    // seeding gives the demo admin a token of its own.
    const seeded = await cliJson(['seed']);
    // The server that won is unharmed and answers the CLI.
    const seedTokens = await cliJson(['token', 'list', '--email', 'admin@acme.test']);
    expect(seedTokens).toBeInstanceOf(Array);
    const [seedToken] = seedTokens;
    expect(seedToken.id).toBe(seeded.demoAdmin.apiTokenId);
    live.set(seedToken.id, seedToken.name);
    created.add(seedToken.id);
    const driver = await cliJson(['token', 'create', '--email', 'admin@acme.test', '--name', 'driver']);
    live.set(driver.id, 'driver');
    created.add(driver.id);
    const revocable: string[] = [];
    const roles = ['WATCH_ONLY', 'ADMIN', 'MEMBER'];
    let role = 'MEMBER';

    const apiCreate = async (name: string) => {
      const { id } = await createToken(api, driver.token, name);
      live.set(id, name);
      created.add(id);
      revocable.push(id);
    };
    const cliCreate = async (name: string) => {
      const { id } = await cliJson(['token', 'create', '--email', 'admin@acme.test', '--name', name]);
      live.set(id, name);
      created.add(id);
      revocable.push(id);
    };
    const apiRevoke = async (id: string) => {
      expect(await revokeToken(api, driver.token, id)).toBe('RevokeApiTokenSuccess');
      live.delete(id);
      revoked.add(id);
    };
    const cliRevoke = async (id: string) => {
      await cliJson(['token', 'revoke', id]);
      live.delete(id);
      revoked.add(id);
    };
    const cliRole = async (next: string) => {
      expect(await cliJson(['user', 'update', 'member@acme.test', '--role', next])).toMatchObject({ role: next });
      role = next;
    };

    for (let i = 0; i < 30; i++) {
      // Each round's writes run at the same time, API and CLI side by side.
      const round: Promise<void>[] = [apiCreate(`api ${i}`)];
      if (i % 3 === 1) round.push(cliCreate(`cli ${i}`));
      if (i % 3 === 2 && revocable.length > 0) round.push(apiRevoke(revocable.shift()!));
      if (i % 4 === 3 && revocable.length > 0) round.push(cliRevoke(revocable.shift()!));
      if (i % 5 === 4) round.push(cliRole(roles[((i / 5) % 3) | 0]!));
      await Promise.all(round);
    }
    expect(revoked.size).toBeGreaterThanOrEqual(15);
    expect(created.size).toBeGreaterThanOrEqual(40);

    // Everything above was acknowledged. Now the server dies without a chance to clean up.
    expect(await stop(first, 'SIGKILL')).toBeNull();
    if (pglite) {
      // Its claim on the directory is still there, and blocks nobody.
      expect(readdirSync(path.join(external.env.DATA_DIR!, '.lock'))).toContainEqual(
        expect.stringMatching(new RegExp(`^${first.child.pid}\\.`)),
      );
      expect(readDataDirOwner(external.env.DATA_DIR!)).toBeUndefined();
    }

    const second = await spawnServer(external.env);
    spawned.push(second);
    try {
      const listed = expectData(
        await graphqlClient(second.url).execute(TOKEN_PAGE, { token: driver.token, variables: { first: 100 } }),
      ).apiTokens;
      const served = new Map(listed.edges.map((e) => [e.node.id, e.node.name]));
      expect(served).toEqual(live);
      expect(listed.totalCount).toBe(live.size);
      // The CLI sees the same, through the restarted server on PGlite.
      const cliListed = await cliJson(['token', 'list', '--email', 'admin@acme.test']);
      expect(new Map(cliListed.map((t: { id: string; name: string }) => [t.id, t.name]))).toEqual(live);
    } finally {
      expect(await stop(second)).toBe(0);
    }

    await external.withDb(async (db) => {
      const member = await db.prisma.user.findUniqueOrThrow({ where: { email: 'member@acme.test' } });
      expect(member.role).toBe(role);
      const admin = await db.prisma.user.findUniqueOrThrow({ where: { email: 'admin@acme.test' } });
      expect(await storedTokenCount(db.prisma, admin.id)).toBe(live.size);
      // Every acknowledged change has its audit row, and there is no other.
      const events = await db.prisma.auditEvent.findMany({
        where: { workspaceId: admin.workspaceId },
        select: { action: true, apiTokenId: true },
      });
      // Global IDs are base64 of "ApiToken:<uuid>".
      const globalId = (uuid: string) => Buffer.from(`ApiToken:${uuid}`).toString('base64');
      const ids = (action: string) =>
        new Set(events.filter((e) => e.action === action).map((e) => globalId(e.apiTokenId!)));
      expect(ids('API_TOKEN_CREATED')).toEqual(created);
      expect(ids('API_TOKEN_REVOKED')).toEqual(revoked);
    });
  });

  it('a busy port ends `serve` within 2 s, naming the port, with the database closed and its directory free', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      // LOG_LEVEL=debug for the moment the database is ready: the port is tried right after.
      const run = await runProgram(['serve'], { ...external.env, PORT: String(port), LOG_LEVEL: 'debug' });
      expect(run.code).toBe(1);
      expect(run.output).toContain(`error: Port ${port} on 127.0.0.1 is already in use`);
      const readyAt = /"time":(\d+),[^\n]*"msg":"migrations checked"/.exec(run.output);
      expect(readyAt, run.output).not.toBeNull();
      expect(run.exitedAt - Number(readyAt![1])).toBeLessThan(2_000);
      expect(run.output).not.toMatch(/server listening/);
    } finally {
      blocker.close();
    }
    if (pglite) expect(readDataDirOwner(external.env.DATA_DIR!)).toBeUndefined();
    // Nothing was left half-open: the database opens again in this process (taking the
    // directory's lock, as `serve` does) and answers.
    await external.withDb(async (db) => {
      expect(await db.sql.query('SELECT count(*)::int AS users FROM users')).toEqual([{ users: expect.any(Number) }]);
    });
  });
});
