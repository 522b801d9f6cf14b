// The operator's data commands (migrate, seed, workspace/user/token ...), each
// written once. The CLI runs them in its own process when it may open the database
// itself, and otherwise asks the server that owns the embedded database to run them
// (admin/channel.ts): either way through the same services as the API (TokenService
// with its audit rows, the verification cache's fence), with the same JSON result.
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { AUTH_CHANNEL, createVerificationCache } from '../auth/verification-cache.js';
import type { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { ValidationError } from '../errors.js';
import { EVENT_TYPES } from '../events/types.js';
import { systemClock } from '../clock.js';
import { isUuid } from '../ids.js';
import type { Config } from '../config.js';
import { createInactivitySweep, type InactivitySweep } from '../tokens/inactivity-sweep.js';
import { createTokenPolicyService, type TokenPolicyService } from '../tokens/policy.js';
import { purgeRevokedTokens } from '../tokens/revoked-history.js';
import { API_TOKEN_SCOPES, isApiTokenScope, type ApiTokenScope } from '../tokens/scopes.js';
import { createTokenService, type Fence, type TokenService } from '../tokens/service.js';
import { createSecretStore } from '../webhooks/secrets.js';
import { WebhookService, type DeliveryRow, type EndpointRow } from '../webhooks/service.js';
import { Directory } from './directory.js';
import { DEMO_ADMIN_EMAIL, seedDemo } from './seed.js';

/** Audit rows of operator actions name the CLI as their client. */
const CLI_META = { ip: null, userAgent: 'api-tokens cli' };

export interface CommandServices {
  db: Pick<Database, 'prisma' | 'sql' | 'description'>;
  /** Built with the same fence as below (tokens/service.ts: createTokenService). */
  tokens: TokenService;
  tokenPolicy: TokenPolicyService;
  /** Webhook endpoints (the operator manages any workspace's). */
  webhooks: WebhookService;
  /** The inactivity sweep, for `sweep-inactive` (a server's own: runs queue behind its scheduled ones). */
  inactivitySweep: InactivitySweep;
  /** REVOKED_RETENTION_DAYS, for `purge-revoked`. */
  revokedRetentionDays: number;
  /**
   * Runs a write that changes what a credential authenticates as, returning once
   * every server has been told (the server's own cache fence, or a listener of the
   * CLI's own: see `listeningFence`).
   */
  fence: Fence;
}

type Args = Record<string, unknown>;

function text(args: Args, name: string): string {
  const value = args[name];
  if (typeof value !== 'string') throw new ValidationError(`${name} is required.`, name);
  return value;
}

function optionalText(args: Args, name: string): string | undefined {
  return args[name] === undefined ? undefined : text(args, name);
}

function optionalFlag(args: Args, name: string): boolean | undefined {
  const value = args[name];
  if (value !== undefined && typeof value !== 'boolean')
    throw new ValidationError(`${name} must be true or false.`, name);
  return value;
}

/** A day limit: a whole number, or "off"/"none" for no limit (null); absent: unchanged. The service checks the range. */
function optionalDays(args: Args, name: string): number | null | undefined {
  const value = args[name];
  if (value === undefined) return undefined;
  if (value === null || value === 'off' || value === 'none') return null;
  const days =
    typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (Number.isNaN(days))
    throw new ValidationError(`${name} must be a number of days, or "off" (got "${String(value)}").`, name);
  return days;
}

/** A switch given as on/off (or true/false); absent: unchanged. */
function optionalSwitch(args: Args, name: string): boolean | undefined {
  const value = args[name];
  if (value === undefined || typeof value === 'boolean') return value;
  if (value === 'on' || value === 'true') return true;
  if (value === 'off' || value === 'false') return false;
  throw new ValidationError(`${name} must be "on" or "off" (got "${String(value)}").`, name);
}

function parseDate(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new ValidationError(`"${value}" is not a date (use ISO 8601).`, 'expiresAt');
  return date;
}

function parseScopes(value: string): ApiTokenScope[] {
  const names = value
    .split(',')
    .map((name) => name.trim().toUpperCase())
    .filter((name) => name !== '');
  return names.map((name) => {
    if (!isApiTokenScope(name))
      throw new ValidationError(`Unknown scope "${name}" (${API_TOKEN_SCOPES.join(', ')}).`, 'scopes');
    return name;
  });
}

function tokenUuid(id: string): string {
  if (isUuid(id)) return id;
  try {
    const decoded = decodeGlobalID(id);
    if (decoded.typename === 'ApiToken') return decoded.id;
  } catch {
    // not a global ID either
  }
  throw new ValidationError(`"${id}" is not an API token id.`, 'id');
}

/** The operator acting on a workspace's webhooks, as the audit log names them. */
async function webhookOperator(db: CommandServices['db'], workspace: string) {
  const found = await new Directory(db.prisma).findWorkspace(workspace);
  return { userId: null, email: 'operator (cli)', workspaceId: found.id, auditLogsEnabled: found.auditLogsEnabled };
}

function endpointUuid(id: string): string {
  if (isUuid(id)) return id;
  try {
    const decoded = decodeGlobalID(id);
    if (decoded.typename === 'WebhookEndpoint' && isUuid(decoded.id)) return decoded.id;
  } catch {
    // not a global ID either
  }
  throw new ValidationError(`"${id}" is not a webhook endpoint id.`, 'id');
}

/** The events named on the command line: `api_token.created,api_token.revoked` (or `all`). */
function eventList(args: Args): string[] {
  const raw = text(args, 'events');
  return raw.trim() === 'all' ? [...EVENT_TYPES] : raw.split(',').map((event) => event.trim());
}

const endpointJson = (row: EndpointRow) => ({ ...row, id: encodeGlobalID('WebhookEndpoint', row.id) });
const deliveryJson = (row: DeliveryRow) => ({
  id: row.id.toString(),
  webhookId: `msg_${row.eventId}`,
  eventType: row.event.type,
  status: row.status,
  attempts: row.attempts,
  lastStatusCode: row.lastStatusCode,
  lastError: row.lastError,
  lastAttemptAt: row.lastAttemptAt,
  nextAttemptAt: row.status === 'PENDING' ? row.nextAttemptAt : null,
  deliveredAt: row.deliveredAt,
});

/** The endpoint (any workspace's: the operator's) and the operator acting on its workspace. */
async function operatorOn(args: Args, { db, webhooks }: CommandServices) {
  const id = endpointUuid(text(args, 'id'));
  const endpoint = await webhooks.findAny(id);
  if (!endpoint) throw new ValidationError(`No webhook endpoint with id ${text(args, 'id')}.`, 'id');
  return { id, actor: await webhookOperator(db, endpoint.workspaceId) };
}

const COMMANDS = {
  async migrate(_args: Args, { db }: CommandServices) {
    return { database: db.description, ...(await migrate(db.sql)) };
  },

  async seed(_args: Args, { db, tokens }: CommandServices) {
    const seeded = await seedDemo(db.prisma);
    const admin = await new Directory(db.prisma).findTokenOwner(DEMO_ADMIN_EMAIL);
    const { apiToken, token } = await tokens.create(
      admin,
      { name: `Seed token ${new Date().toISOString()}` },
      CLI_META,
    );
    return { ...seeded, demoAdmin: { email: admin.email, token, apiTokenId: encodeGlobalID('ApiToken', apiToken.id) } };
  },

  async 'workspace.create'(args: Args, { db }: CommandServices) {
    return new Directory(db.prisma).createWorkspace({
      name: text(args, 'name'),
      plan: optionalText(args, 'plan'),
      auditLogs: optionalFlag(args, 'auditLogs'),
    });
  },

  async 'workspace.update'(args: Args, { db, fence, tokenPolicy }: CommandServices) {
    const directory = new Directory(db.prisma);
    const before = await directory.findWorkspace(text(args, 'workspace'));
    const input = {
      name: optionalText(args, 'name'),
      plan: optionalText(args, 'plan'),
      auditLogs: optionalFlag(args, 'auditLogs'),
    };
    const tokensRevealable = optionalFlag(args, 'tokensRevealable');
    const updated = await fence(
      `w:${before.id}`,
      () => directory.updateWorkspace(before.id, input),
      (after) =>
        after.plan !== before.plan || after.auditLogsEnabled !== before.auditLogsEnabled || after.name !== before.name,
    );
    if (tokensRevealable === undefined) return updated;
    // After the other changes, so `--audit-logs --tokens-revealable` works in one go.
    const policy = await tokenPolicy.update(
      { userId: null, email: 'operator (cli)', workspaceId: before.id },
      { tokensRevealable },
      CLI_META,
    );
    return { ...updated, tokensRevealable: policy.tokensRevealable, destroyedValues: policy.destroyedValues };
  },

  async 'workspace.policy'(args: Args, { db, tokenPolicy }: CommandServices) {
    const workspace = await new Directory(db.prisma).findWorkspace(text(args, 'workspace'));
    const change = {
      maxLifetimeDays: optionalDays(args, 'maxLifetimeDays'),
      inactivityRevokeDays: optionalDays(args, 'inactivityRevokeDays'),
      tokensRevealable: optionalSwitch(args, 'tokensRevealable'),
    };
    const unchanged = Object.values(change).every((value) => value === undefined);
    // Through the same service as the API's updateWorkspaceTokenPolicy: same checks, same audit row.
    const policy = unchanged
      ? { ...(await tokenPolicy.read(workspace.id)), destroyedValues: 0 }
      : await tokenPolicy.update(
          { userId: null, email: 'operator (cli)', workspaceId: workspace.id },
          change,
          CLI_META,
        );
    return {
      id: workspace.id,
      name: workspace.name,
      maxLifetimeDays: policy.maxLifetimeDays,
      inactivityRevokeDays: policy.inactivityRevokeDays,
      tokensRevealable: policy.tokensRevealable,
      destroyedValues: policy.destroyedValues,
    };
  },

  async 'sweep-inactive'(_args: Args, { inactivitySweep }: CommandServices) {
    return inactivitySweep.run();
  },

  async 'purge-revoked'(_args: Args, { db, revokedRetentionDays }: CommandServices) {
    return {
      purged: await purgeRevokedTokens(db.sql, revokedRetentionDays, new Date()),
      retentionDays: revokedRetentionDays,
    };
  },

  async 'user.create'(args: Args, { db }: CommandServices) {
    return new Directory(db.prisma).createUser({
      email: text(args, 'email'),
      name: text(args, 'name'),
      workspace: text(args, 'workspace'),
      role: optionalText(args, 'role'),
    });
  },

  async 'user.update'(args: Args, { db, fence }: CommandServices) {
    const directory = new Directory(db.prisma);
    const email = text(args, 'email');
    const before = await directory.findUserByEmail(email);
    const input = { name: optionalText(args, 'name'), role: optionalText(args, 'role') };
    return fence(
      `u:${before.id}`,
      () => directory.updateUser(email, input),
      (after) => after.role !== before.role || after.name !== before.name,
    );
  },

  async 'token.create'(args: Args, { db, tokens }: CommandServices) {
    const owner = await new Directory(db.prisma).findTokenOwner(text(args, 'email'));
    const expiresAt = optionalText(args, 'expiresAt');
    const scopes = optionalText(args, 'scopes');
    const { apiToken, token } = await tokens.create(
      owner,
      {
        name: text(args, 'name'),
        expiresAt: expiresAt === undefined ? null : parseDate(expiresAt),
        scopes: scopes === undefined ? null : parseScopes(scopes),
      },
      CLI_META,
    );
    return {
      id: encodeGlobalID('ApiToken', apiToken.id),
      name: apiToken.name,
      token,
      createdAt: apiToken.createdAt,
      expiresAt: apiToken.expiresAt,
      scopes: apiToken.scopes,
    };
  },

  async 'token.rotate'(args: Args, { tokens }: CommandServices) {
    const id = text(args, 'id');
    const expiresAt = optionalText(args, 'expiresAt');
    const overlap = optionalText(args, 'overlapSeconds') ?? '0';
    if (!/^\d+$/.test(overlap))
      throw new ValidationError('--overlap-seconds must be a whole number.', 'overlapSeconds');
    // Through the service's fence, like a revoke: once this answers, every server knows the new state.
    const rotated = await tokens.rotateAsOperator(
      tokenUuid(id),
      { overlapSeconds: Number(overlap), expiresAt: expiresAt === undefined ? null : parseDate(expiresAt) },
      CLI_META,
    );
    if (!rotated) throw new ValidationError(`No API token with id ${id}.`, 'id');
    return {
      id: encodeGlobalID('ApiToken', rotated.apiToken.id),
      name: rotated.apiToken.name,
      token: rotated.token,
      previousSecretExpiresAt: rotated.previousSecretExpiresAt,
      expiresAt: rotated.apiToken.expiresAt,
    };
  },

  async 'token.rename'(args: Args, { tokens }: CommandServices) {
    const id = text(args, 'id');
    const renamed = await tokens.renameAsOperator(tokenUuid(id), text(args, 'name'), CLI_META);
    if (!renamed) throw new ValidationError(`No API token with id ${id}.`, 'id');
    return { id: encodeGlobalID('ApiToken', renamed.id), name: renamed.name };
  },

  async 'token.list'(args: Args, { db, tokens }: CommandServices) {
    const owner = await new Directory(db.prisma).findUserByEmail(text(args, 'email'));
    const rows = await tokens.list(owner.id);
    return rows.map(({ id, name, hint, createdAt, lastUsedAt, expiresAt, scopes }) => ({
      id: encodeGlobalID('ApiToken', id),
      name,
      hint,
      createdAt,
      lastUsedAt,
      expiresAt,
      scopes,
    }));
  },

  async 'token.revoke'(args: Args, { tokens }: CommandServices) {
    const id = text(args, 'id');
    // Through the service's fence: once this answers, no server accepts the token.
    const revoked = await tokens.revokeAsOperator(tokenUuid(id), CLI_META);
    if (!revoked) throw new ValidationError(`No API token with id ${id}.`, 'id');
    return { revokedApiTokenId: encodeGlobalID('ApiToken', revoked.id), name: revoked.name };
  },

  async 'webhook.create'(args: Args, services: CommandServices) {
    const actor = await webhookOperator(services.db, text(args, 'workspace'));
    const { endpoint, secret } = await services.webhooks.create(
      actor,
      { url: text(args, 'url'), events: eventList(args), description: optionalText(args, 'description') ?? null },
      CLI_META,
    );
    return { ...endpointJson(endpoint), secret };
  },

  async 'webhook.list'(args: Args, { db, webhooks }: CommandServices) {
    const actor = await webhookOperator(db, text(args, 'workspace'));
    return (await webhooks.list(actor.workspaceId)).map(endpointJson);
  },

  async 'webhook.update'(args: Args, services: CommandServices) {
    const { id, actor } = await operatorOn(args, services);
    const updated = await services.webhooks.update(
      actor,
      id,
      {
        url: optionalText(args, 'url'),
        events: args.events === undefined ? undefined : eventList(args),
        description: optionalText(args, 'description'),
        enabled: optionalFlag(args, 'enabled'),
      },
      CLI_META,
    );
    return endpointJson(updated);
  },

  async 'webhook.delete'(args: Args, services: CommandServices) {
    const { id, actor } = await operatorOn(args, services);
    return endpointJson(await services.webhooks.delete(actor, id, CLI_META));
  },

  async 'webhook.test'(args: Args, services: CommandServices) {
    const { id, actor } = await operatorOn(args, services);
    return deliveryJson(await services.webhooks.sendTest(actor, id));
  },

  async 'webhook.deliveries'(args: Args, services: CommandServices) {
    const { id, actor } = await operatorOn(args, services);
    return (await services.webhooks.deliveries(actor.workspaceId, id, 50)).map(deliveryJson);
  },

  'webhook.seal-secrets'(_args: Args, { webhooks }: CommandServices) {
    return webhooks.sealSecrets();
  },
} satisfies Record<string, (args: Args, services: CommandServices) => Promise<unknown>>;

export type CommandName = keyof typeof COMMANDS;
export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(COMMANDS, name);
}

/**
 * Runs one command and returns its result as plain JSON (dates as ISO strings),
 * exactly what the admin channel sends back, so output never depends on the path taken.
 */
export async function execute(command: string, args: Args, services: CommandServices): Promise<unknown> {
  if (!isCommandName(command)) throw new ValidationError(`Unknown command "${command}".`, 'command');
  const result = await COMMANDS[command](args, services);
  return JSON.parse(JSON.stringify(result)) as unknown;
}

/**
 * The fence for a process without a server of its own (the CLI on PostgreSQL):
 * listens for the change's own notification for the length of one write, so that
 * when the command returns every server listening has been told of it.
 */
export function listeningFence(db: Pick<Database, 'listen'>): Fence {
  return async (key, write, changed) => {
    const held = await holdListeningFence(db);
    try {
      return await held.fence(key, write, changed);
    } finally {
      await held.stop();
    }
  };
}

/** A listening fence kept open for many writes (one LISTEN connection for all of them), until `stop`. */
async function holdListeningFence(db: Pick<Database, 'listen'>): Promise<{ fence: Fence; stop: () => Promise<void> }> {
  const cache = createVerificationCache({ ttlMs: 1, maxEntries: 1 });
  const stop = await db.listen(AUTH_CHANNEL, {
    onNotify: (payload) => cache.notified(payload),
    onState: (on) => cache.setListening(on),
  });
  return { fence: (key, write, changed) => cache.fence(key, write, changed), stop };
}

/** The services of a process without a server of its own (the CLI): its own listening fence, one TokenService on it. */
export function localServices(
  config: Pick<Config, 'tokenPrefix' | 'tokenPepper' | 'tokenEncryptionKeys' | 'revokedRetentionDays' | 'webhooks'>,
  db: Database,
): CommandServices {
  const fence = listeningFence(db);
  return {
    db,
    fence,
    tokens: createTokenService(config, db, { fence }),
    tokenPolicy: createTokenPolicyService(config, db, { fence }),
    // One listener for the whole run, not one per revoked token (a LISTEN connection each).
    inactivitySweep: {
      run: async () => {
        const held = await holdListeningFence(db);
        try {
          return await createInactivitySweep({
            db,
            tokens: createTokenService(config, db, { fence: held.fence }),
          }).run();
        } finally {
          await held.stop();
        }
      },
      stop: async () => {},
    },
    webhooks: new WebhookService({
      db,
      clock: systemClock,
      allowPrivateTargets: config.webhooks.allowPrivateTargets,
      secrets: createSecretStore(config.webhooks.secretKeys),
    }),
    revokedRetentionDays: config.revokedRetentionDays,
  };
}
