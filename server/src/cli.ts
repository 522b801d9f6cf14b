#!/usr/bin/env node
// The one entry point for operators: serve, migrate, seed, and the workspace,
// user and token commands (how an operator gets the first token, since the
// API itself needs one). Every command has --help; data commands have --json.
import { Command, Option } from 'commander';
import { encodeGlobalID, decodeGlobalID } from '@pothos/plugin-relay';
import { Directory } from './admin/directory.js';
import { isLoopbackAddress } from './http/loopback.js';
import { seedDemo, DEMO_ADMIN_EMAIL } from './admin/seed.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import type { Database } from './db/database.js';
import { MigrationError } from './db/migrate.js';
import { ForbiddenError, ValidationError } from './errors.js';
import { AUTH_CHANNEL, createVerificationCache } from './auth/verification-cache.js';
import { createLogger } from './logger.js';
import { applyHeapGrowingPercent } from './heap-tuning.js';
import { openMigratedDatabase, startServer, tokenServiceFor } from './runtime.js';

const CLI_META = { ip: null, userAgent: 'api-tokens cli' };

interface JsonOption {
  json?: boolean;
}

function print(options: JsonOption, data: unknown, human: () => string): void {
  process.stdout.write(`${options.json ? JSON.stringify(data, null, 2) : human()}\n`);
}

/** Opens the migrated database, runs `fn`, and always closes it. */
async function withDatabase<T>(fn: (db: Database, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = await openMigratedDatabase(config, createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel));
  try {
    return await fn(db, config);
  } finally {
    await db.close();
  }
}

/**
 * Runs a write that changes what a token authenticates as, and returns only once
 * the database has announced it (the notification running servers drop their
 * cached verifications on; see auth/verification-cache.ts), so that when the
 * command exits no server still accepts what it revoked.
 */
async function announced<T>(db: Database, key: string, write: () => Promise<T>, changed: (result: T) => boolean): Promise<T> {
  const fence = createVerificationCache({ ttlMs: 1, maxEntries: 1 });
  const stop = await db.listen(AUTH_CHANNEL, { onNotify: (payload) => fence.notified(payload), onState: (on) => fence.setListening(on) });
  try {
    return await fence.fence(key, write, changed);
  } finally {
    await stop();
  }
}

function parseDate(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new ValidationError(`"${value}" is not a date (use ISO 8601).`, 'expiresAt');
  return date;
}

function tokenUuid(id: string): string {
  if (/^[0-9a-f-]{36}$/i.test(id)) return id;
  try {
    const decoded = decodeGlobalID(id);
    if (decoded.typename === 'ApiToken') return decoded.id;
  } catch {
    // fall through
  }
  throw new ValidationError(`"${id}" is not an API token id.`, 'id');
}

const program = new Command()
  .name('api-tokens')
  .description('GraphQL API for personal API tokens: server and operator commands.')
  .showHelpAfterError()
  .addHelpText(
    'after',
    '\nConfiguration comes from environment variables (PORT, HOST, DATABASE_URL, DATA_DIR, PUBLIC_URL, TOKEN_PREFIX, LOG_LEVEL, NODE_ENV, ...); see README.md.',
  );

program
  .command('serve')
  .description('Apply pending migrations and start the HTTP server (GraphQL on /graphql).')
  .option('--demo', 'seed the demo workspaces and users first (idempotent)')
  .option('--port <port>', 'override PORT')
  .action(async (options: { demo?: boolean; port?: string }) => {
    const config = loadConfig({ ...process.env, ...(options.port !== undefined && { PORT: options.port }) });
    const logger = createLogger(config.logLevel);
    applyHeapGrowingPercent(config.heapGrowingPercent);
    const server = await startServer({ config, logger, seed: options.demo ?? false });
    const lines = [`Token page:  ${config.publicUrl}/`, `GraphQL API: ${config.publicUrl}/graphql`];
    if (config.graphiql) lines.push(`GraphiQL:    ${config.publicUrl}/graphql (open in a browser)`);
    if (server.demoToken) {
      lines.push(`Demo token for ${DEMO_ADMIN_EMAIL} (this server's own: revoked when it stops, expires in 7 days;`);
      lines.push(
        isLoopbackAddress(config.host)
          ? `GraphiQL pre-fills it for this machine only, at http://localhost:${server.http.port}/graphql):`
          : `GraphiQL does not pre-fill it: HOST ${config.host} is not a loopback address):`,
      );
      lines.push(`  ${server.demoToken}`);
      lines.push(
        `Try: curl -s ${config.publicUrl}/graphql -H 'Authorization: Bearer ${server.demoToken}' -H 'Content-Type: application/json' -d '{"query":"{ viewer { email } }"}'`,
      );
    }
    process.stderr.write(`\n${lines.join('\n')}\n\n`);
    const shutdown = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      server.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  });

program
  .command('migrate')
  .description('Apply pending database migrations, then exit.')
  .option('--json', 'print machine-readable output')
  .action(async (options: JsonOption) => {
    const config = loadConfig();
    const logger = createLogger('warn');
    const { openDatabase } = await import('./db/database.js');
    const { migrate } = await import('./db/migrate.js');
    const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      const result = await migrate(db.sql);
      print(options, { database: db.description, ...result }, () =>
        result.applied.length
          ? `Applied ${result.applied.length} migration(s) to ${db.description}: ${result.applied.join(', ')}`
          : `${db.description} is up to date (${result.alreadyApplied.length} migration(s) applied).`,
      );
    } finally {
      await db.close();
      logger.flush();
    }
  });

program
  .command('seed')
  .description('Create the demo workspaces and users (idempotent) and print a new token for the demo admin.')
  .option('--json', 'print machine-readable output')
  .action((options: JsonOption) =>
    withDatabase(async (db, config) => {
      const seeded = await seedDemo(db.prisma);
      const admin = await new Directory(db.prisma).findUserByEmail(DEMO_ADMIN_EMAIL);
      const { apiToken, token } = await tokenServiceFor(config, db).create(
        { userId: admin.id, email: admin.email, role: admin.role, workspaceId: admin.workspaceId, auditLogsEnabled: admin.workspace.auditLogsEnabled },
        { name: `Seed token ${new Date().toISOString()}` },
        CLI_META,
      );
      print(options, { ...seeded, demoAdmin: { email: admin.email, token, apiTokenId: encodeGlobalID('ApiToken', apiToken.id) } }, () =>
        [
          ...seeded.workspaces.map((w) => `workspace  ${w.name}  plan=${w.plan}  auditLogs=${w.auditLogsEnabled}`),
          ...seeded.users.map((u) => `user       ${u.email}  role=${u.role}  (${u.workspace})`),
          '',
          `Token for ${admin.email} (shown once, store it now):`,
          `  ${token}`,
        ].join('\n'),
      );
    }),
  );

const workspace = program.command('workspace').description('Create and change workspaces.');
workspace
  .command('create')
  .description('Create a workspace.')
  .requiredOption('--name <name>', 'workspace name')
  .addOption(new Option('--plan <plan>', 'plan').choices(['FREE', 'TEAM', 'ENTERPRISE']).default('FREE'))
  .option('--audit-logs', 'enable the audit log')
  .option('--json', 'print machine-readable output')
  .action((options: { name: string; plan: string; auditLogs?: boolean } & JsonOption) =>
    withDatabase(async (db) => {
      const created = await new Directory(db.prisma).createWorkspace(options);
      print(options, created, () => `Created workspace ${created.name} (${created.id}) plan=${created.plan} auditLogs=${created.auditLogsEnabled}`);
    }),
  );
workspace
  .command('update')
  .description('Change a workspace (by id or exact name).')
  .argument('<workspace>', 'workspace id or name')
  .option('--name <name>', 'new name')
  .addOption(new Option('--plan <plan>', 'new plan').choices(['FREE', 'TEAM', 'ENTERPRISE']))
  .option('--audit-logs', 'enable the audit log')
  .option('--no-audit-logs', 'disable the audit log')
  .option('--json', 'print machine-readable output')
  .action((idOrName: string, options: { name?: string; plan?: string; auditLogs?: boolean } & JsonOption) =>
    withDatabase(async (db) => {
      const directory = new Directory(db.prisma);
      const before = await directory.findWorkspace(idOrName);
      const updated = await announced(
        db,
        `w:${before.id}`,
        () => directory.updateWorkspace(before.id, options),
        (after) => after.plan !== before.plan || after.auditLogsEnabled !== before.auditLogsEnabled || after.name !== before.name,
      );
      print(options, updated, () => `Updated workspace ${updated.name} (${updated.id}) plan=${updated.plan} auditLogs=${updated.auditLogsEnabled}`);
    }),
  );

const user = program.command('user').description('Create and change users.');
user
  .command('create')
  .description('Create a user in a workspace.')
  .requiredOption('--email <email>', 'email address (unique)')
  .requiredOption('--name <name>', 'display name')
  .requiredOption('--workspace <workspace>', 'workspace id or name')
  .addOption(new Option('--role <role>', 'role').choices(['ADMIN', 'MEMBER', 'WATCH_ONLY']).default('MEMBER'))
  .option('--json', 'print machine-readable output')
  .action((options: { email: string; name: string; workspace: string; role: string } & JsonOption) =>
    withDatabase(async (db) => {
      const created = await new Directory(db.prisma).createUser(options);
      print(options, created, () => `Created user ${created.email} (${created.id}) role=${created.role}`);
    }),
  );
user
  .command('update')
  .description("Change a user's role or name.")
  .argument('<email>', 'the user to change')
  .addOption(new Option('--role <role>', 'new role').choices(['ADMIN', 'MEMBER', 'WATCH_ONLY']))
  .option('--name <name>', 'new display name')
  .option('--json', 'print machine-readable output')
  .action((email: string, options: { role?: string; name?: string } & JsonOption) =>
    withDatabase(async (db) => {
      const directory = new Directory(db.prisma);
      const before = await directory.findUserByEmail(email);
      const updated = await announced(
        db,
        `u:${before.id}`,
        () => directory.updateUser(email, options),
        (after) => after.role !== before.role || after.name !== before.name,
      );
      print(options, updated, () => `Updated user ${updated.email} role=${updated.role}`);
    }),
  );

const token = program.command('token').description("Create, list and revoke a user's API tokens.");
token
  .command('create')
  .description('Create a token for a user and print it (shown once).')
  .requiredOption('--email <email>', 'owner of the token')
  .requiredOption('--name <name>', 'what the token is for')
  .option('--expires-at <date>', 'optional expiry (ISO 8601)')
  .option('--json', 'print machine-readable output')
  .action((options: { email: string; name: string; expiresAt?: string } & JsonOption) =>
    withDatabase(async (db, config) => {
      const owner = await new Directory(db.prisma).findUserByEmail(options.email);
      const { apiToken, token: value } = await tokenServiceFor(config, db).create(
        { userId: owner.id, email: owner.email, role: owner.role, workspaceId: owner.workspaceId, auditLogsEnabled: owner.workspace.auditLogsEnabled },
        { name: options.name, expiresAt: options.expiresAt ? parseDate(options.expiresAt) : null },
        CLI_META,
      );
      const id = encodeGlobalID('ApiToken', apiToken.id);
      print(options, { id, name: apiToken.name, token: value, createdAt: apiToken.createdAt, expiresAt: apiToken.expiresAt }, () =>
        [`Created "${apiToken.name}" (${id}). Shown once, store it now:`, `  ${value}`].join('\n'),
      );
    }),
  );
token
  .command('list')
  .description("List a user's tokens, newest first (never their values).")
  .requiredOption('--email <email>', 'owner of the tokens')
  .option('--json', 'print machine-readable output')
  .action((options: { email: string } & JsonOption) =>
    withDatabase(async (db) => {
      const owner = await new Directory(db.prisma).findUserByEmail(options.email);
      const rows = await db.prisma.apiToken.findMany({
        where: { ownerId: owner.id },
        orderBy: { id: 'desc' },
        select: { id: true, name: true, hint: true, createdAt: true, lastUsedAt: true, expiresAt: true },
      });
      const listed = rows.map((row) => ({ ...row, id: encodeGlobalID('ApiToken', row.id) }));
      print(options, listed, () =>
        listed.length === 0
          ? `${owner.email} has no API tokens.`
          : listed
              .map((t) => `${t.id}  ${t.hint}  ${JSON.stringify(t.name)}  created ${t.createdAt.toISOString()}  last used ${t.lastUsedAt?.toISOString() ?? 'never'}${t.expiresAt ? `  expires ${t.expiresAt.toISOString()}` : ''}`)
              .join('\n'),
      );
    }),
  );
token
  .command('revoke')
  .description('Revoke (delete) a token by id; the next request with it fails.')
  .argument('<id>', 'token id (global ID from `token list`, or the raw UUID)')
  .option('--json', 'print machine-readable output')
  .action((id: string, options: JsonOption) =>
    withDatabase(async (db, config) => {
      const uuid = tokenUuid(id);
      const found = await db.prisma.apiToken.findUnique({ where: { id: uuid }, include: { owner: { include: { workspace: true } } } });
      const actor = found && {
        userId: null,
        email: 'operator (cli)',
        workspaceId: found.owner.workspaceId,
        auditLogsEnabled: found.owner.workspace.auditLogsEnabled,
      };
      const revoked =
        actor &&
        (await announced(db, `u:${found.ownerId}`, () => tokenServiceFor(config, db).revoke(actor, uuid, null, CLI_META), (result) => result !== null));
      if (!revoked) throw new ValidationError(`No API token with id ${id}.`, 'id');
      print(options, { revokedApiTokenId: encodeGlobalID('ApiToken', revoked.id), name: revoked.name }, () => `Revoked "${revoked.name}".`);
    }),
  );

async function main(): Promise<void> {
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    const known = error instanceof ConfigError || error instanceof ValidationError || error instanceof ForbiddenError || error instanceof MigrationError;
    const message = error instanceof Error ? error.message : String(error);
    if (process.argv.includes('--json')) {
      process.stdout.write(`${JSON.stringify({ error: { type: error instanceof Error ? error.name : 'Error', message } })}\n`);
    } else {
      process.stderr.write(`error: ${message}\n`);
      if (!known && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    }
    process.exitCode = known ? 1 : 2;
  }
}

await main();
