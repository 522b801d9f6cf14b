// Remembers verified API tokens (by digest, never the token) so that a request
// with a known-good token skips the database lookup. Safe only because every change
// that could alter a token's answer is announced by a database trigger on the
// "api_token_auth" channel (migrations 20261128120000 and 20261201120000) and drops
// the entries it touches ('*', from a TRUNCATE, drops them all).
//
// Trust only what is being watched. The cache answers ("is active") only while the
// listener is proving that notifications reach it: it is listening, and a heartbeat
// it sent to itself came back less than `staleAfterMs` ago (notifications arrive in
// commit order, so that echo vouches for every change committed before it was
// sent). Otherwise every request does its lookup. Whenever trust is lost (listener
// down or stalled, heartbeat overdue, a fence not echoed) the cache is emptied, and
// it becomes active again only on a fresh heartbeat, empty, with in-flight lookups
// barred from filling it (their answers may predate changes nobody heard of).
//
// Revocation on the very next request, on any instance: the instance that revokes
// waits until its own listener has received the revocation's notification before
// answering (`fence`). PostgreSQL signals every listening session at the same
// commit, so by the time the caller can send its next request every instance's
// listener has been sent the notification. A fence that times out turns this
// instance's cache off until a heartbeat sent after it comes back. Only successful
// verifications are cached (an unknown or refused token is looked up every time),
// entries also expire after `ttlMs`, and a token's own expiry (for a secret a rotation
// replaced, the end of its overlap) is checked on every hit.
//
// A revocation drops only the revoked token, not its owner's others (issue 16: the
// caller revoking another of their tokens kept losing its own entry, a second lookup
// per create+revoke pair). The revoke statement (tokens/revoke-statement.ts) sends
// `r:<owner id>:<token id>` before the delete trigger's `u:<owner id>`; both belong to
// that one statement's transaction, and PostgreSQL delivers a transaction's
// notifications together, in the order sent, never interleaved with another
// transaction's. So a `u:` that comes right after its owner's `r:` is that
// statement's, and that statement changes nothing any other entry holds (no user or
// workspace column, no other token); every other `u:` still drops all of the owner's
// entries. A server without this code ignores `r:` and drops them all, as before.
import { performance } from 'node:perf_hooks';
import { REVOKED_ONLY_PREFIX } from '../tokens/revoke-statement.js';
import type { ApiTokenPrincipal } from './principal.js';

export const AUTH_CHANNEL = 'api_token_auth';

export interface CachedVerification {
  principal: ApiTokenPrincipal;
  /** When the credential stops working (the token's expiry, or a replaced secret's end of overlap): checked on every hit. */
  expiresAtMs: number | null;
  lastUsedAt: Date | null;
  /** The digest, when it is the secret a rotation replaced (its last use is recorded apart). */
  previousSecret: Uint8Array<ArrayBuffer> | null;
}

interface Entry extends CachedVerification {
  cachedAtMs: number;
}

export interface VerificationCache {
  /** A cached verification still within its TTL, or undefined. */
  get(digestKey: string, nowMs: number): CachedVerification | undefined;
  /** What `set` needs to prove the lookup it caches is not older than an invalidation. */
  generation(): number;
  set(digestKey: string, value: CachedVerification, lookupGeneration: number, nowMs: number): void;
  /** Drops the entries a payload names ('u:<user id>', 'w:<workspace id>', or '*': all). */
  invalidate(payload: string): void;
  /** Drops only the entries of one token of the owner `key` names ('u:<user id>'): it was deleted, nothing else changed. */
  invalidateToken(key: string, tokenId: string): void;
  /** A notification arrived: invalidate, and wake whoever `fence`s on it. */
  notified(payload: string): void;
  /** Called by the listener: the cache works only while listening. Empties it either way. */
  setListening(listening: boolean, reason?: string): void;
  /** Called by the listener: a heartbeat sent at `sentAtMs` (the `now` clock) came back. */
  heartbeat(sentAtMs: number): void;
  /**
   * Runs a write that changes authentication (e.g. a revocation) so that it is seen
   * everywhere before this returns: drops the local entries, then waits (at most
   * `echoTimeoutMs`) for the listener to receive the write's notification.
   * `onlyToken`: the write only deleted this token (a revocation), so only its entries go.
   */
  fence<T>(
    key: string,
    write: () => Promise<T>,
    changed: (result: T) => boolean,
    onlyToken?: (result: T) => string | undefined,
  ): Promise<T>;
  readonly size: number;
  /** The listener says it is listening (and, with heartbeats, has proven it once). */
  readonly listening: boolean;
  /** The cache answers now: listening, proven recently enough, and not suspected since. */
  readonly active: boolean;
}

export interface VerificationCacheOptions {
  ttlMs: number;
  maxEntries: number;
  echoTimeoutMs?: number;
  onEchoTimeout?: (key: string) => void;
  /**
   * With heartbeats: the cache answers only while the last heartbeat that came back
   * was sent at most this long ago. Without (undefined), listening is enough.
   */
  staleAfterMs?: number;
  /** The cache turned on or off, and why (for the log). */
  onActiveChange?: (active: boolean, reason: string) => void;
  /** Monotonic milliseconds, the heartbeat's clock (tests pass their own). */
  now?: () => number;
}

export function createVerificationCache(options: VerificationCacheOptions): VerificationCache {
  const enabled = options.ttlMs > 0 && options.maxEntries > 0;
  const entries = new Map<string, Entry>();
  // Secondary indexes: user id / workspace id → digest keys.
  const byOwner = new Map<string, Set<string>>();
  let listening = false;
  let active = false;
  // Sent-at of the newest heartbeat that came back, and when trust was last withdrawn.
  let provenAtMs = Number.NEGATIVE_INFINITY;
  let suspectSinceMs = Number.NEGATIVE_INFINITY;
  let generation = 0;
  const waiters = new Map<string, Set<() => void>>();
  // Set by an 'r:' notice: the next notification, if it is this owner's 'u:', only deleted this token.
  let revokedOnly: { key: string; tokenId: string } | undefined;
  const echoTimeoutMs = options.echoTimeoutMs ?? 2_000;
  const now = options.now ?? (() => performance.now());
  const staleAfterMs = options.staleAfterMs;

  const index = (key: string, digestKey: string) => {
    let set = byOwner.get(key);
    if (!set) {
      set = new Set();
      byOwner.set(key, set);
    }
    set.add(digestKey);
  };
  const unindex = (key: string, digestKey: string) => {
    const set = byOwner.get(key);
    if (!set) return;
    set.delete(digestKey);
    if (set.size === 0) byOwner.delete(key);
  };
  const remove = (digestKey: string) => {
    const entry = entries.get(digestKey);
    if (!entry) return;
    entries.delete(digestKey);
    unindex(`u:${entry.principal.userId}`, digestKey);
    unindex(`w:${entry.principal.workspaceId}`, digestKey);
  };
  const clear = () => {
    generation += 1;
    revokedOnly = undefined;
    entries.clear();
    byOwner.clear();
  };
  // Both directions empty the cache: going off drops what can no longer be trusted;
  // coming on bars lookups that started while off from filling it.
  const turn = (next: boolean, reason: string) => {
    clear();
    if (active === next) return;
    active = next;
    options.onActiveChange?.(next, reason);
  };
  const isActive = () => {
    if (active && staleAfterMs !== undefined && now() - provenAtMs > staleAfterMs) turn(false, 'heartbeat overdue');
    return active;
  };

  const cache: VerificationCache = {
    get(digestKey, nowMs) {
      if (!isActive()) return undefined;
      const entry = entries.get(digestKey);
      if (!entry) return undefined;
      if (nowMs - entry.cachedAtMs >= options.ttlMs) {
        remove(digestKey);
        return undefined;
      }
      return entry;
    },
    generation: () => generation,
    set(digestKey, value, lookupGeneration, nowMs) {
      // An invalidation arrived while this lookup was in flight: its answer may be stale.
      if (!enabled || !isActive() || lookupGeneration !== generation) return;
      remove(digestKey);
      if (entries.size >= options.maxEntries) {
        // Map iteration order is insertion order: drop the oldest entry.
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) remove(oldest);
      }
      entries.set(digestKey, { ...value, cachedAtMs: nowMs });
      index(`u:${value.principal.userId}`, digestKey);
      index(`w:${value.principal.workspaceId}`, digestKey);
    },
    invalidate(payload) {
      if (payload === '*') return clear();
      generation += 1;
      const digestKeys = byOwner.get(payload);
      if (digestKeys) for (const digestKey of [...digestKeys]) remove(digestKey);
    },
    invalidateToken(key, tokenId) {
      // Lookups in flight may predate the delete, whichever token they are for.
      generation += 1;
      const digestKeys = byOwner.get(key);
      if (!digestKeys) return;
      for (const digestKey of [...digestKeys])
        if (entries.get(digestKey)?.principal.tokenId === tokenId) remove(digestKey);
    },
    setListening(next, reason) {
      listening = enabled && next;
      provenAtMs = Number.NEGATIVE_INFINITY;
      // Without heartbeats, listening is all the proof there is.
      turn(listening && staleAfterMs === undefined, reason ?? (listening ? 'listening' : 'not listening'));
    },
    heartbeat(sentAtMs) {
      if (!listening) return;
      provenAtMs = Math.max(provenAtMs, sentAtMs);
      if (
        !active &&
        provenAtMs > suspectSinceMs &&
        (staleAfterMs === undefined || now() - provenAtMs <= staleAfterMs)
      ) {
        turn(true, 'heartbeat returned');
      }
    },
    notified(payload) {
      if (payload.startsWith(REVOKED_ONLY_PREFIX)) {
        // 'r:<owner id>:<token id>' (ids are UUIDs: no ':' inside).
        const [owner, tokenId] = payload.slice(REVOKED_ONLY_PREFIX.length).split(':');
        revokedOnly = owner && tokenId ? { key: `u:${owner}`, tokenId } : undefined;
        return;
      }
      const only = revokedOnly;
      revokedOnly = undefined;
      if (only && only.key === payload) cache.invalidateToken(payload, only.tokenId);
      else cache.invalidate(payload);
      const pending = waiters.get(payload);
      if (pending) {
        waiters.delete(payload);
        for (const wake of pending) wake();
      }
    },
    async fence(key, write, changed, onlyToken) {
      if (!listening) return write();
      let wake!: () => void;
      const echoed = new Promise<void>((resolve) => (wake = resolve));
      let pending = waiters.get(key);
      if (!pending) {
        pending = new Set();
        waiters.set(key, pending);
      }
      pending.add(wake);
      let timer: NodeJS.Timeout | undefined;
      try {
        const result = await write();
        if (!changed(result)) return result;
        const tokenId = onlyToken?.(result);
        if (tokenId === undefined) cache.invalidate(key);
        else cache.invalidateToken(key, tokenId);
        const timedOut = new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), echoTimeoutMs);
        });
        if (await Promise.race([echoed.then(() => false), timedOut])) {
          // The listener may have missed it: trust nothing until a later heartbeat returns.
          suspectSinceMs = now();
          turn(false, 'change not echoed');
          options.onEchoTimeout?.(key);
        }
        return result;
      } finally {
        clearTimeout(timer);
        waiters.get(key)?.delete(wake);
        if (waiters.get(key)?.size === 0) waiters.delete(key);
      }
    },
    get size() {
      return entries.size;
    },
    get listening() {
      return listening;
    },
    get active() {
      return isActive();
    },
  };
  return cache;
}
