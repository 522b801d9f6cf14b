// Memory per entry of the verified-token cache, for sizing AUTH_CACHE_MAX_ENTRIES
// (README, configuration). The real authenticator fills the real cache: each lookup
// answers with a row as node-postgres builds one (every string and date new, as
// they arrive off the wire), the way W8's 10,000 tokens of 1,000 users fill it.
// Heap used after a full collection, before and after; no database, no server.
//
//   cd bench && node --expose-gc --import tsx cache-memory.ts [--entries 10000] [--users 1000]
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createTokenAuthenticator } from '../server/src/auth/authenticate.js';
import { createVerificationCache } from '../server/src/auth/verification-cache.js';
import { createDigester } from '../server/src/tokens/digest.js';

const { values } = parseArgs({ options: { entries: { type: 'string' }, users: { type: 'string' } } });
const ENTRIES = Number(values.entries ?? 10_000);
const USERS = Number(values.users ?? 1_000);
const collect = (globalThis as { gc?: () => void }).gc;
if (!collect) throw new Error('run with node --expose-gc');

/** A copy that shares nothing with its source, as a string decoded from a socket's buffer. */
const wire = (value: string) => Buffer.from(value).toString('utf8');
const users = Array.from({ length: USERS }, (_, i) => ({ id: randomUUID(), email: `user${i}@bench.test` }));
const workspaceId = randomUUID();
const created = new Date().toISOString();
let next = 0;

const cache = createVerificationCache({ ttlMs: 3_600_000, maxEntries: ENTRIES });
cache.setListening(true);
// One row per lookup: the token's own, with its owner's user and workspace columns.
const lookup = async () => {
  const user = users[next++ % USERS]!;
  return [
    {
      matched: wire('current'),
      token_id: wire(randomUUID()),
      expires_at: null,
      last_used_at: null,
      scopes: [wire('TOKENS_READ'), wire('TOKENS_WRITE'), wire('AUDIT_READ')],
      previous_until: null,
      revoked_at: null,
      canary: false,
      user_id: wire(user.id),
      email: wire(user.email),
      role: wire('MEMBER'),
      workspace_id: wire(workspaceId),
      plan: wire('ENTERPRISE'),
      audit_logs_enabled: true,
      max_lifetime_days: null,
      inactivity_revoke_days: null,
      user_name: wire(`Bench user ${user.email}`),
      user_created_at: new Date(created),
      workspace_name: wire('Bench'),
      tokens_revealable: false,
      workspace_created_at: new Date(created),
    },
  ];
};
const authenticate = createTokenAuthenticator({
  sql: { query: lookup as never },
  digest: createDigester(),
  clock: () => new Date(),
  cache,
  revokedRetentionDays: 90,
});

collect();
collect();
const before = process.memoryUsage().heapUsed;
for (let i = 0; i < ENTRIES; i++) {
  const result = await authenticate(`pat_${randomBytes(24).toString('base64url')}`);
  if (!('principal' in result)) throw new Error(`lookup ${i} was refused: ${JSON.stringify(result)}`);
}
collect();
collect();
const bytes = process.memoryUsage().heapUsed - before;
if (cache.size !== ENTRIES) throw new Error(`the cache holds ${cache.size} entries, not ${ENTRIES}`);
console.log(
  `${cache.size} cached verifications of ${USERS} users: ${(bytes / 1048576).toFixed(1)} MB of heap, ${Math.round(bytes / cache.size)} bytes per entry`,
);
