// The embedded database's one-owner lock, with real processes: a live owner is
// refused to everyone else, a SIGKILLed owner blocks nobody (even once its PID is
// reused), and of several processes starting at the same moment exactly one wins.
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { serverDistIsCurrent } from '../bench/server-build.js';
import {
  acquireDataDirLock,
  DataDirLockedError,
  processStartKey,
  readDataDirOwner,
} from '../server/src/db/data-dir-lock.js';
import { openDatabase } from '../server/src/db/database.js';
import { pgliteTemplateDir } from './support/env.js';
import { spawnTs } from './support/process.js';

const CHILD = 'test/support/lock-child.js';
// The child takes server/dist's lock when it is current, as spawnServer runs the
// compiled server (a start through tsx costs ~0.4 s more CPU), else the source's through tsx.
const COMPILED = serverDistIsCurrent();
const LOCK_MODULE = pathToFileURL(
  path.resolve(COMPILED ? 'server/dist/db/data-dir-lock.js' : 'server/src/db/data-dir-lock.ts'),
).href;
/** A process that tries to take the lock on `args[0]` (the data directory), see lock-child.js. */
const spawnLockChild = (args: string[]) => spawnTs(CHILD, [LOCK_MODULE, ...args], { tsx: !COMPILED });
const dirs: string[] = [];
function freshDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'api-tokens-lock-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** How a claim names this machine (see data-dir-lock.ts). */
const hostKey = () => createHash('sha256').update(os.hostname()).digest('hex').slice(0, 12);

interface Outcome {
  pid: number;
  won: boolean;
  holder?: number;
  message?: string;
}

/** A child process that takes the lock and holds it; resolves once it has it. */
async function childOwner(dataDir: string) {
  const child = spawnLockChild([dataDir]);
  for (let i = 0; i < 200 && child.lines().length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(child.lines()).toEqual([{ pid: child.child.pid, won: true }]);
  return child;
}

describe('data directory lock', { timeout: 60_000 }, () => {
  it('refuses a second owner in the same process, naming the directory and PID, until released', async () => {
    const dir = freshDir();
    const lock = await acquireDataDirLock(dir, { kind: 'server', label: 'first' });
    const refused = await acquireDataDirLock(dir, { kind: 'server', label: 'second' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DataDirLockedError);
    expect((refused as Error).message).toContain(dir);
    expect((refused as Error).message).toContain(`PID ${process.pid} (first)`);
    expect(readDataDirOwner(dir)).toMatchObject({ pid: process.pid, kind: 'server', label: 'first' });
    lock.release();
    lock.release(); // idempotent
    expect(readDataDirOwner(dir)).toBeUndefined();
    const again = await acquireDataDirLock(dir, { kind: 'command', label: 'third' });
    again.release();
  });

  it('keeps the advertised channel private to the owner (0600 in a 0700 directory)', async () => {
    const dir = freshDir();
    const lock = await acquireDataDirLock(dir, { kind: 'server', label: 'server' });
    const withdraw = lock.advertise({ port: 1234, secret: 's3cret' });
    expect(readDataDirOwner(dir)?.channel).toEqual({ port: 1234, secret: 's3cret' });
    expect(statSync(path.join(dir, '.lock')).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(dir, '.lock', 'owner.json')).mode & 0o777).toBe(0o600);
    withdraw();
    expect(readDataDirOwner(dir)?.channel).toBeUndefined();
    lock.release();
  });

  it('of many simultaneous attempts in one process, exactly one wins', async () => {
    const dir = freshDir();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => acquireDataDirLock(dir, { kind: 'server', label: `attempt ${i}` })),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(DataDirLockedError);
    (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acquireDataDirLock>>>).value.release();
  });

  it('steps back while another claimant is between its claim and its look, and names it if it never finishes', async () => {
    const dir = freshDir();
    mkdirSync(path.join(dir, '.lock'), { recursive: true });
    // A live claimant (this very process) that has not become the owner (no owner.json names it).
    const contender = path.join(dir, '.lock', `${process.pid}.${processStartKey(process.pid)}.${hostKey()}.abcd`);
    writeFileSync(contender, '');
    setTimeout(() => rmSync(contender), 200);
    const started = Date.now();
    const lock = await acquireDataDirLock(dir, { kind: 'server', label: 'patient' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    lock.release();

    writeFileSync(contender, '');
    await expect(acquireDataDirLock(dir, { kind: 'server', label: 'patient' }, { contentionMs: 300 })).rejects.toThrow(
      `in use by PID ${process.pid}`,
    );
    // It withdrew its own claim: only the contender's is left.
    expect(readdirSync(path.join(dir, '.lock'))).toEqual([path.basename(contender)]);
  });

  it('a live owner in another process blocks; once it is SIGKILLed, its lock blocks nobody', async () => {
    const dir = freshDir();
    const owner = await childOwner(dir);
    const refused = await acquireDataDirLock(dir, { kind: 'server', label: 'me' }).catch((error: unknown) => error);
    expect((refused as Error).message).toContain(`PID ${owner.child.pid} (lock test child)`);
    owner.child.kill('SIGKILL');
    await owner.exited;
    // Its claim and owner.json are still on disk: the owner never got to clean up.
    expect(readdirSync(path.join(dir, '.lock')).length).toBeGreaterThanOrEqual(2);
    expect(readDataDirOwner(dir)).toBeUndefined();
    const lock = await acquireDataDirLock(dir, { kind: 'server', label: 'me' });
    expect(readDataDirOwner(dir)).toMatchObject({ pid: process.pid, label: 'me' });
    lock.release();
  });

  it('a dead owner whose PID now belongs to another process blocks nobody', async () => {
    const dir = freshDir();
    const host = hostKey();
    // PID 1 exists, but it did not start at this time: the claim is a dead owner's.
    const claim = `1.0123456789ab.${host}.00ff`;
    mkdirSync(path.join(dir, '.lock'), { recursive: true });
    writeFileSync(path.join(dir, '.lock', claim), '');
    writeFileSync(
      path.join(dir, '.lock', 'owner.json'),
      JSON.stringify({ claim, pid: 1, kind: 'server', label: 'long gone', hostname: os.hostname(), since: '' }),
    );
    expect(processStartKey(1)).not.toBe('0123456789ab');
    expect(readDataDirOwner(dir)).toBeUndefined();
    const lock = await acquireDataDirLock(dir, { kind: 'server', label: 'me' });
    expect(readdirSync(path.join(dir, '.lock'))).not.toContain(claim);
    lock.release();

    // The same claim with PID 1's real start time is a live owner.
    const live = `1.${processStartKey(1)}.${host}.00ff`;
    writeFileSync(path.join(dir, '.lock', live), '');
    writeFileSync(
      path.join(dir, '.lock', 'owner.json'),
      JSON.stringify({ claim: live, pid: 1, kind: 'server', label: 'init', hostname: os.hostname(), since: '' }),
    );
    await expect(acquireDataDirLock(dir, { kind: 'server', label: 'me' })).rejects.toThrow(/in use by PID 1\b/);
  });

  it("another host's claim (a container sharing the volume) blocks while its owner keeps touching it", async () => {
    const dir = freshDir();
    mkdirSync(path.join(dir, '.lock'), { recursive: true });
    const claim = `1.0123456789ab.${'f'.repeat(12)}.00ff`;
    writeFileSync(path.join(dir, '.lock', claim), '');
    writeFileSync(
      path.join(dir, '.lock', 'owner.json'),
      JSON.stringify({ claim, pid: 1, kind: 'server', label: 'api-tokens serve', hostname: 'elsewhere', since: '' }),
    );
    await expect(acquireDataDirLock(dir, { kind: 'server', label: 'me' })).rejects.toThrow(
      'in use by PID 1 (api-tokens serve on elsewhere)',
    );
    const longAgo = new Date(Date.now() - 31_000);
    utimesSync(path.join(dir, '.lock', claim), longAgo, longAgo);
    const lock = await acquireDataDirLock(dir, { kind: 'server', label: 'me' });
    lock.release();
  });

  it('of several processes starting at the same moment over a stale lock, exactly one wins', async () => {
    for (let round = 0; round < 2; round++) {
      const dir = freshDir();
      const stale = await childOwner(dir);
      stale.child.kill('SIGKILL');
      await stale.exited;
      const startAt = String(Date.now() + 1_500);
      // Winners hold on until every racer has had its try, however slowly it started.
      const racers = Array.from({ length: 4 }, () => spawnLockChild([dir, startAt]));
      for (let i = 0; i < 600 && racers.some((r) => r.lines().length === 0); i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      for (const racer of racers) racer.child.kill('SIGKILL');
      await Promise.all(racers.map((r) => r.exited));
      const outcomes = racers.flatMap((r) => r.lines() as Outcome[]);
      expect(outcomes).toHaveLength(4);
      const winners = outcomes.filter((o) => o.won);
      expect(winners, JSON.stringify(outcomes)).toHaveLength(1);
      for (const loser of outcomes.filter((o) => !o.won)) expect(loser.holder).toBe(winners[0]!.pid);
      // All of them are dead now: the directory is free again.
      expect(readDataDirOwner(dir)).toBeUndefined();
    }
  });

  it('openDatabase holds the lock for as long as a PGlite directory is open', async () => {
    const dir = freshDir();
    // The migrated template saves an initdb (global-setup.ts makes it on PostgreSQL runs too).
    if (existsSync(pgliteTemplateDir)) cpSync(pgliteTemplateDir, dir, { recursive: true });
    const db = await openDatabase({ dataDir: dir });
    try {
      await expect(openDatabase({ dataDir: dir })).rejects.toBeInstanceOf(DataDirLockedError);
      expect(readDataDirOwner(dir)?.pid).toBe(process.pid);
    } finally {
      await db.close();
    }
    expect(readDataDirOwner(dir)).toBeUndefined();
    const reopened = await openDatabase({ dataDir: dir });
    await reopened.close();
  });
});
