// One owner per PGlite data directory. PGlite is PostgreSQL in single-user mode:
// two processes (or two instances in one process) on one directory each keep their
// own buffers and overwrite each other's files, losing acknowledged writes. So the
// process that opens a directory first takes this lock, like PostgreSQL's
// postmaster.pid, and every other opener is refused, naming the owner's PID.
//
// Node has no flock(), and a lone pid file cannot be taken over from a dead owner
// without a race (two starters both judge it stale, both unlink, both win). So the
// lock is "announce, then look", which needs only atomic file creation and a
// directory listing:
//   1. a claimant creates its own claim file `<dataDir>/.lock/<pid>.<start>.<host>.<nonce>`;
//   2. it lists the claims; if every other claim belongs to a dead process it owns
//      the directory, else it withdraws its claim (and, unless the other is an
//      established owner, retries after a random pause).
// Of two claimants each lists after creating its own claim, so at least one sees the
// other: two can never both own. A claim names its process by PID *and* that process's
// start time (and boot), so a crashed owner's claim is recognised as dead even once
// its PID has been reused, and anyone may delete a dead claim: it can never come back.
// A claim from another host (say a container that shares the volume) cannot be checked
// by PID, so the owner touches its claim every few seconds and such a claim counts as
// alive while it is fresh: a recreated container waits at most FOREIGN_STALE_MS.
//
// The owner also writes `owner.json` (mode 0600, in a 0700 directory): what it is and,
// once it serves, how to reach its admin channel (see admin/channel.ts).
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Who holds a directory: a server waits for nobody; a short CLI command is worth waiting for. */
export type OwnerKind = 'server' | 'command';

export interface AdminChannelAddress {
  /** Loopback port of the owner's admin channel. */
  port: number;
  /** Per-start secret the channel requires (this file is readable by its owner only). */
  secret: string;
}

export interface DataDirOwner {
  pid: number;
  kind: OwnerKind;
  /** What the owner is, for messages (e.g. "api-tokens serve"). */
  label: string;
  hostname: string;
  since: string;
  channel?: AdminChannelAddress;
}

export interface DataDirLock {
  readonly dataDir: string;
  /** Publishes this owner's admin channel to other processes; returns a function that withdraws it. */
  advertise(channel: AdminChannelAddress): () => void;
  /** Gives the directory up (idempotent). */
  release(): void;
}

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
  constructor(
    readonly dataDir: string,
    /** The live owner, or undefined when another claimant kept contending until the deadline. */
    readonly owner: DataDirOwner | undefined,
    readonly pid: number,
    /** What the reader should do about it. */
    hint?: string,
  ) {
    super(
      `DATA_DIR ${dataDir} is in use by PID ${pid}${owner ? ` (${owner.label}${owner.hostname !== os.hostname() ? ` on ${owner.hostname}` : ''})` : ''}: one process at a time owns an embedded database.${hint ? ` ${hint}` : ''}`,
    );
  }
}

const LOCK_DIR = '.lock';
const OWNER_FILE = 'owner.json';
/** How long two claimants may keep colliding before one gives up (collisions last milliseconds). */
const CONTENTION_DEADLINE_MS = 5_000;
/** The owner touches its claim this often; another host's claim untouched for FOREIGN_STALE_MS is dead. */
const HEARTBEAT_MS = 5_000;
const FOREIGN_STALE_MS = 30_000;

interface Claim {
  file: string;
  pid: number;
  start: string;
  host: string;
}

const hash = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 12);
const hostKey = hash(os.hostname());

let bootId: string | null | undefined;
function readBootId(): string | null {
  if (bootId === undefined) {
    try {
      bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      bootId = null;
    }
  }
  return bootId;
}

/**
 * A value that identifies one run of process `pid` (so a reused PID differs), or
 * null when no such process exists. Linux: the start time in /proc (clock ticks
 * since boot) with the boot id; elsewhere: `ps`'s start time.
 */
export function processStartKey(pid: number): string | null {
  const boot = readBootId();
  if (boot !== null) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      return null;
    }
    // Fields after the command name, which may itself hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Field 3 is the state (a zombie has exited); field 22 the start time.
    if (fields[0] === 'Z' || fields[0] === 'X') return null;
    return hash(`${boot}:${fields[19]}`);
  }
  try {
    const started = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return started ? hash(started) : null;
  } catch {
    return null;
  }
}

/** Where a process's start time cannot be read, its claim can only be judged by its PID. */
const UNKNOWN_START = 'unknown';
const selfStart = processStartKey(process.pid) ?? UNKNOWN_START;

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseClaim(file: string): Claim | null {
  const match = /^(\d+)\.([0-9a-z]+)\.([0-9a-f]+)\.([0-9a-f]+)$/.exec(file);
  return match ? { file, pid: Number(match[1]), start: match[2]!, host: match[3]! } : null;
}

/** A claim whose process is gone (or, from another host, whose owner has stopped touching it). */
function isDead(claim: Claim, lockDir: string): boolean {
  if (claim.host !== hostKey) {
    try {
      return Date.now() - statSync(path.join(lockDir, claim.file)).mtimeMs > FOREIGN_STALE_MS;
    } catch {
      return true;
    }
  }
  if (claim.pid === process.pid) return claim.start !== selfStart;
  if (claim.start === UNKNOWN_START) return !processExists(claim.pid);
  return processStartKey(claim.pid) !== claim.start;
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Writes a whole file readable by its owner only, replacing any other atomically. */
function writePrivateFile(file: string, content: string): void {
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
}

/** owner.json: the owner as others see it, plus the name of its claim. */
type OwnerRecord = DataDirOwner & { claim: string };

function readOwnerRecord(lockDir: string): OwnerRecord | null {
  try {
    return JSON.parse(readFileSync(path.join(lockDir, OWNER_FILE), 'utf8')) as OwnerRecord;
  } catch {
    return null;
  }
}

function publicOwner({ claim: _claim, ...owner }: OwnerRecord): DataDirOwner {
  return owner;
}

/** Live claims other than `mine`, deleting the dead ones on the way. */
function otherLiveClaims(lockDir: string, mine: string | undefined): Claim[] {
  const live: Claim[] = [];
  for (const file of readdirSync(lockDir)) {
    if (file === mine) continue;
    const claim = parseClaim(file);
    if (!claim) continue;
    if (isDead(claim, lockDir)) unlinkQuietly(path.join(lockDir, file));
    else live.push(claim);
  }
  return live;
}

/** The established live owner of `dataDir`, if there is one (its admin channel, when it serves). */
export function readDataDirOwner(dataDir: string): DataDirOwner | undefined {
  const lockDir = path.join(dataDir, LOCK_DIR);
  const record = readOwnerRecord(lockDir);
  if (!record) return undefined;
  const claim = parseClaim(record.claim);
  if (!claim || isDead(claim, lockDir)) return undefined;
  try {
    readFileSync(path.join(lockDir, record.claim));
  } catch {
    return undefined; // its claim is gone: it has released the directory
  }
  return publicOwner(record);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Takes `dataDir` for this process, or throws DataDirLockedError naming the live
 * owner. Two callers racing for a free directory: exactly one gets it.
 */
export async function acquireDataDirLock(
  dataDir: string,
  holder: { kind: OwnerKind; label: string },
  options: { contentionMs?: number } = {},
): Promise<DataDirLock> {
  const lockDir = path.join(dataDir, LOCK_DIR);
  mkdirSync(lockDir, { recursive: true, mode: 0o700 });
  const claimName = `${process.pid}.${selfStart}.${hostKey}.${randomBytes(8).toString('hex')}`;
  const claimFile = path.join(lockDir, claimName);
  const deadline = Date.now() + (options.contentionMs ?? CONTENTION_DEADLINE_MS);
  for (;;) {
    closeSync(openSync(claimFile, 'wx', 0o600));
    const others = otherLiveClaims(lockDir, claimName);
    if (others.length === 0) break;
    unlinkQuietly(claimFile);
    // An established owner (owner.json names a live claim) will not go away: refuse at once.
    const record = readOwnerRecord(lockDir);
    const owner = record && others.some((claim) => claim.file === record.claim) ? publicOwner(record) : undefined;
    if (owner || Date.now() > deadline) throw new DataDirLockedError(dataDir, owner, (owner ?? others[0]!).pid);
    // Another claimant is between its claim and its look: step back for a random moment.
    await sleep(5 + Math.random() * 45);
  }

  // Ours. A directory made by someone else's looser umask must not expose the channel's secret.
  chmodSync(lockDir, 0o700);
  const base = {
    claim: claimName,
    pid: process.pid,
    kind: holder.kind,
    label: holder.label,
    hostname: os.hostname(),
    since: new Date().toISOString(),
  };
  const ownerFile = path.join(lockDir, OWNER_FILE);
  writePrivateFile(ownerFile, JSON.stringify(base));
  let released = false;
  let advertised: AdminChannelAddress | undefined;
  const heartbeat = setInterval(() => {
    try {
      const now = new Date();
      utimesSync(claimFile, now, now);
    } catch {
      // Nothing to do: the next beat tries again.
    }
  }, HEARTBEAT_MS).unref();
  return {
    dataDir,
    advertise(channel) {
      if (released) throw new Error('the data directory lock was released');
      advertised = channel;
      writePrivateFile(ownerFile, JSON.stringify({ ...base, channel }));
      return () => {
        if (released || advertised !== channel) return;
        advertised = undefined;
        writePrivateFile(ownerFile, JSON.stringify(base));
      };
    },
    release() {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      // owner.json first: a reader that finds our record with its claim still there trusts it.
      if (readOwnerRecord(lockDir)?.claim === claimName) unlinkQuietly(ownerFile);
      unlinkQuietly(claimFile);
    },
  };
}
